import type { OutboxMessage, OutboxStatus, StorageAdapter } from "../storage/port.js";

/** What an operator can do with the outbox: look at it and retry what was given up on. */
export interface OutboxAdmin {
  /** Messages in a status, across tenants (or of one), in id order. */
  list(options: {
    status: OutboxStatus;
    tenant?: string;
    after?: string;
    limit?: number;
  }): Promise<OutboxMessage[]>;
  /**
   * Makes dead letters due again with a fresh attempt count: the one with `id`, or every failed
   * message (of `tenant`, when given). Returns the ids retried; an id that is not a dead letter is
   * not retried.
   */
  retry(options: { id?: string; tenant?: string }): Promise<string[]>;
}

const PAGE = 500;

/** The outbox admin over a storage. @internal */
export function outboxAdmin(storage: StorageAdapter): OutboxAdmin {
  async function* all(status: OutboxStatus, after?: string): AsyncGenerator<OutboxMessage> {
    let cursor = after;
    for (;;) {
      const page = await storage.listOutbox({
        status,
        limit: PAGE,
        ...(cursor === undefined ? {} : { after: cursor }),
      });
      yield* page;
      if (page.length < PAGE) return;
      cursor = page.at(-1)?.id;
    }
  }
  return {
    async list({ status, tenant, after, limit = 100 }) {
      const found: OutboxMessage[] = [];
      for await (const message of all(status, after)) {
        if (found.length >= limit) break;
        if (tenant === undefined || message.tenant === tenant) found.push(message);
      }
      return found;
    },
    async retry({ id, tenant }) {
      const retried: string[] = [];
      for await (const message of all("failed")) {
        if (id !== undefined && message.id !== id) continue;
        if (tenant !== undefined && message.tenant !== tenant) continue;
        await storage.updateOutbox({
          id: message.id,
          status: "pending",
          attempts: 0,
          ...(message.lastError === undefined ? {} : { lastError: message.lastError }),
        });
        retried.push(message.id);
        if (id !== undefined) break;
      }
      return retried;
    },
  };
}
