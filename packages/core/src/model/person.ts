import { z } from "zod";
import { dateSchema, idSchema, textSchema } from "./common.js";

/** A person who can own a group, record activity or review the register. */
export const personSchema = z
  .strictObject({
    id: idSchema,
    name: textSchema.describe("Full name."),
    email: z.email({ error: "expected an email address" }).optional().describe("Work email."),
    role: textSchema.optional().describe("Job title or role."),
    active: z
      .boolean()
      .default(true)
      .describe("Whether the person is still with the organisation."),
    leftOn: dateSchema.optional().describe("The day the person left, if they have."),
  })
  .describe("A person.");
/** A person. */
export type Person = z.infer<typeof personSchema>;
