import { normaliseTechnology } from "@sigreg/core";
import { alertText, eachTextToken, type TechnologyMatch } from "./text-match.js";

/** What the catalog matcher reads of an alert or feed item: the same fields `scoreAlert` reads. */
export interface MatchableAlert {
  /** The title. */
  title?: string;
  /** The summary, if any. */
  summary?: string;
  /** Products the source names, `vendor/product` as KEV names them. */
  products?: readonly string[];
}

/** What the catalog matcher reads of an organisation profile: its technologies, already normalised. */
export interface MatchableProfile {
  /** Technologies in normalised form (as `organisationProfileSchema` leaves them). */
  technologies: readonly string[];
}

/** An alert of the catalog that names some of a profile's technologies, and how. */
export interface AlertMatch {
  /** Position of the alert in the catalog given to {@link catalogIndex}. */
  alert: number;
  /** The matches, in the profile's technology order, exactly as `matchTechnologies` gives them. */
  matches: TechnologyMatch[];
}

/**
 * The alerts of a catalog that name a profile's technologies, held compactly (a whole catalog
 * against thousands of profiles gives millions of pairs); explanations are built on demand.
 */
export interface ProfileMatches {
  /** Catalog positions of the matched alerts, ascending. */
  readonly alerts: Int32Array;
  /** The matches of `alerts[i]`, in the profile's technology order, as `matchTechnologies` gives them. */
  matchesAt(i: number): TechnologyMatch[];
  /** The best strength among the matches of `alerts[i]` (what the technology factor scores). */
  strengthAt(i: number): number;
  /** Every matched alert with its matches. */
  toArray(): AlertMatch[];
}

/** An index of a catalog of alerts by normalised product, vendor and text token, built once. */
export interface CatalogIndex {
  /** Number of alerts indexed. */
  readonly size: number;
  /** The alerts naming any of `technologies` (normalised); the work is proportional to the matches. */
  match(technologies: readonly string[]): ProfileMatches;
}

const PRODUCT = 0; // the alert names the technology, a product under it, or the product it is under
const VENDOR = 1; // the alert names a product of the technology's vendor
const TEXT = 2; // the alert's text names it
const CACHE_LIMIT = 50_000;

/**
 * Indexes a catalog of alerts (for example the whole CISA KEV catalog) so that matching a profile
 * costs in proportion to what it matches, not to the size of the catalog. Gives the same matches
 * as `matchTechnologies` (the technology factor of `scoreAlert`) applied to each alert.
 * @example
 * const index = catalogIndex(alerts);
 * const hits = index.match(profile.technologies); // hits.alerts, hits.matchesAt(0)
 */
export function catalogIndex(alerts: readonly MatchableAlert[]): CatalogIndex {
  const lists = indexLists(alerts);
  const { under, exact, vendor, token } = lists;
  const count = alerts.length;
  const stamp = new Int32Array(count).fill(-1);
  let generation = 0;
  // What one technology matches, as alert × 4 + kind, computed once per distinct technology: a
  // product match wins over a vendor match, which wins over the text, as in matchTechnologies.
  const cache = new Map<string, Int32Array>();
  const hitsOf = (technology: string): Int32Array => {
    const known = cache.get(technology);
    if (known !== undefined) return known;
    if (generation === 0x7fffffff) {
      // The stamps are 32-bit: start over rather than let a mark wrap and never match.
      stamp.fill(-1);
      generation = 0;
    }
    const mark = generation++;
    const out: number[] = [];
    const visit = (list: Int32Array | undefined, kind: number) => {
      if (list === undefined) return;
      for (let i = 0; i < list.length; i++) {
        const alert = list[i] as number;
        if (stamp[alert] === mark) continue;
        stamp[alert] = mark;
        out.push(alert * 4 + kind);
      }
    };
    visit(under.get(technology), PRODUCT);
    for (
      let slash = technology.indexOf("/");
      slash !== -1;
      slash = technology.indexOf("/", slash + 1)
    )
      visit(exact.get(technology.slice(0, slash)), PRODUCT);
    const cut = technology.indexOf("/");
    visit(vendor.get(cut === -1 ? technology : technology.slice(0, cut)), VENDOR);
    visit(token.get(technology), TEXT);
    const name = technology.slice(technology.lastIndexOf("/") + 1);
    if (name.length >= 3 && name !== technology) visit(token.get(name), TEXT);
    const hits = Int32Array.from(out);
    // Bounded, so that an index kept for long and fed arbitrary names does not grow without end.
    if (cache.size < CACHE_LIMIT) cache.set(technology, hits);
    return hits;
  };
  // Per-call scratch, reused: matches per alert (then where its next match goes), and the alerts
  // touched.
  const perAlert = new Int32Array(count);
  const touched = new Int32Array(count);
  return {
    size: count,
    match(technologies) {
      // Two passes over the technologies' hit lists: count the matches per alert, then, once each
      // alert's place is known, write them there (technology order within an alert, as a stable
      // grouping gives).
      const lists: Int32Array[] = new Array(technologies.length);
      let records = 0;
      let hits = 0;
      for (let tech = 0; tech < technologies.length; tech++) {
        const list = hitsOf(technologies[tech] as string);
        lists[tech] = list;
        records += list.length;
        for (let i = 0; i < list.length; i++) {
          const alert = (list[i] as number) >> 2;
          const seen = perAlert[alert] as number;
          if (seen === 0) touched[hits++] = alert;
          perAlert[alert] = seen + 1;
        }
      }
      // Catalog order: sort the alerts touched, or, when they are a good part of the catalog,
      // read them off in one scan (cheaper than sorting hundreds of them).
      let ordered: Int32Array;
      if (hits * 10 < count) ordered = touched.slice(0, hits).sort();
      else {
        ordered = new Int32Array(hits);
        for (let alert = 0, i = 0; i < hits; alert++)
          if ((perAlert[alert] as number) > 0) ordered[i++] = alert;
      }
      // Where each alert's records start, then the records grouped by alert, technology order kept.
      const offsets = new Int32Array(hits + 1);
      for (let i = 0; i < hits; i++) {
        const alert = ordered[i] as number;
        offsets[i + 1] = (offsets[i] as number) + (perAlert[alert] as number);
        perAlert[alert] = offsets[i] as number;
      }
      const codes = new Int32Array(records);
      for (let tech = 0; tech < lists.length; tech++) {
        const list = lists[tech] as Int32Array;
        const base = tech * 4;
        for (let i = 0; i < list.length; i++) {
          const value = list[i] as number;
          const alert = value >> 2;
          const at = perAlert[alert] as number;
          codes[at] = base + (value & 3);
          perAlert[alert] = at + 1;
        }
      }
      for (let i = 0; i < hits; i++) perAlert[ordered[i] as number] = 0;
      return profileMatches(ordered, offsets, codes, [...technologies]);
    },
  };
}

