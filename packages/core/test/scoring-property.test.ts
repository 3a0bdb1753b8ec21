import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  ACTION_TYPES,
  type Activity,
  type Alert,
  activitySchema,
  alertSchema,
  CADENCES,
  GROUP_KINDS,
  GROUP_PURPOSES,
  type Group,
  groupSchema,
  type OrganisationProfile,
  organisationProfileSchema,
  type RelevanceWeights,
  scoreGroup,
} from "../src/index.js";
import { day, daysBefore } from "./helpers/build.js";

const AS_OF = "2026-06-30";
const asOf = day(AS_OF);
const NUM_RUNS = 500;

/** Small vocabularies, so that profiles and groups overlap often. */
const VOCABULARY = {
  sectors: ["finance", "health", "energy", "ai"],
  technologies: ["aws", "aws/lambda", "azure", "postgresql", "kubernetes", "microsoft/exchange"],
  regulations: ["dora", "nis2", "gdpr"],
  riskThemes: ["ransomware", "supply-chain", "data-poisoning"],
} as const;
const JURISDICTIONS = ["GB", "GB-SCT", "DE", "FR", "EU", "US"] as const;
const TOPIC_DIMENSIONS = ["sectors", "technologies", "regulations", "riskThemes"] as const;
type Dimension = (typeof TOPIC_DIMENSIONS)[number];

const subset = <T>(values: readonly T[]) => fc.subarray([...values]);

const topicsArb = fc.record({
  sectors: subset(VOCABULARY.sectors),
  technologies: subset(VOCABULARY.technologies),
  regulations: subset(VOCABULARY.regulations),
  riskThemes: subset(VOCABULARY.riskThemes),
});

const profileArb: fc.Arbitrary<OrganisationProfile> = fc
  .record({ topics: topicsArb, jurisdictions: subset(JURISDICTIONS) })
  .map(({ topics, jurisdictions }) =>
    organisationProfileSchema.parse({ name: "Org", jurisdictions, ...topics }),
  );

const groupArb: fc.Arbitrary<Group> = fc
  .record({
    kind: fc.constantFrom(...GROUP_KINDS),
    topics: topicsArb,
    jurisdictions: subset(JURISDICTIONS),
    purposes: subset(GROUP_PURPOSES),
    expectedCadence: fc.option(fc.constantFrom(...CADENCES), { nil: undefined }),
  })
  .map((input) =>
    groupSchema.parse({ id: "g", name: "Group", ...input } satisfies z.input<typeof groupSchema>),
  );

const activitiesArb: fc.Arbitrary<Activity[]> = fc.array(
  fc.record({ ago: fc.integer({ min: -10, max: 250 }), mine: fc.boolean() }).map(({ ago, mine }) =>
    activitySchema.parse({
      group: mine ? "g" : "other",
      date: daysBefore(AS_OF, ago),
      type: "newsletter",
    }),
  ),
  { maxLength: 12 },
);

const alertsArb: fc.Arbitrary<Alert[]> = fc
  .array(
    fc.record({
      ago: fc.integer({ min: -10, max: 250 }),
      mine: fc.boolean(),
      actions: subset(ACTION_TYPES),
    }),
    { maxLength: 8 },
  )
  .map((specs) =>
    specs.map(({ ago, mine, actions }, n) =>
      alertSchema.parse({
        id: `a${n}`,
        group: mine ? "g" : "other",
        title: `Alert ${n}`,
        received: daysBefore(AS_OF, ago),
        actions: actions.map((type) => ({ type })),
      }),
    ),
  );

const weightsArb: fc.Arbitrary<Partial<RelevanceWeights> | undefined> = fc.option(
  fc.record(
    {
      sectors: fc.integer({ min: 0, max: 50 }),
      technologies: fc.integer({ min: 0, max: 50 }),
      regulations: fc.integer({ min: 0, max: 50 }),
      riskThemes: fc.integer({ min: 0, max: 50 }),
      kind: fc.integer({ min: 0, max: 50 }),
      signal: fc.integer({ min: 0, max: 50 }),
    },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);

const caseArb = fc.record({
  profile: profileArb,
  group: groupArb,
  activities: activitiesArb,
  alerts: alertsArb,
  weights: weightsArb,
});

/** A group with `topic` added to `dimension` (through the schema, so it is normalised as a user's would be). */
function withTopic(group: Group, dimension: Dimension, topic: string): Group {
  const topics = { ...group.topics, [dimension]: [...group.topics[dimension], topic] };
  return groupSchema.parse({
    ...group,
    topics,
    membership: undefined,
    lastReviewed: undefined,
  } satisfies z.input<typeof groupSchema>);
}

describe("scoreGroup properties", () => {
  it("adding a topic the organisation lists never lowers a score", () => {
    fc.assert(
      fc.property(
        caseArb,
        fc.constantFrom(...TOPIC_DIMENSIONS),
        fc.nat(),
        ({ profile, group, activities, alerts, weights }, dimension, pick) => {
          const ours = profile[dimension];
          fc.pre(ours.length > 0);
          const topic = ours[pick % ours.length] as string;
          const history = { asOf, activities, alerts };
          const options = weights === undefined ? {} : { weights };
          const before = scoreGroup(group, profile, history, options);
          const after = scoreGroup(withTopic(group, dimension, topic), profile, history, options);
          expect(after.score).toBeGreaterThanOrEqual(before.score);
          const factorBefore = before.factors.find((f) => f.id === dimension);
          const factorAfter = after.factors.find((f) => f.id === dimension);
          expect(factorAfter?.value).toBeGreaterThanOrEqual(factorBefore?.value ?? 0);
          expect(factorAfter?.reason).toContain(topic);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  it("always scores within 0..100, with contributions adding up to the score", () => {
    fc.assert(
      fc.property(caseArb, ({ profile, group, activities, alerts, weights }) => {
        const result = scoreGroup(
          group,
          profile,
          { asOf, activities, alerts },
          weights === undefined ? {} : { weights },
        );
        expect(Number.isInteger(result.score)).toBe(true);
        expect(result.score).toBeGreaterThanOrEqual(0);
        expect(result.score).toBeLessThanOrEqual(100);
        const sum = result.factors.reduce((total, f) => total + f.contribution, 0);
        expect(Math.abs(sum - result.score)).toBeLessThanOrEqual(0.5 + 1e-9);
        for (const factor of result.factors) {
          expect(factor.value).toBeGreaterThanOrEqual(0);
          expect(factor.value).toBeLessThanOrEqual(1);
          if (!factor.applicable) expect(factor.contribution).toBe(0);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("is deterministic: the same input gives the same output", () => {
    fc.assert(
      fc.property(caseArb, ({ profile, group, activities, alerts, weights }) => {
        const options = weights === undefined ? {} : { weights };
        const first = scoreGroup(group, profile, { asOf, activities, alerts }, options);
        const second = scoreGroup(
          structuredClone(group),
          structuredClone(profile),
          {
            asOf: new Date(asOf.getTime()),
            activities: structuredClone(activities),
            alerts: structuredClone(alerts),
          },
          options,
        );
        expect(second).toEqual(first);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
