import { REGISTER_SCHEMA_ID } from "@sigreg/core";
import { beforeAll, describe, expect, it } from "vitest";
import { ESC, GAPS_YAML, KEPT_YAML, ruleIdsUnder, run, sections, withFiles } from "./helpers.js";

let dir: string;

beforeAll(async () => {
  dir = await withFiles({
    "gaps.yaml": GAPS_YAML,
    "kept.yaml": KEPT_YAML,
    // The kept register plus an authority filed as a group: one observation, nothing worse.
    "observed.yaml": KEPT_YAML.replace(
      "activities:",
      `  - id: regulator
    name: The Regulator
    kind: authority
    url: https://regulator.example/
    owner: alice
    relevance: Our supervisor.
activities:`,
    ),
    // No groups, reviewed, and the coverage-gap rule (which asks for a professional body) off.
    "kept.json": JSON.stringify({
      $schema: REGISTER_SCHEMA_ID,
      organisation: { name: "Kept Ltd" },
      people: [{ id: "alice", name: "Alice Example" }],
      groups: [],
      reviews: [{ date: "2026-03-01", reviewer: "alice", scope: "all" }],
      policy: { rules: { "coverage-gap": { enabled: false } } },
    }),
    "bad.yaml": `organisation:
  name: Bad Ltd
groups:
  - id: g1
    name: A group
    kind: not-a-kind
`,
    "unknown-rule.yaml": `organisation: { name: X }
groups: []
policy:
  rules:
    no-such-rule: { enabled: false }
`,
    "evil.yaml": `organisation: { name: Evil Ltd }
groups:
  - id: evil
    name: "Evil \\e[31mForum\\nsecond line"
    kind: technical-forum
`,
  });
});

const check = (args: readonly string[], io: Parameters<typeof run>[1] = {}) =>
  run(["check", ...args], { cwd: dir, ...io });

