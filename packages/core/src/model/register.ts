import { z } from "zod";
import { activitySchema } from "./activity.js";
import { alertSchema } from "./alert.js";
import { groupSchema } from "./group.js";
import { personSchema } from "./person.js";
import { policySchema } from "./policy.js";
import { organisationProfileSchema } from "./profile.js";
import { reviewSchema } from "./review.js";

/** The register file: everything A.5.6 asks to be recorded, in one document. */
export const registerSchema = z
  .strictObject({
    $schema: z.string().optional().describe("JSON Schema reference, for editors."),
    organisation: organisationProfileSchema,
    people: z.array(personSchema).default([]).describe("People who own, review or take part."),
    groups: z.array(groupSchema).describe("The special interest groups."),
    activities: z.array(activitySchema).default([]).describe("Evidence of engagement."),
    alerts: z.array(alertSchema).default([]).describe("Intelligence received and its triage."),
    reviews: z.array(reviewSchema).default([]).describe("Register reviews."),
    policy: policySchema.default(() => policySchema.parse({})),
  })
  .describe("sigreg register: ISO/IEC 27001:2022 A.5.6 contact with special interest groups.");
/** A parsed, validated register. */
export type Register = z.infer<typeof registerSchema>;
/** A register as written in a file: dates as ISO strings, defaults omitted. */
export type RegisterInput = z.input<typeof registerSchema>;
