#!/usr/bin/env bash
# afterview's timeline reader side by side with chrono-node (npm) and
# dateparser (PyPI) on the same phrases, each with the answer worked out by
# hand from RULEBOOK §2: bench/phrases.tsv (the tests gate on it) and
# bench/phrases-blind.tsv (40 phrases an evaluator wrote by the rulebook
# without reading the code; two answers it calls ambiguous), and
# bench/phrases-heldout.tsv (issue 10's held-out half, which no test tunes
# against). Accuracy on each, and phrases a second.
#
# Scoring is generous to the peers, which do not know "decision" from
# "contact": a phrase counts as right for them when the answer is none and
# they found no date, or when one of the dates they found is the answer's
# last day (latest, or the contact date). afterview must match the whole
# reading: kind, earliest, latest, date and channel.
#
#   bash bench/timeline.sh
set -euo pipefail
cd "$(dirname "$0")/.."
peers=bench/.peers
mkdir -p "$peers"
[ -d "$peers/node_modules/chrono-node" ] || npm install --silent --prefix "$peers" chrono-node >/dev/null
[ -x "$peers/venv/bin/python" ] || python3 -m venv "$peers/venv"
"$peers/venv/bin/python" -c "import dateparser" 2>/dev/null || "$peers/venv/bin/pip" install -q dateparser

cargo build -q --release -p afterview-core --example when_batch
cp bench/peers/chrono.mjs "$peers/chrono.mjs"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for file in bench/phrases.tsv bench/phrases-heldout.tsv bench/phrases-blind.tsv; do
./target/release/examples/when_batch < "$file" > "$work/afterview.jsonl" 2> "$work/afterview.speed"
# An ES module resolves its imports from its own folder: run it beside node_modules.
node "$peers/chrono.mjs" < "$file" > "$work/chrono.jsonl" 2> "$work/chrono.speed"
"$peers/venv/bin/python" bench/peers/dateparser_run.py < "$file" > "$work/dateparser.jsonl" 2> "$work/dateparser.speed"
echo "== $file"
python3 - "$work" "$file" <<'PY'
import json, sys
work, path = sys.argv[1], sys.argv[2]
rows = [l.rstrip("\n").split("\t") for l in open(path) if l.strip() and not l.startswith("#")]
def expected(row):
    kind, earliest, latest, date, channel = (None if v == "-" else v for v in row[3].split(" "))
    return {"kind": kind, "earliest": earliest, "latest": latest, "date": date, "channel": channel}
def speed(name):
    return float(open(f"{work}/{name}.speed").read().split()[-1])
results = {}
for name in ("afterview", "chrono", "dateparser"):
    got = [json.loads(l) for l in open(f"{work}/{name}.jsonl")]
    right, misses = 0, []
    for row, g in zip(rows, got):
        e = expected(row)
        if name == "afterview":
            ok = g == e
        elif e["kind"] == "none":
            ok = not g["dates"]
        else:
            ok = (e["date"] or e["latest"]) in g["dates"]
        right += ok
        if not ok:
            misses.append(row[0])
    results[name] = (right, speed(name), misses)
n = len(rows)
base = results["afterview"][1]
print(f"{'reader':<12}{'right':>10}{'accuracy':>10}{'phrases/s':>14}{'afterview is':>16}")
for name, (right, per_s, _) in results.items():
    ratio = "-" if name == "afterview" else f"{base / per_s:,.0f}x faster"
    print(f"{name:<12}{right:>6}/{n:<3}{right / n:>10.0%}{per_s:>14,.0f}{ratio:>16}")
for name, (_, _, misses) in results.items():
    if misses:
        print(f"\n{name} missed: " + "; ".join(misses[:60]))
PY
done
