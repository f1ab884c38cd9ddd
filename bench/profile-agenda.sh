#!/usr/bin/env bash
# Where a cold `afterview agenda` over `afterview demo --applications N`
# (default 10000) spends its instructions, by valgrind's callgrind: the total,
# the phases (start-up, store, planning, output) and the top functions by
# inclusive and by self cost. Instruction counts hardly move when the
# machine is busy, so before/after comparisons hold where wall times do not.
# The total counts every thread; a large agenda loads and plans on two, so a
# phase's inclusive figure is the main thread's share, and a function that
# the compiler inlined shows 0.
#
#   bash bench/profile-agenda.sh [N]
#
# It profiles the ordinary release binary (its symbols are enough to name
# functions). DEBUG=1 builds one with line tables into target/prof instead
# (a full rebuild, once), for `callgrind_annotate --auto=yes` line by line.
# The profile is kept in bench/out/agenda.callgrind; with
# `python3 bench/callgrind_top.py bench/out/agenda.callgrind callees REGEX`
# you see what a function calls.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}

command -v valgrind >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq valgrind >/dev/null; }

if [ "${DEBUG:-0}" = 1 ]; then
  CARGO_TARGET_DIR=target/prof CARGO_PROFILE_RELEASE_DEBUG=line-tables-only \
    CARGO_PROFILE_RELEASE_STRIP=false cargo build --release -q -p afterview
  bin=$PWD/target/prof/release/afterview
else
  cargo build --release -q -p afterview
  bin=$PWD/target/release/afterview
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p bench/out
out=$PWD/bench/out/agenda.callgrind

export AFTERVIEW_HOME=$work/afterview
"$bin" demo --applications "$N" >/dev/null
# One run first, so the profiled one finds the store as every later run does.
"$bin" agenda >/dev/null
valgrind --tool=callgrind --demangle=no --callgrind-out-file="$out" "$bin" agenda >/dev/null 2>"$work/valgrind.log"
echo "afterview agenda over $N demo applications"
python3 bench/callgrind_top.py "$out" 15
