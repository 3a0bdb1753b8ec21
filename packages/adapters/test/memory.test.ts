import { compareCodePoints, memoryStorage } from "@sigreg/adapters/memory";
import {
  chainEvidence,
  type EvidenceEntry,
  type OutboxMessage,
  type StorageAdapter,
} from "@sigreg/core";
import { describe, expect, it } from "vitest";

const key = { tenant: "acme", collection: "groups" as const, id: "g" };

/** A promise and the function that resolves it. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

const ticks = (n: number) => new Promise((resolve) => setTimeout(resolve, n));

function message(id: string): OutboxMessage {
  const at = "2026-01-01T00:00:00.000Z";
  return {
    id,
    tenant: "acme",
    topic: "t",
    payload: {},
    createdAt: at,
    status: "pending",
    attempts: 0,
  };
}

describe("memoryStorage: transactions and the lock", () => {
  it("a write outside a transaction waits for the running transaction, then sees its commit", async () => {
    const storage = memoryStorage();
    const release = gate();
    const entered = gate();
    const tx = storage.transaction(async (tx) => {
      (await tx.put({ ...key, data: { by: "tx" }, expectedVersion: 0 }))._unsafeUnwrap();
      entered.open();
      await release.opened;
    });
    await entered.opened;
    let written = false;
    const outside = storage
      .put({ ...key, data: { by: "outside" }, expectedVersion: 1 })
      .then((result) => {
        written = true;
        return result;
      });
    await ticks(20);
    expect(written).toBe(false);
    release.open();
    await tx;
    expect((await outside)._unsafeUnwrap().version).toBe(2);
    expect((await storage.get(key))?.data).toEqual({ by: "outside" });
  });

  it("runs transactions one after another, never interleaved", async () => {
    const storage = memoryStorage();
    const events: string[] = [];
    const transaction = (name: string) =>
      storage.transaction(async (tx) => {
        events.push(`${name} start`);
        await ticks(5);
        const current = await tx.get(key);
        await ticks(5);
        const data = { last: name };
        (await tx.put({ ...key, data, expectedVersion: current?.version ?? 0 }))._unsafeUnwrap();
        events.push(`${name} end`);
      });
    await Promise.all([transaction("one"), transaction("two"), transaction("three")]);
    expect(events).toEqual([
      "one start",
      "one end",
      "two start",
      "two end",
      "three start",
      "three end",
    ]);
    expect((await storage.get(key))?.version).toBe(3);
  });

  it("reads never wait, and see only committed data while a transaction runs", async () => {
    const storage = memoryStorage();
    (await storage.put({ ...key, data: { v: 1 }, expectedVersion: 0 }))._unsafeUnwrap();
    const release = gate();
    const written = gate();
    const tx = storage.transaction(async (tx) => {
      (await tx.put({ ...key, data: { v: 2 }, expectedVersion: 1 }))._unsafeUnwrap();
      (await tx.put({ ...key, id: "new", data: {}, expectedVersion: 0 }))._unsafeUnwrap();
      await tx.appendEvidence({ tenant: "acme", entry: entry(1) });
      written.open();
      await release.opened;
    });
    await written.opened;
    expect((await storage.get(key))?.data).toEqual({ v: 1 });
    expect((await storage.list({ ...key, limit: 10 })).map((record) => record.id)).toEqual(["g"]);
    expect(await storage.lastEvidence({ tenant: "acme" })).toBeUndefined();
    release.open();
    await tx;
    expect((await storage.get(key))?.data).toEqual({ v: 2 });
    expect((await storage.list({ ...key, limit: 10 })).map((record) => record.id)).toEqual([
      "g",
      "new",
    ]);
  });

  it("releases the lock when a transaction throws", async () => {
    const storage = memoryStorage();
    await expect(storage.transaction(async () => Promise.reject(new Error("no")))).rejects.toThrow(
      "no",
    );
    expect((await storage.put({ ...key, data: {}, expectedVersion: 0 })).isOk()).toBe(true);
  });

  it("rejects, rather than waits forever, a transaction or an adapter write started inside a transaction", async () => {
    const storage = memoryStorage({ name: "mine" });
    let nested: unknown;
    let write: unknown;
    await storage.transaction(async () => {
      nested = await storage.transaction(async () => 1).catch((error: Error) => error.message);
      write = await storage
        .put({ ...key, data: {}, expectedVersion: 0 })
        .catch((error: Error) => error.message);
      expect(await storage.get(key)).toBeUndefined(); // reads are fine
    });
    expect(nested).toBe("mine: transactions do not nest; use the `tx` you were given");
    expect(write).toMatch(/^mine: a write through the adapter inside its own transaction/);
  });

  it("rejects a tx used after its transaction ended, and writes nothing through it", async () => {
    const storage = memoryStorage();
    let leaked: Parameters<Parameters<StorageAdapter["transaction"]>[0]>[0] | undefined;
    await storage.transaction(async (tx) => {
      leaked = tx;
    });
    await expect(leaked!.put({ ...key, data: {}, expectedVersion: 0 })).rejects.toThrow(
      "memory: `tx` used after its transaction ended",
    );
    await expect(leaked!.get(key)).rejects.toThrow(/after its transaction ended/);
    expect(await storage.get(key)).toBeUndefined();
  });
});

function entry(seq: number): EvidenceEntry {
  const previous = seq === 1 ? undefined : entry(seq - 1);
  return chainEvidence(previous, {
    at: "2026-01-01T00:00:00.000Z",
    actor: "a",
    action: "x",
    subject: { collection: "groups", id: "g" },
    before: null,
    after: { seq },
  });
}

describe("memoryStorage: details beyond the port", () => {
  it("is named memory unless told otherwise", () => {
    expect(memoryStorage().name).toBe("memory");
    expect(memoryStorage({ name: "cache" }).name).toBe("cache");
  });

  it("rejects an outbox id enqueued twice and keeps the first message", async () => {
    const storage = memoryStorage();
    await storage.enqueue({ message: message("m1") });
    await expect(
      storage.enqueue({ message: { ...message("m1"), topic: "other" } }),
    ).rejects.toThrow("memory: outbox message m1 is already enqueued");
    expect(await storage.listOutbox({ status: "pending", limit: 10 })).toEqual([message("m1")]);
  });

  it("an enqueue that fails inside a transaction, caught, leaves the transaction's other writes to commit", async () => {
    const storage = memoryStorage();
    await storage.enqueue({ message: message("m1") });
    await storage.transaction(async (tx) => {
      await tx.enqueue({ message: message("m2") });
      await expect(tx.enqueue({ message: message("m1") })).rejects.toThrow(/already enqueued/);
    });
    const listed = await storage.listOutbox({ status: "pending", limit: 10 });
    expect(listed.map((queued) => queued.id)).toEqual(["m1", "m2"]);
  });

  it("updateOutbox of an unknown id changes nothing, like an UPDATE that matches no row", async () => {
    const storage = memoryStorage();
    await storage.enqueue({ message: message("m1") });
    await storage.updateOutbox({ id: "missing", status: "sent", attempts: 1 });
    expect(await storage.listOutbox({ status: "sent", limit: 10 })).toEqual([]);
    expect(await storage.listOutbox({ status: "pending", limit: 10 })).toEqual([message("m1")]);
  });

  it("lists evidence by seq whatever order the entries were appended in", async () => {
    const storage = memoryStorage();
    for (const seq of [5, 2, 9, 1])
      await storage.appendEvidence({ tenant: "acme", entry: entry(seq) });
    expect((await storage.lastEvidence({ tenant: "acme" }))?.seq).toBe(9);
    const listed = await storage.listEvidence({ tenant: "acme", afterSeq: 1, limit: 10 });
    expect(listed.map((item) => item.seq)).toEqual([2, 5, 9]);
  });

  it("keeps id order through shuffled inserts, removals and re-inserts", async () => {
    const storage = memoryStorage();
    const ids = Array.from({ length: 3000 }, (_, n) => `id-${(n * 7919) % 3000}`);
    await storage.insertMany({
      ...key,
      records: ids.slice(0, 1000).map((id) => ({ id, data: {} })),
    });
    for (const id of ids.slice(1000, 1200)) {
      (await storage.put({ ...key, id, data: {}, expectedVersion: 0 }))._unsafeUnwrap();
    }
    for (const id of ids.slice(0, 1200).filter((_, n) => n % 3 === 0)) {
      (await storage.remove({ ...key, id, expectedVersion: 1 }))._unsafeUnwrap();
    }
    await storage.insertMany({ ...key, records: ids.map((id) => ({ id, data: {} })) });
    const listed: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await storage.list({ ...key, limit: 700, ...(after ? { after } : {}) });
      listed.push(...page.map((record) => record.id));
      if (page.length < 700) break;
      after = page.at(-1)?.id;
    }
    expect(listed).toEqual([...ids].sort());
  });
});

describe("compareCodePoints", () => {
  it("orders by code point: U+FF5A before U+1F600, where < says the opposite", () => {
    expect(["😀", "ｚ", "a", "", "é"].sort(compareCodePoints)).toEqual(["", "a", "é", "ｚ", "😀"]);
    expect("😀" < "ｚ").toBe(true);
    expect(compareCodePoints("😀", "ｚ")).toBeGreaterThan(0);
  });

  it("agrees with < on ASCII, equal strings and prefixes", () => {
    const ids = ["a", "B", "a-1", "a_1", "a.1", "a:1", "Z9", "a", "ab", "abc"];
    expect([...ids].sort(compareCodePoints)).toEqual([...ids].sort());
    expect(compareCodePoints("same", "same")).toBe(0);
    expect(compareCodePoints("ab", "abc")).toBeLessThan(0);
  });

  it("orders astral characters among themselves by code point", () => {
    expect(["\u{1F601}", "\u{10000}", "\u{1F600}", "\u{E000}"].sort(compareCodePoints)).toEqual([
      "\u{E000}",
      "\u{10000}",
      "\u{1F600}",
      "\u{1F601}",
    ]);
  });
});
