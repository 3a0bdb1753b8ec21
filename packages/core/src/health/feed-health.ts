import { z } from "zod";

/** The last error a feed's fetch ended with, as the ingestion runner recorded it. */
export interface FeedError {
  /** Stable code, for example `FETCH_HTTP` or `FEED_PARSE`. */
  code: string;
  /** What went wrong, in one sentence (URLs already shown without secrets). */
  message: string;
  /** When it happened. */
  at?: Date;
}

/** How one of a group's feeds is doing, from the state the ingestion runner keeps. */
export interface FeedHealth {
  /** The group the feed belongs to. */
  groupId: string;
  /** The feed URL as listed in the group (may carry a token; never shown as is). */
  url: string;
  /** The last fetch that worked (a 304 counts). */
  lastSuccessAt?: Date;
  /** The newest item date seen in the feed. */
  lastItemAt?: Date;
  /** Fetches that have failed in a row since the last success. */
  consecutiveFailures: number;
  /** The last error, when the latest fetch failed. */
  lastError?: FeedError;
}

/** Prefix of the feed state documents' keys: `feed:<group id>:<feed url>`. */
export const FEED_STATE_PREFIX = "feed:";

const isoDate = z.iso
  .datetime({ offset: true, error: "expected an ISO date-time" })
  .transform((text) => new Date(text));

/**
 * The fields of a feed state document that group health reads; other fields (`conditional`,
 * `source`, `lastFetchedAt`…) are the ingestion runner's and are let through unread.
 */
export const feedStateSchema = z.looseObject({
  groupId: z
    .string()
    .min(1, "expected the group id")
    .describe("Id of the group the feed belongs to."),
  url: z.string().min(1, "expected the feed URL").describe("The feed's URL."),
  lastSuccessAt: isoDate.optional().describe("When the feed was last read successfully."),
  lastItemAt: isoDate.optional().describe("Date of the newest item the feed has published."),
  consecutiveFailures: z
    .number()
    .int("expected a whole number")
    .nonnegative("expected a count of 0 or more")
    .describe("Failed reads in a row since the last success."),
  lastError: z
    .looseObject({
      code: z.string().describe("Stable error code, for example `FEED_UNREACHABLE`."),
      message: z.string().describe("What went wrong, without secrets."),
      at: isoDate.optional().describe("When it happened."),
    })
    .optional()
    .describe("The last failure."),
});

/** A parsed feed state document as {@link FeedHealth}. */
export function feedHealthOf(state: z.infer<typeof feedStateSchema>): FeedHealth {
  return {
    groupId: state.groupId,
    url: state.url,
    consecutiveFailures: state.consecutiveFailures,
    ...(state.lastSuccessAt === undefined ? {} : { lastSuccessAt: state.lastSuccessAt }),
    ...(state.lastItemAt === undefined ? {} : { lastItemAt: state.lastItemAt }),
    ...(state.lastError === undefined
      ? {}
      : {
          lastError: {
            code: state.lastError.code,
            message: state.lastError.message,
            ...(state.lastError.at === undefined ? {} : { at: state.lastError.at }),
          },
        }),
  };
}
