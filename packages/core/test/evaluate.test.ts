import { describe, expect, it } from "vitest";
import {
  defineRule,
  evaluate,
  type Finding,
  type RegisterInput,
  SEVERITIES,
  severityRank,
  verdictOf,
} from "../src/index.js";
import { buildRegister, day, daysBefore } from "./helpers/build.js";

const AS_OF = "2026-06-30";
const asOf = day(AS_OF);

/** A register with nothing for any built-in rule to report on AS_OF. */
function cleanInput(): RegisterInput {
  return {
    organisation: {
      name: "Acme Bank",
      sectors: ["finance"],
      jurisdictions: ["GB"],
      technologies: ["aws"],
      riskThemes: ["ransomware"],
    },
    people: [{ id: "alice", name: "Alice Analyst" }],
    groups: [
      {
        id: "ncsc",
        name: "NCSC",
        kind: "government-cert",
        url: "https://www.ncsc.gov.uk/",
        jurisdictions: ["GB"],
        owner: "alice",
        purposes: ["threat-alerts"],
        relevance: "National CERT: early warning for the UK.",
        expectedCadence: "monthly",
        topics: { sectors: ["finance"], technologies: ["aws"], riskThemes: ["ransomware"] },
      },
      {
        id: "isaca",
        name: "ISACA London",
        kind: "professional-body",
        url: "https://www.isaca.org/",
        owner: "alice",
        purposes: ["best-practice"],
        relevance: "Audit and governance practice.",
        topics: { sectors: ["finance"], riskThemes: ["ransomware"] },
        membership: { status: "active", since: "2025-01-01", renewsOn: "2027-01-01" },
      },
    ],
    activities: [
      {
        group: "ncsc",
        date: daysBefore(AS_OF, 20),
        type: "newsletter",
        by: "alice",
        actions: [{ type: "awareness", on: daysBefore(AS_OF, 19) }],
      },
      { group: "isaca", date: daysBefore(AS_OF, 40), type: "event-attended", by: "alice" },
    ],
    alerts: [
      {
        id: "al-1",
        group: "ncsc",
        title: "Ransomware campaign against banks",
        received: daysBefore(AS_OF, 10),
        severity: "high",
        state: "actioned",
        triagedBy: "alice",
        triagedOn: daysBefore(AS_OF, 9),
        sharedTo: [{ channel: "#security", on: daysBefore(AS_OF, 9) }],
        actions: [{ type: "ticket", ref: "SEC-1", on: daysBefore(AS_OF, 8) }],
      },
    ],
    reviews: [{ date: daysBefore(AS_OF, 30), reviewer: "alice", scope: "all" }],
  };
}

const summary = (findings: Finding[]) => findings.map((f) => `${f.severity} ${f.ruleId}`);

describe("verdictOf", () => {
  it("is nonconformity for any major or minor finding", () => {
    expect(verdictOf([{ severity: "major" }])).toBe("nonconformity");
    expect(verdictOf([{ severity: "opportunity" }, { severity: "minor" }])).toBe("nonconformity");
    expect(verdictOf([{ severity: "observation" }, { severity: "major" }])).toBe("nonconformity");
  });

  it("is at-risk with observations only", () => {
    expect(verdictOf([{ severity: "observation" }])).toBe("at-risk");
    expect(verdictOf([{ severity: "opportunity" }, { severity: "observation" }])).toBe("at-risk");
  });

  it("is ready with opportunities only, or nothing", () => {
    expect(verdictOf([])).toBe("ready");
    expect(verdictOf([{ severity: "opportunity" }, { severity: "opportunity" }])).toBe("ready");
  });
});

