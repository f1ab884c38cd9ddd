#!/usr/bin/env bash
# Cold `afterview agenda` over `afterview demo --applications N` (default
# 10000), side by side with taskwarrior's `task next` holding the same number
# of pending tasks. Prints wall time (hyperfine) and peak memory
# (/usr/bin/time -v) for both, and the ratios (mean, median and CPU time).
#
#   bash bench/agenda.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}

need() { command -v "$1" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }; }
need task taskwarrior
need hyperfine hyperfine
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }

cargo build --release -q
bin=$PWD/target/release/afterview
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

export AFTERVIEW_HOME=$work/afterview
"$bin" demo --applications "$N" >/dev/null
pending=$("$bin" agenda --json | python3 -c '
import json, sys
a = json.load(sys.stdin)
print(sum(len(a[k]) for k in ("due_today", "overdue", "coming_up", "waiting")))')

# The same number of pending tasks for taskwarrior, imported in one go.
export TASKRC=$work/taskrc TASKDATA=$work/task
mkdir -p "$TASKDATA"
printf 'data.location=%s\nconfirmation=off\nverbose=nothing\nrecurrence=off\n' "$TASKDATA" > "$TASKRC"
python3 - "$pending" > "$work/tasks.json" <<'PY'
import json, sys, uuid, datetime
n = int(sys.argv[1])
base = datetime.date(2026, 11, 20)
tasks = [{"uuid": str(uuid.UUID(int=i + 1)), "status": "pending",
          "description": f"Follow up with company {i}", "project": f"company{i % 500}",
          "entry": "20261101T000000Z",
          "due": (base + datetime.timedelta(days=i % 30)).strftime("%Y%m%dT000000Z")} for i in range(n)]
print("\n".join(json.dumps(t) for t in tasks))
PY
task import "$work/tasks.json" >/dev/null 2>&1
task_count=$(task status:pending count 2>/dev/null)

echo "afterview: $N applications, $pending agenda entries; taskwarrior: $task_count pending tasks"
hyperfine -N --warmup 2 --runs 20 --export-json "$work/h.json" \
  "$bin agenda" "task rc.gc=off next limit:page" 2>/dev/null | grep -E 'Time|±|agenda|task' || true
peak() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ {print $2}'; }
av_kb=$(peak "$bin" agenda)
tw_kb=$(peak task rc.gc=off next limit:page)
python3 - "$work/h.json" "$av_kb" "$tw_kb" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))["results"]
av, tw = runs[0]["mean"] * 1000, runs[1]["mean"] * 1000
# The median and the CPU time (user + system) move less than the mean wall
# time on a shared machine, where one slow run drags the mean.
med_av, med_tw = (r["median"] * 1000 for r in runs)
cpu_av, cpu_tw = ((r["user"] + r["system"]) * 1000 for r in runs)
kb_av, kb_tw = int(sys.argv[2]), int(sys.argv[3])
print(f"afterview agenda : {av:7.1f} ms mean, {med_av:7.1f} ms median, {cpu_av:6.1f} ms cpu, {kb_av / 1024:5.1f} MB peak")
print(f"task next        : {tw:7.1f} ms mean, {med_tw:7.1f} ms median, {cpu_tw:6.1f} ms cpu, {kb_tw / 1024:5.1f} MB peak")
print(f"ratio (afterview / taskwarrior): time {av / tw:.2f}x (median {med_av / med_tw:.2f}x), "
      f"cpu {cpu_av / cpu_tw:.2f}x, memory {kb_av / kb_tw:.2f}x")
PY
