"""dateparser over bench/phrases.tsv: one JSON line per phrase with every
date search_dates found, then its phrases per second on stderr."""
import datetime
import json
import sys
import time

from dateparser.search import search_dates

rows = [l.rstrip("\n").split("\t") for l in sys.stdin if l.strip() and not l.startswith("#")]


def run(row):
    base = datetime.datetime.strptime(row[1], "%Y-%m-%d").replace(hour=12)
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "future"}
    try:
        return search_dates(row[0], languages=["en"], settings=settings) or []
    except Exception:  # a crash on a phrase counts as reading nothing
        return []


for row in rows:
    print(json.dumps({"dates": [d.strftime("%Y-%m-%d") for _, d in run(row)]}))
passes = 3
t0 = time.perf_counter()
for _ in range(passes):
    for row in rows:
        run(row)
print(f"phrases_per_second {passes * len(rows) / (time.perf_counter() - t0):.0f}", file=sys.stderr)
