import type { StorageOperations } from "@sigreg/core";
import { CompiledQuery, sql } from "kysely";
import { insertStatement, parametersOf, type Row } from "./insert-many.js";
import type { Scope } from "./transaction.js";

type InsertMany = Parameters<StorageOperations["insertMany"]>[0];

const ER_DUP_ENTRY = 1062;

/**
 * One chunk of MySQL's insertMany. MySQL has no INSERT … ON CONFLICT DO NOTHING that reports the
 * rows it inserted (and INSERT IGNORE would also turn strict mode's errors into silent
 * truncation). So a read drops the ids already stored and one multi-row INSERT adds the rest; when
 * another transaction stored one of them meanwhile (a duplicate key ends only that statement), the
 * chunk is read again, and after a few such races inserted row by row. The reads see other
 * transactions' commits: the adapter's transactions run at READ COMMITTED.
 * @internal
 */
export async function insertMysqlChunk(
  scope: Scope,
  options: InsertMany,
  chunk: Row[],
  updatedAt: string,
): Promise<string[]> {
  let fresh = chunk;
  for (let attempt = 1; attempt <= 3; attempt++) {
    fresh = await withoutStored(scope, options, fresh);
    if (fresh.length === 0) return [];
    if (await tryInsert(scope, options, fresh, updatedAt)) return fresh.map((row) => row.id);
  }
  const inserted: string[] = [];
  for (const row of fresh) {
    if (await tryInsert(scope, options, [row], updatedAt)) inserted.push(row.id);
  }
  return inserted;
}

async function withoutStored(
  scope: Scope,
  { tenant, collection }: InsertMany,
  rows: Row[],
): Promise<Row[]> {
  const { rows: existing } = await sql<{ id: string }>`SELECT id FROM ${sql.table(
    scope.tables.records,
  )} WHERE tenant = ${tenant} AND collection = ${collection} AND id IN (${sql.join(
    rows.map((row) => row.id),
  )})`.execute(scope.db);
  if (existing.length === 0) return rows;
  const taken = new Set(existing.map((row) => row.id));
  return rows.filter((row) => !taken.has(row.id));
}

/** Inserts the rows; `false` when one of them is a duplicate key (and then none was inserted). */
async function tryInsert(
  scope: Scope,
  { tenant, collection }: InsertMany,
  rows: Row[],
  updatedAt: string,
): Promise<boolean> {
  try {
    await scope.db.executeQuery(
      CompiledQuery.raw(
        insertStatement("mysql", scope.tables.records, rows.length),
        parametersOf(tenant, collection, rows, updatedAt),
      ),
    );
    return true;
  } catch (error) {
    if ((error as { errno?: unknown }).errno === ER_DUP_ENTRY) return false;
    throw error;
  }
}
