import { describe, expect, it } from "vitest";
import { buildIndex } from "../src/evaluate/register-index.js";
import { builtinRules, evaluate, type Register, type RuleContext } from "../src/index.js";
import { DEFAULT_SIGNAL_WINDOW_DAYS } from "../src/scoring/score-group.js";
import { buildRegister, day, daysBefore } from "./helpers/build.js";

const AS_OF = "2026-06-30";
const asOf = day(AS_OF);

/** Groups a, b and a again ("Second A"), as a register assembled without the loader can hold them. */
function repeatedIdRegister(): Register {
  const parsed = buildRegister({
    organisation: { name: "Acme" },
    groups: [
      { id: "a", name: "First A", kind: "technical-forum", url: "https://a.example" },
      { id: "b", name: "B", kind: "technical-forum", url: "https://b.example" },
    ],
    activities: [{ group: "a", date: daysBefore(AS_OF, 4), type: "meeting" }],
  });
  const second = { ...(parsed.groups[0] as Register["groups"][number]), name: "Second A" };
  return { ...parsed, groups: [...parsed.groups, second] };
}

describe("evaluate: the groups of the result", () => {
  it("keeps one entry per group, in register order, even for a repeated id (a register assembled without the loader)", () => {
    const register = repeatedIdRegister();
    const result = evaluate(register, { asOf });
    expect(result.groups.map((group) => [group.id, group.name])).toEqual([
      ["a", "First A"],
      ["b", "B"],
      ["a", "Second A"],
    ]);
    const [first, , repeated] = result.groups;
    expect(repeated?.relevance).toBe(first?.relevance);
    expect(repeated?.review).toBe(first?.review);
    expect(repeated?.lastActivity).toEqual(day(daysBefore(AS_OF, 4)));
    expect(repeated?.lastActivity).not.toBe(first?.lastActivity);
  });

  it("gives plugin rules the index's groups and stats by id, the last group of a repeated id at the first's place", () => {
    const register = repeatedIdRegister();
    const seen: unknown[] = [];
    const rule = {
      id: "reads-index",
      title: "Reads the index",
      description: "A plugin rule that reads the index's maps.",
      severity: "observation" as const,
      controls: [],
      remediation: "None.",
      policyKeys: [],
      check: ({ index }: RuleContext) => {
        const { groups, stats } = index;
        seen.push(
          [...groups].map(([id, group]) => [id, group.name]),
          [...stats].map(([id, entry]) => [id, entry.group.name, entry.lastActivity]),
          index.groups === groups && index.stats === stats,
          Object.keys(index),
        );
        index.groups = new Map();
        seen.push(index.groups.size);
        return [];
      },
    };
    evaluate(register, { asOf, rules: [rule] });
    expect(seen).toEqual([
      [
        ["a", "Second A"],
        ["b", "B"],
      ],
      [
        ["a", "Second A", day(daysBefore(AS_OF, 4)).getTime()],
        ["b", "B", Number.NEGATIVE_INFINITY],
      ],
      true,
      ["people", "groups", "stats", "owned", "ownerLastActivity", "lastFullReview"],
      0,
    ]);
  });

  it("refuses a rule's question about a group the register does not hold", () => {
    const register = buildRegister({
      organisation: { name: "Acme" },
      groups: [{ id: "a", name: "A", kind: "technical-forum", url: "https://a.example" }],
    });
    const rule = {
      id: "asks-unknown",
      title: "Asks about an unknown group",
      description: "A plugin rule that reads the relevance of a group that is not there.",
      severity: "observation" as const,
      controls: [],
      remediation: "None.",
      policyKeys: [],
      check: (context: { relevance(id: string): unknown }) => {
        context.relevance("missing");
        return [];
      },
    };
    expect(() => evaluate(register, { asOf, rules: [rule] })).toThrow(
      new RangeError('evaluate: unknown group "missing"'),
    );
    const reviewRule = {
      ...rule,
      check: (context: { review(id: string): unknown }) => {
        context.review("missing");
        return [];
      },
    };
    expect(() => evaluate(register, { asOf, rules: [reviewRule] })).toThrow(
      new RangeError('evaluate: unknown group "missing"'),
    );
  });
});