/**
 * Matches every profile against a catalog of alerts through one {@link catalogIndex}: for each
 * profile (same order), the alerts naming its technologies, with the same matches as the per-alert
 * scorer gives.
 * @example
 * const perProfile = matchCatalog(kevAlerts, profiles);
 * perProfile[0].toArray(); // [{ alert: 12, matches: [{ technology: "microsoft", ... }] }, ...]
 */
export function matchCatalog(
  alerts: readonly MatchableAlert[],
  profiles: readonly MatchableProfile[],
): ProfileMatches[] {
  const index = catalogIndex(alerts);
  return profiles.map((profile) => index.match(profile.technologies));
}

function profileMatches(
  alerts: Int32Array,
  offsets: Int32Array,
  codes: Int32Array,
  technologies: readonly string[],
): ProfileMatches {
  const matchAt = (code: number): TechnologyMatch => {
    const technology = technologies[code >> 2] as string;
    const kind = code & 3;
    if (kind === PRODUCT) return { technology, strength: 1, via: "product" };
    if (kind === VENDOR) return { technology, strength: 0.6, via: "product" };
    return { technology, strength: technology.includes("/") ? 1 : 0.8, via: "text" };
  };
  const matchesAt = (i: number) => {
    const out: TechnologyMatch[] = [];
    for (let r = offsets[i] as number; r < (offsets[i + 1] as number); r++)
      out.push(matchAt(codes[r] as number));
    return out;
  };
  return {
    alerts,
    matchesAt,
    strengthAt(i) {
      let best = 0;
      for (let r = offsets[i] as number; r < (offsets[i + 1] as number); r++)
        best = Math.max(best, matchAt(codes[r] as number).strength);
      return best;
    },
    toArray: () => Array.from(alerts, (alert, i) => ({ alert, matches: matchesAt(i) })),
  };
}

function indexLists(alerts: readonly MatchableAlert[]) {
  // Alerts whose normalised product is under a path (`microsoft` holds `microsoft/exchange`),
  // exactly a path, or has a vendor (first part); and alerts whose text holds a token.
  const under = new Map<string, number[]>();
  const exact = new Map<string, number[]>();
  const vendor = new Map<string, number[]>();
  const token = new Map<string, number[]>();
  alerts.forEach((alert, index) => {
    for (const product of alert.products ?? []) {
      const normalised = normaliseTechnology(product);
      addOnce(exact, normalised, index);
      const parts = normalised.split("/");
      addOnce(vendor, parts[0] as string, index);
      for (let end = 1; end <= parts.length; end++)
        addOnce(under, parts.slice(0, end).join("/"), index);
    }
    // A repeated token of the same alert is kept once: addOnce looks at the list's last alert.
    eachTextToken(alertText(alert), (word) => addOnce(token, word, index));
  });
  const frozen = (map: Map<string, number[]>) =>
    new Map([...map].map(([key, list]) => [key, Int32Array.from(list)]));
  return {
    under: frozen(under),
    exact: frozen(exact),
    vendor: frozen(vendor),
    token: frozen(token),
  };
}

function addOnce(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else if (list[list.length - 1] !== value) list.push(value);
}
