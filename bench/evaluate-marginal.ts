/**
 * The marginal-cost diagnostic of the evaluate benchmark: the same registers with K× the records,
 * so that the cost per record and the fixed cost per group can be told apart. A diagnostic beside
 * the headline ratio, not a replacement for it.
 */
import type { SizeResult } from "./evaluate.bench.js";
import { AS_OF, baselinePass, evaluatePass, passSampler } from "./evaluate-passes.js";
import { countRecords, type GenerateOptions, registersOf } from "./generate.js";
import { collect, int, median, ms, round, time } from "./lib.js";

/** One workload of the marginal-cost diagnostic. */
interface MarginalWorkload {
  label: "sparse" | "dense";
  /** Activities and alerts per register, as a multiple of the standard mix. */
  recordMultiplier: number;
  registers: number;
  groups: number;
  activities: number;
  alerts: number;
  /** Activities + alerts: the records whose count differs between the two workloads. */
  activitiesAndAlerts: number;
  generateMs: number;
  findings: number;
}

/** The samples of one pass over one workload. */
interface PassTimes {
  ms: number[];
  medianMs: number;
  minMs: number;
}

/** One phase of the diagnostic: one workload, generated, timed with only itself in memory. */
interface MarginalPhase {
  workload: MarginalWorkload["label"];
  generateMs: number;
  /** Back-to-back baseline passes averaged into each baseline sample (as in the headline). */
  baselinePassesPerSample: number;
  baseline: PassTimes;
  evaluate: PassTimes;
}

/** Per-record and per-group costs of one pass (baseline or evaluation), from the two workloads. */
interface CostSplit {
  /** Medians: sparse (both sparse phases pooled) and dense. */
  sparseMs: number;
  denseMs: number;
  /** (dense − sparse) / added records, from the medians. */
  marginalNsPerRecord: number;
  /** The same from the fastest samples. */
  marginalNsPerRecordOfMins: number;
  /** (sparse − marginal × sparse activities and alerts) / groups, from the medians. */
  fixedUsPerGroup: number;
  /** Share of the sparse median that is the fixed part (fixed × groups / sparse). */
  fixedShareOfSparse: number;
  /** The split applied to the headline workload: marginal × its records + fixed × its groups. */
  headlinePredictedMs: number;
  /** The headline's measured median, for comparison. */
  headlineMeasuredMs: number;
}

/** The marginal-cost diagnostic (not a target). */
export interface MarginalResult {
  /** Always true: these figures are diagnostics, not targets. */
  diagnostic: true;
  k: number;
  /** `quick`: 1,000 registers × 40 groups; `full`: the headline size. */
  scale: "quick" | "full";
  /** Why this scale. */
  scaleReason: string;
  reps: number;
  /** How the samples were taken. */
  method: string;
  sparse: MarginalWorkload;
  dense: MarginalWorkload;
  addedRecords: number;
  /** Sparse, dense, sparse again: each generated and timed with only itself in memory. */
  phases: MarginalPhase[];
  baseline: CostSplit;
  evaluate: CostSplit;
  /** Marginal evaluation / marginal baseline: the per-record cost ratio, the groups held fixed. */
  perRecordRatio: number;
  perRecordRatioOfMins: number;
  /** Fixed evaluation / fixed baseline, per group (null when the baseline's is not positive). */
  fixedPerGroupRatio: number | null;
  wallMs: number;
  maxRssKiBAfter: number;
}

function passTimes(samples: readonly number[]): PassTimes {
  return {
    ms: samples.map((value) => round(value, 2)),
    medianMs: round(median(samples), 2),
    minMs: round(Math.min(...samples), 2),
  };
}

/**
 * One phase: generates `workload` (with `recordMultiplier`), then times baseline and evaluation on it
 * as the headline does: a warm-up pass of each, then `reps` interleaved repetitions (order
 * alternating), a full gc before each sample. Returns the raw samples; the workload is released.
 */
