#!/usr/bin/env bash
# First contentful paint of afterview's pages in headless Chromium, through
# chromedriver (Debian packages chromium and chromium-driver), beside a
# two-line static page served by Python for the browser's own floor.
#   bench/paint.sh [BINARY] [APPLICATIONS]   (default: the release build, the demo)
set -u
cd "$(dirname "$0")/.."
BIN=${1:-target/release/afterview}
APPS=${2:-0}
[ -x "$BIN" ] || cargo build --release -q -p afterview
work=$(mktemp -d)
export AFTERVIEW_HOME=$work/home
if [ "$APPS" = 0 ]; then "$BIN" demo >/dev/null; else "$BIN" demo --applications "$APPS" >/dev/null; fi
"$BIN" serve --listen 127.0.0.1:7979 >"$work/serve.log" 2>&1 &
server=$!
mkdir -p "$work/static"
echo '<!doctype html><html><body><h1>Hello</h1><p>A static page.</p></body></html>' >"$work/static/index.html"
(cd "$work/static" && exec python3 -m http.server 7980 >/dev/null 2>&1) &
static=$!
chromedriver --port=9515 >"$work/chromedriver.log" 2>&1 &
driver=$!
trap 'kill $server $static $driver 2>/dev/null' EXIT
sleep 2
login=$(grep -o 'http://127.0.0.1:7979/login?token=[A-Za-z0-9]*' "$work/serve.log" | head -1)
caps="{\"capabilities\":{\"alwaysMatch\":{\"goog:chromeOptions\":{\"binary\":\"/usr/bin/chromium\",\"args\":[\"--headless\",\"--no-sandbox\",\"--disable-gpu\",\"--disable-background-networking\",\"--disable-component-update\",\"--disable-sync\",\"--no-first-run\",\"--user-data-dir=$work/chromium\"]}}}}"
sid=$(curl -s -X POST localhost:9515/session -H 'Content-Type: application/json' -d "$caps" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["value"]["sessionId"])')
go() { curl -s -X POST "localhost:9515/session/$sid/url" -H 'Content-Type: application/json' -d "{\"url\":\"$1\"}" >/dev/null; }
fcp() {
    curl -s -X POST "localhost:9515/session/$sid/execute/sync" -H 'Content-Type: application/json' \
        -d "{\"script\":\"let p=performance.getEntriesByName('first-contentful-paint')[0]; return p ? Math.round(p.startTime) : -1;\",\"args\":[]}" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["value"])'
}
go "$login"
printf '%-32s %s\n' page "first contentful paint, ms (5 loads)"
for page in / /applications /applications/1 /applications/1/interviews /settings /rules static; do
    url="http://127.0.0.1:7979$page"
    [ "$page" = static ] && url="http://127.0.0.1:7980/"
    times=""
    for _ in 1 2 3 4 5; do go "$url"; times="$times $(fcp)"; done
    printf '%-32s%s\n' "$page" "$times"
done
curl -s -X DELETE "localhost:9515/session/$sid" >/dev/null
