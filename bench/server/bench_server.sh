#!/usr/bin/env bash
# Flag server benchmark (prints figures and ratios; not a pass/fail test). In one run:
#  1. LOCAL HTTP/1.1 throughput: wrk against coflags-server, against the server built from
#     --baseline (default be52e69, the server before the HTTP/2 hardening; built once into the build tree) and against nginx serving
#     the same files (config written here, into the build tree).
#  2. LOCAL-H2 throughput: h2load against coflags-server and against nginx-light speaking
#     HTTP/2 over TLS with the same certificate.
#  3. HTTP/2 memory (bench/server/h2_memory.py, python3-h2): N idle TLS+HTTP/2 connections
#     held (RSS per connection, and after they close), then 1000 zero-window streams for a
#     760 KB file on one connection and 50 connections of 100 (RSS per stalled stream);
#     coflags-server and nginx's worker, same clients.
#  4. DELAY: 10,000 concurrent connections, added latency p50/p99 over --delay, peak RSS.
#
# usage: bench/server/bench_server.sh [--build DIR] [--duration S] [--rounds N] [--connections N]
#          [--delay-connections N] [--threads N] [--idle-connections N] [--baseline REF|none]
# Defaults: build/native (the optimised build), 2 alternating rounds of 5 s per wrk/h2load run
# (best of each is reported: other work on a 2-core machine only ever slows a run down), 64 wrk
# connections, 5000 idle TLS connections, 10000 DELAY connections. The DELAY run leaves
# ~10,000 sockets in TIME_WAIT for a minute; back-to-back runs within that minute measure that.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$ROOT/build/native
DURATION=5
ROUNDS=2
WRK_CONNS=64
WRK_THREADS=1
DELAY_CONNS=10000
IDLE_CONNS=5000
# The server before issue 13 hardened HTTP/2 (the throughput the issue asks to keep).
BASELINE=be52e69
while [ $# -gt 0 ]; do
  case $1 in
    --build) BUILD=$(cd "$2" && pwd); shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --connections) WRK_CONNS=$2; shift 2 ;;
    --threads) WRK_THREADS=$2; shift 2 ;;
    --delay-connections) DELAY_CONNS=$2; shift 2 ;;
    --idle-connections) IDLE_CONNS=$2; shift 2 ;;
    --baseline) BASELINE=$2; shift 2 ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