function marginalPhase(
  workload: GenerateOptions,
  label: MarginalWorkload["label"],
  recordMultiplier: number,
  reps: number,
  log: (line: string) => void,
) {
  collect();
  const generated = time(() => Array.from(registersOf({ ...workload, recordMultiplier })));
  const registers = generated.value;
  const counts = countRecords(registers);
  log(
    `[marginal ${label}] ${int(registers.length)} registers, ${int(counts.groups)} groups, ${int(counts.activities)} activities, ${int(counts.alerts)} alerts (generated in ${ms(generated.ms)})`,
  );
  const warmBaseline = time(() => baselinePass(registers));
  const warmEvaluate = time(() => evaluatePass(registers, AS_OF));
  log(
    `[marginal ${label}] warm-up: baseline ${ms(warmBaseline.ms)}, evaluate ${ms(warmEvaluate.ms)}; findings ${int(warmEvaluate.value)}`,
  );
  const { baselineInner, baselineMs, evaluateMs, runBaseline, runEvaluate } = passSampler(
    registers,
    warmBaseline.ms,
    warmEvaluate.value,
  );
  for (let rep = 0; rep < reps; rep++) {
    if (rep % 2 === 0) {
      runBaseline();
      runEvaluate();
    } else {
      runEvaluate();
      runBaseline();
    }
  }
  const phase: MarginalPhase = {
    workload: label,
    generateMs: round(generated.ms, 1),
    baselinePassesPerSample: baselineInner,
    baseline: passTimes(baselineMs),
    evaluate: passTimes(evaluateMs),
  };
  log(
    `[marginal ${label}] baseline  median ${ms(phase.baseline.medianMs)}, min ${ms(phase.baseline.minMs)} (${phase.baseline.ms.map((v) => v.toFixed(1)).join(", ")})`,
  );
  log(
    `[marginal ${label}] evaluate  median ${ms(phase.evaluate.medianMs)}, min ${ms(phase.evaluate.minMs)} (${phase.evaluate.ms.map((v) => v.toFixed(1)).join(", ")})`,
  );
  const info: MarginalWorkload = {
    label,
    recordMultiplier,
    registers: registers.length,
    groups: counts.groups,
    activities: counts.activities,
    alerts: counts.alerts,
    activitiesAndAlerts: counts.activities + counts.alerts,
    generateMs: round(generated.ms, 1),
    findings: warmEvaluate.value,
  };
  return { info, phase, baselineMs, evaluateMs };
}

function splitCost(
  sparseSamples: readonly number[],
  denseSamples: readonly number[],
  sparse: MarginalWorkload,
  added: number,
  headlineRecords: number,
  headlineGroups: number,
  headlineMeasuredMs: number,
): CostSplit {
  const sparseMs = median(sparseSamples);
  const denseMs = median(denseSamples);
  const marginalMs = (denseMs - sparseMs) / added;
  const fixedMs = sparseMs - marginalMs * sparse.activitiesAndAlerts;
  const fixedPerGroupMs = fixedMs / sparse.groups;
  return {
    sparseMs: round(sparseMs, 2),
    denseMs: round(denseMs, 2),
    marginalNsPerRecord: round(marginalMs * 1e6, 2),
    marginalNsPerRecordOfMins: round(
      ((Math.min(...denseSamples) - Math.min(...sparseSamples)) / added) * 1e6,
      2,
    ),
    fixedUsPerGroup: round(fixedPerGroupMs * 1e3, 4),
    fixedShareOfSparse: round(fixedMs / sparseMs, 3),
    headlinePredictedMs: round(marginalMs * headlineRecords + fixedPerGroupMs * headlineGroups, 1),
    headlineMeasuredMs,
  };
}

/**
 * Measures the marginal-cost diagnostic on `workload` (sparse) and `workload` with
 * `recordMultiplier: k` (dense): three phases, sparse, dense, sparse again, each generated and timed
 * with only itself in memory. The two sparse phases are pooled, which cancels a linear drift of the
 * machine's speed over the three.
 */
export function measureMarginal(
  workload: GenerateOptions,
  k: number,
  scale: MarginalResult["scale"],
  scaleReason: string,
  reps: number,
  headline: SizeResult,
  log: (line: string) => void,
): MarginalResult {
  const wallStart = process.hrtime.bigint();
  const before = marginalPhase(workload, "sparse", 1, reps, log);
  const dense = marginalPhase(workload, "dense", k, reps, log);
  const after = marginalPhase(workload, "sparse", 1, reps, log);
  const maxRssKiBAfter = process.resourceUsage().maxRSS;
  const sparse = before.info;
  if (
    dense.info.groups !== sparse.groups ||
    dense.info.activities !== k * sparse.activities ||
    dense.info.alerts !== k * sparse.alerts ||
    after.info.findings !== sparse.findings
  ) {
    throw new Error("marginal workloads: the dense one is not the sparse one with K× the records");
  }
  const added = dense.info.activitiesAndAlerts - sparse.activitiesAndAlerts;
  const split = (pick: (p: typeof before) => number[], headlineMs: number) =>
    splitCost(
      [...pick(before), ...pick(after)],
      pick(dense),
      sparse,
      added,
      headline.activities + headline.alerts,
      headline.groups,
      headlineMs,
    );
  const baseline = split((p) => p.baselineMs, headline.baselineMedianMs);
  const evaluation = split((p) => p.evaluateMs, headline.evaluateMedianMs);
  return {
    diagnostic: true,
    k,
    scale,
    scaleReason,
    reps,
    method:
      "sparse, dense, sparse again; each generated and timed with only itself in memory (warm-up, interleaved baseline/evaluate repetitions, full gc before each sample); the two sparse phases pooled; medians",
    sparse,
    dense: dense.info,
    addedRecords: added,
    phases: [before.phase, dense.phase, after.phase],
    baseline,
    evaluate: evaluation,
    perRecordRatio: round(evaluation.marginalNsPerRecord / baseline.marginalNsPerRecord, 2),
    perRecordRatioOfMins: round(
      evaluation.marginalNsPerRecordOfMins / baseline.marginalNsPerRecordOfMins,
      2,
    ),
    fixedPerGroupRatio:
      baseline.fixedUsPerGroup > 0
        ? round(evaluation.fixedUsPerGroup / baseline.fixedUsPerGroup, 1)
        : null,
    wallMs: round(Number(process.hrtime.bigint() - wallStart) / 1e6, 0),
    maxRssKiBAfter,
  };
}