describe("check, text report", () => {
  it("exits 1 and lists findings under their severity headings", async () => {
    const { code, stdout, stderr } = await check(["gaps.yaml", "--as-of", "2026-06-01"]);
    expect(stderr).toBe("");
    expect(code).toBe(1);
    expect(ruleIdsUnder(stdout, "MAJOR")).toEqual(["register-never-reviewed"]);
    const minor = ruleIdsUnder(stdout, "MINOR");
    expect(minor).toContain("group-owner-missing");
    expect(minor).toContain("group-contact-missing");
    expect(minor).toContain("group-relevance-undocumented");
    expect(minor).not.toContain("register-never-reviewed");
    expect(ruleIdsUnder(stdout, "OBSERVATION")).toContain("authority-in-register");
    // Each heading's count is the number of findings listed under it.
    for (const [heading, section] of sections(stdout)) {
      expect(section.lines.length, heading).toBe(section.count);
    }
    // Sections come most severe first.
    expect(stdout.indexOf("MAJOR (")).toBeLessThan(stdout.indexOf("MINOR ("));
    expect(stdout.indexOf("MINOR (")).toBeLessThan(stdout.indexOf("OBSERVATION ("));
  });

  it("shows each finding's subject and message, with the remediation indented below", async () => {
    const { stdout } = await check(["gaps.yaml", "--as-of", "2026-06-01"]);
    const lines = stdout.split("\n");
    const at = lines.findIndex((line) => line.startsWith("  group-owner-missing "));
    expect(lines[at]).toBe('  group-owner-missing [group:orphan] "Orphan Forum" has no owner.');
    expect(lines[at + 1]).toMatch(/^ {6}fix: Name an owner/);
    expect(stdout).toContain(
      "  register-never-reviewed [register] No review of the whole register",
    );
  });

  it("ends with a table of groups and a one-line verdict", async () => {
    const { stdout } = await check(["kept.yaml", "--as-of", "2026-04-01"]);
    expect(stdout).toMatch(/^GROUPS \(1\)$/m);
    expect(stdout).toMatch(/^ {2}ID\s+RELEVANCE\s+REVIEW\s+NEXT REVIEW\s+LAST ACTIVITY$/m);
    expect(stdout).toMatch(/^ {2}forum\s+\d+ {2}compliant {2}2027-01-01 {3}2026-03-15$/m);
    const last = stdout.trimEnd().split("\n").at(-1);
    expect(last).toMatch(
      /^Verdict: (ready|at-risk) — 0 major, 0 minor, \d+ observations?, \d+ opportunit(y|ies) \(as of 2026-04-01\)$/,
    );
  });

  it("counts every severity in the verdict line", async () => {
    const { stdout } = await check(["gaps.yaml", "--as-of", "2026-06-01"]);
    const found = sections(stdout);
    const n = (heading: string) => found.get(heading)?.count ?? 0;
    const last = stdout.trimEnd().split("\n").at(-1) ?? "";
    const observations = n("OBSERVATION");
    const opportunities = n("OPPORTUNITY");
    expect(last).toBe(
      `Verdict: nonconformity — ${n("MAJOR")} major, ${n("MINOR")} minor, ${observations} observation${observations === 1 ? "" : "s"}, ${opportunities} ${opportunities === 1 ? "opportunity" : "opportunities"} (as of 2026-06-01)`,
    );
  });

  it("says so when there are no findings", async () => {
    const { code, stdout } = await check(["kept.json", "--as-of", "2026-04-01"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^No findings\.$/m);
    expect(stdout).toMatch(/^GROUPS \(0\)$/m);
    expect(stdout.trimEnd().split("\n").at(-1)).toBe(
      "Verdict: ready — 0 major, 0 minor, 0 observations, 0 opportunities (as of 2026-04-01)",
    );
  });

  it("shows control characters from the register escaped, never raw", async () => {
    const { stdout } = await check(["evil.yaml", "--as-of", "2026-06-01"], { isTTY: false });
    expect(stdout).not.toContain(ESC);
    expect(stdout).toContain('"Evil \\u001b[31mForum second line" has no owner.');
  });
});

describe("check, exit codes and --fail-on", () => {
  it("exits 0 with --fail-on major when there are minor findings but no major one", async () => {
    const minorOnly = await check(["kept.yaml", "--as-of", "2026-04-02"]);
    expect(ruleIdsUnder(minorOnly.stdout, "MINOR")).toEqual(["register-review-overdue"]);
    expect(ruleIdsUnder(minorOnly.stdout, "MAJOR")).toEqual([]);
    expect(minorOnly.code).toBe(1);
    const failOnMajor = await check(["kept.yaml", "--as-of", "2026-04-02", "--fail-on", "major"]);
    expect(failOnMajor.code).toBe(0);
    expect(failOnMajor.stdout).toContain("register-review-overdue");
  });

  it("exits 1 with --fail-on major when there is a major finding", async () => {
    const { code } = await check(["gaps.yaml", "--as-of", "2026-06-01", "--fail-on=major"]);
    expect(code).toBe(1);
  });

  it("exits 1 with --fail-on observation on an observation alone, 0 by default", async () => {
    const args = ["observed.yaml", "--as-of", "2026-04-01"];
    const byDefault = await check(args);
    expect(ruleIdsUnder(byDefault.stdout, "OBSERVATION")).toEqual([
      "group-dormant",
      "authority-in-register",
    ]);
    expect(ruleIdsUnder(byDefault.stdout, "MINOR")).toEqual([]);
    expect(byDefault.code).toBe(0);
    const failOnObservation = await check([...args, "--fail-on", "observation"]);
    expect(failOnObservation.code).toBe(1);
  });

  it("changes the outcome across the review boundary: 90 days old passes, 91 fails", async () => {
    const day90 = await check(["kept.yaml", "--as-of", "2026-04-01"]);
    const day91 = await check(["kept.yaml", "--as-of", "2026-04-02"]);
    expect(day90.code).toBe(0);
    expect(day90.stdout).not.toContain("register-review-overdue");
    expect(day91.code).toBe(1);
    expect(day91.stdout).toContain(
      "register-review-overdue [register] The register was last reviewed on 2026-01-01, 91 days ago (limit 90).",
    );
  });

  it("defaults --as-of to today's UTC date from the clock", async () => {
    const lateOnDay90 = await check(["kept.yaml"], { now: () => new Date("2026-04-01T23:59:59Z") });
    expect(lateOnDay90.code).toBe(0);
    expect(lateOnDay90.stdout).toContain("(as of 2026-04-01)");
    // 00:30 on 2 April in UTC+2 is still 1 April in UTC.
    const eastOfUtc = await check(["kept.yaml"], {
      now: () => new Date("2026-04-02T00:30:00+02:00"),
    });
    expect(eastOfUtc.stdout).toContain("(as of 2026-04-01)");
    const day91 = await check(["kept.yaml"], { now: () => new Date("2026-04-02T00:00:00Z") });
    expect(day91.code).toBe(1);
    expect(day91.stdout).toContain("(as of 2026-04-02)");
  });
});

describe("check, JSON report", () => {
  it("prints the documented shape, pretty-printed, with ISO dates", async () => {
    const { code, stdout } = await check([
      "gaps.yaml",
      "--as-of",
      "2026-06-01",
      "--format",
      "json",
    ]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^\{\n {2}"asOf": "2026-06-01",\n/);
    const report = JSON.parse(stdout);
    expect(Object.keys(report)).toEqual(["asOf", "verdict", "findings", "groups", "kpis"]);
    expect(report.verdict).toBe("nonconformity");
    expect(report.findings[0]).toEqual({
      ruleId: "register-never-reviewed",
      severity: "major",
      subject: { type: "register", id: "register" },
      message: "No review of the whole register is recorded.",
      remediation: expect.stringContaining("Review the whole register"),
      controls: ["ISO27001:2022/A.5.6"],
    });
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        ruleId: "group-owner-missing",
        severity: "minor",
        subject: { type: "group", id: "orphan" },
      }),
    );
    expect(report.groups.map((group: { id: string }) => group.id)).toEqual([
      "ncsc",
      "orphan",
      "police",
    ]);
    for (const group of report.groups) {
      expect(Object.keys(group)).toEqual(["id", "relevance", "review", "lastActivity"]);
      expect(Object.keys(group.relevance)).toEqual(["score", "factors"]);
      expect(Object.keys(group.review)).toEqual(["status", "lastReviewed", "nextDue"]);
      expect(group.review).toEqual({ status: "never-reviewed", lastReviewed: null, nextDue: null });
      expect(group.lastActivity).toBeNull();
      expect(group.relevance.factors.length).toBeGreaterThan(0);
    }
    expect(report.kpis).toMatchObject({ groups: 3, registerLastReviewed: null });
    expect(report.kpis.findings.major).toBe(1);
  });

  it("writes dates of reviews and activity as ISO strings", async () => {
    const { stdout } = await check(["kept.yaml", "--as-of", "2026-04-01", "--format", "json"]);
    const report = JSON.parse(stdout);
    expect(report.groups[0]).toMatchObject({
      id: "forum",
      review: {
        status: "compliant",
        lastReviewed: "2026-01-01T00:00:00.000Z",
        nextDue: "2027-01-01T00:00:00.000Z",
      },
      lastActivity: "2026-03-15T00:00:00.000Z",
    });
    expect(report.kpis.registerLastReviewed).toBe("2026-01-01T00:00:00.000Z");
    expect(report.kpis.registerNextReviewDue).toBe("2026-04-01T00:00:00.000Z");
  });

  it("never colours JSON, even on a terminal", async () => {
    const { stdout } = await check(["gaps.yaml", "--as-of", "2026-06-01", "--format", "json"], {
      isTTY: true,
      env: { FORCE_COLOR: "1" },
    });
    expect(stdout).not.toContain(ESC);
    expect(() => JSON.parse(stdout)).not.toThrow();
  });
});

