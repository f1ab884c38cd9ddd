#!/usr/bin/env python3
"""Scores `when_batch` output (JSON lines on stdin order) against a phrase
file with hand-worked answers: prints right/total and each miss.

    ./target/release/examples/when_batch < FILE 2>/dev/null | python3 bench/score.py FILE
"""
import json
import sys

rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip() and not l.startswith("#")]
got = [json.loads(l) for l in sys.stdin]
right = 0
for row, g in zip(rows, got):
    kind, earliest, latest, date, channel = (None if v == "-" else v for v in row[3].split(" "))
    want = {"kind": kind, "earliest": earliest, "latest": latest, "date": date, "channel": channel}
    if g == want:
        right += 1
    else:
        print(f"  miss: {row[0]!r} on {row[1]}: want {row[3]}, got {g['kind']} {g['earliest']} {g['latest']} {g['date']} {g['channel']}")
print(f"{sys.argv[1]}: {right}/{len(rows)} right ({right / len(rows):.0%})")
