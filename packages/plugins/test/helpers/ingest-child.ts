/**
 * An ingestion worker in its own process, for the crash test: runs one `ingestAll` over a SQLite
 * file or a Postgres table prefix, with the real clock. Run with tsx:
 *   tsx ingest-child.ts <sqlite:FILE | postgres:URL#PREFIX> <worker> <leaseMs>
 */
import { createSigreg } from "@sigreg/core";
import { openStorageSpec } from "../../../adapters/test/helpers/process-targets.js";
import { createFetcher } from "../../src/fetch/index.js";
import { ingestAll } from "../../src/index.js";

const [where, worker, lease] = process.argv.slice(2);
if (where === undefined || worker === undefined || lease === undefined)
  throw new Error("usage: ingest-child.ts <sqlite:FILE|postgres:URL#PREFIX> <worker> <leaseMs>");

const sigreg = createSigreg({ storage: openStorageSpec(where) });
const fetcher = createFetcher({ allow: ["127.0.0.1"], timeoutMs: 120_000 });
const report = await ingestAll({
  sigreg,
  fetcher,
  worker,
  leaseMs: Number(lease),
  minIntervalMs: 0,
});
process.stdout.write(`${JSON.stringify(report)}\n`);
await fetcher.close();
await sigreg.close();
