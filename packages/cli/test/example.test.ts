import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { run, sections } from "./helpers.js";

// Written by another part of the project; checked only for the CLI's side of the contract.
const example = fileURLToPath(
  new URL("../../../examples/ai-company/register.yaml", import.meta.url),
);

describe.skipIf(!existsSync(example))("examples/ai-company", () => {
  it("loads, and check exits 1 with findings", async () => {
    const { code, stdout, stderr } = await run(["check", example]);
    expect(stderr).toBe("");
    expect(code).toBe(1);
    const found = sections(stdout);
    const total = [...found.values()].reduce((sum, section) => sum + section.count, 0);
    expect(total).toBeGreaterThan(0);
    expect(stdout).toMatch(/^Verdict: nonconformity — /m);
  });
});
