import type { Result } from "neverthrow";

/** The collections a tenant's data is kept in; one record per entity, keyed by its id. */
export const COLLECTIONS = [
  "profile",
  "people",
  "groups",
  "activities",
  "alerts",
  "reviews",
] as const;
/** One of {@link COLLECTIONS}. */
export type Collection = (typeof COLLECTIONS)[number];

/** A JSON value: what an adapter stores, byte for byte what it reads back. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };
/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** A record as an adapter stores it. */
export interface StoredRecord {
  /** Tenant the record belongs to. */
  tenant: string;
  /** Collection of the record. */
  collection: Collection;
  /** Id, unique within tenant and collection. */
  id: string;
  /** Optimistic-concurrency version: 1 on creation, +1 on every successful write. */
  version: number;
  /** The entity, in its JSON form (dates as ISO strings). */
  data: JsonObject;
}

/** Stable codes of storage errors. */
export const STORAGE_ERROR_CODES = {
  /** A write named a version that is no longer current (or created a record that exists). */
  CONFLICT: "CONFLICT",
} as const;

/** A write lost a race: the record's version was not the one the writer expected. */
export interface StorageConflict {
  /** Always `CONFLICT`. */
  code: typeof STORAGE_ERROR_CODES.CONFLICT;
  /** Tenant of the record. */
  tenant: string;
  /**
   * Collection of the record, `evidence` for an evidence entry whose sequence number is taken, or
   * `state` for a state document.
   */
  collection: Collection | "evidence" | "state";
  /** Id of the record, or the sequence number of the evidence entry. */
  id: string;
  /** The version the writer expected (0: that the record does not exist). */
  expectedVersion: number;
  /** The version found, when the adapter knows it cheaply (0: the record does not exist). */
  actualVersion?: number;
}

/** One entry of a tenant's append-only, hash-chained evidence log. */
export interface EvidenceEntry {
  /** Position in the tenant's chain: 1, 2, 3… without gaps. */
  seq: number;
  /** When the change was made (ISO date-time, from the engine's clock). */
  at: string;
  /** Who made the change. */
  actor: string;
  /** What was done, for example `group.update` or `alert.triage`. */
  action: string;
  /** The record changed. */
  subject: {
    /** Collection of the record. */
    collection: Collection;
    /** Id of the record. */
    id: string;
  };
  /** The record before the change (`null` when it was created). */
  before: JsonObject | null;
  /** The record after the change (`null` when it was removed). */
  after: JsonObject | null;
  /** Hash of the previous entry (64 zeros for the first). */
  prevHash: string;
  /** SHA-256 of this entry's other fields, hex. */
  hash: string;
}

/**
 * Delivery state of an outbox message: `pending` until it is delivered (`sent`) or given up on
 * (`failed`, the dead-letter state that `sigreg outbox` lists and can retry).
 */
export type OutboxStatus = "pending" | "sent" | "failed";

/** A message to deliver (to a notifier) after the change that caused it has committed. */
export interface OutboxMessage {
  /** Unique, sortable id: messages list in creation order. */
  id: string;
  /** Tenant whose change caused the message. */
  tenant: string;
  /** What happened, for example `alert.recorded`. */
  topic: string;
  /** Data for the notifier. */
  payload: JsonObject;
  /** When it was enqueued (ISO date-time). */
  createdAt: string;
  /** Delivery state. */
  status: OutboxStatus;
  /** Delivery attempts so far. */
  attempts: number;
  /** Last delivery error, without secrets. */
  lastError?: string;
  /** Not to be attempted before this time (ISO date-time; absent: due at once). */
  availableAt?: string;
  /** The worker holding the message's lease, while it delivers it. */
  leaseOwner?: string;
  /** When the lease ends (ISO date-time); after it, another worker may claim the message. */
  leaseUntil?: string;
  /** When the delivery was recorded (ISO date-time), for `sent` messages. */
  deliveredAt?: string;
  /** What the target answered (delivery id, ticket key…), for `sent` messages. */
  receipt?: JsonObject;
}

/**
 * A small JSON document a tenant keeps under a key outside the register: a feed's fetch state, a
 * worker's lease. Versioned like records, so a lease can be taken with a compare-and-set.
 */
export interface StateDocument {
  /** Tenant. */
  tenant: string;
  /** Key, for example `feed:cisa:https://www.cisa.gov/…`. */
  key: string;
  /** 1 on creation, +1 on every write. */
  version: number;
  /** The document. */
  value: JsonObject;
}

