/**
 * Timed phases of the storage benchmark. A phase is a pass over the tenants in which only the work
 * under test is timed (reading the workload file and building inputs is not). Phases that are
 * compared with each other run interleaved, in blocks of tenants, alternating their order from one
 * block to the next, so that a machine whose speed drifts (other work, thermal) weighs on all of
 * them alike. Memory is sampled after every tenant of a phase, and after a full gc at the
 * half-way block and at the end.
 */
import { collect, round } from "./lib.js";
import { readTenants, type TenantRows, type WorkloadFile } from "./storage-data.js";

/** Memory of one phase, split at the half-way tenant so that growth with the data shows. */
export interface PhaseMemory {
  /** Highest heapUsed seen after a tenant of the first half, MiB. */
  peakHeapFirstHalfMiB: number;
  /** Highest heapUsed seen after a tenant of the second half, MiB. */
  peakHeapSecondHalfMiB: number;
  /** Highest RSS seen after a tenant of the first half, MiB. */
  peakRssFirstHalfMiB: number;
  /** Highest RSS seen after a tenant of the second half, MiB. */
  peakRssSecondHalfMiB: number;
  /** heapUsed of the process after a full gc at the half-way point and at the end, MiB. */
  retainedHalfMiB: number;
  retainedEndMiB: number;
  /** Process maxRSS (a high-water mark since the process started) at the end of the phase, MiB. */
  maxRssMiB: number;
  /** peakHeapSecondHalf / peakHeapFirstHalf (informative: it moves with the gc's timing). */
  heapGrowth: number;
  /** peakRssSecondHalf / peakRssFirstHalf. */
  rssGrowth: number;
  /** retainedEnd / retainedHalf: what the process keeps as the data grows. */
  retainedGrowth: number;
}

/** What a phase measured. */
export interface PhaseResult {
  name: string;
  /** Time spent in the timed work, ms. */
  ms: number;
  /** Rows the phase handled. */
  rows: number;
  rowsPerSecond: number;
  memory: PhaseMemory;
}

/** Accumulates the time of the timed sections. */
export class Stopwatch {
  #ns = 0n;

  /** Times `fn` (sync or async) and adds its duration. */
  async time<T>(fn: () => T | Promise<T>): Promise<T> {
    const start = process.hrtime.bigint();
    try {
      return await fn();
    } finally {
      this.#ns += process.hrtime.bigint() - start;
    }
  }

  /** Times a synchronous `fn` and adds its duration. */
  timeSync<T>(fn: () => T): T {
    const start = process.hrtime.bigint();
    try {
      return fn();
    } finally {
      this.#ns += process.hrtime.bigint() - start;
    }
  }

  /** Time accumulated, ms. */
  get ms(): number {
    return Number(this.#ns) / 1e6;
  }
}

/** Peak heap and RSS of one phase, per half of the tenants. */
class MemoryTrack {
  #heap = [0, 0];
  #rss = [0, 0];

  sample(secondHalf: boolean): void {
    const { heapUsed, rss } = process.memoryUsage();
    const side = secondHalf ? 1 : 0;
    this.#heap[side] = Math.max(this.#heap[side] as number, heapUsed);
    this.#rss[side] = Math.max(this.#rss[side] as number, rss);
  }

  finish(retainedHalf: number, retainedEnd: number): PhaseMemory {
    const mib = (bytes: number) => round(bytes / 2 ** 20, 1);
    const ratio = (a: number, b: number) => (b === 0 ? 1 : round(a / b, 2));
    const [heap1 = 0, heap2 = 0] = this.#heap;
    const [rss1 = 0, rss2 = 0] = this.#rss;
    return {
      peakHeapFirstHalfMiB: mib(heap1),
      peakHeapSecondHalfMiB: mib(heap2),
      peakRssFirstHalfMiB: mib(rss1),
      peakRssSecondHalfMiB: mib(rss2),
      retainedHalfMiB: mib(retainedHalf),
      retainedEndMiB: mib(retainedEnd),
      maxRssMiB: round(process.resourceUsage().maxRSS / 1024, 1),
      heapGrowth: ratio(heap2, heap1),
      rssGrowth: ratio(rss2, rss1),
      retainedGrowth: ratio(retainedEnd, retainedHalf),
    };
  }
}

/** A phase over every tenant: `prepare` (not timed), then `work` (timed); returns rows handled. */
export interface PhaseSpec<TPrepared = unknown> {
  name: string;
  prepare(tenant: TenantRows): TPrepared;
  work(prepared: TPrepared, tenant: TenantRows): Promise<number> | number;
  /** Timed, before the first tenant (BEGIN…). */
  begin?(): Promise<void> | void;
  /** Timed, after the last tenant (COMMIT…). */
  end?(): Promise<void> | void;
}

/** Blocks the tenants are split into: enough to spread drift, few enough that each is long. */
export const BLOCKS = 10;

/**
 * Runs the phases interleaved: block 0 of each, in order, then block 1 in reverse order, and so
 * on. Returns their results in the order given.
 */
export async function runInterleaved(
  file: WorkloadFile,
  // biome-ignore lint/suspicious/noExplicitAny: each phase's prepared value is its own.
  specs: readonly PhaseSpec<any>[],
): Promise<PhaseResult[]> {
  const tenants = file.offsets.length - 1;
  const runs = specs.map((spec) => ({
    spec,
    watch: new Stopwatch(),
    memory: new MemoryTrack(),
    rows: 0,
  }));
  const blocks = Math.min(BLOCKS, tenants);
  collect();
  for (const run of runs) if (run.spec.begin !== undefined) await run.watch.time(run.spec.begin);
  let retainedHalf = 0;
  for (let block = 0; block < blocks; block++) {
    const secondHalf = block >= blocks >> 1;
    if (block === blocks >> 1) {
      collect();
      retainedHalf = process.memoryUsage().heapUsed;
    }
    const from = Math.floor((block * tenants) / blocks);
    const to = Math.floor(((block + 1) * tenants) / blocks);
    for (const run of block % 2 === 0 ? runs : [...runs].reverse()) {
      for (const tenant of readTenants(file, from, to)) {
        const prepared = run.spec.prepare(tenant);
        run.rows += await run.watch.time(() => run.spec.work(prepared, tenant));
        run.memory.sample(secondHalf);
      }
    }
  }
  for (const run of runs) if (run.spec.end !== undefined) await run.watch.time(run.spec.end);
  collect();
  const retainedEnd = process.memoryUsage().heapUsed;
  return runs.map((run) => ({
    name: run.spec.name,
    ms: round(run.watch.ms, 1),
    rows: run.rows,
    rowsPerSecond: Math.round(run.rows / (run.watch.ms / 1000)),
    memory: run.memory.finish(retainedHalf, retainedEnd),
  }));
}
