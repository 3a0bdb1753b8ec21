import type { JsonObject, StorageAdapter } from "@sigreg/core";
import { err, ok, type Result } from "neverthrow";
import { z } from "zod";
import type { ConditionalState } from "../fetch/conditional.js";
import { displayUrl } from "../fetch/errors.js";

/** The last failure of a feed, as kept in its state; the message holds no secret. */
export interface FeedStateError {
  /** Stable code, such as `FEED_HTTP_ERROR`. */
  code: string;
  /** What went wrong, naming the feed by its display URL. */
  message: string;
  /** When it happened (ISO date-time). */
  at: string;
}

/** What sigreg keeps about one feed of a group between runs, under {@link feedStateKey}. */
export interface FeedState {
  /** The group the feed belongs to. */
  groupId: string;
  /** The feed URL, as written in the register. */
  url: string;
  /** When the feed was last fetched, successfully or not (ISO date-time). */
  lastFetchedAt?: string;
  /** When the feed was last read and ingested without error (ISO date-time). */
  lastSuccessAt?: string;
  /** The newest item date seen in the feed (ISO date-time). */
  lastItemAt?: string;
  /** Failures since the last success. */
  consecutiveFailures: number;
  /** The last failure, while the feed keeps failing. */
  lastError?: FeedStateError;
  /** The validators of the last successful answer, for conditional GET. */
  conditional?: ConditionalState;
  /** The source's own state (for KEV: the catalog version and the CVEs seen). */
  source?: JsonObject;
}

/** A worker's claim on a feed, under {@link feedLeaseKey}. */
export interface FeedLease {
  /** The worker holding it. */
  owner: string;
  /** When the claim ends (ISO date-time); at or after it, anyone may claim the feed. */
  until: string;
}

/** The state document key of a group's feed: `feed:<group id>:<feed url>`. */
export function feedStateKey(groupId: string, url: string): string {
  return `feed:${groupId}:${url}`;
}

/** The lease document key of a group's feed: `lease:feed:<group id>:<feed url>`. */
export function feedLeaseKey(groupId: string, url: string): string {
  return `lease:${feedStateKey(groupId, url)}`;
}

const isoSchema = z.iso.datetime({ offset: true });

const feedStateSchema = z.looseObject({
  groupId: z.string(),
  url: z.string(),
  lastFetchedAt: isoSchema.optional(),
  lastSuccessAt: isoSchema.optional(),
  lastItemAt: isoSchema.optional(),
  consecutiveFailures: z.number().int().nonnegative(),
  lastError: z.looseObject({ code: z.string(), message: z.string(), at: isoSchema }).optional(),
  conditional: z
    .looseObject({ etag: z.string().optional(), lastModified: z.string().optional() })
    .optional(),
  source: z.record(z.string(), z.unknown()).optional(),
});

const feedLeaseSchema = z.looseObject({ owner: z.string(), until: isoSchema });

/** A state document that is not what sigreg wrote, naming the tenant, the key and the path. */
export interface FeedStateInvalid {
  /** Always `FEED_STATE_INVALID`. */
  code: "FEED_STATE_INVALID";
  /** The tenant. */
  tenant: string;
  /** The document's key, its feed URL shown through `displayUrl` (no credential, no query). */
  key: string;
  /** What is wrong: the path inside the document and what was expected. */
  message: string;
}

/** A feed's state (or a fresh one) and the version to write it back at (0: none stored yet). */
export interface LoadedFeedState {
  /** The state. */
  state: FeedState;
  /** The stored version. */
  version: number;
}

/** Reads a feed's state document; a document of the wrong shape is an error naming the path. */
export async function loadFeedState(
  storage: StorageAdapter,
  tenant: string,
  groupId: string,
  url: string,
): Promise<Result<LoadedFeedState, FeedStateInvalid>> {
  const key = feedStateKey(groupId, url);
  const doc = await storage.getState({ tenant, key });
  if (doc === undefined) return ok({ state: { groupId, url, consecutiveFailures: 0 }, version: 0 });
  const parsed = feedStateSchema.safeParse(doc.value);
  if (!parsed.success)
    return err(invalid(tenant, feedStateKey(groupId, displayUrl(url)), parsed.error));
  return ok({ state: parsed.data as FeedState, version: doc.version });
}

/** Reads a lease document; undefined when there is none. */
export async function loadFeedLease(
  storage: StorageAdapter,
  tenant: string,
  groupId: string,
  url: string,
): Promise<
  Result<
    | {
        /** The lease document. */
        lease: FeedLease;
        /** Its version, for the compare-and-set that takes or releases it. */
        version: number;
      }
    | undefined,
    FeedStateInvalid
  >
> {
  const doc = await storage.getState({ tenant, key: feedLeaseKey(groupId, url) });
  if (doc === undefined) return ok(undefined);
  const parsed = feedLeaseSchema.safeParse(doc.value);
  if (!parsed.success)
    return err(invalid(tenant, feedLeaseKey(groupId, displayUrl(url)), parsed.error));
  return ok({ lease: parsed.data, version: doc.version });
}

function invalid(tenant: string, key: string, error: z.ZodError): FeedStateInvalid {
  const issue = error.issues[0];
  const path = issue === undefined || issue.path.length === 0 ? "(document)" : issue.path.join(".");
  return {
    code: "FEED_STATE_INVALID",
    tenant,
    key,
    message: `tenant ${tenant}: state document "${key}": ${path}: ${issue?.message ?? "invalid"}`,
  };
}
