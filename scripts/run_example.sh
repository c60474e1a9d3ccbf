#!/usr/bin/env bash
# The chapter's example programs, as `./run example NAME [ARGS]` runs them
# (after ./run has built everything). NAME:
#   spinner [--blocking]   18.1: a coroutine spinner (node); --blocking busy-waits and freezes it
#   spinner-thread         18.1: the same with a thread and a shared flag (native)
#   three-stages [CC]      18.5: three dependent requests to a flag server, as nested
#                          callbacks and as one coroutine; both print the same lines
set -euo pipefail
cd "$(dirname "$0")/.."
examples=build/wasm/src/examples
name=${1:-}
[ $# -gt 0 ] && shift
case $name in
  spinner) exec node "$examples/spinner.js" "$@" ;;
  spinner-thread) exec build/native/src/examples/spinner_thread "$@" ;;
  three-stages)
    scripts/build_flags_dataset.sh >&2
    # A server of our own on free ports, stopped by its PID when we leave.
    out=$(mktemp)
    build/native/src/server/coflags-server --flags build/data/flags --host 127.0.0.1 --port 0 >"$out" &
    server_pid=$!
    trap 'kill "$server_pid" 2>/dev/null; rm -f "$out"' EXIT
    for _ in $(seq 100); do grep -q '^READY$' "$out" && break; sleep 0.1; done
    base=$(sed -n 's#^LISTEN LOCAL \(.*\)/$#\1/flags#p' "$out")
    [ -n "$base" ] || { echo "the flag server did not start" >&2; exit 1; }
    status=0
    echo "== nested callbacks on Future::add_done_callback (three_stages --callbacks $base${*:+ $*})"
    node "$examples/three_stages.js" --callbacks "$base" "$@" || status=$?
    echo "== one coroutine with three co_awaits (three_stages --coroutine $base${*:+ $*})"
    node "$examples/three_stages.js" --coroutine "$base" "$@" || status=$?
    exit $status
    ;;
  *)
    sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//' >&2
    [ -z "$name" ] && exit 2
    echo "unknown example: $name" >&2
    exit 2
    ;;
esac
