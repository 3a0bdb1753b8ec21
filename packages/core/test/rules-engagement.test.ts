import { describe, expect, it } from "vitest";
import type { RegisterInput } from "../src/index.js";
import {
  buildRegister,
  day,
  daysBefore,
  expectPolicyOverrides,
  findingsFor,
} from "./helpers/build.js";

const AS_OF = day("2026-06-15");
const ago = (days: number) => daysBefore(AS_OF, days);

type GroupInput = RegisterInput["groups"][number];
type MembershipInput = NonNullable<GroupInput["membership"]>;
type ActivityInput = NonNullable<RegisterInput["activities"]>[number];
type AlertInput = NonNullable<RegisterInput["alerts"]>[number];

const people = [{ id: "alice", name: "Alice Example" }];
const group = (id: string, extra: Partial<GroupInput> = {}): GroupInput => ({
  id,
  name: `Group ${id}`,
  kind: "technical-forum",
  owner: "alice",
  ...extra,
});
const activity = (groupId: string, daysAgo: number): ActivityInput => ({
  group: groupId,
  date: ago(daysAgo),
  type: "newsletter",
  by: "alice",
});
let alertSeq = 0;
const alert = (groupId: string, daysAgo: number): AlertInput => ({
  id: `alert-${++alertSeq}`,
  group: groupId,
  title: "Advisory",
  received: ago(daysAgo),
  state: "triaged",
});

describe("group-dormant", () => {
  const id = "group-dormant";
  const single = (
    extra: Partial<GroupInput> = {},
    activities: ActivityInput[] = [],
    alerts: AlertInput[] = [],
    rest: Partial<RegisterInput> = {},
  ) => buildRegister({ people, groups: [group("g1", extra)], activities, alerts, ...rest });

  it.each([
    [179, 0],
    [180, 0],
    [181, 1],
  ])("last activity %i days ago gives %i finding(s)", (age, count) => {
    expect(findingsFor(single({}, [activity("g1", age)]), id, AS_OF)).toHaveLength(count);
  });

  it.each([
    [179, 0],
    [180, 0],
    [181, 1],
  ])("last alert %i days ago gives %i finding(s)", (age, count) => {
    expect(findingsFor(single({}, [], [alert("g1", age)]), id, AS_OF)).toHaveLength(count);
  });

  it("counts the latest of activities and alerts", () => {
    expect(findingsFor(single({}, [activity("g1", 400)], [alert("g1", 180)]), id, AS_OF)).toEqual(
      [],
    );
    expect(findingsFor(single({}, [activity("g1", 180)], [alert("g1", 400)]), id, AS_OF)).toEqual(
      [],
    );
    expect(
      findingsFor(
        single({}, [activity("g1", 500), activity("g1", 181)], [alert("g1", 300)]),
        id,
        AS_OF,
      ),
    ).toHaveLength(1);
  });

  it("ignores activity and alerts of other groups", () => {
    const register = buildRegister({
      people,
      groups: [group("g1"), group("g2")],
      activities: [activity("g1", 1), activity("g2", 181)],
      alerts: [alert("g1", 0)],
    });
    expect(findingsFor(register, id, AS_OF).map((f) => f.subject.id)).toEqual(["g2"]);
  });

  it("reports the group, the date, the age and the limit as an observation", () => {
    const [finding, ...rest] = findingsFor(single({}, [activity("g1", 181)]), id, AS_OF);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      ruleId: id,
      severity: "observation",
      subject: { type: "group", id: "g1" },
    });
    expect(finding?.message).toContain('"Group g1"');
    expect(finding?.message).toContain(ago(181));
    expect(finding?.message).toContain("181 days");
    expect(finding?.message).toContain("limit 180");
    expect(finding?.controls).toContain("ISO27001:2022/A.5.6");
  });

  it("fires at once for a group with no activity or alert ever, saying never", () => {
    for (const extra of [{}, { membership: { status: "active" as const } }]) {
      const [finding, ...rest] = findingsFor(single(extra), id, AS_OF);
      expect(rest).toEqual([]);
      expect(finding?.subject).toEqual({ type: "group", id: "g1" });
      // "never", as the rule words it: no date, no age.
      expect(finding?.message).toBe('Nothing has ever been recorded from "Group g1".');
    }
  });

  it.each([
    [179, 0],
    [180, 0],
    [181, 1],
  ])(
    "a group added (since) %i days ago with nothing recorded gives %i finding(s)",
    (age, count) => {
      expect(
        findingsFor(single({ membership: { status: "active", since: ago(age) } }), id, AS_OF),
      ).toHaveLength(count);
    },
  );

  it("exempts a recently added group even when its last activity is old", () => {
    const register = single({ membership: { status: "active", since: ago(30) } }, [
      activity("g1", 400),
    ]);
    expect(findingsFor(register, id, AS_OF)).toEqual([]);
  });

  it("skips prospective and ended memberships, checks lapsed ones", () => {
    const register = buildRegister({
      people,
      groups: [
        group("prospective", { membership: { status: "prospective" } }),
        group("ended", { membership: { status: "ended", endedOn: ago(300) } }),
        group("lapsed", { membership: { status: "lapsed" } }),
      ],
    });
    expect(findingsFor(register, id, AS_OF).map((f) => f.subject.id)).toEqual(["lapsed"]);
  });

  it("honours dormantAfterDays from the register and from evaluate()", () => {
    const inFile = single({}, [activity("g1", 31)], [], { policy: { dormantAfterDays: 30 } });
    expect(findingsFor(inFile, id, AS_OF)[0]?.message).toContain("limit 30");
    expect(
      findingsFor(single({}, [activity("g1", 30)]), id, AS_OF, {
        policy: { dormantAfterDays: 30 },
      }),
    ).toEqual([]);
    expect(
      findingsFor(single({}, [activity("g1", 31)]), id, AS_OF, {
        policy: { dormantAfterDays: 30 },
      }),
    ).toHaveLength(1);
  });

  it("can be switched off or re-graded by the policy", () => {
    const register = single();
    expectPolicyOverrides(register, id, AS_OF);
  });
});