/** Options of {@link StorageOperations.claimOutbox}. */
export interface ClaimOutboxOptions {
  /** Id of the claiming worker, unique per process. */
  worker: string;
  /** The current time (ISO date-time): messages due at or before it are claimed. */
  now: string;
  /** The end of the lease (ISO date-time, after `now`). */
  leaseUntil: string;
  /** At most this many messages, at least 1. */
  limit: number;
  /** Only this tenant's messages (a worker per tenant); absent: every tenant's. */
  tenant?: string;
}

/** Options of {@link StorageOperations.settleOutbox}. */
export interface SettleOutboxOptions {
  /** Message id. */
  id: string;
  /** The worker that claimed it. */
  worker: string;
  /** `sent`, `failed` (dead letter), or `pending` again for a later retry. */
  status: OutboxStatus;
  /** Attempts made so far, this one included. */
  attempts: number;
  /** The attempt's error, without secrets (`failed` and `pending`). */
  lastError?: string;
  /** When to try again (`pending`). */
  availableAt?: string;
  /** When it was delivered (`sent`). */
  deliveredAt?: string;
  /** The target's receipt (`sent`). */
  receipt?: JsonObject;
}

/** Tenant, collection and id of one record. */
export interface RecordKey {
  /** Tenant. */
  tenant: string;
  /** Collection. */
  collection: Collection;
  /** Record id. */
  id: string;
}

/**
 * Reads and writes of a storage adapter; the same methods are available inside a transaction.
 *
 * Every method is scoped to one tenant: an adapter MUST NOT return, change or count a record of
 * another tenant. Methods that can lose a race return a {@link StorageConflict} as a `Result`
 * error; failures of the database itself (connection lost, disk full) reject the promise.
 * Records and entries returned MUST be fresh objects the caller may mutate.
 */
