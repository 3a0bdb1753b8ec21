/**
 * Seeded, deterministic generator of synthetic registers for the benchmarks.
 *
 * Registers are built directly as parsed `Register` objects (dates as `Date`, topics normalised,
 * defaults applied, optional keys omitted rather than set to `undefined`, keys in schema order), so
 * that millions of records can be produced without going through zod. `checkGeneratorAgainstSchema`
 * proves the output is exactly what `registerSchema.parse` would return for the same data.
 *
 * Determinism: register `i` depends only on `seed`, `i`, `groupsPerRegister`, and the per-register
 * averages `activities / registers` and `alerts / registers`. So the first 5,000 registers of a
 * 10,000-register workload are identical to a 5,000-register workload with half the records, and a
 * workload can be grown by generating the next index range (`from`/`to`).
 *
 * Record multiplier: with `recordMultiplier: K`, register `i` is register `i` of the same workload
 * without it (same organisation, people, groups, reviews, and the same activities and alerts first)
 * plus (K − 1)× as many further activities and alerts, drawn from a separate random stream and
 * spread over the same groups with the same weights. So a register's records grow K× exactly while
 * everything else is held fixed; the workload without the option is unchanged by it.
 */
import { deepStrictEqual } from "node:assert/strict";
import {
  type Action,
  type Activity,
  type Alert,
  CADENCES,
  DEFAULT_POLICY,
  type Group,
  type GroupKind,
  type Membership,
  type OrganisationProfile,
  type Person,
  type Register,
  type Review,
  registerSchema,
} from "@sigreg/core";

import { mix, Rng } from "./random.js";
import {
  ACTION_KINDS,
  ACTIVITY_KINDS,
  CHANNELS,
  FIRST,
  JURISDICTIONS,
  KINDS,
  LAST,
  PURPOSES,
  REASONS,
  REGULATIONS,
  RELEVANCE,
  RISK_THEMES,
  ROLES,
  SECTORS,
  SEVERITIES,
  SUMMARIES,
  TECHNOLOGIES,
  TITLES,
} from "./vocabulary.js";

const DAY_MS = 86_400_000;
/** Registers per allocation block: a block's record total is exact, its split across registers skewed. */
const BLOCK = 10;

/** Options of {@link generateRegisters} and {@link registersOf}. */
export interface GenerateOptions {
  /** Registers (tenants) in the workload. */
  registers: number;
  /** Groups in each register. */
  groupsPerRegister: number;
  /** Activities in the whole workload, spread unevenly across registers and their groups. */
  activities: number;
  /** Alerts in the whole workload, spread unevenly across registers and their groups. */
  alerts: number;
  /** PRNG seed. */
  seed: number;
  /** The day the data is generated for: every date is within the two years before it. */
  asOf: Date;
  /** First register index to generate (inclusive). @default 0 */
  from?: number;
  /** Register index to stop before. @default registers */
  to?: number;
  /**
   * Each register gets this many times its activities and alerts (an integer ≥ 1): its own, then
   * (K − 1)× as many more over the same groups (see the file comment). @default 1
   */
  recordMultiplier?: number;
}

/** Splits `total` into integers proportional to `weights`, summing exactly to `total`. */
function apportion(total: number, weights: readonly number[]): number[] {
  let sum = 0;
  for (const weight of weights) sum += weight;
  const counts: number[] = [];
  let cumulative = 0;
  let assigned = 0;
  for (const weight of weights) {
    cumulative += weight;
    const upTo = sum === 0 ? 0 : Math.floor((total * cumulative) / sum + 1e-9);
    counts.push(upTo - assigned);
    assigned = upTo;
  }
  if (assigned !== total && counts.length > 0) {
    counts[counts.length - 1] = (counts[counts.length - 1] as number) + total - assigned;
  }
  return counts;
}

/** Records of `total` given to registers [start, end) when spread evenly over `registers`. */
function evenShare(total: number, registers: number, start: number, end: number): number {
  return Math.floor((total * end) / registers) - Math.floor((total * start) / registers);
}