SERVER=$BUILD/src/server/coflags-server
[ -x "$SERVER" ] || { echo "no $SERVER: cmake --build --preset native --target coflags-server" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk missing (apt-get install wrk)" >&2; exit 1; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || { echo "nginx missing (apt-get install nginx-light)" >&2; exit 1; }
command -v h2load >/dev/null || { echo "h2load missing (apt-get install nghttp2-client)" >&2; exit 1; }
/usr/bin/python3 -c 'import h2' 2>/dev/null || { echo "python3-h2 missing (apt-get install python3-h2)" >&2; exit 1; }

DATA=$ROOT/build/data/flags
"$ROOT/scripts/build_flags_dataset.sh" "$DATA"
WORK=$BUILD/bench/server
mkdir -p "$WORK/nginx/logs" "$WORK/nginx/tmp" "$WORK/web"
"$ROOT/scripts/make_tls_cert.sh" "$ROOT/build/tls"
CERT=$ROOT/build/tls/cert.pem
KEY=$ROOT/build/tls/key.pem
# A file the size of the app's coflags.wasm, for the stalled streams.
[ -s "$WORK/web/big.bin" ] || head -c 778240 /dev/urandom > "$WORK/web/big.bin"

# The server as it is on the baseline ref, built once per commit in the build tree.
BASE_SERVER=
if [ "$BASELINE" != none ]; then
  BASE_SHA=$(git -C "$ROOT" rev-parse --verify "$BASELINE^{commit}")
  BASE_DIR=$WORK/baseline/$BASE_SHA
  BASE_SERVER=$BASE_DIR/out/src/server/coflags-server
  if [ ! -x "$BASE_SERVER" ]; then
    echo "  building the $BASELINE server ($BASE_SHA) in $BASE_DIR" >&2
    rm -rf "$BASE_DIR" && mkdir -p "$BASE_DIR/src"
    git -C "$ROOT" archive "$BASE_SHA" | tar -x -C "$BASE_DIR/src"
    cmake -S "$BASE_DIR/src" -B "$BASE_DIR/out" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=g++ > "$BASE_DIR/configure.log" 2>&1
    cmake --build "$BASE_DIR/out" -j2 --target coflags-server > "$BASE_DIR/build.log" 2>&1
  fi
fi

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# coflags-server on ephemeral ports; the LISTEN lines tell where. Idle HTTP/2 connections are
# held for --header-timeout: 120 s here, as nginx's keepalive_timeout below.
start_server() {  # binary out-file args... -> pid in $!
  local bin=$1 out=$2; shift 2
  "$bin" --port 0 --flags "$DATA" "$@" > "$out" 2> "$out.err" &
  pids+=($!)
  for _ in $(seq 100); do grep -q '^READY$' "$out" && return 0; sleep 0.05; done
  echo "server did not start: $(cat "$out.err")" >&2; exit 1
}
start_server "$SERVER" "$WORK/server.out" --delay 1.0 --web "$WORK/web" --tls-cert "$CERT" --tls-key "$KEY" --tls-cert-dir "$ROOT/build/tls/names" \
  --header-timeout 120 --max-h2-connections $((IDLE_CONNS + 1000))
SERVER_PID=${pids[-1]}
LOCAL=$(awk '/^LISTEN LOCAL / {print $3}' "$WORK/server.out")
DELAY=$(awk '/^LISTEN DELAY / {print $3}' "$WORK/server.out")
H2_PORT=$(awk '/^LISTEN LOCAL-H2 / {print $3}' "$WORK/server.out" | sed 's#.*:\([0-9]*\)/$#\1#')
if [ -n "$BASE_SERVER" ]; then
  start_server "$BASE_SERVER" "$WORK/baseline.out"
  BASE_PID=${pids[-1]}
  BASE_LOCAL=$(awk '/^LISTEN LOCAL / {print $3}' "$WORK/baseline.out")
fi

# nginx with the same files, one worker like the server's one thread, no access log.
NGINX_PORT=$(free_port)
NGINX_H2_PORT=$(free_port)
cat > "$WORK/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 20000; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path $WORK/nginx/tmp/body;
  proxy_temp_path $WORK/nginx/tmp/proxy;
  fastcgi_temp_path $WORK/nginx/tmp/fastcgi;
  uwsgi_temp_path $WORK/nginx/tmp/uwsgi;
  scgi_temp_path $WORK/nginx/tmp/scgi;
  keepalive_timeout 120s;
  types { image/gif gif; application/json json; text/plain txt; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location /flags/ { alias $DATA/; add_header Access-Control-Allow-Origin *; }
  }
  server {
    listen 127.0.0.1:$NGINX_H2_PORT ssl http2;
    ssl_certificate $CERT;
    ssl_certificate_key $KEY;
    http2_max_concurrent_streams 1000;
    root $WORK/web;
    location /flags/ { alias $DATA/; add_header Access-Control-Allow-Origin *; }
  }
}
CONF
start_nginx() {  # -> NGINX_PID, NGINX_WORKER
  "$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" 2> "$WORK/nginx/logs/stderr.log" &
  NGINX_PID=$!
  pids+=("$NGINX_PID")
  for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$NGINX_PORT/flags/br/br.gif" && break; sleep 0.05; done
  curl -sf -o /dev/null "http://127.0.0.1:$NGINX_PORT/flags/br/br.gif" || { echo "nginx did not start: $(cat "$WORK/nginx/logs/"*)" >&2; exit 1; }
  NGINX_WORKER=$(pgrep -P "$NGINX_PID" | head -1)  # the master's one child
}
stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
start_nginx
# Same bytes from both, or the comparison means nothing.
cmp <(curl -s "${LOCAL}flags/br/br.gif") <(curl -s "http://127.0.0.1:$NGINX_PORT/flags/br/br.gif")

