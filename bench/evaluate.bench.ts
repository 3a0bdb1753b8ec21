/**
 * Benchmark: evaluate a multi-tenant workload of 10,000 registers × 40 groups with 2,000,000
 * activities and 500,000 alerts.
 *
 * Targets:
 *  - evaluation takes at most 2.0× a baseline pass that only iterates the same data once;
 *  - cost is linear in the data: the full workload takes at most 2.1× the half workload
 *    (5,000 registers, 1,000,000 activities, 250,000 alerts).
 *
 * Method: the half workload is generated first (outside any timed region) and measured; the other
 * half is then generated and appended, and the full workload measured. (The generator is
 * deterministic per register, so the half workload is exactly the first half of the full one.)
 * At each size: one warm-up pass of each, then `--reps` (default 5) repetitions with baseline and
 * evaluation interleaved (order alternating), a full gc before each timed sample, and the median
 * reported (the min too). A baseline sample averages back-to-back passes when one pass is < 200 ms.
 * Records = groups + activities + alerts.
 *
 * Diagnostic (not a target): marginal cost per record. Profiles show the evaluation's cost is
 * mostly per group, and the workload has only ~6 activities and alerts per group, so the headline
 * ratio mixes two costs. To separate them, a second pair of workloads is measured after the
 * headline: "sparse" (the standard mix) and "dense" (the same registers — same organisations,
 * people, groups and reviews, and the same records first — with K× the activities and alerts; see
 * `recordMultiplier` in `generate.ts`). Three phases — sparse, dense, sparse again — each generate
 * one workload into an otherwise empty heap and time it as the headline sizes are (warm-up,
 * interleaved baseline/evaluation repetitions, full gc before each sample), then release it. The two
 * sparse phases are pooled, which cancels a linear drift of the machine's speed. (Timing both
 * workloads in one heap was tried and rejected: the sparse passes then pay the larger heap's gc and
 * a scattered layout — up to 1.8× slower at full size — which distorts the split.) With
 * n = activities + alerts (the groups are the same in both), from the medians:
 *  - marginal ns/record = (median dense − median sparse) / (n dense − n sparse), for each pass;
 *  - the per-record cost ratio = marginal evaluation / marginal baseline;
 *  - fixed cost per group = (median sparse − marginal × n sparse) / groups, for each pass: what is
 *    left when the records are paid for, i.e. the per-group work (and per-register work / groups);
 *  - a check: marginal × the headline's n + fixed × its groups, against its measured time.
 * K is 5 (`--marginal-k=N`), repetitions per phase 9 (`--marginal-reps=N`). These workloads are at
 * the --quick scale (1,000 registers × 40 groups) even in a full run: at full size, K = 5 means 12.5
 * million records (~6 GiB of heap, over node's default 4 GiB limit, and several minutes more).
 * `--marginal-full` runs them at full size when the heap limit allows (e.g.
 * `NODE_OPTIONS=--max-old-space-size=12288`); `--no-marginal` skips them. The headline workload is
 * released first, so this part runs in the same conditions in --quick and full runs.
 *
 * Flags: `--quick` (1/10 size), `--reps=N` (default 5), `--cpu-profile` (after the measurements,
 * profiles two evaluation passes over the full data in-process and writes
 * `.bench-out/evaluate.cpuprofile`, printing the top functions by self time), `--marginal-k=N`,
 * `--marginal-reps=N`, `--marginal-full`, `--no-marginal` (see above).
 *
 * Under tsx, `@sigreg/core` runs from source transformed by esbuild with `keepNames` (every closure
 * created in a hot path also calls `__name(...)`); a bundled build used to be ~10% faster on the same
 * data, and is within ~4% since the evaluation creates few closures per group (CPU time, in-process,
 * November 2026), so the benchmark still measures the sources.
 *
 * Related tools (not run by `pnpm bench`): `bench/evaluate-cpu.ts` compares the baseline and builds
 * of `evaluate` in one process by CPU time, which a loaded machine disturbs less;
 * `bench/evaluate-fingerprint.ts` hashes evaluate's output over 900 registers, to show that a
 * performance change leaves it byte-identical. Figures: docs/evaluate-performance.md.
 */