/** Activity and alert counts of register `index`: exact per block of BLOCK registers, skewed within. */
function registerCounts(options: GenerateOptions, index: number): [number, number] {
  const block = Math.floor(index / BLOCK);
  const start = block * BLOCK;
  const end = Math.min(start + BLOCK, options.registers);
  const rng = new Rng(mix(options.seed, block, 1));
  const weights: number[] = [];
  for (let i = start; i < end; i++) weights.push(rng.skew(0.7));
  const activities = apportion(
    evenShare(options.activities, options.registers, start, end),
    weights,
  );
  const alerts = apportion(evenShare(options.alerts, options.registers, start, end), weights);
  return [activities[index - start] ?? 0, alerts[index - start] ?? 0];
}

// ---------------------------------------------------------------------------------------------
// Vocabularies (already in normalised token form)

function dayOffset(asOfMs: number, rng: Rng, maxDaysAgo: number, minDaysAgo = 0): Date {
  const days = minDaysAgo + rng.float() * (maxDaysAgo - minDaysAgo);
  // Whole seconds, so ISO round-trips are exact.
  return new Date(Math.floor((asOfMs - days * DAY_MS) / 1000) * 1000);
}

function after(date: Date, asOfMs: number, rng: Rng, maxDays: number): Date {
  const time = Math.min(asOfMs, date.getTime() + Math.floor(rng.float() * maxDays * DAY_MS));
  return new Date(Math.floor(time / 1000) * 1000);
}

function profileOf(rng: Rng, index: number): OrganisationProfile {
  return {
    name: `Tenant ${index}`,
    sectors: rng.some(SECTORS, rng.int(1, 2)),
    jurisdictions: rng.some(JURISDICTIONS, rng.int(1, 3)),
    technologies: rng.some(TECHNOLOGIES, rng.int(3, 6)),
    regulations: rng.some(REGULATIONS, rng.int(1, 3)),
    riskThemes: rng.some(RISK_THEMES, rng.int(1, 3)),
  };
}

function peopleOf(rng: Rng, asOfMs: number, gaps: number): Person[] {
  const count = rng.int(6, 14);
  const people: Person[] = [];
  for (let i = 0; i < count; i++) {
    const id = `p-${i + 1}`;
    const name = `${rng.pick(FIRST)} ${rng.pick(LAST)}`;
    const email = rng.chance(0.8) ? `p${i + 1}@example.com` : undefined;
    const role = rng.chance(0.7) ? rng.pick(ROLES) : undefined;
    const inactive = rng.chance(0.1 * gaps);
    const leftOn = inactive && rng.chance(0.7) ? dayOffset(asOfMs, rng, 400, 10) : undefined;
    // Keys in schema order (email, role before active), as the parser would produce them.
    const ordered = { id, name } as Person;
    if (email !== undefined) ordered.email = email;
    if (role !== undefined) ordered.role = role;
    ordered.active = !inactive;
    if (leftOn !== undefined) ordered.leftOn = leftOn;
    people.push(ordered);
  }
  return people;
}

function membershipOf(
  rng: Rng,
  kind: GroupKind,
  asOfMs: number,
  gaps: number,
): Membership | undefined {
  if (!rng.chance(0.7)) return undefined;
  const status = rng.weighted<Membership["status"]>([
    ["active", 75],
    ["lapsed", 8 * gaps],
    ["ended", 7],
    ["prospective", 10],
  ]);
  const membership: Membership = { status };
  const since = dayOffset(asOfMs, rng, 1100, 30);
  if (status !== "prospective" && rng.chance(0.9)) membership.since = since;
  if (status === "active" && rng.chance(0.6)) {
    membership.renewsOn = new Date(
      Math.floor((asOfMs + (rng.float() * 400 - 60) * DAY_MS) / 1000) * 1000,
    );
  }
  if (status === "ended") membership.endedOn = after(since, asOfMs, rng, 600);
  if (rng.chance(0.4)) membership.reference = `M-${rng.int(1000, 99999)}`;
  if (rng.chance(0.3)) membership.annualCost = rng.int(0, 40) * 250;
  if (kind === "isac" && status !== "prospective" && rng.chance(0.7)) {
    membership.authorityNotifiedOn = after(since, asOfMs, rng, 30);
  }
  return membership;
}

