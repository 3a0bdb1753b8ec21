import { randomUUID } from "node:crypto";
import { err, ok, type Result } from "neverthrow";
import { chainEvidence, type EvidenceDraft, recordDigest } from "../storage/evidence.js";
import type {
  Collection,
  JsonObject,
  StorageConflict,
  StorageOperations,
  StoredRecord,
} from "../storage/port.js";
import type { EngineContext } from "./context.js";
import type { SigregError } from "./types.js";

/**
 * Writes made through a {@link Writer} are recorded: each one appends an evidence entry and an
 * outbox message in the same transaction as the change.
 * @internal
 */
export interface Writer {
  /** The transaction, for reads. */
  tx: StorageOperations;
  put(
    collection: Collection,
    id: string,
    data: JsonObject,
    expectedVersion: number,
    action: string,
    before: JsonObject | null,
  ): Promise<Result<StoredRecord, StorageConflict>>;
  remove(
    collection: Collection,
    id: string,
    expectedVersion: number,
    action: string,
    before: JsonObject,
  ): Promise<Result<void, StorageConflict>>;
  insertMany(
    collection: Collection,
    records: ReadonlyArray<{ id: string; data: JsonObject }>,
    action: string,
  ): Promise<string[]>;
  /** Vouches for records' current digests (`null`: removed) without writing them. */
  attest(collection: Collection, records: JsonObject, count: number): void;
}

const MAX_ATTEMPTS = 100;

class Abort {
  constructor(readonly error: SigregError) {}
}
class ChainRace {}

/**
 * Runs `work` in a transaction and appends its evidence there. A write that loses the race for the
 * next evidence number is retried from the start (re-reading everything), so concurrent writers of
 * one tenant serialise on the chain; a record-level conflict is the caller's to handle and is
 * returned, rolling back everything `work` wrote.
 * @internal
 */
export async function commit<T>(
  context: EngineContext,
  tenant: string,
  actor: string,
  work: (writer: Writer) => Promise<Result<T, SigregError>>,
): Promise<Result<T, SigregError>> {
  for (let attempt = 1; ; attempt++) {
    try {
      const value = await context.storage.transaction(async (tx) => {
        const drafts: EvidenceDraft[] = [];
        const at = context.clock().toISOString();
        const draft = (
          action: string,
          collection: Collection,
          id: string,
          before: JsonObject | null,
          after: JsonObject | null,
        ) => drafts.push({ at, actor, action, subject: { collection, id }, before, after });
        const writer: Writer = {
          tx,
          async put(collection, id, data, expectedVersion, action, before) {
            const written = await tx.put({ tenant, collection, id, data, expectedVersion });
            if (written.isOk()) draft(action, collection, id, before, data);
            return written;
          },
          async remove(collection, id, expectedVersion, action, before) {
            const removed = await tx.remove({ tenant, collection, id, expectedVersion });
            if (removed.isOk()) draft(action, collection, id, before, null);
            return removed;
          },
          async insertMany(collection, records, action) {
            if (records.length === 0) return [];
            const { inserted } = await tx.insertMany({ tenant, collection, records });
            if (inserted.length === 0) return inserted;
            const byId = new Map(records.map((record) => [record.id, record.data]));
            const digests: JsonObject = {};
            for (const id of inserted) digests[id] = recordDigest(byId.get(id) as JsonObject);
            draft(action, collection, "*", null, { count: inserted.length, records: digests });
            return inserted;
          },
          attest(collection, records, count) {
            draft("state.attest", collection, "*", null, { count, records });
          },
        };
        const result = await work(writer);
        if (result.isErr()) throw new Abort(result.error);
        let previous = await tx.lastEvidence({ tenant });
        for (const next of drafts) {
          const entry = chainEvidence(previous, next);
          const appended = await tx.appendEvidence({ tenant, entry });
          if (appended.isErr()) throw new ChainRace();
          await tx.enqueue({
            message: {
              id: outboxId(),
              tenant,
              topic: entry.action,
              payload: { seq: entry.seq, subject: entry.subject, actor, at },
              createdAt: at,
              status: "pending",
              attempts: 0,
            },
          });
          previous = entry;
        }
        return result.value;
      });
      return ok(value);
    } catch (error) {
      if (error instanceof Abort) return err(error.error);
      if (!(error instanceof ChainRace) || attempt >= MAX_ATTEMPTS) throw error;
      await pause(attempt);
    }
  }
}

let sequence = 0;
/** Sortable and unique: time, then a per-process counter, then randomness. */
function outboxId(): string {
  sequence = (sequence + 1) % 1_679_616;
  return `${Date.now().toString(36).padStart(9, "0")}-${sequence.toString(36).padStart(4, "0")}-${randomUUID().slice(0, 8)}`;
}

function pause(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(50, attempt * 2);
  return new Promise((resolve) => setTimeout(resolve, ms));
}
