import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { EXIT } from "../src/index.js";
import { run } from "./helpers.js";
import { exampleCopy } from "./store-helpers.js";

// A machine without exceljs: the real pack builder, told to load a package that is not installed,
// fails the way it fails for a user who never installed exceljs.
vi.mock("@sigreg/adapters/pack", async (importOriginal) => {
  const real = await importOriginal<typeof import("@sigreg/adapters/pack")>();
  return {
    ...real,
    createAuditPack: (input: Parameters<typeof real.createAuditPack>[0]) =>
      real.createAuditPack(input, { exceljs: "exceljs-absent" }),
  };
});

describe("sigreg pack without exceljs", () => {
  it("exits 2, says how to install it and writes nothing", async () => {
    const dir = await exampleCopy();
    const result = await run(["pack", "--out", "audit.zip"], { cwd: dir });
    expect(result.code).toBe(EXIT.usage);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      "sigreg pack: XLSX export needs exceljs-absent, an optional peer dependency that is not installed: install exceljs-absent (npm install exceljs-absent) [DEPENDENCY_MISSING]\n",
    );
    expect(existsSync(join(dir, "audit.zip"))).toBe(false);
  });
});
