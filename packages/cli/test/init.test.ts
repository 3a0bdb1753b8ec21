import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { formatRegisterError, loadRegisterFile } from "@sigreg/core";
import { describe, expect, it } from "vitest";
import { ruleIdsUnder, run, tempDir } from "./helpers.js";

const NOW = () => new Date("2026-11-23T15:00:00Z");

describe("init", () => {
  it("writes a starter register.yaml that loads without errors", async () => {
    const dir = await tempDir();
    const { code, stdout, stderr } = await run(["init"], { cwd: dir, now: NOW });
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain("Wrote register.yaml");
    expect(stdout).toContain("sigreg check register.yaml");
    const file = join(dir, "register.yaml");
    const loaded = await loadRegisterFile(file);
    if (loaded.isErr()) throw new Error(formatRegisterError(loaded.error));
    const register = loaded.value;
    expect(register.people).toHaveLength(2);
    expect(register.groups.map((group) => group.kind)).toEqual([
      "government-cert",
      "technical-forum",
      "vendor-bulletin",
    ]);
    expect(register.activities).toHaveLength(1);
    expect(register.reviews).toHaveLength(1);
    expect(register.reviews[0]?.date.toISOString()).toBe("2026-11-23T00:00:00.000Z");
  });

  it("points editors at the published schema on its first line, and comments its keys", async () => {
    const dir = await tempDir();
    await run(["init"], { cwd: dir, now: NOW });
    const text = await readFile(join(dir, "register.yaml"), "utf8");
    // A URL that serves the schema the package publishes (its `files` and `exports` list it).
    expect(text.split("\n")[0]).toBe(
      "# yaml-language-server: $schema=https://unpkg.com/@sigreg/core/register.schema.json",
    );
    const manifest = JSON.parse(
      await readFile(new URL("../../core/package.json", import.meta.url), "utf8"),
    ) as { name: string; files: string[]; exports: Record<string, unknown> };
    expect(manifest.name).toBe("@sigreg/core");
    expect(manifest.files).toContain("register.schema.json");
    expect(manifest.exports["./register.schema.json"]).toBe("./register.schema.json");
    const comments = text.split("\n").filter((line) => line.trimStart().startsWith("#"));
    expect(comments.length).toBeGreaterThan(40);
  });

  it("passes check on the day it is written, with at most an observation", async () => {
    const dir = await tempDir();
    await run(["init"], { cwd: dir, now: NOW });
    const { code, stdout } = await run(["check", "register.yaml"], { cwd: dir, now: NOW });
    expect(code).toBe(0);
    expect(ruleIdsUnder(stdout, "MAJOR")).toEqual([]);
    expect(ruleIdsUnder(stdout, "MINOR")).toEqual([]);
    expect(ruleIdsUnder(stdout, "OBSERVATION").length).toBeLessThanOrEqual(1);
    expect(stdout).toContain("(as of 2026-11-23)");
  });

  it("writes into a directory, creating it", async () => {
    const dir = await tempDir();
    const { code, stdout } = await run(["init", join("a", "b")], { cwd: dir, now: NOW });
    expect(code).toBe(0);
    expect(stdout).toContain(`Wrote ${join("a", "b", "register.yaml")}`);
    expect((await loadRegisterFile(join(dir, "a", "b", "register.yaml"))).isOk()).toBe(true);
  });

  it("refuses to overwrite an existing register.yaml", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "register.yaml"), "# mine\n");
    const { code, stdout, stderr } = await run(["init", "."], { cwd: dir, now: NOW });
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("register.yaml already exists; not overwriting it.");
    expect(await readFile(join(dir, "register.yaml"), "utf8")).toBe("# mine\n");
  });

  it("refuses a second init in the same place", async () => {
    const dir = await tempDir();
    expect((await run(["init"], { cwd: dir, now: NOW })).code).toBe(0);
    const second = await run(["init"], { cwd: dir, now: NOW });
    expect(second.code).toBe(2);
    expect(second.stderr).toContain("sigreg init: register.yaml already exists");
  });

  it("exits 2 with usage for an unknown option or two directories", async () => {
    const dir = await tempDir();
    const option = await run(["init", "--force"], { cwd: dir });
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("unknown option '--force'");
    expect(option.stderr).toContain("Usage: sigreg init [dir]");
    const two = await run(["init", "x", "y"], { cwd: dir });
    expect(two.code).toBe(2);
    expect(two.stderr).toContain("expected at most one directory");
  });
});
