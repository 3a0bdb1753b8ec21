/**
 * Storages a test can share with child processes: a SQLite file, and a Postgres table prefix when
 * SIGREG_PG_URL is set. A child opens the same storage from its `where` spec with
 * {@link openStorageSpec}. Used by the crash tests of delivery and ingestion.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { StorageAdapter } from "@sigreg/core";
import pg from "pg";
import { postgresStorage, sqliteStorage } from "../../src/sql/index.js";

/** One storage, as the test opens it and as a child process names it. */
export interface ProcessTarget {
  name: string;
  /** `sqlite:FILE` or `postgres:URL#PREFIX`, for {@link openStorageSpec} in the child. */
  where: string;
  open(): StorageAdapter;
  /** Removes the file, or drops the prefix's tables. */
  cleanup(): Promise<void>;
}

/** Opens the storage a `where` spec names. */
export function openStorageSpec(spec: string): StorageAdapter {
  if (spec.startsWith("sqlite:")) return sqliteStorage({ filename: spec.slice("sqlite:".length) });
  const [connectionString, tablePrefix] = spec.slice("postgres:".length).split("#");
  return postgresStorage({
    connectionString: connectionString ?? "",
    tablePrefix: tablePrefix ?? "",
  });
}

/** SQLite always; Postgres when SIGREG_PG_URL is set (.ci/run always sets it). */
export function processTargets(label: string): ProcessTarget[] {
  const dir = mkdtempSync(join(tmpdir(), `sigreg-${label}-`));
  const file = join(dir, "sigreg.db");
  const list: ProcessTarget[] = [
    {
      name: "SQLite",
      where: `sqlite:${file}`,
      open: () => sqliteStorage({ filename: file }),
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    },
  ];
  const url = process.env.SIGREG_PG_URL;
  if (url) {
    const prefix = `${label}_${process.pid}_${Math.random().toString(36).slice(2, 8)}_`;
    const where = `postgres:${url}#${prefix}`;
    list.push({
      name: "Postgres",
      where,
      open: () => openStorageSpec(where),
      cleanup: async () => {
        const tables = Object.values(
          postgresStorage({ connectionString: url, tablePrefix: prefix }).tables,
        );
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        for (const table of tables) await client.query(`DROP TABLE IF EXISTS "${table}"`);
        await client.end();
      },
    });
  }
  return list;
}
