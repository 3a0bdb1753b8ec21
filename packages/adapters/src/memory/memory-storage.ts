import { AsyncLocalStorage } from "node:async_hooks";
import type { StorageAdapter, StorageOperations } from "@sigreg/core";
import { Layer } from "./layer.js";
import { Mutex } from "./mutex.js";
import { memoryOperations } from "./operations.js";
import { View } from "./view.js";

/** Options of {@link memoryStorage}. */
export interface MemoryStorageOptions {
  /**
   * Adapter name in messages, to tell several in-memory stores apart.
   * @default "memory"
   */
  name?: string;
}

/** Whether the transaction an async call chain runs in is still open. */
interface TransactionState {
  open: boolean;
}

/**
 * Creates a storage adapter that keeps everything in this process's memory: the reference
 * implementation of the storage port, for tests, examples and short-lived embeddings.
 *
 * Records, evidence and outbox messages are kept as JSON text, so a read always returns a fresh
 * object. Transactions run one at a time (an async lock); a write outside a transaction is a
 * one-statement transaction that waits for the running one; reads never wait and see only
 * committed data, or, through a transaction's `tx`, that transaction's own writes as well.
 * Calling `transaction` or writing through the adapter itself from inside `fn` rejects at once,
 * since either would wait for `fn` forever.
 * @example
 * import { createSigreg } from "@sigreg/core";
 * import { memoryStorage } from "@sigreg/adapters/memory";
 *
 * const sigreg = createSigreg({ storage: memoryStorage() });
 */
export function memoryStorage(options: MemoryStorageOptions = {}): StorageAdapter {
  const name = options.name ?? "memory";
  const committed = new Layer();
  const lock = new Mutex();
  const current = new AsyncLocalStorage<TransactionState>();

  const insideOpenTransaction = (): boolean => current.getStore()?.open === true;

  const outside = memoryOperations({
    name,
    read: async (operation) => operation(new View(committed)),
    write: async (operation) => {
      if (insideOpenTransaction()) {
        throw new Error(
          `${name}: a write through the adapter inside its own transaction would wait for that transaction forever; write through the transaction's \`tx\``,
        );
      }
      return lock.run(() => {
        const changes = new Layer();
        const result = operation(new View(committed, changes));
        committed.apply(changes);
        return result;
      });
    },
  });

  const transaction = async <T>(fn: (tx: StorageOperations) => Promise<T>): Promise<T> => {
    if (insideOpenTransaction()) {
      throw new Error(`${name}: transactions do not nest; use the \`tx\` you were given`);
    }
    return lock.run(async () => {
      const changes = new Layer();
      const view = new View(committed, changes);
      const state: TransactionState = { open: true };
      const inTransaction = async <R>(operation: (view: View) => R): Promise<R> => {
        if (!state.open) throw new Error(`${name}: \`tx\` used after its transaction ended`);
        return operation(view);
      };
      const tx = memoryOperations({ name, read: inTransaction, write: inTransaction });
      try {
        const value = await current.run(state, () => fn(tx));
        committed.apply(changes);
        return value;
      } finally {
        state.open = false;
      }
    });
  };

  return { name, ...outside, transaction };
}
