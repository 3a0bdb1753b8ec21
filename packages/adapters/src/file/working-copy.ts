import {
  COLLECTION_SCHEMAS,
  type Collection,
  type EvidenceEntry,
  type JsonObject,
  type OutboxMessage,
  recordIdOf,
  STORAGE_ERROR_CODES,
  type StorageConflict,
  type StoredRecord,
} from "@sigreg/core";
import { err, ok, type Result } from "neverthrow";
import { FILE_STORAGE_ERROR_CODES, FileStorageError } from "./errors.js";
import { normalise } from "./file-form.js";
import { byCodePoint } from "./order.js";
import type { StoredDocument } from "./sidecar.js";
import type { TenantSnapshot } from "./snapshot.js";

/** A record in a working copy; `digest` is absent once the record was written. */
type CopyRecord = { data: JsonObject; version: number; digest?: string };
type Table = ReadonlyMap<string, CopyRecord>;

/** Ids of a table in code-point order, computed once per table (tables of snapshots are shared). */
const sortedIds = new WeakMap<Table, string[]>();

function idsOf(table: Table): string[] {
  let ids = sortedIds.get(table);
  if (ids === undefined) {
    ids = [...table.keys()].sort(byCodePoint);
    sortedIds.set(table, ids);
  }
  return ids;
}

/** Index of the first entry of a sorted list that `isAfter` accepts. */
function firstAfter<T>(items: readonly T[], isAfter: (item: T) => boolean): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (isAfter(items[middle] as T)) high = middle;
    else low = middle + 1;
  }
  return low;
}

/**
 * A tenant's data being read and changed by one operation or transaction, on top of a snapshot
 * (which is shared and never mutated: a collection is copied on its first change). Reads hand out
 * copies.
 * @internal
 */
export class WorkingCopy {
  readonly appended: EvidenceEntry[] = [];
  outbox: OutboxMessage[];
  documents: Record<string, StoredDocument>;
  recordsChanged = false;
  outboxChanged = false;
  documentsChanged = false;
  private readonly own = new Map<Collection, Map<string, CopyRecord>>();

  constructor(readonly snapshot: TenantSnapshot) {
    this.outbox = snapshot.outbox as OutboxMessage[];
    this.documents = snapshot.documents as Record<string, StoredDocument>;
  }

  /** Whether a commit has anything to write. */
  get dirty(): boolean {
    return (
      this.recordsChanged || this.outboxChanged || this.documentsChanged || this.appended.length > 0
    );
  }

  /** The records of a collection as they stand in this copy. */
  table(collection: Collection): Table {
    return this.own.get(collection) ?? this.snapshot.records[collection];
  }

  get(collection: Collection, id: string): StoredRecord | undefined {
    const record = this.table(collection).get(id);
    return record === undefined ? undefined : this.stored(collection, id, record);
  }

  list(collection: Collection, after: string | undefined, limit: number): StoredRecord[] {
    const table = this.table(collection);
    const ids = idsOf(table);
    const from = after === undefined ? 0 : firstAfter(ids, (id) => byCodePoint(id, after) > 0);
    return ids
      .slice(from, from + Math.max(0, limit))
      .map((id) => this.stored(collection, id, table.get(id) as CopyRecord));
  }

  put(
    collection: Collection,
    id: string,
    data: JsonObject,
    expectedVersion: number,
  ): Result<StoredRecord, StorageConflict> {
    const current = this.table(collection).get(id);
    const actual = current?.version ?? 0;
    if (actual !== expectedVersion)
      return err(this.conflict(collection, id, expectedVersion, actual));
    const record = { data: this.check(collection, id, data), version: expectedVersion + 1 };
    this.set(collection, id, record, current === undefined);
    return ok(this.stored(collection, id, record));
  }

  remove(
    collection: Collection,
    id: string,
    expectedVersion: number,
  ): Result<void, StorageConflict> {
    const actual = this.table(collection).get(id)?.version ?? 0;
    if (actual === 0 || actual !== expectedVersion)
      return err(this.conflict(collection, id, expectedVersion, actual));
    const table = this.writable(collection);
    table.delete(id);
    sortedIds.delete(table);
    this.recordsChanged = true;
    return ok(undefined);
  }

