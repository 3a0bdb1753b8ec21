/**
 * Fingerprint of `evaluate()`'s output, to show that a change to the evaluation keeps every result
 * byte-identical: findings (order, messages, remediations, controls), scores, factors and reasons,
 * review states, last activity and KPIs.
 *
 *   npx tsx bench/evaluate-fingerprint.ts            # prints one hash per case and the overall hash
 *   npx tsx bench/evaluate-fingerprint.ts --dist     # the same against packages/core/dist (build first)
 *
 * It hashes `JSON.stringify(evaluate(register, options))` (SHA-256) over 840 generated registers
 * (three seeds, two sizes, the bench generator), each evaluated for three as-of days (the bench's,
 * 45 days after and 200 days before it, so ages can be negative) and under four option sets:
 * the defaults; custom relevance weights; a custom policy (every threshold changed, rules switched
 * off and given other severities, so the findings' sort has work to do); and feed health for the
 * groups' feeds plus an extra rule, as the engine passes them. A few registers are then edited the
 * way a platform could assemble them without the loader: a repeated group id, an owner not in
 * `people`, an organisation profile that lists nothing, an organisation under DORA.
 * Record the overall hash before a change; after it, the hash must be the same.
 *
 * Recorded before the evaluate performance work of issue 2 §8 (node 20, source and dist alike):
 * overall 606948e98b706a09e26413f0e7d6a27c4d6415e92965f2808e3de49b8052d620, unchanged by that work.
 * Changed on purpose on 26 November 2026 (evidence dated after the as-of day no longer counts, the
 * KPIs count `ticket` actions, `coverage-gap` matches sectors as the score does):
 * overall b3b6e65950fd693afa2467058593f105d34c67ceb60c0be506640124d84aba1c
 */
import { createHash } from "node:crypto";
import type { EvaluateOptions, FeedHealth, Register, Rule } from "@sigreg/core";
import { AS_OF } from "./evaluate-passes.js";
import { generateRegisters } from "./generate.js";

const DAY_MS = 86_400_000;
const useDist = process.argv.includes("--dist");
const core: typeof import("@sigreg/core") = useDist
  ? await import(new URL("../packages/core/dist/index.js", import.meta.url).href)
  : await import("@sigreg/core");

const extraRule: Rule = {
  id: "fingerprint-extra",
  title: "Extra rule",
  description: "A plugin-like rule that reads the index, relevance and review.",
  severity: "observation",
  controls: ["X/1", "X/2"],
  remediation: "None.",
  policyKeys: [],
  check: ({ register, index, relevance, review }) =>
    register.groups
      .filter((_group, i) => i % 7 === 0)
      .map((group) => ({
        subject: { type: "group" as const, id: group.id },
        message: `${group.id}: ${relevance(group.id).score} ${review(group.id).status} ${index.stats.get(group.id)?.signal.items}`,
        ...(group.id.endsWith("3") ? { remediation: "Specific." } : {}),
      })),
};

function feedsOf(register: Register, asOf: Date): FeedHealth[] {
  const feeds: FeedHealth[] = [];
  register.groups.forEach((group, i) => {
    for (const feed of group.feeds) {
      const failures = i % 5;
      feeds.push({
        groupId: group.id,
        url: feed.url,
        consecutiveFailures: failures,
        ...(i % 3 === 0 ? {} : { lastSuccessAt: new Date(asOf.getTime() - (i % 11) * 3 * DAY_MS) }),
        ...(i % 4 === 0 ? {} : { lastItemAt: new Date(asOf.getTime() - (i % 13) * 20 * DAY_MS) }),
        ...(failures > 0 ? { lastError: { code: "FETCH_HTTP", message: "HTTP 503" } } : {}),
      });
    }
  });
  // Out of register order, as state documents may come.
  return feeds.reverse();
}