# wrk walks over every flag, as a downloader would.
{
  echo 'local paths = {'
  for cc in $(cat "$DATA/country_codes.txt"); do lc=$(echo "$cc" | tr A-Z a-z); echo "  \"/flags/$lc/$lc.gif\","; done
  echo '}'
  echo 'local i = 0'
  echo 'request = function() i = i % #paths + 1; return wrk.format("GET", paths[i]) end'
} > "$WORK/flags.lua"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }  # utime + stime of one process
run_wrk() {  # url pid -> "requests/s cpu-us-per-request" (CPU of that one process: robust to a busy machine)
  local t0 t1
  t0=$(cpu_ticks "$2")
  wrk -t"$WRK_THREADS" -c"$WRK_CONNS" -d"${DURATION}s" -s "$WORK/flags.lua" "$1" > "$WORK/wrk.out" 2>&1
  t1=$(cpu_ticks "$2")
  grep -E 'Requests/sec|Latency|Non-2xx|Socket errors' "$WORK/wrk.out" | sed 's/^/    /' >&2
  awk -v t="$((t1 - t0))" -v hz="$(getconf CLK_TCK)" '
    /requests in/ {n = $1} /Requests\/sec/ {rps = $2}
    END {printf "%s %.2f\n", rps, t * 1e6 / hz / n}' "$WORK/wrk.out"
}
echo "== LOCAL HTTP/1.1 throughput: wrk -t$WRK_THREADS -c$WRK_CONNS -d${DURATION}s over $(wc -w < "$DATA/country_codes.txt") flags (GIFs ~10 KB) ==" >&2
ours_rps=(); base_rps=(); theirs_rps=(); ours_cpu=(); base_cpu=(); theirs_cpu=()
for round in $(seq "$ROUNDS"); do
  echo "  round $round: coflags-server ${LOCAL}" >&2
  read -r rps cpu < <(run_wrk "${LOCAL%/}" "$SERVER_PID"); ours_rps+=("$rps"); ours_cpu+=("$cpu")
  if [ -n "$BASE_SERVER" ]; then
    echo "  round $round: coflags-server of $BASELINE ${BASE_LOCAL}" >&2
    read -r rps cpu < <(run_wrk "${BASE_LOCAL%/}" "$BASE_PID"); base_rps+=("$rps"); base_cpu+=("$cpu")
  fi
  echo "  round $round: nginx (1 worker, sendfile) http://127.0.0.1:$NGINX_PORT/" >&2
  read -r rps cpu < <(run_wrk "http://127.0.0.1:$NGINX_PORT" "$NGINX_WORKER"); theirs_rps+=("$rps"); theirs_cpu+=("$cpu")
