#!/usr/bin/env bash
# A self-signed certificate for the flag server's HTTP/2 listeners (browsers only speak
# HTTP/2 over TLS). Valid for localhost, *.localhost and 127.0.0.1.
# Usage: scripts/make_tls_cert.sh [OUT_DIR]   (default build/tls/) -> OUT_DIR/cert.pem, key.pem
# Idempotent: an existing pair that is still valid for a day is kept.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-build/tls}
cert=$OUT/cert.pem
key=$OUT/key.pem
if [ -s "$cert" ] && [ -s "$key" ] && openssl x509 -in "$cert" -noout -checkend 86400 >/dev/null 2>&1; then
  exit 0
fi
command -v openssl >/dev/null || { echo "make_tls_cert.sh: openssl not found (scripts/setup.sh installs it)" >&2; exit 1; }
mkdir -p "$OUT"
# Write to temporaries and rename, so a concurrent reader never sees half a pair.
tmp=$(mktemp -d "$OUT/.tmp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 825 \
  -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,DNS:*.localhost,IP:127.0.0.1,IP:::1" \
  -addext "basicConstraints=critical,CA:FALSE" \
  -addext "keyUsage=critical,digitalSignature" \
  -addext "extendedKeyUsage=serverAuth" \
  -keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null
chmod 600 "$tmp/key.pem"
mv -f "$tmp/key.pem" "$key"
mv -f "$tmp/cert.pem" "$cert"
echo "make_tls_cert.sh: wrote $cert and $key" >&2
