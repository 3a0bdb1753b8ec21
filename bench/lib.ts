/** Small helpers shared by the benchmarks: timing, gc, memory, formatting, output. */
import { mkdirSync, writeFileSync } from "node:fs";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** What a benchmark hands back to `bench/index.ts`. */
export interface BenchResult {
  /** Benchmark name. */
  name: string;
  /** Whether every target was met. */
  pass: boolean;
  /** One-line summary for the final table. */
  summary: string;
}

/** A benchmark as listed in `bench/index.ts`. */
export interface Benchmark {
  name: string;
  run(argv: readonly string[]): Promise<BenchResult> | BenchResult;
}

let cachedGc: (() => void) | null | undefined;

/**
 * A function that forces a full garbage collection, or `null` when none is available. Uses
 * `globalThis.gc` when node runs with `--expose-gc`; otherwise enables the flag at run time and
 * fetches `gc` from a fresh context (works on Node 20/22; no CLI flag needed).
 */
export function fullGc(): (() => void) | null {
  if (cachedGc !== undefined) return cachedGc;
  const existing = (globalThis as { gc?: () => void }).gc;
  if (typeof existing === "function") {
    cachedGc = existing;
    return cachedGc;
  }
  try {
    setFlagsFromString("--expose-gc");
    const gc: unknown = runInNewContext("gc");
    cachedGc = typeof gc === "function" ? (gc as () => void) : null;
  } catch {
    cachedGc = null;
  }
  return cachedGc;
}

/** Runs a full gc when one is available. */
export function collect(): void {
  fullGc()?.();
}

/** Times `fn` with `process.hrtime.bigint()`; returns milliseconds and its result. */
export function time<T>(fn: () => T): { ms: number; value: T } {
  const start = process.hrtime.bigint();
  const value = fn();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { ms, value };
}

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Process memory: RSS high-water mark (KiB, from `process.resourceUsage().maxRSS`) and heap now. */
export function memory(): { maxRssKiB: number; rssMiB: number; heapUsedMiB: number } {
  const usage = process.memoryUsage();
  return {
    maxRssKiB: process.resourceUsage().maxRSS,
    rssMiB: round(usage.rss / 2 ** 20, 1),
    heapUsedMiB: round(usage.heapUsed / 2 ** 20, 1),
  };
}

export function round(value: number, digits = 0): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** 1234567 → "1,234,567". */
export function int(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}

/** Milliseconds with one decimal. */
export function ms(value: number): string {
  return `${value.toFixed(1)} ms`;
}

export function verdict(pass: boolean): string {
  return pass ? "PASS" : "FAIL";
}

/** Writes `data` as JSON to `.bench-out/<file>` at the repository root; returns the path. */
export function writeResult(file: string, data: unknown): string {
  const dir = new URL("../.bench-out/", import.meta.url);
  mkdirSync(dir, { recursive: true });
  const target = new URL(file, dir);
  writeFileSync(target, `${JSON.stringify(data, null, 2)}\n`);
  return target.pathname;
}

/** A V8 CPU profile (`.cpuprofile`), as written by `--cpu-prof` or the inspector. */
export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/**
 * The `top` functions by self time in a CPU profile, as printable lines (self ms, self %, total ms,
 * function and location). `filter` keeps only frames whose description contains it.
 */
export function topFunctions(profile: CpuProfile, top = 30, filter?: string): string[] {
  type Node = CpuProfile["nodes"][number];
  const byId = new Map<number, Node>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const selfUs = new Map<number, number>();
  // Sample i lasts until sample i + 1 (as in Chrome DevTools); the last one gets no time.
  profile.samples.forEach((id, i) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
  });

  const keyOf = (node: Node) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const short = url.replace(/^file:\/\/.*?\/(packages|bench|node_modules)\//, "$1/");
    return `${functionName || "(anonymous)"}  ${short}${url ? `:${lineNumber + 1}` : ""}`;
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let sampled = 0;
  for (const [id, us] of selfUs) {
    sampled += us;
    const node = byId.get(id);
    if (node === undefined) continue;
    const key = keyOf(node);
    self.set(key, (self.get(key) ?? 0) + us);
    // Total time: count once per distinct function on the stack (recursion-safe).
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const frame = byId.get(cur);
      if (frame === undefined) break;
      const frameKey = keyOf(frame);
      if (seen.has(frameKey)) continue;
      seen.add(frameKey);
      total.set(frameKey, (total.get(frameKey) ?? 0) + us);
    }
  }

  const rows = [...self.entries()]
    .filter(([key]) => filter === undefined || key.includes(filter))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top);
  const lines = [
    `sampled ${(sampled / 1000).toFixed(0)} ms`,
    "  self ms   self%   total ms  function",
  ];
  for (const [key, us] of rows) {
    lines.push(
      `${(us / 1000).toFixed(1).padStart(8)}  ${((100 * us) / sampled).toFixed(1).padStart(5)}%  ${((total.get(key) ?? 0) / 1000).toFixed(1).padStart(9)}  ${key}`,
    );
  }
  return lines;
}
