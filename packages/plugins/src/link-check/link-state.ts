import { z } from "zod";

/** Prefix of the link-check state documents' keys: `link:<group id>`. */
export const LINK_STATE_PREFIX = "link:";

/** The state document key of a group's website check. */
export function linkStateKey(groupId: string): string {
  return `${LINK_STATE_PREFIX}${groupId}`;
}

/** What the last check of a group's website found, as kept in the `link:<group id>` state document. */
export const linkStateSchema = z.looseObject({
  url: z
    .string()
    .min(1, "expected the website URL that was checked")
    .describe("The website checked."),
  lastCheckedAt: z.iso
    .datetime({ offset: true, error: "expected an ISO date-time" })
    .describe("When it was last checked."),
  ok: z.boolean().describe("Whether it answered."),
  status: z.number().int().optional().describe("The HTTP status it answered with."),
  error: z
    .looseObject({
      code: z.string().describe("Stable error code, for example `FETCH_HTTP`."),
      message: z.string().describe("What went wrong, without secrets."),
    })
    .optional()
    .describe("Why it did not answer."),
  consecutiveFailures: z.number().int().nonnegative().describe("Failed checks in a row."),
});

/** A parsed `link:<group id>` state document. */
export type LinkState = z.infer<typeof linkStateSchema>;
