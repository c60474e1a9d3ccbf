#!/usr/bin/env bash
# Concurrency benchmark suite (issue 6): builds if needed, starts the flag
# server on free ports, runs bench/concurrency/suite.mjs, stops the server.
# Prints figures, never pass/fail. See bench/concurrency/README.md.
#   bench/concurrency/run.sh [--runs 3] [--workloads W1,W2,W4,W7] [--targets app,js,cli] [--no-build] ...
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
cd "$ROOT"

BUILD=1
DELAY=1.0
DATASET=reference
APP_WEB=build/wasm/web
for a in "$@"; do
  case "$a" in
    --no-build) BUILD=0 ;;
    -h|--help) exec node "$HERE/suite.mjs" --help ;;
  esac
done
# --delay, --dataset and --app-web configure the server: read here (the suite gets --delay too).
# --app-web DIR serves another build of the page (e.g. a copy of main's build/wasm/web, to
# interleave before/after runs against the same server setup).
prev=
SUITE_ARGS=()
for a in "$@"; do
  if [ "$prev" = --dataset ]; then DATASET=$a
  elif [ "$prev" = --app-web ]; then APP_WEB=$a
  elif [ "$a" != --dataset ] && [ "$a" != --app-web ]; then SUITE_ARGS+=("$a"); fi
  [ "$prev" = --delay ] && DELAY=$a
  prev=$a
done

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf 'bench/concurrency: %s\n' "$*" >&2; exit 1; }

if [ "$BUILD" = 1 ]; then
  log "building (quietly; log in build/artifacts/concurrency-build.log)"
  mkdir -p build/artifacts
  BUILD_LOG=build/artifacts/concurrency-build.log
  (
    export NODE_PATH=/usr/share/nodejs EMSDK_PYTHON=/usr/bin/python3
    ./scripts/setup.sh
    cmake --preset native && cmake --build --preset native -j2 --target coflags-server
    cmake --preset wasm && cmake --build --preset wasm -j2 --target coflags-app coflags
    scripts/build_flags_dataset.sh
  ) >"$BUILD_LOG" 2>&1 || { tail -n 30 "$BUILD_LOG" >&2; die "build failed (full log: $BUILD_LOG)"; }
fi

# The issue's figures and targets are for the book's data set (194 flags);
# --dataset bundled serves the one scripts/build_flags_dataset.sh makes.
case "$DATASET" in
  reference)
    if scripts/unpack_reference_flags.sh build/data/reference >/dev/null; then
      FLAGS=build/data/reference/flags
    else
      log "the book's data set is not on this machine: using the bundled one"
      FLAGS=build/data/flags
    fi ;;
  bundled) FLAGS=build/data/flags ;;
  *) die "--dataset must be reference or bundled" ;;
esac

SERVER=build/native/src/server/coflags-server
[ -x "$SERVER" ] || die "no $SERVER: cmake --preset native && cmake --build --preset native --target coflags-server"
[ -f "$FLAGS/country_codes.txt" ] || die "no data set in $FLAGS: scripts/build_flags_dataset.sh"
[ -f "$APP_WEB/coflags.wasm" ] || die "app not built in $APP_WEB: cmake --build --preset wasm --target coflags-app"
[ -f build/wasm/src/cli/coflags.js ] || die "CLI not built: cmake --build --preset wasm --target coflags"
[ -x /usr/bin/chromium ] || die "no /usr/bin/chromium: scripts/setup.sh installs it"
[ -f node_modules/playwright-core/index.mjs ] || die "no node_modules/playwright-core: npm ci"

TMP=$(mktemp -d /tmp/coflags-concurrency-XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start_server NAME WEB_DIR [SERVER OPTIONS...]: starts a server, waits for READY,
# sets URL_<NAME>_<LISTENER> (DELAY-H2 becomes DELAY_H2).
start_server() {
  local name=$1 web=$2 out="$TMP/$1.out"
  shift 2
  "$SERVER" --flags "$FLAGS" --web "$web" --host 127.0.0.1 --port 0 --delay "$DELAY" "$@" \
    >"$out" 2>"$TMP/$name.err" &
  PIDS+=($!)
  local pid=$! i
  for i in $(seq 100); do
    grep -qx READY "$out" 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || die "server $name exited: $(cat "$TMP/$name.err")"
    sleep 0.1
  done
  grep -qx READY "$out" || die "server $name did not print READY within 10 s"
  while read -r _ listener url; do
    printf -v "URL_${name}_${listener//-/_}" '%s' "${url%/}"
  done < <(grep '^LISTEN ' "$out")
}

# The app's server also speaks HTTP/2 over TLS, which the app prefers (its
# -H2 listeners; Chromium's profile trusts the local CA, as a user's would; one
# certificate per s<N>.localhost name, so W4's four shard origins are four connections).
scripts/make_tls_cert.sh >/dev/null
start_server MAIN "$APP_WEB" --tls-cert build/tls/cert.pem --tls-key build/tls/key.pem --tls-cert-dir build/tls/names
# The plain-JavaScript baseline page, from its own server (another origin);
# it downloads from MAIN's DELAY listener like the app.
mkdir -p "$TMP/baseline-web"
cp "$HERE"/baseline/* "$TMP/baseline-web/"
start_server BASE "$TMP/baseline-web"
log "server $URL_MAIN_LOCAL (DELAY $URL_MAIN_DELAY, DELAY-H2 $URL_MAIN_DELAY_H2, delay $DELAY s, $FLAGS); baseline page from $URL_BASE_LOCAL"

# The CLI and the plain-JS page download over HTTP/2 too, as the app does
# (the CLI trusts the certificate through NODE_EXTRA_CA_CERTS), unless
# --cli-url / --js-url say otherwise.
CLI_URL=()
case " $* " in *" --cli-url "*) ;; *) CLI_URL=(--cli-url "$URL_MAIN_DELAY_H2/flags") ;; esac
case " $* " in *" --js-url "*) ;; *) CLI_URL+=(--js-url "$URL_MAIN_DELAY_H2/flags") ;; esac
node "$HERE/suite.mjs" --local "$URL_MAIN_LOCAL" --delay-url "$URL_MAIN_DELAY" --error-url "$URL_MAIN_ERROR" \
  --baseline-page "$URL_BASE_LOCAL/index.html" --flags-dir "$FLAGS" "${CLI_URL[@]}" "${SUITE_ARGS[@]}"
