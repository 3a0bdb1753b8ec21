import { spawnSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { EXIT } from "../src/index.js";
import { run, tempDir } from "./helpers.js";
import { exampleCopy, parsed } from "./store-helpers.js";

const NOW = () => new Date("2026-11-23T15:00:00Z");

async function groupCount(dir: string): Promise<number> {
  return parsed(await readFile(join(dir, "register.yaml"), "utf8")).groups.length;
}

describe("sigreg report", () => {
  it("prints the register and findings as Markdown by default", async () => {
    const dir = await exampleCopy();
    const { code, stdout, stderr } = await run(["report", "--as-of", "2026-11-23"], {
      cwd: dir,
      now: NOW,
    });
    expect(stderr).toBe("");
    expect(code).toBe(EXIT.ok);
    expect(stdout).toMatch(/^# A\.5\.6 special interest groups: /);
    expect(stdout).toContain("Evaluated as of 2026-11-23; generated 2026-11-23T15:00:00.000Z.");
    expect(stdout).toContain("## Register");
    expect(stdout).toContain("| ID | Name | Type | Contact | Website | Owner | Relevance score |");
    expect(stdout).toContain("## Findings");
  });

  it("writes CSV to --out and says what it wrote", async () => {
    const dir = await exampleCopy();
    const { code, stdout } = await run(
      ["report", "--format", "csv", "--out", "register.csv", "--as-of", "2026-11-23"],
      { cwd: dir, now: NOW },
    );
    expect(code).toBe(EXIT.ok);
    const groups = await groupCount(dir);
    expect(stdout).toMatch(
      new RegExp(
        `^Wrote register\\.csv \\(csv: ${groups} groups, \\d+ findings?, as of 2026-11-23\\)\\.\\n$`,
      ),
    );
    const text = await readFile(join(dir, "register.csv"), "utf8");
    expect(text.startsWith("\uFEFFID,Name,Type,")).toBe(true);
    // One header line plus one line per group (no cell of the example spans lines).
    expect(text.trimEnd().split("\r\n")).toHaveLength(groups + 1);
  });

  it("writes an XLSX workbook when --out ends in .xlsx, with Register and Findings sheets", async () => {
    const dir = await exampleCopy();
    const { code } = await run(["report", "--out", "audit.xlsx"], { cwd: dir, now: NOW });
    expect(code).toBe(EXIT.ok);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile(join(dir, "audit.xlsx"))) as never);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(["Register", "Findings"]);
    expect(workbook.getWorksheet("Register")?.rowCount).toBe((await groupCount(dir)) + 1);
  });

  it("refuses to write XLSX to a terminal, before opening the store", async () => {
    const dir = await tempDir();
    const { code, stdout, stderr } = await run(["report", "--format", "xlsx"], {
      cwd: dir,
      isTTY: true,
    });
    expect(code).toBe(EXIT.usage);
    expect(stdout).toBe("");
    expect(stderr).toContain("refusing to write XLSX to a terminal; use --out FILE");
  });

  it("writes XLSX bytes to a redirected standard output", async () => {
    const dir = await exampleCopy();
    const chunks: Uint8Array[] = [];
    const { code, stdout } = await run(["report", "--format", "xlsx"], {
      cwd: dir,
      now: NOW,
      stdoutBytes: (bytes) => chunks.push(bytes),
    });
    expect(code).toBe(EXIT.ok);
    expect(stdout).toBe("");
    expect(chunks).toHaveLength(1);
    expect(
      Buffer.from(chunks[0] as Uint8Array)
        .subarray(0, 2)
        .toString(),
    ).toBe("PK");
  });

  it("asks for --out when the caller cannot take bytes on standard output", async () => {
    const dir = await exampleCopy();
    const { code, stderr } = await run(["report", "--format", "xlsx"], { cwd: dir, now: NOW });
    expect(code).toBe(EXIT.usage);
    expect(stderr).toContain("binary output needs --out FILE");
  });

  it("prints OSCAL assessment results, identical for the same store, date and clock", async () => {
    const dir = await exampleCopy();
    const argv = ["report", "--format", "oscal", "--as-of", "2026-11-23"];
    const first = await run(argv, { cwd: dir, now: NOW });
    expect(first.code).toBe(EXIT.ok);
    const doc = JSON.parse(first.stdout);
    expect(doc["assessment-results"].metadata["oscal-version"]).toBe("1.1.3");
    expect(doc["assessment-results"].results[0].start).toBe("2026-11-23T00:00:00.000Z");
    expect((await run(argv, { cwd: dir, now: NOW })).stdout).toBe(first.stdout);
  });

  it("prints JSON whose findings follow --as-of", async () => {
    const dir = await exampleCopy();
    const at = async (asOf: string) =>
      JSON.parse(
        (await run(["report", "--format", "json", "--as-of", asOf], { cwd: dir, now: NOW })).stdout,
      );
    const now = await at("2026-11-23");
    const later = await at("2028-11-23");
    expect(now).toMatchObject({ format: "sigreg-export", asOf: "2026-11-23T00:00:00.000Z" });
    expect(later.findings.length).toBeGreaterThan(now.findings.length);
    expect(later.findings.map((f: { ruleId: string }) => f.ruleId)).toContain(
      "register-review-overdue",
    );
  });

  it("is listed in the help", async () => {
    expect((await run(["--help"])).stdout).toContain("report            Export the register");
    const { code, stdout } = await run(["help", "report"]);
    expect(code).toBe(EXIT.ok);
    expect(stdout).toContain("Usage: sigreg report [options]");
  });
});

