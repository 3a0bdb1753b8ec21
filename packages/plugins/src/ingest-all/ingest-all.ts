import { randomUUID } from "node:crypto";
import { type Feed, formatSigregError, type Group, type JsonObject } from "@sigreg/core";
import { builtinSources } from "../builtin.js";
import { displayUrl, redactUrlSecrets } from "../feed/display-url.js";
import { type IngestFeedError, type IngestFeedResult, ingestFeed } from "../ingest/ingest-feed.js";
import { DEFAULT_PLUGIN_TIMEOUT_MS } from "../sdk/guard.js";
import { createPluginHost, type PluginHost } from "../sdk/host.js";
import {
  claimFeedLease,
  type FeedLeaseTarget,
  keepFeedLease,
  releaseFeedLease,
} from "./feed-lease.js";
import { type FeedState, feedStateKey, loadFeedState } from "./feed-state.js";
import { feedConditionalStore, withConditionalStore } from "./state-conditional.js";
import type {
  FeedFailure,
  FeedOutcome,
  GroupIngestSummary,
  IngestAllOptions,
  IngestAllReport,
} from "./types.js";

const DEFAULT_LEASE_MS = 300_000;
/** `createFetcher`'s default `timeoutMs`. */
const DEFAULT_FETCH_TIMEOUT_MS = 30_000;
/** The longest delay a timer takes (2^31 - 1 ms); a longer one would fire at once. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * The time budget the default host gives one source read: the fetcher's `timeoutMs` plus the
 * usual plugin budget for parsing, so a slow feed ends with the fetcher's own `FETCH_TIMEOUT`
 * error (naming the feed and the limit) rather than a `PLUGIN_TIMEOUT`.
 */
export function sourceReadBudgetMs(fetchTimeoutMs: number = DEFAULT_FETCH_TIMEOUT_MS): number {
  return Math.min(fetchTimeoutMs + DEFAULT_PLUGIN_TIMEOUT_MS, MAX_TIMER_MS);
}

interface Job {
  tenant: string;
  group: Group;
  feed: Feed;
  summary: GroupIngestSummary;
}

interface FeedRun {
  outcome: FeedOutcome;
  result?: IngestFeedResult;
  failure?: { code: string; message: string };
}

/**
 * Reads every feed of every live group of every tenant (or of the one given) and ingests what
 * they publish. Each (tenant, feed) is claimed with a lease in the storage's state documents, so
 * several workers can share one database; the feed's state (conditional GET validators, the
 * source's state, last success, failures) is kept beside it. One feed's failure never stops the run.
 * @throws TypeError when `leaseMs`, `renewMs`, `minIntervalMs` or `fetchTimeoutMs` is not a sensible number of milliseconds.
 * @example
 * const report = await ingestAll({ sigreg, fetcher: createFetcher(), onProgress: console.log });
 */
