import type { Router } from "../deliver/router.js";
import type { RegisterError } from "../errors.js";
import type { ExtensionCheck } from "../load/load-register.js";
import type { Finding } from "../model/finding.js";
import type { PolicyInput } from "../model/policy.js";
import type { Review } from "../model/review.js";
import type { Notifier } from "../notify/port.js";
import type { Rule } from "../rules/types.js";
import type { RelevanceWeights } from "../scoring/weights.js";
import type { Collection, StorageAdapter, StorageConflict } from "../storage/port.js";

/** A plugin as the engine sees it: its id and the rules it adds to every evaluation. */
export interface EnginePlugin {
  /** Plugin id, for messages. */
  id: string;
  /** Extra rules. */
  rules?: readonly Rule[];
}

/** A failure of a plugin's hook or rule, attributed to the plugin and the hook; the engine goes on. */
export interface EngineDiagnostic {
  /** Stable code, for example `PLUGIN_THREW` or `PLUGIN_TIMEOUT`. */
  code: string;
  /** Id of the plugin. */
  plugin: string;
  /** The hook that failed, for example `onFindings`, or `rules.<rule id>` for a rule. */
  hook: string;
  /** One sentence naming plugin and hook. */
  message: string;
}

/**
 * Hooks the engine calls after its own work, each returning the failures of the handlers it ran
 * (the plugin host of `@sigreg/plugins` provides them: `createSigreg({ ...host.engineOptions() })`).
 * They MUST NOT throw.
 */
export interface EngineHooks {
  /** After an evaluation, with its findings; the failures are in `evaluation.diagnostics`. */
  onFindings?(event: {
    tenant: string;
    findings: readonly Finding[];
  }): Promise<readonly EngineDiagnostic[]>;
  /** After a review was recorded (not when it was already stored). */
  onReviewRecorded?(event: {
    tenant: string;
    review: Review;
  }): Promise<readonly EngineDiagnostic[]>;
}

/**
 * Options of {@link createSigreg}, checked when the engine is created: one that cannot be used is a
 * `TypeError` naming its path (`createSigreg options.clock: expected a function, got number 42`).
 */
export interface CreateSigregOptions {
  /** Where the data lives: `memoryStorage()`, `sqliteStorage(…)`, `postgresStorage(…)`, `fileStorage(…)`… */
  storage: StorageAdapter;
  /**
   * The engine's clock, for evidence timestamps and default event dates. Rules never read it.
   * @default () => new Date()
   */
  clock?: () => Date;
  /** Policy overrides applied on top of each tenant's own policy when evaluating. */
  policy?: PolicyInput;
  /** Relevance weights used when evaluating. */
  weights?: Partial<RelevanceWeights>;
  /**
   * Plugins whose rules run in every evaluation. A rule that throws or returns something other
   * than a list of hits gives no hits and a diagnostic in `evaluation.diagnostics`.
   */
  plugins?: readonly EnginePlugin[];
  /**
   * Checks groups' plugin-defined `extensions` when a register is imported and when a group is
   * created or updated (`groups.create`, `groups.update`).
   */
  checkExtensions?: ExtensionCheck;
  /** Plugin hooks the engine calls (`onFindings`, `onReviewRecorded`). */
  hooks?: EngineHooks;
  /**
   * Receives the failures of hooks that have no result to carry them (`onReviewRecorded`).
   * @default ignore them
   */
  onDiagnostic?: (diagnostic: EngineDiagnostic) => void;
  /** Where notifications go: `slackNotifier(…)`, `emailNotifier(…)`, `jiraNotifier(…)`…, by unique `name`. */
  notifiers?: readonly Notifier[];
  /**
   * Who hears of which event.
   * @default defaultRouter: a recorded alert to its owner by email, to chat when high or critical, to tickets when critical, to every webhook
   */
  router?: Router;
  /**
   * Who changes are attributed to when a call names no actor.
   * @default "sigreg"
   */
  actor?: string;
}

/** Options of every write. */
export interface WriteOptions {
  /** Who makes the change, recorded in the evidence log; defaults to the tenant's or engine's actor. */
  actor?: string;
}

/** Options of a write to an existing record. */
export interface VersionedWriteOptions extends WriteOptions {
  /**
   * The version the caller read; the write returns `CONFLICT` if the record has changed since.
   * Without it the write applies to whatever version is current.
   */
  expectedVersion?: number;
}

/** An entity with the storage version it was read or written at. */
export interface Versioned<TValue> {
  /** Record id. */
  id: string;
  /** Version, for optimistic concurrency. */
  version: number;
  /** The entity. */
  value: TValue;
}

/** A record that was asked for does not exist. */
export interface NotFoundError {
  /** Always `NOT_FOUND`. */
  code: "NOT_FOUND";
  /** Tenant. */
  tenant: string;
  /** Collection. */
  collection: Collection;
  /** Id asked for. */
  id: string;
}

/** A record cannot be removed while others refer to it. */
export interface ReferencedError {
  /** Always `REFERENCED`. */
  code: "REFERENCED";
  /** Tenant. */
  tenant: string;
  /** Collection of the record. */
  collection: Collection;
  /** Id of the record. */
  id: string;
  /** One of the records that refers to it, as `collection/id`. */
  referencedBy: string;
}

/** What an engine call can fail with: bad input, a lost race, a missing or still-referenced record. */
export type SigregError = RegisterError | StorageConflict | NotFoundError | ReferencedError;
