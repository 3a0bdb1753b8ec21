import { describe, expect, it } from "vitest";
import { evaluate, type RegisterInput } from "../src/index.js";
import { buildRegister, day, daysBefore, findingsFor } from "./helpers/build.js";

// Evaluating "as of" a day is the register as it stood that day: evidence dated later (a record
// entered ahead, or a year mistyped) must not count, or a typo silences a rule for decades.
const AS_OF = day("2026-11-23");
const ago = (days: number) => daysBefore(AS_OF, days);
const people = [{ id: "alice", name: "Alice Example" }];
type GroupInput = RegisterInput["groups"][number];
const group = (extra: Partial<GroupInput> = {}): GroupInput => ({
  id: "g1",
  name: "Group g1",
  kind: "technical-forum",
  owner: "alice",
  url: "https://example.org",
  ...extra,
});
const futureYear = "2062-11-01";

describe("evidence dated after the as-of day", () => {
  it("a review of the whole register dated later does not count as the latest review", () => {
    const register = buildRegister({
      people,
      groups: [group()],
      reviews: [
        { date: ago(200), reviewer: "alice", scope: "all" },
        { date: futureYear, reviewer: "alice", scope: "all" },
      ],
    });
    const overdue = findingsFor(register, "register-review-overdue", AS_OF);
    expect(overdue).toHaveLength(1);
    expect(overdue[0]?.message).toContain(`last reviewed on ${ago(200)}, 200 days ago`);
    const evaluation = evaluate(register, { asOf: AS_OF });
    expect(evaluation.groups[0]?.review.lastReviewed).toEqual(day(ago(200)));
    expect(evaluation.kpis.registerNextReviewDue?.getTime()).toBeLessThan(AS_OF.getTime());
  });

  it("a lone review dated later leaves the register never reviewed", () => {
    const register = buildRegister({
      people,
      groups: [group()],
      reviews: [{ date: futureYear, reviewer: "alice", scope: "all" }],
    });
    expect(findingsFor(register, "register-never-reviewed", AS_OF)).toHaveLength(1);
    expect(evaluate(register, { asOf: AS_OF }).groups[0]?.review.status).toBe("never-reviewed");
  });

  it("a group's own lastReviewed and a review naming it dated later are ignored", () => {
    const register = buildRegister({
      people,
      groups: [
        group({ lastReviewed: futureYear, membership: { status: "active", since: ago(900) } }),
      ],
      reviews: [{ date: "2030-01-01", reviewer: "alice", scope: ["g1"] }],
    });
    const [state] = evaluate(register, { asOf: AS_OF }).groups;
    expect(state?.review.status).toBe("never-reviewed");
    expect(findingsFor(register, "group-review-overdue", AS_OF)).toHaveLength(1);
  });

  it("an activity or alert dated later does not keep a group from being dormant", () => {
    const register = buildRegister({
      people,
      groups: [group({ membership: { status: "active", since: ago(900) } })],
      activities: [
        { group: "g1", date: ago(400), type: "newsletter", by: "alice" },
        { group: "g1", date: futureYear, type: "newsletter", by: "alice" },
      ],
      alerts: [{ id: "a1", group: "g1", title: "Later", received: "2027-03-01", severity: "high" }],
    });
    const dormant = findingsFor(register, "group-dormant", AS_OF);
    expect(dormant).toHaveLength(1);
    expect(dormant[0]?.message).toContain(ago(400));
    const evaluation = evaluate(register, { asOf: AS_OF });
    expect(evaluation.groups[0]?.lastActivity).toEqual(day(ago(400)));
    // The later alert, still `new`, is not an untriaged alert as of that day either.
    expect(evaluation.kpis.alertsUntriaged).toBe(0);
    // The owner's latest activity is the one of 400 days ago.
    expect(findingsFor(register, "owner-no-recent-activity", AS_OF)).toHaveLength(1);
  });

  it("evidence timed later on the as-of day itself still counts", () => {
    const register = buildRegister({
      people,
      groups: [group({ membership: { status: "active", since: ago(900) } })],
      activities: [{ group: "g1", date: "2026-11-23T23:30:00Z", type: "newsletter", by: "alice" }],
      reviews: [{ date: "2026-11-23T18:00:00Z", reviewer: "alice", scope: "all" }],
    });
    const evaluation = evaluate(register, { asOf: AS_OF });
    expect(evaluation.findings.map((finding) => finding.ruleId)).not.toContain("group-dormant");
    expect(evaluation.findings.map((finding) => finding.ruleId)).not.toContain(
      "register-never-reviewed",
    );
    expect(evaluation.groups[0]?.lastActivity).toEqual(new Date("2026-11-23T23:30:00Z"));
    // The same register a day earlier: neither has happened yet.
    const dayBefore = evaluate(register, { asOf: day("2026-11-22") });
    expect(dayBefore.findings.map((finding) => finding.ruleId)).toContain(
      "register-never-reviewed",
    );
    expect(dayBefore.groups[0]?.lastActivity).toBeNull();
  });
});
