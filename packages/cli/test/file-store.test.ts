import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXIT } from "../src/index.js";
import { run } from "./helpers.js";
import { exampleCopy, parsed } from "./store-helpers.js";

const NOW = () => new Date("2026-11-23T15:00:00Z");

/** Rule id and subject of every finding of `sigreg check register.yaml` (the file, read directly). */
async function findings(dir: string, asOf: string): Promise<string[]> {
  const { stdout } = await run(["check", "register.yaml", "--as-of", asOf, "--format", "json"], {
    cwd: dir,
  });
  const report = JSON.parse(stdout) as { findings: { ruleId: string; subject: { id: string } }[] };
  return report.findings.map((finding) => `${finding.ruleId} ${finding.subject.id}`);
}

/** The register as `sigreg export` prints it from the default store. */
async function exported(dir: string) {
  const { code, stdout, stderr } = await run(["export"], { cwd: dir });
  expect(stderr).toBe("");
  expect(code).toBe(0);
  return parsed(stdout);
}

describe("the default store: ./register.yaml", () => {
  it("activity records engagement that export shows and that ends a dormancy finding", async () => {
    const dir = await exampleCopy();
    expect(await findings(dir, "2026-11-23")).toContain("group-dormant mitre-atlas");
    const argv = [
      "activity",
      "--group",
      "mitre-atlas",
      "--type",
      "newsletter",
      "--by",
      "jonas-weber",
      "--summary",
      "New techniques for agentic systems",
      "--url",
      "https://atlas.mitre.org/",
    ];
    const recorded = await run(argv, { cwd: dir, now: NOW });
    expect(recorded.stderr).toBe("");
    expect(recorded.code).toBe(0);
    expect(recorded.stdout).toMatch(
      /^Recorded newsletter activity for mitre-atlas on 2026-11-23 \(tenant default, id [\w:.-]+\)\.\n$/,
    );

    const activity = (await exported(dir)).activities.find(
      (candidate) => candidate.summary === "New techniques for agentic systems",
    );
    expect(activity).toMatchObject({
      group: "mitre-atlas",
      type: "newsletter",
      by: "jonas-weber",
      url: "https://atlas.mitre.org/",
      date: new Date("2026-11-23T00:00:00Z"),
    });
    expect(await findings(dir, "2026-11-23")).not.toContain("group-dormant mitre-atlas");
    // The file is edited in place: its comments are still there.
    expect(await readFile(join(dir, "register.yaml"), "utf8")).toContain(
      "# GAP: dormant. Nothing has been recorded since March 2026",
    );

    // The same activity again is recognised, and changes nothing.
    const before = await readFile(join(dir, "register.yaml"), "utf8");
    const again = await run(argv, { cwd: dir, now: NOW });
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(
      "Already recorded: newsletter activity for mitre-atlas on 2026-11-23 (tenant default); nothing changed.\n",
    );
    expect(await readFile(join(dir, "register.yaml"), "utf8")).toBe(before);
  });

  it("triage moves an alert on, and the untriaged finding goes", async () => {
    const dir = await exampleCopy();
    expect(await findings(dir, "2026-11-23")).toContain("alert-untriaged al-2026-012");
    const shared = await run(
      ["triage", "al-2026-012", "--by", "jonas-weber", "--share", "#ml-platform"],
      { cwd: dir, now: NOW },
    );
    expect(shared.stderr).toBe("");
    expect(shared.stdout).toMatch(
      /^al-2026-012: shared to #ml-platform by jonas-weber on 2026-11-23; now triaged \(tenant default, version \d+\)\.\n$/,
    );
    expect(await findings(dir, "2026-11-23")).not.toContain("alert-untriaged al-2026-012");

    const actioned = await run(
      [
        "triage",
        "al-2026-012",
        "--by",
        "priya-raman",
        "--action",
        "ticket",
        "--ref",
        "SEC-1400",
        "--url",
        "https://northwind.atlassian.net/browse/SEC-1400",
        "--date",
        "2026-11-24",
      ],
      { cwd: dir, now: NOW },
    );
    expect(actioned.code).toBe(0);
    expect(actioned.stdout).toContain("actioned (ticket SEC-1400) by priya-raman on 2026-11-24");
    const alert = (await exported(dir)).alerts.find((candidate) => candidate.id === "al-2026-012");
    expect(alert).toMatchObject({
      state: "actioned",
      triagedBy: "priya-raman",
      triagedOn: new Date("2026-11-23T00:00:00Z"),
      sharedTo: [{ channel: "#ml-platform", on: new Date("2026-11-23T00:00:00Z") }],
      actions: [
        {
          type: "ticket",
          ref: "SEC-1400",
          url: "https://northwind.atlassian.net/browse/SEC-1400",
          on: new Date("2026-11-24T00:00:00Z"),
        },
      ],
    });
  });

  it("triage --dismiss records the reason an auditor reads", async () => {
    const dir = await exampleCopy();
    const { code } = await run(
      ["triage", "al-2026-012", "--by", "jonas-weber", "--dismiss", "llama-cpp-python not used"],
      { cwd: dir, now: NOW },
    );
    expect(code).toBe(0);
    const alert = (await exported(dir)).alerts.find((candidate) => candidate.id === "al-2026-012");
    expect(alert).toMatchObject({
      state: "dismissed",
      dismissedReason: "llama-cpp-python not used",
    });
  });

  it("review brings an overdue register back in date", async () => {
    const dir = await exampleCopy();
    const later = () => new Date("2027-01-01T09:00:00Z");
    expect(await findings(dir, "2027-01-01")).toContain("register-review-overdue register");
    const reviewed = await run(
      ["review", "--reviewer", "eleanor-hughes", "--notes", "Q4 2026 review."],
      { cwd: dir, now: later },
    );
    expect(reviewed.stderr).toBe("");
    expect(reviewed.stdout).toMatch(
      /^Recorded review of all groups by eleanor-hughes on 2027-01-01 \(tenant default, id [\w:.-]+\)\.\n$/,
    );
    expect(await findings(dir, "2027-01-01")).not.toContain("register-review-overdue register");

    const scoped = await run(
      ["review", "--reviewer", "maya-fischer", "--scope", "bsi, ico", "--date", "2027-01-02"],
      { cwd: dir, now: later },
    );
    expect(scoped.stdout).toContain("Recorded review of bsi, ico by maya-fischer on 2027-01-02");
    const reviews = (await exported(dir)).reviews;
    expect(reviews.at(-1)).toMatchObject({ reviewer: "maya-fischer", scope: ["bsi", "ico"] });
  });

  it("check --store and a bare-path --store read the same register as check <file>", async () => {
    const dir = await exampleCopy();
    const viaFile = await run(["check", "register.yaml", "--as-of", "2026-11-23"], { cwd: dir });
    for (const store of ["file:./register.yaml", "register.yaml", join(dir, "register.yaml")]) {
      const viaStore = await run(["check", "--store", store, "--as-of", "2026-11-23"], {
        cwd: dir,
      });
      expect(viaStore.code).toBe(viaFile.code);
      expect(viaStore.stdout.split("\n").at(-2)).toBe(viaFile.stdout.split("\n").at(-2));
    }
  });

  it("verify-evidence counts the changes made through sigreg, and tells hand edits apart", async () => {
    const dir = await exampleCopy();
    await run(["activity", "--group", "cisa", "--type", "newsletter"], { cwd: dir, now: NOW });
    await run(["review", "--reviewer", "eleanor-hughes"], { cwd: dir, now: NOW });
    const chain = await run(["verify-evidence", "--chain-only"], { cwd: dir });
    expect(chain.code).toBe(0);
    expect(chain.stdout).toMatch(/^evidence intact: 2 entries, head seq 2 hash [0-9a-f]{64}\n$/);

    // The example was written by hand: its records were never recorded by the log.
    const full = await run(["verify-evidence"], { cwd: dir });
    expect(full.code).toBe(1);
    expect(full.stdout).toMatch(/^evidence problem: unrecorded at seq 0 \(profile\/profile\): /);
    expect(full.stdout).toContain(
      "A register file edited by hand holds records the log never recorded: 'sigreg attest' vouches for them; --chain-only checks the log alone.",
    );
  });

  it("attest vouches for the hand-written register, after which verify-evidence passes until the next hand edit", async () => {
    const dir = await exampleCopy();
    const attested = await run(["attest", "--actor", "eleanor"], { cwd: dir, now: NOW });
    expect(attested.stderr).toBe("");
    expect(attested.code).toBe(0);
    expect(attested.stdout).toMatch(/^Attested the current state as eleanor:\n/);
    expect(attested.stdout).toMatch(/ {2}groups: 15 attested\n/);
    expect((await run(["verify-evidence"], { cwd: dir })).code).toBe(0);
    const again = await run(["attest"], { cwd: dir, now: NOW });
    expect(again.stdout).toBe("Nothing to attest: the evidence log accounts for every record.\n");

    const file = join(dir, "register.yaml");
    await writeFile(
      file,
      (await readFile(file, "utf8")).replace("name: ISACA", "name: ISACA Global"),
    );
    const after = await run(["verify-evidence"], { cwd: dir });
    expect(after.code).toBe(1);
    expect(after.stdout).toMatch(/unrecorded at seq \d+ \(groups\/isaca\)/);
  });

  it("attest on a directory store names a tenant without a register and writes nothing", async () => {
    const dir = await exampleCopy();
    await mkdir(join(dir, "tenants"));
    const { code, stderr } = await run(
      ["attest", "--store", "file:./tenants/", "--tenant", "nobody"],
      { cwd: dir },
    );
    expect(code).toBe(2);
    expect(stderr).toContain("nobody");
    expect(await readdir(join(dir, "tenants"))).toEqual([]);
  });

  it("verify-evidence finds an evidence entry edited in the file store's sidecar", async () => {
    const dir = await exampleCopy();
    await run(["activity", "--group", "cisa", "--type", "newsletter"], { cwd: dir, now: NOW });
    await run(["review", "--reviewer", "eleanor-hughes"], { cwd: dir, now: NOW });
    const log = join(dir, ".register.yaml.sigreg", "evidence.jsonl");
    const lines = (await readFile(log, "utf8")).split("\n");
    lines[0] = (lines[0] ?? "").replace(/"actor":"[^"]*"/, '"actor":"mallory"');
    await writeFile(log, lines.join("\n"));
    const { code, stdout } = await run(["verify-evidence", "--chain-only"], { cwd: dir });
    expect(code).toBe(1);
    expect(stdout).toMatch(/^evidence problem: altered at seq 1: evidence entry 1 was altered/);
  });

  it("import --mode merge from another file adds to the register", async () => {
    const dir = await exampleCopy();
    await writeFile(
      join(dir, "extra.yaml"),
      (await readFile(join(dir, "register.yaml"), "utf8")).replace(
        /^groups:\n/m,
        "groups:\n  - id: first-org\n    name: FIRST\n    kind: professional-body\n    url: https://www.first.org/\n    owner: sam-okafor\n    relevance: Incident response community.\n",
      ),
    );
    const { code, stdout } = await run(["import", "extra.yaml", "--mode", "merge"], { cwd: dir });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ {2}groups +1 +0 +0 +15$/m);
    expect((await exported(dir)).groups.map((group) => group.id)).toContain("first-org");
  });
});

