import { z } from "zod";
import { severitySchema } from "./finding.js";

const days = (fallback: number, what: string) =>
  z
    .number()
    .int("expected a whole number of days")
    .positive("expected a positive number of days")
    .default(fallback)
    .describe(what);

/** Per-rule overrides: a different severity, or the rule switched off. */
export const ruleOverrideSchema = z.strictObject({
  severity: severitySchema.optional().describe("Severity to report instead of the rule's default."),
  enabled: z.boolean().default(true).describe("Set false to switch the rule off."),
});

/** Every threshold the rules use, with its default; each may be overridden in the register file. */
export const policySchema = z
  .strictObject({
    registerReviewDays: days(90, "Days after which the whole register must be reviewed again."),
    dueSoonDays: days(14, "Days before a review falls due when it counts as due soon."),
    groupReviewDays: days(365, "Days after which each group must have been reviewed again."),
    dormantAfterDays: days(180, "Days without activity or alert after which a group is dormant."),
    feedFailuresBeforeBroken: z
      .number()
      .int("expected a whole number of fetches")
      .positive("expected a positive number of fetches")
      .default(3)
      .describe("Failed fetches in a row after which a group's feed is broken."),
    feedBrokenAfterDays: days(
      7,
      "Days without a successful fetch, while fetches fail, after which a group's feed is broken.",
    ),
    ownerActivityDays: days(90, "Days within which each owner must record activity."),
    triageWithinDays: days(5, "Days within which a new alert must be triaged."),
    loopWindowDays: days(90, "Window in which information must have led to an action."),
    minRelevance: z
      .number()
      .min(0)
      .max(100)
      .default(30)
      .describe("Relevance score below which a group is flagged."),
    maxGroupsPerOwner: z
      .number()
      .int()
      .positive()
      .default(10)
      .describe("Most groups one person should own."),
    rules: z
      .record(z.string(), ruleOverrideSchema)
      .default({})
      .describe("Per-rule overrides, keyed by rule id."),
  })
  .describe("Thresholds of the rules.");
/** The rule thresholds. */
export type Policy = z.infer<typeof policySchema>;
/** Policy as written in a file or passed by a caller: every key optional. */
export type PolicyInput = z.input<typeof policySchema>;

/** The default policy. */
export const DEFAULT_POLICY: Policy = policySchema.parse({});
