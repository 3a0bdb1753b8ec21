import { normaliseTechnology } from "@sigreg/core";
import { alertText, type TechnologyMatch, textTokens } from "./text-match.js";

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

/** An index of a catalog of alerts by normalised product, vendor and text token, built once. */
export interface CatalogIndex {
  /** Number of alerts indexed. */
  readonly size: number;
  /** The alerts naming any of `technologies`, in catalog order; the work is proportional to the matches. */
  match(technologies: readonly string[]): AlertMatch[];
}

const NONE: readonly number[] = [];

/**
 * Indexes a catalog of alerts (for example the whole CISA KEV catalog) so that matching a profile
 * costs in proportion to what it matches, not to the size of the catalog. Gives the same matches
 * as `matchTechnologies` (the technology factor of `scoreAlert`) applied to each alert.
 * @example
 * const index = catalogIndex(alerts);
 * const hits = index.match(profile.technologies); // [{ alert: 12, matches: [...] }, ...]
 */
export function catalogIndex(alerts: readonly MatchableAlert[]): CatalogIndex {
  // Alerts whose normalised product is under a path (`microsoft` holds `microsoft/exchange`).
  const under = new Map<string, number[]>();
  // Alerts whose normalised product is exactly a path.
  const exact = new Map<string, number[]>();
  // Alerts whose product has a vendor (first path part).
  const vendor = new Map<string, number[]>();
  // Alerts whose text holds a token.
  const token = new Map<string, number[]>();
  alerts.forEach((alert, index) => {
    const keys = new Set<string>();
    for (const product of alert.products ?? []) {
      const normalised = normaliseTechnology(product);
      addOnce(exact, normalised, index);
      const parts = normalised.split("/");
      addOnce(vendor, parts[0] as string, index);
      for (let end = 1; end <= parts.length; end++) keys.add(parts.slice(0, end).join("/"));
    }
    for (const key of keys) push(under, key, index);
    for (const word of textTokens(alertText(alert))) push(token, word, index);
  });

  const count = alerts.length;
  // Per-call scratch, reused: which technology last touched an alert, and its matches so far.
  const seenBy = new Int32Array(count).fill(-1);
  const found = new Array<TechnologyMatch[] | undefined>(count);
  return {
    size: count,
    match(technologies) {
      const touched: number[] = [];
      const record = (alert: number, tech: number, shape: TechnologyMatch) => {
        seenBy[alert] = tech;
        const match = { technology: shape.technology, strength: shape.strength, via: shape.via };
        const list = found[alert];
        if (list === undefined) {
          found[alert] = [match];
          touched.push(alert);
        } else list.push(match);
      };
      technologies.forEach((technology, position) => {
        // A duplicate technology matches again, as matchTechnologies does; the stamp is per call.
        const tech = position;
        const full = { technology, strength: 1, via: "product" } as const;
        for (const alert of under.get(technology) ?? NONE)
          if (seenBy[alert] !== tech) record(alert, tech, full);
        const parts = technology.split("/");
        for (let end = 1; end < parts.length; end++)
          for (const alert of exact.get(parts.slice(0, end).join("/")) ?? NONE)
            if (seenBy[alert] !== tech) record(alert, tech, full);
        const byVendor = { technology, strength: 0.6, via: "product" } as const;
        for (const alert of vendor.get(parts[0] as string) ?? NONE)
          if (seenBy[alert] !== tech) record(alert, tech, byVendor);
        const inText = { technology, strength: parts.length > 1 ? 1 : 0.8, via: "text" } as const;
        const name = parts.at(-1) as string;
        for (const alert of token.get(technology) ?? NONE)
          if (seenBy[alert] !== tech) record(alert, tech, inText);
        if (name.length >= 3 && name !== technology)
          for (const alert of token.get(name) ?? NONE)
            if (seenBy[alert] !== tech) record(alert, tech, inText);
      });
      touched.sort((a, b) => a - b);
      const result: AlertMatch[] = new Array(touched.length);
      for (let i = 0; i < touched.length; i++) {
        const alert = touched[i] as number;
        result[i] = { alert, matches: found[alert] as TechnologyMatch[] };
        found[alert] = undefined;
        seenBy[alert] = -1;
      }
      return result;
    },
  };
}

/**
 * Matches every profile against a catalog of alerts through one {@link catalogIndex}: for each
 * profile (same order), the alerts naming its technologies, with the same matches as the per-alert
 * scorer gives.
 * @example
 * const perProfile = matchCatalog(kevAlerts, profiles);
 */
export function matchCatalog(
  alerts: readonly MatchableAlert[],
  profiles: readonly MatchableProfile[],
): AlertMatch[][] {
  const index = catalogIndex(alerts);
  return profiles.map((profile) => index.match(profile.technologies));
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

function addOnce(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else if (list[list.length - 1] !== value) list.push(value);
}
