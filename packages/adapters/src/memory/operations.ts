import {
  applyUpdate,
  claimMessage,
  type EvidenceEntry,
  isClaimable,
  type JsonObject,
  type OutboxMessage,
  type RecordKey,
  type StorageConflict,
  type StorageOperations,
  type StoredRecord,
  settleMessage,
} from "@sigreg/core";
import { err, ok } from "neverthrow";
import type { RecordRow } from "./layer.js";
import type { View } from "./view.js";

/** How operations reach the data: reads run at once, writes as one all-or-nothing step. @internal */
export interface ViewAccess {
  /** The adapter's name, for messages. */
  name: string;
  /** Runs a read on the current view. */
  read<T>(operation: (view: View) => T): Promise<T>;
  /** Runs a write on a view whose changes commit together (or not at all, when it throws). */
  write<T>(operation: (view: View) => T): Promise<T>;
}

/**
 * The port's operations over in-memory views. Everything stored is JSON text, so what goes in is
 * copied and what comes out is a fresh object.
 * @internal
 */
export function memoryOperations({ name, read, write }: ViewAccess): StorageOperations {
  return {
    get: (key) =>
      read((view) => {
        const row = view.record(key.tenant, key.collection, key.id);
        return row === undefined ? undefined : toRecord(key, row);
      }),
    list: ({ tenant, collection, after, limit }) =>
      read((view) =>
        take(view.records(tenant, collection, after), limit).map(([id, row]) =>
          toRecord({ tenant, collection, id }, row),
        ),
      ),
    put: (options) =>
      write((view) => {
        const { tenant, collection, id, expectedVersion } = options;
        const actual = view.record(tenant, collection, id)?.version ?? 0;
        if (actual !== expectedVersion) return err(conflict(options, actual));
        const row = { version: expectedVersion + 1, json: JSON.stringify(options.data) };
        view.setRecord(tenant, collection, id, row);
        return ok(toRecord(options, row));
      }),
    remove: (options) =>
      write((view) => {
        const { tenant, collection, id, expectedVersion } = options;
        const actual = view.record(tenant, collection, id)?.version ?? 0;
        if (actual === 0 || actual !== expectedVersion) return err(conflict(options, actual));
        view.setRecord(tenant, collection, id, null);
        return ok(undefined);
      }),
    insertMany: ({ tenant, collection, records }) =>
      write((view) => {
        const inserted: string[] = [];
        const seen = new Set<string>();
        for (const { id, data } of records) {
          if (seen.has(id)) continue;
          seen.add(id);
          if (view.record(tenant, collection, id) !== undefined) continue;
          view.setRecord(tenant, collection, id, { version: 1, json: JSON.stringify(data) });
          inserted.push(id);
        }
        return { inserted };
      }),
    listTenants: ({ after, limit }) => read((view) => take(view.tenants(after), limit)),
    lastEvidence: ({ tenant }) => read((view) => parseEntry(view.lastEvidence(tenant))),
    appendEvidence: ({ tenant, entry }) =>
      write((view) => {
        if (view.evidence(tenant, entry.seq) !== undefined) {
          const taken: StorageConflict = {
            code: "CONFLICT",
            tenant,
            collection: "evidence",
            id: String(entry.seq),
            expectedVersion: 0,
          };
          return err(taken);
        }
        view.appendEvidence(tenant, entry.seq, JSON.stringify(entry));
        return ok(undefined);
      }),
    listEvidence: ({ tenant, afterSeq, limit }) =>
      read((view) =>
        take(view.evidenceAfter(tenant, afterSeq), limit).map(
          ([, json]) => JSON.parse(json) as EvidenceEntry,
        ),
      ),
    enqueue: ({ message, ifAbsent }) =>
      write((view) => {
        if (view.message(message.id) !== undefined) {
          if (ifAbsent === true) return false;
          throw new Error(`${name}: outbox message ${message.id} is already enqueued`);
        }
        view.setMessage(message.id, { status: message.status, json: JSON.stringify(message) });
        return true;
      }),
    listOutbox: ({ status, after, limit }) =>
      read((view) => {
        const page: OutboxMessage[] = [];
        if (limit < 1) return page;
        for (const [, row] of view.messages(after)) {
          if (row.status !== status) continue;
          page.push(JSON.parse(row.json) as OutboxMessage);
          if (page.length >= limit) break;
        }
        return page;
      }),
    updateOutbox: ({ id, status, attempts, lastError }) =>
      write((view) => {
        // Like an UPDATE that matches no row: an unknown id changes nothing.
        const row = view.message(id);
        if (row === undefined) return;
        const updated = applyUpdate(JSON.parse(row.json) as OutboxMessage, {
          status,
          attempts,
          ...(lastError === undefined ? {} : { lastError }),
        });
        view.setMessage(id, { status, json: JSON.stringify(updated) });
      }),
    claimOutbox: ({ worker, now, leaseUntil, limit, tenant }) =>
      write((view) => {
        const claimed: OutboxMessage[] = [];
        if (limit < 1) return claimed;
        for (const [id, row] of view.messages(undefined)) {
          if (row.status !== "pending") continue;
          const message = JSON.parse(row.json) as OutboxMessage;
          if (tenant !== undefined && message.tenant !== tenant) continue;
          if (!isClaimable(message, now)) continue;
          const leased = claimMessage(message, { worker, leaseUntil });
          view.setMessage(id, { status: leased.status, json: JSON.stringify(leased) });
          claimed.push(leased);
          if (claimed.length >= limit) break;
        }
        return claimed;
      }),
    settleOutbox: (options) =>
      write((view) => {
        const row = view.message(options.id);
        if (row === undefined) return false;
        const settled = settleMessage(JSON.parse(row.json) as OutboxMessage, options);
        if (settled === undefined) return false;
        view.setMessage(options.id, { status: settled.status, json: JSON.stringify(settled) });
        return true;
      }),
  };
}

function toRecord(key: RecordKey, row: RecordRow): StoredRecord {
  return {
    tenant: key.tenant,
    collection: key.collection,
    id: key.id,
    version: row.version,
    data: JSON.parse(row.json) as JsonObject,
  };
}

function parseEntry(json: string | undefined): EvidenceEntry | undefined {
  return json === undefined ? undefined : (JSON.parse(json) as EvidenceEntry);
}

function conflict(key: RecordKey & { expectedVersion: number }, actual: number): StorageConflict {
  return {
    code: "CONFLICT",
    tenant: key.tenant,
    collection: key.collection,
    id: key.id,
    expectedVersion: key.expectedVersion,
    actualVersion: actual,
  };
}

function take<T>(items: Iterator<T>, limit: number): T[] {
  const page: T[] = [];
  while (page.length < limit) {
    const next = items.next();
    if (next.done) break;
    page.push(next.value);
  }
  return page;
}