import { Session } from "node:inspector/promises";
import { availableParallelism, loadavg } from "node:os";
import { getHeapStatistics } from "node:v8";
import { type Evaluation, evaluate, type Register } from "@sigreg/core";
import { logMarginal, type MarginalResult, measureMarginal } from "./evaluate-marginal.js";
import { AS_OF, baselinePass, evaluatePass, passSampler, SEED } from "./evaluate-passes.js";
import {
  checkGeneratorAgainstSchema,
  countRecords,
  type GenerateOptions,
  registersOf,
} from "./generate.js";
import {
  type BenchResult,
  type CpuProfile,
  collect,
  fullGc,
  int,
  median,
  memory,
  ms,
  round,
  time,
  topFunctions,
  verdict,
  writeResult,
} from "./lib.js";

const RATIO_TARGET = 2.0;
const LINEARITY_TARGET = 2.1;
const DEFAULT_REPS = 5;
/** Default K of the marginal-cost diagnostic: the dense workload has K× the activities and alerts. */
const MARGINAL_K = 5;
/** Default repetitions of the marginal-cost diagnostic (a difference of medians: more samples). */
const MARGINAL_REPS = 9;

/** Evaluates once, keeping statistics about the findings (the warm-up pass; not timed). */
function profileFindings(registers: readonly Register[], asOf: Date) {
  const byRule: Record<string, number> = {};
  const verdicts: Record<Evaluation["verdict"], number> = {
    nonconformity: 0,
    "at-risk": 0,
    ready: 0,
  };
  let findings = 0;
  for (const register of registers) {
    const result = evaluate(register, { asOf });
    verdicts[result.verdict]++;
    findings += result.findings.length;
    for (const finding of result.findings)
      byRule[finding.ruleId] = (byRule[finding.ruleId] ?? 0) + 1;
  }
  return { findings, verdicts, byRule };
}

export interface SizeResult {
  label: string;
  registers: number;
  groups: number;
  activities: number;
  alerts: number;
  records: number;
  generateMs: number;
  /** Back-to-back baseline passes averaged into each baseline sample. */
  baselinePassesPerSample: number;
  baselineMs: number[];
  evaluateMs: number[];
  baselineMedianMs: number;
  evaluateMedianMs: number;
  baselineMinMs: number;
  evaluateMinMs: number;
  baselineRecordsPerSecond: number;
  evaluateRecordsPerSecond: number;
  /** Median evaluate / median baseline. */
  ratio: number;
  /** Fastest evaluate / fastest baseline (less sensitive to a busy machine). */
  ratioOfMins: number;
  findings: number;
  /** Findings per rule id (from the warm-up pass). */
  byRule: Record<string, number>;
  maxRssKiBAfterGenerate: number;
  maxRssKiBAfterRuns: number;
  heapUsedMiBAfterRuns: number;
  rssMiBAfterRuns: number;
  /**
   * Diagnostic, full size only: evaluation of the first half of the registers while the whole
   * workload is in memory (same heap), timed interleaved with the other passes.
   */
  firstHalfInSameHeap?: { registers: number; medianMs: number; minMs: number; ms: number[] };
}

