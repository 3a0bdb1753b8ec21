import { dirname } from "node:path";
import lockfile from "proper-lockfile";
import { makeDirectory } from "./atomic.js";
import { FILE_STORAGE_ERROR_CODES, FileStorageError } from "./errors.js";

/** A lock held on a register file. @internal */
export interface HeldLock {
  /** Throws `LOCK_LOST` when another process has taken the lock over; call before committing. */
  assertHeld(): void;
  /** Releases the lock; idempotent. */
  release(): Promise<void>;
}

/** How long to wait, and when a lock counts as abandoned. @internal */
export interface LockTiming {
  staleMs: number;
  timeoutMs: number;
}

const queues = new Map<string, Promise<void>>();

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits for this process's previous holder of `key`; the returned function lets the next one in. */
async function enterQueue(key: string, file: string, timeoutMs: number): Promise<() => void> {
  const previous = queues.get(key) ?? Promise.resolve();
  let leave = () => {};
  const mine = new Promise<void>((resolve) => {
    leave = resolve;
  });
  const tail = previous.then(() => mine);
  queues.set(key, tail);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = await Promise.race([
    previous.then(() => false),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  const exit = () => {
    leave();
    if (queues.get(key) === tail) queues.delete(key);
  };
  if (timedOut) {
    // Keep the queue moving for those behind: this turn passes as soon as it comes.
    void previous.then(exit);
    throw timeout(file, timeoutMs);
  }
  return exit;
}

function timeout(file: string, ms: number): FileStorageError {
  return new FileStorageError(
    FILE_STORAGE_ERROR_CODES.LOCK_TIMEOUT,
    file,
    `${file}: another writer held the register's lock for more than ${ms} ms`,
  );
}

/**
 * Takes the lock of a register file: first this process's queue for the file (so that writers in
 * one process wait their turn without polling), then the file lock that other processes see
 * (`proper-lockfile`, a directory at `lockPath`). A lock whose holder stopped refreshing it for
 * `staleMs` (a process that died) is taken over.
 * @internal
 */
export async function acquireLock(
  file: string,
  lockPath: string,
  timing: LockTiming,
): Promise<HeldLock> {
  const deadline = Date.now() + timing.timeoutMs;
  const leave = await enterQueue(file, file, timing.timeoutMs);
  let lost: Error | undefined;
  let release: (() => Promise<void>) | undefined;
  try {
    await makeDirectory(dirname(lockPath));
    for (let attempt = 1; release === undefined; attempt++) {
      try {
        release = await lockfile.lock(file, {
          lockfilePath: lockPath,
          realpath: false,
          stale: timing.staleMs,
          retries: 0,
          onCompromised: (error) => {
            lost = error;
          },
        });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ELOCKED") throw error;
        if (Date.now() >= deadline) throw timeout(file, timing.timeoutMs);
        await sleep(Math.random() * Math.min(100, 5 * attempt));
      }
    }
  } catch (error) {
    leave();
    throw error;
  }
  let held = true;
  return {
    assertHeld() {
      if (lost === undefined) return;
      throw new FileStorageError(
        FILE_STORAGE_ERROR_CODES.LOCK_LOST,
        file,
        `${file}: lost the register's lock (this process paused for longer than the stale-lock time, and another writer took it over); nothing was written`,
      );
    },
    async release() {
      if (!held) return;
      held = false;
      try {
        if (lost === undefined) await release?.();
      } catch {
        // Already released because compromised: nothing left to undo.
      } finally {
        leave();
      }
    },
  };
}
