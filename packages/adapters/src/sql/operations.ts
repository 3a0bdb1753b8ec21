import type { StorageOperations } from "@sigreg/core";
import { appendEvidence, lastEvidence, listEvidence } from "./evidence.js";
import { insertMany } from "./insert-many.js";
import { claimOutbox, enqueue, listOutbox, settleOutbox, updateOutbox } from "./outbox.js";
import {
  getRecord,
  listRecords,
  listTenants,
  putRecord,
  readCollections,
  removeRecord,
} from "./records.js";
import { getState, listState, putState } from "./state.js";
import { assertUsable, type Scope } from "./transaction.js";

/**
 * The storage operations bound to a scope: the database itself, or one open transaction's
 * connection. Inside a transaction the database already rolled back, every operation throws.
 * @internal
 */
export function sqlOperations(scope: Scope): StorageOperations {
  const bind =
    <TOptions, TResult>(operation: (scope: Scope, options: TOptions) => Promise<TResult>) =>
    async (options: TOptions): Promise<TResult> => {
      assertUsable(scope);
      return operation(scope, options);
    };
  return {
    get: bind(getRecord),
    list: bind(listRecords),
    put: bind(putRecord),
    remove: bind(removeRecord),
    insertMany: bind(insertMany),
    readCollections: bind(readCollections),
    listTenants: bind(listTenants),
    lastEvidence: bind(lastEvidence),
    appendEvidence: bind(appendEvidence),
    listEvidence: bind(listEvidence),
    enqueue: bind(enqueue),
    listOutbox: bind(listOutbox),
    updateOutbox: bind(updateOutbox),
    getState: bind(getState),
    putState: bind(putState),
    listState: bind(listState),
    claimOutbox: bind(claimOutbox),
    settleOutbox: bind(settleOutbox),
  };
}
