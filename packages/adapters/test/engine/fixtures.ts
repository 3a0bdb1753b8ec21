import { readFileSync } from "node:fs";
import { parseRegisterText, type Register } from "@sigreg/core";

/** Path of the example register every engine test starts from. */
export const EXAMPLE = new URL("../../../../examples/ai-company/register.yaml", import.meta.url)
  .pathname;

/** The example register, parsed by the file loader. */
export function exampleRegister(): Register {
  return parseRegisterText(readFileSync(EXAMPLE), { file: EXAMPLE })._unsafeUnwrap();
}

/** A fixed clock that advances one second per call, so evidence timestamps are predictable. */
export function steppingClock(start = "2026-11-23T09:00:00Z"): () => Date {
  let tick = 0;
  return () => new Date(Date.parse(start) + 1000 * tick++);
}
