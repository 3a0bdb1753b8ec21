/**
 * Matching the whole CISA KEV catalog against generated organisation profiles: `matchCatalog`
 * (one index of the catalog, then a lookup per technology) against a naive nested loop over the
 * same data — for each profile × entry, the per-alert matcher `matchTechnologies`, which
 * normalises the entry's products and compares each technology (the entries' text tokens are
 * computed once, outside the loop, which only helps the loop).
 */
import { normaliseTechnology, TECHNOLOGY_ALIASES } from "@sigreg/core";
import {
  type AlertMatch,
  catalogIndex,
  type FeedItem,
  matchCatalog,
  matchTechnologies,
  type ProfileMatches,
  textTokens,
} from "@sigreg/plugins";
import { alertText } from "../packages/plugins/src/relevance/text-match.js";
import { collect, median } from "./lib.js";
import { mix, Rng } from "./random.js";
import { TECHNOLOGIES } from "./vocabulary.js";

/** A generated profile: its technologies, normalised and de-duplicated as the profile schema does. */
export interface BenchProfile {
  technologies: string[];
}

/** Technologies a KEV entry does not name: cloud and developer stacks, and in-house system names. */
const NOISE = [
  ...TECHNOLOGIES,
  "terraform",
  "kafka",
  "react",
  "redis",
  "elasticsearch",
  "okta",
  "slack",
  "salesforce",
  "snowflake",
  "datadog",
];

/**
 * `count` profiles of 5–40 technologies each, seeded: KEV `vendor/product` names (an entry drawn at
 * random, so common vendors come up often), bare vendors, alias spellings (`golang`, `k8s`) and
 * noise (stacks KEV does not list, in-house names).
 */
export function generateProfiles(items: readonly FeedItem[], count: number, seed: number) {
  const aliases = Object.keys(TECHNOLOGY_ALIASES).map((alias) => alias.replace(/-/g, " "));
  const profiles: BenchProfile[] = [];
  for (let p = 0; p < count; p++) {
    const rng = new Rng(mix(seed, p, 5));
    const raw: string[] = [];
    const size = rng.int(5, 40);
    for (let t = 0; t < size; t++) {
      const product = rng.pick(items).products?.[0] ?? "";
      const roll = rng.float();
      if (roll < 0.45) raw.push(product);
      else if (roll < 0.65) raw.push(product.split("/")[0] as string);
      else if (roll < 0.75) raw.push(rng.pick(aliases));
      else if (roll < 0.92) raw.push(rng.pick(NOISE));
      else raw.push(`inhouse-system-${rng.int(1, 500)}`);
    }
    profiles.push({ technologies: [...new Set(raw.map(normaliseTechnology))] });
  }
  return profiles;
}

/** The naive loop: every profile × entry through the per-alert matcher. */
export function naiveMatch(
  items: readonly FeedItem[],
  tokens: readonly Set<string>[],
  profiles: readonly BenchProfile[],
): AlertMatch[][] {
  return profiles.map((profile) => {
    const hits: AlertMatch[] = [];
    items.forEach((item, alert) => {
      const matches = matchTechnologies(
        profile.technologies,
        item.products ?? [],
        tokens[alert] as Set<string>,
      );
      if (matches.length > 0) hits.push({ alert, matches });
    });
    return hits;
  });
}

/** Figures of the matching benchmark; times are medians, CPU time of this process unless named wall. */
export interface MatchFigures {
  /** `matchCatalog` over all profiles (index built inside the timing), CPU ms. */
  oursMs: number;
  /** The same, wall-clock ms. */
  oursWallMs: number;
  /** Building the index alone, CPU ms. */
  indexMs: number;
  /** The naive loop over the sample of profiles, CPU ms. */
  naiveSampleMs: number;
  /** Naive CPU ms scaled from the sample to all profiles (its cost per profile is constant). */
  naiveMs: number;
  /** naiveMs / oursMs. */
  speedup: number;
  /** (profile, entry) pairs with at least one match, over all profiles. */
  pairs: number;
  /** Whether the naive loop and `matchCatalog` gave equal results on the sample. */
  same: boolean;
  sample: number;
  rounds: number;
}

interface Timing {
  cpu: number;
  wall: number;
}

/** CPU time (user + system, this process) and wall time of `fn`, in ms, after a full gc. */
function timeIt(fn: () => void): Timing {
  collect();
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  fn();
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  const used = process.cpuUsage(cpu);
  return { cpu: (used.user + used.system) / 1000, wall };
}

/**
 * Times `matchCatalog` on every profile and the naive loop on the first `sample` profiles, in
 * alternating order over `rounds` rounds (after a warm-up), and checks both agree on the sample.
 */
export function matchThroughput(
  items: readonly FeedItem[],
  profiles: readonly BenchProfile[],
  sample: number,
  rounds: number,
): MatchFigures {
  const tokens = items.map((item) => textTokens(alertText(item)));
  const sampled = profiles.slice(0, sample);
  const ours: Timing[] = [];
  const naive: number[] = [];
  const index: number[] = [];
  let fast: ProfileMatches[] = [];
  let slow: AlertMatch[][] = [];
  for (let round = -1; round < rounds; round++) {
    const runOurs = () => timeIt(() => (fast = matchCatalog(items, profiles)));
    const runNaive = () => timeIt(() => (slow = naiveMatch(items, tokens, sampled)));
    let oursTime: Timing;
    let naiveTime: Timing;
    if (round % 2 === 0) {
      oursTime = runOurs();
      naiveTime = runNaive();
    } else {
      naiveTime = runNaive();
      oursTime = runOurs();
    }
    const indexTime = timeIt(() => catalogIndex(items));
    if (round >= 0) {
      ours.push(oursTime);
      naive.push(naiveTime.cpu);
      index.push(indexTime.cpu);
    }
  }
  const same =
    JSON.stringify(fast.slice(0, sample).map((hits) => hits.toArray())) === JSON.stringify(slow);
  const pairs = fast.reduce((sum, hits) => sum + hits.alerts.length, 0);
  const oursMs = median(ours.map((time) => time.cpu));
  const naiveSampleMs = median(naive);
  const naiveMs = (naiveSampleMs * profiles.length) / sampled.length;
  return {
    oursMs,
    oursWallMs: median(ours.map((time) => time.wall)),
    indexMs: median(index),
    naiveSampleMs,
    naiveMs,
    speedup: naiveMs / oursMs,
    pairs,
    same,
    sample: sampled.length,
    rounds,
  };
}
