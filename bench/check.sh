#!/usr/bin/env bash
# afterview check side by side with proselint (PyPI) and write-good (npm) on
# the same notes: the 250-word note in bench/notes and every note of the
# checker's corpus (crates/core/tests/corpus). Whole-process times with
# hyperfine, peak memory with /usr/bin/time, and the ratio.
#
#   bash bench/check.sh
set -euo pipefail
cd "$(dirname "$0")/.."
peers=bench/.peers
mkdir -p "$peers"
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
[ -x "$peers/venv/bin/python" ] || python3 -m venv "$peers/venv"
[ -x "$peers/venv/bin/proselint" ] || "$peers/venv/bin/pip" install -q proselint
[ -x "$peers/node_modules/.bin/write-good" ] || npm install --silent --prefix "$peers" write-good >/dev/null

cargo build -q --release
bin=$PWD/target/release/afterview
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export AFTERVIEW_HOME=$work/home
cp bench/notes/thank-you-250.txt "$work/note-250.txt"
n=0
for f in crates/core/tests/corpus/*.note; do
  sed '1,/^---$/d' "$f" > "$work/corpus-$(basename "$f" .note).txt"
  n=$((n + 1))
done
notes=("$work"/note-250.txt "$work"/corpus-*.txt)
echo "notes: the 250-word note and $n corpus notes"

one="$work/note-250.txt"
proselint="$peers/venv/bin/proselint check"
writegood="$peers/node_modules/.bin/write-good"
hyperfine -N -i --warmup 3 --runs 20 --export-json "$work/one.json" \
  "$bin check $one --kind thank-you --to 'Maria Lopez' --company 'Acme Robotics'" \
  "$proselint $one" \
  "$writegood $one" >/dev/null 2>&1 || true
# Every note, one process each, as a user checking their notes would.
for tool in af pl wg; do
  case $tool in
    af) cmd="$bin check" ; args="--kind thank-you" ;;
    pl) cmd="$proselint" ; args="" ;;
    wg) cmd="$writegood" ; args="" ;;
  esac
  { for f in "${notes[@]}"; do echo "$cmd '$f' $args >/dev/null 2>&1 || true"; done; } > "$work/all-$tool.sh"
done
hyperfine --warmup 1 --runs 3 --export-json "$work/all.json" \
  "bash $work/all-af.sh" "bash $work/all-pl.sh" "bash $work/all-wg.sh" >/dev/null 2>&1
# A checker's exit code says whether it found something: not a failure here.
peak() { { /usr/bin/time -v "$@" 2>&1 >/dev/null || true; } | awk -F': ' '/Maximum resident/ {print $2}'; }
af_kb=$(peak "$bin" check "$one" --kind thank-you --to "Maria Lopez" --company "Acme Robotics")
pl_kb=$(peak $proselint "$one")
wg_kb=$(peak $writegood "$one")
python3 - "$work" "$af_kb" "$pl_kb" "$wg_kb" "${#notes[@]}" <<'PY'
import json, sys
work, kb, count = sys.argv[1], [int(x) for x in sys.argv[2:5]], int(sys.argv[5])
one = [r["mean"] * 1000 for r in json.load(open(f"{work}/one.json"))["results"]]
allr = [r["mean"] * 1000 for r in json.load(open(f"{work}/all.json"))["results"]]
names = ["afterview check", "proselint", "write-good"]
print(f"{'checker':<17}{'one note (cold)':>16}{'peak memory':>13}{f'all {count} notes':>16}{'afterview is':>15}")
for i, name in enumerate(names):
    ratio = "-" if i == 0 else f"{one[i] / one[0]:,.0f}x faster"
    print(f"{name:<17}{one[i]:>13.1f} ms{kb[i] / 1024:>10.1f} MB{allr[i]:>13.0f} ms{ratio:>15}")
PY
