import { describe, expect, it } from "vitest";
import { type RegisterInput, registerSchema } from "../src/index.js";
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
type PersonInput = NonNullable<RegisterInput["people"]>[number];
type ActivityInput = NonNullable<RegisterInput["activities"]>[number];

const alice: PersonInput = { id: "alice", name: "Alice Example" };
const bob: PersonInput = { id: "bob", name: "Bob Example" };
const group = (id: string, extra: Partial<GroupInput> = {}): GroupInput => ({
  id,
  name: `Group ${id}`,
  kind: "technical-forum",
  owner: "alice",
  ...extra,
});
const activity = (groupId: string, by: string | undefined, daysAgo: number): ActivityInput => ({
  group: groupId,
  date: ago(daysAgo),
  type: "newsletter",
  ...(by === undefined ? {} : { by }),
});

describe("group-owner-missing", () => {
  const id = "group-owner-missing";

  it("fires for a live group with no owner, as a minor finding about the group", () => {
    const register = buildRegister({
      people: [alice],
      groups: [group("g1", { owner: undefined }), group("g2")],
    });
    const findings = findingsFor(register, id, AS_OF);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: id,
      severity: "minor",
      subject: { type: "group", id: "g1" },
    });
    expect(findings[0]?.message).toContain('"Group g1" has no owner');
    expect(findings[0]?.controls).toContain("ISO27001:2022/A.5.6");
  });

  it("does not fire when an owner is named", () => {
    expect(
      findingsFor(buildRegister({ people: [alice], groups: [group("g1")] }), id, AS_OF),
    ).toEqual([]);
  });

  it("skips ended memberships but checks lapsed and prospective ones", () => {
    const register = buildRegister({
      groups: [
        group("ended", { owner: undefined, membership: { status: "ended" } }),
        group("lapsed", { owner: undefined, membership: { status: "lapsed" } }),
        group("prospective", { owner: undefined, membership: { status: "prospective" } }),
      ],
    });
    expect(findingsFor(register, id, AS_OF).map((f) => f.subject.id)).toEqual([
      "lapsed",
      "prospective",
    ]);
  });

  it("can be switched off or re-graded by the policy", () => {
    const register = buildRegister({ groups: [group("g1", { owner: undefined })] });
    expect(
      findingsFor(register, id, AS_OF, { policy: { rules: { [id]: { enabled: false } } } }),
    ).toEqual([]);
    const major = buildRegister({
      groups: [group("g1", { owner: undefined })],
      policy: { rules: { [id]: { severity: "major" } } },
    });
    expect(findingsFor(major, id, AS_OF).map((f) => f.severity)).toEqual(["major"]);
  });
});

describe("group-owner-unknown", () => {
  const id = "group-owner-unknown";
  // registerSchema.parse checks shapes, not references: this register is one the file loader refuses.
  const register = buildRegister({
    people: [alice],
    groups: [
      group("g1", { owner: "ghost" }),
      group("g2"),
      group("g3", { owner: "ghost", membership: { status: "ended" } }),
    ],
  });

  it("builds (the schema alone does not check references)", () => {
    expect(
      registerSchema.safeParse({
        organisation: { name: "x" },
        groups: [group("g1", { owner: "ghost" })],
      }).success,
    ).toBe(true);
  });

  it("fires for a live group owned by someone not in people, naming them", () => {
    const findings = findingsFor(register, id, AS_OF);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: id,
      severity: "minor",
      subject: { type: "group", id: "g1" },
    });
    expect(findings[0]?.message).toContain('"ghost"');
    expect(findings[0]?.message).toContain('"Group g1"');
    expect(findings[0]?.controls).toContain("ISO27001:2022/A.5.6");
  });

  it("is not reported as missing or inactive as well", () => {
    expect(findingsFor(register, "group-owner-missing", AS_OF)).toEqual([]);
    expect(findingsFor(register, "group-owner-inactive", AS_OF)).toEqual([]);
  });

  it("can be switched off or re-graded by the policy", () => {
    expectPolicyOverrides(register, id, AS_OF);
  });
});