describe("membership-lapsed", () => {
  const id = "membership-lapsed";
  const withMembership = (
    membership: MembershipInput | undefined,
    extra: Partial<RegisterInput> = {},
  ) =>
    buildRegister({
      people,
      groups: [group("g1", membership === undefined ? {} : { membership })],
      ...extra,
    });

  it("fires for a lapsed membership, as an observation about the group", () => {
    const [finding, ...rest] = findingsFor(withMembership({ status: "lapsed" }), id, AS_OF);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      ruleId: id,
      severity: "observation",
      subject: { type: "group", id: "g1" },
    });
    expect(finding?.message).toContain('The membership of "Group g1" has lapsed');
    expect(finding?.controls).toContain("ISO27001:2022/A.5.6");
  });

  it.each([
    [1, 1], // renewal was due yesterday
    [0, 0], // due today
    [-1, 0], // due tomorrow
  ])(
    "an active membership with renewsOn %i day(s) before asOf gives %i finding(s)",
    (daysAgo, count) => {
      const findings = findingsFor(
        withMembership({ status: "active", renewsOn: ago(daysAgo) }),
        id,
        AS_OF,
      );
      expect(findings).toHaveLength(count);
      if (count === 1) expect(findings[0]?.message).toContain(`due for renewal on ${ago(daysAgo)}`);
    },
  );

  it("counts renewsOn in whole UTC days", () => {
    expect(
      findingsFor(
        withMembership({ status: "active", renewsOn: `${ago(0)}T00:00:00Z` }),
        id,
        "2026-06-15T23:59:59Z",
      ),
    ).toEqual([]);
    expect(
      findingsFor(withMembership({ status: "active", renewsOn: `${ago(1)}T23:59:59Z` }), id, AS_OF),
    ).toHaveLength(1);
  });

  it("does not fire for an active membership without renewsOn, nor for a group without membership", () => {
    expect(findingsFor(withMembership({ status: "active" }), id, AS_OF)).toEqual([]);
    expect(findingsFor(withMembership(undefined), id, AS_OF)).toEqual([]);
  });

  it("does not fire for prospective or ended memberships past renewsOn", () => {
    expect(
      findingsFor(withMembership({ status: "prospective", renewsOn: ago(30) }), id, AS_OF),
    ).toEqual([]);
    expect(
      findingsFor(
        withMembership({ status: "ended", renewsOn: ago(30), endedOn: ago(20) }),
        id,
        AS_OF,
      ),
    ).toEqual([]);
  });

  it("reports a lapsed membership once, even past renewsOn", () => {
    const findings = findingsFor(
      withMembership({ status: "lapsed", renewsOn: ago(30) }),
      id,
      AS_OF,
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toContain("has lapsed");
  });

  it("can be switched off or re-graded by the policy", () => {
    const off = withMembership(
      { status: "lapsed" },
      { policy: { rules: { [id]: { enabled: false } } } },
    );
    expect(findingsFor(off, id, AS_OF)).toEqual([]);
    const major = withMembership(
      { status: "lapsed" },
      { policy: { rules: { [id]: { severity: "major" } } } },
    );
    expect(findingsFor(major, id, AS_OF).map((f) => f.severity)).toEqual(["major"]);
  });
});

