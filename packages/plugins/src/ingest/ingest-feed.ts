import type { Feed, Group, SigregError, SigregTenant } from "@sigreg/core";
import { err, ok, type Result } from "neverthrow";
import { displayUrl } from "../feed/display-url.js";
import type { AlertRelevanceWeights } from "../relevance/score-alert.js";
import { badResult, type PluginDiagnostic } from "../sdk/guard.js";
import type { PluginHost } from "../sdk/host.js";
import type {
  FeedItem,
  SafeFetcher,
  SourceError,
  SourceResult,
  SourceState,
} from "../sdk/types.js";
import { type IngestSummary, ingest } from "./ingest.js";

/** Input of {@link ingestFeed}. */
export interface IngestFeedInput {
  /** The tenant (it must have a profile). */
  tenant: SigregTenant;
  /** Registered plugins; the first source reading the feed's format is used. */
  host: PluginHost;
  /** The group. */
  group: Group;
  /** One of the group's feeds. */
  feed: Feed;
  /** The fetch function handed to the source (the safe fetcher). */
  fetch: SafeFetcher;
  /** What the source returned as `state` last time for this feed. */
  state?: SourceState;
  /** When this run happens. */
  now: Date;
  /** Routing threshold, 0–100. @default 50 */
  threshold?: number;
  /** Weights of the built-in relevance factors. */
  weights?: Partial<AlertRelevanceWeights>;
  /** Items dated (updated, else published) before this are ignored; undated items are kept. */
  since?: Date;
  /**
   * Stops the run (an {@link ingestAll} worker that lost its feed's lease): the source's read is
   * aborted, and once it has read nothing is stored; the result is an `ABORTED` error.
   */
  signal?: AbortSignal;
}

/** What reading and ingesting one feed gave: the summary and the state to keep for next time. */
export interface IngestFeedResult {
  /** What was stored. */
  summary: IngestSummary;
  /** The source's new state; persist it and pass it back next run. */
  state?: SourceState;
  /** Entries the source skipped as malformed. */
  problems: string[];
  /** The server answered 304 (conditional GET): nothing was read or stored. */
  notModified: boolean;
  /** Items left out because they are dated before `since`. */
  older: number;
  /** The newest date (updated, else published) among the items the source returned. */
  newestItemAt?: Date;
}

/** Why a feed could not be ingested: no source, a source error, a failing plugin, or storage. */
export type IngestFeedError =
  | {
      /** No registered plugin reads the feed's format. */
      code: "NO_SOURCE";
      /** The feed, as shown (without credentials or query). */
      feed: string;
      /** One sentence naming the feed and its format. */
      message: string;
    }
  | {
      /** `signal` was aborted: nothing was stored. */
      code: "ABORTED";
      /** The feed, as shown (without credentials or query). */
      feed: string;
      /** One sentence naming the feed and the reason. */
      message: string;
    }
  | SourceError
  | PluginDiagnostic
  | SigregError;

/**
 * Reads one feed of a group through the source registered for its format and ingests the items.
 * @example
 * const result = await ingestFeed({ tenant, host, group, feed: group.feeds[0], fetch, now: new Date() });
 */
export async function ingestFeed(
  input: IngestFeedInput,
): Promise<Result<IngestFeedResult, IngestFeedError>> {
  const { host, feed, group } = input;
  const entry = host.sourceFor(feed);
  if (entry === undefined)
    return err({
      code: "NO_SOURCE",
      feed: displayUrl(feed.url),
      message: `${displayUrl(feed.url)}: no registered plugin reads feeds of format "${feed.format}"`,
    });
  const profile = await input.tenant.profile.get();
  if (profile === undefined)
    return err({
      code: "NOT_FOUND",
      tenant: input.tenant.id,
      collection: "profile",
      id: "profile",
    });
  const aborted = () => {
    const reason = input.signal?.reason;
    return err({
      code: "ABORTED" as const,
      feed: displayUrl(feed.url),
      message: `${displayUrl(feed.url)}: stopped before storing anything${reason instanceof Error ? `: ${reason.message}` : ""}`,
    });
  };
  if (input.signal?.aborted) return aborted();
  const read = await host.call(entry.plugin, `sources.${entry.value.id}.read`, (signal) =>
    entry.value.read({
      fetch: input.fetch,
      group,
      feed,
      signal: input.signal === undefined ? signal : AbortSignal.any([signal, input.signal]),
      ...(input.state === undefined ? {} : { state: input.state }),
    }),
  );
  if (input.signal?.aborted) return aborted();
  if (read.isErr()) return err(read.error);
  const hook = `sources.${entry.value.id}.read`;
  const outcome = read.value as unknown;
  if (!isResult(outcome))
    return err(badResult(entry.plugin, hook, "something other than a neverthrow Result"));
  if (outcome.isErr()) return err(outcome.error);
  const found = outcome.value;
  if (found === null || typeof found !== "object" || !Array.isArray(found.items))
    return err(badResult(entry.plugin, hook, "a result without an `items` list"));
  const items =
    input.since === undefined ? found.items : found.items.filter(isRecentFor(input.since));
  const newest = newestDate(found.items);
  const stored = await ingest({
    tenant: input.tenant,
    group,
    feed: displayUrl(feed.url),
    items,
    profile: profile.value.organisation,
    receivedAt: input.now,
    host,
    ...(input.threshold === undefined ? {} : { threshold: input.threshold }),
    ...(input.weights === undefined ? {} : { weights: input.weights }),
  });
  if (stored.isErr()) return err(stored.error);
  return ok({
    summary: stored.value,
    problems: found.problems ?? [],
    notModified: found.notModified === true,
    older: found.items.length - items.length,
    ...(newest === undefined ? {} : { newestItemAt: newest }),
    ...(found.state === undefined ? {} : { state: found.state }),
  });
}

const dateOf = (item: FeedItem) => item.updated ?? item.published;

function isRecentFor(since: Date): (item: FeedItem) => boolean {
  return (item) => {
    const date = dateOf(item);
    return date === undefined || Number.isNaN(date.getTime()) || date >= since;
  };
}

function newestDate(items: readonly FeedItem[]): Date | undefined {
  let newest: Date | undefined;
  for (const item of items) {
    const date = dateOf(item);
    if (
      date !== undefined &&
      !Number.isNaN(date.getTime()) &&
      (newest === undefined || date > newest)
    )
      newest = date;
  }
  return newest;
}

function isResult(value: unknown): value is Result<SourceResult, SourceError> {
  return (
    value !== null &&
    typeof value === "object" &&
    typeof (value as { isErr?: unknown }).isErr === "function"
  );
}
