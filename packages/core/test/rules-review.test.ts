import { describe, expect, it } from "vitest";
import { A56, evaluate, type Register, type RegisterInput } from "../src/index.js";
import { buildRegister, day, daysBefore, findingsFor } from "./helpers/build.js";

const AS_OF = day("2026-06-15");
const ago = (days: number) => daysBefore(AS_OF, days);

const people = [{ id: "alice", name: "Alice Example" }];
type GroupInput = RegisterInput["groups"][number];
const group = (id: string, extra: Partial<GroupInput> = {}): GroupInput => ({
  id,
  name: `Group ${id}`,
  kind: "technical-forum",
  owner: "alice",
  ...extra,
});

const reviewAll = (daysAgo: number) => ({
  date: ago(daysAgo),
  reviewer: "alice",
  scope: "all" as const,
});
const reviewOf = (daysAgo: number, ...ids: string[]) => ({
  date: ago(daysAgo),
  reviewer: "alice",
  scope: ids,
});

function registerWithReviews(
  reviews: RegisterInput["reviews"],
  extra: Partial<RegisterInput> = {},
): Register {
  return buildRegister({ people, groups: [group("g1")], reviews, ...extra });
}

describe("register-never-reviewed", () => {
  const id = "register-never-reviewed";

  it("fires when no review is recorded, as a major finding about the register", () => {
    const findings = findingsFor(registerWithReviews([]), id, AS_OF);
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding).toMatchObject({
      ruleId: id,
      severity: "major",
      subject: { type: "register", id: "register" },
    });
    expect(finding?.message).toMatch(/no review of the whole register/i);
    expect(finding?.controls).toContain(A56);
    expect(finding?.controls).toContain("ISO27001:2022/A.5.6");
    expect(finding?.remediation.length).toBeGreaterThan(0);
  });

  it("still fires when only partial-scope reviews are recorded", () => {
    const register = registerWithReviews([reviewOf(1, "g1"), reviewOf(10, "g1", "g2")]);
    expect(findingsFor(register, id, AS_OF)).toHaveLength(1);
  });

  it("is cleared by a review with scope all, however old", () => {
    expect(findingsFor(registerWithReviews([reviewAll(1000)]), id, AS_OF)).toEqual([]);
    expect(findingsFor(registerWithReviews([reviewOf(1, "g1"), reviewAll(0)]), id, AS_OF)).toEqual(
      [],
    );
  });

  it("treats an omitted scope as all (the schema default)", () => {
    const register = registerWithReviews([{ date: ago(5), reviewer: "alice" }]);
    expect(register.reviews[0]?.scope).toBe("all");
    expect(findingsFor(register, id, AS_OF)).toEqual([]);
  });

  it("does not also report register-review-overdue when never reviewed", () => {
    expect(findingsFor(registerWithReviews([]), "register-review-overdue", AS_OF)).toEqual([]);
  });

  it("can be switched off or re-graded by the policy", () => {
    const off = registerWithReviews([], { policy: { rules: { [id]: { enabled: false } } } });
    expect(findingsFor(off, id, AS_OF)).toEqual([]);
    const minor = registerWithReviews([], { policy: { rules: { [id]: { severity: "minor" } } } });
    expect(findingsFor(minor, id, AS_OF).map((f) => f.severity)).toEqual(["minor"]);
  });
});