describe("other file stores", () => {
  it("import creates a register file that does not exist yet, and only import does", async () => {
    const dir = await exampleCopy();
    const imported = await run(["import", "register.yaml", "--store", "copy.yaml"], { cwd: dir });
    expect(imported.code).toBe(0);
    expect(imported.stdout.split("\n")[0]).toBe(
      "Imported register.yaml into copy.yaml, tenant default (replace):",
    );
    const checked = await run(["check", "copy.yaml", "--as-of", "2026-11-23"], { cwd: dir });
    expect(checked.stdout).toMatch(/^Verdict: nonconformity — 0 major, 4 minor/m);
  });

  it("migrate has nothing to do on a file store", async () => {
    const dir = await exampleCopy();
    const { code, stdout } = await run(["migrate"], { cwd: dir });
    expect(code).toBe(0);
    expect(stdout).toBe("file:./register.yaml has no schema to migrate; nothing to do.\n");
  });

  it("a directory (trailing slash) holds one register file per tenant", async () => {
    const dir = await exampleCopy();
    const store = ["--store", "file:./registers/", "--tenant", "acme"];
    expect((await run(["import", "register.yaml", ...store], { cwd: dir })).code).toBe(0);
    const acme = await readFile(join(dir, "registers", "acme.yaml"), "utf8");
    expect(parsed(acme).groups).toHaveLength(15);
    const checked = await run(["check", ...store, "--as-of", "2026-11-23"], { cwd: dir });
    expect(checked.stdout).toMatch(/^Verdict: nonconformity — 0 major, 4 minor/m);
    const other = await run(["check", "--store", "file:./registers/", "--tenant", "globex"], {
      cwd: dir,
    });
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('file:./registers/ has no register for tenant "globex"');
  });

  it("an invalid register file as a store exits 2 with every problem and its position", async () => {
    const dir = await exampleCopy();
    await writeFile(
      join(dir, "bad.yaml"),
      "organisation:\n  name: Bad\ngroups:\n  - id: g\n    name: G\n    kind: club\n",
    );
    const { code, stdout, stderr } = await run(
      ["activity", "--group", "g", "--type", "meeting", "--store", "bad.yaml"],
      {
        cwd: dir,
      },
    );
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      'sigreg activity: bad.yaml: bad.yaml:6:11 groups[0].kind: expected one of "professional-body", "government-cert", "isac", "technical-forum", "vendor-bulletin", "research-community", "standards-body", "social-media", "authority", "other" [SCHEMA_MISMATCH]\n',
    );
  });
});