function groupOf(
  rng: Rng,
  j: number,
  people: readonly Person[],
  owners: readonly Person[],
  asOfMs: number,
  gaps: number,
): Group {
  const kind = rng.weighted(KINDS);
  const national = kind === "government-cert" || kind === "isac";
  const id = `${kind}-${j + 1}`;
  // Keys in schema order; optional keys omitted when absent, as the parser would produce them.
  const group = {
    id,
    name: `${kind === "government-cert" ? "CERT" : kind} ${j + 1}`,
    kind,
  } as Group;
  if (rng.chance(1 - 0.1 * gaps)) group.url = `https://groups.example.org/${id}`;
  if (rng.chance(0.3)) group.contact = `liaison-${j + 1}@example.org`;
  group.jurisdictions = national ? rng.some(JURISDICTIONS, rng.int(1, 2)) : [];
  if (rng.chance(1 - 0.08 * gaps)) group.owner = rng.pick(owners).id;
  if (rng.chance(0.5)) group.deputy = rng.pick(people).id;
  group.purposes = rng.some(PURPOSES, rng.int(0, 3));
  group.topics = {
    sectors: rng.chance(0.5) ? rng.some(SECTORS, rng.int(1, 2)) : [],
    technologies: rng.chance(0.6) ? rng.some(TECHNOLOGIES, rng.int(1, 4)) : [],
    regulations: rng.chance(0.3) ? rng.some(REGULATIONS, rng.int(1, 2)) : [],
    riskThemes: rng.chance(0.5) ? rng.some(RISK_THEMES, rng.int(1, 3)) : [],
  };
  if (rng.chance(1 - 0.15 * gaps)) group.relevance = rng.pick(RELEVANCE);
  if (rng.chance(0.5)) group.informationExchanged = "Advisories in; anonymised indicators out.";
  if (rng.chance(0.7)) group.expectedCadence = rng.pick(CADENCES);
  if (rng.chance(0.4)) group.flow = "RSS into the #sec-alerts channel, triaged by the SOC.";
  group.accounts =
    kind === "social-media" && rng.chance(1 - 0.3 * gaps)
      ? [{ platform: "mastodon", handle: `@group${j + 1}@infosec.exchange`, watchedBy: "p-1" }]
      : [];
  group.feeds = rng.chance(0.4)
    ? [{ url: `https://groups.example.org/${id}/feed.xml`, format: "rss" }]
    : [];
  const membership = membershipOf(rng, kind, asOfMs, gaps);
  if (membership !== undefined) group.membership = membership;
  if (rng.chance(0.5)) group.lastReviewed = dayOffset(asOfMs, rng, 500);
  return group;
}

function actionOf(rng: Rng, from: Date, asOfMs: number, n: number): Action {
  const action: Action = { type: rng.weighted(ACTION_KINDS) };
  if (rng.chance(0.6)) action.ref = `SEC-${n}`;
  if (rng.chance(0.2)) action.url = `https://tickets.example.com/SEC-${n}`;
  if (rng.chance(0.7)) action.on = after(from, asOfMs, rng, 10);
  if (rng.chance(0.2)) action.note = "Patched within SLA.";
  return action;
}

/** Index into `weights` by cumulative weight. */
function pickIndex(rng: Rng, cumulative: Float64Array): number {
  const r = rng.float() * (cumulative[cumulative.length - 1] as number);
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cumulative[mid] as number) > r) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function cumulativeOf(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  for (let i = 0; i < weights.length; i++) {
    sum += weights[i] as number;
    out[i] = sum;
  }
  // A register whose groups all have weight 0 still needs somewhere to put records.
  if (sum === 0) for (let i = 0; i < out.length; i++) out[i] = i + 1;
  return out;
}

