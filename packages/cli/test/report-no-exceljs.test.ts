import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { EXIT } from "../src/index.js";
import { run } from "./helpers.js";
import { exampleCopy } from "./store-helpers.js";

// A machine without exceljs: the real XLSX exporter, told to load a package that is not installed,
// fails the way it fails for a user who never installed exceljs.
vi.mock("@sigreg/adapters/xlsx", async (importOriginal) => {
  const real = await importOriginal<typeof import("@sigreg/adapters/xlsx")>();
  return {
    ...real,
    xlsxExporter: () => real.xlsxExporter({ moduleName: "exceljs-absent" }),
    xlsxPlugin: () => real.xlsxPlugin({ moduleName: "exceljs-absent" }),
  };
});

describe("sigreg report without exceljs", () => {
  it("exits 2 and says how to install it; the other formats still work", async () => {
    const dir = await exampleCopy();
    const xlsx = await run(["report", "--out", "audit.xlsx"], { cwd: dir });
    expect(xlsx.code).toBe(EXIT.usage);
    expect(xlsx.stdout).toBe("");
    expect(xlsx.stderr).toBe(
      "sigreg report: XLSX export needs exceljs-absent, an optional peer dependency that is not installed: install exceljs-absent (npm install exceljs-absent) [DEPENDENCY_MISSING]\n",
    );
    expect(existsSync(join(dir, "audit.xlsx"))).toBe(false);
    expect((await run(["report", "--format", "csv"], { cwd: dir })).code).toBe(EXIT.ok);
  });
});
