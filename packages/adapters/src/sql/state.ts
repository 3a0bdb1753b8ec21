import type { JsonObject, StateDocument, StorageConflict, StorageOperations } from "@sigreg/core";
import { err, ok, type Result } from "neverthrow";
import { isLostRace } from "./conflicts.js";
import type { Scope } from "./transaction.js";

type PutState = Parameters<StorageOperations["putState"]>[0];

/** The state document under a key, parsed afresh. @internal */
export async function getState(
  scope: Scope,
  { tenant, key }: { tenant: string; key: string },
): Promise<StateDocument | undefined> {
  const row = await scope.db
    .selectFrom("state")
    .select(["version", "value"])
    .where("tenant", "=", tenant)
    .where("state_key", "=", key)
    .executeTakeFirst();
  return row === undefined ? undefined : toState(tenant, key, row.version, row.value);
}

/**
 * Creates or replaces a state document in one conditional statement, like a record: an INSERT
 * that skips a taken key, or an UPDATE at the expected version. @internal
 */
export async function putState(
  scope: Scope,
  options: PutState,
): Promise<Result<StateDocument, StorageConflict>> {
  const { tenant, key, expectedVersion } = options;
  const value = JSON.stringify(options.value);
  const updatedAt = new Date().toISOString();
  let written: boolean;
  try {
    if (expectedVersion === 0) {
      const insert = scope.db.insertInto("state").values({
        tenant,
        state_key: key,
        version: 1,
        value,
        updated_at: updatedAt,
      });
      const result =
        scope.dialect === "mysql"
          ? await insert.executeTakeFirst()
          : await insert.onConflict((conflict) => conflict.doNothing()).executeTakeFirst();
      written = (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
    } else {
      const result = await scope.db
        .updateTable("state")
        .set({ version: expectedVersion + 1, value, updated_at: updatedAt })
        .where("tenant", "=", tenant)
        .where("state_key", "=", key)
        .where("version", "=", expectedVersion)
        .executeTakeFirst();
      written = result.numUpdatedRows > 0n;
    }
  } catch (error) {
    if (!isLostRace(scope, error)) throw error;
    written = false;
  }
  if (!written) {
    const actual =
      scope.state?.abortedBy === undefined
        ? ((await getState(scope, options))?.version ?? 0)
        : undefined;
    return err({
      code: "CONFLICT",
      tenant,
      collection: "state",
      id: key,
      expectedVersion,
      ...(actual === undefined ? {} : { actualVersion: actual }),
    });
  }
  return ok(toState(tenant, key, expectedVersion + 1, value));
}

/** A tenant's state documents under a key prefix, in key order. @internal */
export async function listState(
  scope: Scope,
  options: Parameters<StorageOperations["listState"]>[0],
): Promise<StateDocument[]> {
  const { tenant, prefix, after, limit } = options;
  if (limit < 1) return [];
  // A range instead of LIKE: no escaping of % and _, and it uses the primary key in every database.
  let query = scope.db
    .selectFrom("state")
    .select(["state_key", "version", "value"])
    .where("tenant", "=", tenant)
    .where("state_key", ">=", prefix);
  if (after !== undefined) query = query.where("state_key", ">", after);
  const rows = await query
    .orderBy("state_key")
    .limit(limit + 1)
    .execute();
  const found: StateDocument[] = [];
  for (const row of rows) {
    if (!row.state_key.startsWith(prefix)) break;
    if (found.length >= limit) break;
    found.push(toState(tenant, row.state_key, row.version, row.value));
  }
  return found;
}

function toState(
  tenant: string,
  key: string,
  version: number | string,
  value: string,
): StateDocument {
  return { tenant, key, version: Number(version), value: JSON.parse(value) as JsonObject };
}
