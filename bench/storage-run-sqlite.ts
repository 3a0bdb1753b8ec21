/** The storage benchmark's SQLite database: one file per load, in the benchmark's directory. */
import { sqliteStorage } from "@sigreg/adapters/sql";
import { type DatabaseUnderTest, engineLoadPhase, insertManyPhase } from "./storage-engine.js";
import { compareSqlite, removeSqlite, sqliteBaselinePhase } from "./storage-sqlite.js";

/** Fresh files for the baseline, the engine and the insertMany loads; removed on close unless `keep`. */
export async function openSqlite(dir: string, keep: boolean): Promise<DatabaseUnderTest> {
  const paths = {
    baseline: `${dir}baseline.db`,
    engine: `${dir}engine.db`,
    insertMany: `${dir}insert-many.db`,
    insertManyPerTenant: `${dir}insert-many-per-tenant.db`,
  };
  const baseline = await sqliteBaselinePhase(paths.baseline);
  removeSqlite(paths.engine);
  removeSqlite(paths.insertMany);
  removeSqlite(paths.insertManyPerTenant);
  const storage = sqliteStorage({ filename: paths.engine });
  const bare = sqliteStorage({ filename: paths.insertMany });
  const perTenant = sqliteStorage({ filename: paths.insertManyPerTenant });
  await storage.migrate();
  await bare.migrate();
  await perTenant.migrate();
  return {
    name: "sqlite",
    baselines: [baseline.spec],
    engine: engineLoadPhase(
      "sqlite: engine (importRegister + recordActivities/recordAlerts × 1,000)",
      storage,
    ),
    insertMany: insertManyPhase("sqlite: adapter insertMany, one transaction", bare, "one"),
    insertManyPerTenant: insertManyPhase(
      "sqlite: adapter insertMany, one transaction per tenant",
      perTenant,
      "tenant",
    ),
    storage,
    sameRows: async () => ({
      engine: compareSqlite(paths.engine, paths.baseline),
      insertMany: compareSqlite(paths.insertMany, paths.baseline),
      insertManyPerTenant: compareSqlite(paths.insertManyPerTenant, paths.baseline),
    }),
    async close() {
      baseline.close();
      await storage.close();
      await bare.close();
      await perTenant.close();
      if (!keep) for (const path of Object.values(paths)) removeSqlite(path);
    },
  };
}