export interface StorageOperations {
  /** The record, or `undefined` when there is none. */
  get(options: RecordKey): Promise<StoredRecord | undefined>;
  /**
   * One page of a collection, ordered by id (by code point, ascending).
   * MUST return at most `limit` records whose id is greater than `after`.
   */
  list(options: {
    tenant: string;
    collection: Collection;
    /** Exclusive lower bound: the last id of the previous page. */
    after?: string;
    /** Page size, at least 1. */
    limit: number;
  }): Promise<StoredRecord[]>;
  /**
   * Creates (`expectedVersion: 0`) or replaces (`expectedVersion: n`) a record.
   * MUST write only if the record's current version equals `expectedVersion` (0: absent), MUST
   * return `CONFLICT` otherwise without changing anything, and MUST store `expectedVersion + 1`.
   */
  put(
    options: RecordKey & { data: JsonObject; expectedVersion: number },
  ): Promise<Result<StoredRecord, StorageConflict>>;
  /**
   * Removes a record whose current version is `expectedVersion`; MUST return `CONFLICT` when the
   * record is absent or at another version.
   */
  remove(options: RecordKey & { expectedVersion: number }): Promise<Result<void, StorageConflict>>;
  /**
   * Inserts the records whose id is not stored yet (version 1) and leaves the others untouched:
   * re-inserting the same ids MUST change nothing. Within one call the first record of an id wins.
   * Returns the ids inserted, in input order.
   */
  insertMany(options: {
    tenant: string;
    collection: Collection;
    records: ReadonlyArray<{ id: string; data: JsonObject }>;
  }): Promise<{
    /** The ids inserted, in input order. */
    inserted: string[];
  }>;
  /**
   * Optional, for reading a whole register at once (evaluation, snapshots): the data of every
   * record of the tenant in each of `collections`, ordered by id within a collection, as fresh
   * objects. MUST give the same records as paging through {@link list} (a collection without
   * records gives an empty list). Adapters that can read a tenant in fewer round trips than pages
   * implement it; without it, the engine pages through `list`.
   */
  readCollections?(options: {
    tenant: string;
    collections: readonly Collection[];
  }): Promise<{ [TCollection in Collection]?: JsonObject[] }>;
  /** Tenants that have a `profile` record, ordered by tenant id, after `after`, at most `limit`. */
  listTenants(options: { after?: string; limit: number }): Promise<string[]>;
  /** The tenant's evidence entry with the highest `seq`, or `undefined` for an empty log. */
  lastEvidence(options: { tenant: string }): Promise<EvidenceEntry | undefined>;
  /**
   * Appends an entry to the tenant's evidence log. MUST return `CONFLICT` (collection `evidence`)
   * when the tenant already has an entry with that `seq`, and MUST store the entry exactly as given.
   */
  appendEvidence(options: {
    tenant: string;
    entry: EvidenceEntry;
  }): Promise<Result<void, StorageConflict>>;
  /** The tenant's evidence entries with `seq` greater than `afterSeq`, ascending, at most `limit`. */
  listEvidence(options: {
    tenant: string;
    afterSeq?: number;
    limit: number;
  }): Promise<EvidenceEntry[]>;
  /**
   * Adds a message to the outbox and returns `true`; inside a transaction it MUST commit or roll
   * back with it. An id already enqueued MUST be refused (rejecting), or with `ifAbsent` left
   * unchanged (returning `false`).
   */
  enqueue(options: {
    message: OutboxMessage;
    /**
     * Leave an id that is already enqueued as it is and return `false`, instead of failing (for
     * messages whose id says what they are about, such as a reminder of one review).
     */
    ifAbsent?: boolean;
  }): Promise<boolean>;
  /** Outbox messages in a status, across tenants, ordered by id, after `after`, at most `limit`. */
  listOutbox(options: {
    status: OutboxStatus;
    after?: string;
    limit: number;
  }): Promise<OutboxMessage[]>;
  /**
   * Sets a message's status by hand, whatever its state (an operator retrying a dead letter):
   * MUST clear its lease and `availableAt`, so a `pending` message is due at once.
   */
  updateOutbox(options: {
    id: string;
    status: OutboxStatus;
    attempts: number;
    lastError?: string;
  }): Promise<void>;
  /** The state document under a key, or `undefined`. */
  getState(options: { tenant: string; key: string }): Promise<StateDocument | undefined>;
  /**
   * Creates (`expectedVersion: 0`) or replaces (`expectedVersion: n`) a state document, with the
   * same guarantees as `put`: MUST write only at the expected version and return `CONFLICT`
   * (collection `state`) otherwise, changing nothing.
   */
  putState(options: {
    tenant: string;
    key: string;
    value: JsonObject;
    expectedVersion: number;
  }): Promise<Result<StateDocument, StorageConflict>>;
  /** A tenant's state documents whose key starts with `prefix`, in key order, after `after`, at most `limit`. */
  listState(options: {
    tenant: string;
    prefix: string;
    after?: string;
    limit: number;
  }): Promise<StateDocument[]>;
  /**
   * Leases due messages to one worker: `pending` messages whose `availableAt` is absent or not
   * after `now` and whose lease is absent or has ended (`leaseUntil` not after `now`), in id
   * order, at most `limit`; sets their `leaseOwner` and `leaseUntil` and returns them.
   * MUST be atomic across processes: while a lease is live, no other claim returns the message
   * (Postgres: `FOR UPDATE SKIP LOCKED`). Called outside a transaction.
   */
  claimOutbox(options: ClaimOutboxOptions): Promise<OutboxMessage[]>;
  /**
   * Records the outcome of an attempt made under a lease, and ends the lease. MUST apply only
   * while the message is `pending`, and, unless the new status is `sent`, only while `worker`
   * still holds the lease; returns whether it applied. A delivery is recorded even when the lease
   * ran out meanwhile, so that nobody sends the message again once it is known to be delivered.
   */
  settleOutbox(options: SettleOutboxOptions): Promise<boolean>;
}

/**
 * The storage port: what the engine needs from a database. Small on purpose; what every adapter
 * would repeat (validation, evidence hashing, streaming, retries) lives once, in the engine.
 * Run `@sigreg/adapters/testing` against an implementation to check it keeps these guarantees.
 */
export interface StorageAdapter extends StorageOperations {
  /** Short name for messages, for example `sqlite` or `memory`. */
  readonly name: string;
  /**
   * Runs `fn` in a transaction. All writes made through `tx` MUST commit together, or none when
   * `fn` throws (the error is rethrown); reads through `tx` MUST see the transaction's own writes.
   * Transactions do not nest: `fn` MUST NOT call `transaction`.
   */
  transaction<T>(fn: (tx: StorageOperations) => Promise<T>): Promise<T>;
  /** Creates or upgrades the adapter's schema; idempotent. Adapters without a schema omit it. */
  migrate?(): Promise<void>;
  /** Releases connections and handles the adapter opened itself (not those the caller passed in). */
  close?(): Promise<void>;
}
