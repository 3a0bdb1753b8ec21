import type { Group } from "../model/group.js";
import type { OrganisationProfile } from "../model/profile.js";
import { jurisdictionCovers } from "../model/topics.js";
import { matchTopics, type RelevanceFactor, scoreGroup } from "../scoring/score-group.js";
import type { RelevanceWeights } from "../scoring/weights.js";
import { catalogue } from "./catalogue.js";
import type { CatalogueEntry, CatalogueEvidence } from "./types.js";

/** Options of {@link suggestGroups}. */
export interface SuggestOptions {
  /** The register whose groups are not suggested again (matched by id and by website). */
  register?: {
    /** The register's groups (their ids and websites are what is compared). */
    readonly groups: readonly Pick<Group, "id" | "url">[];
  };
  /** At most this many suggestions, a positive integer. @default 10 */
  limit?: number;
  /** Relevance weights; the signal factor is always left out, as a catalogue entry has no history. */
  weights?: Partial<RelevanceWeights>;
  /** The entries to rank instead of the built-in catalogue. @default catalogue() */
  entries?: readonly CatalogueEntry[];
}

/** What of the organisation profile a suggested group matched. */
export interface SuggestionMatches {
  /** Our sectors the group serves. */
  sectors: string[];
  /** Our technologies the group covers (a vendor covers its products). */
  technologies: string[];
  /** Our regulations the group follows. */
  regulations: string[];
  /** Our risk themes the group covers. */
  riskThemes: string[];
  /** Our jurisdictions the group serves. */
  jurisdictions: string[];
}

/** A catalogue group the register does not have yet, with its relevance and why. */
export interface GroupSuggestion {
  /** The group, ready to copy into the register. */
  group: Group;
  /** Its relevance to the organisation, 0–100, from the core scoring without the signal factor. */
  score: number;
  /** Why, in words: what matched (sector, technology, regulation, risk theme, jurisdiction). */
  reason: string;
  /** What matched, dimension by dimension. */
  matched: SuggestionMatches;
  /** The scoring factors behind the score. */
  factors: RelevanceFactor[];
  /** Whether the group serves named jurisdictions, none of them the organisation's; ranked after the rest. */
  elsewhere: boolean;
  /** Where the group's URLs were confirmed. */
  verifiedBy: readonly CatalogueEvidence[];
}

const DEFAULT_LIMIT = 10;
/** The scoring needs a day; without history it changes nothing, so a fixed one keeps results stable. */
const NO_HISTORY = { asOf: new Date(0) };

/**
 * Ranks the catalogue groups the register does not already have by relevance to the organisation
 * profile, each with its score and the reason. A group is already in the register when an id is the
 * same or when the websites are the same page or one sits under the other on the same host
 * (`www.` ignored), so a group filed under another id is not suggested again. The order is
 * deterministic: groups that serve none of the organisation's jurisdictions (a national CERT of
 * another country) come after all the others; within each part, by score, then by the number of
 * matched topics, then by id.
 * @throws {RangeError} When `limit` is not a positive integer.
 * @example
 * const suggestions = suggestGroups(register.organisation, { register, limit: 5 });
 * for (const { group, score, reason } of suggestions) console.log(score, group.name, reason);
 */
export function suggestGroups(
  profile: OrganisationProfile,
  options: SuggestOptions = {},
): GroupSuggestion[] {
  const limit = options.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`suggestGroups: limit must be a positive integer, got ${limit}`);
  const known = options.register?.groups ?? [];
  const knownIds = new Set(known.map((group) => group.id));
  const knownSites = known.flatMap((group) => {
    const site = siteOf(group.url);
    return site === undefined ? [] : [site];
  });
  const weights = { ...options.weights, signal: 0 };
  const suggestions: GroupSuggestion[] = [];
  for (const entry of options.entries ?? catalogue()) {
    const { group } = entry;
    if (knownIds.has(group.id) || isKnownSite(group.url, knownSites)) continue;
    const { score, factors } = scoreGroup(group, profile, NO_HISTORY, { weights });
    const matched = matchesOf(group, profile);
    const elsewhere =
      group.jurisdictions.length > 0 &&
      profile.jurisdictions.length > 0 &&
      matched.jurisdictions.length === 0;
    suggestions.push({
      group,
      score,
      reason: reasonOf(group, matched, elsewhere),
      matched,
      factors: factors.filter((factor) => factor.id !== "signal"),
      elsewhere,
      verifiedBy: entry.verifiedBy,
    });
  }
  suggestions.sort(
    (a, b) =>
      Number(a.elsewhere) - Number(b.elsewhere) ||
      b.score - a.score ||
      countOf(b.matched) - countOf(a.matched) ||
      (a.group.id < b.group.id ? -1 : a.group.id > b.group.id ? 1 : 0),
  );
  return suggestions.slice(0, limit);
}

function matchesOf(group: Group, profile: OrganisationProfile): SuggestionMatches {
  const { topics } = group;
  return {
    sectors: matchTopics(profile.sectors, topics.sectors),
    technologies: matchTopics(profile.technologies, topics.technologies),
    regulations: matchTopics(profile.regulations, topics.regulations),
    riskThemes: matchTopics(profile.riskThemes, topics.riskThemes),
    jurisdictions: profile.jurisdictions.filter((ours) =>
      group.jurisdictions.some((served) => jurisdictionCovers(served, ours)),
    ),
  };
}

const REASON_PARTS: readonly [keyof SuggestionMatches, string, string][] = [
  ["sectors", "sector", "sectors"],
  ["technologies", "technology", "technologies"],
  ["regulations", "regulation", "regulations"],
  ["riskThemes", "risk theme", "risk themes"],
  ["jurisdictions", "serves", "serves"],
];

function reasonOf(group: Group, matched: SuggestionMatches, elsewhere: boolean): string {
  const parts: string[] = [];
  for (const [key, one, many] of REASON_PARTS) {
    const values = matched[key];
    if (values.length > 0) parts.push(`${values.length === 1 ? one : many} ${values.join(", ")}`);
  }
  const reason =
    parts.length > 0
      ? `matches ${parts.join("; ")}`
      : `no topic of ours named; a general ${group.kind}`;
  return elsewhere ? `${reason}; serves ${group.jurisdictions.join(", ")}, none of ours` : reason;
}

function countOf(matched: SuggestionMatches): number {
  return (
    matched.sectors.length +
    matched.technologies.length +
    matched.regulations.length +
    matched.riskThemes.length +
    matched.jurisdictions.length
  );
}

interface Site {
  host: string;
  segments: string[];
}

/** A website as host (lower-case, without `www.`) and path segments; `undefined` for mailto or junk. */
function siteOf(url: string | undefined): Site | undefined {
  if (url === undefined || !URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return undefined;
  return {
    host: parsed.hostname.toLowerCase().replace(/^www\./, ""),
    segments: parsed.pathname
      .toLowerCase()
      .split("/")
      .filter((segment) => segment !== ""),
  };
}

function isKnownSite(url: string | undefined, known: readonly Site[]): boolean {
  const site = siteOf(url);
  if (site === undefined) return false;
  return known.some(
    (other) =>
      other.host === site.host &&
      (isPrefix(other.segments, site.segments) || isPrefix(site.segments, other.segments)),
  );
}

function isPrefix(prefix: readonly string[], path: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => segment === path[i]);
}
