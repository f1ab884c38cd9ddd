#!/usr/bin/env bash
# Server mode under load (issue 13's "Speed"): a throw-away PostgreSQL
# cluster (durable: fsync and synchronous commits on, as a real server),
# USERS accounts with APPS synthetic applications each, and wrk rotating
# the session cookies of all of them (bench/server.lua) over
#   agenda   GET /, the agenda page
#   mix      8 GET / : 1 GET /applications/new : 1 POST /applications
#            (an application recorded with the user's CSRF token)
# for one server process, one behind nginx, two behind nginx, and two hit
# directly (two wrk at once, one per port); then the same agenda page from
# the single-user app over a SQLite folder of `demo --applications APPS`,
# the reference. Each "mix" run records about a tenth of its requests as
# new applications, spread over every user (a few more each per run). Each is run flat out (C connections, no pause) and at
# RATE requests a second (each connection pausing between requests, the
# pause calibrated once so the rate is met), with p50/p99 in ms.
#
# Where the time goes: the CPU seconds each program (afterview, PostgreSQL,
# nginx, wrk) used per 1,000 requests in each run, and with PROFILE=1 a
# perf profile of one process flat out (needs perf).
#
#   bash bench/server.sh                     # USERS=1000 APPS=30 RATE=500
#   USERS=200 DURATION=5s bash bench/server.sh
set -euo pipefail
cd "$(dirname "$0")/.."
USERS=${USERS:-1000}
APPS=${APPS:-30}
RATE=${RATE:-500}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
RATE_CONNECTIONS=${RATE_CONNECTIONS:-20}
DURATION=${DURATION:-10s}

need() { command -v "$1" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }; }
need wrk wrk
need nginx nginx-light
need curl curl

cargo build --release -q -p afterview
cargo build --release -q -p afterview-app --example seed_server
bin=$PWD/target/release/afterview
seed=$PWD/target/release/examples/seed_server
lua=$PWD/bench/server.lua

