/**
 * Runs every benchmark in sequence and prints a summary.
 *
 *   pnpm bench                 # all benchmarks, full size
 *   pnpm bench --quick         # 1/10 size, for fast iteration
 *   pnpm bench --only=evaluate # one benchmark (evaluate, storage, exports, pack, feeds, core)
 *   pnpm bench --strict        # exit code 1 when a target is missed
 *
 * To add a benchmark: export `run(argv)` returning a `BenchResult`, and list it below.
 */
import { run as coreBench } from "./core-size.bench.js";
import { run as evaluateBench } from "./evaluate.bench.js";
import { run as exportsBench } from "./exports.bench.js";
import { run as feedsBench } from "./feeds.bench.js";
import type { Benchmark, BenchResult } from "./lib.js";
import { run as packBench } from "./pack.bench.js";
import { run as storageBench } from "./storage.bench.js";

const benchmarks: Benchmark[] = [
  { name: "evaluate", run: evaluateBench },
  { name: "storage", run: storageBench },
  { name: "exports", run: exportsBench },
  { name: "pack", run: packBench },
  { name: "feeds", run: feedsBench },
  { name: "core", run: coreBench },
];

const argv = process.argv.slice(2);
const only = argv.find((arg) => arg.startsWith("--only="))?.slice("--only=".length);
const selected = benchmarks.filter((bench) => only === undefined || bench.name === only);
if (selected.length === 0) {
  console.error(`No benchmark named "${only}". Known: ${benchmarks.map((b) => b.name).join(", ")}`);
  process.exit(2);
}

const results: BenchResult[] = [];
for (const bench of selected) {
  console.log(`\n=== ${bench.name} ===`);
  results.push(await bench.run(argv));
}

console.log("\n=== summary ===");
for (const result of results) {
  console.log(`${result.pass ? "PASS" : "FAIL"}  ${result.name}: ${result.summary}`);
}
if (argv.includes("--strict") && results.some((result) => !result.pass)) process.exitCode = 1;
