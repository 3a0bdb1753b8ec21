import { isLive } from "../evaluate/register-index.js";
import { safeUrl, withoutUrlSecrets } from "../health/display-url.js";
import type { FeedHealth } from "../health/feed-health.js";
import { ageInDays, isoDay } from "../util/dates.js";
import { A56, defineRule, type RuleHit } from "./types.js";

/** Why a feed counts as broken, or `undefined` when it does not. */
function brokenBecause(
  feed: FeedHealth,
  asOf: Date,
  failuresLimit: number,
  daysLimit: number,
): string | undefined {
  const failures = feed.consecutiveFailures;
  if (failures <= 0) return undefined;
  const times = failures === 1 ? "once" : `${failures} times in a row`;
  if (failures >= failuresLimit) {
    const since =
      feed.lastSuccessAt === undefined
        ? "has never been read"
        : `last read on ${isoDay(feed.lastSuccessAt)}`;
    return `failed ${times} (limit ${failuresLimit}) and ${since}`;
  }
  if (feed.lastSuccessAt === undefined) return undefined;
  const age = ageInDays(feed.lastSuccessAt.getTime(), asOf);
  if (age <= daysLimit) return undefined;
  return `has failed ${times} and not been read since ${isoDay(feed.lastSuccessAt)}, ${age} days ago (limit ${daysLimit})`;
}

/** A group's feed that keeps failing. */
export const groupFeedBroken = defineRule({
  id: "group-feed-broken",
  title: "Group feed broken",
  description:
    "A feed listed in a live group has failed `feedFailuresBeforeBroken` fetches in a row, or keeps failing and has not been read successfully for more than `feedBrokenAfterDays` days: the early warnings it should bring no longer arrive. Read from the feed state the ingestion runner keeps; the finding names the feed (without credentials or query) and its last error.",
  severity: "observation",
  controls: [A56],
  remediation:
    "Open the feed URL and see what the last error says: fix a moved or renamed feed in the register, renew an expired token, or remove a feed the group no longer publishes.",
  policyKeys: ["feedFailuresBeforeBroken", "feedBrokenAfterDays"],
  check: ({ register, index, feeds, asOf, policy }) => {
    const hits: RuleHit[] = [];
    if (feeds.length === 0) return hits;
    for (const feed of feeds) {
      const group = index.groups.get(feed.groupId);
      if (group === undefined || !isLive(group)) continue;
      if (!group.feeds.some((listed) => listed.url === feed.url)) continue;
      const because = brokenBecause(
        feed,
        asOf,
        policy.feedFailuresBeforeBroken,
        policy.feedBrokenAfterDays,
      );
      if (because === undefined) continue;
      const error =
        feed.lastError === undefined
          ? ""
          : ` Last error: ${feed.lastError.code}: ${withoutUrlSecrets(feed.lastError.message, feed.url)}`;
      hits.push({
        subject: { type: "group", id: group.id },
        message: `The feed ${safeUrl(feed.url)} of "${group.name}" ${because}.${error}`,
      });
    }
    // Findings follow register order, then feed order, whatever order the state came in.
    if (hits.length < 2) return hits;
    const order = new Map(register.groups.map((group, position) => [group.id, position]));
    return hits.sort((a, b) => (order.get(a.subject.id) ?? 0) - (order.get(b.subject.id) ?? 0));
  },
});
