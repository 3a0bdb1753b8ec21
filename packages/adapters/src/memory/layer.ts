import type { Collection, OutboxStatus } from "@sigreg/core";
import { compareCodePoints, compareNumbers } from "./order.js";
import { SortedMap } from "./sorted-map.js";

/** A stored record: its version and its data as JSON text, so every read parses a fresh object. @internal */
export interface RecordRow {
  /** Optimistic-concurrency version. */
  version: number;
  /** The record's data, as JSON text. */
  json: string;
}

/** A stored outbox message: its status (to filter without parsing) and the message as JSON text. @internal */
export interface OutboxRow {
  /** Delivery state. */
  status: OutboxStatus;
  /** The whole message, as JSON text. */
  json: string;
}

/**
 * One set of tables. The committed state is a layer; so are a transaction's changes, where `null`
 * marks a removal, until commit copies them onto the committed layer.
 * @internal
 */
export class Layer {
  /** Records per table (tenant and collection), by id. */
  readonly records = new Map<string, SortedMap<string, RecordRow | null>>();
  /** Evidence entries (JSON text) per tenant, by sequence number. */
  readonly evidence = new Map<string, SortedMap<number, string | null>>();
  /** Outbox messages, by id. */
  readonly outbox = new SortedMap<string, OutboxRow | null>(compareCodePoints);
  /** Tenants that have a profile record (`null`: no longer have one). */
  readonly profiles = new SortedMap<string, true | null>(compareCodePoints);

  /** The table of a tenant's collection; created when `create` is set. */
  table(
    tenant: string,
    collection: Collection,
    create: boolean,
  ): SortedMap<string, RecordRow | null> | undefined {
    const key = JSON.stringify([tenant, collection]);
    let table = this.records.get(key);
    if (table === undefined && create) {
      table = new SortedMap(compareCodePoints);
      this.records.set(key, table);
    }
    return table;
  }

  /** A tenant's evidence log; created when `create` is set. */
  log(tenant: string, create: boolean): SortedMap<number, string | null> | undefined {
    let log = this.evidence.get(tenant);
    if (log === undefined && create) {
      log = new SortedMap(compareNumbers);
      this.evidence.set(tenant, log);
    }
    return log;
  }

  /** Copies a transaction's changes onto this (committed) layer. */
  apply(changes: Layer): void {
    for (const [key, table] of changes.records) {
      const target = this.records.get(key) ?? new SortedMap(compareCodePoints);
      copyInto(target, table);
      if (target.size === 0) this.records.delete(key);
      else this.records.set(key, target);
    }
    for (const [tenant, log] of changes.evidence) copyInto(this.log(tenant, true)!, log);
    copyInto(this.outbox, changes.outbox);
    copyInto(this.profiles, changes.profiles);
  }
}

function copyInto<K, V>(target: SortedMap<K, V | null>, changes: SortedMap<K, V | null>): void {
  for (const [key, value] of changes.entries()) {
    if (value === null) target.delete(key);
    else target.set(key, value);
  }
}