describe("register-review-overdue", () => {
  const id = "register-review-overdue";

  it.each([
    [89, 0],
    [90, 0],
    [91, 1],
  ])("with the default 90 days, a full review %i days ago gives %i finding(s)", (age, count) => {
    expect(findingsFor(registerWithReviews([reviewAll(age)]), id, AS_OF)).toHaveLength(count);
  });

  it("reports the date, the age and the limit, as a minor finding about the register", () => {
    const [finding, ...rest] = findingsFor(registerWithReviews([reviewAll(91)]), id, AS_OF);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      ruleId: id,
      severity: "minor",
      subject: { type: "register", id: "register" },
    });
    expect(finding?.message).toContain(ago(91));
    expect(finding?.message).toContain("91 days");
    expect(finding?.message).toContain("limit 90");
    expect(finding?.controls).toContain("ISO27001:2022/A.5.6");
  });

  it("counts the latest full review, not the first or a partial one", () => {
    expect(
      findingsFor(registerWithReviews([reviewAll(200), reviewAll(90), reviewAll(400)]), id, AS_OF),
    ).toEqual([]);
    // A recent partial review does not refresh the register review.
    const partial = registerWithReviews([reviewAll(91), reviewOf(1, "g1")]);
    expect(findingsFor(partial, id, AS_OF)).toHaveLength(1);
  });

  it("counts whole UTC days: a review late on day -90 is 90 days old, early on day -91 is 91", () => {
    const late = registerWithReviews([
      { date: `${ago(90)}T23:59:59Z`, reviewer: "alice", scope: "all" },
    ]);
    expect(findingsFor(late, id, AS_OF)).toEqual([]);
    const early = registerWithReviews([
      { date: `${ago(91)}T00:00:01Z`, reviewer: "alice", scope: "all" },
    ]);
    expect(findingsFor(early, id, AS_OF)).toHaveLength(1);
    // asOf late in its day is still the same day.
    expect(
      findingsFor(registerWithReviews([reviewAll(90)]), id, day("2026-06-15T23:59:59Z")),
    ).toEqual([]);
  });

  describe("with registerReviewDays 30 in the register's policy", () => {
    const policy = { registerReviewDays: 30 };
    it.each([
      [29, 0],
      [30, 0],
      [31, 1],
    ])("a full review %i days ago gives %i finding(s)", (age, count) => {
      const register = registerWithReviews([reviewAll(age)], { policy });
      expect(register.policy.registerReviewDays).toBe(30);
      expect(findingsFor(register, id, AS_OF)).toHaveLength(count);
    });

    it("quotes the overridden limit", () => {
      const [finding] = findingsFor(registerWithReviews([reviewAll(31)], { policy }), id, AS_OF);
      expect(finding?.message).toContain("31 days");
      expect(finding?.message).toContain("limit 30");
    });
  });

  describe("with registerReviewDays 30 passed to evaluate()", () => {
    it.each([
      [29, 0],
      [30, 0],
      [31, 1],
    ])("a full review %i days ago gives %i finding(s)", (age, count) => {
      const register = registerWithReviews([reviewAll(age)]);
      expect(findingsFor(register, id, AS_OF, { policy: { registerReviewDays: 30 } })).toHaveLength(
        count,
      );
    });

    it("overrides the register's own policy", () => {
      const register = registerWithReviews([reviewAll(60)], { policy: { registerReviewDays: 30 } });
      expect(findingsFor(register, id, AS_OF)).toHaveLength(1);
      expect(findingsFor(register, id, AS_OF, { policy: { registerReviewDays: 90 } })).toEqual([]);
    });
  });

  it("can be switched off or re-graded by the policy, in the register or in evaluate()", () => {
    const register = registerWithReviews([reviewAll(100)]);
    expect(
      findingsFor(register, id, AS_OF, { policy: { rules: { [id]: { enabled: false } } } }),
    ).toEqual([]);
    expect(
      findingsFor(register, id, AS_OF, {
        policy: { rules: { [id]: { enabled: true, severity: "major" } } },
      }).map((f) => f.severity),
    ).toEqual(["major"]);
    const inFile = registerWithReviews([reviewAll(100)], {
      policy: { rules: { [id]: { severity: "major" } } },
    });
    expect(findingsFor(inFile, id, AS_OF).map((f) => f.severity)).toEqual(["major"]);
  });
});

