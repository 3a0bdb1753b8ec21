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
import {
  evaluateInput,
  readEvaluationInput,
  type SigregTenant,
  type TenantEvaluateOptions,
  tenantApi,
} from "./tenant.js";
import type { CreateSigregOptions, SigregError } from "./types.js";
import { checkArguments, writeOptionsSchema } from "./validate.js";

/** The engine a platform embeds: one storage, many tenants. */
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
  /** Tenants that have a profile, in id order. */
  tenants(): AsyncIterable<string>;
  /** Evaluates every tenant, one at a time, so memory holds one tenant's data at once. */
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
   * @example
   * const report = await sigreg.deliver({ maxAttempts: 5 });
   */
  deliver(options?: DeliverOptions): Promise<DeliverReport>;
  /**
   * Reads open tickets' status back through the ticket notifiers' `status()` and records changes
   * on the alerts; a closed ticket closes the feedback loop.
   */
  syncTickets(options?: SyncTicketsOptions): Promise<SyncTicketsReport>;
  /**
   * Enqueues the review reminders and weekly digests due today, each once, for `deliver()` to send.
   * Run it daily (`sigreg notify`).
   */
  notify(options?: NotifyOptions): Promise<NotifyReport>;
  /** What would go out, without writing anything (`sigreg notify --dry-run`). */
  previewNotifications(options?: NotifyOptions): Promise<PlannedNotification[]>;
  /** The outbox, for operators: list messages by status, retry dead letters. */
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
 * @example
 * const sigreg = createSigreg({ storage: memoryStorage() });
 * const acme = sigreg.tenant("acme", { actor: "alice" });
 * await acme.importRegister("register.yaml");
 * const evaluation = await acme.evaluate({ asOf: new Date() });
 */
export function createSigreg(options: CreateSigregOptions): Sigreg {
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
  const names = new Set<string>();
  for (const notifier of notifiers) {
    if (names.has(notifier.name))
      throw new TypeError(
        `createSigreg: two notifiers are named "${notifier.name}"; give each a unique name`,
      );
    names.add(notifier.name);
  }
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
