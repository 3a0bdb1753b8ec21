import assert from "node:assert/strict";
import type { StorageConformanceCheck } from "../types.js";
import { expectOk, message, ownMessages } from "./expect.js";

const group = "outbox";

/** Enqueue, list by status, update; rollback. @internal */
export const outboxChecks: StorageConformanceCheck[] = [
  {
    group,
    name: "enqueues messages and lists them by status, in id order, with paging",
    async run(context) {
      const { adapter } = context;
      const tenant = context.tenant();
      const messages = [3, 1, 2].map((n) => message(context, n, tenant));
      for (const queued of messages) await adapter.enqueue({ message: queued });
      const ordered = [...messages].sort((a, b) => (a.id < b.id ? -1 : 1));
      assert.deepEqual(
        await ownMessages(context, "pending"),
        ordered,
        "pending, in id order, exactly as enqueued",
      );
      const page = await adapter.listOutbox({ status: "pending", after: ordered[0]?.id, limit: 1 });
      assert.deepEqual(page, [ordered[1]], "after the first, a page of 1");
      assert.deepEqual(await ownMessages(context, "sent"), [], "none sent");
      assert.deepEqual(await ownMessages(context, "failed"), [], "none failed");
    },
  },
  {
    group,
    name: "updateOutbox moves a message between statuses and records attempts and the last error",
    async run(context) {
      const { adapter } = context;
      const tenant = context.tenant();
      const [one, two, three] = [1, 2, 3].map((n) => message(context, n, tenant));
      for (const queued of [one!, two!, three!]) await adapter.enqueue({ message: queued });
      await adapter.updateOutbox({ id: two!.id, status: "sent", attempts: 1 });
      await adapter.updateOutbox({
        id: three!.id,
        status: "failed",
        attempts: 2,
        lastError: "timeout ✗",
      });
      assert.deepEqual(await ownMessages(context, "pending"), [one], "still pending");
      assert.deepEqual(
        await ownMessages(context, "sent"),
        [{ ...two, status: "sent", attempts: 1 }],
        "sent",
      );
      assert.deepEqual(
        await ownMessages(context, "failed"),
        [{ ...three, status: "failed", attempts: 2, lastError: "timeout ✗" }],
        "failed, with its last error",
      );
      await adapter.updateOutbox({
        id: three!.id,
        status: "pending",
        attempts: 2,
        lastError: "retrying",
      });
      assert.deepEqual(
        await ownMessages(context, "pending"),
        [one, { ...three, status: "pending", attempts: 2, lastError: "retrying" }],
        "back to pending, in id order",
      );
    },
  },
  {
    group,
    name: "a message enqueued in a transaction that rolls back is never listed",
    async run(context) {
      const { adapter } = context;
      const tenant = context.tenant();
      const rolledBack = message(context, 1, tenant);
      const committed = message(context, 2, tenant);
      await assert.rejects(
        adapter.transaction(async (tx) => {
          await tx.enqueue({ message: rolledBack });
          expectOk(
            await tx.put({ tenant, collection: "groups", id: "g", data: {}, expectedVersion: 0 }),
            "put",
          );
          throw new Error("roll back");
        }),
        /roll back/,
      );
      await adapter.transaction(async (tx) => tx.enqueue({ message: committed }));
      for (const status of ["pending", "sent", "failed"] as const) {
        const listed = await ownMessages(context, status);
        assert.deepEqual(
          listed,
          status === "pending" ? [committed] : [],
          `${status}: only the committed message`,
        );
      }
    },
  },
];