# The cluster first: start_postgres sets its own EXIT trap, which ours
# replaces and then calls.
source .ci/postgres.sh
AFTERVIEW_PG_DURABLE=1 AFTERVIEW_PG_OPTIONS="-c shared_preload_libraries=pg_stat_statements" start_postgres >/dev/null
work=$(mktemp -d)
chmod 755 "$work" # nginx's workers run as another user
pids=()
stop() { # pid…: SIGTERM, as systemd stops afterview, and wait for it
    for p in "$@"; do kill "$p" 2>/dev/null || true; done
    for p in "$@"; do wait "$p" 2>/dev/null || true; done
}
cleanup() { stop "${pids[@]}"; stop_postgres; rm -rf "$work"; }
trap cleanup EXIT

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
p1=$(port) p2=$(port) front=$(port) single=$(port)
public=127.0.0.1:$front
url=${AFTERVIEW_TEST_POSTGRES%/*}/afterview_bench
psql=("$AFTERVIEW_TEST_POSTGRES_BIN/psql" -X -q -v ON_ERROR_STOP=1)
"${psql[@]}" "$AFTERVIEW_TEST_POSTGRES" -c "CREATE DATABASE afterview_bench"
"${psql[@]}" "$url" -c "CREATE EXTENSION pg_stat_statements"

echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews every figure)"
echo "== $USERS users, $APPS applications each, on $(nproc) cores; PostgreSQL $("$AFTERVIEW_TEST_POSTGRES_BIN/postgres" --version | awk '{print $3}') (fsync on)"
start=$(date +%s.%N)
"$seed" "$url" "$USERS" "$APPS" "$work/sessions.txt"
python3 -c "import sys; print(f'seeded in {float(sys.argv[2]) - float(sys.argv[1]):.1f} s')" "$start" "$(date +%s.%N)"
[ "$(wc -l <"$work/sessions.txt")" -eq "$USERS" ] || { echo "the seeding made no session for every user" >&2; exit 1; }

serve() { # port log: one server process, the public address nginx's
    AFTERVIEW_DATABASE=$url "$bin" serve --listen "127.0.0.1:$1" --public-url "http://$public" >"$2" 2>&1 &
    pids+=($!)
    for _ in $(seq 100); do
        curl -fs -o /dev/null -H "Host: $public" "http://127.0.0.1:$1/readyz" && return
        sleep 0.1
    done
    echo "afterview serve on port $1 did not become ready:" >&2
    cat "$2" >&2
    exit 1
}
serve "$p1" "$work/serve1.log"
serve "$p2" "$work/serve2.log"
server_pids=("${pids[@]}")

# A few users' agenda pages, by their cookies, before anything is timed:
# each is its owner's, and a cookie that signs nobody in fails here.
check() { # port cookie-name line-number…
    local p=$1 name=$2
    shift 2
    for n in "$@"; do
        local token
        token=$(sed -n "${n}p" "$work/sessions.txt" | cut -d' ' -f1)
        # Into a variable first: grep -q stopping early would fail curl's pipe.
        local page
        page=$(curl -fs -H "Host: $public" -H "Cookie: $name=$token" "http://127.0.0.1:$p/" || true)
        grep -q "<h1>Agenda" <<<"$page" || { echo "user $n's cookie did not give their agenda on port $p" >&2; exit 1; }
    done
}
check "$p1" afterview_session 1 2 "$USERS"
check "$p2" afterview_session 1 "$((USERS / 2))"

cat >"$work/nginx.conf" <<NGINX
worker_processes 1;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp;
    uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
    upstream one { server 127.0.0.1:$p1; keepalive 64; }
    upstream two { server 127.0.0.1:$p1; server 127.0.0.1:$p2; keepalive 64; }
    server {
        listen 127.0.0.1:$front;
        client_max_body_size 25m;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        # The Host as wrk sent it, port and all: the public address.
        proxy_set_header Host \$http_host;
        proxy_set_header X-Forwarded-Proto \$scheme;
        proxy_set_header X-Forwarded-For \$remote_addr;
        location / { proxy_pass http://two; }
        # /one/… goes to the first process only.
        location /one/ { proxy_pass http://one/; }
    }
}
NGINX
mkdir -p "$work/tmp"
nginx -c "$work/nginx.conf" &
pids+=($!)
nginx_pid=$!
for _ in $(seq 50); do curl -fs -o /dev/null "http://$public/readyz" && break; sleep 0.1; done
check "$front" afterview_session 3

# CPU seconds so far of each program, from /proc (every process of it).
cpu() {
    python3 - <<'PY'
import os
ticks = os.sysconf("SC_CLK_TCK")
use = {}
for pid in filter(str.isdigit, os.listdir("/proc")):
    try:
        stat = open(f"/proc/{pid}/stat").read()
    except OSError:
        continue
    name = stat[stat.index("(") + 1 : stat.rindex(")")]
    fields = stat[stat.rindex(")") + 2 :].split()
    group = {"afterview": "afterview", "postgres": "postgres", "nginx": "nginx", "wrk": "wrk"}.get(name)
    if group:
        use[group] = use.get(group, 0) + (int(fields[11]) + int(fields[12])) / ticks
print(" ".join(f"{k}={v:.2f}" for k, v in sorted(use.items())))
PY
}
# CPU ms per 1,000 requests of each program between two cpu() lines.
per_k() { # before after requests
    python3 - "$1" "$2" "$3" <<'PY'
import sys
b = dict(kv.split("=") for kv in sys.argv[1].split())
a = dict(kv.split("=") for kv in sys.argv[2].split())
n = max(float(sys.argv[3]), 1)
print("   cpu ms/1k req: " + "  ".join(f"{k} {1e6 * (float(a[k]) - float(b.get(k, 0))) / n:.0f}" for k in sorted(a)))
PY
}

# What PostgreSQL spent its time on since the last reset: the statements
# by total time, with how many of each one request makes.
statements() { # requests
    "${psql[@]}" -A -F $'\t' -t "$url" -c "
        SELECT round(calls::numeric / $1, 2), round((mean_exec_time * 1000)::numeric, 0),
               round((100 * total_exec_time / sum(total_exec_time) OVER ())::numeric, 1),
               left(regexp_replace(query, '\s+', ' ', 'g'), 90)
        FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
        ORDER BY total_exec_time DESC LIMIT 12" |
        awk -F '\t' 'BEGIN { printf "   %8s %8s %6s  %s\n", "per req", "mean µs", "time%", "statement" }
                     { printf "   %8s %8s %6s  %s\n", $1, $2, $3, $4 }'
}
statement_totals() { # requests: every statement, BEGIN and COMMIT too, per request
    "${psql[@]}" -A -t "$url" -c "
        SELECT 'in all ' || round(sum(calls)::numeric / $1, 1) || ' statements a request, '
               || round((sum(total_exec_time) * 1000 / $1)::numeric, 0) || ' µs of execution a request'
        FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())"
}
reset_statements() { "${psql[@]}" -t "$url" -c "SELECT pg_stat_statements_reset()" >/dev/null; }

field() { sed -n "s/.*[ ]$1=\([^ ]*\).*/\1/p" <<<"$2"; }

# One wrk run: name mode url connections delay-ms [cookie-name sessions-file]
wrk_once() {
    local name=$1 mode=$2 target=$3 c=$4 gap=$5 cookie=${6:-afterview_session} sessions=${7:-$work/sessions.txt}
    local t=$THREADS
    [ "$c" -lt "$t" ] && t=$c
    SESSIONS=$sessions MODE=$mode COOKIE=$cookie HOST_HEADER=${HOST_HEADER:-$public} DELAY_MS=$gap \
        wrk -t"$t" -c"$c" -d"$DURATION" -s "$lua" "$target" >"$work/$name.txt" 2>&1
    grep RESULT "$work/$name.txt" || { cat "$work/$name.txt" >&2; exit 1; }
}

# Flat out, then at RATE: name mode url [cookie sessions]
measure() {
    local name=$1 mode=$2 target=$3
    shift 3
    SESSIONS=${2:-$work/sessions.txt} MODE=$mode COOKIE=${1:-afterview_session} HOST_HEADER=${HOST_HEADER:-$public} \
        wrk -t"$THREADS" -c"$CONNECTIONS" -d2s -s "$lua" "$target" >/dev/null # warm up
    local before after line
    before=$(cpu)
    line=$(wrk_once "$name-max" "$mode" "$target" "$CONNECTIONS" 0 "$@")
    after=$(cpu)
    printf '%-22s %-6s flat out  %9s req/s  p50 %6s  p99 %6s ms  errors %s/%s\n' "$name" "$mode" \
        "$(field rps "$line")" "$(field p50 "$line")" "$(field p99 "$line")" \
        "$(field socket_errors "$line")" "$(field status_errors "$line")"
    per_k "$before" "$after" "$(field requests "$line")"
    # At RATE: each of RATE_CONNECTIONS connections waits `gap` ms after an
    # answer; a first run measures the rest of its cycle, the second
    # shortens the gap by it.
    local gap
    gap=$(python3 -c "print(max(0, round($RATE_CONNECTIONS * 1000 / $RATE)))")
    line=$(wrk_once "$name-calibrate" "$mode" "$target" "$RATE_CONNECTIONS" "$gap" "$@")
    gap=$(python3 -c "
c, r, g, got = $RATE_CONNECTIONS, $RATE, $gap, $(field rps "$line")
rest = c * 1000 / got - g
print(max(0, round(c * 1000 / r - rest)))")
    before=$(cpu)
    line=$(wrk_once "$name-rate" "$mode" "$target" "$RATE_CONNECTIONS" "$gap" "$@")
    after=$(cpu)
    printf '%-22s %-6s at %-6s %9s req/s  p50 %6s  p99 %6s ms  errors %s/%s\n' "$name" "$mode" "$RATE" \
        "$(field rps "$line")" "$(field p50 "$line")" "$(field p99 "$line")" \
        "$(field socket_errors "$line")" "$(field status_errors "$line")"
    per_k "$before" "$after" "$(field requests "$line")"
}

# Two wrk at once, one per process, their requests a second added up and
# the worse p99 of the two shown.
measure_both() { # name mode
    local name=$1 mode=$2 c=$((CONNECTIONS / 2)) r1 r2 before after
    before=$(cpu)
    wrk_once "$name-a" "$mode" "http://127.0.0.1:$p1/" "$c" 0 >"$work/$name-a.line" &
    local w1=$!
    wrk_once "$name-b" "$mode" "http://127.0.0.1:$p2/" "$c" 0 >"$work/$name-b.line" &
    local w2=$!
    wait "$w1" "$w2"
    after=$(cpu)
    r1=$(cat "$work/$name-a.line") r2=$(cat "$work/$name-b.line")
    python3 - "$name" "$mode" "$r1" "$r2" <<'PY'
import sys
def f(line, k):
    return float(line.split(f" {k}=")[1].split()[0])
name, mode, a, b = sys.argv[1:]
print(f"{name:<22} {mode:<6} flat out  {f(a, 'rps') + f(b, 'rps'):9.1f} req/s  p50 {max(f(a, 'p50'), f(b, 'p50')):6.2f}  "
      f"p99 {max(f(a, 'p99'), f(b, 'p99')):6.2f} ms  errors {int(f(a, 'socket_errors') + f(b, 'socket_errors'))}/"
      f"{int(f(a, 'status_errors') + f(b, 'status_errors'))}")
PY
    per_k "$before" "$after" "$(($(field requests "$r1") + $(field requests "$r2")))"
}

echo "== wrk -t$THREADS, flat out: -c$CONNECTIONS; at $RATE req/s: -c$RATE_CONNECTIONS with a pause; $DURATION each"
# One process alone: the second one idles.
measure "one process" agenda "http://127.0.0.1:$p1/"
reset_statements
line=$(wrk_once statements agenda "http://127.0.0.1:$p1/" "$CONNECTIONS" 0)
echo "   PostgreSQL's statements, one more run flat out ($(field requests "$line") requests):"
statements "$(field requests "$line")"
echo "   $(statement_totals "$(field requests "$line")")"
# The same below saturation: a statement whose answer outgrows the server's
# 8 kB send buffer flushes mid-statement, wakes afterview's thread, and on
# a saturated machine waits for a core again inside its measured time.
reset_statements
line=$(wrk_once statements-rate agenda "http://127.0.0.1:$p1/" "$RATE_CONNECTIONS" \
    "$(python3 -c "print(round($RATE_CONNECTIONS * 1000 / $RATE))")")
echo "   and at about $RATE req/s ($(field rps "$line") req/s, $(field requests "$line") requests):"
statements "$(field requests "$line")" | head -n 4
echo "   $(statement_totals "$(field requests "$line")")"
measure "one process" mix "http://127.0.0.1:$p1/"
measure "one behind nginx" agenda "http://$public/one/"
measure "two behind nginx" agenda "http://$public/"
measure "two behind nginx" mix "http://$public/"
measure_both "two, wrk on each" agenda
measure_both "two, wrk on each" mix

if [ "${PROFILE:-0}" = 1 ] && command -v perf >/dev/null 2>&1; then
    echo "== perf: one process, agenda, flat out"
    ( sleep 1; perf record -q -F 499 -g -o "$work/perf.data" -p "${server_pids[0]}" -- sleep 5 ) &
    perfer=$!
    wrk_once perf agenda "http://127.0.0.1:$p1/" "$CONNECTIONS" 0 >/dev/null
    wait "$perfer"
    # Self time by function, no call chains: where the CPU went.
    perf report -q -i "$work/perf.data" --no-children --stdio -g none --sort dso,symbol --percent-limit 1 \
        2>/dev/null | grep -v '^$' | cut -c1-120 | head -n 30
    # And by kind: the allocator, the kernel (scheduling, sockets), the rest.
    perf report -q -i "$work/perf.data" --no-children --stdio -g none --sort dso 2>/dev/null \
        | grep -v '^$' | cut -c1-80 | head -n 8
fi
stop "${server_pids[@]}" "$nginx_pid"
pids=()

# The reference: the single-user app over its SQLite folder, the same
# page. It keeps the agenda page it rendered last while nothing changed
# (crates/web/src/cache.rs), so most of these requests are that copy, as
# they are for someone reloading their agenda. (No "mix" here: one user
# recording hundreds of applications a second would soon have an agenda
# like nobody's.)
export AFTERVIEW_HOME=$work/single
"$bin" demo --applications "$APPS" >/dev/null
"$bin" serve --listen "127.0.0.1:$single" >"$work/single.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do grep -q login "$work/single.log" 2>/dev/null && break; sleep 0.1; done
link=$(grep -o 'http://[^ ]*/login?token=[0-9a-f]*' "$work/single.log")
cookie=$(curl -s -o /dev/null -D - "$link" | sed -n 's/^set-cookie: \([^;]*\);.*/\1/ip')
page=$(curl -fs -H "Cookie: $cookie" "http://127.0.0.1:$single/" || true)
grep -q "<h1>Agenda" <<<"$page" || { echo "the single-user agenda page did not come back" >&2; exit 1; }
echo "${cookie#*=} none" >"$work/single-session.txt"
echo "== the reference: single-user afterview serve over SQLite, demo --applications $APPS"
HOST_HEADER=127.0.0.1:$single measure "single-user SQLite" agenda "http://127.0.0.1:$single/" \
    "${cookie%%=*}" "$work/single-session.txt"
