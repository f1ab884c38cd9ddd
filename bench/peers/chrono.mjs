// chrono-node over bench/phrases.tsv: one JSON line per phrase with every
// date it found (start and end), then its phrases per second on stderr.
import { readFileSync } from "node:fs";
import * as chrono from "chrono-node";

const rows = readFileSync(0, "utf8").split("\n")
  .filter((l) => l.trim() && !l.startsWith("#"))
  .map((l) => l.split("\t"));
const iso = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
const run = ([phrase, day]) => {
  const [y, m, d] = day.split("-").map(Number);
  const ref = new Date(y, m - 1, d, 12, 0, 0);
  return chrono.parse(phrase, ref, { forwardDate: true });
};
for (const row of rows) {
  const dates = [];
  for (const r of run(row)) {
    dates.push(iso(r.start.date()));
    if (r.end) dates.push(iso(r.end.date()));
  }
  console.log(JSON.stringify({ dates }));
}
const passes = 50;
const t0 = process.hrtime.bigint();
for (let i = 0; i < passes; i++) for (const row of rows) run(row);
const secs = Number(process.hrtime.bigint() - t0) / 1e9;
console.error(`phrases_per_second ${Math.round((passes * rows.length) / secs)}`);