function measure(
  label: string,
  registers: readonly Register[],
  generateMs: number,
  reps: number,
  log: (line: string) => void,
  firstHalf?: readonly Register[],
): SizeResult {
  const counts = countRecords(registers);
  collect();
  const afterGenerate = memory();
  log(
    `[${label}] ${int(registers.length)} registers, ${int(counts.groups)} groups, ${int(counts.activities)} activities, ${int(counts.alerts)} alerts = ${int(counts.records)} records (generated in ${ms(generateMs)})`,
  );

  // Warm-up: one pass of each (the evaluation one also collects finding statistics).
  const warmBaseline = time(() => baselinePass(registers));
  const warmEvaluate = time(() => profileFindings(registers, AS_OF));
  log(
    `[${label}] warm-up: baseline ${ms(warmBaseline.ms)}, evaluate ${ms(warmEvaluate.ms)}; findings ${int(warmEvaluate.value.findings)}, verdicts ${JSON.stringify(warmEvaluate.value.verdicts)}`,
  );

  const findings = warmEvaluate.value.findings;
  const { baselineInner, baselineMs, evaluateMs, runBaseline, runEvaluate } = passSampler(
    registers,
    warmBaseline.ms,
    findings,
  );
  const firstHalfMs: number[] = [];
  const runFirstHalf = () => {
    if (firstHalf === undefined) return;
    collect();
    firstHalfMs.push(time(() => evaluatePass(firstHalf, AS_OF)).ms);
  };
  for (let rep = 0; rep < reps; rep++) {
    if (rep % 2 === 0) {
      runBaseline();
      runEvaluate();
      runFirstHalf();
    } else {
      runFirstHalf();
      runEvaluate();
      runBaseline();
    }
  }
  const afterRuns = memory();
  collect();
  const settled = memory();
  const baselineMedianMs = median(baselineMs);
  const evaluateMedianMs = median(evaluateMs);
  const baselineMinMs = Math.min(...baselineMs);
  const evaluateMinMs = Math.min(...evaluateMs);
  const result: SizeResult = {
    label,
    registers: registers.length,
    ...counts,
    generateMs: round(generateMs, 1),
    baselinePassesPerSample: baselineInner,
    baselineMs: baselineMs.map((value) => round(value, 1)),
    evaluateMs: evaluateMs.map((value) => round(value, 1)),
    baselineMedianMs: round(baselineMedianMs, 1),
    evaluateMedianMs: round(evaluateMedianMs, 1),
    baselineMinMs: round(baselineMinMs, 1),
    evaluateMinMs: round(evaluateMinMs, 1),
    baselineRecordsPerSecond: Math.round(counts.records / (baselineMedianMs / 1000)),
    evaluateRecordsPerSecond: Math.round(counts.records / (evaluateMedianMs / 1000)),
    ratio: round(evaluateMedianMs / baselineMedianMs, 2),
    ratioOfMins: round(evaluateMinMs / baselineMinMs, 2),
    findings,
    byRule: warmEvaluate.value.byRule,
    maxRssKiBAfterGenerate: afterGenerate.maxRssKiB,
    maxRssKiBAfterRuns: afterRuns.maxRssKiB,
    heapUsedMiBAfterRuns: settled.heapUsedMiB,
    rssMiBAfterRuns: settled.rssMiB,
  };
  if (firstHalf !== undefined) {
    result.firstHalfInSameHeap = {
      registers: firstHalf.length,
      medianMs: round(median(firstHalfMs), 1),
      minMs: round(Math.min(...firstHalfMs), 1),
      ms: firstHalfMs.map((value) => round(value, 1)),
    };
  }
  log(
    `[${label}] baseline  median ${ms(baselineMedianMs)}, min ${ms(baselineMinMs)} (${result.baselineMs.join(", ")}) → ${int(result.baselineRecordsPerSecond)} records/s`,
  );
  log(
    `[${label}] evaluate  median ${ms(evaluateMedianMs)}, min ${ms(evaluateMinMs)} (${result.evaluateMs.join(", ")}) → ${int(result.evaluateRecordsPerSecond)} records/s`,
  );
  if (result.firstHalfInSameHeap !== undefined) {
    const same = result.firstHalfInSameHeap;
    log(
      `[${label}] evaluate of the first ${int(same.registers)} registers in this heap: median ${ms(same.medianMs)}, min ${ms(same.minMs)} (${same.ms.join(", ")})`,
    );
  }
  log(
    `[${label}] memory: maxRSS ${int(afterGenerate.maxRssKiB / 1024)} MiB after generation, ${int(afterRuns.maxRssKiB / 1024)} MiB after the runs; heapUsed ${settled.heapUsedMiB} MiB, rss ${settled.rssMiB} MiB (after gc)`,
  );
  return result;
}

/** Profiles `passes` evaluation passes in-process; writes the profile and returns its top lines. */
async function profileEvaluation(registers: readonly Register[], passes: number) {
  const session = new Session();
  session.connect();
  try {
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: 200 });
    collect();
    await session.post("Profiler.start");
    for (let pass = 0; pass < passes; pass++) evaluatePass(registers, AS_OF);
    const { profile } = await session.post("Profiler.stop");
    const path = writeResult("evaluate.cpuprofile", profile);
    return { path, top: topFunctions(profile as unknown as CpuProfile, 25) };
  } finally {
    session.disconnect();
  }
}

