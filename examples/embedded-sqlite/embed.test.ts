import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { embed } from "./embed.js";

describe("examples/embedded-sqlite (the README's storage example)", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("imports the register into SQLite, evaluates it and verifies the evidence log", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sigreg-embed-"));
    dirs.push(dir);
    const first = await embed(join(dir, "sigreg.db"));
    expect(first.evidence.ok).toBe(true);
    expect(first.findings.length).toBeGreaterThan(0);
    // The same database again: the import changes nothing, the activity is stored once.
    const second = await embed(join(dir, "sigreg.db"));
    expect(second.evidence.ok).toBe(true);
    expect(second.findings).toEqual(first.findings);
  });
});
