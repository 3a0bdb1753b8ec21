import { z } from "zod";
import { dateSchema, idSchema, textSchema } from "./common.js";

/** Decisions a review can take on a group. */
export const REVIEW_DECISIONS = ["keep", "retire", "change-owner", "change-cadence"] as const;

/** A recorded review of the register, or of some of its groups. */
export const reviewSchema = z
  .strictObject({
    date: dateSchema.describe("When the review took place."),
    reviewer: idSchema.describe("Person id of the reviewer."),
    scope: z
      .union([z.literal("all"), z.array(idSchema).min(1, "expected at least one group id")], {
        error: 'expected "all" or a list of group ids',
      })
      .default("all")
      .describe("`all`, or the ids of the groups reviewed."),
    notes: textSchema.optional().describe("Notes."),
    decisions: z
      .array(
        z.strictObject({
          group: idSchema.describe("Group id."),
          decision: z.enum(REVIEW_DECISIONS).describe("Decision."),
          note: textSchema.optional().describe("Why."),
        }),
      )
      .default([])
      .describe("Decisions taken."),
  })
  .describe("A register review.");
/** A register review. */
export type Review = z.infer<typeof reviewSchema>;
