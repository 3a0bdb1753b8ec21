/**
 * The storage benchmark's PostgreSQL database: a schema of its own (`sigreg_bench`, dropped on
 * close), with tables made by the adapter's migration under a prefix per load.
 */

import { createPgPool, redactUrl } from "./storage-drivers.js";
import type { DatabaseUnderTest } from "./storage-engine.js";
import { engineLoadPhase, insertManyPhase } from "./storage-engine.js";
import {
  comparePg,
  pgCopyBaseline,
  pgStorage,
  pgUnnestBaseline,
  pgValuesBaseline,
} from "./storage-postgres.js";

/** Schema the benchmark works in. */
export const PG_SCHEMA = "sigreg_bench";

/** The database at `url`, or why it cannot be used (the password never appears). */
export async function openPostgres(
  url: string,
  keep: boolean,
  log: (line: string) => void,
): Promise<DatabaseUnderTest | { skipped: string }> {
  const pool = createPgPool(url, PG_SCHEMA, 8);
  try {
    const { rows } = await pool.query<{ server_version: string }>("SHOW server_version");
    await pool.query(`DROP SCHEMA IF EXISTS ${PG_SCHEMA} CASCADE`);
    await pool.query(`CREATE SCHEMA ${PG_SCHEMA}`);
    log(`[postgres] ${rows[0]?.server_version} at ${redactUrl(url)}, schema ${PG_SCHEMA}`);
  } catch (error) {
    await pool.end();
    const message = (error as Error).message.split(url).join(redactUrl(url));
    return { skipped: `cannot use ${redactUrl(url)}: ${message}` };
  }
  const baselines = [
    await pgCopyBaseline(pool),
    await pgValuesBaseline(pool),
    await pgUnnestBaseline(pool),
  ];
  const storage = await pgStorage(pool, "sigreg_");
  const bare = await pgStorage(pool, "many_");
  const perTenant = await pgStorage(pool, "tenant_");
  return {
    name: "postgres",
    baselines: baselines.map((baseline) => baseline.spec),
    engine: engineLoadPhase(
      "postgres: engine (importRegister + recordActivities/recordAlerts × 1,000)",
      storage,
    ),
    insertMany: insertManyPhase("postgres: adapter insertMany, one transaction", bare, "one"),
    insertManyPerTenant: insertManyPhase(
      "postgres: adapter insertMany, one transaction per tenant",
      perTenant,
      "tenant",
    ),
    storage,
    sameRows: async () => ({
      engine: await comparePg(pool, "sigreg_", "copy_"),
      insertMany: await comparePg(pool, "many_", "copy_"),
      insertManyPerTenant: await comparePg(pool, "tenant_", "copy_"),
    }),
    async close() {
      for (const baseline of baselines) await baseline.close();
      await storage.close();
      await bare.close();
      await perTenant.close();
      if (!keep) await pool.query(`DROP SCHEMA IF EXISTS ${PG_SCHEMA} CASCADE`);
      await pool.end();
    },
  };
}
