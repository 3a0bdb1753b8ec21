import { z } from "zod";

/** Audit severities, most severe first: major/minor nonconformity, observation, opportunity for improvement. */
export const SEVERITIES = ["major", "minor", "observation", "opportunity"] as const;
/** An audit severity. */
export const severitySchema = z.enum(SEVERITIES);
/** One of {@link SEVERITIES}. */
export type Severity = z.infer<typeof severitySchema>;

/** What a finding is about. */
export const SUBJECT_TYPES = ["register", "group", "person", "alert"] as const;

/** A finding: one gap, with what to do about it and the controls it evidences. */
export const findingSchema = z.object({
  ruleId: z.string().describe("Id of the rule that produced it."),
  severity: severitySchema,
  subject: z
    .object({
      /** Kind of record it is about. */
      type: z.enum(SUBJECT_TYPES),
      /** Id of that record. */
      id: z.string(),
    })
    .describe("What it is about."),
  message: z.string().describe("What is wrong, in one sentence."),
  remediation: z.string().describe("What to do about it."),
  controls: z.array(z.string()).describe("Controls it evidences, e.g. ISO27001:2022/A.5.6."),
});
/** A finding. */
export type Finding = z.infer<typeof findingSchema>;

/** Rank of a severity: 0 for major, 3 for opportunity. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}
