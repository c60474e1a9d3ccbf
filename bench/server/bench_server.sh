#!/usr/bin/env bash
# Flag server benchmark (prints figures; not a pass/fail test):
#  1. LOCAL throughput: wrk against coflags-server and against nginx serving the
#     same files (config written here, into the build tree), in the same run.
#  2. DELAY: 10,000 concurrent connections, added latency p50/p99 over --delay,
#     and the server's peak RSS.
#
# usage: bench/server/bench_server.sh [--build DIR] [--duration S] [--rounds N] [--connections N]
#                                     [--delay-connections N] [--threads N]
# Defaults: build/native, 2 alternating rounds of 5 s per wrk run (best of each is
# reported: other work on a 2-core machine only ever slows a run down), 64 wrk
# connections, 10000 DELAY connections. The DELAY run leaves ~10,000 sockets in
# TIME_WAIT for a minute; back-to-back runs within that minute measure that instead.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$ROOT/build/native
DURATION=5
ROUNDS=2
WRK_CONNS=64
WRK_THREADS=1
DELAY_CONNS=10000
while [ $# -gt 0 ]; do
  case $1 in
    --build) BUILD=$(cd "$2" && pwd); shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --connections) WRK_CONNS=$2; shift 2 ;;
    --threads) WRK_THREADS=$2; shift 2 ;;
    --delay-connections) DELAY_CONNS=$2; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
SERVER=$BUILD/src/server/coflags-server
[ -x "$SERVER" ] || { echo "no $SERVER: cmake --build --preset native --target coflags-server" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk missing (apt-get install wrk)" >&2; exit 1; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || { echo "nginx missing (apt-get install nginx-light)" >&2; exit 1; }

DATA=$ROOT/build/data/flags
"$ROOT/scripts/build_flags_dataset.sh" "$DATA"
WORK=$BUILD/bench/server
mkdir -p "$WORK/nginx/logs" "$WORK/nginx/tmp"

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# coflags-server on ephemeral ports; the LISTEN lines tell where.
"$SERVER" --port 0 --flags "$DATA" --delay 1.0 > "$WORK/server.out" 2> "$WORK/server.err" &
SERVER_PID=$!
pids+=("$SERVER_PID")
for _ in $(seq 100); do grep -q '^READY$' "$WORK/server.out" && break; sleep 0.05; done
grep -q '^READY$' "$WORK/server.out" || { echo "server did not start: $(cat "$WORK/server.err")" >&2; exit 1; }
LOCAL=$(awk '/^LISTEN LOCAL/ {print $3}' "$WORK/server.out")
DELAY=$(awk '/^LISTEN DELAY/ {print $3}' "$WORK/server.out")

# nginx with the same files, one worker like the server's one thread, no access log.
NGINX_PORT=$(free_port)
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
  types { image/gif gif; application/json json; text/plain txt; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location /flags/ { alias $DATA/; add_header Access-Control-Allow-Origin *; }
  }
}
CONF
"$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" 2> "$WORK/nginx/logs/stderr.log" &
pids+=($!)
for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$NGINX_PORT/flags/br/br.gif" && break; sleep 0.05; done
curl -sf -o /dev/null "http://127.0.0.1:$NGINX_PORT/flags/br/br.gif" || { echo "nginx did not start: $(cat "$WORK/nginx/logs/"*)" >&2; exit 1; }
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
NGINX_WORKER=$(pgrep -P "$(cat "$WORK/nginx/nginx.pid")" | head -1)
echo "== LOCAL throughput: wrk -t$WRK_THREADS -c$WRK_CONNS -d${DURATION}s over $(wc -w < "$DATA/country_codes.txt") flags (GIFs ~10 KB) ==" >&2
ours_rps=(); theirs_rps=(); ours_cpu=(); theirs_cpu=()
for round in $(seq "$ROUNDS"); do
  echo "  round $round: coflags-server ${LOCAL}" >&2
  read -r rps cpu < <(run_wrk "${LOCAL%/}" "$SERVER_PID"); ours_rps+=("$rps"); ours_cpu+=("$cpu")
  echo "  round $round: nginx (1 worker, sendfile) http://127.0.0.1:$NGINX_PORT/" >&2
  read -r rps cpu < <(run_wrk "http://127.0.0.1:$NGINX_PORT" "$NGINX_WORKER"); theirs_rps+=("$rps"); theirs_cpu+=("$cpu")
done
max() { printf '%s\n' "$@" | sort -g | tail -1; }
min() { printf '%s\n' "$@" | sort -g | head -1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
ours=$(max "${ours_rps[@]}"); theirs=$(max "${theirs_rps[@]}")
echo "LOCAL req/s (best of $ROUNDS): coflags-server $ours, nginx $theirs, ratio $(ratio "$ours" "$theirs") (target >= 0.80)"
ours=$(min "${ours_cpu[@]}"); theirs=$(min "${theirs_cpu[@]}")
echo "LOCAL CPU us/request (best of $ROUNDS): coflags-server $ours, nginx worker $theirs; nginx/coflags $(ratio "$theirs" "$ours") (the same ratio, free of other load)"

echo "== DELAY: $DELAY_CONNS concurrent connections, --delay 1.0 ==" >&2
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
