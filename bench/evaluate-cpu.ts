/**
 * In-process comparison for work on `evaluate()`: CPU time (`process.cpuUsage()`, which a loaded
 * machine disturbs far less than wall-clock time) of the baseline pass and of evaluation passes
 * over the `--quick` workload of the evaluate benchmark, interleaved, medians of several
 * repetitions, each sample after a full gc. Not part of `pnpm bench`.
 *
 *   npx tsx bench/evaluate-cpu.ts                       # baseline and @sigreg/core from source
 *   npx tsx bench/evaluate-cpu.ts --reps=11 \
 *     --core=dist=packages/core/dist/index.js \
 *     --core=before=packages/core/.bench-before.mjs     # and any other builds, by label
 *
 * A build of another commit, to compare against, can be bundled from its sources with esbuild, e.g.
 * `git archive <commit> packages/core/src | tar -x -C /tmp/old` then
 * `node_modules/.pnpm/node_modules/.bin/esbuild /tmp/old/packages/core/src/index.ts --bundle
 * --platform=node --format=esm --target=node20 --packages=external
 * --outfile=packages/core/.bench-before.mjs` (inside packages/core, so that its dependencies
 * resolve; delete it afterwards). A baseline sample averages three back-to-back passes, as the
 * benchmark's `--quick` run averages several; `--registers=N` changes the size (default 1,000).
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import * as source from "@sigreg/core";
import { AS_OF, baselinePass, SEED } from "./evaluate-passes.js";
import { generateRegisters } from "./generate.js";
import { collect, median } from "./lib.js";

type Evaluate = typeof source.evaluate;

const argv = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const arg = argv.find((value) => value.startsWith(`--${name}=`));
  return arg === undefined ? fallback : Math.max(1, Number(arg.slice(name.length + 3)) || fallback);
};
const reps = option("reps", 9);
const registerCount = option("registers", 1000);

const builds: [string, Evaluate][] = [["source", source.evaluate]];
for (const arg of argv.filter((value) => value.startsWith("--core="))) {
  const [label, path] = arg.slice("--core=".length).split("=") as [string, string | undefined];
  if (path === undefined) throw new Error(`expected --core=label=path, got ${arg}`);
  const module = (await import(pathToFileURL(resolve(path)).href)) as { evaluate: Evaluate };
  builds.push([label, module.evaluate]);
}

const registers = generateRegisters({
  registers: registerCount,
  groupsPerRegister: 40,
  activities: registerCount * 200,
  alerts: registerCount * 50,
  seed: SEED,
  asOf: AS_OF,
});

function cpuMs(pass: () => unknown): number {
  collect();
  const start = process.cpuUsage();
  pass();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

const BASELINE_PASSES = 3;
const passes: [string, () => number][] = [
  [
    "baseline",
    () => {
      let checksum = 0;
      for (let pass = 0; pass < BASELINE_PASSES; pass++) checksum += baselinePass(registers);
      return checksum;
    },
  ],
  ...builds.map(([label, evaluate]): [string, () => number] => [
    label,
    () => {
      let findings = 0;
      for (const register of registers)
        findings += evaluate(register, { asOf: AS_OF }).findings.length;
      return findings;
    },
  ]),
];

const samples = new Map<string, number[]>(passes.map(([label]) => [label, []]));
for (const [, pass] of passes) pass(); // warm-up
for (let rep = 0; rep < reps; rep++) {
  const order = rep % 2 === 0 ? passes : [...passes].reverse();
  for (const [label, pass] of order) {
    const ms = cpuMs(pass) / (label === "baseline" ? BASELINE_PASSES : 1);
    samples.get(label)?.push(ms);
  }
}
const baseline = median(samples.get("baseline") ?? []);
console.log(
  `${registerCount} registers × 40 groups; CPU ms per pass, median of ${reps} (interleaved)`,
);
for (const [label, values] of samples) {
  const value = median(values);
  console.log(
    `${label.padEnd(10)} ${value.toFixed(1).padStart(7)} ms  ×${(value / baseline).toFixed(2)} the baseline  (${values.map((ms) => ms.toFixed(0)).join(" ")})`,
  );
}
