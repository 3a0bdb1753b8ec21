import { describe, expect, it } from "vitest";
import { evaluate, type FeedHealth, type RegisterInput } from "../src/index.js";
import { buildRegister, day, daysBefore, findingsFor } from "./helpers/build.js";

const AS_OF = day("2026-06-15");
const ago = (days: number) => day(daysBefore(AS_OF, days));

type GroupInput = RegisterInput["groups"][number];

const FEED = "https://advisories.example.org/feed.xml";
const SECRET_FEED = "https://reader:hunter2pass@feeds.example.org/private.atom?token=s3cr3t-t0ken";
const people = [{ id: "alice", name: "Alice Example" }];
const group = (id: string, extra: Partial<GroupInput> = {}): GroupInput => ({
  id,
  name: `Group ${id}`,
  kind: "technical-forum",
  owner: "alice",
  feeds: [{ url: FEED, format: "rss" }],
  ...extra,
});
const health = (extra: Partial<FeedHealth> = {}): FeedHealth => ({
  groupId: "g1",
  url: FEED,
  consecutiveFailures: 0,
  ...extra,
});
const single = (extra: Partial<GroupInput> = {}) =>
  buildRegister({ people, groups: [group("g1", extra)] });

describe("group-dormant with feed health", () => {
  const id = "group-dormant";

  it("a group whose feed published recently is not dormant, with nothing recorded by hand", () => {
    expect(findingsFor(single(), id, AS_OF)).toHaveLength(1);
    const feeds = [health({ lastItemAt: ago(3), lastSuccessAt: ago(0) })];
    expect(findingsFor(single(), id, AS_OF, { feeds })).toEqual([]);
  });

  it.each([
    [180, 0],
    [181, 1],
  ])("a newest feed item %i days old gives %i finding(s)", (age, count) => {
    const feeds = [health({ lastItemAt: ago(age), lastSuccessAt: ago(0) })];
    expect(findingsFor(single(), id, AS_OF, { feeds })).toHaveLength(count);
  });

  it("a feed whose newest item is years old does not keep the group alive, and says so", () => {
    const feeds = [health({ lastItemAt: ago(3 * 365), lastSuccessAt: ago(0) })];
    const [finding, ...rest] = findingsFor(single(), id, AS_OF, { feeds });
    expect(rest).toEqual([]);
    expect(finding?.message).toBe(
      `Nothing has ever been recorded from "Group g1"; its feeds' newest item is from ${daysBefore(AS_OF, 3 * 365)}, 1095 days ago (limit 180).`,
    );
  });

  it("names both the last record and the feed's newest item when both are old", () => {
    const register = buildRegister({
      people,
      groups: [group("g1")],
      activities: [{ group: "g1", date: daysBefore(AS_OF, 400), type: "newsletter", by: "alice" }],
    });
    const feeds = [health({ lastItemAt: ago(200) })];
    const [finding] = findingsFor(register, id, AS_OF, { feeds });
    expect(finding?.message).toContain(`since ${daysBefore(AS_OF, 400)}, 400 days ago`);
    expect(finding?.message).toContain(`newest item is from ${daysBefore(AS_OF, 200)}`);
  });

  it("ignores feed state of another group and of a feed the group no longer lists", () => {
    const register = buildRegister({ people, groups: [group("g1"), group("g2")] });
    const feeds = [
      health({ groupId: "g2", lastItemAt: ago(1) }),
      health({ url: "https://old.example.org/rss", lastItemAt: ago(1) }),
    ];
    expect(findingsFor(register, id, AS_OF, { feeds }).map((f) => f.subject.id)).toEqual(["g1"]);
  });
});

