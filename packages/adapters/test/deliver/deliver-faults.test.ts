import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { memoryStorage } from "@sigreg/adapters/memory";
import { postgresStorage, sqliteStorage } from "@sigreg/adapters/sql";
import { webhookNotifier } from "@sigreg/adapters/webhook";
import {
  createSigreg,
  DELIVERY_TOPIC,
  type DeliverReport,
  type OutboxMessage,
  type StorageAdapter,
} from "@sigreg/core";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { seededRandom } from "../../src/testing/prng.js";
import { flakyTarget } from "./fault-target.js";

const MESSAGES = 10_000;
const MAX_ATTEMPTS = 6;
const WORKERS = 3;
const SECRET = `whsec_${randomBytes(32).toString("base64")}`;

/** Three storages on one database, as three worker processes would open it. */
interface Shared {
  name: string;
  open(): Promise<StorageAdapter[]>;
  dispose(): Promise<void>;
}

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

function targets(): Shared[] {
  const list: Shared[] = [];
  const memory = memoryStorage();
  list.push({
    name: "memory",
    open: async () => [memory, memory, memory],
    dispose: async () => {},
  });
  const dir = mkdtempSync(join(tmpdir(), "sigreg-faults-"));
  const filename = join(dir, "outbox.db");
  let sqlite: StorageAdapter[] = [];
  list.push({
    name: "sqlite (one file, three connections)",
    open: async () => {
      sqlite = Array.from({ length: WORKERS }, () => sqliteStorage({ filename }));
      await sqlite[0]?.migrate?.();
      return sqlite;
    },
    dispose: async () => {
      for (const storage of sqlite) await storage.close?.();
      rmSync(dir, { recursive: true, force: true });
    },
  });
  const url = process.env.SIGREG_PG_URL;
  // Needs SIGREG_PG_URL; .ci/run always sets it, so CI never skips the Postgres run.
  if (url) {
    const tablePrefix = `faults_${process.pid}_${Math.random().toString(36).slice(2, 8)}_`;
    let pools: StorageAdapter[] = [];
    list.push({
      name: "postgres (three pools)",
      open: async () => {
        pools = Array.from({ length: WORKERS }, () =>
          postgresStorage({ connectionString: url, tablePrefix, max: 4 }),
        );
        await pools[0]?.migrate?.();
        return pools;
      },
      dispose: async () => {
        for (const storage of pools) await storage.close?.();
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query(
          ["records", "evidence", "outbox", "migrations"]
            .map((t) => `DROP TABLE IF EXISTS "${tablePrefix}${t}"`)
            .join("; "),
        );
        await client.end();
      },
    });
  }
  return list;
}

async function enqueueNotifications(storage: StorageAdapter, tenant: string): Promise<void> {
  for (let start = 0; start < MESSAGES; start += 1000) {
    await storage.transaction(async (tx) => {
      for (let n = start; n < Math.min(MESSAGES, start + 1000); n++) {
        const id = `m-${String(n).padStart(5, "0")}`;
        await tx.enqueue({
          message: {
            id,
            tenant,
            topic: DELIVERY_TOPIC,
            payload: {
              notifier: "hook",
              notification: { kind: "alert", tenant, idempotencyKey: id, title: `Alert ${n}` },
            },
            createdAt: "2026-11-23T09:00:00.000Z",
            status: "pending",
            attempts: 0,
          },
        });
      }
    });
  }
}

async function all(storage: StorageAdapter, status: OutboxMessage["status"]) {
  const found: OutboxMessage[] = [];
  for (;;) {
    const page = await storage.listOutbox({ status, after: found.at(-1)?.id, limit: 1000 });
    found.push(...page);
    if (page.length < 1000) return found;
  }
}

for (const target of targets()) {
  describe(`delivery under faults on ${target.name}`, () => {
    it(`${MESSAGES} notifications, a target failing a third of the time, ${WORKERS} workers: each delivered once or dead-lettered after its last attempt`, async () => {
      cleanups.push(() => target.dispose());
      const storages = await target.open();
      const first = storages[0] as StorageAdapter;
      await enqueueNotifications(first, "t");
      const random = seededRandom(20261123);
      const receiver = await flakyTarget({ failShare: 1 / 3, random: () => random.next() });
      cleanups.push(() => receiver.close());
      const reports: DeliverReport[] = [];
      await Promise.all(
        storages.map(async (storage, index) => {
          const sigreg = createSigreg({
            storage,
            notifiers: [webhookNotifier({ url: receiver.url, secret: SECRET, name: "hook" })],
          });
          // Retries wait a few ms, so a round can end with messages not yet due: go on until none is pending.
          for (let round = 0; round < 200; round++) {
            reports.push(
              await sigreg.deliver({
                worker: `w${index}`,
                maxAttempts: MAX_ATTEMPTS,
                backoff: { baseMs: 2, maxMs: 20 },
                batchSize: 100,
                concurrency: 8,
              }),
            );
            if ((await storage.listOutbox({ status: "pending", limit: 1 })).length === 0) break;
            await new Promise((resolve) => setTimeout(resolve, 25));
          }
        }),
      );
      const sent = await all(first, "sent");
      const failed = await all(first, "failed");
      expect(await all(first, "pending")).toEqual([]);
      expect(sent.length + failed.length).toBe(MESSAGES);
      for (const message of sent) {
        // Delivered exactly once: no second delivery after the first was recorded.
        expect(receiver.successes.get(message.id), message.id).toBe(1);
        expect(message.attempts).toBe(receiver.requests.get(message.id));
      }
      const exhausted = [...receiver.requests.entries()].filter(
        ([id, count]) => count === MAX_ATTEMPTS && !receiver.successes.has(id),
      );
      expect(failed.map((m) => m.id).sort()).toEqual(exhausted.map(([id]) => id).sort());
      for (const message of failed) expect(message.attempts).toBe(MAX_ATTEMPTS);
      // (1/3)^6 of 10,000: about 14 messages exhaust their attempts, so the dead-letter path runs.
      expect(failed.length).toBeGreaterThan(0);
      if (process.env.SIGREG_PRINT_FAULTS) {
        const requests = [...receiver.requests.values()].reduce((a, b) => a + b, 0);
        console.log(
          `${target.name}: sent ${sent.length}, dead ${failed.length}, requests ${requests}`,
        );
      }
      const total = (key: keyof DeliverReport) => reports.reduce((sum, r) => sum + r[key], 0);
      expect(total("sent")).toBe(sent.length);
      expect(total("deadLettered")).toBe(failed.length);
      expect(total("superseded")).toBe(0);
      const failures = [...receiver.requests.values()].reduce((a, b) => a + b, 0) - sent.length;
      // A third of all requests failed, so retries really happened (seeded: the same every run).
      expect(failures).toBeGreaterThan(MESSAGES / 3);
      expect(JSON.stringify(failed)).not.toContain(SECRET);
    }, 240_000);
  });
}