/** Prints the marginal-cost diagnostic. */
export function logMarginal(
  result: MarginalResult,
  headline: SizeResult,
  log: (line: string) => void,
) {
  const { sparse, dense, baseline, evaluate: evaluation, phases } = result;
  const [before, , after] = phases as [MarginalPhase, MarginalPhase, MarginalPhase];
  const perGroup = (w: MarginalWorkload) => (w.activitiesAndAlerts / w.groups).toFixed(1);
  const us = (value: number) => `${value.toFixed(Math.abs(value) < 1 ? 3 : 2)} µs`;
  const ns = (value: number) => `${value.toFixed(1)} ns`;
  const pct = (value: number) => `${(100 * value).toFixed(0)}%`;
  const off = (split: CostSplit) => {
    const diff =
      (100 * (split.headlinePredictedMs - split.headlineMeasuredMs)) / split.headlineMeasuredMs;
    const rounded = Math.round(diff);
    return `${rounded > 0 ? "+" : rounded < 0 ? "−" : "±"}${Math.abs(rounded)}%`;
  };
  log("");
  log("diagnostics — not targets (the target is the ratio above): marginal cost per record");
  log(
    `  workloads            ${int(sparse.registers)} registers × ${int(sparse.groups / sparse.registers)} groups at the ${result.scale === "quick" ? "--quick scale" : "full size"} (${result.scaleReason}); K=${result.k}; ${result.reps} reps per phase`,
  );
  log(
    `    sparse             ${int(sparse.activitiesAndAlerts)} activities + alerts (${perGroup(sparse)}/group), the standard mix: baseline ${ms(baseline.sparseMs)}, evaluate ${ms(evaluation.sparseMs)}`,
  );
  log(
    `    dense (K=${result.k})        ${int(dense.activitiesAndAlerts)} activities + alerts (${perGroup(dense)}/group), same registers, groups and reviews: baseline ${ms(baseline.denseMs)}, evaluate ${ms(evaluation.denseMs)}`,
  );
  log(
    `    (medians; each workload timed with only itself in memory, as the headline sizes are; sparse = its phases before and after the dense one pooled: evaluate ${ms(before.evaluate.medianMs)} / ${ms(after.evaluate.medianMs)}, baseline ${ms(before.baseline.medianMs)} / ${ms(after.baseline.medianMs)})`,
  );
  log(
    `  marginal baseline    ${ns(baseline.marginalNsPerRecord)}/record  (of the mins: ${ns(baseline.marginalNsPerRecordOfMins)})`,
  );
  log(
    `  marginal evaluate    ${ns(evaluation.marginalNsPerRecord)}/record  (of the mins: ${ns(evaluation.marginalNsPerRecordOfMins)})`,
  );
  log(
    `  per-record cost ratio (the groups held fixed)  ${result.perRecordRatio.toFixed(2)}  (of the mins: ${result.perRecordRatioOfMins.toFixed(2)})`,
  );
  log(
    `  fixed cost per group evaluate ${us(evaluation.fixedUsPerGroup)} vs baseline ${us(baseline.fixedUsPerGroup)}${result.fixedPerGroupRatio === null ? "" : ` (${result.fixedPerGroupRatio.toFixed(0)}×)`}  [(sparse − marginal × its activities + alerts) / groups; includes per-register work]`,
  );
  log(
    `  fixed share          ${pct(evaluation.fixedShareOfSparse)} of the sparse evaluate time, ${pct(baseline.fixedShareOfSparse)} of the sparse baseline time`,
  );
  log(
    `  headline check       split × the headline workload (${int(headline.groups)} groups, ${int(headline.activities + headline.alerts)} activities + alerts): evaluate ${ms(evaluation.headlinePredictedMs)} predicted vs ${ms(evaluation.headlineMeasuredMs)} measured (${off(evaluation)}), baseline ${ms(baseline.headlinePredictedMs)} vs ${ms(baseline.headlineMeasuredMs)} (${off(baseline)})`,
  );
  log(
    `  cost of this part    ${(result.wallMs / 1000).toFixed(1)} s wall, generation included; maxRSS ${int(result.maxRssKiBAfter / 1024)} MiB`,
  );
}
