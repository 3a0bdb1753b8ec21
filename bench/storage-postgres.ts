/**
 * PostgreSQL side of the storage benchmark: a dedicated schema (dropped afterwards), tables made by
 * the adapter's own migration under a prefix per load, the plain-driver baselines (COPY FROM STDIN,
 * multi-row INSERT … VALUES, INSERT … SELECT FROM unnest), and the check that two loads stored the
 * same rows.
 */
import { once } from "node:events";
import { postgresStorage, type SqlStorage } from "@sigreg/adapters/sql";
import type { TenantRows } from "./storage-data.js";
import { copyFrom, type PgClient, type PgPool } from "./storage-drivers.js";
import type { PhaseSpec } from "./storage-phase.js";

/** Rows per multi-row INSERT … VALUES (5 parameters a row, as the adapter binds them). */
const VALUES_ROWS = 1000;

/** The adapter on `pool`, its tables prefixed with `prefix`, migrated. */
export async function pgStorage(pool: PgPool, prefix: string): Promise<SqlStorage> {
  const storage = postgresStorage({ pool: pool as never, tablePrefix: prefix });
  await storage.migrate();
  return storage;
}

type Rows = [collection: string, id: string, text: string][];

const textsOf = (tenant: TenantRows): Rows =>
  tenant.rows.map(([collection, id, data]) => [collection, id, JSON.stringify(data)]);

type BaselineWork = (
  client: PgClient,
  table: string,
  rows: Rows,
  tenant: string,
  at: string,
) => Promise<void>;

/** A baseline phase: one transaction on a connection of its own, into fresh tables under `prefix`. */
async function baselinePhase(
  pool: PgPool,
  prefix: string,
  name: string,
  work: BaselineWork,
): Promise<{ spec: PhaseSpec<Rows>; close(): Promise<void> }> {
  await (await pgStorage(pool, prefix)).close();
  const table = `"${prefix}records"`;
  const client = await pool.connect();
  const updatedAt = new Date().toISOString();
  let open = false;
  return {
    spec: {
      name,
      begin: async () => {
        await client.query("BEGIN");
        open = true;
      },
      prepare: textsOf,
      async work(rows, tenant) {
        await work(client, table, rows, tenant.id, updatedAt);
        return rows.length;
      },
      end: async () => {
        await client.query("COMMIT");
        open = false;
      },
    },
    close: async () => {
      if (open) await client.query("ROLLBACK").catch(() => {});
      client.release();
    },
  };
}

/** COPY text format: a backslash, tab, newline or carriage return inside a value is escaped. */
function copyText(value: string): string {
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/[\\\t\n\r]/g, (c) =>
        c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r",
      )
    : value;
}

/** `COPY … FROM STDIN` (text format), one COPY per tenant, all in one transaction. */
export function pgCopyBaseline(pool: PgPool) {
  return baselinePhase(
    pool,
    "copy_",
    "postgres: COPY FROM STDIN, one transaction",
    async (client, table, rows, tenant, at) => {
      const stream = client.query(
        copyFrom(`COPY ${table} (tenant, collection, id, version, data, updated_at) FROM STDIN`),
      );
      const lines: string[] = [];
      const prefix = `${copyText(tenant)}\t`;
      const suffix = `\t${copyText(at)}\n`;
      for (const [collection, id, text] of rows)
        lines.push(`${prefix}${collection}\t${copyText(id)}\t1\t${copyText(text)}${suffix}`);
      const done = once(stream, "finish");
      stream.end(lines.join(""));
      await done;
    },
  );
}

/** The full-chunk statement of each table, built once (a tenant's last, shorter chunk is not kept). */
const fullStatements = new Map<string, string>();

function valuesStatement(table: string, count: number): string {
  const cached = count === VALUES_ROWS ? fullStatements.get(table) : undefined;
  if (cached !== undefined) return cached;
  const values: string[] = [];
  for (let row = 0; row < count; row++) {
    const p = row * 5;
    values.push(`($${p + 1}, $${p + 2}, $${p + 3}, 1, $${p + 4}, $${p + 5})`);
  }
  const text = `INSERT INTO ${table} (tenant, collection, id, version, data, updated_at) VALUES ${values.join(", ")}`;
  if (count === VALUES_ROWS) fullStatements.set(table, text);
  return text;
}

/** Multi-row `INSERT … VALUES` of {@link VALUES_ROWS} rows, a named prepared statement. */
export function pgValuesBaseline(pool: PgPool) {
  return baselinePhase(
    pool,
    "values_",
    `postgres: INSERT … VALUES × ${VALUES_ROWS} rows, prepared, one transaction`,
    async (client, table, rows, tenant, at) => {
      for (let start = 0; start < rows.length; start += VALUES_ROWS) {
        const chunk = rows.slice(start, start + VALUES_ROWS);
        const values = new Array<unknown>(chunk.length * 5);
        let i = 0;
        for (const [collection, id, text] of chunk) {
          values[i++] = tenant;
          values[i++] = collection;
          values[i++] = id;
          values[i++] = text;
          values[i++] = at;
        }
        const text = valuesStatement(table, chunk.length);
        await client.query(
          chunk.length === VALUES_ROWS
            ? { name: "bench_values_full", text, values }
            : { text, values },
        );
      }
    },
  );
}

/** `INSERT … SELECT FROM unnest($arrays)`: one statement per tenant, three text arrays. */
export function pgUnnestBaseline(pool: PgPool) {
  return baselinePhase(
    pool,
    "unnest_",
    "postgres: INSERT … SELECT FROM unnest(arrays), one transaction",
    async (client, table, rows, tenant, at) => {
      const collections: string[] = [];
      const ids: string[] = [];
      const texts: string[] = [];
      for (const [collection, id, text] of rows) {
        collections.push(collection);
        ids.push(id);
        texts.push(text);
      }
      await client.query({
        name: "bench_unnest",
        text: `INSERT INTO ${table} (tenant, collection, id, version, data, updated_at) SELECT $1, c, i, 1, d, $2 FROM unnest($3::text[], $4::text[], $5::text[]) AS u(c, i, d)`,
        values: [tenant, at, collections, ids, texts],
      });
    },
  );
}

/** Rows in `prefix`'s records table and how many differ from `otherPrefix`'s (either way). */
export async function comparePg(
  pool: PgPool,
  prefix: string,
  otherPrefix: string,
): Promise<{ rows: number; differing: number }> {
  const a = `"${prefix}records"`;
  const b = `"${otherPrefix}records"`;
  const { rows } = await pool.query<{ rows: string; differing: string }>(
    `SELECT (SELECT count(*) FROM ${a}) AS rows, (SELECT count(*) FROM ${a} a FULL JOIN ${b} b USING (tenant, collection, id) WHERE a.data IS DISTINCT FROM b.data) AS differing`,
  );
  return { rows: Number(rows[0]?.rows), differing: Number(rows[0]?.differing) };
}
