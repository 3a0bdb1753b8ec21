import type { StorageAdapter, StorageOperations } from "@sigreg/core";
import { commit } from "./commit.js";
import { type FileStorageOptions, layoutOf } from "./layout.js";
import { acquireLock, type HeldLock, type LockTiming } from "./lock.js";
import { operationsOver, type TenantAccess } from "./operations.js";
import { byCodePoint } from "./order.js";
import { recover } from "./recover.js";
import { sidecarOf } from "./sidecar.js";
import { readConsistent, snapshotOf } from "./snapshot.js";
import { WorkingCopy } from "./working-copy.js";

/**
 * A storage adapter whose store is the register file itself: YAML (or JSON) that people keep
 * editing by hand, reviewing in pull requests and diffing. Writes edit only the entities that
 * changed, so comments, blank lines, key order and every other entity keep their bytes.
 *
 * What the register's strict schema cannot hold lives in a sidecar directory next to the file,
 * `.<file name>.sigreg/`: record versions and digests and the outbox (`state.json`), the evidence
 * log (`evidence.jsonl`). A record edited by hand reads at its sidecar version + 1, so a writer
 * that read it before gets `CONFLICT`.
 *
 * Every write and transaction holds the file's lock (`proper-lockfile`, plus a queue inside the
 * process) from its first read to its last write; a lock whose holder died is taken over after
 * `staleLockMs`. A commit writes `commit.json` (all it will write), renames the new register into
 * place (the commit point), appends the evidence, rewrites `state.json` and removes `commit.json`,
 * each file through a flushed temporary file and a rename. So a crash, even `kill -9`, leaves the
 * register old or new, never cut short or mixed; readers see the commit whole or not at all, and
 * the next writer finishes it (register renamed) or drops it (not renamed). Only a hand edit of the
 * register between the crash and the next writer makes the interrupted commit's evidence and
 * outbox messages be dropped; `verifyEvidence` then reports the change as unrecorded.
 *
 * Records must be register entities (`RECORD_INVALID` otherwise), keyed as the register keys them:
 * by `id`, or for activities without one and reviews by `recordIdOf`. A transaction touching
 * several tenants commits them one after the other (the engine touches one).
 * @example
 * const storage = fileStorage({ path: "register.yaml" }); // tenant "default"
 * const perTenant = fileStorage({ directory: "registers" }); // registers/<tenant>.yaml
 */
export function fileStorage(options: FileStorageOptions): StorageAdapter {
  const layout = layoutOf(options);
  const timing: LockTiming = {
    staleMs: Math.max(2000, options.staleLockMs ?? 10_000),
    timeoutMs: options.lockTimeoutMs ?? 30_000,
  };

  const peek = async (tenant: string) => {
    const file = layout.fileOf(tenant);
    if (file === undefined) return undefined;
    return new WorkingCopy(
      await snapshotOf(tenant, file, await readConsistent(file, sidecarOf(file))),
    );
  };
  const outboxOf = async (tenant: string) => {
    const file = layout.fileOf(tenant);
    if (file === undefined) return [];
    return (await readConsistent(file, sidecarOf(file))).state?.outbox ?? [];
  };
  const direct = operationsOver({
    read: peek,
    peek,
    outboxOf,
    tenants: () => layout.tenants(),
    write: () => Promise.reject(new Error("file storage: writes go through a transaction")),
  });

  async function transaction<T>(fn: (tx: StorageOperations) => Promise<T>): Promise<T> {
    const copies = new Map<string, Promise<WorkingCopy | undefined>>();
    const locks = new Map<string, HeldLock>();
    let open = true;
    const touch = (tenant: string): Promise<WorkingCopy | undefined> => {
      if (!open) return Promise.reject(new Error("file storage: the transaction has ended"));
      let copy = copies.get(tenant);
      if (copy === undefined) {
        copy = (async () => {
          const file = layout.fileOf(tenant);
          if (file === undefined) return undefined;
          const paths = sidecarOf(file);
          locks.set(tenant, await acquireLock(file, paths.lock, timing));
          await recover(file, paths);
          return new WorkingCopy(
            await snapshotOf(tenant, file, await readConsistent(file, paths, true)),
          );
        })();
        copies.set(tenant, copy);
      }
      return copy;
    };
    const access: TenantAccess = {
      read: touch,
      async write(tenant) {
        const copy = await touch(tenant);
        if (copy === undefined) throw layout.notServed(tenant);
        return copy;
      },
      peek: (tenant) => (copies.has(tenant) ? touch(tenant) : peek(tenant)),
      outboxOf: async (tenant) =>
        copies.has(tenant) ? ((await touch(tenant))?.outbox ?? []) : outboxOf(tenant),
      tenants: async () => {
        const all = new Set([...(await layout.tenants()), ...copies.keys()]);
        return [...all].sort(byCodePoint);
      },
    };
    try {
      const value = await fn(operationsOver(access));
      open = false;
      for (const [tenant, pending] of copies) {
        const copy = await pending;
        const lock = locks.get(tenant);
        if (copy !== undefined && lock !== undefined) await commit(copy, lock);
      }
      return value;
    } finally {
      open = false;
      await Promise.allSettled(copies.values());
      for (const lock of [...locks.values()].reverse()) await lock.release();
    }
  }

  return {
    name: "file",
    get: direct.get,
    list: direct.list,
    listTenants: direct.listTenants,
    lastEvidence: direct.lastEvidence,
    listEvidence: direct.listEvidence,
    listOutbox: direct.listOutbox,
    // A write on its own is a transaction of one operation: locked, re-read, committed.
    put: (o) => transaction((tx) => tx.put(o)),
    remove: (o) => transaction((tx) => tx.remove(o)),
    insertMany: (o) => transaction((tx) => tx.insertMany(o)),
    appendEvidence: (o) => transaction((tx) => tx.appendEvidence(o)),
    enqueue: (o) => transaction((tx) => tx.enqueue(o)),
    updateOutbox: (o) => transaction((tx) => tx.updateOutbox(o)),
    claimOutbox: (o) => transaction((tx) => tx.claimOutbox(o)),
    settleOutbox: (o) => transaction((tx) => tx.settleOutbox(o)),
    transaction,
  };
}
