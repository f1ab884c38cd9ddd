"""Sums a callgrind profile per function and prints where the instructions go.

callgrind_annotate splits a function over every file its inlined code came
from, and keeps generic copies apart only by their hash; this script adds
each function's pieces together (by demangled name), so one line says what a
function costs with everything it calls (inclusive) or in its own code
(self). Run with --demangle=no so that c++filt can name the symbols.

  python3 bench/callgrind_top.py FILE [N]            phases, top N inclusive and self
  python3 bench/callgrind_top.py FILE callees REGEX  what the matching functions call
"""

import collections
import re
import signal
import subprocess
import sys

# Phases of `afterview agenda`, found by a suffix of the function's name so
# that they survive a move between crates. Each is inclusive (what the
# function costs with all it calls); "max" takes the costliest match, where
# a wrapper of the same name may call the real one, "sum" adds up functions
# that never call each other.
PHASES = [
    ("argument parsing (clap)", "max", r"^clap\w*::.*Parser::parse$"),
    ("settings file (Local::load)", "max", r"Local::load$"),
    ("open the store, migrations", "max", r"::open$"),
    ("the user's time zone (Local::zone)", "max", r"Local::zone$"),
    ("load the facts (store)", "max", r"afterview_sqlite::facts::load$"),
    ("  on the second connection (another core)", "max", r"afterview_sqlite::facts::side_on$"),
    ("  decoding rows (FromRow::read)", "sum", r"as afterview_sqlite::rows::FromRow>::read$"),
    ("  SQLite stepping", "max", r"FallibleStreamingIterator>::advance$"),
    ("build the agenda (agenda::build_with)", "max", r"agenda::build_with$"),
    ("  planning (plan::plan)", "max", r"plan::plan(_with)?$"),
    ("  timeline reading, within planning", "max", r"timeline::read$"),
    ("writing the agenda out (render)", "max", r"cmd::agenda::render$"),
    ("freeing the facts and the agenda", "sum", r"drop_in_place<afterview_core::agenda::(Facts|Agenda)>$"),
    ("malloc, realloc, free: everywhere", "sum", r"^(malloc|free|realloc|calloc)$"),
    ("format!: everywhere", "max", r"fmt::format::format_inner$"),
]


def load(path):
    names, own, calls = {}, collections.Counter(), collections.defaultdict(collections.Counter)
    fn = cfn = None
    call_line = False

    def name(tok):
        m = re.match(r"\((\d+)\)(?:\s+(.*))?", tok)
        if not m:
            return tok
        if m.group(2):
            names[m.group(1)] = m.group(2)
        return names[m.group(1)]

    with open(path) as f:
        for line in f:
            if line.startswith("fn="):
                fn = name(line[3:].strip())
            elif line.startswith("cfn="):
                cfn = name(line[4:].strip())
            elif line.startswith("calls="):
                call_line = True
            elif line[:1].isdigit() or line[:1] in "+-*":
                parts = line.split()
                if len(parts) < 2:
                    continue
                cost = int(parts[1])
                if call_line:
                    calls[fn][cfn] += cost
                    call_line = False
                else:
                    own[fn] += cost
    raw = sorted(set(own) | set(calls) | {c for d in calls.values() for c in d})
    out = subprocess.run(["c++filt"], input="\n".join(raw), capture_output=True, text=True).stdout
    clean = {}
    for r, d in zip(raw, out.split("\n")):
        d = re.sub(r"\[[0-9a-f]{16}\]", "", d)  # crate disambiguators
        clean[r] = re.sub(r"::h[0-9a-f]{16}$", "", d)  # generic copies become one
    selfc, callee = collections.Counter(), collections.defaultdict(collections.Counter)
    for k, v in own.items():
        selfc[clean[k]] += v
    for k, d in calls.items():
        for k2, v in d.items():
            if clean[k] != clean[k2]:  # a call between copies of one function is inside it
                callee[clean[k]][clean[k2]] += v
    incl = collections.Counter({n: selfc[n] + sum(callee[n].values()) for n in set(selfc) | set(callee)})
    return selfc, incl, callee


def main():
    # Piped into `head`, stop quietly like any other command.
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    path, rest = sys.argv[1], sys.argv[2:]
    selfc, incl, callee = load(path)
    total = sum(selfc.values())

    def row(cost, what):
        print(f"{cost:>14,} {100 * cost / total:5.1f}%  {what[:140]}")

    if rest[:1] == ["callees"]:
        for k in sorted((k for k in incl if re.search(rest[1], k)), key=lambda k: -incl[k]):
            row(incl[k], f"{k} (self {selfc[k]:,})")
            for k2, v in callee[k].most_common(20):
                row(v, "    " + k2)
        return
    top = int(rest[0]) if rest else 15
    print(f"total instructions: {total:,}\n\nphases (inclusive):")
    for label, how, pattern in PHASES:
        costs = [v for k, v in incl.items() if re.search(pattern, k)]
        row(sum(costs) if how == "sum" else max(costs, default=0), label)
    # The chain from the loader to `main` costs all, and says nothing.
    skip = re.compile(r"^(\(below main\)|0x[0-9a-f]+|main|__libc_start\w*|std::rt::|std::sys::backtrace::)")
    print(f"\ntop {top} by inclusive cost:")
    for k, v in [kv for kv in incl.most_common() if not skip.match(kv[0])][:top]:
        row(v, k)
    print(f"\ntop {top} by self cost:")
    for k, v in selfc.most_common(top):
        row(v, k)


if __name__ == "__main__":
    main()