describe("group-feed-broken", () => {
  const id = "group-feed-broken";

  it.each([
    [0, 0],
    [2, 0],
    [3, 1],
    [9, 1],
  ])("%i consecutive failures (last success yesterday) give %i finding(s)", (failures, count) => {
    const feeds = [health({ consecutiveFailures: failures, lastSuccessAt: ago(1) })];
    expect(findingsFor(single(), id, AS_OF, { feeds })).toHaveLength(count);
  });

  it.each([
    [7, 0],
    [8, 1],
  ])("one failure after a last success %i days ago gives %i finding(s)", (age, count) => {
    const feeds = [health({ consecutiveFailures: 1, lastSuccessAt: ago(age) })];
    expect(findingsFor(single(), id, AS_OF, { feeds })).toHaveLength(count);
  });

  it("an old last success without a failure since is not broken (the runner has not run)", () => {
    const feeds = [health({ consecutiveFailures: 0, lastSuccessAt: ago(90) })];
    expect(findingsFor(single(), id, AS_OF, { feeds })).toEqual([]);
  });

  it("names the group, the feed, the count and the last error, with the remediation", () => {
    const feeds = [
      health({
        consecutiveFailures: 4,
        lastSuccessAt: ago(10),
        lastError: { code: "FETCH_HTTP", message: "the server answered 404", at: ago(0) },
      }),
    ];
    const [finding, ...rest] = findingsFor(single(), id, AS_OF, { feeds });
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      ruleId: id,
      severity: "observation",
      subject: { type: "group", id: "g1" },
      controls: ["ISO27001:2022/A.5.6"],
    });
    expect(finding?.message).toBe(
      `The feed ${FEED} of "Group g1" failed 4 times in a row (limit 3) and last read on ${daysBefore(AS_OF, 10)}. Last error: FETCH_HTTP: the server answered 404`,
    );
    expect(finding?.remediation).toMatch(/last error/);
  });

  it("says when a feed has never been read", () => {
    const feeds = [health({ consecutiveFailures: 3 })];
    const [finding] = findingsFor(single(), id, AS_OF, { feeds });
    expect(finding?.message).toContain("failed 3 times in a row (limit 3) and has never been read");
  });

  it("never shows the feed's credentials or query, even when the error message quotes them", () => {
    const register = single({ feeds: [{ url: SECRET_FEED, format: "atom" }] });
    const feeds = [
      health({
        url: SECRET_FEED,
        consecutiveFailures: 5,
        lastError: {
          code: "FETCH_NETWORK",
          message: `could not reach ${SECRET_FEED} (token s3cr3t-t0ken, password hunter2pass)`,
        },
      }),
    ];
    const findings = evaluate(register, { asOf: AS_OF, feeds }).findings;
    const text = JSON.stringify(findings);
    expect(findings.some((f) => f.ruleId === id)).toBe(true);
    for (const secret of ["hunter2pass", "s3cr3t-t0ken", "reader:"])
      expect(text).not.toContain(secret);
    expect(text).toContain("https://feeds.example.org/private.atom?…");
  });

  it("follows the policy thresholds", () => {
    const feeds = [health({ consecutiveFailures: 2, lastSuccessAt: ago(3) })];
    expect(findingsFor(single(), id, AS_OF, { feeds })).toEqual([]);
    expect(
      findingsFor(single(), id, AS_OF, { feeds, policy: { feedFailuresBeforeBroken: 2 } }),
    ).toHaveLength(1);
    expect(
      findingsFor(single(), id, AS_OF, { feeds, policy: { feedBrokenAfterDays: 2 } }),
    ).toHaveLength(1);
  });

  it("ignores ended memberships, unknown groups and feeds the group no longer lists", () => {
    const register = buildRegister({
      people,
      groups: [group("g1", { membership: { status: "ended" } }), group("g2")],
    });
    const feeds = [
      health({ consecutiveFailures: 9 }),
      health({ groupId: "nobody", consecutiveFailures: 9 }),
      health({ groupId: "g2", url: "https://gone.example.org/rss", consecutiveFailures: 9 }),
    ];
    expect(findingsFor(register, id, AS_OF, { feeds })).toEqual([]);
  });

  it("reports in register order whatever order the feed state comes in", () => {
    const register = buildRegister({ people, groups: [group("b"), group("a")] });
    const feeds = [
      health({ groupId: "a", consecutiveFailures: 3 }),
      health({ groupId: "b", consecutiveFailures: 3 }),
    ];
    expect(findingsFor(register, id, AS_OF, { feeds }).map((f) => f.subject.id)).toEqual([
      "b",
      "a",
    ]);
  });

  it("can be switched off or re-graded in the policy", () => {
    const feeds = [health({ consecutiveFailures: 3 })];
    expect(
      findingsFor(single(), id, AS_OF, { feeds, policy: { rules: { [id]: { enabled: false } } } }),
    ).toEqual([]);
    expect(
      findingsFor(single(), id, AS_OF, {
        feeds,
        policy: { rules: { [id]: { severity: "major" } } },
      }),
    ).toMatchObject([{ severity: "major" }]);
  });

  it("gives nothing without feed health", () => {
    expect(findingsFor(single(), id, AS_OF)).toEqual([]);
  });
});