describe("refused writes exit 1 with the engine's errors, and leave the file as it was", () => {
  async function refusedRun(argv: string[], message: string | RegExp) {
    const dir = await exampleCopy();
    const before = await readFile(join(dir, "register.yaml"), "utf8");
    const { code, stdout, stderr } = await run(argv, { cwd: dir, now: NOW });
    expect(code).toBe(EXIT.refused);
    expect(stdout).toBe("");
    if (typeof message === "string") expect(stderr).toContain(message);
    else expect(stderr).toMatch(message);
    expect(stderr.endsWith(`sigreg ${argv[0]}: nothing was written.\n`)).toBe(true);
    expect(await readFile(join(dir, "register.yaml"), "utf8")).toBe(before);
    const evidence = await run(["verify-evidence", "--chain-only"], { cwd: dir });
    expect(evidence.stdout).toMatch(/^evidence intact: 0 entries/);
    return stderr;
  }

  it("activity for a group that does not exist", async () => {
    await refusedRun(
      ["activity", "--group", "no-such-group", "--type", "meeting"],
      /^tenant default: recordActivity activity\.group: .*no-such-group.* \[UNKNOWN_REFERENCE\]$/m,
    );
  });

  it("activity of an unknown type, with a bad URL and date: every problem at once", async () => {
    const stderr = await refusedRun(
      [
        "activity",
        "--group",
        "cisa",
        "--type",
        "party",
        "--url",
        "ftp://x",
        "--date",
        "23/11/2026",
      ],
      "activity.type",
    );
    expect(stderr).toContain("activity.url: expected an http(s) or mailto URL");
    expect(stderr).toContain("activity.date: expected an ISO 8601 date");
  });

  it("activity by a person who does not exist", async () => {
    await refusedRun(
      ["activity", "--group", "cisa", "--type", "meeting", "--by", "nobody"],
      /activity\.by: .*nobody.* \[UNKNOWN_REFERENCE\]/,
    );
  });

  it("a dismissal with a blank reason", async () => {
    await refusedRun(
      ["triage", "al-2026-012", "--by", "jonas-weber", "--dismiss", "  "],
      "alert.dismissedReason",
    );
  });

  it("triage of an alert that does not exist", async () => {
    await refusedRun(
      ["triage", "al-nope", "--by", "jonas-weber", "--share", "#sec-intel"],
      'alerts/al-nope does not exist for tenant "default" [NOT_FOUND]',
    );
  });

  it("triage by a person who does not exist", async () => {
    await refusedRun(
      ["triage", "al-2026-012", "--by", "nobody", "--share", "#sec-intel"],
      /alert\.triagedBy: .*nobody.* \[UNKNOWN_REFERENCE\]/,
    );
  });

  it("a review of a group that does not exist", async () => {
    await refusedRun(
      ["review", "--reviewer", "eleanor-hughes", "--scope", "cisa,nope"],
      /review\.scope\[1\]: .*nope.* \[UNKNOWN_REFERENCE\]/,
    );
  });

  it("an import of an invalid register, cited as typed with line and column", async () => {
    const dir = await exampleCopy();
    await writeFile(
      join(dir, "bad.yaml"),
      "organisation:\n  name: Bad\ngroups:\n  - id: g\n    name: G\n    kind: club\n",
    );
    const before = await readFile(join(dir, "register.yaml"), "utf8");
    const { code, stderr } = await run(["import", "bad.yaml"], { cwd: dir });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^bad\.yaml:6:11 groups\[0\]\.kind: .* \[SCHEMA_MISMATCH\]$/m);
    expect(stderr).toContain("sigreg import: nothing was written.");
    expect(await readFile(join(dir, "register.yaml"), "utf8")).toBe(before);
  });
});
