#!/usr/bin/env bash
# Checks the configuration docs/deploy.md gives, as written there: every
# fenced `ini` or `nginx` block whose first line names its file
# (`# /etc/...`) is written into a scratch folder, then
#   - the nginx site, inside an `http {}` block, with a throw-away
#     self-signed certificate in place of Let's Encrypt's: `nginx -t`;
#   - the systemd units (the template as its instance afterview@8080):
#     `systemd-analyze verify`, which checks every key (a warning fails the
#     check), and the offline
#     `systemd-analyze security` score of the service.
# Programs the units name that this machine lacks (/usr/local/bin/afterview)
# are replaced by /bin/true, since verify only asks that they exist.
#
#   bash .ci/deploy-check.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v nginx >/dev/null || { apt-get update -qq && apt-get install -y -qq nginx-light >/dev/null; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work" <<'PY'
import os, re, sys
root = sys.argv[1] + "/root"
text = open("docs/deploy.md").read()
for m in re.finditer(r"```(\w*)\n(.*?)```", text, re.S):
    lang, body = m.group(1), m.group(2)
    named = re.match(r"# (/etc/\S+)", body)
    if lang in ("ini", "nginx") and named:
        path = root + named.group(1)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        open(path, "w").write(body)
        print("from docs/deploy.md:", named.group(1))
PY

units=$work/root/etc/systemd/system
site=$work/root/etc/nginx/sites-available/afterview
[ -f "$site" ] && [ -f "$units/afterview@.service" ] && [ -f "$units/afterview-backup.timer" ] \
    || { echo "docs/deploy.md no longer holds the nginx site and the units" >&2; exit 1; }

openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=jobs.example.edu \
    -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
sed -e "s|/etc/letsencrypt/live/jobs.example.edu/fullchain.pem|$work/cert.pem|" \
    -e "s|/etc/letsencrypt/live/jobs.example.edu/privkey.pem|$work/key.pem|" \
    -e "s|/var/log/nginx/|$work/|" "$site" >"$work/site.conf"
cat >"$work/nginx.conf" <<NGINX
pid $work/nginx.pid;
error_log stderr;
events {}
http { include $work/site.conf; }
NGINX
nginx -t -q -c "$work/nginx.conf" -e stderr
echo "nginx -t: the site is valid ($(nginx -v 2>&1))"

for f in "$units"/*; do
    { grep -o 'ExecStart=[^ ]*' "$f" || true; } | cut -d= -f2 | while read -r exe; do
        [ -x "$exe" ] || sed -i "s|$exe|/bin/true|" "$f"
    done
done
# verify exits 0 after a key it does not know ("Unknown key …, ignoring"):
# anything it says is a failure here.
said=$(systemd-analyze verify "$units/afterview@8080.service" "$units/afterview-backup.service" \
    "$units/afterview-backup.timer" 2>&1) || { echo "$said" >&2; exit 1; }
[ -z "$said" ] || { echo "$said" >&2; exit 1; }
echo "systemd-analyze verify: the units are valid ($(systemd-analyze --version | head -n 1))"
systemd-analyze security --offline=true "$units/afterview@8080.service" | tail -n 1
