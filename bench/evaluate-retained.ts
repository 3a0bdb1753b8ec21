/**
 * Diagnostic (not part of `pnpm bench`): how large the `Evaluation`s themselves are, the part of what
 * an evaluation allocates that it returns and cannot throw away. Evaluates the `--quick` workload
 * (1,000 registers) once to warm up, then again keeping every result (or one part of each), and
 * prints the growth of the heap after a full gc, per register.
 *
 *   node --expose-gc --import tsx bench/evaluate-retained.ts
 */
import { type Evaluation, evaluate } from "@sigreg/core";
import { AS_OF, quickRegisters } from "./evaluate-passes.js";
import { collect } from "./lib.js";

const registers = quickRegisters();
const parts: [string, (result: Evaluation) => unknown][] = [
  ["the whole evaluation", (result) => result],
  ["groups", (result) => result.groups],
  ["  relevance factors", (result) => result.groups.map((group) => group.relevance.factors)],
  ["  review states", (result) => result.groups.map((group) => group.review)],
  ["  last activity dates", (result) => result.groups.map((group) => group.lastActivity)],
  ["findings", (result) => result.findings],
  ["kpis", (result) => result.kpis],
];
/** The heap's growth per register while `part` of every register's evaluation is kept. */
function retained(part: (result: Evaluation) => unknown): number {
  collect();
  collect();
  const before = process.memoryUsage().heapUsed;
  const kept = registers.map((register) => part(evaluate(register, { asOf: AS_OF })));
  collect();
  collect();
  const grown = process.memoryUsage().heapUsed - before;
  if (kept.length !== registers.length) throw new Error("lost a result");
  return grown / registers.length;
}

for (const register of registers) evaluate(register, { asOf: AS_OF });
for (const [label, part] of parts)
  console.log(
    `${label.padEnd(22)} ${(retained(part) / 1e3).toFixed(1).padStart(5)} KB per register`,
  );
