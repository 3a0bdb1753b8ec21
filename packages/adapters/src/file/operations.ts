import { type OutboxMessage, PROFILE_ID, type StorageOperations } from "@sigreg/core";
import { byCodePoint } from "./order.js";
import type { WorkingCopy } from "./working-copy.js";

/** How operations reach each tenant's data. @internal */
export interface TenantAccess {
  /** The tenant's data for reading; `undefined` when the storage does not serve it (empty). */
  read(tenant: string): Promise<WorkingCopy | undefined>;
  /** The tenant's data for writing; throws when the storage does not serve it. */
  write(tenant: string): Promise<WorkingCopy>;
  /** The tenant's data if already at hand, else a read that takes no lock. */
  peek(tenant: string): Promise<WorkingCopy | undefined>;
  /** The tenant's outbox (without parsing its register when it can). */
  outboxOf(tenant: string): Promise<readonly OutboxMessage[]>;
  /** Every tenant that may have data, ordered by tenant id. */
  tenants(): Promise<string[]>;
}

const byId = (a: { id: string }, b: { id: string }) => byCodePoint(a.id, b.id);

/** The port's operations over an access to the tenants' data. @internal */
export function operationsOver(access: TenantAccess): StorageOperations {
  return {
    get: async ({ tenant, collection, id }) => (await access.read(tenant))?.get(collection, id),
    list: async ({ tenant, collection, after, limit }) =>
      (await access.read(tenant))?.list(collection, after, limit) ?? [],
    put: async ({ tenant, collection, id, data, expectedVersion }) =>
      (await access.write(tenant)).put(collection, id, data, expectedVersion),
    remove: async ({ tenant, collection, id, expectedVersion }) =>
      (await access.write(tenant)).remove(collection, id, expectedVersion),
    insertMany: async ({ tenant, collection, records }) => ({
      inserted: (await access.write(tenant)).insertMany(collection, records),
    }),
    async listTenants({ after, limit }) {
      const found: string[] = [];
      for (const tenant of await access.tenants()) {
        if (found.length >= limit) break;
        if (after !== undefined && byCodePoint(tenant, after) <= 0) continue;
        if ((await access.peek(tenant))?.table("profile").has(PROFILE_ID)) found.push(tenant);
      }
      return found;
    },
    lastEvidence: async ({ tenant }) => (await access.read(tenant))?.lastEvidence(),
    appendEvidence: async ({ tenant, entry }) => (await access.write(tenant)).appendEvidence(entry),
    listEvidence: async ({ tenant, afterSeq, limit }) =>
      (await access.read(tenant))?.listEvidence(afterSeq, limit) ?? [],
    async enqueue({ message }) {
      (await access.write(message.tenant)).changeOutbox().push(structuredClone(message));
    },
    async listOutbox({ status, after, limit }) {
      const messages: OutboxMessage[] = [];
      for (const tenant of await access.tenants())
        for (const message of await access.outboxOf(tenant))
          if (
            message.status === status &&
            (after === undefined || byCodePoint(message.id, after) > 0)
          )
            messages.push(message);
      return messages
        .sort(byId)
        .slice(0, Math.max(0, limit))
        .map((message) => structuredClone(message));
    },
    async updateOutbox({ id, status, attempts, lastError }) {
      for (const tenant of await access.tenants()) {
        if (!(await access.outboxOf(tenant)).some((message) => message.id === id)) continue;
        const message = (await access.write(tenant)).changeOutbox().find((m) => m.id === id);
        if (message === undefined) continue;
        message.status = status;
        message.attempts = attempts;
        if (lastError === undefined) delete message.lastError;
        else message.lastError = lastError;
        return;
      }
    },
  };
}
