import {
  applyUpdate,
  claimMessage,
  isClaimable,
  type OutboxMessage,
  PROFILE_ID,
  type StorageOperations,
  settleMessage,
} from "@sigreg/core";
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
  const messageOf = async (id: string): Promise<OutboxMessage | undefined> => {
    for (const tenant of await access.tenants())
      for (const message of await access.outboxOf(tenant)) if (message.id === id) return message;
    return undefined;
  };
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
    async enqueue({ message, ifAbsent }) {
      const outbox = (await access.write(message.tenant)).changeOutbox();
      if (outbox.some((queued) => queued.id === message.id)) {
        if (ifAbsent === true) return false;
        throw new Error(`file: outbox message ${message.id} is already enqueued`);
      }
      outbox.push(structuredClone(message));
      return true;
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
      const found = await messageOf(id);
      if (found === undefined) return;
      const outbox = (await access.write(found.tenant)).changeOutbox();
      const index = outbox.findIndex((message) => message.id === id);
      const message = outbox[index];
      if (message === undefined) return;
      outbox[index] = applyUpdate(message, {
        status,
        attempts,
        ...(lastError === undefined ? {} : { lastError }),
      });
    },
    async claimOutbox({ worker, now, leaseUntil, limit, tenant: only }) {
      // Candidates are read without a lock, then re-checked under the tenant's lock.
      const candidates: OutboxMessage[] = [];
      const tenants = only === undefined ? await access.tenants() : [only];
      for (const tenant of tenants)
        for (const message of await access.outboxOf(tenant))
          if (isClaimable(message, now)) candidates.push(message);
      // The first `limit` by id, locked tenant by tenant in tenant order like every transaction,
      // so that two processes claiming at once never wait on each other's locks in a circle.
      const chosen = candidates.sort(byId).slice(0, Math.max(0, limit));
      const locking = [...new Set(chosen.map((message) => message.tenant))].sort(byCodePoint);
      const claimed: OutboxMessage[] = [];
      for (const tenant of locking) {
        const outbox = (await access.write(tenant)).changeOutbox();
        for (const candidate of chosen) {
          if (candidate.tenant !== tenant) continue;
          const index = outbox.findIndex((message) => message.id === candidate.id);
          const message = outbox[index];
          if (message === undefined || !isClaimable(message, now)) continue;
          const leased = claimMessage(message, { worker, leaseUntil });
          outbox[index] = leased;
          claimed.push(structuredClone(leased));
        }
      }
      return claimed.sort(byId);
    },
    async settleOutbox(options) {
      const found = await messageOf(options.id);
      if (found === undefined) return false;
      const outbox = (await access.write(found.tenant)).changeOutbox();
      const index = outbox.findIndex((message) => message.id === options.id);
      const message = outbox[index];
      const settled = message === undefined ? undefined : settleMessage(message, options);
      if (settled === undefined) return false;
      outbox[index] = settled;
      return true;
    },
  };
}
