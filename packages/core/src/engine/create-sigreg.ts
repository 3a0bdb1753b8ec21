import { type DeliverOptions, type DeliverReport, deliver } from "../deliver/deliver.js";
import {
  type NotifyOptions,
  type NotifyReport,
  notify,
  type PlannedNotification,
  previewNotifications,
  type ReadTenant,
} from "../deliver/notify.js";
import { type OutboxAdmin, outboxAdmin } from "../deliver/outbox-admin.js";
import { defaultRouter } from "../deliver/router.js";
import {
  type SyncTicketsOptions,
  type SyncTicketsReport,
  syncTickets,
} from "../deliver/tickets.js";
import { formatRegisterError } from "../errors.js";
import type { Evaluation } from "../evaluate/evaluate.js";
import { idSchema } from "../model/common.js";
import { RULE_IDS } from "../rules/ids.js";
import type { StorageAdapter } from "../storage/port.js";
import { streamTenants } from "../storage/stream.js";
import type { EngineContext } from "./context.js";
import { assertCreateSigregOptions } from "./engine-options.js";
import {
  checkEvaluateOptions,
  evaluateInput,
  readEvaluationInput,
  type SigregTenant,
  type TenantEvaluateOptions,
  tenantApi,
} from "./tenant.js";
import type { CreateSigregOptions, SigregError } from "./types.js";
import { checkArguments, writeOptionsSchema } from "./validate.js";

/**
 * The engine a platform embeds: one storage, many tenants.
 *
 * Its own calls check their options before anything is read or written: options of the wrong type
 * (`null`, a number or text where a mapping is expected, a count that is not a whole number of at
 * least 1, an `asOf` that is not a valid `Date`, a `tenant` that is not a tenant id, a `signal` that
 * is not an `AbortSignal`…) make the promise reject with a `TypeError` whose message names each
 * path (`sigreg.deliver options.batchSize: expected a whole number of at least 1, got number -1
 * [SCHEMA_MISMATCH]`); `evaluateAll` throws what `evaluate` throws (a `RangeError`).
 */
export interface Sigreg {
  /** The storage it runs on. */
  readonly storage: StorageAdapter;
  /**
   * The operations of one tenant; `actor` is who that handle's changes are attributed to.
   * @throws TypeError when `id` is not a valid id (text of letters, digits, `.`, `_`, `:`, `-`,
   * starting with a letter or digit: not empty, not `undefined`, not a number), or when `options`
   * is not a mapping or its `actor` is not text (programming errors: a tenant id comes from the
   * platform, not from a request body).
   */
  tenant(
    id: string,
    options?: {
      /** Who acts, recorded in the evidence log. */
      actor?: string;
    },
  ): SigregTenant;
  /** Tenants that have a profile, in id order. It takes no arguments. */
  tenants(): AsyncIterable<string>;
  /**
   * Evaluates every tenant, one at a time, so memory holds one tenant's data at once.
   * @throws RangeError (the first step of the iteration) as a tenant's `evaluate` does for options
   * it cannot use (no `options`, an `asOf` that is not a valid `Date`, a `policy`, `policy.rules`
   * or `weights` that is not a mapping), before any tenant is listed, also when there is none.
   */
  evaluateAll(options: TenantEvaluateOptions): AsyncIterable<
    | {
        /** The tenant's id. */
        tenant: string;
        /** Its evaluation. */
        evaluation: Evaluation;
      }
    | {
        /** The tenant's id. */
        tenant: string;
        /** Why it could not be evaluated. */
        error: SigregError;
      }
  >;
  /**
   * Delivers what the outbox holds: routes events to notifications and sends them, with leases so
   * that several workers can share one database, retries with backoff, and dead letters.
   * @throws TypeError (the promise rejects) before anything is claimed, when `options` is not a
   * mapping, `batchSize`, `maxAttempts` or `concurrency` is not a whole number of at least 1,
   * `maxBatches` is neither that nor `Infinity`, `leaseMs` is not a number of at least 1 or a
   * `backoff` delay not one of at least 0, `worker` is not non-empty text, `tenant` is not a tenant
   * id, `signal` is not an `AbortSignal` or `random` not a function.
   * @example
   * const report = await sigreg.deliver({ maxAttempts: 5 });
   */
  deliver(options?: DeliverOptions): Promise<DeliverReport>;
  /**
   * Reads open tickets' status back through the ticket notifiers' `status()` and records changes
   * on the alerts; a closed ticket closes the feedback loop.
   * @throws TypeError (the promise rejects) before anything is read, also without ticket
   * notifiers, when `options` is not a mapping, `tenant` is not a tenant id or `signal` is not an
   * `AbortSignal`.
   */
  syncTickets(options?: SyncTicketsOptions): Promise<SyncTicketsReport>;
  /**
   * Enqueues the review reminders and weekly digests due today, each once, for `deliver()` to send.
   * Run it daily (`sigreg notify`).
   * @throws TypeError (the promise rejects) before anything is read, when `options` is not a
   * mapping, `asOf` is not a valid `Date`, `tenant` is not a tenant id, or `reminders` or `digests`
   * is not `true` or `false`.
   */
  notify(options?: NotifyOptions): Promise<NotifyReport>;
  /**
   * What would go out, without writing anything (`sigreg notify --dry-run`).
   * @throws TypeError (the promise rejects) as `notify` does, before anything is read.
   */
  previewNotifications(options?: NotifyOptions): Promise<PlannedNotification[]>;
  /**
   * The outbox, for operators: list messages by status, retry dead letters; bad options reject
   * with a `TypeError` before anything is read or retried (see {@link OutboxAdmin}).
   */
  readonly outbox: OutboxAdmin;
  /** Creates or upgrades the storage schema (for adapters that have one). */
  migrate(): Promise<void>;
  /** Closes the storage. */
  close(): Promise<void>;
}

