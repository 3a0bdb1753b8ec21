import type { FeedHealth } from "../health/feed-health.js";
import type { Action, Activity } from "../model/activity.js";
import type { Alert, Share, Ticket } from "../model/alert.js";
import type { Cadence } from "../model/common.js";
import type {
  Account,
  Group,
  GroupKind,
  GroupPurpose,
  Membership,
  MembershipStatus,
} from "../model/group.js";
import type { Person } from "../model/person.js";
import type { Register } from "../model/register.js";
import type { Review } from "../model/review.js";
import type { Topics } from "../model/topics.js";
import {
  emptySignal,
  hasAction,
  type RelevanceScore,
  type SignalCounts,
} from "../scoring/score-group.js";
import { dayOfTime, utcDay } from "../util/dates.js";

const DAY_MS = 86_400_000;

import type { ReviewStatus } from "./review-status.js";

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
 * What the evaluation reads of a group, read once per evaluation into objects of one shape.
 *
 * Groups come in as many object shapes (V8 maps) as there are combinations and orders of optional
 * fields: hundreds in a large workload. A field read on such objects is a megamorphic load that
 * mostly misses V8's stub cache: about 45 ns each, some 600 ns for the fields of one group, where
 * reading them all in one `for…in` loop (which V8 serves from the map's enum cache) takes about
 * 55 ns. So the facts are read that way, once, and the built-in rules, the relevance score, the
 * review state and the KPIs read the facts, whose one shape keeps every later load monomorphic.
 * Field names match `Group`'s and `Membership`'s where the value is the same. @internal
 */
export interface GroupFacts {
  readonly group: Group;
  readonly id: string;
  readonly name: string;
  readonly kind: GroupKind;
  readonly url: string | undefined;
  readonly contact: string | undefined;
  readonly jurisdictions: readonly string[];
  readonly owner: string | undefined;
  readonly purposes: readonly GroupPurpose[];
  readonly topics: Topics;
  /** Whether the group has a relevance statement. */
  readonly relevanceStated: boolean;
  readonly expectedCadence: Cadence | undefined;
  readonly accounts: readonly Account[];
  readonly membership: Membership | undefined;
  /** `membership.status`, or `undefined` without a membership; and so for the next four. */
  readonly status: MembershipStatus | undefined;
  readonly since: Date | undefined;
  readonly renewsOn: Date | undefined;
  readonly endedOn: Date | undefined;
  readonly authorityNotifiedOn: Date | undefined;
  readonly lastReviewed: Date | undefined;
  /** Whether the membership has not ended ({@link isLive}). */
  readonly live: boolean;
  /** The group's aggregates (those of the last group with its id), or `undefined` when the index has none. */
  stats: GroupStats | undefined;
  /** Its relevance score and review state in the evaluation, once computed. */
  evaluation: GroupFactsEvaluation | undefined;
}

/**
 * Reads a group's facts. The fields of a plain object (prototype `Object.prototype` or `null`) are
 * read in one `for…in` loop; any other object, or one where a field every parsed group has is not
 * found that way, is read field by field, as before. (The facts are an object literal, not a class
 * instance: a class instance gets its fields through map transitions, which V8 holds weakly, so the
 * map died at every full gc between evaluations that kept no instance alive, and all the optimised
 * code that had seen it was thrown away.) @internal
 */
export function groupFacts(group: Group, stats: GroupStats | undefined): GroupFacts {
  let id: string | undefined;
  let name: string | undefined;
  let kind: GroupKind | undefined;
  let url: string | undefined;
  let contact: string | undefined;
  let jurisdictions: readonly string[] | undefined;
  let owner: string | undefined;
  let purposes: readonly GroupPurpose[] | undefined;
  let topics: Topics | undefined;
  let relevance: string | undefined;
  let expectedCadence: Cadence | undefined;
  let accounts: readonly Account[] | undefined;
  let membership: Membership | undefined;
  let lastReviewed: Date | undefined;
  if (isPlain(group)) {
    for (const key in group) {
      const value = (group as unknown as Record<string, unknown>)[key];
      switch (key) {
        case "id":
          id = value as string;
          break;
        case "name":
          name = value as string;
          break;
        case "kind":
          kind = value as GroupKind;
          break;
        case "url":
          url = value as string | undefined;
          break;
        case "contact":
          contact = value as string | undefined;
          break;
        case "jurisdictions":
          jurisdictions = value as string[];
          break;
        case "owner":
          owner = value as string | undefined;
          break;
        case "purposes":
          purposes = value as GroupPurpose[];
          break;
        case "topics":
          topics = value as Topics;
          break;
        case "relevance":
          relevance = value as string | undefined;
          break;
        case "expectedCadence":
          expectedCadence = value as Cadence | undefined;
          break;
        case "accounts":
          accounts = value as Account[];
          break;
        case "membership":
          membership = value as Membership | undefined;
          break;
        case "lastReviewed":
          lastReviewed = value as Date | undefined;
          break;
      }
    }
  }
  if (
    id === undefined ||
    name === undefined ||
    kind === undefined ||
    jurisdictions === undefined ||
    purposes === undefined ||
    topics === undefined ||
    accounts === undefined
  ) {
    id = group.id;
    name = group.name;
    kind = group.kind;
    url = group.url;
    contact = group.contact;
    jurisdictions = group.jurisdictions;
    owner = group.owner;
    purposes = group.purposes;
    topics = group.topics;
    relevance = group.relevance;
    expectedCadence = group.expectedCadence;
    accounts = group.accounts;
    membership = group.membership;
    lastReviewed = group.lastReviewed;
  }
  let status: MembershipStatus | undefined;
  let since: Date | undefined;
  let renewsOn: Date | undefined;
  let endedOn: Date | undefined;
  let authorityNotifiedOn: Date | undefined;
  if (membership !== undefined) {
    if (isPlain(membership)) {
      for (const key in membership) {
        const value = (membership as unknown as Record<string, unknown>)[key];
        switch (key) {
          case "status":
            status = value as MembershipStatus;
            break;
          case "since":
            since = value as Date | undefined;
            break;
          case "renewsOn":
            renewsOn = value as Date | undefined;
            break;
          case "endedOn":
            endedOn = value as Date | undefined;
            break;
          case "authorityNotifiedOn":
            authorityNotifiedOn = value as Date | undefined;
            break;
        }
      }
    }
    if (status === undefined) {
      status = membership.status;
      since = membership.since;
      renewsOn = membership.renewsOn;
      endedOn = membership.endedOn;
      authorityNotifiedOn = membership.authorityNotifiedOn;
    }
  }
  return {
    group,
    id,
    name,
    kind,
    url,
    contact,
    jurisdictions,
    owner,
    purposes,
    topics,
    relevanceStated: relevance !== undefined,
    expectedCadence,
    accounts,
    membership,
    status,
    since,
    renewsOn,
    endedOn,
    authorityNotifiedOn,
    lastReviewed,
    live: status !== "ended",
    stats,
    evaluation: undefined,
  };
}

/** Whether `for…in` sees every field of an object: a plain object, not a class instance. */
function isPlain(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** What `evaluate` keeps on a group's facts. @internal */
export interface GroupFactsEvaluation {
  relevance: RelevanceScore;
  review: ReviewStatus;
}

/**
 * The KPIs' figures over the activities and alerts, counted in the index pass for a window of
 * `windowDays` before `asOf`. @internal
 */
export interface WindowFigures {
  windowDays: number;
  activitiesInWindow: number;
  alertsInWindow: number;
  untriaged: number;
  actioned: number;
  shared: number;
  triageDays: number[];
  shareDays: number[];
  ticketDays: number[];
  /** Alerts in the window per group id, in the order of each group's first (the KPI's object is made from it). */
  alertsPerGroup: Map<string, number>;
  /** Tickets opened by delivery (`alert.tickets`) and `ticket` actions that name no such ticket. */
  tickets: number;
  /** Of those, the ones opened by delivery, whose state sigreg follows. */
  trackedTickets: number;
  ticketsClosed: number;
}

/** Empty figures for a window of `windowDays`. @internal */
export function emptyWindow(windowDays: number, activitiesInWindow: number): WindowFigures {
  return {
    windowDays,
    activitiesInWindow,
    alertsInWindow: 0,
    untriaged: 0,
    actioned: 0,
    shared: 0,
    triageDays: [],
    shareDays: [],
    ticketDays: [],
    alertsPerGroup: new Map(),
    tickets: 0,
    trackedTickets: 0,
    ticketsClosed: 0,
  };
}

/** The facts of a register's groups, kept beside the index that was built with them. @internal */
export interface RegisterFacts {
  /** The list the facts were read from (`register.groups`). */
  groups: readonly Group[];
  /** One per group, in register order. */
  list: GroupFacts[];
  /** By id (the last group with an id, as `index.stats`). */
  byId: Map<string, GroupFacts>;
  /** Whether two groups share an id. */
  repeatedIds: boolean;
  /** The KPIs' record figures, when the index pass counted them. */
  window: WindowFigures | undefined;
}

/**
 * The facts the latest `buildIndex` read, with its index. One evaluation runs at a time (its rules
 * are synchronous), so one entry is enough: a rule that evaluates another register in its check
 * replaces it, and the rules after it then read the facts anew, with the same results. `evaluate`
 * releases it when it is done, so that no evaluation's data outlives it.
 */
let latest: { index: RegisterIndex; facts: RegisterFacts } | undefined;

/** Drops the facts kept for `index` (at the end of its evaluation). @internal */
export function releaseFacts(index: RegisterIndex): void {
  if (latest !== undefined && latest.index === index) latest = undefined;
}

/**
 * The facts of `register`'s groups: those `buildIndex` read for `index`, or read now when the index
 * was built otherwise (by hand) or for another group list. @internal
 */
export function registerFacts(register: Register, index: RegisterIndex): RegisterFacts {
  if (latest !== undefined && latest.index === index && latest.facts.groups === register.groups)
    return latest.facts;
  const list: GroupFacts[] = [];
  const byId = new Map<string, GroupFacts>();
  for (const group of register.groups) {
    const facts = groupFacts(group, index.stats.get(group.id));
    list.push(facts);
    byId.set(facts.id, facts);
  }
  return {
    groups: register.groups,
    list,
    byId,
    repeatedIds: byId.size !== list.length,
    window: undefined,
  };
}

/**
 * Builds the index in one pass over people, groups, activities, alerts and reviews, counting each
 * group's relevance signal within `signalWindowDays` before `asOf`, and the newest item date of each
 * group's feeds from `feeds` (feeds no longer listed in the group are ignored). With
 * `kpiWindowDays`, the same pass counts the KPIs' figures over that window.
 * @internal
 */
export function buildIndex(
  register: Register,
  asOf: Date,
  signalWindowDays: number,
  feeds: readonly FeedHealth[] = [],
  kpiWindowDays?: number,
): RegisterIndex {
  const today = utcDay(asOf);
  // Evidence dated after the as-of day has not happened yet as of that day: it is left out of every
  // latest date and count below (a review mistyped as 2062 must not hide that none is recent).
  const end = (today + 1) * DAY_MS;
  const people = new Map<string, Person>();
  // Indexed loops throughout: a for-of loop's inlined array iterator is specialised to one kind of
  // array, and registers mix empty and filled lists, which made the optimised code bail out.
  const personList = register.people;
  for (let i = 0; i < personList.length; i++) {
    const person = personList[i] as Person;
    people.set(person.id, person);
  }
  const groups = new Map<string, Group>();
  const stats = new Map<string, GroupStats>();
  const owned = new Map<string, Group[]>();
  const list: GroupFacts[] = [];
  const byId = new Map<string, GroupFacts>();
  const groupList = register.groups;
  for (let i = 0; i < groupList.length; i++) {
    const group = groupList[i] as Group;
    const facts = groupFacts(group, undefined);
    const groupStats: GroupStats = {
      group,
      signal: emptySignal(signalWindowDays),
      lastActivity: Number.NEGATIVE_INFINITY,
      lastAlert: Number.NEGATIVE_INFINITY,
      lastFeedItem: Number.NEGATIVE_INFINITY,
      lastReviewed: notAfter(facts.lastReviewed?.getTime(), end),
    };
    facts.stats = groupStats;
    list.push(facts);
    groups.set(facts.id, group);
    stats.set(facts.id, groupStats);
    byId.set(facts.id, facts);
    const owner = facts.owner;
    if (owner !== undefined && facts.live) {
      const ownedList = owned.get(owner);
      if (ownedList === undefined) owned.set(owner, [group]);
      else ownedList.push(group);
    }
  }
  const repeatedIds = byId.size !== list.length;
  // A repeated id (only possible in a register assembled without the loader): the index keeps the
  // last group's aggregates for the id, and so do all its groups' facts.
  if (repeatedIds) for (const facts of list) facts.stats = stats.get(facts.id);
  const ownerLastActivity = new Map<string, number>();
  const kpi = kpiWindowDays !== undefined;
  const kpiWindow = kpiWindowDays ?? 0;
  // A record's age in days, `today - dayOfTime(time)`, is within 0…N exactly when its time is in
  // [(today - N) days, today + 1 day = end): two comparisons per window instead of a division per
  // record. (Ages are whole days, so a fractional window N counts as floor(N).)
  const signalStart = (today - Math.floor(signalWindowDays)) * DAY_MS;
  const kpiStart = (today - Math.floor(kpiWindow)) * DAY_MS;
  let activitiesInWindow = 0;
  const activities = register.activities;
  for (let i = 0; i < activities.length; i++) {
    const activity = activities[i] as Activity;
    const time = activity.date.getTime();
    if (time >= end) continue;
    if (kpi && time >= kpiStart) activitiesInWindow++;
    const facts = byId.get(activity.group);
    if (facts === undefined) continue;
    const groupStats = facts.stats as GroupStats;
    // An invalid date (NaN) counted too, as it always has: its age was never out of the window.
    if (time >= signalStart || Number.isNaN(time)) groupStats.signal.items++;
    if (time > groupStats.lastActivity) groupStats.lastActivity = time;
    const by = activity.by;
    if (by !== undefined && facts.owner === by && facts.live) {
      const previous = ownerLastActivity.get(by);
      if (previous === undefined || time > previous) ownerLastActivity.set(by, time);
    }
  }
  let window: WindowFigures | undefined;
  if (kpi) {
    window = emptyWindow(kpiWindow, activitiesInWindow);
  }
  const alerts = register.alerts;
  for (let i = 0; i < alerts.length; i++) {
    const alert = alerts[i] as Alert;
    const time = alert.received.getTime();
    if (time >= end) continue;
    let acted: boolean | undefined;
    if (window !== undefined) {
      if (alert.state === "new") window.untriaged++;
      if (time >= kpiStart) {
        acted = hasAction(alert);
        countWindowAlert(window, alert, acted, dayOfTime(time));
      }
    }
    const groupStats = stats.get(alert.group);
    if (groupStats === undefined) continue;
    if (time >= signalStart) {
      const signal = groupStats.signal;
      signal.items++;
      signal.alerts++;
      if (acted ?? hasAction(alert)) signal.acted++;
    }
    if (time > groupStats.lastAlert) groupStats.lastAlert = time;
  }
  for (const feed of feeds) {
    const groupStats = stats.get(feed.groupId);
    const time = feed.lastItemAt?.getTime();
    if (groupStats === undefined || time === undefined || Number.isNaN(time) || time >= end)
      continue;
    if (!groupStats.group.feeds.some((listed) => listed.url === feed.url)) continue;
    if (time > groupStats.lastFeedItem) groupStats.lastFeedItem = time;
  }
  let lastFullReview = Number.NEGATIVE_INFINITY;
  const reviews = register.reviews;
  for (let i = 0; i < reviews.length; i++) {
    const review = reviews[i] as Review;
    const time = review.date.getTime();
    if (time >= end) continue;
    const scope = review.scope;
    if (scope === "all") {
      if (time > lastFullReview) lastFullReview = time;
      continue;
    }
    for (let j = 0; j < scope.length; j++) {
      const groupStats = stats.get(scope[j] as string);
      if (groupStats !== undefined && time > groupStats.lastReviewed)
        groupStats.lastReviewed = time;
    }
  }
  if (lastFullReview > Number.NEGATIVE_INFINITY) {
    // Every group's aggregates (a repeated id's once per group, which changes nothing).
    for (let i = 0; i < list.length; i++) {
      const groupStats = (list[i] as GroupFacts).stats as GroupStats;
      if (lastFullReview > groupStats.lastReviewed) groupStats.lastReviewed = lastFullReview;
    }
  }
  const index: RegisterIndex = { people, groups, stats, owned, ownerLastActivity, lastFullReview };
  latest = { index, facts: { groups: register.groups, list, byId, repeatedIds, window } };
  return index;
}

/** Counts an alert received in the KPI window (on UTC day `received`). */
/**
 * Counts an alert received in the window (on epoch day `received`) into `window`; `acted` is
 * whether it led to an action. @internal
 */
export function countWindowAlert(
  window: WindowFigures,
  alert: Register["alerts"][number],
  acted: boolean,
  received: number,
): void {
  window.alertsInWindow++;
  const perGroup = window.alertsPerGroup;
  perGroup.set(alert.group, (perGroup.get(alert.group) ?? 0) + 1);
  if (acted) window.actioned++;
  const sharedTo = alert.sharedTo;
  if (sharedTo.length > 0) window.shared++;
  const triagedOn = alert.triagedOn;
  if (triagedOn !== undefined) window.triageDays.push(utcDay(triagedOn) - received);
  if (sharedTo.length > 0) window.shareDays.push(utcDay(firstShareOn(sharedTo)) - received);
  // Alerts stored before tickets existed have none.
  const alertTickets = alert.tickets ?? [];
  let tickets = alertTickets.length;
  let first = alertTickets.length > 0 ? firstOpened(alertTickets).getTime() : Number.NaN;
  window.trackedTickets += alertTickets.length;
  for (let i = 0; i < alertTickets.length; i++)
    if ((alertTickets[i] as Ticket).closed !== undefined) window.ticketsClosed++;
  // A ticket recorded by hand, as an action (the register file's forum → channel → ticket trail),
  // is a ticket too, unless its ref is the key of a ticket delivery opened (the same ticket).
  const actions = alert.actions;
  for (let i = 0; i < actions.length; i++) {
    const action = actions[i] as Action;
    if (action.type !== "ticket") continue;
    const ref = action.ref;
    if (ref !== undefined && alertTickets.some((ticket) => ticket.key === ref)) continue;
    tickets++;
    const on = action.on?.getTime();
    if (on !== undefined && !(on >= first)) first = on;
  }
  window.tickets += tickets;
  if (!Number.isNaN(first)) window.ticketDays.push(dayOfTime(first) - received);
}

/** The earliest date of a non-empty list of shares. @internal */
export function firstShareOn(shares: readonly Share[]): Date {
  let first = (shares[0] as Share).on;
  for (let i = 1; i < shares.length; i++) {
    const on = (shares[i] as Share).on;
    if (on < first) first = on;
  }
  return first;
}

/** The earliest opening date of a non-empty list of tickets. @internal */
export function firstOpened(tickets: readonly Ticket[]): Date {
  let first = (tickets[0] as Ticket).opened;
  for (let i = 1; i < tickets.length; i++) {
    const opened = (tickets[i] as Ticket).opened;
    if (opened < first) first = opened;
  }
  return first;
}

/** `time` when it is before `end`, else (undefined, or after the as-of day) -Infinity. */
function notAfter(time: number | undefined, end: number): number {
  return time !== undefined && time < end ? time : Number.NEGATIVE_INFINITY;
}