function activityOf(
  rng: Rng,
  n: number,
  group: Group,
  people: readonly Person[],
  asOfMs: number,
): Activity {
  const activity = {} as Activity;
  if (rng.chance(0.3)) activity.id = `a-${n}`;
  activity.group = group.id;
  activity.date = dayOffset(asOfMs, rng, 730);
  activity.type = rng.weighted(ACTIVITY_KINDS);
  if (rng.chance(0.7)) {
    activity.by = group.owner !== undefined && rng.chance(0.6) ? group.owner : rng.pick(people).id;
  }
  if (rng.chance(0.5)) activity.summary = rng.pick(SUMMARIES);
  if (rng.chance(0.2)) activity.url = `https://groups.example.org/${group.id}/items/${n}`;
  activity.actions = rng.chance(0.1) ? [actionOf(rng, activity.date, asOfMs, n)] : [];
  return activity;
}

function alertOf(
  rng: Rng,
  n: number,
  group: Group,
  people: readonly Person[],
  asOfMs: number,
  gaps: number,
): Alert {
  const received = dayOffset(asOfMs, rng, 730);
  const ageDays = (asOfMs - received.getTime()) / DAY_MS;
  // Recent alerts are often still new; a few old ones were never triaged.
  const state: Alert["state"] =
    ageDays < 7 && rng.chance(0.6)
      ? "new"
      : rng.weighted<Alert["state"]>([
          ["new", 3 * gaps],
          ["triaged", 40],
          ["actioned", 42],
          ["dismissed", 15],
        ]);
  const alert = {} as Alert;
  alert.id = `al-${n}`;
  alert.group = group.id;
  alert.title = rng.pick(TITLES);
  if (rng.chance(0.7)) alert.url = `https://groups.example.org/${group.id}/advisories/${n}`;
  alert.received = received;
  alert.severity = rng.weighted(SEVERITIES);
  alert.cves = rng.chance(0.4)
    ? rng.chance(0.8)
      ? [`CVE-${rng.int(2023, 2026)}-${rng.int(1000, 99999)}`]
      : [`CVE-${rng.int(2023, 2026)}-${rng.int(1000, 99999)}`, `CVE-2024-${rng.int(10000, 59999)}`]
    : [];
  alert.state = state;
  if (state !== "new" && rng.chance(0.9)) {
    alert.triagedBy = group.owner ?? rng.pick(people).id;
    alert.triagedOn = after(received, asOfMs, rng, 6);
  }
  const from = alert.triagedOn ?? received;
  alert.sharedTo =
    (state === "triaged" || state === "actioned") && rng.chance(0.6)
      ? [{ channel: rng.pick(CHANNELS), on: after(from, asOfMs, rng, 2) }]
      : [];
  if (state === "actioned") {
    const count = rng.chance(0.8) ? 1 : 2;
    alert.actions = [];
    for (let k = 0; k < count; k++) alert.actions.push(actionOf(rng, from, asOfMs, n * 2 + k));
  } else {
    alert.actions = [];
  }
  alert.tickets = [];
  if (state === "dismissed") alert.dismissedReason = rng.pick(REASONS);
  return alert;
}