function optionSets(register: Register, asOf: Date): [string, EvaluateOptions][] {
  return [
    ["default", { asOf }],
    ["weights", { asOf, weights: { technologies: 40, signal: 0, kind: 5, sectors: 7.5 } }],
    [
      "policy",
      {
        asOf,
        policy: {
          registerReviewDays: 30,
          dueSoonDays: 40,
          groupReviewDays: 200,
          dormantAfterDays: 60,
          ownerActivityDays: 30,
          triageWithinDays: 2,
          loopWindowDays: 20,
          minRelevance: 55,
          maxGroupsPerOwner: 3,
          feedFailuresBeforeBroken: 2,
          feedBrokenAfterDays: 3,
          rules: {
            "group-low-relevance": { severity: "major" },
            "coverage-gap": { severity: "minor" },
            "group-review-overdue": { severity: "opportunity" },
            "owner-overloaded": { enabled: false },
            "group-contact-missing": { enabled: false },
          },
        },
      },
    ],
    ["feeds+rule", { asOf, feeds: feedsOf(register, asOf), rules: [extraRule] }],
  ];
}

/** Registers a platform could assemble without the loader, made from generated ones. */
function edited(registers: Register[]): Register[] {
  const out: Register[] = [];
  for (const [i, register] of registers.slice(0, 12).entries()) {
    const groups = register.groups.slice();
    switch (i % 4) {
      case 0: // a repeated group id (the second copy renamed)
        groups.push({ ...(groups[1] as Register["groups"][number]), name: "Copy" });
        out.push({ ...register, groups });
        break;
      case 1: // an owner not in the register's people
        groups[0] = { ...(groups[0] as Register["groups"][number]), owner: "p-ghost" };
        out.push({ ...register, groups });
        break;
      case 2: // a profile that lists nothing
        out.push({
          ...register,
          organisation: {
            ...register.organisation,
            sectors: [],
            technologies: [],
            regulations: [],
            riskThemes: [],
            jurisdictions: [],
          },
        });
        break;
      default: // under DORA, with no full review
        out.push({
          ...register,
          organisation: {
            ...register.organisation,
            regulations: [...register.organisation.regulations.filter((r) => r !== "dora"), "dora"],
          },
          reviews: register.reviews.filter((review) => review.scope !== "all"),
        });
    }
  }
  return out;
}

const cases: { seed: number; registers: number; groups: number; activities: number }[] = [
  { seed: 1, registers: 200, groups: 40, activities: 200 * 200 },
  { seed: 0x5156, registers: 200, groups: 40, activities: 200 * 200 },
  { seed: 777, registers: 200, groups: 40, activities: 200 * 200 },
  { seed: 99, registers: 120, groups: 8, activities: 120 * 15 },
  { seed: 1234, registers: 120, groups: 60, activities: 120 * 900 },
];
const asOfs = [
  AS_OF,
  new Date(AS_OF.getTime() + 45 * DAY_MS),
  new Date(AS_OF.getTime() - 200 * DAY_MS),
];

const overall = createHash("sha256");
let evaluations = 0;
let registersSeen = 0;
/** Findings per rule over every evaluation: shows that every rule fires somewhere. */
const byRule = new Map<string, number>();
for (const { seed, registers: count, groups, activities } of cases) {
  const generated = generateRegisters({
    registers: count,
    groupsPerRegister: groups,
    activities,
    alerts: activities / 4,
    seed,
    asOf: AS_OF,
  });
  const registers = [...generated, ...edited(generated)];
  registersSeen += registers.length;
  for (const asOf of asOfs) {
    const perCase = new Map<string, ReturnType<typeof createHash>>();
    for (const register of registers) {
      for (const [name, options] of optionSets(register, asOf)) {
        const result = core.evaluate(register, options);
        for (const finding of result.findings)
          byRule.set(finding.ruleId, (byRule.get(finding.ruleId) ?? 0) + 1);
        const json = JSON.stringify(result);
        let hash = perCase.get(name);
        if (hash === undefined) {
          hash = createHash("sha256");
          perCase.set(name, hash);
        }
        hash.update(json);
        overall.update(json);
        evaluations++;
      }
    }
    for (const [name, hash] of perCase)
      console.log(
        `seed ${seed} ${count}×${groups} asOf ${asOf.toISOString().slice(0, 10)} ${name.padEnd(10)} ${hash.digest("hex").slice(0, 16)}`,
      );
  }
}
console.log(`findings per rule: ${JSON.stringify(Object.fromEntries(byRule))}`);
console.log(
  `${useDist ? "dist" : "source"}: ${registersSeen} registers, ${evaluations} evaluations; overall ${overall.digest("hex")}`,
);