describe("dora-membership-notice-missing", () => {
  const id = "dora-membership-notice-missing";
  const SINCE = "2026-01-10";
  const ENDED = "2026-05-20";
  const build = (
    membership: MembershipInput,
    {
      kind = "isac",
      regulations = ["dora"],
      policy,
    }: { kind?: GroupInput["kind"]; regulations?: string[]; policy?: RegisterInput["policy"] } = {},
  ) =>
    buildRegister({
      organisation: { name: "Test Bank", regulations },
      people,
      groups: [group("isac1", { kind, membership })],
      ...(policy === undefined ? {} : { policy }),
    });

  it("fires for a started ISAC membership with no notice, as a minor finding citing DORA", () => {
    const [finding, ...rest] = findingsFor(build({ status: "active", since: SINCE }), id, AS_OF);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      ruleId: id,
      severity: "minor",
      subject: { type: "group", id: "isac1" },
    });
    expect(finding?.message).toContain('Joining "Group isac1" was not notified');
    expect(finding?.controls).toEqual(["ISO27001:2022/A.5.6", "DORA/Art.45(3)"]);
  });

  it("only applies when the organisation is under DORA (regulations are normalised)", () => {
    const membership = { status: "active" as const, since: SINCE };
    expect(findingsFor(build(membership, { regulations: [] }), id, AS_OF)).toEqual([]);
    expect(findingsFor(build(membership, { regulations: ["nis2", "gdpr"] }), id, AS_OF)).toEqual(
      [],
    );
    expect(findingsFor(build(membership, { regulations: [" DORA "] }), id, AS_OF)).toHaveLength(1);
  });

  it("only applies to ISACs", () => {
    for (const kind of [
      "government-cert",
      "professional-body",
      "technical-forum",
      "other",
    ] as const) {
      expect(findingsFor(build({ status: "active", since: SINCE }, { kind }), id, AS_OF)).toEqual(
        [],
      );
    }
  });

  it.each([
    ["on the day it started", SINCE, 0],
    ["the day after it started", "2026-01-11", 0],
    ["well after it started", "2026-03-01", 0],
    ["the day before it started", "2026-01-09", 1],
  ])("a started membership notified %s (%s) gives %i finding(s)", (_, notified, count) => {
    const findings = findingsFor(
      build({ status: "active", since: SINCE, authorityNotifiedOn: notified }),
      id,
      AS_OF,
    );
    expect(findings).toHaveLength(count);
  });

  it("does not fire for a started membership without since, or for a prospective one", () => {
    expect(findingsFor(build({ status: "active" }), id, AS_OF)).toEqual([]);
    expect(findingsFor(build({ status: "prospective", since: SINCE }), id, AS_OF)).toEqual([]);
    expect(findingsFor(build({ status: "prospective" }), id, AS_OF)).toEqual([]);
  });

  it("checks a lapsed membership like a started one", () => {
    expect(findingsFor(build({ status: "lapsed", since: SINCE }), id, AS_OF)).toHaveLength(1);
    expect(
      findingsFor(build({ status: "lapsed", since: SINCE, authorityNotifiedOn: SINCE }), id, AS_OF),
    ).toEqual([]);
  });

  describe("an ended membership", () => {
    it("with no notice fires, about leaving", () => {
      const [finding, ...rest] = findingsFor(
        build({ status: "ended", since: SINCE, endedOn: ENDED }),
        id,
        AS_OF,
      );
      expect(rest).toEqual([]);
      expect(finding).toMatchObject({ severity: "minor", subject: { type: "group", id: "isac1" } });
      expect(finding?.message).toContain('Leaving "Group isac1" was not notified');
    });

    it.each([
      ["the day before it ended", "2026-05-19", 1],
      ["on the day it ended", ENDED, 0],
      ["the day after it ended", "2026-05-21", 0],
    ])("notified %s (%s) gives %i finding(s)", (_, notified, count) => {
      const findings = findingsFor(
        build({ status: "ended", since: SINCE, endedOn: ENDED, authorityNotifiedOn: notified }),
        id,
        AS_OF,
      );
      expect(findings).toHaveLength(count);
      if (count === 1) expect(findings[0]?.message).toMatch(/^Leaving/);
    });

    it("still with the joining notice only (before endedOn) fires", () => {
      const membership = {
        status: "ended" as const,
        since: SINCE,
        endedOn: ENDED,
        authorityNotifiedOn: SINCE,
      };
      expect(findingsFor(build(membership), id, AS_OF)).toHaveLength(1);
    });

    it("without endedOn fires only when there is no notice at all", () => {
      expect(findingsFor(build({ status: "ended" }), id, AS_OF)).toHaveLength(1);
      expect(
        findingsFor(build({ status: "ended", authorityNotifiedOn: ENDED }), id, AS_OF),
      ).toEqual([]);
    });

    it("is not checked outside DORA or for non-ISACs", () => {
      const membership = { status: "ended" as const, endedOn: ENDED };
      expect(findingsFor(build(membership, { regulations: [] }), id, AS_OF)).toEqual([]);
      expect(findingsFor(build(membership, { kind: "government-cert" }), id, AS_OF)).toEqual([]);
    });
  });

  it("can be switched off or re-graded by the policy", () => {
    const membership = { status: "active" as const, since: SINCE };
    expect(
      findingsFor(
        build(membership, { policy: { rules: { [id]: { enabled: false } } } }),
        id,
        AS_OF,
      ),
    ).toEqual([]);
    expect(
      findingsFor(build(membership), id, AS_OF, {
        policy: { rules: { [id]: { enabled: true, severity: "major" } } },
      }).map((f) => f.severity),
    ).toEqual(["major"]);
  });
});
