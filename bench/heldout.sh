#!/usr/bin/env bash
# The checker on the held-out notes of bench/notes-heldout: notes written in
# the shapes of real samples (career-centre and advice sites), each with the
# findings the rulebook expects in its header, kept out of the test corpus so
# that nobody tunes the rules against them. Prints the false and missed
# findings; it never fails on them.
#
#   bash bench/heldout.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test -q -p afterview-core --test corpus held_out_notes_report -- --ignored --nocapture 2>&1 \
  | grep -v '^running\|^test result\|^$\|^\.*$'