  insertMany(
    collection: Collection,
    records: ReadonlyArray<{ id: string; data: JsonObject }>,
  ): string[] {
    const inserted: string[] = [];
    for (const { id, data } of records) {
      if (this.table(collection).has(id)) continue;
      this.set(collection, id, { data: this.check(collection, id, data), version: 1 }, true);
      inserted.push(id);
    }
    return inserted;
  }

  lastEvidence(): EvidenceEntry | undefined {
    let top = this.snapshot.evidence.at(-1);
    for (const entry of this.appended) if (top === undefined || entry.seq > top.seq) top = entry;
    return top === undefined ? undefined : structuredClone(top);
  }

  appendEvidence(entry: EvidenceEntry): Result<void, StorageConflict> {
    const logged = this.snapshot.evidence;
    const at = firstAfter(logged, (other) => other.seq >= entry.seq);
    const taken =
      logged[at]?.seq === entry.seq || this.appended.some((other) => other.seq === entry.seq);
    if (taken)
      return err({
        code: STORAGE_ERROR_CODES.CONFLICT,
        tenant: this.snapshot.tenant,
        collection: "evidence",
        id: String(entry.seq),
        expectedVersion: 0,
      });
    this.appended.push(structuredClone(entry));
    return ok(undefined);
  }

  listEvidence(afterSeq: number | undefined, limit: number): EvidenceEntry[] {
    let all = this.snapshot.evidence;
    if (this.appended.length > 0) all = [...all, ...this.appended].sort((a, b) => a.seq - b.seq);
    const from = afterSeq === undefined ? 0 : firstAfter(all, (entry) => entry.seq > afterSeq);
    return all.slice(from, from + Math.max(0, limit)).map((entry) => structuredClone(entry));
  }

  /** The state documents, copied on first change so that the snapshot stays as read. */
  changeDocuments(): Record<string, StoredDocument> {
    if (!this.documentsChanged) {
      this.documents = structuredClone(this.documents);
      this.documentsChanged = true;
    }
    return this.documents;
  }

  /** The outbox, copied on first change so that the snapshot stays as read. */
  changeOutbox(): OutboxMessage[] {
    if (!this.outboxChanged) {
      this.outbox = structuredClone(this.outbox);
      this.outboxChanged = true;
    }
    return this.outbox;
  }

  private set(collection: Collection, id: string, record: CopyRecord, created: boolean): void {
    const table = this.writable(collection);
    table.set(id, record);
    if (created) sortedIds.delete(table);
    this.recordsChanged = true;
  }

  private writable(collection: Collection): Map<string, CopyRecord> {
    let table = this.own.get(collection);
    if (table === undefined) {
      table = new Map(this.snapshot.records[collection]);
      this.own.set(collection, table);
    }
    return table;
  }

  private stored(collection: Collection, id: string, record: CopyRecord): StoredRecord {
    return {
      tenant: this.snapshot.tenant,
      collection,
      id,
      version: record.version,
      data: structuredClone(record.data),
    };
  }

  private conflict(
    collection: Collection,
    id: string,
    expectedVersion: number,
    actualVersion: number,
  ): StorageConflict {
    const { tenant } = this.snapshot;
    return {
      code: STORAGE_ERROR_CODES.CONFLICT,
      tenant,
      collection,
      id,
      expectedVersion,
      actualVersion,
    };
  }

  /** The entity's stored form; throws when the register cannot hold it under this id. */
  private check(collection: Collection, id: string, data: JsonObject): JsonObject {
    const { file } = this.snapshot;
    const fail = (why: string) =>
      new FileStorageError(
        FILE_STORAGE_ERROR_CODES.RECORD_INVALID,
        file,
        `${file}: cannot store ${collection} record "${id}": ${why}`,
      );
    const normalised = normalise(collection, data);
    if (normalised === undefined) {
      const parsed = COLLECTION_SCHEMAS[collection].safeParse(data);
      const issue = parsed.success ? undefined : parsed.error.issues[0];
      const path = issue?.path.map(String).join(".") ?? "";
      throw fail(`${path === "" ? "" : `${path}: `}${issue?.message ?? "not a valid entity"}`);
    }
    const key = recordIdOf(collection, normalised);
    if (key !== id)
      throw fail(
        `the register keys this entity as "${key}" (${typeof normalised.id === "string" || collection === "profile" ? "its id" : "a digest of its content"})`,
      );
    return normalised;
  }
}
