import type {
  Alert,
  Exporter,
  Feed,
  Finding,
  Group,
  OrganisationProfile,
  Review,
  Rule,
} from "@sigreg/core";
import type { Result } from "neverthrow";
import type { z } from "zod";
import type { SafeFetcher as FetchModuleFetcher } from "../fetch/options.js";

/**
 * The fetch function a source is given: the safe fetcher of `@sigreg/plugins/fetch` (SSRF guard,
 * timeouts, size limit, conditional GET), or in tests one that reaches only a local server.
 * Sources MUST NOT call the global `fetch`.
 */
export type SafeFetcher = FetchModuleFetcher;

/** JSON a source keeps between runs (the caller persists it): plain data only. */
export type SourceState = { readonly [key: string]: unknown };

/** One item a source found in a feed, before it becomes an alert. */
export interface FeedItem {
  /** The item's stable id in its feed: guid, Atom id, JSON Feed id, CVE id, or else its link. */
  id: string;
  /** Title, entities decoded and whitespace trimmed; may be missing in a real feed. */
  title?: string;
  /** Link to the advisory or article. */
  link?: string;
  /** Summary or description as plain text. */
  summary?: string;
  /** When the item was first published. */
  published?: Date;
  /** When the item was last updated. */
  updated?: Date;
  /** Categories or tags as published (Atom `term`, RSS `category`). */
  categories: string[];
  /** Severity, when the source states one. */
  severity?: Alert["severity"];
  /** CVE ids the source states explicitly (more are extracted from the text when scoring). */
  cves?: string[];
  /** Affected products as `vendor/product` (CISA KEV `vendorProject`/`product`). */
  products?: string[];
  /** Remediation due date (CISA KEV). */
  dueDate?: Date;
  /** Known use in ransomware campaigns (CISA KEV). */
  ransomware?: boolean;
}

/** What a source is given for one fetch of one feed. */
export interface SourceContext {
  /** The fetch function to use for every request. */
  fetch: SafeFetcher;
  /** The group whose feed is read. */
  group: Group;
  /** The feed to read. */
  feed: Feed;
  /** What this source returned as `state` last time for this feed, if the caller kept it. */
  state?: SourceState;
  /** Aborted when the run's time budget is spent. */
  signal?: AbortSignal;
}

/** What a source found: the items, and a state to pass back next time. */
export interface SourceResult {
  /** Items to ingest; a source that tracks state returns only those new or changed since last time (ingest updates the alert of a changed one). */
  items: FeedItem[];
  /** State for the next run (for example the last catalog version seen); persist it as JSON. */
  state?: SourceState;
  /** Items in the document before any "new since last run" filtering. */
  total: number;
  /** Entries skipped as malformed, each naming the path inside the document and what was expected. */
  problems?: string[];
  /** The server answered 304: nothing changed since the last run, `items` is empty, `state` kept. */
  notModified?: boolean;
}

/** Why a source could not read a feed. */
export interface SourceError {
  /** Stable code; see `SOURCE_ERROR_CODES`. */
  code: string;
  /** The feed URL. */
  feed: string;
  /** What went wrong and what was expected, in one sentence. */
  message: string;
}

/** Fetches the items of a group's feed. */
export interface Source {
  /** Stable id of the source, e.g. `"feed"` or `"cisa-kev"`. */
  id: string;
  /** Feed formats (`group.feeds[].format`) this source reads. */
  formats: readonly Feed["format"][];
  /** Reads one feed. MUST use `context.fetch`; MUST NOT throw for a bad feed (return an error). */
  read(context: SourceContext): Promise<Result<SourceResult, SourceError>>;
}

/** What a scorer is given: one alert and what it is scored against. */
export interface ScorerInput {
  /** The alert (with `summary`, `products`, `cves`…). */
  alert: Alert;
  /** The group it came from. */
  group: Group;
  /** The organisation profile. */
  profile: OrganisationProfile;
}

/** One extra relevance factor a scorer adds. */
export interface ScorerFactor {
  /** How well the alert meets it, 0–1. */
  value: number;
  /** Its weight against the built-in factors (which weigh 1–3). */
  weight: number;
  /** Why, in one sentence. */
  reason: string;
}

/** An extra relevance factor for alerts. */
export interface Scorer {
  /** Stable id, used as the factor id. */
  id: string;
  /** Scores an alert; `undefined` when the factor does not apply to it. */
  score(input: ScorerInput): ScorerFactor | undefined;
}

/** What every hook is given besides its payload. */
export interface HookContext {
  /** Tenant the event happened in. */
  tenant: string;
  /** Aborted when the hook's time budget is spent. */
  signal: AbortSignal;
}

/** A hook handler, or an object that also says when it runs relative to other plugins'. */
export type HookHandler<TPayload> =
  | ((payload: TPayload, context: HookContext) => void | Promise<void>)
  | {
      /** `pre` runs before plugins without an order, `post` after; ties keep registration order. */
      order?: "pre" | "post";
      /** The handler. */
      handler: (payload: TPayload, context: HookContext) => void | Promise<void>;
    };

/** Payloads of the hooks. */
export interface HookPayloads {
  /** An alert was created or updated by ingestion. */
  onAlert: {
    /** The alert as stored. */
    alert: Alert;
    /** `true` when it is new, `false` when an existing alert was updated. */
    created: boolean;
  };
  /** An evaluation produced findings. */
  onFindings: {
    /** The evaluation's findings, most severe first. */
    findings: readonly Finding[];
  };
  /** A review was recorded. */
  onReviewRecorded: {
    /** The review as recorded. */
    review: Review;
  };
}

/** Name of a hook. */
export type HookName = keyof HookPayloads;

/** Hooks a plugin may implement. */
export type PluginHooks = { [TName in HookName]?: HookHandler<HookPayloads[TName]> };

/** A sigreg plugin: a plain object, usually returned by a factory. */
export interface SigregPlugin {
  /** Unique, stable id, e.g. `"acme-rules"`. */
  id: string;
  /** The plugin's own version (semver). */
  version: string;
  /** The plugin API version it was written for; see `PLUGIN_API_VERSION`. */
  apiVersion: number;
  /** Sources that read group feeds. */
  sources?: readonly Source[];
  /** Extra rules, run after the built-in ones with the same contract. */
  rules?: readonly Rule[];
  /** Extra relevance factors for alerts. */
  scorers?: readonly Scorer[];
  /** New export formats. */
  exporters?: readonly Exporter[];
  /** Zod schemas of `group.extensions` fields, keyed by field name, checked when a register loads. */
  schemas?: Readonly<Record<string, z.ZodType>>;
  /** Hooks called on ingestion, evaluation and review events. */
  hooks?: PluginHooks;
}
