import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { GAPS_YAML, KEPT_YAML, withFiles } from "./helpers.js";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const bin = join(root, "packages", "cli", "src", "bin.ts");

/** Spawns the real bin from source, as `pnpm sigreg` does (tsx resolves @sigreg/core via tsconfig paths). */
function sigreg(args: readonly string[]) {
  const result = spawnSync(process.execPath, ["--import", "tsx", bin, ...args], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined },
    timeout: 30_000,
  });
  if (result.error) throw result.error;
  return result;
}

describe("the sigreg process", () => {
  it("exits with the code main returns: 1 for findings, 0 below --fail-on, 2 for a bad file", async () => {
    const dir = await withFiles({ "gaps.yaml": GAPS_YAML, "kept.yaml": KEPT_YAML });

    const findings = sigreg(["check", join(dir, "gaps.yaml"), "--as-of", "2026-06-01"]);
    expect(findings.stderr).toBe("");
    expect(findings.status).toBe(1);
    expect(findings.stdout).toContain("register-never-reviewed");
    expect(findings.stdout).toMatch(/^Verdict: nonconformity — 1 major/m);

    const belowThreshold = sigreg([
      "check",
      join(dir, "kept.yaml"),
      "--as-of",
      "2026-04-02",
      "--fail-on",
      "major",
    ]);
    expect(belowThreshold.status).toBe(0);
    expect(belowThreshold.stdout).toContain("register-review-overdue");

    const missing = sigreg(["check", join(dir, "missing.yaml")]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("[FILE_UNREADABLE]");
  });
});
