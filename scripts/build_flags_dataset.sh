#!/usr/bin/env bash
# Builds the flag data set in the book's layout from the npm package
# svg-country-flags (public-domain renders):
#   OUT/<cc>/<cc>.gif         400 px wide GIF, like the book's (about 10 KB each)
#   OUT/<cc>/metadata.json    {"tld_cc": ".br", "iso_cc": "BR", "country": "Brazil"}
#   OUT/country_codes.txt     sorted upper-case codes, 25 per line, like the book's
# gec_cc is left out: the package does not know the CIA's codes.
#
# usage: scripts/build_flags_dataset.sh [OUT]    (default build/data/flags)
# Quick when OUT is already built from the same inputs (stamp file); parallel (xargs -P2).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:-$ROOT/build/data/flags}
PKG=$ROOT/node_modules/svg-country-flags
WIDTH=400
JOBS=${COFLAGS_JOBS:-2}
log() { printf '[flags] %s\n' "$*" >&2; }

[ -f "$PKG/countries.json" ] || { log "missing $PKG (run scripts/setup.sh or npm ci)"; exit 1; }
command -v convert >/dev/null || { log "missing ImageMagick 'convert' (apt-get install imagemagick)"; exit 1; }

# The stamp names everything the output depends on: this script, the package version, the size.
stamp_value=$( { cat "$0"; cat "$PKG/package.json"; echo "$WIDTH"; } | sha256sum | cut -d' ' -f1)
STAMP=$OUT/.coflags-dataset
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$stamp_value" ]; then
  exit 0
fi
if [ -e "$OUT" ] && [ ! -f "$STAMP" ] && [ -n "$(ls -A "$OUT" 2>/dev/null)" ]; then
  log "$OUT exists and was not made by this script; not touching it"
  exit 1
fi

OUT_PARENT=$(dirname "$OUT")
mkdir -p "$OUT_PARENT"
WORK=$(mktemp -d "$OUT_PARENT/.flags-build.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# Codes and metadata: two-letter ISO 3166-1 codes with a 1000 px render.
# Skipped: sub-national flags (GB-ENG...), and EU / XK / AN, which are not ISO countries today.
node - "$PKG" "$WORK" <<'JS'
const fs = require('fs');
const path = require('path');
const [pkg, work] = process.argv.slice(2);
const names = JSON.parse(fs.readFileSync(path.join(pkg, 'countries.json'), 'utf8'));
const skip = new Set(['EU', 'XK', 'AN']);
const tld = { GB: '.uk' };  // the only ISO code whose ccTLD differs
// Python's json.dumps style, as in the book's files: ", " / ": " and \u escapes.
const str = (s) => JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
const codes = Object.keys(names)
  .filter((cc) => /^[A-Z]{2}$/.test(cc) && !skip.has(cc))
  .filter((cc) => fs.existsSync(path.join(pkg, 'png1000px', cc.toLowerCase() + '.png')))
  .sort();
for (const cc of codes) {
  const lc = cc.toLowerCase();
  fs.mkdirSync(path.join(work, lc));
  const meta = `{"tld_cc": ${str(tld[cc] ?? '.' + lc)}, "iso_cc": ${str(cc)}, "country": ${str(names[cc])}}`;
  fs.writeFileSync(path.join(work, lc, 'metadata.json'), meta);
}
let lines = [];
for (let i = 0; i < codes.length; i += 25) lines.push(codes.slice(i, i + 25).join(' '));
fs.writeFileSync(path.join(work, 'country_codes.txt'), lines.join('\n') + '\n');
JS

log "converting $(ls -d "$WORK"/*/ | wc -l) flags to GIF with ImageMagick ($JOBS jobs)"
# +profile: no colour-profile chunks; the book's GIFs are plain 256-colour images.
ls "$WORK" | grep -E '^[a-z]{2}$' |
  xargs -P "$JOBS" -I{} convert "$PKG/png1000px/{}.png" -resize "${WIDTH}x" +profile '*' "$WORK/{}/{}.gif"

echo "$stamp_value" > "$WORK/.coflags-dataset"
rm -rf "$OUT"
# -T: if a concurrent run got there first, keep its result instead of nesting ours inside it.
if ! mv -T "$WORK" "$OUT" 2>/dev/null; then
  echo "[flags] $OUT was just built by another run; keeping that one" >&2
  exit 0
fi
chmod 755 "$OUT"
trap - EXIT
log "built $OUT ($(wc -w < "$OUT/country_codes.txt") countries)"
