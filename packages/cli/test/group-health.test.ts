import { access } from "node:fs/promises";
import { join } from "node:path";
import { fileStorage } from "@sigreg/adapters/file";
import type { JsonObject } from "@sigreg/core";
import { describe, expect, it } from "vitest";
import { EXIT } from "../src/index.js";
import { run } from "./helpers.js";
import { exampleCopy } from "./store-helpers.js";

const NOW = () => new Date("2026-11-23T15:00:00Z");
const CISA_FEED = "https://www.cisa.gov/cybersecurity-advisories/all.xml";

/** Writes a feed state document into the default store (`./register.yaml`), as ingestion would. */
async function putFeedState(dir: string, value: JsonObject): Promise<void> {
  const storage = fileStorage({ path: join(dir, "register.yaml") });
  try {
    const written = await storage.putState({
      tenant: "default",
      key: `feed:cisa:${CISA_FEED}`,
      value: { groupId: "cisa", url: CISA_FEED, ...value },
      expectedVersion: 0,
    });
    expect(written.isOk()).toBe(true);
  } finally {
    await storage.close?.();
  }
}

async function reportFindings(dir: string) {
  const result = await run(["report", "--format", "json", "--as-of", "2026-11-23"], {
    cwd: dir,
    now: NOW,
  });
  return { ...result, json: result.code === EXIT.ok ? JSON.parse(result.stdout) : undefined };
}

/** A feed failing since its last success three weeks before the as-of day. */
const BROKEN_FEED = {
  lastSuccessAt: "2026-11-01T00:00:00Z",
  consecutiveFailures: 4,
  lastError: {
    code: "FETCH_HTTP",
    message: "the server answered 503",
    at: "2026-11-23T06:00:00Z",
  },
};

describe("group health in the CLI", () => {
  it("check --store and report both show a broken feed recorded in the store", async () => {
    const dir = await exampleCopy();
    expect((await reportFindings(dir)).stdout).not.toContain("group-feed-broken");
    await putFeedState(dir, BROKEN_FEED);
    const check = await run(
      ["check", "--store", "file:register.yaml", "--format", "json", "--as-of", "2026-11-23"],
      {
        cwd: dir,
        now: NOW,
      },
    );
    expect(check.stderr).toBe("");
    const checked = JSON.parse(check.stdout) as { findings: { ruleId: string; message: string }[] };
    const broken = checked.findings.filter((finding) => finding.ruleId === "group-feed-broken");
    expect(broken).toHaveLength(1);
    expect(broken[0]?.message).toContain(`The feed ${CISA_FEED} of`);
    expect(broken[0]?.message).toContain("Last error: FETCH_HTTP: the server answered 503");
    const report = await reportFindings(dir);
    expect(report.stderr).toBe("");
    const reported = (report.json as { findings: { ruleId: string; message: string }[] }).findings;
    expect(reported.filter((finding) => finding.ruleId === "group-feed-broken")).toEqual([
      expect.objectContaining({ message: broken[0]?.message }),
    ]);
  });

  it("check FILE reads the health kept beside the file, as check --store file:FILE does", async () => {
    const dir = await exampleCopy();
    const checkFile = () =>
      run(["check", "register.yaml", "--format", "json", "--as-of", "2026-11-23"], {
        cwd: dir,
        now: NOW,
      });
    const before = await checkFile();
    expect(before.stdout).not.toContain("group-feed-broken");
    await putFeedState(dir, BROKEN_FEED);
    const after = await checkFile();
    expect(after.stderr).toBe("");
    const viaStore = await run(
      ["check", "--store", "file:register.yaml", "--format", "json", "--as-of", "2026-11-23"],
      { cwd: dir, now: NOW },
    );
    type Checked = { findings: { ruleId: string; message: string }[] };
    const findingsOf = (stdout: string) => (JSON.parse(stdout) as Checked).findings;
    const isBroken = (finding: { ruleId: string }) => finding.ruleId === "group-feed-broken";
    const broken = findingsOf(after.stdout).filter(isBroken);
    expect(broken).toHaveLength(1);
    // The same finding as through the store (which lists groups in id order, not file order)...
    expect(broken).toEqual(findingsOf(viaStore.stdout).filter(isBroken));
    // ...and nothing else changed in the file's own evaluation.
    expect(findingsOf(after.stdout).filter((finding) => !isBroken(finding))).toEqual(
      findingsOf(before.stdout),
    );
    expect(after.code).toBe(before.code);
  });

  it("check FILE refuses a malformed feed state document kept beside it, naming its key", async () => {
    const dir = await exampleCopy();
    await putFeedState(dir, { consecutiveFailures: -1 });
    const check = await run(["check", "register.yaml", "--as-of", "2026-11-23"], {
      cwd: dir,
      now: NOW,
    });
    expect(check.code).toBe(EXIT.usage);
    expect(check.stdout).toBe("");
    expect(check.stderr).toContain(`state document feed:cisa:${CISA_FEED}`);
    expect(check.stderr).toContain("consecutiveFailures");
    expect(check.stderr).toContain(
      "sigreg check: register.yaml: the records kept beside it are unreadable; the register was not evaluated.",
    );
  });

  it("report refuses a malformed feed state document, naming its key and the field", async () => {
    const dir = await exampleCopy();
    await putFeedState(dir, { consecutiveFailures: -1 });
    const report = await reportFindings(dir);
    expect(report.code).not.toBe(EXIT.ok);
    expect(report.stderr).toContain(`state document feed:cisa:${CISA_FEED}`);
    expect(report.stderr).toContain("consecutiveFailures");
    expect(report.stderr).toContain("sigreg report: not exported.");
  });

  it("pack refuses a malformed feed state document too, and writes nothing", async () => {
    const dir = await exampleCopy();
    await putFeedState(dir, { consecutiveFailures: "many" });
    const pack = await run(["pack", "--out", "audit.zip", "--as-of", "2026-11-23"], {
      cwd: dir,
      now: NOW,
    });
    expect(pack.code).not.toBe(EXIT.ok);
    expect(pack.stderr).toContain(`state document feed:cisa:${CISA_FEED}`);
    expect(pack.stderr).toContain("sigreg pack: not packed.");
    await expect(access(join(dir, "audit.zip"))).rejects.toThrow();
  });
});
