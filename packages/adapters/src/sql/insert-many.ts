import type { StorageOperations } from "@sigreg/core";
import { CompiledQuery, type Kysely } from "kysely";
import { isRetryable } from "./conflicts.js";
import { insertMysqlChunk } from "./insert-many-mysql.js";
import { copyIn, copyText } from "./pg-copy.js";
import type { SigregDatabase, SqlDialect } from "./tables.js";
import { runInTransaction, type Scope } from "./transaction.js";

type InsertMany = Parameters<StorageOperations["insertMany"]>[0];

/**
 * Rows per INSERT: large enough that per-statement costs vanish, small enough to stay far below
 * every database's parameter limit (5 per row: SQLite 32766, Postgres and MySQL 65535).
 */
const ROWS_PER_STATEMENT = 1000;
/** Rows per COPY (Postgres with pg-copy-streams): no parameter limit, a few MB of text at most. */
const ROWS_PER_COPY = 5000;
/**
 * Fewer rows than this go in one INSERT even where COPY is available: a COPY takes four round
 * trips (look-up, savepoint, COPY, release), which only pays off for larger chunks.
 */
const COPY_FROM_ROWS = 100;
/** How often a transaction the adapter owns is retried after a deadlock. */
const DEADLOCK_RETRIES = 8;

/** One record to insert. @internal */
export type Row = InsertMany["records"][number];

/**
 * Inserts the records whose ids are new, in multi-row statements, in one transaction (the caller's,
 * or one of its own, retried after a deadlock). SQLite and Postgres skip taken ids with ON CONFLICT
 * DO NOTHING and return the inserted ones; MySQL is in {@link insertMysqlChunk}.
 * @internal
 */
export async function insertMany(
  scope: Scope,
  options: InsertMany,
): Promise<{ inserted: string[] }> {
  const rows = firstOfEachId(options.records);
  if (rows.length === 0) return { inserted: [] };
  const run = (db: Kysely<SigregDatabase>) => insertRows({ ...scope, db }, options, rows);
  if (scope.state !== undefined) return { inserted: await run(scope.db) };
  for (let attempt = 1; ; attempt++) {
    try {
      return { inserted: await runInTransaction(scope, run) };
    } catch (error) {
      if (attempt > DEADLOCK_RETRIES || !isRetryable(scope.dialect, error)) throw error;
      // The deadlock's winner is still committing: back off, longer each time, at random.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * 2 ** attempt));
    }
  }
}

async function insertRows(scope: Scope, options: InsertMany, rows: Row[]): Promise<string[]> {
  const updatedAt = new Date().toISOString();
  // On a server, rows go in id order, so that concurrent calls lock rows in one order and do not
  // deadlock (and the primary key's pages fill in order). SQLite has one writer at a time.
  const ordered = scope.dialect === "sqlite" ? rows : [...rows].sort(byId);
  const inserted = new Set<string>();
  const copying =
    scope.dialect === "postgres" &&
    scope.pgCopy?.from !== undefined &&
    rows.length >= COPY_FROM_ROWS;
  const size = copying ? ROWS_PER_COPY : ROWS_PER_STATEMENT;
  for (let start = 0; start < ordered.length; ) {
    let count = Math.min(size, ordered.length - start);
    // SQLite prepares a statement per row count, and each is kept in the connection's statement
    // cache: a shorter last chunk is split into powers of two, so that a few sizes serve every call
    // instead of one statement (costly to prepare, and held in memory) per count seen.
    if (scope.dialect === "sqlite" && count < size) count = 2 ** Math.floor(Math.log2(count));
    const chunk = ordered.slice(start, start + count);
    start += count;
    const ids =
      scope.dialect === "mysql"
        ? await insertMysqlChunk(scope, options, chunk, updatedAt)
        : copying
          ? await copyPostgresChunk(scope, options.tenant, options.collection, chunk, updatedAt)
          : await insertChunk(scope, options, chunk, updatedAt);
    for (const id of ids) inserted.add(id);
  }
  if (inserted.size === rows.length) return rows.map((row) => row.id);
  return rows.filter((row) => inserted.has(row.id)).map((row) => row.id);
}

