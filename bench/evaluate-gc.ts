/**
 * Diagnostic (not part of `pnpm bench`): why the full workload's evaluation can take more than
 * twice the half's. Generates the half workload, times three evaluation passes with the time spent
 * in garbage collection (PerformanceObserver `gc` entries, by kind: 1 = scavenge), then appends the
 * other half and times the full workload, and its first half in the full heap, the same way.
 *
 *   node --expose-gc --import tsx bench/evaluate-gc.ts
 *   node --expose-gc --max-semi-space-size=64 --import tsx bench/evaluate-gc.ts   # 4× fewer scavenges
 */
import { PerformanceObserver } from "node:perf_hooks";
import type { Register } from "@sigreg/core";
import { AS_OF, evaluatePass, SEED } from "./evaluate-passes.js";
import { registersOf } from "./generate.js";
import { collect } from "./lib.js";

const workload = {
  registers: 10_000,
  groupsPerRegister: 40,
  activities: 2_000_000,
  alerts: 500_000,
  seed: SEED,
  asOf: AS_OF,
};
let gcMs = 0;
const count = new Map<number, number>();
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gcMs += entry.duration;
    const kind = (entry as unknown as { detail?: { kind?: number } }).detail?.kind ?? 0;
    count.set(kind, (count.get(kind) ?? 0) + 1);
  }
}).observe({ entryTypes: ["gc"] });
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

async function measure(label: string, registers: readonly Register[]): Promise<void> {
  evaluatePass(registers, AS_OF);
  for (let rep = 0; rep < 3; rep++) {
    collect();
    await settle();
    gcMs = 0;
    count.clear();
    const start = performance.now();
    evaluatePass(registers, AS_OF);
    const elapsed = performance.now() - start;
    await settle(); // the observer is called asynchronously
    const scavenges = count.get(1) ?? 0;
    console.log(
      `${label.padEnd(15)} ${elapsed.toFixed(0).padStart(5)} ms, gc ${gcMs.toFixed(0).padStart(4)} ms in ${scavenges} scavenges (${(gcMs / Math.max(1, scavenges)).toFixed(2)} ms each)`,
    );
  }
}

const registers: Register[] = [...registersOf({ ...workload, to: workload.registers / 2 })];
await measure("half", registers);
for (const register of registersOf({ ...workload, from: workload.registers / 2 }))
  registers.push(register);
await measure("full", registers);
await measure("full, 1st half", registers.slice(0, workload.registers / 2));
