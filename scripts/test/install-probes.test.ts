import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { HEAVY_PACKAGES, packageOf, RECORD_HOOK, RECORD_HOOKS } from "../install-probes.js";

describe("packageOf", () => {
  it("names the package of a bare specifier, scoped or not, with or without a subpath", () => {
    expect(packageOf("import pg")).toBe("pg");
    expect(packageOf("require nodemailer/lib/smtp-transport")).toBe("nodemailer");
    expect(packageOf("import @electric-sql/pglite/worker")).toBe("@electric-sql/pglite");
  });

  it("names the innermost package of a resolved path, through pnpm's layout", () => {
    expect(
      packageOf(
        "resolved file:///w/node_modules/.pnpm/kysely@0.28.18/node_modules/kysely/dist/esm/index.js",
      ),
    ).toBe("kysely");
    expect(
      packageOf("resolved /p/node_modules/@sigreg/core/node_modules/@date-fns/utc/index.cjs"),
    ).toBe("@date-fns/utc");
  });

  it("ignores node built-ins, relative paths and URLs", () => {
    expect(packageOf("import node:fs")).toBeUndefined();
    expect(packageOf("require crypto")).toBeUndefined();
    expect(packageOf("import ./chunk-ABC.js")).toBeUndefined();
    expect(packageOf("import file:///x/y.js")).toBeUndefined();
    expect(packageOf("resolved node:path")).toBeUndefined();
  });
});

describe("the module recorder", () => {
  const dir = mkdtempSync(join(tmpdir(), "sigreg-probe-test-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs `code` under the recorder and returns the packages it saw asked for. */
  function recorded(code: string, type: "module" | "commonjs"): string[] {
    writeFileSync(join(dir, "record-hook.mjs"), RECORD_HOOK);
    writeFileSync(join(dir, "record-hooks.mjs"), RECORD_HOOKS);
    const file = join(dir, type === "module" ? "main.mjs" : "main.cjs");
    writeFileSync(file, code);
    const log = join(dir, `${type}.log`);
    writeFileSync(log, "");
    const result = spawnSync(process.execPath, ["--import", "./record-hook.mjs", file], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, SIGREG_PROBE_LOG: log },
    });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const lines = readFileSync(log, "utf8")
      .split("\n")
      .filter((line) => line !== "");
    return [...new Set(lines.map(packageOf).filter((name) => name !== undefined))];
  }

  it("sees an ESM import of a heavy package, installed or not", () => {
    const seen = recorded(
      `try { await import("nodemailer"); } catch {}\nawait import("node:fs");\n`,
      "module",
    );
    expect(seen[0]).toBe("nodemailer");
    expect(HEAVY_PACKAGES).toContain("nodemailer");
  });

  it("sees a CJS require of a heavy package (and, if it is installed here, what it loads)", () => {
    const seen = recorded(`try { require("pg"); } catch {}\nrequire("node:path");\n`, "commonjs");
    expect(seen[0]).toBe("pg");
    expect(seen).not.toContain("path");
  });
});
