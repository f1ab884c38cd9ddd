#!/usr/bin/env bash
# The email classifier on the held-out emails of bench/emails-heldout:
# messages written in the shapes of real rejections, offers, invitations,
# replies, thank-yous and status checks, each naming its kind in an
# X-Afterview-Expect header, kept out of the phrase work so that nobody
# tunes the phrases against them. Prints the wrong kinds; never fails on them.
#
#   bash bench/emails-heldout.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test -q -p afterview-core --test emails held_out_emails_report -- --ignored --nocapture 2>&1 \
  | grep -v '^running\|^test result\|^$\|^\.*$'
