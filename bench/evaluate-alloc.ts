/**
 * Diagnostic (not part of `pnpm bench`): what one evaluation pass allocates, by function, with V8's
 * sampling heap profiler counting objects that minor and major collections freed too. Evaluates the
 * `--quick` workload (1,000 registers) twice to warm up, then samples a third pass.
 *
 *   npx tsx bench/evaluate-alloc.ts
 */
import { Session } from "node:inspector/promises";
import { AS_OF, evaluatePass, quickRegisters } from "./evaluate-passes.js";

interface SampleNode {
  selfSize: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children: SampleNode[];
}

const registers = quickRegisters();
evaluatePass(registers, AS_OF);
evaluatePass(registers, AS_OF);
const session = new Session();
session.connect();
await session.post("HeapProfiler.enable");
await session.post("HeapProfiler.startSampling", {
  samplingInterval: 1024,
  includeObjectsCollectedByMinorGC: true,
  includeObjectsCollectedByMajorGC: true,
});
evaluatePass(registers, AS_OF);
const { profile } = (await session.post("HeapProfiler.stopSampling")) as unknown as {
  profile: { head: SampleNode };
};
session.disconnect();
const byFunction = new Map<string, number>();
let total = 0;
const walk = (node: SampleNode) => {
  total += node.selfSize;
  const { functionName, url } = node.callFrame;
  const key = `${functionName || "(anonymous)"} ${url.split("/").slice(-2).join("/")}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + node.selfSize);
  for (const child of node.children) walk(child);
};
walk(profile.head);
console.log(
  `allocated in one pass: ${(total / 1e6).toFixed(1)} MB, ${(total / registers.length / 1e3).toFixed(1)} KB per register`,
);
for (const [key, bytes] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 25))
  console.log(`${(bytes / registers.length / 1e3).toFixed(2).padStart(7)} KB/register  ${key}`);