describe("sigreg report errors", () => {
  it.each([
    [["--format", "pdf"], "sigreg report: invalid --format 'pdf': expected"],
    [["--as-of", "yesterday"], "sigreg report: invalid --as-of:"],
    [["--out", ""], "sigreg report: --out expects a file"],
    [["extra"], "sigreg report: unexpected argument 'extra'"],
    [["--fail-on", "minor"], "sigreg report: unknown option '--fail-on'"],
  ])("exits 2 for %j", async (args, message) => {
    const dir = await tempDir();
    const { code, stdout, stderr } = await run(["report", ...args], { cwd: dir, now: NOW });
    expect(code).toBe(EXIT.usage);
    expect(stdout).toBe("");
    expect(stderr).toContain(message);
  });

  it("says how to import a register when the store has none", async () => {
    const dir = await tempDir();
    const store = ["--store", "sqlite:./empty.db"];
    expect((await run(["migrate", ...store], { cwd: dir })).code).toBe(EXIT.ok);
    const { code, stderr } = await run(["report", ...store], { cwd: dir, now: NOW });
    expect(code).toBe(EXIT.usage);
    expect(stderr).toContain(
      'sigreg report: sqlite:./empty.db has no register for tenant "default"; import one with: sigreg import FILE --store sqlite:./empty.db',
    );
  });

  it("names the file it cannot write", async () => {
    const dir = await exampleCopy();
    const { code, stderr } = await run(["report", "--out", "missing/dir/report.md"], {
      cwd: dir,
      now: NOW,
    });
    expect(code).toBe(EXIT.usage);
    expect(stderr).toContain("sigreg report: cannot write missing/dir/report.md:");
  });

  it("keeps the store's password out of its errors", async () => {
    const dir = await tempDir();
    const { code, stderr } = await run(
      ["report", "--store", "postgres://auditor:s3cr3t-pw@127.0.0.1:1/sigreg"],
      { cwd: dir, now: NOW },
    );
    expect(code).toBe(EXIT.usage);
    expect(stderr).toContain("sigreg report:");
    expect(stderr).not.toContain("s3cr3t-pw");
  });
});

describe("the sigreg process", () => {
  it("writes XLSX bytes unchanged to a piped standard output", async () => {
    const dir = await exampleCopy();
    const root = fileURLToPath(new URL("../../..", import.meta.url));
    const bin = join(root, "packages", "cli", "src", "bin.ts");
    const result = spawnSync(
      process.execPath,
      ["--import", "tsx", bin, "report", "--format", "xlsx", "--store", join(dir, "register.yaml")],
      { cwd: root, timeout: 30_000 },
    );
    expect(result.stderr.toString()).toBe("");
    expect(result.status).toBe(EXIT.ok);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(result.stdout as never);
    expect(workbook.getWorksheet("Register")?.rowCount).toBe((await groupCount(dir)) + 1);
  });
});

describe("sigreg report --format html", () => {
  it("writes the self-contained audit report, chosen by the .html extension", async () => {
    const dir = await exampleCopy();
    const out = join(dir, "audit.html");
    const result = await run(["report", "--out", out, "--as-of", "2026-11-23"], {
      cwd: dir,
      now: NOW,
    });
    expect(result).toMatchObject({ code: 0, stderr: "" });
    const html = await readFile(out, "utf8");
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).toContain('<section id="crosswalk"');
    expect(html).not.toMatch(/<script|https?:\/\/[^"]*\.(js|css|woff2?)"/);
  });
});

describe("sigreg report --plugin", () => {
  it("adds a plugin's export format, and refuses a module that is not a plugin or takes a built-in id", async () => {
    const dir = await exampleCopy();
    await writeFile(
      join(dir, "owners.mjs"),
      `export default () => ({
  id: "owners-format",
  version: "1.0.0",
  apiVersion: 1,
  exporters: [{
    id: "owners",
    description: "One line per group: id and owner",
    export: ({ register }) => ({
      content: register.groups.map((g) => g.id + "\\t" + (g.owner ?? "-")).join("\\n") + "\\n",
      mediaType: "text/tab-separated-values",
      extension: "tsv",
    }),
  }],
});
`,
    );
    await writeFile(join(dir, "not-a-plugin.mjs"), "export const answer = 42;\n");
    await writeFile(
      join(dir, "clash.mjs"),
      `export const plugin = { id: "clash", version: "1.0.0", apiVersion: 1, exporters: [{ id: "md", description: "x", export: () => ({ content: "", mediaType: "text/plain", extension: "txt" }) }] };\n`,
    );
    const owners = await run(["report", "--plugin", "./owners.mjs", "--format", "owners"], {
      cwd: dir,
      now: NOW,
    });
    expect(owners).toMatchObject({ code: EXIT.ok, stderr: "" });
    expect(owners.stdout).toContain("cisa\tsam-okafor\n");
    const unknown = await run(["report", "--format", "owners"], { cwd: dir });
    expect(unknown).toMatchObject({
      code: EXIT.usage,
      stderr: expect.stringContaining("invalid --format 'owners'"),
    });
    expect(await run(["report", "--plugin", "./not-a-plugin.mjs"], { cwd: dir })).toMatchObject({
      code: EXIT.usage,
      stderr: expect.stringContaining("not-a-plugin.mjs: expected a default export (or `plugin`)"),
    });
    expect(await run(["report", "--plugin", "./missing.mjs"], { cwd: dir })).toMatchObject({
      code: EXIT.usage,
      stderr: expect.stringContaining("cannot load the plugin ./missing.mjs"),
    });
    const clash = await run(["report", "--plugin", "./clash.mjs"], { cwd: dir });
    expect(clash).toMatchObject({ code: EXIT.usage, stderr: expect.stringContaining('"clash"') });
  });
});
