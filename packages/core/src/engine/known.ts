import type { Collection, StorageOperations } from "../storage/port.js";
import { type KnownIds, referencedIds } from "./validate.js";

/**
 * The ids the inputs refer to that exist, looked up one by one in the transaction that checks them:
 * an entity refers to a handful of ids, a tenant may have thousands. @internal
 */
export async function loadKnownIds(
  tx: StorageOperations,
  tenant: string,
  rules: ReadonlySet<string>,
  collection: Collection,
  inputs: readonly unknown[],
): Promise<KnownIds> {
  const wanted = referencedIds(collection, inputs);
  return {
    people: await existing(tx, tenant, "people", wanted.people),
    groups: await existing(tx, tenant, "groups", wanted.groups),
    rules,
  };
}

async function existing(
  tx: StorageOperations,
  tenant: string,
  collection: Collection,
  ids: ReadonlySet<string>,
): Promise<Set<string>> {
  const found = new Set<string>();
  for (const id of ids) if ((await tx.get({ tenant, collection, id })) !== undefined) found.add(id);
  return found;
}
