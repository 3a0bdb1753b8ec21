import { z } from "zod";

/** Prefix of the link-check state documents' keys: `link:<group id>`. */
export const LINK_STATE_PREFIX = "link:";

/** The state document key of a group's website check. */
export function linkStateKey(groupId: string): string {
  return `${LINK_STATE_PREFIX}${groupId}`;
}

/** What the last check of a group's website found, as kept in the `link:<group id>` state document. */
export const linkStateSchema = z.looseObject({
  url: z.string().min(1, "expected the website URL that was checked"),
  lastCheckedAt: z.iso.datetime({ offset: true, error: "expected an ISO date-time" }),
  ok: z.boolean(),
  status: z.number().int().optional(),
  error: z.looseObject({ code: z.string(), message: z.string() }).optional(),
  consecutiveFailures: z.number().int().nonnegative(),
});

/** A parsed `link:<group id>` state document. */
export type LinkState = z.infer<typeof linkStateSchema>;
