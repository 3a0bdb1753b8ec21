import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { memoryStorage } from "@sigreg/adapters/memory";
import { mysqlStorage, pgliteStorage, postgresStorage, sqliteStorage } from "@sigreg/adapters/sql";
import type { StorageAdapter } from "@sigreg/core";
import mysql from "mysql2/promise";
import pg from "pg";

/** A storage the engine tests run on. */
export interface EngineTarget {
  name: string;
  /** Updates per writer in the concurrency test (PGlite is one connection in WASM: a smaller run). */
  updates?: number;
  create(): Promise<StorageAdapter>;
  destroy(storage: StorageAdapter): Promise<void>;
}

const TABLES = ["records", "evidence", "outbox", "state", "migrations"];

function uniquePrefix(): string {
  return `eng_${process.pid}_${Math.random().toString(36).slice(2, 8)}_`;
}

/**
 * Every adapter the engine is tested on. PostgreSQL and MariaDB are listed when CI gives their URLs
 * (`.ci/run` always does, and fails when the server is unreachable); without them, PGlite still
 * runs the Postgres SQL in-process.
 */
export function engineTargets(): EngineTarget[] {
  const targets: EngineTarget[] = [
    { name: "memory", create: async () => memoryStorage(), destroy: async () => {} },
    sqliteTarget(),
    {
      name: "pglite",
      updates: 100,
      create: async () => {
        const storage = pgliteStorage({ client: new PGlite() });
        await storage.migrate();
        return storage;
      },
      destroy: async (storage) => storage.close?.(),
    },
  ];
  const pgUrl = process.env.SIGREG_PG_URL;
  if (pgUrl) targets.push(serverTarget("postgres", pgUrl));
  const mysqlUrl = process.env.SIGREG_MYSQL_URL;
  if (mysqlUrl) targets.push(serverTarget("mariadb", mysqlUrl));
  return targets;
}

function sqliteTarget(): EngineTarget {
  const dirs = new Map<StorageAdapter, string>();
  return {
    name: "sqlite",
    create: async () => {
      const dir = mkdtempSync(join(tmpdir(), "sigreg-engine-"));
      const storage = sqliteStorage({ filename: join(dir, "sigreg.db") });
      await storage.migrate();
      dirs.set(storage, dir);
      return storage;
    },
    destroy: async (storage) => {
      await storage.close?.();
      rmSync(dirs.get(storage) ?? "/nonexistent", { recursive: true, force: true });
    },
  };
}

function serverTarget(name: "postgres" | "mariadb", url: string): EngineTarget {
  const prefixes = new Map<StorageAdapter, string>();
  return {
    name,
    create: async () => {
      const tablePrefix = uniquePrefix();
      const storage =
        name === "postgres"
          ? postgresStorage({ connectionString: url, tablePrefix, max: 12 })
          : mysqlStorage({ uri: url, tablePrefix, connectionLimit: 12 });
      await storage.migrate();
      prefixes.set(storage, tablePrefix);
      return storage;
    },
    destroy: async (storage) => {
      await storage.close?.();
      const prefix = prefixes.get(storage);
      if (prefix === undefined) return;
      const drop = `DROP TABLE IF EXISTS ${TABLES.map((t) => `${prefix}${t}`).join(", ")}`;
      if (name === "postgres") {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query(drop);
        await client.end();
      } else {
        const connection = await mysql.createConnection(url);
        await connection.query(drop);
        await connection.end();
      }
    },
  };
}
