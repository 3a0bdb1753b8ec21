/**
 * A second process writing to the same SQLite file as a test: optimistic read-modify-write updates
 * of one record, then `{"successes":n,"conflicts":m}` on stdout. Run with tsx:
 *   tsx sql-sqlite-writer.ts <filename> <tablePrefix> <tenant> <id> <updates> [migrate]
 */
import { sqliteStorage } from "../../src/sql/index.js";

const [filename, tablePrefix, tenant, id, updates, mode] = process.argv.slice(2);
if (
  filename === undefined ||
  tablePrefix === undefined ||
  tenant === undefined ||
  id === undefined
) {
  throw new Error(
    "usage: sql-sqlite-writer.ts <filename> <tablePrefix> <tenant> <id> <updates> [migrate]",
  );
}
const storage = sqliteStorage({ filename, tablePrefix });
if (mode === "migrate") {
  await storage.migrate();
  console.log(JSON.stringify({ migrated: true }));
} else {
  const key = { tenant, collection: "groups" as const, id };
  let successes = 0;
  let conflicts = 0;
  for (let i = 0; i < Number(updates); i++) {
    const current = await storage.get(key);
    if (current === undefined) throw new Error("the record to update is missing");
    const written = await storage.put({
      ...key,
      data: { counter: (current.data.counter as number) + 1 },
      expectedVersion: current.version,
    });
    if (written.isOk()) successes++;
    else conflicts++;
  }
  console.log(JSON.stringify({ successes, conflicts }));
}
await storage.close();
