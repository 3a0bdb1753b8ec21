/**
 * Quick insertMany throughput check: N activity-like JSON rows through the adapter, against a plain
 * prepared-insert loop on the same database. Not a test; run it by hand:
 *   SIGREG_PG_URL=… SIGREG_MYSQL_URL=… npx tsx packages/adapters/test/helpers/sql-throughput.ts [rows]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { JsonObject } from "@sigreg/core";
import Database from "better-sqlite3";
import pg from "pg";
import {
  mysqlStorage,
  pgliteStorage,
  postgresStorage,
  type SqlStorage,
  sqliteStorage,
} from "../../src/sql/index.js";

const ROWS = Number(process.argv[2] ?? 100_000);
const BATCH = 10_000;

function activity(i: number): { id: string; data: JsonObject } {
  const id = `act-${i.toString(16).padStart(24, "0")}`;
  return {
    id,
    data: {
      id,
      group: `grp-${i % 50}`,
      date: new Date(Date.UTC(2024, 0, 1) + (i % 365) * 86_400_000).toISOString(),
      type: "alert-received",
      by: `person-${i % 20}`,
      summary: `Advisory ${i}: patched the affected appliances after the vendor bulletin`,
      url: `https://example.org/advisories/${i}`,
      actions: i % 3 === 0 ? [{ type: "ticket", ref: `SEC-${i}` }] : [],
    },
  };
}

async function viaAdapter(storage: SqlStorage): Promise<number> {
  await storage.migrate();
  const started = performance.now();
  for (let start = 0; start < ROWS; start += BATCH) {
    const records = [];
    for (let i = start; i < Math.min(ROWS, start + BATCH); i++) records.push(activity(i));
    const { inserted } = await storage.insertMany({
      tenant: "bench",
      collection: "activities",
      records,
    });
    if (inserted.length !== records.length) throw new Error("not every row was inserted");
  }
  return ROWS / ((performance.now() - started) / 1000);
}

function report(name: string, adapter: number, baseline?: number): void {
  const ratio =
    baseline === undefined
      ? ""
      : `  baseline ${Math.round(baseline)} rows/s  ratio ${(adapter / baseline).toFixed(2)}`;
  console.log(`${name.padEnd(8)} insertMany ${Math.round(adapter)} rows/s${ratio}`);
}

/** Best of two rounds, alternating, so that one noisy moment does not decide the ratio. */
async function bestOf(adapter: () => Promise<number>, baseline: () => Promise<number>) {
  let best = { adapter: 0, baseline: 0 };
  for (let round = 0; round < 2; round++) {
    best = {
      baseline: Math.max(best.baseline, await baseline()),
      adapter: Math.max(best.adapter, await adapter()),
    };
  }
  return best;
}

async function sqlite(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "sigreg-bench-"));
  let files = 0;
  try {
    const best = await bestOf(
      async () => {
        const storage = sqliteStorage({ filename: join(dir, `${++files}.db`) });
        const rate = await viaAdapter(storage);
        await storage.close();
        return rate;
      },
      async () => {
        // Baseline: the same table, one prepared INSERT per row, one transaction per batch.
        const filename = join(dir, `${++files}.db`);
        const storage = sqliteStorage({ filename });
        await storage.migrate();
        await storage.close();
        const db = new Database(filename);
        db.pragma("journal_mode = WAL");
        const insert = db.prepare(
          "INSERT INTO sigreg_records (tenant, collection, id, version, data, updated_at) VALUES (?, ?, ?, 1, ?, ?)",
        );
        const started = performance.now();
        for (let start = 0; start < ROWS; start += BATCH) {
          const now = new Date().toISOString();
          db.transaction(() => {
            for (let i = start; i < Math.min(ROWS, start + BATCH); i++) {
              const { id, data } = activity(i);
              insert.run("bench", "activities", id, JSON.stringify(data), now);
            }
          })();
        }
        const rate = ROWS / ((performance.now() - started) / 1000);
        db.close();
        return rate;
      },
    );
    report("sqlite", best.adapter, best.baseline);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function pglite(): Promise<void> {
  const client = new PGlite();
  report("pglite", await viaAdapter(pgliteStorage({ client })));
  await client.close();
}

async function postgres(url: string): Promise<void> {
  const client = new pg.Client(url);
  await client.connect();
  const fresh = async () => {
    const storage = postgresStorage({
      connectionString: url,
      tablePrefix: `bench${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}_`,
    });
    await storage.migrate();
    return storage;
  };
  const drop = async (storage: SqlStorage) => {
    for (const table of Object.values(storage.tables)) await client.query(`DROP TABLE "${table}"`);
    await storage.close();
  };
  const best = await bestOf(
    async () => {
      const storage = await fresh();
      const rate = await viaAdapter(storage);
      await drop(storage);
      return rate;
    },
    async () => {
      // Baseline: a named prepared statement, one row per round trip, one transaction per batch.
      const storage = await fresh();
      const started = performance.now();
      for (let start = 0; start < ROWS; start += BATCH) {
        const now = new Date().toISOString();
        await client.query("BEGIN");
        for (let i = start; i < Math.min(ROWS, start + BATCH); i++) {
          const { id, data } = activity(i);
          await client.query({
            name: `baseline-${storage.tables.records}`,
            text: `INSERT INTO "${storage.tables.records}" (tenant, collection, id, version, data, updated_at) VALUES ($1, $2, $3, 1, $4, $5)`,
            values: ["bench", "activities", id, JSON.stringify(data), now],
          });
        }
        await client.query("COMMIT");
      }
      const rate = ROWS / ((performance.now() - started) / 1000);
      await drop(storage);
      return rate;
    },
  );
  await client.end();
  report("postgres", best.adapter, best.baseline);
}

async function mariadb(uri: string): Promise<void> {
  const tablePrefix = `bench${Date.now().toString(36)}_`;
  const storage = mysqlStorage({ uri, tablePrefix });
  const adapter = await viaAdapter(storage);
  const mysql = (await import("mysql2/promise")).default;
  const connection = await mysql.createConnection(uri);
  for (const table of Object.values(storage.tables))
    await connection.query(`DROP TABLE \`${table}\``);
  await connection.end();
  await storage.close();
  report("mariadb", adapter);
}

await sqlite();
await pglite();
if (process.env.SIGREG_PG_URL) await postgres(process.env.SIGREG_PG_URL);
if (process.env.SIGREG_MYSQL_URL) await mariadb(process.env.SIGREG_MYSQL_URL);
