#!/usr/bin/env bash
# `afterview import email` on a generated 100 MB mbox (18,111 messages, a
# third with a base64 attachment, each with quoted history and a `>From `
# line): wall time and peak RSS from /usr/bin/time -v, with nobody on record
# (every message only listed) and with Acme on record (7,205 messages from
# its people matched, classified and planned), as --dry-run.
#
#   bash bench/mbox.sh        (builds the release binary)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build -q --release -p afterview
bin=$PWD/target/release/afterview
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work/big.mbox" <<'PY'
import base64, random, sys
random.seed(7)
out = open(sys.argv[1], 'w')
n = size = 0
senders = ['maria@acme.example', 'news@shop.example', 'friend@gmail.com', 'hr@acme.example', 'jobs@globex.example']
words = "the team will decide next week thanks for your time we would like to invite you update follow up".split()
while size < 100 * 1024 * 1024:
    n += 1
    frm = random.choice(senders)
    body = ' '.join(random.choice(words) for _ in range(random.randint(40, 400)))
    body = '\n'.join(body[i:i+72] for i in range(0, len(body), 72))
    quoted = '\n'.join('> ' + body[i:i+70] for i in range(0, min(len(body), 1500), 70))
    att = ''
    if n % 3 == 0:
        blob = base64.encodebytes(random.randbytes(random.randint(2000, 12000))).decode()
        att = f'--b{n}\nContent-Type: application/pdf; name="cv.pdf"\nContent-Transfer-Encoding: base64\n\n{blob}\n'
    msg = (f"From {frm} Mon Nov 30 14:00:00 2026\n"
           f"Message-ID: <bench-{n}@bench.example>\nDate: Mon, 30 Nov 2026 14:00:00 -0500\nFrom: {frm}\n"
           f"To: jordan@mail.example\nSubject: Message {n}\nMIME-Version: 1.0\n"
           f"Content-Type: multipart/mixed; boundary=\"b{n}\"\n\n--b{n}\nContent-Type: text/plain; charset=utf-8\n\n"
           f"{body}\n\n>From the desk of the team.\n\nOn Sun, Nov 29, 2026 at 9:00 AM Jordan wrote:\n{quoted}\n{att}--b{n}--\n\n")
    out.write(msg); size += len(msg)
print(f"{n} messages, {size} bytes")
PY
run() {
  AFTERVIEW_HOME=$work/$1 /usr/bin/time -v "$bin" import email "$work/big.mbox" --dry-run --today 2026-12-01 \
    2>"$work/time" | grep ' to record, '
  grep -E 'Elapsed|Maximum resident' "$work/time"
}
echo "nobody on record:"; run empty
export AFTERVIEW_HOME=$work/acme
"$bin" config set user.email jordan@mail.example >/dev/null
"$bin" application add --company Acme --role "Data Engineer" >/dev/null
"$bin" person add --name "Maria Lopez" --email maria@acme.example --application a1 >/dev/null
echo "Acme on record:"; run acme