done
max() { printf '%s\n' "$@" | sort -g | tail -1; }
min() { printf '%s\n' "$@" | sort -g | head -1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
ours=$(max "${ours_rps[@]}"); theirs=$(max "${theirs_rps[@]}")
echo "LOCAL HTTP/1.1 req/s (best of $ROUNDS): coflags-server $ours, nginx $theirs, ratio $(ratio "$ours" "$theirs") (target >= 0.80)"
if [ -n "$BASE_SERVER" ]; then
  base=$(max "${base_rps[@]}")
  echo "LOCAL HTTP/1.1 req/s against $BASELINE (${BASE_SHA:0:10}): $ours vs $base, ratio $(ratio "$ours" "$base") (target >= 0.90)"
fi
ours=$(min "${ours_cpu[@]}"); theirs=$(min "${theirs_cpu[@]}")
echo "LOCAL HTTP/1.1 CPU us/request (best of $ROUNDS): coflags-server $ours, nginx worker $theirs; nginx/coflags $(ratio "$theirs" "$ours") (the same ratio, free of other load)"
if [ -n "$BASE_SERVER" ]; then
  base=$(min "${base_cpu[@]}")
  echo "LOCAL HTTP/1.1 CPU us/request against $BASELINE: $ours vs $base; $BASELINE/now $(ratio "$base" "$ours")"
  kill "$BASE_PID"; wait "$BASE_PID" 2>/dev/null || true
fi

echo "== LOCAL-H2 throughput: h2load -c4 -m32 -D${DURATION} over the same flags, HTTP/2 over TLS ==" >&2
run_h2load() {  # port pid -> "requests/s cpu-us-per-request"
  local t0 t1
  for cc in $(cat "$DATA/country_codes.txt"); do lc=$(echo "$cc" | tr A-Z a-z); echo "https://localhost:$1/flags/$lc/$lc.gif"; done > "$WORK/h2uris.txt"
  t0=$(cpu_ticks "$2")
  h2load -t1 -c4 -m32 -D"$DURATION" --warm-up-time=1 -i "$WORK/h2uris.txt" > "$WORK/h2load.out" 2>&1 || true
  t1=$(cpu_ticks "$2")
  grep -E '^finished in|^requests:|^status codes:' "$WORK/h2load.out" | sed 's/^/    /' >&2
  awk -v t="$((t1 - t0))" -v hz="$(getconf CLK_TCK)" '
    /^finished in/ {rps = $4} /^requests:/ {n = $8}
    END {printf "%s %.2f\n", rps, (n > 0 ? t * 1e6 / hz / n : 0)}' "$WORK/h2load.out"
}
ours_rps=(); theirs_rps=(); ours_cpu=(); theirs_cpu=()
for round in $(seq "$ROUNDS"); do
  echo "  round $round: coflags-server https://localhost:$H2_PORT/" >&2
  read -r rps cpu < <(run_h2load "$H2_PORT" "$SERVER_PID"); ours_rps+=("$rps"); ours_cpu+=("$cpu")
  echo "  round $round: nginx https://localhost:$NGINX_H2_PORT/" >&2
  read -r rps cpu < <(run_h2load "$NGINX_H2_PORT" "$NGINX_WORKER"); theirs_rps+=("$rps"); theirs_cpu+=("$cpu")
done
ours=$(max "${ours_rps[@]}"); theirs=$(max "${theirs_rps[@]}")
echo "LOCAL-H2 req/s (best of $ROUNDS): coflags-server $ours, nginx $theirs, ratio $(ratio "$ours" "$theirs")"
ours=$(min "${ours_cpu[@]}"); theirs=$(min "${theirs_cpu[@]}")
echo "LOCAL-H2 CPU us/request (best of $ROUNDS): coflags-server $ours, nginx worker $theirs; nginx/coflags $(ratio "$theirs" "$ours")"

echo "== HTTP/2 memory: $IDLE_CONNS idle TLS connections, then zero-window streams for a 760 KB file ==" >&2
# Each phase against fresh processes: memory freed by an earlier phase would be reused and hide the cost.
h2mem() {  # phase -> $WORK/h2mem-PHASE-{ours,nginx}.json (no subshell: the servers it starts stay ours)
  stop "$SERVER_PID"; stop "$NGINX_PID"
  start_server "$SERVER" "$WORK/server.out" --web "$WORK/web" --tls-cert "$CERT" --tls-key "$KEY" \
    --header-timeout 120 --max-h2-connections $((IDLE_CONNS + 1000))
  SERVER_PID=${pids[-1]}
  H2_PORT=$(awk '/^LISTEN LOCAL-H2 / {print $3}' "$WORK/server.out" | sed 's#.*:\([0-9]*\)/$#\1#')
  start_nginx
  echo "  $1: coflags-server" >&2
  /usr/bin/python3 "$ROOT/bench/server/h2_memory.py" --only "$1" --port "$H2_PORT" --pid "$SERVER_PID" \
    --ca "$CERT" --connections "$IDLE_CONNS" --path /big.bin > "$WORK/h2mem-$1-ours.json"
  echo "  $1: nginx (its worker's RSS)" >&2
  /usr/bin/python3 "$ROOT/bench/server/h2_memory.py" --only "$1" --port "$NGINX_H2_PORT" --pid "$NGINX_WORKER" \
    --ca "$CERT" --connections "$IDLE_CONNS" --path /big.bin > "$WORK/h2mem-$1-nginx.json"
}
h2mem idle
h2mem stalled
merge() { node -e 'const fs = require("fs"); console.log(JSON.stringify(Object.assign({}, ...process.argv.slice(1).map((f) => JSON.parse(fs.readFileSync(f))))))' "$@"; }
ours_mem=$(merge "$WORK/h2mem-idle-ours.json" "$WORK/h2mem-stalled-ours.json")
nginx_mem=$(merge "$WORK/h2mem-idle-nginx.json" "$WORK/h2mem-stalled-nginx.json")
node -e '
  const [ours, nginx] = [JSON.parse(process.argv[1]), JSON.parse(process.argv[2])];
  const mb = (kb) => (kb / 1024).toFixed(1);
  const idle = (m) => `${m.idle.held_open}/${m.idle.connections} held, ${m.idle.kb_per_connection} KB each`;
  const back = (m) => `${mb(m.idle.rss_held_kb - m.idle.rss_before_kb)} MB held, +${mb(m.idle.rss_after_kb - m.idle.rss_before_kb)} MB left 4 s after closing`;
  console.log(`HTTP/2 idle TLS connections: coflags-server ${idle(ours)}, nginx ${idle(nginx)}; ratio ${(ours.idle.kb_per_connection / nginx.idle.kb_per_connection).toFixed(2)} (target <= 1.5)`);
  console.log(`HTTP/2 memory after the idle burst: coflags-server ${back(ours)}; nginx ${back(nginx)}`);
  const st = (m) => `${m.stalled.one_connection_streams} streams held, +${m.stalled.one_connection_mb} MB (${m.stalled.one_connection_kb_per_stream} KB/stream)`;
  console.log(`HTTP/2 zero-window streams, one connection x 1000: coflags-server ${st(ours)}; nginx ${st(nginx)} (target < 20 MB)`);
  const many = (m) => `${m.stalled.streams_held} streams held on ${m.stalled.connections} connections, +${m.stalled.all_mb} MB in all`;
  console.log(`HTTP/2 zero-window streams, 50 connections x 100: coflags-server ${many(ours)}; nginx ${many(nginx)} (target < 200 MB)`);
' "$ours_mem" "$nginx_mem"

echo "== DELAY: $DELAY_CONNS concurrent connections, --delay 1.0 ==" >&2
# A fresh server, so its peak RSS is this run's.
stop "$SERVER_PID"; stop "$NGINX_PID"
start_server "$SERVER" "$WORK/server.out" --delay 1.0
SERVER_PID=${pids[-1]}
LOCAL=$(awk '/^LISTEN LOCAL / {print $3}' "$WORK/server.out")
DELAY=$(awk '/^LISTEN DELAY / {print $3}' "$WORK/server.out")
# The load client is C++/Asio on one thread: a node client's own overhead showed up as server latency.
CLIENT=$WORK/delay_load
if [ ! -x "$CLIENT" ] || [ "$ROOT/bench/server/delay_load.cpp" -nt "$CLIENT" ]; then
  echo "  building $CLIENT" >&2
  g++ -std=c++20 -O2 -Wno-mismatched-new-delete "$ROOT/bench/server/delay_load.cpp" -o "$CLIENT"
fi
curl -s -X POST "${LOCAL}_stats/reset" > /dev/null
DELAY_PORT=$(echo "$DELAY" | sed 's#.*:\([0-9]*\)/$#\1#')
load=$("$CLIENT" "$DELAY_PORT" /flags/br/metadata.json "$DELAY_CONNS" 1.0) || true
stats=$(curl -s "${LOCAL}_stats")
rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$SERVER_PID/status")
node -e '
  const load = JSON.parse(process.argv[1]); const stats = JSON.parse(process.argv[2]); const rss = Number(process.argv[3]);
  console.log(`DELAY ${load.connections} connections: answered ${load.answered_200}, failures ${JSON.stringify(load.failures)}, server peak in flight ${stats.listeners.DELAY.peak_in_flight}`);
  console.log(`DELAY added latency ms: p50 ${load.added_ms.p50}, p90 ${load.added_ms.p90}, p99 ${load.added_ms.p99}, max ${load.added_ms.max} (target p99 <= 20)`);
  console.log(`server peak RSS: ${(rss / 1024).toFixed(1)} MB (target < 100)`);
' "$load" "$stats" "$rss_kb"