describe("group-owner-inactive", () => {
  const id = "group-owner-inactive";
  const withOwner = (owner: PersonInput, extra: Partial<GroupInput> = {}) =>
    buildRegister({ people: [owner], groups: [group("g1", { owner: owner.id, ...extra })] });

  it("fires when the owner is marked inactive, saying so", () => {
    const findings = findingsFor(withOwner({ ...alice, active: false }), id, AS_OF);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: id,
      severity: "minor",
      subject: { type: "group", id: "g1" },
    });
    expect(findings[0]?.message).toContain("Alice Example");
    expect(findings[0]?.message).toContain("is inactive");
    expect(findings[0]?.controls).toContain("ISO27001:2022/A.5.6");
  });

  it("does not fire for an active owner without leftOn (active defaults to true)", () => {
    const register = withOwner(alice);
    expect(register.people[0]?.active).toBe(true);
    expect(findingsFor(register, id, AS_OF)).toEqual([]);
  });

  it.each([
    [1, 1], // left yesterday
    [0, 1], // left on asOf: gone
    [-1, 0], // leaves tomorrow: still here
  ])("leftOn %i day(s) before asOf gives %i finding(s)", (daysAgo, count) => {
    const findings = findingsFor(withOwner({ ...alice, leftOn: ago(daysAgo) }), id, AS_OF);
    expect(findings).toHaveLength(count);
    if (count === 1) expect(findings[0]?.message).toContain(`left on ${ago(daysAgo)}`);
  });

  it("counts leftOn in whole UTC days (a date-time late on asOf is still asOf)", () => {
    expect(
      findingsFor(withOwner({ ...alice, leftOn: `${ago(0)}T23:59:59Z` }), id, AS_OF),
    ).toHaveLength(1);
    expect(
      findingsFor(
        withOwner({ ...alice, leftOn: `${ago(-1)}T00:00:00Z` }),
        id,
        "2026-06-15T23:59:59Z",
      ),
    ).toEqual([]);
  });

  it("skips ended memberships", () => {
    expect(
      findingsFor(
        withOwner({ ...alice, active: false }, { membership: { status: "ended" } }),
        id,
        AS_OF,
      ),
    ).toEqual([]);
  });

  it("can be switched off or re-graded by the policy", () => {
    const register = withOwner({ ...alice, active: false });
    expectPolicyOverrides(register, id, AS_OF);
  });
});

describe("owner-no-recent-activity", () => {
  const id = "owner-no-recent-activity";
  const build = (activities: ActivityInput[], extra: Partial<RegisterInput> = {}) =>
    buildRegister({
      people: [alice, bob],
      groups: [group("g1"), group("g2"), group("bobs", { owner: "bob" })],
      activities: [...activities, activity("bobs", "bob", 0)],
      ...extra,
    });

  it.each([
    [89, 0],
    [90, 0],
    [91, 1],
  ])(
    "the owner's latest activity on an owned group %i days ago gives %i finding(s)",
    (age, count) => {
      expect(findingsFor(build([activity("g2", "alice", age)]), id, AS_OF)).toHaveLength(count);
    },
  );

  it("reports the person, the number of groups, the age and the limit as an observation", () => {
    const findings = findingsFor(
      build([activity("g1", "alice", 91), activity("g1", "alice", 200)]),
      id,
      AS_OF,
    );
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding).toMatchObject({
      ruleId: id,
      severity: "observation",
      subject: { type: "person", id: "alice" },
    });
    expect(finding?.message).toContain("Alice Example");
    expect(finding?.message).toContain("owns 2 group(s)");
    expect(finding?.message).toContain("91 days");
    expect(finding?.message).toContain("limit 90");
    expect(finding?.controls).toContain("ISO27001:2022/A.5.6");
  });

  it("says ever when the owner has recorded nothing", () => {
    const [finding] = findingsFor(build([]), id, AS_OF);
    expect(finding?.subject).toEqual({ type: "person", id: "alice" });
    expect(finding?.message).toMatch(/no activity for them ever/);
  });

  it("does not count activity by someone else on the owner's group", () => {
    const findings = findingsFor(
      build([activity("g1", "bob", 0), activity("g1", undefined, 0)]),
      id,
      AS_OF,
    );
    expect(findings.map((f) => f.subject.id)).toEqual(["alice"]);
  });

  it("does not count the owner's activity on a group they do not own", () => {
    const findings = findingsFor(build([activity("bobs", "alice", 0)]), id, AS_OF);
    expect(findings.map((f) => f.subject.id)).toEqual(["alice"]);
  });

  describe("exemption for owners whose groups are all new", () => {
    const since = (daysAgo: number) => ({
      membership: { status: "active" as const, since: ago(daysAgo) },
    });
    const newOwner = (a: number, b: number) =>
      buildRegister({ people: [alice], groups: [group("g1", since(a)), group("g2", since(b))] });

    it.each([
      [89, 0],
      [90, 0],
      [91, 1],
    ])("groups added %i days ago give %i finding(s)", (age, count) => {
      expect(findingsFor(newOwner(age, 10), id, AS_OF)).toHaveLength(count);
    });

    it("does not apply when one group has no since", () => {
      const register = buildRegister({
        people: [alice],
        groups: [group("g1", since(1)), group("g2")],
      });
      expect(findingsFor(register, id, AS_OF)).toHaveLength(1);
    });

    it("ignores ended groups, which are not owned any more", () => {
      const register = buildRegister({
        people: [alice],
        groups: [
          group("g1", since(1)),
          group("old", { membership: { status: "ended", since: ago(1000) } }),
        ],
      });
      expect(findingsFor(register, id, AS_OF)).toEqual([]);
    });
  });

  it("skips owners who are inactive or have left (group-owner-inactive covers them)", () => {
    const gone = (person: PersonInput) =>
      buildRegister({
        people: [person],
        groups: [group("g1")],
        activities: [activity("g1", "alice", 400)],
      });
    expect(findingsFor(gone({ ...alice, active: false }), id, AS_OF)).toEqual([]);
    expect(findingsFor(gone({ ...alice, leftOn: ago(0) }), id, AS_OF)).toEqual([]);
    expect(findingsFor(gone({ ...alice, leftOn: ago(-1) }), id, AS_OF)).toHaveLength(1);
  });

  it("skips owners who are not in the register", () => {
    const register = buildRegister({ people: [], groups: [group("g1", { owner: "ghost" })] });
    expect(findingsFor(register, id, AS_OF)).toEqual([]);
  });

  it("honours ownerActivityDays from the register and from evaluate()", () => {
    const inFile = build([activity("g1", "alice", 31)], { policy: { ownerActivityDays: 30 } });
    expect(findingsFor(inFile, id, AS_OF)[0]?.message).toContain("limit 30");
    expect(
      findingsFor(build([activity("g1", "alice", 30)]), id, AS_OF, {
        policy: { ownerActivityDays: 30 },
      }),
    ).toEqual([]);
    expect(
      findingsFor(build([activity("g1", "alice", 31)]), id, AS_OF, {
        policy: { ownerActivityDays: 30 },
      }),
    ).toHaveLength(1);
  });

  it("can be switched off or re-graded by the policy", () => {
    const register = build([]);
    expectPolicyOverrides(register, id, AS_OF);
  });
});

