#!/bin/sh
# Runs one fuzz target politely (one process, low priority) until 10 million
# executions or the time limit, then prints libFuzzer's final counts.
#   fuzz/run.sh TARGET [SECONDS]     (from the repository root; nightly)
set -eu
target=$1
seconds=${2:-900}
cd "$(dirname "$0")/.."
mkdir -p fuzz/logs
log=fuzz/logs/$target.log
nice -n 10 cargo +nightly fuzz run -O -a -s none "$target" -- \
  -jobs=1 -workers=1 -runs=10000000 -max_total_time="$seconds" -timeout=5 \
  -print_final_stats=1 -close_fd_mask=1 >"$log.run" 2>&1 || true
# With -jobs, libFuzzer writes the job's own output to fuzz-0.log.
if [ -f fuzz-0.log ]; then mv fuzz-0.log "$log"; else mv "$log.run" "$log"; fi
grep -E 'stat::number_of_executed_units|stat::average_exec_per_sec|^Done|SUMMARY|panicked|crash-|timeout-' "$log" || tail -20 "$log"