function reviewsOf(
  rng: Rng,
  people: readonly Person[],
  groups: readonly Group[],
  asOfMs: number,
  gaps: number,
): Review[] {
  const reviews: Review[] = [];
  // Most registers hold a quarterly review of `all`; some stopped a while ago; some never did.
  if (rng.chance(1 - 0.12 * gaps)) {
    // The latest is recent for most (current), older than the 90-day limit for the rest.
    const latestDaysAgo = rng.chance(1 - 0.2 * gaps) ? rng.float() * 85 : 95 + rng.float() * 300;
    const quarterly: Review[] = [];
    for (let ago = latestDaysAgo; ago <= 730; ago += 88 + rng.float() * 6) {
      // Keys in schema order; optional keys omitted when absent.
      const review = {
        date: new Date(Math.floor((asOfMs - ago * DAY_MS) / DAY_MS) * DAY_MS),
        reviewer: rng.pick(people).id,
        scope: "all",
      } as Review;
      if (rng.chance(0.5)) review.notes = "Quarterly review of the register.";
      review.decisions = rng.chance(0.3)
        ? [{ group: rng.pick(groups).id, decision: "keep", note: "Still our main source." }]
        : [];
      quarterly.push(review);
    }
    reviews.push(...quarterly.reverse());
  }
  // Occasional scoped reviews of a few groups.
  const scoped = rng.int(0, 2);
  for (let k = 0; k < scoped; k++) {
    reviews.push({
      date: new Date(Math.floor((asOfMs - rng.float() * 400 * DAY_MS) / DAY_MS) * DAY_MS),
      reviewer: rng.pick(people).id,
      scope: rng.some(groups, rng.int(1, 4)).map((group) => group.id),
      decisions: [],
    });
  }
  return reviews;
}

/** Builds register `index` of the workload. */
function registerAt(options: GenerateOptions, index: number): Register {
  const asOfMs = options.asOf.getTime();
  const rng = new Rng(mix(options.seed, index, 0));
  const [activityCount, alertCount] = registerCounts(options, index);
  const multiplier = options.recordMultiplier ?? 1;
  if (!Number.isInteger(multiplier) || multiplier < 1) {
    throw new RangeError(`recordMultiplier must be an integer ≥ 1, not ${multiplier}`);
  }
  // Tenants differ in how well they keep their register: `gaps` scales the odds of every gap.
  const gaps = rng.weighted([
    [0.2, 30],
    [1, 50],
    [2, 20],
  ]);
  const organisation = profileOf(rng, index);
  const people = peopleOf(rng, asOfMs, gaps);
  // Well-kept registers hand groups to people still with the organisation.
  const active = people.filter((person) => person.active);
  const owners = gaps < 1 && active.length > 0 ? active : people;
  const groups: Group[] = [];
  for (let j = 0; j < options.groupsPerRegister; j++) {
    groups.push(groupOf(rng, j, people, owners, asOfMs, gaps));
  }

  // Engagement is uneven: ~12% of groups are silent, a few are very busy.
  const activityWeights = groups.map((group) =>
    rng.chance(0.12) || group.membership?.status === "prospective" ? 0 : rng.skew(0.9),
  );
  // Alerts mostly come from CERTs, ISACs and vendor bulletins.
  const alertWeights = groups.map((group, j) =>
    activityWeights[j] === 0
      ? 0
      : (group.kind === "government-cert" ||
        group.kind === "isac" ||
        group.kind === "vendor-bulletin"
          ? 4
          : 0.5) * rng.skew(0.6),
  );
  const activityCumulative = cumulativeOf(activityWeights);
  const alertCumulative = cumulativeOf(alertWeights);

  // Room for the extra records of `recordMultiplier` too (filled in at the end).
  const activities: Activity[] = new Array(multiplier * activityCount);
  for (let k = 0; k < activityCount; k++) {
    const group = groups[pickIndex(rng, activityCumulative)] as Group;
    activities[k] = activityOf(rng, k + 1, group, people, asOfMs);
  }
  const alerts: Alert[] = new Array(multiplier * alertCount);
  for (let k = 0; k < alertCount; k++) {
    const group = groups[pickIndex(rng, alertCumulative)] as Group;
    alerts[k] = alertOf(rng, k + 1, group, people, asOfMs, gaps);
  }
  const reviews = reviewsOf(rng, people, groups, asOfMs, gaps);

  // Extra records (`recordMultiplier`): drawn after everything above from a stream of their own, so
  // that nothing above depends on the multiplier; numbered on from the register's own records.
  if (multiplier > 1) {
    const extra = new Rng(mix(options.seed, index, 2));
    for (let k = activityCount; k < activities.length; k++) {
      const group = groups[pickIndex(extra, activityCumulative)] as Group;
      activities[k] = activityOf(extra, k + 1, group, people, asOfMs);
    }
    for (let k = alertCount; k < alerts.length; k++) {
      const group = groups[pickIndex(extra, alertCumulative)] as Group;
      alerts[k] = alertOf(extra, k + 1, group, people, asOfMs, gaps);
    }
  }
  return {
    organisation,
    people,
    groups,
    activities,
    alerts,
    reviews,
    policy: DEFAULT_POLICY,
  };
}

