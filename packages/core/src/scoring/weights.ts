import { z } from "zod";

/** Weights of the relevance factors; only their proportions matter. */
export const relevanceWeightsSchema = z.strictObject({
  sectors: z
    .number()
    .nonnegative()
    .default(20)
    .describe("Overlap of the group's sectors with ours."),
  technologies: z.number().nonnegative().default(25).describe("Overlap with our tech stack."),
  regulations: z
    .number()
    .nonnegative()
    .default(10)
    .describe("Overlap with the regulations we are under."),
  riskThemes: z
    .number()
    .nonnegative()
    .default(15)
    .describe("Overlap with the risk themes we watch."),
  kind: z.number().nonnegative().default(15).describe("Kind of group and purposes of the contact."),
  signal: z
    .number()
    .nonnegative()
    .default(15)
    .describe("Recorded activity against the expected cadence, and alerts acted on."),
});
/** Relevance weights. */
export type RelevanceWeights = z.infer<typeof relevanceWeightsSchema>;

/** The default relevance weights (they add up to 100). */
export const DEFAULT_RELEVANCE_WEIGHTS: RelevanceWeights = relevanceWeightsSchema.parse({});
