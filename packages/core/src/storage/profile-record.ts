import { z } from "zod";
import { policySchema } from "../model/policy.js";
import { organisationProfileSchema } from "../model/profile.js";

/** What a tenant's `profile` record holds: the organisation profile and the register's policy. */
export const profileRecordSchema = z.strictObject({
  organisation: organisationProfileSchema,
  policy: policySchema.default(() => policySchema.parse({})),
});
/** A tenant's profile record. */
export type ProfileRecord = z.infer<typeof profileRecordSchema>;