/** Lazily yields registers `from` … `to - 1` of the workload, one at a time. */
export function* registersOf(options: GenerateOptions): Generator<Register> {
  const from = options.from ?? 0;
  const to = Math.min(options.to ?? options.registers, options.registers);
  for (let i = from; i < to; i++) yield registerAt(options, i);
}

/** Generates registers `from` … `to - 1` (all of them by default) of the workload. */
export function generateRegisters(options: GenerateOptions): Register[] {
  return Array.from(registersOf(options));
}

/** Groups, activities and alerts of a set of registers: the "records" a benchmark counts. */
export function countRecords(registers: Iterable<Register>): {
  groups: number;
  activities: number;
  alerts: number;
  records: number;
} {
  let groups = 0;
  let activities = 0;
  let alerts = 0;
  for (const register of registers) {
    groups += register.groups.length;
    activities += register.activities.length;
    alerts += register.alerts.length;
  }
  return { groups, activities, alerts, records: groups + activities + alerts };
}

/**
 * Guards the generator against drifting from the schema: a few small generated registers, written
 * out as JSON (dates as ISO strings), must parse with `registerSchema.parse` and give back exactly
 * the generated objects (same keys, same normalised values, same defaults).
 * @throws AssertionError or ZodError when the generator and the schema disagree.
 */
export function checkGeneratorAgainstSchema(seed = 42, asOf = new Date("2026-06-30")): void {
  const sample = generateRegisters({
    registers: 3 * BLOCK,
    groupsPerRegister: 40,
    activities: 3 * BLOCK * 60,
    alerts: 3 * BLOCK * 15,
    seed,
    asOf,
  });
  for (const register of sample) {
    const input: unknown = JSON.parse(JSON.stringify(register));
    const parsed = registerSchema.parse(input);
    deepStrictEqual(parsed, register);
  }
  // Prefix property: a workload half the size is the first half of the full one.
  const full = { registers: 40, groupsPerRegister: 5, activities: 800, alerts: 200, seed, asOf };
  const half = { ...full, registers: 20, activities: 400, alerts: 100 };
  deepStrictEqual(generateRegisters(half), generateRegisters({ ...full, to: 20 }));
  const totals = countRecords(generateRegisters(full));
  deepStrictEqual([totals.activities, totals.alerts], [800, 200]);
  // Record multiplier: the same registers with K× their activities and alerts, their own first.
  const base = generateRegisters({ ...full, to: 2 * BLOCK });
  const tripled = generateRegisters({ ...full, to: 2 * BLOCK, recordMultiplier: 3 });
  base.forEach((register, i) => {
    const dense = tripled[i] as Register;
    deepStrictEqual(
      { ...dense, activities: [], alerts: [] },
      { ...register, activities: [], alerts: [] },
    );
    deepStrictEqual(dense.activities.slice(0, register.activities.length), register.activities);
    deepStrictEqual(dense.alerts.slice(0, register.alerts.length), register.alerts);
    deepStrictEqual(
      [dense.activities.length, dense.alerts.length],
      [3 * register.activities.length, 3 * register.alerts.length],
    );
    // The extra records parse like the rest.
    deepStrictEqual(registerSchema.parse(JSON.parse(JSON.stringify(dense))), dense);
  });
}
