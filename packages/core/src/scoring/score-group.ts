import type { Activity } from "../model/activity.js";
import type { Alert } from "../model/alert.js";
import { CADENCE_DAYS, type Cadence } from "../model/common.js";
import type { Group, GroupKind, GroupPurpose } from "../model/group.js";
import type { OrganisationProfile } from "../model/profile.js";
import { jurisdictionCovers, topicMatches } from "../model/topics.js";
import { utcDay } from "../util/dates.js";
import {
  DEFAULT_RELEVANCE_WEIGHTS,
  type RelevanceWeights,
  relevanceWeightsSchema,
} from "./weights.js";

/** A factor of a relevance score, with what it contributed and why. */
export interface RelevanceFactor {
  /** Which factor. */
  id: keyof RelevanceWeights;
  /** Its weight as configured. */
  weight: number;
  /** How well the group meets it, from 0 to 1. */
  value: number;
  /** Points it adds to the 0–100 score. */
  contribution: number;
  /** Whether it counted: a topic factor does not count when the organisation lists nothing for it. */
  applicable: boolean;
  /** Why, in words. */
  reason: string;
}

/** A group's relevance to the organisation: a score from 0 to 100 with its explanation. */
export interface RelevanceScore {
  /** The score, 0–100. */
  score: number;
  /** Each factor with its weight and contribution; contributions add up to the score (before rounding). */
  factors: RelevanceFactor[];
}

/** The group's recorded history, used for the signal-quality factor. */
export interface GroupHistory {
  /** The day the score is computed for. */
  asOf: Date;
  /** The group's activities (others are ignored). */
  activities?: readonly Activity[];
  /** The group's alerts (others are ignored). */
  alerts?: readonly Alert[];
}

/** Options of {@link scoreGroup}. */
export interface ScoreOptions {
  /** Factor weights. @default DEFAULT_RELEVANCE_WEIGHTS */
  weights?: Partial<RelevanceWeights>;
  /** Days of history the signal factor looks at. @default 180 */
  signalWindowDays?: number;
}

/** Matches of one topic dimension that give full credit. */
const FULL_MATCH = 2;
/** Credit for a group that names no topic in a dimension: a general group, relevant to anyone. */
const GENERAL_CREDIT = 0.5;

const KIND_BASE: Record<GroupKind, number> = {
  "government-cert": 0.9,
  isac: 0.9,
  "vendor-bulletin": 0.8,
  "technical-forum": 0.7,
  "research-community": 0.7,
  "professional-body": 0.7,
  "standards-body": 0.6,
  "social-media": 0.4,
  other: 0.4,
  authority: 0,
};

const PURPOSE_BONUS: Record<GroupPurpose, number> = {
  "threat-alerts": 0.1,
  "vulnerability-advisories": 0.1,
  "best-practice": 0.05,
  "peer-discussion": 0.05,
  "regulatory-horizon": 0.05,
  training: 0.05,
};

/**
 * Scores how relevant a group is to the organisation, 0–100, with each factor's contribution.
 * Adding a topic to the group that matches the organisation never lowers the score.
 * @example
 * const { score, factors } = scoreGroup(group, register.organisation, { asOf, activities, alerts });
 */
export function scoreGroup(
  group: Group,
  profile: OrganisationProfile,
  history: GroupHistory,
  options: ScoreOptions = {},
): RelevanceScore {
  const windowDays = options.signalWindowDays ?? DEFAULT_SIGNAL_WINDOW_DAYS;
  const signal = emptySignal(windowDays);
  const today = utcDay(history.asOf);
  for (const activity of history.activities ?? []) {
    if (activity.group === group.id)
      countSignal(signal, today - utcDay(activity.date), false, false);
  }
  for (const alert of history.alerts ?? []) {
    if (alert.group === group.id)
      countSignal(signal, today - utcDay(alert.received), true, hasAction(alert));
  }
  return scoreWithSignal(group, profile, signal, resolveWeights(options.weights));
}

/** Days of history the signal factor looks at, unless configured. */
export const DEFAULT_SIGNAL_WINDOW_DAYS = 180;

/** A group's recorded signal within the window, counted in one pass (what the signal factor scores). */
export interface SignalCounts {
  /** Days the window spans, back from `asOf`. */
  windowDays: number;
  /** Activities and alerts within the window. */
  items: number;
  /** Alerts within the window. */
  alerts: number;
  /** Alerts within the window that led to an action. */
  acted: number;
}

/** @internal */
export function emptySignal(windowDays: number): SignalCounts {
  return { windowDays, items: 0, alerts: 0, acted: 0 };
}

/** Counts one record aged `age` days into a group's signal. @internal */
export function countSignal(
  signal: SignalCounts,
  age: number,
  isAlert: boolean,
  acted: boolean,
): void {
  if (age < 0 || age > signal.windowDays) return;
  signal.items++;
  if (isAlert) {
    signal.alerts++;
    if (acted) signal.acted++;
  }
}

