#!/usr/bin/env bash
# The web app's agenda page, warm, over loopback with wrk, side by side with
# nginx serving a static copy of the very same page bytes, in one run:
# requests per second and p99 latency for both, and the ratio.
#
#   bash bench/web.sh [N]        # N synthetic applications (default 500)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-500}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}
DURATION=${DURATION:-10s}

need() { command -v "$1" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }; }
need wrk wrk
need nginx nginx-light

cargo build --release -q -p afterview
bin=$PWD/target/release/afterview
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
app_port=$(port)
nginx_port=$(port)

export AFTERVIEW_HOME=$work/afterview
"$bin" demo --applications "$N" >/dev/null
"$bin" serve --listen "127.0.0.1:$app_port" >"$work/serve.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do grep -q login "$work/serve.log" 2>/dev/null && break; sleep 0.1; done
login=$(grep -o 'http://[^ ]*/login?token=[0-9a-f]*' "$work/serve.log")
cookie=$(curl -s -o /dev/null -D - "$login" | sed -n 's/^set-cookie: \([^;]*\);.*/\1/ip')
mkdir -p "$work/www"
chmod 755 "$work"   # nginx workers run as another user
curl -s -H "Cookie: $cookie" "http://127.0.0.1:$app_port/" >"$work/www/index.html"
bytes=$(wc -c <"$work/www/index.html")
grep -q "<h1>Agenda" "$work/www/index.html" || { echo "the agenda page did not come back" >&2; exit 1; }

cat >"$work/nginx.conf" <<NGINX
worker_processes auto;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
    access_log off;
    default_type text/html;
    client_body_temp_path $work/tmp; proxy_temp_path $work/tmp; fastcgi_temp_path $work/tmp;
    uwsgi_temp_path $work/tmp; scgi_temp_path $work/tmp;
    server {
        listen 127.0.0.1:$nginx_port;
        root $work/www;
        location / { index index.html; }
    }
}
NGINX
mkdir -p "$work/tmp"
nginx -c "$work/nginx.conf" &
pids+=($!)
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$nginx_port/" && break; sleep 0.1; done

run() { # name url [header]
    wrk -t"$THREADS" -c"$CONNECTIONS" -d2s ${3:+-H "$3"} "$2" >/dev/null   # warm up
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency ${3:+-H "$3"} "$2" >"$work/$1.txt"
    rps=$(awk '/Requests\/sec/ {print $2}' "$work/$1.txt")
    p99=$(awk '$1 == "99%" {print $2}' "$work/$1.txt")
    p50=$(awk '$1 == "50%" {print $2}' "$work/$1.txt")
    errors=$(grep -E "Non-2xx|Socket errors" "$work/$1.txt" || true)
    printf '%-10s %10s req/s   p50 %8s   p99 %8s   %s\n' "$1" "$rps" "$p50" "$p99" "$errors"
    eval "${1}_rps=$rps"
}
echo "agenda page of $N applications: $bytes bytes; wrk -t$THREADS -c$CONNECTIONS -d$DURATION on $(nproc) cores"
run afterview "http://127.0.0.1:$app_port/" "Cookie: $cookie"
run nginx "http://127.0.0.1:$nginx_port/"
python3 -c "print(f'afterview / nginx: {float(\"$afterview_rps\") / float(\"$nginx_rps\"):.2f}')"
