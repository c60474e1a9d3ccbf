#!/usr/bin/env bash
# Unpacks the book's own data set (../shared/reference/flags.zip) into the build
# tree, for tests that check the server serves it byte for byte.
#
# usage: scripts/unpack_reference_flags.sh [OUT]   (default build/data/reference; flags land in OUT/flags)
# Exit 0: unpacked (or already there). Exit 3: the reference zip is not on this machine.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:-$ROOT/build/data/reference}
ZIP=${COFLAGS_REFERENCE_ZIP:-$ROOT/../shared/reference/flags.zip}

if [ ! -f "$ZIP" ]; then
  echo "[reference] $ZIP not found: the book's reference data set is not available here" >&2
  exit 3
fi
STAMP=$OUT/.unpacked
if [ -f "$STAMP" ] && [ "$STAMP" -nt "$ZIP" ]; then
  exit 0
fi
mkdir -p "$(dirname "$OUT")"
WORK=$(mktemp -d "$(dirname "$OUT")/.reference.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
if command -v unzip >/dev/null; then
  unzip -q "$ZIP" -d "$WORK"
else
  python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$ZIP" "$WORK"
fi
[ -d "$WORK/flags" ] || { echo "[reference] $ZIP has no flags/ folder" >&2; exit 1; }
REF_CODES=$(dirname "$ZIP")/country_codes.txt
[ -f "$REF_CODES" ] && cp "$REF_CODES" "$WORK/flags/country_codes.txt"
touch "$WORK/.unpacked"
rm -rf "$OUT"
# -T: if a concurrent run got there first, keep its result instead of nesting ours inside it.
if ! mv -T "$WORK" "$OUT" 2>/dev/null; then
  echo "[reference] $OUT was just built by another run; keeping that one" >&2
  exit 0
fi
chmod 755 "$OUT"
trap - EXIT
