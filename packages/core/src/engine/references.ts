import type { Collection, JsonObject, StorageOperations } from "../storage/port.js";
import { COLLECTIONS } from "../storage/port.js";
import { streamRecords } from "../storage/stream.js";

/**
 * The first record (`collection/id`) that refers to a person or a group, or `undefined`. Scans the
 * tenant's records: removal is rare, and a register's references are spread over many fields.
 * @internal
 */
export async function findReference(
  tx: StorageOperations,
  tenant: string,
  collection: Collection,
  id: string,
): Promise<string | undefined> {
  for (const other of COLLECTIONS) {
    for await (const record of streamRecords(tx, { tenant, collection: other })) {
      const refs =
        collection === "people" ? personRefs(other, record.data) : groupRefs(other, record.data);
      if (refs.includes(id)) return `${other}/${record.id}`;
    }
  }
  return undefined;
}

function personRefs(collection: Collection, data: JsonObject): unknown[] {
  switch (collection) {
    case "groups":
      return [data.owner, data.deputy, ...list(data.accounts).map((a) => field(a, "watchedBy"))];
    case "activities":
      return [data.by];
    case "alerts":
      return [data.triagedBy];
    case "reviews":
      return [data.reviewer];
    default:
      return [];
  }
}

function groupRefs(collection: Collection, data: JsonObject): unknown[] {
  switch (collection) {
    case "activities":
    case "alerts":
      return [data.group];
    case "reviews":
      return [...list(data.scope), ...list(data.decisions).map((d) => field(d, "group"))];
    default:
      return [];
  }
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === "object"
    ? (value as Record<string, unknown>)[key]
    : undefined;
}
