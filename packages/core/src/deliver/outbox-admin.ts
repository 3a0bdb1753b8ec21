import { z } from "zod";
import { assertArguments, countSchema } from "../engine/validate.js";
import { idSchema } from "../model/common.js";
import type { OutboxMessage, OutboxStatus, StorageAdapter } from "../storage/port.js";

/**
 * What an operator can do with the outbox: look at it and retry what was given up on. Options of
 * the wrong type (none at all, `null`, a `status` other than `pending`, `sent` or `failed`, a
 * `limit` that is not a whole number of at least 1, an `id` or `after` that is not text, a `tenant`
 * that is not a tenant id) reject with a `TypeError` naming them, before anything is read or
 * retried.
 */
export interface OutboxAdmin {
  /** Messages in a status, across tenants (or of one), in id order; at most `limit` (100). */
  list(options: {
    status: OutboxStatus;
    tenant?: string;
    after?: string;
    limit?: number;
  }): Promise<OutboxMessage[]>;
  /**
   * Makes dead letters due again with a fresh attempt count: the one with `id`, or every failed
   * message (of `tenant`, when given). Returns the ids retried; an id that is not a dead letter is
   * not retried. `options` are required: `retry({})` retries every dead letter, `retry("id")`
   * rejects (`options: expected a mapping`) rather than retrying them all.
   */
  retry(options: { id?: string; tenant?: string }): Promise<string[]>;
}

const PAGE = 500;

const OUTBOX_STATUSES = ["failed", "pending", "sent"] as const satisfies readonly OutboxStatus[];

const listOptionsSchema = z.object({
  status: z.enum(OUTBOX_STATUSES),
  tenant: idSchema.optional(),
  after: z.string().optional(),
  limit: countSchema(1).optional(),
});

// Strict: a misspelt key (`{ ID: "x" }`) must not read as `{}`, which retries every dead letter.
const retryOptionsSchema = z.strictObject({
  id: z.string().optional(),
  tenant: idSchema.optional(),
});

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
    async list(options) {
      assertArguments("sigreg.outbox.list", [["options", listOptionsSchema, options]]);
      const { status, tenant, after, limit = 100 } = options;
      const found: OutboxMessage[] = [];
      for await (const message of all(status, after)) {
        if (found.length >= limit) break;
        if (tenant === undefined || message.tenant === tenant) found.push(message);
      }
      return found;
    },
    async retry(options) {
      // Checked first: options that are not a mapping must not be read as "every dead letter".
      assertArguments("sigreg.outbox.retry", [["options", retryOptionsSchema, options]]);
      const { id, tenant } = options;
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