describe("check, colour", () => {
  const args = ["gaps.yaml", "--as-of", "2026-06-01"];

  it("colours a terminal: red major, yellow minor, cyan observation", async () => {
    const { stdout } = await check(args, { isTTY: true, env: {} });
    expect(stdout).toContain(`${ESC}[31mregister-never-reviewed${ESC}[39m`);
    expect(stdout).toContain(`${ESC}[33mgroup-owner-missing${ESC}[39m`);
    expect(stdout).toContain(`${ESC}[36mauthority-in-register${ESC}[39m`);
  });

  it("does not colour when piped", async () => {
    const { stdout } = await check(args, { isTTY: false, env: {} });
    expect(stdout).toContain("register-never-reviewed");
    expect(stdout).not.toContain(ESC);
  });

  it("does not colour a terminal when NO_COLOR is set", async () => {
    const { stdout } = await check(args, { isTTY: true, env: { NO_COLOR: "1" } });
    expect(stdout).toContain("register-never-reviewed");
    expect(stdout).not.toContain(ESC);
  });

  it("colours a pipe when FORCE_COLOR is set", async () => {
    const { stdout } = await check(args, { isTTY: false, env: { FORCE_COLOR: "1" } });
    expect(stdout).toContain(`${ESC}[31m`);
  });
});