function byId(a: Row, b: Row): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

async function insertChunk(
  scope: Scope,
  { tenant, collection }: InsertMany,
  chunk: Row[],
  updatedAt: string,
): Promise<string[]> {
  if (scope.dialect === "postgres")
    return insertPostgresChunk(scope, tenant, collection, chunk, updatedAt);
  const parameters = parametersOf(tenant, collection, chunk, updatedAt);
  if (scope.dialect === "sqlite" && (await insertedAll(scope, chunk.length, parameters))) {
    return chunk.map((row) => row.id);
  }
  const text = insertStatement(scope.dialect, scope.tables.records, chunk.length, RETURNING);
  const result = await scope.db.executeQuery<{ id: string }>(CompiledQuery.raw(text, parameters));
  return returnedIds(chunk, result.rows);
}

/**
 * Postgres: one statement with five parameters whatever the chunk's size, the ids and documents as
 * two arrays unnested in order. Parsing, binding and planning a thousand-row VALUES list cost more
 * than the rows themselves; arrays bring the load close to COPY's speed.
 */
async function insertPostgresChunk(
  scope: Scope,
  tenant: string,
  collection: string,
  chunk: Row[],
  updatedAt: string,
): Promise<string[]> {
  const ids = new Array<string>(chunk.length);
  const documents = new Array<string>(chunk.length);
  for (let index = 0; index < chunk.length; index++) {
    const row = chunk[index] as Row;
    ids[index] = row.id;
    documents[index] = JSON.stringify(row.data);
  }
  const text = `INSERT INTO "${scope.tables.records}" (tenant, collection, id, version, data, updated_at) SELECT $1, $2, u.id, 1, u.data, $5 FROM unnest($3::text[], $4::text[]) AS u(id, data)${RETURNING}`;
  const result = await scope.db.executeQuery<{ id: string }>(
    CompiledQuery.raw(text, [tenant, collection, ids, documents, updatedAt]),
  );
  return returnedIds(chunk, result.rows);
}

/**
 * Postgres with pg-copy-streams: looks up which of the chunk's ids are stored already and COPYs the
 * others straight into the table, under a savepoint. COPY runs at about twice the speed of the
 * best INSERT, but has no ON CONFLICT: when another transaction stores one of the ids in between
 * (a unique violation, after waiting for it to commit), the savepoint is rolled back and the chunk
 * is inserted by {@link insertPostgresChunk}, which skips taken ids. Rows go in id order, like the
 * INSERT's, so that concurrent loads lock in one order.
 */
async function copyPostgresChunk(
  scope: Scope,
  tenant: string,
  collection: string,
  chunk: Row[],
  updatedAt: string,
): Promise<string[]> {
  const table = `"${scope.tables.records}"`;
  const ids = chunk.map((row) => row.id);
  const found = await scope.db.executeQuery<{ id: string }>(
    CompiledQuery.raw(
      `SELECT id FROM ${table} WHERE tenant = $1 AND collection = $2 AND id = ANY($3::text[])`,
      [tenant, collection, ids],
    ),
  );
  const taken = new Set(found.rows.map((row) => row.id));
  const fresh = taken.size === 0 ? chunk : chunk.filter((row) => !taken.has(row.id));
  if (fresh.length === 0) return [];
  const head = `${copyText(tenant)}\t${copyText(collection)}\t`;
  const tail = `\t${copyText(updatedAt)}\n`;
  const lines = new Array<string>(fresh.length);
  for (let index = 0; index < fresh.length; index++) {
    const row = fresh[index] as Row;
    lines[index] = `${head}${copyText(row.id)}\t1\t${copyText(JSON.stringify(row.data))}${tail}`;
  }
  await scope.db.executeQuery(CompiledQuery.raw("SAVEPOINT sigreg_copy"));
  try {
    await copyIn(
      scope.db,
      `${table} (tenant, collection, id, version, data, updated_at)`,
      lines.join(""),
    );
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code !== UNIQUE_VIOLATION) throw error;
    await scope.db.executeQuery(CompiledQuery.raw("ROLLBACK TO SAVEPOINT sigreg_copy"));
    await scope.db.executeQuery(CompiledQuery.raw("RELEASE SAVEPOINT sigreg_copy"));
    return insertPostgresChunk(scope, tenant, collection, chunk, updatedAt);
  }
  await scope.db.executeQuery(CompiledQuery.raw("RELEASE SAVEPOINT sigreg_copy"));
  return fresh.map((row) => row.id);
}

