/**
 * Diagnostic (not part of `pnpm bench`): summarises V8's `--trace-gc-nvp` lines per timed pass of
 * `bench/evaluate-gc.ts`: for each pass, the number of scavenges and the mean of each phase V8
 * times (ms), and how much of a scavenge no listed phase accounts for.
 *
 *   node --expose-gc --trace-gc-nvp --import tsx bench/evaluate-gc.ts > gc.log 2>&1
 *   npx tsx bench/gc-nvp-summary.ts gc.log
 *
 * The scavenges of a pass are those after the full gc that precedes it (`evaluate-gc.ts` runs one
 * before every timed pass) and before the line it prints for the pass.
 */
import { readFileSync } from "node:fs";

const file = process.argv[2];
if (file === undefined) throw new Error("usage: npx tsx bench/gc-nvp-summary.ts GC_LOG");
const PHASES = [
  "scavenge.roots",
  "scavenge.parallel",
  "scavenge.update_refs",
  "scavenge.weak",
  "scavenge.weak_global_handles.identify",
  "scavenge.weak_global_handles.process",
  "scavenge.free_remembered_set",
  "scavenge.sweep_array_buffers",
];
const lines = readFileSync(file, "utf8").split("\n");
// `--import tsx` runs its loader in a thread of its own, another isolate whose collections are
// traced too: only those of the isolate with the most lines (the main thread) are counted.
const isolateOf = (line: string) => line.slice(0, line.indexOf("]") + 1);
const linesPerIsolate = new Map<string, number>();
for (const line of lines)
  if (line.includes(" gc="))
    linesPerIsolate.set(isolateOf(line), (linesPerIsolate.get(isolateOf(line)) ?? 0) + 1);
const main = [...linesPerIsolate].sort((a, b) => b[1] - a[1])[0]?.[0];
let scavenges: Map<string, string>[] = [];
for (const line of lines) {
  if (line.includes(" gc=")) {
    if (isolateOf(line) !== main) continue;
    const fields = new Map<string, string>();
    for (const pair of line.slice(line.indexOf(": ") + 2).split(" ")) {
      const at = pair.indexOf("=");
      if (at > 0) fields.set(pair.slice(0, at), pair.slice(at + 1));
    }
    if (fields.get("gc") === "s") scavenges.push(fields);
    else scavenges = [];
  } else if (line.includes(" ms, gc ")) {
    const mean = (key: string) =>
      scavenges.reduce((sum, fields) => sum + Number(fields.get(key) ?? 0), 0) /
      Math.max(1, scavenges.length);
    const listed = PHASES.reduce((sum, key) => sum + mean(key), 0);
    const phases = PHASES.filter((key) => mean(key) >= 0.005)
      .map((key) => `${key.replace("scavenge.", "")} ${mean(key).toFixed(2)}`)
      .join(", ");
    console.log(
      `${line.trim()}\n  ${scavenges.length} scavenges, mean pause ${mean("pause").toFixed(2)} ms: ${phases}; ` +
        `in no listed phase ${(mean("scavenge") - listed).toFixed(2)} ms; ` +
        `survived ${(mean("new_space_survived") / 1e3).toFixed(0)} KB, promoted ${(mean("promoted") / 1e3).toFixed(0)} KB, ` +
        `incremental marking steps ${mean("incremental.steps_count").toFixed(1)}, heap ${(mean("total_size_before") / 1e9).toFixed(2)} GB`,
    );
    scavenges = [];
  }
}