/** A value as an error message shows it: as JSON where it has a JSON form (`"acme"`, `42`, `null`). */
function shown(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Creates the sigreg engine over a storage adapter.
 * @throws TypeError when an option cannot be used, before the storage is touched, with one line
 * per problem naming its path: no `options`, no `storage` or one that is not a storage adapter (a
 * mapping with the storage port's methods), an `actor` that is not text, a `clock`, `router`,
 * `checkExtensions`, `onDiagnostic` or hook that is not a function, a `policy` or `weights` that is
 * not a mapping of valid values (the register file's schema), `plugins` or `notifiers` that are
 * not a list of plugins (`id`, `rules` with `id` and `check`) or notifiers (`name`, a known
 * `channel`, `send`), or two notifiers with one name.
 * @example
 * const sigreg = createSigreg({ storage: memoryStorage() });
 * const acme = sigreg.tenant("acme", { actor: "alice" });
 * await acme.importRegister("register.yaml");
 * const evaluation = await acme.evaluate({ asOf: new Date() });
 */
export function createSigreg(options: CreateSigregOptions): Sigreg {
  assertCreateSigregOptions(options);
  const pluginRules = (options.plugins ?? []).flatMap((plugin) =>
    (plugin.rules ?? []).map((rule) => ({ plugin: plugin.id, rule })),
  );
  const rules = pluginRules.map((entry) => entry.rule);
  const context: EngineContext = {
    storage: options.storage,
    clock: options.clock ?? (() => new Date()),
    actor: options.actor ?? "sigreg",
    policy: options.policy,
    weights: options.weights,
    rules,
    pluginRules,
    ruleIds: new Set([...RULE_IDS, ...rules.map((rule) => rule.id)]),
    checkExtensions: options.checkExtensions,
    hooks: options.hooks ?? {},
    onDiagnostic: options.onDiagnostic ?? (() => {}),
  };
  const checkTenantId = (id: string) => {
    if (!idSchema.safeParse(id).success)
      throw new TypeError(
        `sigreg.tenant: expected a tenant id of letters, digits, '.', '_', ':' or '-', got ${shown(id)}`,
      );
  };
  const tenant = (id: string, tenantOptions: { actor?: string } = {}) => {
    checkTenantId(id);
    const invalid = checkArguments("sigreg.tenant", [
      ["options", writeOptionsSchema, tenantOptions],
    ]);
    if (invalid !== undefined) throw new TypeError(formatRegisterError(invalid));
    return tenantApi(context, id, tenantOptions.actor ?? context.actor);
  };
  const notifiers = options.notifiers ?? [];
  const delivery = {
    storage: options.storage,
    clock: context.clock,
    notifiers,
    router: options.router ?? defaultRouter,
    engine: context,
  };
  const readTenant: ReadTenant = async (id, asOf) => {
    checkTenantId(id);
    // One read serves both the evaluation and the register the notifications are built from.
    const input = await readEvaluationInput(context, id);
    if (input.isErr()) return undefined;
    const { register } = input.value;
    const evaluation = await evaluateInput(context, id, input.value, { asOf });
    const dueSoonDays = options.policy?.dueSoonDays ?? register.policy.dueSoonDays;
    return { register, evaluation, dueSoonDays };
  };
  return {
    storage: options.storage,
    tenant,
    deliver: (deliverOptions) => deliver(delivery, deliverOptions),
    syncTickets: (syncOptions) => syncTickets(delivery, syncOptions),
    notify: (notifyOptions) => notify(delivery, readTenant, notifyOptions),
    previewNotifications: (notifyOptions) =>
      previewNotifications(delivery, readTenant, notifyOptions),
    outbox: outboxAdmin(options.storage),
    tenants: () => streamTenants(options.storage),
    async *evaluateAll(evaluateOptions) {
      // Before the first tenant is listed, and also when there is none.
      checkEvaluateOptions(evaluateOptions);
      for await (const id of streamTenants(options.storage)) {
        const result = await tenant(id).evaluate(evaluateOptions);
        yield result.isOk()
          ? { tenant: id, evaluation: result.value }
          : { tenant: id, error: result.error };
      }
    },
    migrate: async () => {
      await options.storage.migrate?.();
    },
    close: async () => {
      await options.storage.close?.();
    },
  };
}
