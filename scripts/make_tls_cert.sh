#!/usr/bin/env bash
# A local certificate authority and the certificates it signs for the flag server's HTTP/2
# listeners (browsers only speak HTTP/2 over TLS): cert.pem for localhost, 127.0.0.1 and ::1,
# and names/sN.localhost.pem for each shard origin s0..s41.localhost alone (the server's
# --tls-cert-dir), so that no certificate covers two origins a browser could pool onto one
# connection. All share one key. A browser that trusts the CA
# (docs/APP.md: `CAROOT=build/tls mkcert -install`, or certutil into a profile) gets HTTP/2;
# one that does not gets HTTP/1.1, sharded (the page checks before it plans a run).
# Usage: scripts/make_tls_cert.sh [OUT_DIR]   (default build/tls/)
#   -> OUT_DIR/rootCA.pem, rootCA-key.pem (mkcert's CAROOT names), cert.pem, key.pem, names/
# Idempotent: a pair that the CA there signed and that is still valid for a day is kept.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-build/tls}
ca=$OUT/rootCA.pem
ca_key=$OUT/rootCA-key.pem
cert=$OUT/cert.pem
key=$OUT/key.pem
shards=41
last_name=$OUT/names/s$shards.localhost.pem
if [ -s "$cert" ] && [ -s "$key" ] && [ -s "$ca" ] && [ -s "$last_name" ] &&
  openssl x509 -in "$cert" -noout -checkend 86400 >/dev/null 2>&1 &&
  openssl verify -CAfile "$ca" "$cert" "$last_name" >/dev/null 2>&1; then
  exit 0
fi
command -v openssl >/dev/null || { echo "make_tls_cert.sh: openssl not found (scripts/setup.sh installs it)" >&2; exit 1; }
mkdir -p "$OUT"
# Write to temporaries and rename, so a concurrent reader never sees half a set.
tmp=$(mktemp -d "$OUT/.tmp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
if [ -s "$ca" ] && [ -s "$ca_key" ] && openssl x509 -in "$ca" -noout -checkend 86400 >/dev/null 2>&1; then
  cp "$ca" "$ca_key" "$tmp/"  # keep a CA the user may already trust
else
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 825 \
    -subj "/O=coflags local development CA/CN=coflags local CA $(hostname) $(date +%s)" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$tmp/rootCA-key.pem" -out "$tmp/rootCA.pem" 2>/dev/null
fi
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=localhost" \
  -keyout "$tmp/key.pem" -out "$tmp/req.pem" 2>/dev/null
sign() {  # OUT_FILE SANS: a leaf for the names, then the CA. A client given the file as its
  # CA file (NODE_EXTRA_CA_CERTS, tests) finds the CA in it; the server sends both.
  cat >"$tmp/ext.cnf" <<EXT
subjectAltName=$2
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
EXT
  openssl x509 -req -in "$tmp/req.pem" -CA "$tmp/rootCA.pem" -CAkey "$tmp/rootCA-key.pem" -CAcreateserial \
    -days 825 -extfile "$tmp/ext.cnf" -out "$1" 2>/dev/null
  cat "$tmp/rootCA.pem" >>"$1"
}
sign "$tmp/cert.pem" "DNS:localhost,IP:127.0.0.1,IP:::1"
mkdir -p "$tmp/names"
for i in $(seq 0 $shards); do sign "$tmp/names/s$i.localhost.pem" "DNS:s$i.localhost"; done
chmod 600 "$tmp/key.pem" "$tmp/rootCA-key.pem"
mv -f "$tmp/rootCA-key.pem" "$ca_key"
mv -f "$tmp/rootCA.pem" "$ca"
mv -f "$tmp/key.pem" "$key"
rm -rf "$OUT/names"
mv -f "$tmp/names" "$OUT/names"
mv -f "$tmp/cert.pem" "$cert"
echo "make_tls_cert.sh: wrote $cert, $OUT/names/ and $key, signed by the local CA $ca" >&2