describe("evaluate", () => {
  it("finds nothing in a clean register, which is ready", () => {
    const result = evaluate(buildRegister(cleanInput()), { asOf });
    expect(summary(result.findings)).toEqual([]);
    expect(result.verdict).toBe("ready");
    expect(result.asOf).toEqual(asOf);
  });

  it("stays ready with opportunities only", () => {
    const input = cleanInput();
    input.policy = { minRelevance: 100 };
    const result = evaluate(buildRegister(input), { asOf });
    expect(result.findings.length).toBeGreaterThan(0);
    expect(new Set(result.findings.map((f) => f.severity))).toEqual(new Set(["opportunity"]));
    expect(result.verdict).toBe("ready");
    expect(result.kpis.findings.opportunity).toBe(result.findings.length);
  });

  it("is at-risk with observations only", () => {
    const input = cleanInput();
    input.organisation.jurisdictions = ["GB", "US"];
    const result = evaluate(buildRegister(input), { asOf });
    expect(summary(result.findings)).toEqual(["observation coverage-gap"]);
    expect(result.verdict).toBe("at-risk");
  });

  it("is a nonconformity with a minor finding", () => {
    const input = cleanInput();
    const [ncsc] = input.groups;
    if (ncsc) ncsc.relevance = undefined;
    const result = evaluate(buildRegister(input), { asOf });
    expect(summary(result.findings)).toEqual(["minor group-relevance-undocumented"]);
    expect(result.verdict).toBe("nonconformity");
  });

  it("is a nonconformity with a major finding (register never reviewed)", () => {
    const input = cleanInput();
    input.reviews = [];
    const result = evaluate(buildRegister(input), { asOf });
    expect(summary(result.findings)).toContain("major register-never-reviewed");
    expect(result.verdict).toBe("nonconformity");
  });

  it("sorts findings most severe first, keeping rule order within a severity", () => {
    // Never reviewed (major), groups with no owner/contact/relevance (minor), an authority and
    // coverage gaps (observation), a low-relevance group (opportunity).
    const register = buildRegister({
      organisation: { name: "Acme", jurisdictions: ["GB"], sectors: ["finance"] },
      groups: [
        { id: "police", name: "Police", kind: "authority" },
        {
          id: "knit",
          name: "Knitters",
          kind: "other",
          url: "https://knit.example/",
          topics: { sectors: ["textiles"] },
        },
      ],
    });
    const result = evaluate(register, { asOf });
    const ranks = result.findings.map((f) => severityRank(f.severity));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    const severities = new Set(result.findings.map((f) => f.severity));
    expect(severities).toEqual(new Set(SEVERITIES));
    expect(result.findings[0]?.ruleId).toBe("register-never-reviewed");
    expect(result.findings.at(-1)?.severity).toBe("opportunity");
    // Within minor, rule order: owner-missing before contact-missing before relevance-undocumented.
    const minors = result.findings.filter((f) => f.severity === "minor").map((f) => f.ruleId);
    const firstOf = (id: string) => minors.indexOf(id);
    expect(firstOf("group-owner-missing")).toBeGreaterThanOrEqual(0);
    expect(firstOf("group-owner-missing")).toBeLessThan(firstOf("group-contact-missing"));
    expect(firstOf("group-contact-missing")).toBeLessThan(firstOf("group-relevance-undocumented"));
    expect(result.verdict).toBe("nonconformity");
    expect(result.kpis.findings.major).toBe(1);
    expect(
      result.kpis.findings.major +
        result.kpis.findings.minor +
        result.kpis.findings.observation +
        result.kpis.findings.opportunity,
    ).toBe(result.findings.length);
  });

  it("applies a severity override from the policy, and sorts by the overridden severity", () => {
    const input = cleanInput();
    input.organisation.jurisdictions = ["GB", "US"];
    input.policy = { rules: { "coverage-gap": { severity: "major" } } };
    const result = evaluate(buildRegister(input), { asOf });
    expect(summary(result.findings)).toEqual(["major coverage-gap"]);
    expect(result.verdict).toBe("nonconformity");
  });

  it("reports every group in register order, with relevance, review state and last activity", () => {
    const input = cleanInput();
    input.groups.push({
      id: "quiet",
      name: "Quiet forum",
      kind: "technical-forum",
      url: "https://quiet.example/",
      membership: { status: "ended", endedOn: "2025-01-01" },
    });
    const result = evaluate(buildRegister(input), { asOf });
    expect(result.groups.map((g) => [g.id, g.name])).toEqual([
      ["ncsc", "NCSC"],
      ["isaca", "ISACA London"],
      ["quiet", "Quiet forum"],
    ]);
    const [ncsc, isaca, quiet] = result.groups;
    // Latest of activities and alerts: the alert 10 days ago beats the activity 20 days ago.
    expect(ncsc?.lastActivity).toEqual(day(daysBefore(AS_OF, 10)));
    expect(isaca?.lastActivity).toEqual(day(daysBefore(AS_OF, 40)));
    expect(quiet?.lastActivity).toBeNull();
    expect(ncsc?.review.status).toBe("compliant");
    expect(ncsc?.review.lastReviewed).toEqual(day(daysBefore(AS_OF, 30)));
    expect(ncsc?.review.nextDue).toEqual(day(daysBefore(AS_OF, 30 - 365)));
    expect(ncsc?.relevance.score).toBeGreaterThan(result.groups[2]?.relevance.score ?? 100);
    const sum = ncsc?.relevance.factors.reduce((total, f) => total + f.contribution, 0) ?? 0;
    expect(Math.abs(sum - (ncsc?.relevance.score ?? -1))).toBeLessThanOrEqual(0.5);
  });

  it("uses the weights option for relevance", () => {
    const register = buildRegister(cleanInput());
    const weights = {
      sectors: 0,
      technologies: 0,
      regulations: 0,
      riskThemes: 0,
      kind: 0,
      signal: 100,
    };
    const byDefault = evaluate(register, { asOf }).groups[1]?.relevance.score;
    const signalOnly = evaluate(register, { asOf, weights }).groups[1]?.relevance;
    expect(signalOnly?.score).not.toBe(byDefault);
    // One event in 180 days against six expected (monthly): 17.
    expect(signalOnly?.score).toBe(17);
  });

  describe("kpis", () => {
    const input = cleanInput();
    input.alerts = [
      // In the window: triaged after 1, 3 and 4 days; one actioned, two shared; one still new.
      {
        id: "k1",
        group: "ncsc",
        title: "K1",
        received: daysBefore(AS_OF, 10),
        state: "actioned",
        triagedOn: daysBefore(AS_OF, 9),
        sharedTo: [{ channel: "#sec", on: daysBefore(AS_OF, 9) }],
        actions: [{ type: "ticket" }],
      },
      {
        id: "k2",
        group: "ncsc",
        title: "K2",
        received: daysBefore(AS_OF, 20),
        state: "triaged",
        triagedOn: daysBefore(AS_OF, 17),
        sharedTo: [{ channel: "#sec", on: daysBefore(AS_OF, 17) }],
        actions: [{ type: "no-action" }],
      },
      {
        id: "k3",
        group: "ncsc",
        title: "K3",
        received: daysBefore(AS_OF, 30),
        state: "dismissed",
        triagedOn: daysBefore(AS_OF, 26),
        dismissedReason: "Not used.",
      },
      { id: "k4", group: "ncsc", title: "K4", received: daysBefore(AS_OF, 2) },
      // Outside the window: untriaged, and triaged very late (would skew the median).
      { id: "k5", group: "ncsc", title: "K5", received: daysBefore(AS_OF, 200) },
      {
        id: "k6",
        group: "ncsc",
        title: "K6",
        received: daysBefore(AS_OF, 150),
        state: "actioned",
        triagedOn: daysBefore(AS_OF, 100),
        actions: [{ type: "ticket" }],
      },
    ];
    const result = evaluate(buildRegister(input), { asOf });

    it("counts alerts in the window and untriaged alerts of any age", () => {
      expect(result.kpis.windowDays).toBe(90);
      expect(result.kpis.alertsInWindow).toBe(4);
      expect(result.kpis.alertsUntriaged).toBe(2);
      expect(result.kpis.activitiesInWindow).toBe(2);
    });

    it("counts a ticket recorded as an action, with no date and no state to follow", () => {
      // k1's `ticket` action (k6's is outside the window): one ticket; no date, so no days to it;
      // no ticket delivery opened, so no closed share.
      expect(result.kpis.tickets).toBe(1);
      expect(result.kpis.medianDaysToTicket).toBeNull();
      expect(result.kpis.ticketsClosedShare).toBeNull();
    });

    it("counts a ticket delivery opened and a ticket action naming it once, and dated actions", () => {
      const trail = cleanInput();
      trail.alerts = [
        {
          id: "t1",
          group: "ncsc",
          title: "Opened by delivery, recorded again by hand",
          received: daysBefore(AS_OF, 10),
          state: "actioned",
          actions: [{ type: "ticket", ref: "SEC-1", on: daysBefore(AS_OF, 9) }],
          tickets: [
            {
              system: "jira",
              key: "SEC-1",
              opened: daysBefore(AS_OF, 8),
              closed: daysBefore(AS_OF, 1),
            },
          ],
        },
        {
          id: "t2",
          group: "ncsc",
          title: "Recorded by hand only",
          received: daysBefore(AS_OF, 20),
          state: "actioned",
          actions: [
            { type: "ticket", ref: "OPS-7", on: daysBefore(AS_OF, 16) },
            { type: "risk-update", on: daysBefore(AS_OF, 19) },
          ],
        },
      ];
      const kpis = evaluate(buildRegister(trail), { asOf }).kpis;
      expect(kpis.tickets).toBe(2);
      // t1's action is SEC-1 itself, so the ticket's own opening counts (2 days, not the action's
      // 1); t2: the dated ticket action, 4 days. Median 3.
      expect(kpis.medianDaysToTicket).toBe(3);
      // Only SEC-1 has a state sigreg follows, and it was found closed.
      expect(kpis.ticketsClosedShare).toBe(1);
    });

    it("gives the share of alerts actioned and shared, and the median days to triage", () => {
      expect(result.kpis.alertsActionedShare).toBeCloseTo(1 / 4, 10);
      expect(result.kpis.alertsSharedShare).toBeCloseTo(2 / 4, 10);
      expect(result.kpis.medianDaysToTriage).toBe(3);
    });

    it("gives the median of an even count as the mean of the middle two", () => {
      const even = cleanInput();
      even.alerts = [
        {
          id: "e1",
          group: "ncsc",
          title: "E1",
          received: daysBefore(AS_OF, 10),
          state: "triaged",
          triagedOn: daysBefore(AS_OF, 9),
        },
        {
          id: "e2",
          group: "ncsc",
          title: "E2",
          received: daysBefore(AS_OF, 10),
          state: "triaged",
          triagedOn: daysBefore(AS_OF, 8),
        },
      ];
      expect(evaluate(buildRegister(even), { asOf }).kpis.medianDaysToTriage).toBe(1.5);
    });

    it("uses null when there is nothing to measure", () => {
      const empty = cleanInput();
      empty.alerts = [];
      empty.reviews = [];
      const kpis = evaluate(buildRegister(empty), { asOf }).kpis;
      expect(kpis.alertsInWindow).toBe(0);
      expect(kpis.alertsActionedShare).toBeNull();
      expect(kpis.alertsSharedShare).toBeNull();
      expect(kpis.medianDaysToTriage).toBeNull();
      expect(kpis.registerLastReviewed).toBeNull();
      expect(kpis.registerNextReviewDue).toBeNull();
    });

    it("gives the next register review as the last full review plus registerReviewDays", () => {
      expect(result.kpis.registerLastReviewed).toEqual(day(daysBefore(AS_OF, 30)));
      expect(result.kpis.registerNextReviewDue).toEqual(day(daysBefore(AS_OF, 30 - 90)));
      const custom = evaluate(buildRegister(input), { asOf, policy: { registerReviewDays: 180 } });
      expect(custom.kpis.registerNextReviewDue).toEqual(day(daysBefore(AS_OF, 30 - 180)));
    });

    it("counts findings per severity", () => {
      expect(result.kpis.findings).toEqual({
        major: 0,
        minor: result.findings.filter((f) => f.severity === "minor").length,
        observation: 0,
        opportunity: 0,
      });
      // K5 is untriaged after 200 days.
      expect(result.kpis.findings.minor).toBeGreaterThanOrEqual(1);
      expect(result.findings.map((f) => f.subject.id)).toContain("k5");
    });

    it("counts groups and live groups, and active owners", () => {
      expect(result.kpis.groups).toBe(2);
      expect(result.kpis.liveGroups).toBe(2);
      expect(result.kpis.activeOwners).toBe(1);
    });
  });

  it("throws a RangeError for an invalid asOf", () => {
    const register = buildRegister(cleanInput());
    expect(() => evaluate(register, { asOf: new Date("not a date") })).toThrow(RangeError);
    expect(() => evaluate(register, { asOf: "2026-06-30" as unknown as Date })).toThrow(RangeError);
  });

  it("runs extra rules after the built-in ones, with the policy's overrides", () => {
    const everyGroupNeedsAFeed = defineRule({
      id: "x-feed-missing",
      title: "No feed",
      description: "A group lists no feed.",
      severity: "observation",
      controls: ["ISO27001:2022/A.5.6", "X/1"],
      remediation: "Add a feed.",
      policyKeys: [],
      check: ({ register, asOf: when }) =>
        register.groups
          .filter((g) => g.feeds.length === 0)
          .map((g) => ({
            subject: { type: "group" as const, id: g.id },
            message: `${g.name} has no feed as of ${when.toISOString().slice(0, 10)}.`,
          })),
    });
    const register = buildRegister(cleanInput());
    const result = evaluate(register, { asOf, rules: [everyGroupNeedsAFeed] });
    expect(result.findings).toEqual([
      {
        ruleId: "x-feed-missing",
        severity: "observation",
        subject: { type: "group", id: "ncsc" },
        message: `NCSC has no feed as of ${AS_OF}.`,
        remediation: "Add a feed.",
        controls: ["ISO27001:2022/A.5.6", "X/1"],
      },
      {
        ruleId: "x-feed-missing",
        severity: "observation",
        subject: { type: "group", id: "isaca" },
        message: `ISACA London has no feed as of ${AS_OF}.`,
        remediation: "Add a feed.",
        controls: ["ISO27001:2022/A.5.6", "X/1"],
      },
    ]);
    expect(result.verdict).toBe("at-risk");

    const disabled = evaluate(register, {
      asOf,
      rules: [everyGroupNeedsAFeed],
      policy: { rules: { "x-feed-missing": { enabled: false } } },
    });
    expect(disabled.findings).toEqual([]);
    expect(disabled.verdict).toBe("ready");
  });

  it("is pure: the same input gives deep-equal results and the register is not mutated", () => {
    const input = cleanInput();
    input.reviews = [];
    input.organisation.jurisdictions = ["GB", "US"];
    input.alerts?.push({
      id: "stale",
      group: "ncsc",
      title: "Stale",
      received: daysBefore(AS_OF, 40),
    });
    const register = buildRegister(input);
    const before = structuredClone(register);
    const first = evaluate(register, { asOf, policy: { minRelevance: 90 } });
    const second = evaluate(register, { asOf, policy: { minRelevance: 90 } });
    expect(first.findings.length).toBeGreaterThan(2);
    expect(second).toEqual(first);
    expect(register).toEqual(before);
    // Sorting the findings must not have reordered anything in the register.
    expect(register.alerts.map((a) => a.id)).toEqual(before.alerts.map((a) => a.id));
  });
});