/** Postgres' SQLSTATE for a duplicate key. */
const UNIQUE_VIOLATION = "23505";

/** The ids of `chunk` that an INSERT … RETURNING id gave back, in the chunk's order. */
function returnedIds(chunk: readonly Row[], returned: readonly { id: string }[]): string[] {
  if (returned.length === chunk.length) return chunk.map((row) => row.id);
  const taken = new Set(returned.map((row) => row.id));
  return chunk.filter((row) => taken.has(row.id)).map((row) => row.id);
}

const SKIP_TAKEN = " ON CONFLICT DO NOTHING";
const RETURNING = `${SKIP_TAKEN} RETURNING id`;

/**
 * SQLite's RETURNING costs a third of a bulk insert. In the common case, where every id is new, the
 * count of inserted rows says it all; otherwise the chunk is rolled back to a savepoint and
 * inserted again with RETURNING, to learn which ids were new.
 */
async function insertedAll(scope: Scope, count: number, parameters: unknown[]): Promise<boolean> {
  const text = insertStatement("sqlite", scope.tables.records, count, SKIP_TAKEN);
  await scope.db.executeQuery(CompiledQuery.raw("SAVEPOINT sigreg_insert_many"));
  const { numAffectedRows } = await scope.db.executeQuery(CompiledQuery.raw(text, parameters));
  if (numAffectedRows !== BigInt(count)) {
    await scope.db.executeQuery(CompiledQuery.raw("ROLLBACK TO sigreg_insert_many"));
  }
  await scope.db.executeQuery(CompiledQuery.raw("RELEASE sigreg_insert_many"));
  return numAffectedRows === BigInt(count);
}

function firstOfEachId(records: InsertMany["records"]): Row[] {
  const seen = new Set<string>();
  const rows: Row[] = [];
  for (const record of records) {
    if (seen.has(record.id)) continue;
    seen.add(record.id);
    rows.push(record);
  }
  return rows;
}

/** The parameters of {@link insertStatement} for `rows`. @internal */
export function parametersOf(
  tenant: string,
  collection: string,
  rows: Row[],
  updatedAt: string,
): unknown[] {
  const parameters = new Array<unknown>(rows.length * 5);
  let at = 0;
  for (const row of rows) {
    parameters[at++] = tenant;
    parameters[at++] = collection;
    parameters[at++] = row.id;
    // Serialised chunk by chunk: a million records never sit in memory twice.
    parameters[at++] = JSON.stringify(row.data);
    parameters[at++] = updatedAt;
  }
  return parameters;
}

const statements = new Map<string, string>();

/**
 * The multi-row INSERT for `count` rows followed by `suffix`, built once per size (full chunks all
 * share one, and so does SQLite's statement cache). @internal
 */
export function insertStatement(
  dialect: SqlDialect,
  table: string,
  count: number,
  suffix = "",
): string {
  const key = `${dialect}\0${table}\0${count}\0${suffix}`;
  const cached = statements.get(key);
  if (cached !== undefined) return cached;
  const quote = dialect === "mysql" ? "`" : '"';
  const values: string[] = [];
  for (let row = 0; row < count; row++) {
    if (dialect === "postgres") {
      const p = row * 5;
      values.push(`($${p + 1}, $${p + 2}, $${p + 3}, 1, $${p + 4}, $${p + 5})`);
    } else values.push("(?, ?, ?, 1, ?, ?)");
  }
  const text = `INSERT INTO ${quote}${table}${quote} (tenant, collection, id, version, data, updated_at) VALUES ${values.join(", ")}${suffix}`;
  if (statements.size > 64) statements.clear();
  statements.set(key, text);
  return text;
}
