import assert from "node:assert/strict";
import type { OutboxMessage } from "@sigreg/core";
import type { StorageConformanceCheck } from "../types.js";
import { message, ownMessages } from "./expect.js";

const group = "outbox leases";
const T0 = "2026-01-01T00:00:00.000Z";
const T1 = "2026-01-01T00:01:00.000Z";
const T2 = "2026-01-01T00:02:00.000Z";
const T3 = "2026-01-01T00:03:00.000Z";

const ids = (messages: readonly OutboxMessage[]) => messages.map((m) => m.id);

/** claimOutbox and settleOutbox: leases, retries, dead letters, deliveries, races. @internal */
export const outboxLeaseChecks: StorageConformanceCheck[] = [
  {
    group,
    name: "enqueue returns true; a second message with the same id is refused, or with ifAbsent left as it is",
    async run(context) {
      const { adapter } = context;
      const tenant = context.tenant();
      const first = message(context, 1, tenant);
      assert.equal(await adapter.enqueue({ message: first }), true, "a new id is enqueued");
      const second = { ...first, payload: { replaced: true } };
      assert.equal(
        await adapter.enqueue({ message: second, ifAbsent: true }),
        false,
        "ifAbsent: the id is taken",
      );
      await assert.rejects(adapter.enqueue({ message: second }), "a duplicate id is refused");
      assert.equal(
        await adapter.transaction((tx) => tx.enqueue({ message: second, ifAbsent: true })),
        false,
        "ifAbsent inside a transaction",
      );
      assert.deepEqual(
        await ownMessages(context, "pending"),
        [first],
        "the first is kept as it was",
      );
    },
  },
  {
    group,
    name: "claimOutbox leases due messages in id order up to the limit; a live lease hides them, an ended one frees them",
    async run(context) {
      const { adapter } = context;
      const tenant = context.tenant();
      const queued = [1, 2, 3].map((n) => message(context, n, tenant));
      const later = { ...message(context, 4, tenant), availableAt: T2 };
      for (const m of [...queued, later]) await adapter.enqueue({ message: m });
      const first = await adapter.claimOutbox({
        worker: "w1",
        now: T0,
        leaseUntil: T1,
        limit: 2,
        tenant,
      });
      assert.deepEqual(
        first,
        queued.slice(0, 2).map((m) => ({ ...m, leaseOwner: "w1", leaseUntil: T1 })),
        "the first two, leased to w1",
      );
      const second = await adapter.claimOutbox({
        worker: "w2",
        now: T0,
        leaseUntil: T1,
        limit: 10,
        tenant,
      });
      assert.deepEqual(ids(second), [queued[2]?.id], "w2 gets only the unleased, due message");
      const expired = await adapter.claimOutbox({
        worker: "w3",
        now: T2,
        leaseUntil: T3,
        limit: 10,
        tenant,
      });
      assert.deepEqual(
        ids(expired),
        ids([...queued, later]),
        "after the leases end, every message is claimable again, the delayed one included",
      );
      assert.ok(
        expired.every((m) => m.leaseOwner === "w3" && m.leaseUntil === T3),
        "leased to w3",
      );
    },
  },
  {
    group,
    name: "settleOutbox records retries, dead letters and deliveries, only for the lease holder unless it is a delivery",
    async run(context) {
      const { adapter } = context;
      const tenant = context.tenant();
      const [a, b, c] = [1, 2, 3].map((n) => message(context, n, tenant)) as [
        OutboxMessage,
        OutboxMessage,
        OutboxMessage,
      ];
      for (const m of [a, b, c]) await adapter.enqueue({ message: m });
      await adapter.claimOutbox({ worker: "w1", now: T0, leaseUntil: T1, limit: 3, tenant });
      const retry = { id: a.id, status: "pending", attempts: 1, lastError: "HTTP 503" } as const;
      assert.equal(
        await adapter.settleOutbox({ ...retry, worker: "w2", availableAt: T2 }),
        false,
        "a worker without the lease cannot reschedule",
      );
      assert.equal(
        await adapter.settleOutbox({ ...retry, worker: "w1", availableAt: T2 }),
        true,
        "the lease holder reschedules",
      );
      assert.equal(
        await adapter.settleOutbox({
          id: b.id,
          worker: "w1",
          status: "failed",
          attempts: 5,
          lastError: "gave up",
        }),
        true,
        "the lease holder dead-letters",
      );
      const receipt = { notifier: "slack", deliveryId: "d-1" };
      assert.equal(
        await adapter.settleOutbox({
          id: c.id,
          worker: "someone-else",
          status: "sent",
          attempts: 1,
          deliveredAt: T1,
          receipt,
        }),
        true,
        "a delivery is recorded even by a worker whose lease was lost",
      );
      assert.equal(
        await adapter.settleOutbox({ id: c.id, worker: "w1", status: "pending", attempts: 2 }),
        false,
        "nothing reopens a delivered message",
      );
      assert.equal(
        await adapter.settleOutbox({ id: c.id, worker: "w1", status: "sent", attempts: 2 }),
        false,
        "a second delivery record does not apply",
      );
      assert.deepEqual(
        await ownMessages(context, "pending"),
        [{ ...a, attempts: 1, lastError: "HTTP 503", availableAt: T2 }],
        "rescheduled, lease cleared",
      );
      assert.deepEqual(
        await ownMessages(context, "failed"),
        [{ ...b, status: "failed", attempts: 5, lastError: "gave up" }],
        "dead letter",
      );
      assert.deepEqual(
        await ownMessages(context, "sent"),
        [{ ...c, status: "sent", attempts: 1, deliveredAt: T1, receipt }],
        "delivered, with its receipt",
      );
      assert.deepEqual(
        await adapter.claimOutbox({ worker: "w1", now: T1, leaseUntil: T3, limit: 5, tenant }),
        [],
        "before its retry time the rescheduled message is not due; sent and failed never are",
      );
      await adapter.updateOutbox({ id: b.id, status: "pending", attempts: 0 });
      assert.deepEqual(
        ids(await adapter.claimOutbox({ worker: "w1", now: T1, leaseUntil: T3, limit: 5, tenant })),
        [b.id],
        "an operator's retry makes a dead letter due at once",
      );
    },
  },
  {
    group,
    name: "concurrent claims never hand one message to two workers",
    async run(context) {
      const { adapter } = context;
      const tenant = context.tenant();
      const count = 60;
      for (let n = 1; n <= count; n++)
        await adapter.enqueue({ message: message(context, n, tenant) });
      const workers = Array.from({ length: 6 }, (_, w) => `w${w}`);
      const claims = await Promise.all(
        workers.map(async (worker) => {
          const mine: string[] = [];
          for (;;) {
            const page = await adapter.claimOutbox({
              worker,
              now: T0,
              leaseUntil: T3,
              limit: 4,
              tenant,
            });
            if (page.length === 0) return mine;
            assert.ok(
              page.every((m) => m.leaseOwner === worker),
              "returned leased to the claimer",
            );
            mine.push(...ids(page));
          }
        }),
      );
      const all = claims.flat();
      assert.equal(new Set(all).size, all.length, "no message was claimed twice");
      assert.equal(all.length, count, "every message was claimed once");
    },
  },
];
