import { readFile } from "node:fs/promises";
import { builtinRules, REGISTER_SCHEMA_ID } from "@sigreg/core";
import { describe, expect, it } from "vitest";
import { EXIT, VERSION } from "../src/index.js";
import { run } from "./helpers.js";

describe("schema", () => {
  it("prints the register JSON Schema as JSON", async () => {
    const { code, stdout } = await run(["schema"]);
    expect(code).toBe(0);
    const schema = JSON.parse(stdout);
    expect(schema.$id).toBe(REGISTER_SCHEMA_ID);
    expect(schema.properties).toHaveProperty("groups");
    expect(stdout.startsWith('{\n  "')).toBe(true);
  });

  it("takes no arguments", async () => {
    const { code, stderr } = await run(["schema", "extra"]);
    expect(code).toBe(2);
    expect(stderr).toContain("unexpected argument 'extra'");
  });
});

describe("rules", () => {
  it("lists every built-in rule with its severity, title and policy keys", async () => {
    const { code, stdout } = await run(["rules"]);
    expect(code).toBe(0);
    for (const rule of builtinRules) {
      const line = stdout.split("\n").find((candidate) => candidate.startsWith(`${rule.id} `));
      expect(line, rule.id).toBeDefined();
      const cells = line?.split(/ {2,}/);
      expect(cells?.[1]).toBe(rule.severity);
      expect(cells?.[2]).toBe(rule.title);
      expect(cells?.[3]).toBe(rule.policyKeys.length === 0 ? "-" : rule.policyKeys.join(", "));
    }
    expect(stdout).toContain(`${builtinRules.length} rules.`);
  });

  it("prints JSON with --format json", async () => {
    const { code, stdout } = await run(["rules", "--format", "json"]);
    expect(code).toBe(0);
    const rules = JSON.parse(stdout) as { id: string; severity: string; policyKeys: string[] }[];
    expect(rules.map((rule) => rule.id)).toEqual(builtinRules.map((rule) => rule.id));
    expect(rules.find((rule) => rule.id === "group-review-overdue")).toMatchObject({
      severity: "minor",
      policyKeys: ["groupReviewDays", "dueSoonDays"],
    });
  });

  it("exits 2 for an unknown --format", async () => {
    const { code, stderr } = await run(["rules", "--format", "csv"]);
    expect(code).toBe(2);
    expect(stderr).toContain("invalid --format 'csv'");
  });
});

describe("help, version and dispatch", () => {
  it.each([["--help"], ["-h"], ["help"]])("%s prints usage on stdout and exits 0", async (arg) => {
    const { code, stdout, stderr } = await run([arg]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    expect(stdout).toContain("Usage: sigreg <command> [options]");
    for (const command of ["check", "init", "schema", "rules"]) expect(stdout).toContain(command);
  });

  it("help <command> and <command> --help print that command's usage", async () => {
    const viaHelp = await run(["help", "check"]);
    const viaFlag = await run(["check", "--help"]);
    expect(viaHelp.code).toBe(0);
    expect(viaFlag.code).toBe(0);
    expect(viaHelp.stdout).toContain("Usage: sigreg check <file> [options]");
    expect(viaHelp.stdout).toContain("--fail-on SEVERITY");
    expect(viaFlag.stdout).toBe(viaHelp.stdout);
  });

  it("--version prints the package version", async () => {
    const packageJson = JSON.parse(
      await readFile(new URL("../package.json", import.meta.url), "utf8"),
    ) as { version: string };
    const { code, stdout } = await run(["--version"]);
    expect(code).toBe(0);
    expect(stdout).toBe(`${packageJson.version}\n`);
    expect(VERSION).toBe(packageJson.version);
  });

  it("exits 2 with usage on stderr for an unknown command", async () => {
    const { code, stdout, stderr } = await run(["audit", "register.yaml"]);
    expect(code).toBe(EXIT.usage);
    expect(stdout).toBe("");
    expect(stderr).toContain("sigreg: unknown command 'audit'");
    expect(stderr).toContain("Usage: sigreg <command> [options]");
  });

  it("exits 2 with usage on stderr for an unknown option before the command", async () => {
    const { code, stderr } = await run(["--verbose", "check"]);
    expect(code).toBe(2);
    expect(stderr).toContain("sigreg: unknown option '--verbose'");
    expect(stderr).toContain("Usage: sigreg <command> [options]");
  });

  it("exits 2 with usage when no command is given", async () => {
    const { code, stdout, stderr } = await run([]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("Usage: sigreg <command> [options]");
  });

  it("exits 2 for help on an unknown command", async () => {
    const { code, stderr } = await run(["help", "audit"]);
    expect(code).toBe(2);
    expect(stderr).toContain("unknown command 'audit'");
  });

  it("does not treat Object.prototype keys as commands", async () => {
    const { code, stderr } = await run(["constructor"]);
    expect(code).toBe(2);
    expect(stderr).toContain("unknown command 'constructor'");
  });
});
