import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  type Collection,
  type JsonObject,
  PROFILE_ID,
  type RecordKey,
  type StorageAdapter,
  type StorageConflict,
  type StorageOperations,
  type StoredRecord,
} from "@sigreg/core";
import { err, ok, type Result } from "neverthrow";
import { parse } from "yaml";

/**
 * The conformance suite stores free-form JSON (`{ counter: 1 }`, ids such as `😀`) in every
 * collection; a register file holds only register entities (its schema is strict, ids are ASCII).
 * This wrapper carries each suite record inside a valid entity, one to one: the `profile` record
 * is the register's profile (its JSON in `organisation.name`), every other record is a group whose
 * id is the collection's letter and the hex of the id's UTF-8 bytes (which keeps code-point order)
 * and whose name is the record's JSON. Versions, conflicts, paging, transactions, evidence and
 * outbox are the file storage's own; the wrapper only translates keys and data.
 */
const LETTER: Record<Collection, string> = {
  profile: "f",
  people: "p",
  groups: "g",
  activities: "a",
  alerts: "l",
  reviews: "r",
};

const hex = (id: string) => Buffer.from(id, "utf8").toString("hex");
const unhex = (code: string) => Buffer.from(code, "hex").toString("utf8");
const isProfile = (collection: Collection, id: string) =>
  collection === "profile" && id === PROFILE_ID;

/** Where a suite record lives in the register. */
function inner(key: RecordKey): RecordKey {
  if (isProfile(key.collection, key.id)) return key;
  return {
    tenant: key.tenant,
    collection: "groups",
    id: `${LETTER[key.collection]}-${hex(key.id)}`,
  };
}

/** The entity that carries a suite record. */
function carrier(key: RecordKey, data: JsonObject): JsonObject {
  if (isProfile(key.collection, key.id)) return { organisation: { name: JSON.stringify(data) } };
  return { id: inner(key).id, name: JSON.stringify(data), kind: "other" };
}

/** The suite record an entity carries (from the adapter's JSON, or from the file's YAML). */
function carried(collection: Collection, id: string, entity: JsonObject): JsonObject {
  const text = isProfile(collection, id) ? (entity.organisation as JsonObject).name : entity.name;
  return JSON.parse(String(text)) as JsonObject;
}

const unwrap = (key: RecordKey, record: StoredRecord): StoredRecord => ({
  ...key,
  version: record.version,
  data: carried(key.collection, key.id, record.data),
});

const conflictOf = (key: RecordKey, error: StorageConflict): StorageConflict => ({
  ...error,
  collection: key.collection,
  id: key.id,
});

function over(ops: StorageOperations): StorageOperations {
  const mapResult = <T>(key: RecordKey, result: Result<T, StorageConflict>) =>
    result.isErr() ? err(conflictOf(key, result.error)) : ok(result.value);
  const get = async (key: RecordKey) => {
    const record = await ops.get(inner(key));
    return record === undefined ? undefined : unwrap(key, record);
  };
  return {
    ...ops,
    get,
    async list({ tenant, collection, after, limit }) {
      const prefix = `${LETTER[collection]}-`;
      const page = await ops.list({
        tenant,
        collection: "groups",
        after: after === undefined ? prefix : `${prefix}${hex(after)}`,
        limit,
      });
      const records = page
        .filter((record) => record.id.startsWith(prefix))
        .map((record) => unwrap({ tenant, collection, id: unhex(record.id.slice(2)) }, record));
      if (collection !== "profile") return records;
      const profile = await get({ tenant, collection, id: PROFILE_ID });
      if (profile !== undefined && (after === undefined || PROFILE_ID > after))
        records.push(profile);
      return records.sort((a, b) => (a.id < b.id ? -1 : 1)).slice(0, limit);
    },
    async put({ data, expectedVersion, ...key }) {
      const result = await ops.put({ ...inner(key), data: carrier(key, data), expectedVersion });
      return result.isErr() ? err(conflictOf(key, result.error)) : ok(unwrap(key, result.value));
    },
    async remove({ expectedVersion, ...key }) {
      return mapResult(key, await ops.remove({ ...inner(key), expectedVersion }));
    },
    async insertMany({ tenant, collection, records }) {
      const inserted = new Set<string>();
      for (const group of [
        records.filter((r) => isProfile(collection, r.id)),
        records.filter((r) => !isProfile(collection, r.id)),
      ]) {
        if (group.length === 0) continue;
        const target = inner({ tenant, collection, id: group[0]?.id ?? "" }).collection;
        const result = await ops.insertMany({
          tenant,
          collection: target,
          records: group.map(({ id, data }) => ({
            id: inner({ tenant, collection, id }).id,
            data: carrier({ tenant, collection, id }, data),
          })),
        });
        for (const id of result.inserted) inserted.add(id);
      }
      return {
        inserted: [...new Set(records.map((r) => r.id))].filter((id) =>
          inserted.has(inner({ tenant, collection, id }).id),
        ),
      };
    },
  };
}

/** The file storage, taking the suite's free-form records (see above). */
export function freeFormRecords(storage: StorageAdapter): StorageAdapter {
  return {
    ...over(storage),
    name: storage.name,
    transaction: (fn) => storage.transaction((tx) => fn(over(tx))),
  };
}

/** Reads a suite record from a tenant's YAML file and its sidecar, without the adapter. */
export function readBackFrom(directory: string) {
  return async (key: RecordKey): Promise<{ version: number; data: JsonObject } | undefined> => {
    const file = join(directory, `${key.tenant}.yaml`);
    let register: JsonObject;
    try {
      register = (parse(readFileSync(file, "utf8")) ?? {}) as JsonObject;
    } catch {
      return undefined;
    }
    const { collection, id } = inner(key);
    const entity = isProfile(key.collection, key.id)
      ? register.organisation === undefined
        ? undefined
        : register
      : ((register.groups ?? []) as JsonObject[]).find((group) => group.id === id);
    if (entity === undefined) return undefined;
    const state = JSON.parse(
      readFileSync(join(directory, `.${key.tenant}.yaml.sigreg`, "state.json"), "utf8"),
    ) as { records: Record<string, Record<string, { version: number }>> };
    const version = state.records[collection]?.[id]?.version ?? 1;
    return { version, data: carried(key.collection, key.id, entity) };
  };
}