/** Runs the benchmark. `--quick` runs it at 1/10 size; see the file comment for other flags. */
export async function run(argv: readonly string[] = process.argv.slice(2)): Promise<BenchResult> {
  const quick = argv.includes("--quick");
  const repsArg = argv.find((arg) => arg.startsWith("--reps="));
  const reps = repsArg === undefined ? DEFAULT_REPS : Math.max(1, Number(repsArg.slice(7)) || 1);
  const scale = quick ? 10 : 1;
  const marginalArg = argv.find((arg) => arg.startsWith("--marginal-k="));
  const marginalK =
    marginalArg === undefined
      ? MARGINAL_K
      : Math.max(2, Math.floor(Number(marginalArg.slice("--marginal-k=".length))) || MARGINAL_K);
  const marginalRepsArg = argv.find((arg) => arg.startsWith("--marginal-reps="));
  const marginalReps =
    marginalRepsArg === undefined
      ? MARGINAL_REPS
      : Math.max(1, Number(marginalRepsArg.slice("--marginal-reps=".length)) || 1);
  const marginal = !argv.includes("--no-marginal");
  const log = (line: string) => console.log(line);
  const workload: GenerateOptions = {
    registers: 10_000 / scale,
    groupsPerRegister: 40,
    activities: 2_000_000 / scale,
    alerts: 500_000 / scale,
    seed: SEED,
    asOf: AS_OF,
  };
  const halfRegisters = workload.registers / 2;
  log(
    `workload${quick ? " (--quick: 1/10)" : ""}: ${int(workload.registers)} registers × ${workload.groupsPerRegister} groups, ${int(workload.activities)} activities, ${int(workload.alerts)} alerts; asOf ${AS_OF.toISOString().slice(0, 10)}; node ${process.version}; gc between passes: ${fullGc() === null ? "unavailable" : "yes"}`,
  );

  const [load1] = loadavg();
  const cpus = availableParallelism();
  log(
    `machine: ${cpus} CPUs, load average (1 min) ${(load1 ?? 0).toFixed(2)}${(load1 ?? 0) > cpus * 0.75 ? " — busy: timings will be noisy; compare the min figures too" : ""}`,
  );

  const check = time(() => checkGeneratorAgainstSchema());
  log(`generator check (registerSchema.parse round-trip, prefix property): ok in ${ms(check.ms)}`);

  // Half size: registers [0, n/2) of the full workload, which is exactly the half workload.
  const registers: Register[] = [];
  const firstHalf = time(() => {
    for (const register of registersOf({ ...workload, to: halfRegisters }))
      registers.push(register);
  });
  const half = measure("half", registers, firstHalf.ms, reps, log);

  // Full size: append registers [n/2, n).
  const secondHalf = time(() => {
    for (const register of registersOf({ ...workload, from: halfRegisters }))
      registers.push(register);
  });
  const full = measure(
    "full",
    registers,
    firstHalf.ms + secondHalf.ms,
    reps,
    log,
    registers.slice(0, halfRegisters),
  );

  const ratioPass = full.ratio <= RATIO_TARGET;
  const linearity = round(full.evaluateMedianMs / half.evaluateMedianMs, 2);
  const baselineLinearity = round(full.baselineMedianMs / half.baselineMedianMs, 2);
  const linearityOfMins = round(full.evaluateMinMs / half.evaluateMinMs, 2);
  const linearityPass = linearity <= LINEARITY_TARGET;
  // Same work, same heap: isolates the evaluation's own scaling from the runtime's (GC, memory).
  const sameHeapLinearity =
    full.firstHalfInSameHeap === undefined
      ? null
      : round(full.evaluateMedianMs / full.firstHalfInSameHeap.medianMs, 2);
  const heapPenalty =
    full.firstHalfInSameHeap === undefined
      ? null
      : round(full.firstHalfInSameHeap.medianMs / half.evaluateMedianMs, 2);
  const { maxRSS } = process.resourceUsage();

  log("");
  log(`records                ${int(full.records)}`);
  log(`generation             ${ms(full.generateMs)} (not timed below)`);
  log(
    `baseline (1 pass)      ${ms(full.baselineMedianMs)}  ${int(full.baselineRecordsPerSecond)} records/s`,
  );
  log(
    `evaluate               ${ms(full.evaluateMedianMs)}  ${int(full.evaluateRecordsPerSecond)} records/s`,
  );
  log(
    `ratio evaluate/baseline ${full.ratio.toFixed(2)}  target ≤ ${RATIO_TARGET.toFixed(1)}  ${verdict(ratioPass)}  (of the mins: ${full.ratioOfMins.toFixed(2)})`,
  );
  log(
    `linearity full/half    ${linearity.toFixed(2)}  target ≤ ${LINEARITY_TARGET.toFixed(1)}  ${verdict(linearityPass)}  (of the mins: ${linearityOfMins.toFixed(2)}; baseline full/half ${baselineLinearity.toFixed(2)})`,
  );
  if (sameHeapLinearity !== null && heapPenalty !== null) {
    log(
      `  same heap              ${sameHeapLinearity.toFixed(2)}  (full vs its first half, both timed with the full data in memory); the first half takes ${heapPenalty.toFixed(2)}× its time when measured alone`,
    );
  }
  log(
    `peak memory            maxRSS ${int(maxRSS / 1024)} MiB (${int(maxRSS)} KiB); heapUsed after ${full.heapUsedMiBAfterRuns} MiB`,
  );

  if (argv.includes("--cpu-profile")) {
    const { path, top } = await profileEvaluation(registers, 2);
    log(`\nCPU profile of 2 evaluation passes (full data) written to ${path}`);
    for (const line of top) log(line);
  }

  // Diagnostic: marginal cost per record (see the file comment). The headline workload is released
  // first, so that this part runs in the same heap whatever the headline size.
  let marginalResult: MarginalResult | null = null;
  if (marginal) {
    registers.length = 0;
    collect();
    const quickScale: GenerateOptions = {
      ...workload,
      registers: 10_000 / 10,
      activities: 2_000_000 / 10,
      alerts: 500_000 / 10,
    };
    // Heap for the dense workload at full size, estimated from the headline's heap per record; it
    // must fit in 80% of the limit (the rest for the garbage of its generation and evaluation).
    const bytesPerRecord = (full.heapUsedMiBAfterRuns * 2 ** 20) / full.records;
    const fullSizeDenseRecords =
      scale * (full.groups + marginalK * (full.activities + full.alerts));
    const fullSizeGiB = (bytesPerRecord * fullSizeDenseRecords) / 2 ** 30;
    const limitGiB = getHeapStatistics().heap_size_limit / 2 ** 30;
    const fits = fullSizeGiB < 0.8 * limitGiB;
    let marginalScale: MarginalResult["scale"] = "quick";
    let reason: string;
    if (quick) {
      reason = "as the headline under --quick";
    } else if (argv.includes("--marginal-full") && fits) {
      marginalScale = "full";
      reason = `--marginal-full; needs ~${fullSizeGiB.toFixed(1)} GiB of heap, limit ${limitGiB.toFixed(1)} GiB`;
    } else {
      reason = `full size with K=${marginalK} would need ~${fullSizeGiB.toFixed(1)} GiB of heap${fits ? "" : `, over 80% of the ${limitGiB.toFixed(1)} GiB heap limit`}${argv.includes("--marginal-full") ? "" : "; --marginal-full to try"}`;
    }
    log("");
    log(
      `marginal cost per record (diagnostic): sparse and K=${marginalK} dense workloads at the ${marginalScale === "quick" ? "--quick scale" : "full size"} (${reason})`,
    );
    marginalResult = measureMarginal(
      marginalScale === "quick" ? quickScale : workload,
      marginalK,
      marginalScale,
      reason,
      marginalReps,
      full,
      log,
    );
    logMarginal(marginalResult, full, log);
  }

  const out = writeResult("evaluate.json", {
    benchmark: "evaluate",
    date: new Date().toISOString(),
    node: process.version,
    quick,
    workload: { ...workload, asOf: AS_OF.toISOString() },
    reps,
    loadAverage1m: load1,
    gc: fullGc() !== null,
    half,
    full,
    targets: {
      ratio: { value: full.ratio, max: RATIO_TARGET, pass: ratioPass },
      linearity: {
        value: linearity,
        ofMins: linearityOfMins,
        max: LINEARITY_TARGET,
        pass: linearityPass,
        baseline: baselineLinearity,
        sameHeap: sameHeapLinearity,
        heapPenalty,
      },
    },
    peakMemory: { maxRssKiB: maxRSS, heapUsedMiBAfter: full.heapUsedMiBAfterRuns },
    diagnostics: { marginalCostPerRecord: marginalResult },
  });
  log(`results written to ${out}`);

  return {
    name: "evaluate",
    pass: ratioPass && linearityPass,
    summary: `${int(full.records)} records: evaluate ${ms(full.evaluateMedianMs)} (${int(full.evaluateRecordsPerSecond)} rec/s) vs baseline ${ms(full.baselineMedianMs)}; ratio ${full.ratio.toFixed(2)} (≤ ${RATIO_TARGET}) ${verdict(ratioPass)}; full/half ${linearity.toFixed(2)} (≤ ${LINEARITY_TARGET}) ${verdict(linearityPass)}; maxRSS ${int(maxRSS / 1024)} MiB`,
  };
}