export async function ingestAll(options: IngestAllOptions): Promise<IngestAllReport> {
  for (const [name, value, min] of [
    ["leaseMs", options.leaseMs, 1],
    ["minIntervalMs", options.minIntervalMs, 0],
    ["fetchTimeoutMs", options.fetchTimeoutMs, 1],
  ] as const)
    if (value !== undefined && !(Number.isFinite(value) && value >= min))
      throw new TypeError(
        `ingestAll: ${name} must be a number of milliseconds of at least ${min}, got ${value}`,
      );
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  if (
    options.renewMs !== undefined &&
    !(Number.isFinite(options.renewMs) && options.renewMs >= 1 && options.renewMs < leaseMs)
  )
    throw new TypeError(
      `ingestAll: renewMs must be a number of milliseconds of at least 1 and less than leaseMs (${leaseMs}), got ${options.renewMs}`,
    );
  const worker = options.worker ?? `ingest-${randomUUID()}`;
  const host = options.host ?? defaultHost(sourceReadBudgetMs(options.fetchTimeoutMs));
  const jobs = await plan(options, host);
  const total = jobs.length;
  options.onProgress?.({ type: "planned", total });
  const failures: FeedFailure[] = [];
  let done = 0;
  for (const job of jobs) {
    const run = await runFeed(job, options, host, worker, leaseMs);
    const { summary } = job;
    const shown = displayUrl(job.feed.url);
    const seen = run.result === undefined ? 0 : run.result.summary.seen + run.result.older;
    summary.seen += seen;
    summary.older += run.result?.older ?? 0;
    summary.created += run.result?.summary.created.length ?? 0;
    summary.updated += run.result?.summary.updated.length ?? 0;
    summary.relevant += run.result?.summary.relevant.length ?? 0;
    if (run.result !== undefined)
      summary.problems.push(
        ...run.result.problems,
        ...run.result.summary.skipped,
        ...run.result.summary.diagnostics.map((d) => d.message),
      );
    if (run.outcome === "not-modified") summary.notModified++;
    if (run.outcome === "leased") summary.leased++;
    if (run.outcome === "fresh") summary.fresh++;
    if (run.failure !== undefined) {
      summary.failures++;
      failures.push({ tenant: job.tenant, group: job.group.id, feed: shown, ...run.failure });
    }
    done++;
    options.onProgress?.({
      type: "feed",
      done,
      total,
      tenant: job.tenant,
      group: job.group.id,
      feed: shown,
      outcome: run.outcome,
      seen,
      created: run.result?.summary.created.length ?? 0,
      updated: run.result?.summary.updated.length ?? 0,
      ...(run.failure === undefined ? {} : { error: run.failure.message }),
    });
  }
  const groups = [...new Set(jobs.map((job) => job.summary))];
  return { worker, groups, failures };
}

function defaultHost(timeoutMs: number): PluginHost {
  const host = createPluginHost([builtinSources()], { timeoutMs });
  if (host.isErr()) throw new Error(host.error.message); // the built-ins always register
  return host.value;
}

/**
 * Lists the (tenant, group, feed) to read: live groups (membership not ended) with feeds. A feed of
 * format `other` (a web page for people, such as an advisory listing) is not read unless a
 * plugin's source reads that format.
 */
async function plan(options: IngestAllOptions, host: PluginHost): Promise<Job[]> {
  const tenants: string[] = [];
  if (options.tenant !== undefined) tenants.push(options.tenant);
  else for await (const id of options.sigreg.tenants()) tenants.push(id);
  const jobs: Job[] = [];
  for (const tenant of tenants) {
    for await (const { value: group } of options.sigreg.tenant(tenant).groups.list()) {
      if (options.group !== undefined && group.id !== options.group) continue;
      const feeds = group.feeds.filter(
        (feed) => feed.format !== "other" || host.sourceFor(feed) !== undefined,
      );
      if (group.membership?.status === "ended" || feeds.length === 0) continue;
      const summary: GroupIngestSummary = {
        tenant,
        group: group.id,
        feeds: feeds.length,
        seen: 0,
        created: 0,
        updated: 0,
        relevant: 0,
        failures: 0,
        notModified: 0,
        leased: 0,
        fresh: 0,
        older: 0,
        problems: [],
      };
      for (const feed of feeds) jobs.push({ tenant, group, feed, summary });
    }
  }
  return jobs;
}