/** Whether an alert led to an action other than `no-action`, or to a ticket. @internal */
export function hasAction(alert: Pick<Alert, "actions"> & { tickets?: Alert["tickets"] }): boolean {
  if ((alert.tickets?.length ?? 0) > 0) return true;
  const actions = alert.actions;
  for (let i = 0; i < actions.length; i++)
    if ((actions[i] as Alert["actions"][number]).type !== "no-action") return true;
  return false;
}

/** Complete weights from partial ones. @internal */
export function resolveWeights(weights: Partial<RelevanceWeights> | undefined): RelevanceWeights {
  if (weights === undefined) return DEFAULT_RELEVANCE_WEIGHTS;
  const parsed = relevanceWeightsSchema.partial().safeParse(weights);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${["weights", ...issue.path].join(".")}: ${issue.message}`,
    );
    throw new RangeError(`invalid relevance weights: ${problems.join("; ")}`);
  }
  const resolved = { ...DEFAULT_RELEVANCE_WEIGHTS };
  for (const [key, value] of Object.entries(parsed.data))
    if (value !== undefined) resolved[key as keyof RelevanceWeights] = value;
  return resolved;
}

/** What the relevance score reads of a group (a `Group`, or the evaluation's facts of one). @internal */
export interface ScoredGroup {
  readonly kind: GroupKind;
  readonly topics: Group["topics"];
  readonly purposes: readonly GroupPurpose[];
  readonly jurisdictions: readonly string[];
  readonly expectedCadence?: Cadence | undefined;
}

/**
 * The topic factors' `matches …` reasons of one evaluation, by dimension and by the set of the
 * organisation's topics matched (a bit mask of their positions): the groups of a register match the
 * same few subsets, so each reason is built once per evaluation and the groups share the string.
 * Made per evaluation (the profile's lists could change between two), never kept. @internal
 */
export interface TopicReasons {
  sectors: (string | undefined)[];
  technologies: (string | undefined)[];
  regulations: (string | undefined)[];
  riskThemes: (string | undefined)[];
}

/** An empty {@link TopicReasons}, for one evaluation. @internal */
export function topicReasons(): TopicReasons {
  return { sectors: [], technologies: [], regulations: [], riskThemes: [] };
}

/** Scores a group from its counted signal; what `scoreGroup` and `evaluate` share. @internal */
export function scoreWithSignal(
  group: ScoredGroup,
  profile: OrganisationProfile,
  signal: SignalCounts,
  weights: RelevanceWeights,
  reasons: TopicReasons = topicReasons(),
): RelevanceScore {
  const { topics } = group;
  const factors: RelevanceFactor[] = [
    topicFactor(SECTORS, profile.sectors, topics.sectors, weights.sectors, reasons.sectors),
    topicFactor(
      TECHNOLOGIES,
      profile.technologies,
      topics.technologies,
      weights.technologies,
      reasons.technologies,
    ),
    topicFactor(
      REGULATIONS,
      profile.regulations,
      topics.regulations,
      weights.regulations,
      reasons.regulations,
    ),
    topicFactor(
      RISK_THEMES,
      profile.riskThemes,
      topics.riskThemes,
      weights.riskThemes,
      reasons.riskThemes,
    ),
    kindFactor(group, profile, weights.kind),
    signalFactor(group, signal, weights.signal),
  ];
  let total = 0;
  for (let i = 0; i < factors.length; i++) {
    const factor = factors[i] as RelevanceFactor;
    if (factor.applicable) total += factor.weight;
  }
  let score = 0;
  for (let i = 0; i < factors.length; i++) {
    const factor = factors[i] as RelevanceFactor;
    factor.contribution =
      factor.applicable && total > 0 ? (100 * factor.weight * factor.value) / total : 0;
    score += factor.contribution;
  }
  return { score: Math.round(score), factors };
}

/** A topic dimension's id and the fixed texts of its reasons (built once, not per group). */
interface TopicDimension {
  id: RelevanceFactor["id"];
  notListed: string;
  general: string;
  unmatched: string;
}

function topicDimension(id: RelevanceFactor["id"], noun: string): TopicDimension {
  return {
    id,
    notListed: `the organisation lists no ${noun}`,
    general: `general: names no ${noun}, half credit`,
    unmatched: `none of its ${noun} topics is ours`,
  };
}

const SECTORS = topicDimension("sectors", "sector");
const TECHNOLOGIES = topicDimension("technologies", "technology");
const REGULATIONS = topicDimension("regulations", "regulation");
const RISK_THEMES = topicDimension("riskThemes", "risk theme");

function topicFactor(
  dimension: TopicDimension,
  ours: readonly string[],
  theirs: readonly string[],
  weight: number,
  reasons: (string | undefined)[],
): RelevanceFactor {
  const id = dimension.id;
  if (ours.length === 0) {
    return {
      id,
      weight,
      value: 0,
      contribution: 0,
      applicable: false,
      reason: dimension.notListed,
    };
  }
  if (theirs.length === 0) {
    return {
      id,
      weight,
      value: GENERAL_CREDIT,
      contribution: 0,
      applicable: true,
      reason: dimension.general,
    };
  }
  // What `matchTopics(ours, theirs)` returns, counted, and its positions in `ours` as a bit mask.
  let matched = 0;
  let mask = 0;
  for (let i = 0; i < ours.length; i++) {
    const topic = ours[i] as string;
    for (let j = 0; j < theirs.length; j++) {
      if (topicMatches(topic, theirs[j] as string)) {
        if (i < MASKED_TOPICS) mask |= 1 << i;
        matched++;
        break;
      }
    }
  }
  const value = Math.min(1, matched / Math.min(FULL_MATCH, ours.length));
  let reason: string;
  if (matched === 0) reason = dimension.unmatched;
  else if (ours.length <= MASKED_TOPICS) {
    let known = reasons[mask];
    if (known === undefined) {
      known = matchesReason(ours, mask);
      // Sparse masks of a long list would make the array sparse: only the first few hundred kept.
      if (mask < 1024) reasons[mask] = known;
    }
    reason = known;
  } else reason = `matches ${matchTopics(ours, theirs).join(", ")}`;
  return { id, weight, value, contribution: 0, applicable: true, reason };
}

/** Lists of up to this many organisation topics have their matches cached by bit mask. */
const MASKED_TOPICS = 30;

/** `matches a, b`: the topics of `ours` at the positions set in `mask`, in order. */
function matchesReason(ours: readonly string[], mask: number): string {
  let matches = "";
  let first = true;
  for (let i = 0; i < ours.length; i++) {
    if ((mask & (1 << i)) === 0) continue;
    matches = first ? (ours[i] as string) : `${matches}, ${ours[i] as string}`;
    first = false;
  }
  return `matches ${matches}`;
}

/**
 * Topics of the organisation covered by a group's topics (exact, or a product under a covered vendor).
 * @example matchTopics(["aws/lambda", "gcp"], ["aws"]) // ["aws/lambda"]
 */
export function matchTopics(ours: readonly string[], theirs: readonly string[]): string[] {
  const matched: string[] = [];
  for (const topic of ours) {
    for (const covered of theirs) {
      if (topicMatches(topic, covered)) {
        matched.push(topic);
        break;
      }
    }
  }
  return matched;
}

/** `kind (base)` for each kind: the start of the kind factor's reason, formatted once. */
const KIND_REASON = Object.fromEntries(
  Object.entries(KIND_BASE).map(([kind, base]) => [kind, `${kind} (${base})`]),
) as Record<GroupKind, string>;

/**
 * `; purposes +0.15` texts by bonus in hundredths: the few sums of purpose bonuses (multiples of
 * 0.05 up to 0.4), each formatted once. The text shows the bonus rounded to hundredths, so sums that
 * differ in the last bits share it.
 */
const bonusTexts: (string | undefined)[] = [];

function bonusText(bonus: number): string {
  const hundredths = Math.round(bonus * 100);
  let text = bonusTexts[hundredths];
  if (text === undefined) {
    text = `; purposes +${round2(bonus)}`;
    // Bounded: bonuses are sums of at most six distinct PURPOSE_BONUS values.
    if (hundredths >= 0 && hundredths < 256) bonusTexts[hundredths] = text;
  }
  return text;
}

/** Each kind's position in {@link KIND_BASE}, for {@link kindReasons}. */
const KIND_INDEX = new Map(Object.keys(KIND_BASE).map((kind, i) => [kind, i]));

/**
 * The kind factor's reasons, formatted once each: by kind, whether the group serves none of our
 * jurisdictions, and the purpose bonus in hundredths (what {@link bonusText} caches).
 */
const kindReasons: (string | undefined)[] = new Array(KIND_INDEX.size * 2 * 257);

const FAR_TEXT = "; serves none of our jurisdictions (×0.3)";

function kindFactor(
  group: ScoredGroup,
  profile: OrganisationProfile,
  weight: number,
): RelevanceFactor {
  const kind = group.kind;
  let value = KIND_BASE[kind];
  const national = kind === "government-cert" || kind === "isac";
  const far =
    national &&
    group.jurisdictions.length > 0 &&
    profile.jurisdictions.length > 0 &&
    !servesAny(group, profile);
  if (far) value *= 0.3;
  let bonus = 0;
  const purposes = group.purposes;
  for (let i = 0; i < purposes.length; i++) {
    const purpose = purposes[i] as GroupPurpose;
    if (purposes.indexOf(purpose) === i) bonus += PURPOSE_BONUS[purpose]; // each purpose once
  }
  const bonused = bonus > 0 && value > 0;
  if (bonused) value = Math.min(1, value + bonus);
  // 0 without a bonus, else 1 + the bonus in hundredths.
  const bonusKey = bonused ? Math.round(bonus * 100) + 1 : 0;
  const kindIndex = KIND_INDEX.get(kind);
  let reason: string | undefined;
  if (kindIndex !== undefined && bonusKey >= 0 && bonusKey <= 256) {
    const key = (kindIndex * 2 + (far ? 1 : 0)) * 257 + bonusKey;
    reason = kindReasons[key];
    if (reason === undefined) {
      reason = kindReason(kind, far, bonused, bonus);
      kindReasons[key] = reason;
    }
  } else reason = kindReason(kind, far, bonused, bonus);
  return { id: "kind", weight, value: round2(value), contribution: 0, applicable: true, reason };
}

/** `isac (0.9); serves none of our jurisdictions (×0.3); purposes +0.15`, as far as it applies. */
function kindReason(kind: GroupKind, far: boolean, bonused: boolean, bonus: number): string {
  let reason = KIND_REASON[kind];
  if (far) reason += FAR_TEXT;
  if (bonused) reason += bonusText(bonus);
  return reason;
}

function servesAny(group: ScoredGroup, profile: OrganisationProfile): boolean {
  for (const ours of profile.jurisdictions) {
    for (const served of group.jurisdictions) if (jurisdictionCovers(served, ours)) return true;
  }
  return false;
}

function signalFactor(group: ScoredGroup, signal: SignalCounts, weight: number): RelevanceFactor {
  const { items, alerts, acted, windowDays } = signal;
  const cadence = group.expectedCadence ?? "monthly";
  const expected = Math.max(1, windowDays / CADENCE_DAYS[cadence]);
  const fit = Math.min(1, items / expected);
  const value = alerts > 0 ? 0.6 * fit + 0.4 * (acted / alerts) : fit;
  let reason: string | undefined;
  const cadenceIndex = CADENCE_INDEX.get(cadence);
  if (
    windowDays === DEFAULT_SIGNAL_WINDOW_DAYS &&
    cadenceIndex !== undefined &&
    items >= 0 &&
    items < 256 &&
    alerts >= 0 &&
    alerts < 64 &&
    acted >= 0 &&
    acted < 64 &&
    Number.isInteger(items) &&
    Number.isInteger(alerts) &&
    Number.isInteger(acted)
  ) {
    // The default window's reasons, formatted once each (counts are small whole numbers).
    const key = ((cadenceIndex * 256 + items) * 64 + alerts) * 64 + acted;
    reason = signalReasons.get(key);
    if (reason === undefined) {
      reason = signalReason(items, alerts, acted, DEFAULT_WINDOW_TEXT[cadence]);
      // Bounded, as the formatted days are.
      if (signalReasons.size >= 8192) signalReasons.clear();
      signalReasons.set(key, reason);
    }
  } else {
    const window =
      windowDays === DEFAULT_SIGNAL_WINDOW_DAYS
        ? DEFAULT_WINDOW_TEXT[cadence]
        : windowText(windowDays, cadence);
    reason = signalReason(items, alerts, acted, window);
  }
  return { id: "signal", weight, value: round2(value), contribution: 0, applicable: true, reason };
}

/** `3 item(s) in 180 days against 6 expected (monthly); 1 of 2 alert(s) led to action`. */
function signalReason(items: number, alerts: number, acted: number, window: string): string {
  let reason = `${items} item(s) in ${window}`;
  if (alerts > 0) reason += `; ${acted} of ${alerts} alert(s) led to action`;
  return reason;
}

/** Each cadence's position in {@link CADENCE_DAYS}, for {@link signalReasons}. */
const CADENCE_INDEX = new Map(Object.keys(CADENCE_DAYS).map((cadence, i) => [cadence, i]));

/** The signal factor's reasons in the default window, by cadence and counts. */
const signalReasons = new Map<number, string>();

/** `180 days against 6 expected (monthly)`: the part of the signal reason fixed by window and cadence. */
function windowText(windowDays: number, cadence: Cadence): string {
  const expected = Math.max(1, windowDays / CADENCE_DAYS[cadence]);
  return `${windowDays} days against ${Math.round(expected)} expected (${cadence})`;
}

/** {@link windowText} of the default window, by cadence, formatted once. */
const DEFAULT_WINDOW_TEXT = Object.fromEntries(
  (Object.keys(CADENCE_DAYS) as Cadence[]).map((cadence) => [
    cadence,
    windowText(DEFAULT_SIGNAL_WINDOW_DAYS, cadence),
  ]),
) as Record<Cadence, string>;

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