describe("check, unusable input exits 2", () => {
  it("reports an invalid register as file:line:col path: message on stderr", async () => {
    const { code, stdout, stderr } = await check(["bad.yaml"]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^bad\.yaml:6:11 groups\[0\]\.kind: .+ \[SCHEMA_MISMATCH\]$/m);
    expect(stderr).toContain("the register was not evaluated");
  });

  it("cites the file as given, not as resolved against the working directory", async () => {
    const { code, stderr } = await run(["check", "./bad.yaml"], { cwd: dir });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^\.\/bad\.yaml:6:11 groups\[0\]\.kind: /m);
    expect(stderr).not.toContain(dir);
  });

  it("points at `sigreg rules` for an unknown rule id in the policy", async () => {
    const { code, stderr } = await check(["unknown-rule.yaml"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /^unknown-rule\.yaml:\d+:\d+ policy\.rules\.no-such-rule: unknown rule/m,
    );
    expect(stderr).toContain("sigreg rules");
  });

  it("exits 2 for a missing file", async () => {
    const { code, stdout, stderr } = await check(["missing.yaml"]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^missing\.yaml: .*no such file \[FILE_UNREADABLE\]$/m);
  });

  it("exits 2 for a directory", async () => {
    const { code, stderr } = await check(["."]);
    expect(code).toBe(2);
    expect(stderr).toContain("[FILE_UNREADABLE]");
  });

  it.each(["2026-13-01", "2026-02-30", "yesterday", "2026-4-1", "2026-04-01T25:00:00Z", ""])(
    "exits 2 for --as-of %j",
    async (value) => {
      const { code, stdout, stderr } = await check(["kept.yaml", "--as-of", value]);
      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toContain("invalid --as-of: expected");
      expect(stderr).toContain(JSON.stringify(value));
    },
  );

  it("exits 2 when --as-of has no value", async () => {
    const { code, stderr } = await check(["kept.yaml", "--as-of"]);
    expect(code).toBe(2);
    expect(stderr).toContain("option '--as-of' expects a value");
  });

  it("exits 2 for an unknown --format", async () => {
    const { code, stdout, stderr } = await check(["kept.yaml", "--format", "xml"]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("invalid --format 'xml': expected text or json");
  });

  it("exits 2 for an unknown --fail-on", async () => {
    const { code, stderr } = await check(["kept.yaml", "--fail-on", "opportunity"]);
    expect(code).toBe(2);
    expect(stderr).toContain(
      "invalid --fail-on 'opportunity': expected major, minor or observation",
    );
  });

  it("exits 2 with usage for an unknown option", async () => {
    const { code, stdout, stderr } = await check(["kept.yaml", "--strict"]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("sigreg check: unknown option '--strict'");
    expect(stderr).toContain("Usage: sigreg check <file>");
  });

  it("exits 2 with usage without a file, or with two", async () => {
    const none = await check([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("expected a register file");
    expect(none.stderr).toContain("Usage: sigreg check <file>");
    const two = await check(["kept.yaml", "gaps.yaml"]);
    expect(two.code).toBe(2);
    expect(two.stderr).toContain("expected one register file, got 2");
  });
});