describe("owner-overloaded", () => {
  const id = "owner-overloaded";
  const groups = (count: number, prefix = "g", extra: Partial<GroupInput> = {}) =>
    Array.from({ length: count }, (_, i) => group(`${prefix}${i + 1}`, extra));

  it.each([
    [9, 0],
    [10, 0],
    [11, 1],
  ])("an owner of %i live groups gives %i finding(s) (default limit 10)", (count, findings) => {
    expect(
      findingsFor(buildRegister({ people: [alice], groups: groups(count) }), id, AS_OF),
    ).toHaveLength(findings);
  });

  it("reports the person, the count and the limit as an observation", () => {
    const [finding, ...rest] = findingsFor(
      buildRegister({ people: [alice], groups: groups(11) }),
      id,
      AS_OF,
    );
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      ruleId: id,
      severity: "observation",
      subject: { type: "person", id: "alice" },
    });
    expect(finding?.message).toContain("Alice Example owns 11 groups");
    expect(finding?.message).toContain("limit 10");
    expect(finding?.controls).toContain("ISO27001:2022/A.5.6");
  });

  it("does not count ended memberships", () => {
    const register = buildRegister({
      people: [alice],
      groups: [...groups(10), ...groups(5, "ended", { membership: { status: "ended" } })],
    });
    expect(findingsFor(register, id, AS_OF)).toEqual([]);
  });

  it("counts each owner separately", () => {
    const register = buildRegister({
      people: [alice, bob],
      groups: [...groups(6), ...groups(6, "b", { owner: "bob" })],
    });
    expect(findingsFor(register, id, AS_OF)).toEqual([]);
  });

  it.each([
    [3, 0],
    [4, 1],
  ])("with maxGroupsPerOwner 3, %i groups give %i finding(s)", (count, findings) => {
    const inFile = buildRegister({
      people: [alice],
      groups: groups(count),
      policy: { maxGroupsPerOwner: 3 },
    });
    expect(findingsFor(inFile, id, AS_OF)).toHaveLength(findings);
    const viaOptions = buildRegister({ people: [alice], groups: groups(count) });
    expect(findingsFor(viaOptions, id, AS_OF, { policy: { maxGroupsPerOwner: 3 } })).toHaveLength(
      findings,
    );
  });

  it("quotes the overridden limit", () => {
    const [finding] = findingsFor(
      buildRegister({ people: [alice], groups: groups(4) }),
      id,
      AS_OF,
      {
        policy: { maxGroupsPerOwner: 3 },
      },
    );
    expect(finding?.message).toContain("owns 4 groups (limit 3)");
  });

  it("can be switched off or re-graded by the policy", () => {
    const register = buildRegister({ people: [alice], groups: groups(11) });
    expect(
      findingsFor(register, id, AS_OF, { policy: { rules: { [id]: { enabled: false } } } }),
    ).toEqual([]);
    expect(
      findingsFor(register, id, AS_OF, {
        policy: { rules: { [id]: { enabled: true, severity: "minor" } } },
      }).map((f) => f.severity),
    ).toEqual(["minor"]);
  });
});
