import { describe, expect, it } from "vitest";
import { defineRule, evaluate, type RuleId, runRule } from "../src/index.js";
import { buildRegister, day, daysBefore } from "./helpers/build.js";

const AS_OF = day("2026-11-23");
const register = buildRegister({
  people: [{ id: "alice", name: "Alice Example", active: false }],
  groups: [
    { id: "g1", name: "Group one", kind: "technical-forum", owner: "alice" },
    { id: "g2", name: "Group two", kind: "social-media" },
  ],
  reviews: [{ date: daysBefore(AS_OF, 120), reviewer: "alice", scope: "all" }],
});

describe("runRule: one rule as (register, { asOf, policy }) → Finding[]", () => {
  it("gives a built-in rule's findings, named by id, as evaluate reports them", () => {
    const all = evaluate(register, { asOf: AS_OF }).findings;
    for (const id of ["register-review-overdue", "group-owner-inactive", "group-owner-missing"]) {
      const findings = runRule(id as RuleId, register, { asOf: AS_OF });
      expect(findings.length).toBeGreaterThan(0);
      expect(findings).toEqual(all.filter((finding) => finding.ruleId === id));
    }
    const [overdue] = runRule("register-review-overdue", register, { asOf: AS_OF });
    expect(overdue).toMatchObject({
      ruleId: "register-review-overdue",
      severity: "minor",
      controls: ["ISO27001:2022/A.5.6"],
    });
    expect(overdue?.remediation).toMatch(/quarterly/);
  });

  it("takes the policy: its thresholds, and the override that re-grades or switches a rule off", () => {
    expect(
      runRule("register-review-overdue", register, {
        asOf: AS_OF,
        policy: { registerReviewDays: 150 },
      }),
    ).toEqual([]);
    const regraded = runRule("register-review-overdue", register, {
      asOf: AS_OF,
      policy: { rules: { "register-review-overdue": { severity: "major" } } },
    });
    expect(regraded.map((finding) => finding.severity)).toEqual(["major"]);
    expect(
      runRule("register-review-overdue", register, {
        asOf: AS_OF,
        policy: { rules: { "register-review-overdue": { enabled: false } } },
      }),
    ).toEqual([]);
  });

  it("runs a plugin's rule object, with the same context the built-in rules get", () => {
    const noDeputy = defineRule({
      id: "acme-no-deputy",
      title: "No deputy",
      description: "A group has no deputy owner.",
      severity: "observation",
      controls: ["ACME/1"],
      remediation: "Name a deputy.",
      policyKeys: [],
      check: ({ register: r, relevance }) =>
        r.groups
          .filter((group) => group.deputy === undefined)
          .map((group) => ({
            subject: { type: "group" as const, id: group.id },
            message: `"${group.name}" has no deputy (relevance ${relevance(group.id).score}).`,
          })),
    });
    const findings = runRule(noDeputy, register, { asOf: AS_OF });
    expect(findings.map((finding) => finding.subject.id)).toEqual(["g1", "g2"]);
    expect(findings[0]).toMatchObject({ ruleId: "acme-no-deputy", severity: "observation" });
    expect(findings[0]?.message).toMatch(/relevance \d+/);
  });

  it("refuses an id that is no built-in rule, naming it and the ids it knows", () => {
    expect(() => runRule("group-dormnat" as RuleId, register, { asOf: AS_OF })).toThrow(
      /"group-dormnat" is not a built-in rule \(expected one of register-never-reviewed, .*group-dormant/,
    );
    expect(() => runRule("group-dormant", register, { asOf: new Date("nope") })).toThrow(
      /asOf must be a valid Date/,
    );
  });
});
