/**
 * A delivery worker in its own process, for the crash test: delivers the outbox of a SQLite file
 * or a Postgres schema to a webhook until nothing is pending, printing `progress` lines. Run with tsx:
 *   tsx deliver-child.ts <sqlite:FILE | postgres:URL#PREFIX> <webhook url> <worker> <leaseMs>
 */
import { createSigreg } from "@sigreg/core";
import { webhookNotifier } from "../../src/webhook/index.js";
import { openStorageSpec } from "../helpers/process-targets.js";

const [where, url, worker, lease] = process.argv.slice(2);
if (where === undefined || url === undefined || worker === undefined || lease === undefined)
  throw new Error(
    "usage: deliver-child.ts <sqlite:FILE|postgres:URL#PREFIX> <url> <worker> <leaseMs>",
  );

const storage = openStorageSpec(where);
const secret = process.env.SIGREG_TEST_WEBHOOK_SECRET ?? "";
const sigreg = createSigreg({
  storage,
  notifiers: [webhookNotifier({ url, secret, name: "hook" })],
});
for (;;) {
  const report = await sigreg.deliver({
    worker,
    leaseMs: Number(lease),
    batchSize: 50,
    concurrency: 8,
    maxBatches: 1,
  });
  process.stdout.write(`progress ${report.sent}\n`);
  if (report.claimed > 0) continue;
  if ((await storage.listOutbox({ status: "pending", limit: 1 })).length === 0) break;
  // Leases of a dead worker are still running: wait for them to end.
  await new Promise((resolve) => setTimeout(resolve, 100));
}
await storage.close?.();
process.stdout.write("done\n");
