/**
 * SQLite side of the storage benchmark: databases set up as `sqliteStorage({ filename })` sets
 * them up, the plain-driver baseline (one prepared INSERT in a loop, in one transaction), and the
 * check that two loads stored the same rows.
 */
import { rmSync } from "node:fs";
import { sqliteStorage } from "@sigreg/adapters/sql";
import { openSqlite, type SqliteDatabase } from "./storage-drivers.js";
import type { PhaseSpec } from "./storage-phase.js";

/** Removes a database file and its WAL companions. */
export function removeSqlite(path: string): void {
  for (const suffix of ["", "-wal", "-shm", "-journal"])
    rmSync(`${path}${suffix}`, { force: true });
}

/**
 * Opens a fresh database file with the pragmas `sqliteStorage({ filename })` uses (WAL, busy
 * timeout, foreign keys) and the adapter's schema, created by the adapter's own migration.
 */
export async function freshSqlite(path: string): Promise<SqliteDatabase> {
  removeSqlite(path);
  const database = openSqlite(path);
  database.pragma("journal_mode = WAL");
  database.pragma("busy_timeout = 5000");
  database.pragma("foreign_keys = ON");
  const storage = sqliteStorage({ database: database as never });
  await storage.migrate();
  await storage.close();
  return database;
}

/** The baseline: the same rows through one prepared INSERT, in one transaction. */
export async function sqliteBaselinePhase(
  path: string,
): Promise<{ spec: PhaseSpec<(readonly [string, string, string])[]>; close(): void }> {
  const database = await freshSqlite(path);
  const insert = database.prepare(
    `INSERT INTO "sigreg_records" (tenant, collection, id, version, data, updated_at) VALUES (?, ?, ?, 1, ?, ?)`,
  );
  const updatedAt = new Date().toISOString();
  return {
    spec: {
      name: "sqlite: prepared INSERT loop, one transaction",
      begin: () => {
        database.exec("BEGIN");
      },
      prepare: (tenant) =>
        tenant.rows.map(
          ([collection, id, data]) => [collection, id, JSON.stringify(data)] as const,
        ),
      work: (rows, tenant) => {
        for (const [collection, id, text] of rows)
          insert.run(tenant.id, collection, id, text, updatedAt);
        return rows.length;
      },
      end: () => {
        database.exec("COMMIT");
      },
    },
    close: () => database.close(),
  };
}

/**
 * Rows of the records table in `path` that differ from those in `otherPath` (missing on either
 * side or with other data text), and the number of rows in `path`.
 */
export function compareSqlite(
  path: string,
  otherPath: string,
): { rows: number; differing: number } {
  const database = openSqlite(path);
  try {
    database.prepare("ATTACH DATABASE ? AS other").run(otherPath);
    const rows = (
      database.prepare(`SELECT count(*) AS n FROM main."sigreg_records"`).get() as { n: number }
    ).n;
    const missing = database
      .prepare(
        `SELECT count(*) AS n FROM main."sigreg_records" a LEFT JOIN other."sigreg_records" b USING (tenant, collection, id) WHERE b.data IS NULL OR b.data <> a.data`,
      )
      .get() as { n: number };
    const extra = database
      .prepare(
        `SELECT count(*) AS n FROM other."sigreg_records" b LEFT JOIN main."sigreg_records" a USING (tenant, collection, id) WHERE a.id IS NULL`,
      )
      .get() as { n: number };
    return { rows, differing: missing.n + extra.n };
  } finally {
    database.close();
  }
}
