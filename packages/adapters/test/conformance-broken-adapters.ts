import { memoryStorage } from "@sigreg/adapters/memory";
import type { StorageAdapter, StoredRecord } from "@sigreg/core";
import { ok } from "neverthrow";

/** A memory store with some methods replaced by wrong ones. */
function broken(over: (inner: StorageAdapter) => Partial<StorageAdapter>): StorageAdapter {
  const inner = memoryStorage();
  return { ...inner, ...over(inner) };
}

/** Adapters that each break one guarantee of the port, and the checks that must catch it. */
export const BROKEN_ADAPTERS: Array<{
  breaks: string;
  create: () => StorageAdapter;
  caughtBy: string[];
}> = [
  {
    breaks: "put and remove ignore expectedVersion",
    create: () =>
      broken((inner) => ({
        put: async (options) => {
          const current = await inner.get(options);
          return inner.put({ ...options, expectedVersion: current?.version ?? 0 });
        },
        remove: async (options) => {
          const current = await inner.get(options);
          return inner.remove({ ...options, expectedVersion: current?.version ?? 0 });
        },
      })),
    caughtBy: [
      "returns CONFLICT for a put at a stale version",
      "returns CONFLICT for creating a record that exists",
      "returns CONFLICT for removing at the wrong version",
      "concurrent read-then-put loops",
      "random puts, removes",
    ],
  },
  {
    breaks: "list leaks records of other tenants",
    create: () => {
      const tenants = new Set<string>();
      return broken((inner) => ({
        put: async (options) => {
          tenants.add(options.tenant);
          return inner.put(options);
        },
        list: async (options) => {
          const all: StoredRecord[] = [];
          for (const tenant of tenants) all.push(...(await inner.list({ ...options, tenant })));
          return all
            .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
            .slice(0, options.limit);
        },
      }));
    },
    caughtBy: ["random puts, removes"],
  },
  {
    breaks: "list sorts ids with localeCompare",
    create: () => broken((inner) => ({ list: sortedList(inner, (a, b) => a.localeCompare(b)) })),
    caughtBy: ["lists ids in code-point order", "pages with after and limit"],
  },
  {
    breaks: "list sorts ids by UTF-16 code unit (plain <)",
    create: () =>
      broken((inner) => ({ list: sortedList(inner, (a, b) => (a < b ? -1 : a > b ? 1 : 0)) })),
    caughtBy: ["orders ids by code point, not UTF-16 code unit"],
  },
  {
    breaks: "transaction runs fn on the adapter itself, without rollback",
    create: () => broken((inner) => ({ transaction: (fn) => fn(inner) })),
    caughtBy: [
      "rolls back records, evidence and outbox",
      "a CONFLICT inside a transaction followed by a throw",
      "a message enqueued in a transaction that rolls back",
    ],
  },
  {
    breaks: "get returns the same cached object every time",
    create: () => {
      const cache = new Map<string, StoredRecord>();
      return broken((inner) => ({
        get: async (key) => {
          const record = await inner.get(key);
          if (record === undefined) return undefined;
          const id = JSON.stringify([key.tenant, key.collection, key.id, record.version]);
          const cached = cache.get(id) ?? record;
          cache.set(id, cached);
          return cached;
        },
      }));
    },
    caughtBy: ["returns fresh objects"],
  },
  {
    breaks: "insertMany lets the last record of a repeated id win",
    create: () =>
      broken((inner) => ({
        insertMany: async (options) => {
          const last = new Map(options.records.map((record) => [record.id, record]));
          const firstOrder = [...new Set(options.records.map((record) => record.id))];
          return inner.insertMany({ ...options, records: firstOrder.map((id) => last.get(id)!) });
        },
      })),
    caughtBy: ["insertMany keeps the first record of an id repeated"],
  },
  {
    // Like an INSERT that skips a taken key without checking whether it inserted anything.
    breaks: "appendEvidence reports ok for a taken seq and drops the entry",
    create: () =>
      broken((inner) => ({
        appendEvidence: async (options) => {
          await inner.appendEvidence(options);
          return ok(undefined);
        },
      })),
    caughtBy: ["returns CONFLICT for an entry whose seq is taken"],
  },
  {
    breaks: "listOutbox ignores the status",
    create: () =>
      broken((inner) => ({
        listOutbox: async (options) => inner.listOutbox({ ...options, status: "pending" }),
      })),
    caughtBy: ["updateOutbox moves a message between statuses"],
  },
];

function sortedList(
  inner: StorageAdapter,
  compare: (a: string, b: string) => number,
): StorageAdapter["list"] {
  return async ({ tenant, collection, after, limit }) => {
    const all = await inner.list({ tenant, collection, limit: 100_000 });
    return all
      .sort((a, b) => compare(a.id, b.id))
      .filter((record) => after === undefined || compare(record.id, after) > 0)
      .slice(0, limit);
  };
}
