import type { Sigreg } from "@sigreg/core";
import type { AlertRelevanceWeights } from "../relevance/score-alert.js";
import type { PluginHost } from "../sdk/host.js";
import type { SafeFetcher } from "../sdk/types.js";

/** Options of {@link ingestAll}. */
export interface IngestAllOptions {
  /** The engine: its tenants are read and its storage keeps feed state and leases. */
  sigreg: Sigreg;
  /** The safe fetcher, created without a conditional store of its own (feed state provides it). */
  fetcher: SafeFetcher;
  /**
   * The fetcher's time limit of one request, in ms: the `timeoutMs` it was created with. The
   * default host gives a source read this plus 5 s (`sourceReadBudgetMs`), so a slow feed fails
   * with the fetcher's own `FETCH_TIMEOUT` rather than the plugin budget's `PLUGIN_TIMEOUT`. Not
   * used when `host` is given: that host's own `timeoutMs` bounds each read.
   * @default 30_000 (`createFetcher`'s default)
   */
  fetchTimeoutMs?: number;
  /**
   * Registered plugins whose sources read the feeds; give it a `timeoutMs` above the fetcher's.
   * @default a host with `builtinSources()` only, and a budget of `sourceReadBudgetMs(fetchTimeoutMs)`
   */
  host?: PluginHost;
  /** Only this tenant. @default every tenant of the engine */
  tenant?: string;
  /** Only this group id (in every tenant that has it). */
  group?: string;
  /** Items dated before this are ignored; undated items are kept. */
  since?: Date;
  /** This worker's id, recorded in the leases it takes; unique per process. @default `ingest-<random UUID>` */
  worker?: string;
  /**
   * How long a claim on a feed lasts, in ms. The worker renews it every `renewMs` while it reads
   * the feed, so this only bounds how long a crashed worker's feed stays blocked. @default 300_000
   */
  leaseMs?: number;
  /**
   * How often (real time, ms) a held lease is renewed to `now + leaseMs` while its feed is fetched
   * and ingested; less than `leaseMs`. A renewal refused because another worker took the feed over
   * stops this worker's run of that feed before it stores anything (`FEED_LEASE_LOST`).
   * @default leaseMs / 3
   */
  renewMs?: number;
  /**
   * A feed fetched (by any worker) less than this long ago, in ms, is skipped as fresh: it is what
   * makes several workers starting together read each feed once per round. @default 60_000
   */
  minIntervalMs?: number;
  /** The clock, for leases and feed state. @default () => new Date() */
  now?: () => Date;
  /** Routing threshold of the alerts, 0–100. @default 50 */
  threshold?: number;
  /** Weights of the built-in relevance factors. */
  weights?: Partial<AlertRelevanceWeights>;
  /** Called once the feeds to read are listed, then after each feed. */
  onProgress?: (event: IngestProgress) => void;
}

/** What happened to one feed in a run. */
export type FeedOutcome = "ingested" | "not-modified" | "failed" | "leased" | "fresh";

/** A progress event of {@link ingestAll}. */
export type IngestProgress =
  | {
      /** The feeds to read are listed. */
      type: "planned";
      /** How many (tenant, group, feed) there are. */
      total: number;
    }
  | {
      /** One feed is done. */
      type: "feed";
      /** Feeds done so far, this one included. */
      done: number;
      /** Feeds in the run. */
      total: number;
      /** The tenant. */
      tenant: string;
      /** The group id. */
      group: string;
      /** The feed URL, without credential or query. */
      feed: string;
      /** What happened. */
      outcome: FeedOutcome;
      /** Items the source returned. */
      seen: number;
      /** Alerts created. */
      created: number;
      /** Alerts updated. */
      updated: number;
      /** Why it failed, when it did (no secret). */
      error?: string;
    };

/** What a run did for one group of one tenant. */
export interface GroupIngestSummary {
  /** The tenant. */
  tenant: string;
  /** The group id. */
  group: string;
  /** Feeds of the group in the run. */
  feeds: number;
  /** Items the sources returned (those older than `since` included). */
  seen: number;
  /** Alerts created. */
  created: number;
  /** Alerts whose content was updated. */
  updated: number;
  /** Alerts created or updated that reached the routing threshold. */
  relevant: number;
  /** Feeds that failed. */
  failures: number;
  /** Feeds that answered 304 Not Modified. */
  notModified: number;
  /** Feeds skipped because another worker held their lease. */
  leased: number;
  /** Feeds skipped because they were fetched less than `minIntervalMs` ago. */
  fresh: number;
  /** Items ignored as older than `since`. */
  older: number;
  /**
   * What was read but not stored or not run cleanly: entries a source skipped as malformed, items
   * that could not become a valid alert, and plugin scorers or hooks that failed.
   */
  problems: string[];
}

/** A feed that failed, with a message free of secrets. */
export interface FeedFailure {
  /** The tenant. */
  tenant: string;
  /** The group id. */
  group: string;
  /** The feed URL, without credential or query. */
  feed: string;
  /** Stable code, such as `FEED_HTTP_ERROR` or `FEED_STATE_INVALID`. */
  code: string;
  /** What went wrong. */
  message: string;
}

/** What {@link ingestAll} did. */
export interface IngestAllReport {
  /** The worker id used for the leases. */
  worker: string;
  /** One entry per group with feeds, in tenant then group order. */
  groups: GroupIngestSummary[];
  /** The feeds that failed. */
  failures: FeedFailure[];
}
