import type { FeedHealth } from "../health/feed-health.js";
import type { Group } from "../model/group.js";
import type { Person } from "../model/person.js";
import type { Register } from "../model/register.js";
import { countSignal, emptySignal, hasAction, type SignalCounts } from "../scoring/score-group.js";
import { dayOfTime, utcDay } from "../util/dates.js";

/** Per-group aggregates, computed once per evaluation. */
export interface GroupStats {
  /** The group. */
  group: Group;
  /** Activities and alerts within the relevance signal window, counted for scoring. */
  signal: SignalCounts;
  /** Latest activity date, epoch ms, or -Infinity. */
  lastActivity: number;
  /** Latest alert received, epoch ms, or -Infinity. */
  lastAlert: number;
  /** Newest item date seen in one of the group's listed feeds, epoch ms, or -Infinity. */
  lastFeedItem: number;
  /** Latest review covering the group (its own lastReviewed, a review of all, or one naming it), epoch ms, or -Infinity. */
  lastReviewed: number;
}

/** Aggregates built in one pass over a register, shared by every rule (plugins' rules too). */
export interface RegisterIndex {
  /** People by id. */
  people: Map<string, Person>;
  /** Groups by id. */
  groups: Map<string, Group>;
  /** Per-group aggregates by group id. */
  stats: Map<string, GroupStats>;
  /** Groups each person owns (membership not ended). */
  owned: Map<string, Group[]>;
  /** Latest activity each person recorded on a group they own, epoch ms. */
  ownerLastActivity: Map<string, number>;
  /** Latest review with scope `all`, epoch ms, or -Infinity. */
  lastFullReview: number;
}

/** Whether a group is still part of the register (its membership has not ended). @internal */
export function isLive(group: Group): boolean {
  return group.membership?.status !== "ended";
}

/**
 * Builds the index in one pass over people, groups, activities, alerts and reviews, counting each
 * group's relevance signal within `signalWindowDays` before `asOf`, and the newest item date of each
 * group's feeds from `feeds` (feeds no longer listed in the group are ignored).
 * @internal
 */
export function buildIndex(
  register: Register,
  asOf: Date,
  signalWindowDays: number,
  feeds: readonly FeedHealth[] = [],
): RegisterIndex {
  const today = utcDay(asOf);
  const people = new Map<string, Person>();
  for (const person of register.people) people.set(person.id, person);
  const groups = new Map<string, Group>();
  const stats = new Map<string, GroupStats>();
  const owned = new Map<string, Group[]>();
  for (const group of register.groups) {
    groups.set(group.id, group);
    stats.set(group.id, {
      group,
      signal: emptySignal(signalWindowDays),
      lastActivity: Number.NEGATIVE_INFINITY,
      lastAlert: Number.NEGATIVE_INFINITY,
      lastFeedItem: Number.NEGATIVE_INFINITY,
      lastReviewed: group.lastReviewed?.getTime() ?? Number.NEGATIVE_INFINITY,
    });
    if (group.owner !== undefined && isLive(group)) {
      const list = owned.get(group.owner);
      if (list === undefined) owned.set(group.owner, [group]);
      else list.push(group);
    }
  }
  const ownerLastActivity = new Map<string, number>();
  for (const activity of register.activities) {
    const groupStats = stats.get(activity.group);
    if (groupStats === undefined) continue;
    const time = activity.date.getTime();
    countSignal(groupStats.signal, today - dayOfTime(time), false, false);
    if (time > groupStats.lastActivity) groupStats.lastActivity = time;
    const by = activity.by;
    const group = groupStats.group;
    if (by !== undefined && group.owner === by && isLive(group)) {
      const previous = ownerLastActivity.get(by);
      if (previous === undefined || time > previous) ownerLastActivity.set(by, time);
    }
  }
  for (const alert of register.alerts) {
    const groupStats = stats.get(alert.group);
    if (groupStats === undefined) continue;
    const time = alert.received.getTime();
    const age = today - dayOfTime(time);
    if (age >= 0 && age <= signalWindowDays)
      countSignal(groupStats.signal, age, true, hasAction(alert));
    if (time > groupStats.lastAlert) groupStats.lastAlert = time;
  }
  for (const feed of feeds) {
    const groupStats = stats.get(feed.groupId);
    const time = feed.lastItemAt?.getTime();
    if (groupStats === undefined || time === undefined || Number.isNaN(time)) continue;
    if (!groupStats.group.feeds.some((listed) => listed.url === feed.url)) continue;
    if (time > groupStats.lastFeedItem) groupStats.lastFeedItem = time;
  }
  let lastFullReview = Number.NEGATIVE_INFINITY;
  for (const review of register.reviews) {
    const time = review.date.getTime();
    if (review.scope === "all") {
      if (time > lastFullReview) lastFullReview = time;
      continue;
    }
    for (const groupId of review.scope) {
      const groupStats = stats.get(groupId);
      if (groupStats !== undefined && time > groupStats.lastReviewed)
        groupStats.lastReviewed = time;
    }
  }
  if (lastFullReview > Number.NEGATIVE_INFINITY) {
    for (const groupStats of stats.values()) {
      if (lastFullReview > groupStats.lastReviewed) groupStats.lastReviewed = lastFullReview;
    }
  }
  return { people, groups, stats, owned, ownerLastActivity, lastFullReview };
}