describe("group-review-overdue", () => {
  const id = "group-review-overdue";
  const single = (extra: Partial<GroupInput> = {}, reviews: RegisterInput["reviews"] = []) =>
    buildRegister({ people, groups: [group("g1", extra)], reviews });

  it.each([
    [364, 0],
    [365, 0],
    [366, 1],
  ])("group.lastReviewed %i days ago gives %i finding(s)", (age, count) => {
    expect(findingsFor(single({ lastReviewed: ago(age) }), id, AS_OF)).toHaveLength(count);
  });

  it.each([
    [364, 0],
    [365, 0],
    [366, 1],
  ])("a review naming the group %i days ago gives %i finding(s)", (age, count) => {
    expect(findingsFor(single({}, [reviewOf(age, "g1")]), id, AS_OF)).toHaveLength(count);
  });

  it.each([
    [364, 0],
    [365, 0],
    [366, 1],
  ])("a review of all %i days ago gives %i finding(s)", (age, count) => {
    expect(findingsFor(single({}, [reviewAll(age)]), id, AS_OF)).toHaveLength(count);
  });

  it("ignores reviews that name other groups", () => {
    expect(
      findingsFor(single({ lastReviewed: ago(366) }, [reviewOf(1, "g2")]), id, AS_OF),
    ).toHaveLength(1);
  });

  it("counts the latest of lastReviewed, a review naming the group and a review of all", () => {
    // Each source in turn is the recent one; the other two are stale.
    expect(
      findingsFor(
        single({ lastReviewed: ago(10) }, [reviewOf(400, "g1"), reviewAll(500)]),
        id,
        AS_OF,
      ),
    ).toEqual([]);
    expect(
      findingsFor(
        single({ lastReviewed: ago(400) }, [reviewOf(10, "g1"), reviewAll(500)]),
        id,
        AS_OF,
      ),
    ).toEqual([]);
    expect(
      findingsFor(
        single({ lastReviewed: ago(400) }, [reviewOf(500, "g1"), reviewAll(10)]),
        id,
        AS_OF,
      ),
    ).toEqual([]);
    // An older review never hides a newer lastReviewed, whatever the order.
    expect(
      findingsFor(
        single({ lastReviewed: ago(365) }, [reviewAll(366), reviewOf(367, "g1")]),
        id,
        AS_OF,
      ),
    ).toEqual([]);
    const [finding] = findingsFor(
      single({ lastReviewed: ago(366) }, [reviewAll(367), reviewOf(400, "g1")]),
      id,
      AS_OF,
    );
    expect(finding?.message).toContain(ago(366));
    expect(finding?.message).toContain("366 days");
  });

  it("reports the group, the date, the age and the limit as a minor finding", () => {
    const [finding, ...rest] = findingsFor(single({ lastReviewed: ago(366) }), id, AS_OF);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      ruleId: id,
      severity: "minor",
      subject: { type: "group", id: "g1" },
    });
    expect(finding?.message).toContain('"Group g1"');
    expect(finding?.message).toContain(ago(366));
    expect(finding?.message).toContain("366 days");
    expect(finding?.message).toContain("limit 365");
    expect(finding?.controls).toContain("ISO27001:2022/A.5.6");
  });

  describe("a group never reviewed", () => {
    it.each([
      [364, 0],
      [365, 0],
      [366, 1],
    ])("with membership.since %i days ago gives %i finding(s)", (age, count) => {
      const register = single({ membership: { status: "active", since: ago(age) } });
      expect(findingsFor(register, id, AS_OF)).toHaveLength(count);
    });

    it("without membership.since fires at once, saying it was never reviewed", () => {
      for (const extra of [{}, { membership: { status: "active" as const } }]) {
        const [finding, ...rest] = findingsFor(single(extra), id, AS_OF);
        expect(rest).toEqual([]);
        expect(finding).toMatchObject({ severity: "minor", subject: { type: "group", id: "g1" } });
        expect(finding?.message).toMatch(/never been reviewed/);
      }
    });

    it("with a recent since is exempt until since + groupReviewDays", () => {
      const register = single({ membership: { status: "active", since: "2026-01-01" } });
      // 2026-01-01 + 365 days = 2027-01-01.
      expect(findingsFor(register, id, "2026-12-31")).toEqual([]);
      expect(findingsFor(register, id, "2027-01-01")).toEqual([]);
      expect(findingsFor(register, id, "2027-01-02")).toHaveLength(1);
    });
  });

  it("skips ended memberships, even never reviewed ones", () => {
    const ended = single({
      membership: { status: "ended", endedOn: ago(10) },
      lastReviewed: ago(1000),
    });
    expect(findingsFor(ended, id, AS_OF)).toEqual([]);
    expect(findingsFor(single({ membership: { status: "ended" } }), id, AS_OF)).toEqual([]);
  });

  it("still checks lapsed and prospective memberships", () => {
    expect(
      findingsFor(single({ membership: { status: "lapsed" }, lastReviewed: ago(366) }), id, AS_OF),
    ).toHaveLength(1);
    expect(findingsFor(single({ membership: { status: "prospective" } }), id, AS_OF)).toHaveLength(
      1,
    );
  });

  it("reports one finding per overdue group", () => {
    const register = buildRegister({
      people,
      groups: [
        group("a", { lastReviewed: ago(366) }),
        group("b", { lastReviewed: ago(365) }),
        group("c", { lastReviewed: ago(400) }),
        group("d", { membership: { status: "ended" } }),
      ],
    });
    expect(findingsFor(register, id, AS_OF).map((f) => f.subject.id)).toEqual(["a", "c"]);
  });

  it("honours groupReviewDays from the register and from evaluate()", () => {
    const inFile = buildRegister({
      people,
      groups: [group("g1", { lastReviewed: ago(31) })],
      policy: { groupReviewDays: 30 },
    });
    const [finding] = findingsFor(inFile, id, AS_OF);
    expect(finding?.message).toContain("limit 30");
    const plain = single({ lastReviewed: ago(30) });
    expect(findingsFor(plain, id, AS_OF, { policy: { groupReviewDays: 30 } })).toEqual([]);
    expect(
      findingsFor(single({ lastReviewed: ago(31) }), id, AS_OF, {
        policy: { groupReviewDays: 30 },
      }),
    ).toHaveLength(1);
  });

  it("can be switched off or re-graded by the policy", () => {
    const stale = { lastReviewed: ago(400) };
    expect(
      findingsFor(single(stale), id, AS_OF, { policy: { rules: { [id]: { enabled: false } } } }),
    ).toEqual([]);
    expect(
      findingsFor(single(stale), id, AS_OF, {
        policy: { rules: { [id]: { enabled: true, severity: "major" } } },
      }).map((f) => f.severity),
    ).toEqual(["major"]);
  });
});

