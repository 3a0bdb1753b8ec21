import type { Collection } from "@sigreg/core";
import type { Layer, OutboxRow, RecordRow } from "./layer.js";
import { compareCodePoints, compareNumbers } from "./order.js";
import { mergedEntries } from "./sorted-map.js";

/**
 * The committed layer as seen from outside a transaction, or with a transaction's changes laid
 * over it from inside one. Writes go to the changes; without them the view is read-only.
 * @internal
 */
export class View {
  readonly #base: Layer;
  readonly #changes: Layer | undefined;

  constructor(base: Layer, changes?: Layer) {
    this.#base = base;
    this.#changes = changes;
  }

  /** The record under a key, or `undefined`. */
  record(tenant: string, collection: Collection, id: string): RecordRow | undefined {
    const changed = this.#changes?.table(tenant, collection, false)?.get(id);
    if (changed !== undefined) return changed ?? undefined;
    return this.#base.table(tenant, collection, false)?.get(id) ?? undefined;
  }

  /** A collection's records in id order, after `after`. */
  records(
    tenant: string,
    collection: Collection,
    after: string | undefined,
  ): Generator<[string, RecordRow]> {
    return mergedEntries(
      this.#base.table(tenant, collection, false),
      this.#changes?.table(tenant, collection, false),
      after,
      compareCodePoints,
    );
  }

  /** Writes (`null`: removes) a record, and keeps the list of tenants with a profile current. */
  setRecord(tenant: string, collection: Collection, id: string, row: RecordRow | null): void {
    const changes = this.#writable();
    changes.table(tenant, collection, true)?.set(id, row);
    if (collection !== "profile") return;
    const hasProfile = !this.records(tenant, collection, undefined).next().done;
    changes.profiles.set(tenant, hasProfile ? true : null);
  }

  /** Tenants with a profile record, in order, after `after`. */
  *tenants(after: string | undefined): Generator<string> {
    const merged = mergedEntries(
      this.#base.profiles,
      this.#changes?.profiles,
      after,
      compareCodePoints,
    );
    for (const [tenant] of merged) yield tenant;
  }

  /** The evidence entry (JSON text) with a sequence number, or `undefined`. */
  evidence(tenant: string, seq: number): string | undefined {
    return (
      this.#changes?.log(tenant, false)?.get(seq) ??
      this.#base.log(tenant, false)?.get(seq) ??
      undefined
    );
  }

  /** The tenant's evidence entries (JSON text) in sequence order, after `afterSeq`. */
  evidenceAfter(tenant: string, afterSeq: number | undefined): Generator<[number, string]> {
    return mergedEntries(
      this.#base.log(tenant, false),
      this.#changes?.log(tenant, false),
      afterSeq,
      compareNumbers,
    );
  }

  /** The tenant's evidence entry (JSON text) with the highest sequence number. */
  lastEvidence(tenant: string): string | undefined {
    const committed = this.#base.log(tenant, false)?.lastKey();
    const added = this.#changes?.log(tenant, false)?.lastKey();
    const last =
      added === undefined || committed === undefined
        ? (added ?? committed)
        : Math.max(added, committed);
    return last === undefined ? undefined : this.evidence(tenant, last);
  }

  /** Adds an evidence entry (JSON text). */
  appendEvidence(tenant: string, seq: number, json: string): void {
    this.#writable().log(tenant, true)?.set(seq, json);
  }

  /** An outbox message, or `undefined`. */
  message(id: string): OutboxRow | undefined {
    return this.#changes?.outbox.get(id) ?? this.#base.outbox.get(id) ?? undefined;
  }

  /** Outbox messages in id order, after `after`. */
  messages(after: string | undefined): Generator<[string, OutboxRow]> {
    return mergedEntries(this.#base.outbox, this.#changes?.outbox, after, compareCodePoints);
  }

  /** Writes an outbox message. */
  setMessage(id: string, row: OutboxRow): void {
    this.#writable().outbox.set(id, row);
  }

  #writable(): Layer {
    if (this.#changes === undefined) throw new Error("memoryStorage: a write outside a change set");
    return this.#changes;
  }
}
