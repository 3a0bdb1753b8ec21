import {
  type Collection,
  chainEvidence,
  type EvidenceEntry,
  type JsonObject,
  PROFILE_ID,
  type StorageOperations,
} from "@sigreg/core";
import type { Random } from "../prng.js";
import { expectConflict, expectOk } from "./expect.js";

/** Ids both tenants use, so that a leak between them has something to collide with. */
export const SHARED_IDS = ["x", "y", "z", "x-1", "profile"] as const;
/**
 * Collections the random operations touch. In `profile` only the id `profile` is used, as the
 * engine does, so that "tenants with a profile record" means the same under any reading.
 */
export const MODEL_COLLECTIONS: readonly Collection[] = ["groups", "people", "profile"];

interface ModelRecord {
  version: number;
  data: JsonObject;
}

/** What a correct adapter holds for each tenant, kept in plain maps. @internal */
export class StorageModel {
  readonly #records = new Map<string, Map<string, ModelRecord>>();
  readonly #evidence = new Map<string, EvidenceEntry[]>();

  /** A record, or `undefined`. */
  record(tenant: string, collection: Collection, id: string): ModelRecord | undefined {
    return this.#records.get(JSON.stringify([tenant, collection]))?.get(id);
  }

  /** A collection's records sorted by id (the shared ids are ASCII: `<` is code-point order). */
  list(tenant: string, collection: Collection): Array<{ id: string } & ModelRecord> {
    const table = this.#records.get(JSON.stringify([tenant, collection])) ?? new Map();
    return [...table.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([id, record]) => ({ id, ...record }));
  }

  /** The tenant's evidence entries. */
  evidence(tenant: string): EvidenceEntry[] {
    return this.#evidence.get(tenant) ?? [];
  }

  set(tenant: string, collection: Collection, id: string, record: ModelRecord | undefined): void {
    const key = JSON.stringify([tenant, collection]);
    const table = this.#records.get(key) ?? new Map<string, ModelRecord>();
    if (record === undefined) table.delete(id);
    else table.set(id, record);
    this.#records.set(key, table);
  }

  append(tenant: string, entry: EvidenceEntry): void {
    this.#evidence.set(tenant, [...this.evidence(tenant), entry]);
  }
}

/** One random operation: what it does (for the failure message) and how to run and check it. @internal */
export interface ModelOperation {
  /** What the operation does, e.g. `put conf-…-b/groups/x at 0`. */
  describe: string;
  /** Runs it through `ops` and checks its result against the model, then updates the model. */
  apply(ops: StorageOperations): Promise<void>;
}

/** A random put, remove, insertMany or evidence append on one of `tenants`. @internal */
export function randomOperation(
  random: Random,
  model: StorageModel,
  tenants: readonly string[],
  step: number,
): ModelOperation {
  const tenant = random.pick(tenants);
  const collection = random.pick(MODEL_COLLECTIONS);
  const pickId = () => (collection === "profile" ? PROFILE_ID : random.pick(SHARED_IDS));
  const id = pickId();
  const current = model.record(tenant, collection, id)?.version ?? 0;
  const version = random.chance(0.7) ? current : random.pick([current + 1, current === 0 ? 1 : 0]);
  const data = { tenant, step, value: random.int(1000) };
  const where = `${tenant}/${collection}/${id}`;
  const key = { tenant, collection, id };
  switch (random.int(4)) {
    case 0:
      return {
        describe: `put ${where} at ${version} (stored: ${current})`,
        async apply(ops) {
          const result = await ops.put({ ...key, data, expectedVersion: version });
          if (version !== current)
            return expectConflict(
              result,
              { ...key, expectedVersion: version, actualVersion: current },
              "put",
            );
          expectOk(result, "put");
          model.set(tenant, collection, id, { version: version + 1, data });
        },
      };
    case 1:
      return {
        describe: `remove ${where} at ${version} (stored: ${current})`,
        async apply(ops) {
          const result = await ops.remove({ ...key, expectedVersion: version });
          if (version !== current || current === 0)
            return expectConflict(
              result,
              { ...key, expectedVersion: version, actualVersion: current },
              "remove",
            );
          expectOk(result, "remove");
          model.set(tenant, collection, id, undefined);
        },
      };
    case 2: {
      const records = Array.from({ length: 1 + random.int(4) }, (_, n) => ({
        id: pickId(),
        data: { ...data, n },
      }));
      return {
        describe: `insertMany ${tenant}/${collection} [${records.map((record) => record.id).join(", ")}]`,
        async apply(ops) {
          const expected: string[] = [];
          for (const record of records) {
            if (expected.includes(record.id) || model.record(tenant, collection, record.id))
              continue;
            expected.push(record.id);
            model.set(tenant, collection, record.id, { version: 1, data: record.data });
          }
          const { inserted } = await ops.insertMany({ tenant, collection, records });
          if (JSON.stringify(inserted) !== JSON.stringify(expected)) {
            throw new Error(
              `insertMany inserted ${JSON.stringify(inserted)}, expected ${JSON.stringify(expected)}`,
            );
          }
        },
      };
    }
    default: {
      const log = model.evidence(tenant);
      const taken = log.length > 0 && random.chance(0.3);
      const previous = taken ? log[random.int(log.length) - 1] : log.at(-1);
      const entry = chainEvidence(previous, {
        at: new Date(Date.UTC(2026, 0, 1, 0, 0, step)).toISOString(),
        actor: tenant,
        action: "conformance.step",
        subject: { collection, id },
        before: null,
        after: data,
      });
      return {
        describe: `append ${tenant} evidence seq ${entry.seq}${taken ? " (taken)" : ""}`,
        async apply(ops) {
          const result = await ops.appendEvidence({ tenant, entry });
          if (taken)
            return expectConflict(
              result,
              { tenant, collection: "evidence", id: String(entry.seq), expectedVersion: 0 },
              "append",
            );
          expectOk(result, "append");
          model.append(tenant, entry);
        },
      };
    }
  }
}