describe("per-group review status in evaluate().groups", () => {
  const statusOf = (
    extra: Partial<GroupInput>,
    reviews: RegisterInput["reviews"] = [],
    asOf: Date = AS_OF,
  ) => {
    const result = evaluate(buildRegister({ people, groups: [group("g1", extra)], reviews }), {
      asOf,
    });
    const [entry] = result.groups;
    expect(entry?.id).toBe("g1");
    return entry?.review;
  };

  it.each([
    [0, "compliant"],
    [349, "compliant"], // 16 days left
    [350, "compliant"], // 15 days left
    [351, "due-soon"], // 14 days left
    [364, "due-soon"],
    [365, "due-soon"], // due today: not yet overdue
    [366, "overdue"],
  ] as const)("last reviewed %i days ago is %s", (age, expected) => {
    expect(statusOf({ lastReviewed: ago(age) })?.status).toBe(expected);
  });

  it("gives lastReviewed and nextDue = lastReviewed + groupReviewDays", () => {
    const review = statusOf({ lastReviewed: "2026-01-10" });
    expect(review).toEqual({
      status: "compliant",
      lastReviewed: day("2026-01-10"),
      nextDue: day("2027-01-10"),
    });
  });

  it("takes lastReviewed from the latest review covering the group", () => {
    const review = statusOf({ lastReviewed: "2025-01-01" }, [reviewOf(0, "g1"), reviewAll(100)]);
    expect(review?.lastReviewed).toEqual(day(ago(0)));
    expect(review?.nextDue).toEqual(day("2027-06-15"));
  });

  it("nextDue is a UTC midnight even when the review has a time", () => {
    const review = statusOf({}, [
      { date: "2026-03-01T17:45:00Z", reviewer: "alice", scope: ["g1"] },
    ]);
    expect(review?.lastReviewed).toEqual(day("2026-03-01T17:45:00Z"));
    expect(review?.nextDue).toEqual(day("2027-03-01"));
  });

  it("an overdue group has nextDue in the past", () => {
    const review = statusOf({ lastReviewed: ago(366) });
    expect(review?.status).toBe("overdue");
    expect(review?.nextDue).toEqual(day(ago(1)));
  });

  it("due-soon follows dueSoonDays and groupReviewDays from the policy", () => {
    const build = (age: number) =>
      buildRegister({
        people,
        groups: [group("g1", { lastReviewed: ago(age) })],
        policy: { groupReviewDays: 100, dueSoonDays: 10 },
      });
    const status = (age: number) => evaluate(build(age), { asOf: AS_OF }).groups[0]?.review.status;
    expect(status(89)).toBe("compliant"); // 11 left
    expect(status(90)).toBe("due-soon"); // 10 left
    expect(status(100)).toBe("due-soon");
    expect(status(101)).toBe("overdue");
    const viaOptions = evaluate(build(85), { asOf: AS_OF, policy: { dueSoonDays: 15 } }).groups[0]
      ?.review.status;
    expect(viaOptions).toBe("due-soon"); // 15 left
  });

  it("a group never reviewed is never-reviewed, with nextDue = since + groupReviewDays when since is known", () => {
    expect(statusOf({})).toEqual({ status: "never-reviewed" });
    expect(statusOf({ membership: { status: "active", since: "2026-01-01" } })).toEqual({
      status: "never-reviewed",
      nextDue: day("2027-01-01"),
    });
  });

  it("a review of all makes every group reviewed", () => {
    const result = evaluate(
      buildRegister({
        people,
        groups: [group("a"), group("b", { membership: { status: "ended" } })],
        reviews: [reviewAll(10)],
      }),
      { asOf: AS_OF },
    );
    expect(result.groups.map((g) => [g.id, g.review.status])).toEqual([
      ["a", "compliant"],
      ["b", "compliant"],
    ]);
  });
});
