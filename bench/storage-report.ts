/** The storage benchmark's figures per database: ratios, targets and the lines it prints. */
import { int, ms, round, verdict } from "./lib.js";
import type { EngineCpuCosts, EvaluationSplit } from "./storage-costs.js";
import type { SameRows } from "./storage-engine.js";
import type { PhaseResult } from "./storage-phase.js";

/**
 * Loading through the adapter (the storage port's `insertMany`): at least this fraction of the
 * baseline's rows/s. The engine's load (validation, evidence, outbox) is printed beside it, with its
 * own ratio, as a diagnostic.
 */
export const LOAD_TARGET = 0.5;
/** Evaluating from storage: at most this multiple of evaluating in memory. */
export const EVALUATE_TARGET = 3;
/**
 * Memory over the second half of the tenants: at most this multiple of the first half's, for the
 * heap retained after a full gc and for the peak RSS (the peak heap moves with the gc's timing).
 */
export const MEMORY_TARGET = 1.1;

/** One target and whether it was met. */
export interface Target {
  name: string;
  value: number;
  limit: number;
  /** `min`: value ≥ limit; `max`: value ≤ limit. */
  kind: "min" | "max";
  pass: boolean;
}

/** An evaluation pass: its phase figures and the findings it produced. */
export type EvaluationResult = PhaseResult & { findings: number };

/** Everything measured on one database. */
export interface DatabaseReport {
  name: string;
  /** `false` when the database could not be used (`skipped` says why). */
  ran: boolean;
  skipped?: string;
  baselines: PhaseResult[];
  /** The fastest baseline's name. */
  baseline: string;
  /** The engine load, with its time in importRegister and its storage calls per tenant. */
  engine: PhaseResult & { setupMs: number; callsPerTenant: Record<string, number> };
  /** The adapter's insertMany in one transaction: the load the target applies to. */
  insertMany: PhaseResult;
  /** The same with one transaction per tenant (a diagnostic). */
  insertManyPerTenant: PhaseResult;
  sameRows: { engine: SameRows; insertMany: SameRows; insertManyPerTenant: SameRows };
  evaluate: EvaluationResult;
  split: EvaluationSplit;
  /** The adapter's `insertMany` load, rows/s (the load the target applies to). */
  loadRowsPerSecond: number;
  /** insertMany rows/s ÷ fastest baseline rows/s: the load target's figure. */
  loadRatio: number;
  engineRowsPerSecond: number;
  /** Engine rows/s ÷ fastest baseline rows/s (diagnostic). */
  engineRatio: number;
  /** insertMany with a transaction per tenant, rows/s ÷ fastest baseline rows/s (diagnostic). */
  perTenantRatio: number;
  /** Evaluation from storage ÷ evaluation in memory. */
  evaluateRatio: number;
  targets: Target[];
}

/** A database that could not be measured. */
export function skippedReport(name: string, reason: string): DatabaseReport {
  return { name, ran: false, skipped: reason, targets: [] } as unknown as DatabaseReport;
}

/** Prints one phase: time, rows/s, memory. */
export function logPhase(log: (line: string) => void, phase: PhaseResult, note = ""): void {
  const m = phase.memory;
  log(
    `${phase.name}: ${ms(phase.ms)}, ${int(phase.rowsPerSecond)} rows/s${note === "" ? "" : `; ${note}`}`,
  );
  log(
    `  memory, first → second half of the tenants: retained heap ${m.retainedHalfMiB} → ${m.retainedEndMiB} MiB (×${m.retainedGrowth}), peak rss ${m.peakRssFirstHalfMiB} → ${m.peakRssSecondHalfMiB} MiB (×${m.rssGrowth}), peak heap ${m.peakHeapFirstHalfMiB} → ${m.peakHeapSecondHalfMiB} MiB; maxRSS so far ${int(m.maxRssMiB)} MiB`,
  );
}

