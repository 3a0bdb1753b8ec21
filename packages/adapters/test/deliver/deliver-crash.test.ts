import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { DELIVERY_TOPIC, type OutboxMessage, type StorageAdapter } from "@sigreg/core";
import { describe, expect, it } from "vitest";
import { processTargets } from "../helpers/process-targets.js";
import { flakyTarget } from "./fault-target.js";

const CHILD = fileURLToPath(new URL("./deliver-child.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const MESSAGES = 1500;
const CONCURRENCY = 8;
const SECRET = `whsec_${randomBytes(32).toString("base64")}`;

function startWorker(where: string, url: string, worker: string): ChildProcess {
  // The test's own Node, with tsx resolving @sigreg/* to source through tsconfig paths.
  return spawn(process.execPath, ["--import", "tsx", CHILD, where, url, worker, "1500"], {
    cwd: ROOT,
    env: { ...process.env, SIGREG_TEST_WEBHOOK_SECRET: SECRET },
    stdio: ["ignore", "pipe", "inherit"],
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

async function all(storage: StorageAdapter, status: OutboxMessage["status"]) {
  const found: OutboxMessage[] = [];
  for (;;) {
    const page = await storage.listOutbox({ status, after: found.at(-1)?.id, limit: 1000 });
    found.push(...page);
    if (page.length < 1000) return found;
  }
}

for (const target of processTargets("crash")) {
  describe(`a delivery worker killed mid-batch on ${target.name}`, () => {
    it("SIGKILL, then a new worker: every message delivered, none again once recorded, duplicates only from sends in flight", async () => {
      const storage = target.open();
      const receiver = await flakyTarget({ failShare: 0, random: Math.random, delayMs: 3 });
      try {
        await storage.migrate?.();
        await storage.transaction(async (tx) => {
          for (let n = 0; n < MESSAGES; n++) {
            const id = `k-${String(n).padStart(5, "0")}`;
            await tx.enqueue({
              message: {
                id,
                tenant: "t",
                topic: DELIVERY_TOPIC,
                payload: {
                  notifier: "hook",
                  notification: { kind: "alert", tenant: "t", idempotencyKey: id, title: `n${n}` },
                },
                createdAt: "2026-11-23T09:00:00.000Z",
                status: "pending",
                attempts: 0,
              },
            });
          }
        });
        const first = startWorker(target.where, receiver.url, "doomed");
        const firstExit = exited(first);
        // Kill it once a third has been delivered: a batch is certainly in flight then.
        await new Promise<void>((resolve) => {
          const timer = setInterval(() => {
            if (receiver.successes.size >= MESSAGES / 3) {
              clearInterval(timer);
              resolve();
            }
          }, 5);
        });
        first.kill("SIGKILL");
        expect(await firstExit).toBeNull();
        const recorded = new Set((await all(storage, "sent")).map((m) => m.id));
        const receivedAtKill = new Map(receiver.requests);
        expect(recorded.size).toBeGreaterThan(0);
        expect(recorded.size).toBeLessThan(MESSAGES);

        const second = startWorker(target.where, receiver.url, "successor");
        expect(await exited(second)).toBe(0);

        const sent = await all(storage, "sent");
        expect(sent).toHaveLength(MESSAGES);
        expect(await all(storage, "pending")).toEqual([]);
        expect(await all(storage, "failed")).toEqual([]);
        for (const id of recorded) {
          // Recorded as delivered before the kill: never sent again.
          expect(receiver.requests.get(id), id).toBe(receivedAtKill.get(id));
          expect(receiver.successes.get(id), id).toBe(1);
        }
        const twice = [...receiver.successes.entries()].filter(([, count]) => count > 1);
        // At least once: only sends in flight when the worker died can arrive a second time.
        expect(twice.length).toBeLessThanOrEqual(CONCURRENCY);
        for (const [id] of twice) expect(recorded.has(id)).toBe(false);
        expect(receiver.successes.size).toBe(MESSAGES);
      } finally {
        await receiver.close();
        await storage.close?.();
        await target.cleanup();
      }
    }, 120_000);
  });
}