async function runFeed(
  job: Job,
  options: IngestAllOptions,
  host: PluginHost,
  worker: string,
  leaseMs: number,
): Promise<FeedRun> {
  const clock = options.now ?? (() => new Date());
  const { storage } = options.sigreg;
  const target: FeedLeaseTarget = {
    storage,
    tenant: job.tenant,
    groupId: job.group.id,
    url: job.feed.url,
    owner: worker,
  };
  const secretFree = (text: string) => redactUrlSecrets(text, job.feed.url);
  const thrown = (error: unknown): FeedRun => ({
    outcome: "failed",
    failure: {
      code: "INGEST_THREW",
      message: secretFree(error instanceof Error ? error.message : String(error)),
    },
  });
  let claim: Awaited<ReturnType<typeof claimFeedLease>>;
  try {
    claim = await claimFeedLease(target, clock(), leaseMs);
  } catch (error) {
    return thrown(error);
  }
  if (claim.isErr())
    return claim.error.code === "LEASE_TAKEN"
      ? { outcome: "leased" }
      : { outcome: "failed", failure: claim.error };
  const keeper = keepFeedLease(target, claim.value, {
    leaseMs,
    renewMs: options.renewMs ?? Math.max(1, Math.floor(leaseMs / 3)),
    now: clock,
  });
  const leaseLost = (): FeedRun => ({
    outcome: "failed",
    failure: {
      code: "FEED_LEASE_LOST",
      message: `${displayUrl(job.feed.url)}: another worker took this feed over while it was being read (a renewal of the lease was refused); nothing more was stored and the state of this run was not kept`,
    },
  });
  try {
    const loaded = await loadFeedState(storage, job.tenant, job.group.id, job.feed.url);
    if (loaded.isErr()) return { outcome: "failed", failure: loaded.error };
    const { state, version } = loaded.value;
    const now = clock();
    const minIntervalMs = options.minIntervalMs ?? 60_000;
    if (
      state.lastFetchedAt !== undefined &&
      now.getTime() - Date.parse(state.lastFetchedAt) < minIntervalMs
    )
      return { outcome: "fresh" };
    const conditional = feedConditionalStore(job.feed.url, state.conditional);
    const result = await ingestFeed({
      tenant: options.sigreg.tenant(job.tenant),
      host,
      group: job.group,
      feed: job.feed,
      fetch: withConditionalStore(options.fetcher, conditional),
      now,
      ...(state.source === undefined ? {} : { state: state.source }),
      ...(options.since === undefined ? {} : { since: options.since }),
      ...(options.threshold === undefined ? {} : { threshold: options.threshold }),
      ...(options.weights === undefined ? {} : { weights: options.weights }),
      signal: keeper.signal,
    });
    await keeper.stop();
    if (keeper.lost) return leaseLost();
    const failure = result.isErr()
      ? { code: result.error.code, message: secretFree(messageOf(result.error)) }
      : undefined;
    const next = result.isOk()
      ? afterSuccess(state, result.value, conditional.pending, now)
      : afterFailure(state, failure as { code: string; message: string }, now);
    const written = await storage.putState({
      tenant: job.tenant,
      key: feedStateKey(job.group.id, job.feed.url),
      value: next as unknown as JsonObject,
      expectedVersion: version,
    });
    if (written.isErr())
      return {
        outcome: "failed",
        ...(result.isOk() ? { result: result.value } : {}),
        failure: {
          code: "FEED_STATE_CONFLICT",
          message: `${displayUrl(job.feed.url)}: another worker wrote this feed's state meanwhile (its lease of ${leaseMs} ms ran out?); the state of this run was not kept`,
        },
      };
    if (result.isErr()) return { outcome: "failed", ...(failure ? { failure } : {}) };
    return {
      outcome: result.value.notModified ? "not-modified" : "ingested",
      result: result.value,
    };
  } catch (error) {
    return thrown(error);
  } finally {
    await keeper.stop();
    await releaseFeedLease(target, keeper.held, clock()).catch(() => {
      // An unreleased lease only delays the next run until it expires.
    });
  }
}

function messageOf(error: IngestFeedError): string {
  return "message" in error && typeof error.message === "string"
    ? error.message
    : formatSigregError(error as Parameters<typeof formatSigregError>[0]);
}

function afterSuccess(
  state: FeedState,
  result: IngestFeedResult,
  conditional: FeedState["conditional"],
  now: Date,
): FeedState {
  const { lastError: _dropped, ...rest } = state;
  const newest = result.newestItemAt?.toISOString();
  const lastItemAt =
    newest !== undefined && (rest.lastItemAt === undefined || newest > rest.lastItemAt)
      ? newest
      : rest.lastItemAt;
  const source = result.state ?? rest.source;
  return {
    ...rest,
    lastFetchedAt: now.toISOString(),
    lastSuccessAt: now.toISOString(),
    ...(lastItemAt === undefined ? {} : { lastItemAt }),
    consecutiveFailures: 0,
    ...(conditional === undefined ? {} : { conditional }),
    ...(source === undefined ? {} : { source: source as JsonObject }),
  };
}

function afterFailure(
  state: FeedState,
  failure: { code: string; message: string },
  now: Date,
): FeedState {
  return {
    ...state,
    lastFetchedAt: now.toISOString(),
    consecutiveFailures: state.consecutiveFailures + 1,
    lastError: { ...failure, at: now.toISOString() },
  };
}