/** A register with something for most group-level rules to find, under DORA. */
function variedRegister(): Register {
  return buildRegister({
    organisation: {
      name: "Acme",
      sectors: ["finance"],
      technologies: ["aws/lambda", "postgresql"],
      jurisdictions: ["GB"],
      regulations: ["dora"],
    },
    people: [
      { id: "alice", name: "Alice" },
      { id: "bob", name: "Bob", active: false },
    ],
    groups: [
      {
        id: "cert",
        name: "National CERT",
        kind: "government-cert",
        jurisdictions: ["FR"],
        owner: "alice",
        url: "https://cert.example",
        relevance: "Alerts.",
        purposes: ["threat-alerts", "best-practice"],
        topics: { technologies: ["aws"] },
        lastReviewed: daysBefore(AS_OF, 400),
      },
      {
        id: "isac",
        name: "Finance ISAC",
        kind: "isac",
        owner: "bob",
        contact: "liaison@isac.example",
        membership: {
          status: "active",
          since: daysBefore(AS_OF, 30),
          renewsOn: daysBefore(AS_OF, 2),
        },
      },
      {
        id: "social",
        name: "Watched accounts",
        kind: "social-media",
        owner: "ghost",
        expectedCadence: "weekly",
        membership: { status: "lapsed" },
      },
      {
        id: "old",
        name: "Old forum",
        kind: "technical-forum",
        membership: { status: "ended", endedOn: daysBefore(AS_OF, 10) },
      },
      { id: "authority", name: "Regulator", kind: "authority", url: "https://reg.example" },
    ],
    activities: [
      { group: "cert", date: daysBefore(AS_OF, 3), type: "meeting", by: "alice" },
      { group: "isac", date: daysBefore(AS_OF, 300), type: "meeting" },
    ],
  });
}

/** The same register with every group and membership an object whose fields are getters on its prototype. */
function withPrototypeFields(register: Register): Register {
  const behind = <T extends object>(value: T): T => {
    const prototype = {};
    for (const [key, field] of Object.entries(value)) {
      Object.defineProperty(prototype, key, { get: () => field, enumerable: false });
    }
    return Object.create(prototype) as T;
  };
  return {
    ...register,
    groups: register.groups.map((group) =>
      behind(
        group.membership === undefined ? group : { ...group, membership: behind(group.membership) },
      ),
    ),
  };
}

describe("evaluate: how the groups are read", () => {
  it("gives the same result for groups and memberships that are not plain objects (fields on a prototype)", () => {
    const register = variedRegister();
    const plain = evaluate(register, { asOf });
    expect(plain.findings.length).toBeGreaterThan(8);
    const other = evaluate(withPrototypeFields(register), { asOf });
    expect(JSON.stringify(other)).toBe(JSON.stringify(plain));
  });

  it("gives the same result when a plugin rule evaluates another register in its check", () => {
    const register = variedRegister();
    const other = buildRegister({
      groups: [{ id: "x", name: "X", kind: "isac", url: "https://x.example" }],
    });
    const nested = {
      id: "nested-evaluation",
      title: "Evaluates another register",
      description:
        "A plugin rule that calls evaluate for another register before the built-in rules after it run.",
      severity: "observation" as const,
      controls: [],
      remediation: "None.",
      policyKeys: [],
      check: () => {
        evaluate(other, { asOf });
        return [];
      },
    };
    // Plugin rules run after the built-in ones; put it first by running the built-ins as plugins.
    const expected = evaluate(register, { asOf });
    const result = evaluate(register, { asOf, rules: [nested, ...builtinRules] });
    const builtinIds = new Set<string>(builtinRules.map((rule) => rule.id));
    expect(result.groups).toEqual(expected.groups);
    expect(result.kpis.alertsPerGroup).toEqual(expected.kpis.alertsPerGroup);
    // The built-in rules ran twice: their findings, each twice, in the same order.
    const once = expected.findings.filter((finding) => builtinIds.has(finding.ruleId));
    expect(result.findings.length).toBe(2 * once.length);
    expect(new Set(result.findings.map((finding) => JSON.stringify(finding)))).toEqual(
      new Set(once.map((finding) => JSON.stringify(finding))),
    );
  });

  it("gives the same hits when a built-in rule is called with a context made by hand", () => {
    const register = variedRegister();
    const result = evaluate(register, { asOf });
    const relevance = new Map(result.groups.map((group) => [group.id, group.relevance]));
    const review = new Map(result.groups.map((group) => [group.id, group.review]));
    const context: RuleContext = {
      register,
      asOf,
      policy: register.policy,
      // A copy: an index evaluate has not seen.
      index: { ...buildIndex(register, asOf, DEFAULT_SIGNAL_WINDOW_DAYS) },
      relevance: (id) => relevance.get(id) as NonNullable<ReturnType<typeof relevance.get>>,
      review: (id) => review.get(id) as NonNullable<ReturnType<typeof review.get>>,
      feeds: [],
      state: [],
    };
    for (const rule of builtinRules) {
      const expected = result.findings
        .filter((finding) => finding.ruleId === rule.id)
        .map(({ subject, message }) => ({ subject, message }));
      const hits = rule.check(context).map(({ subject, message }) => ({ subject, message }));
      expect(hits, rule.id).toEqual(expected);
    }
  });
});