/** Ratios and targets of one database, printed. */
export function databaseReport(
  name: string,
  parts: Omit<
    DatabaseReport,
    | "name"
    | "ran"
    | "baseline"
    | "loadRowsPerSecond"
    | "loadRatio"
    | "engineRowsPerSecond"
    | "engineRatio"
    | "perTenantRatio"
    | "evaluateRatio"
    | "targets"
  >,
  inMemory: EvaluationResult,
  cpu: { costs: EngineCpuCosts; eventShare: number },
  log: (line: string) => void,
): DatabaseReport {
  const fastest = parts.baselines.reduce((a, b) => (b.rowsPerSecond > a.rowsPerSecond ? b : a));
  const loadRatio = round(parts.insertMany.rowsPerSecond / fastest.rowsPerSecond, 2);
  const engineRatio = round(parts.engine.rowsPerSecond / fastest.rowsPerSecond, 2);
  const perTenantRatio = round(parts.insertManyPerTenant.rowsPerSecond / fastest.rowsPerSecond, 2);
  const evaluateRatio = round(parts.evaluate.ms / inMemory.ms, 2);
  const memoryPhases = [parts.insertMany, parts.engine, parts.evaluate];
  const growth = Math.max(
    ...memoryPhases.map((phase) => Math.max(phase.memory.retainedGrowth, phase.memory.rssGrowth)),
  );
  const targets: Target[] = [
    target(`${name}: load insertMany/baseline rows/s`, loadRatio, LOAD_TARGET, "min"),
    target(`${name}: evaluate storage/memory time`, evaluateRatio, EVALUATE_TARGET, "max"),
    target(`${name}: memory growth, 2nd/1st half`, growth, MEMORY_TARGET, "max"),
  ];
  const split = parts.split;
  log("");
  log(`[${name}] summary`);
  log(`  baseline (fastest)     ${fastest.name}: ${int(fastest.rowsPerSecond)} rows/s`);
  log(
    `  adapter insertMany     ${int(parts.insertMany.rowsPerSecond)} rows/s, ${loadRatio.toFixed(2)}× baseline  target ≥ ${LOAD_TARGET}  ${verdict(loadRatio >= LOAD_TARGET)} (one transaction, as the baseline)`,
  );
  log(
    `  insertMany per tenant  ${int(parts.insertManyPerTenant.rowsPerSecond)} rows/s, ${perTenantRatio.toFixed(2)}× baseline (diagnostic: a transaction per tenant, so a commit, a synchronous WAL flush, per tenant)`,
  );
  log(
    `  engine load            ${int(parts.engine.rowsPerSecond)} rows/s, ${engineRatio.toFixed(2)}× baseline (diagnostic: importRegister + recordActivities/recordAlerts, with validation, evidence and outbox per event)`,
  );
  const us = (phase: PhaseResult) => (1e6 / phase.rowsPerSecond).toFixed(1);
  const c = cpu.costs;
  const perEvent = c.validateUs + c.toJsonUs + c.recordIdUs + c.evidenceDigestUs;
  const cpuPerRow = perEvent * cpu.eventShare;
  const rest = 1e6 / parts.engine.rowsPerSecond - 1e6 / parts.insertMany.rowsPerSecond - cpuPerRow;
  log(
    `  time per row           engine ${us(parts.engine)} µs = adapter insertMany ${us(parts.insertMany)} µs + engine CPU before SQL ${cpuPerRow.toFixed(1)} µs (validate ${c.validateUs}, toJson ${c.toJsonUs}, recordIdOf ${c.recordIdUs}, evidence digest ${c.evidenceDigestUs} µs per event) + the rest ${rest.toFixed(1)} µs (importRegister, known-id lookups, evidence and outbox rows, transactions, gc); baseline ${us(fastest)} µs`,
  );
  log(
    `  evaluate from storage  ${ms(parts.evaluate.ms)} vs ${ms(inMemory.ms)} in memory: ${evaluateRatio.toFixed(2)}×  target ≤ ${EVALUATE_TARGET}  ${verdict(evaluateRatio <= EVALUATE_TARGET)}`,
  );
  log(
    `    per tenant (first ${split.tenants}, each part timed alone): read rows ${split.readMs} ms (of which JSON.parse ${split.parseMs} ms) + revive dates and sort ${split.decodeMs} ms + rules ${split.evaluateMs} ms; the same tenants in memory ${split.inMemoryMs} ms`,
  );
  log(
    `  memory                 growth ${growth.toFixed(2)} (retained heap and peak rss, insertMany and engine loads and evaluation, second half vs first)  target ≤ ${MEMORY_TARGET}  ${verdict(growth <= MEMORY_TARGET)}; maxRSS ${int(parts.evaluate.memory.maxRssMiB)} MiB`,
  );
  return {
    name,
    ran: true,
    ...parts,
    baseline: fastest.name,
    loadRowsPerSecond: parts.insertMany.rowsPerSecond,
    loadRatio,
    engineRowsPerSecond: parts.engine.rowsPerSecond,
    engineRatio,
    perTenantRatio,
    evaluateRatio,
    targets,
  };
}

function target(name: string, value: number, limit: number, kind: "min" | "max"): Target {
  return { name, value, limit, kind, pass: kind === "min" ? value >= limit : value <= limit };
}

/** Prints and checks that a load stored exactly the baseline's rows. */
export function checkSameRows(
  log: (line: string) => void,
  what: string,
  same: SameRows,
  expected: number,
): void {
  const ok = same.differing === 0 && same.rows === expected;
  log(
    `  ${what}: ${int(same.rows)} rows, ${same.differing} differing from the baseline's${ok ? " (same rows, same text)" : ` — MISMATCH (expected ${int(expected)})`}`,
  );
  if (!ok) throw new Error(`${what} did not store the baseline's rows`);
}
