import type { StorageConformanceCheck } from "../types.js";
import { bulkChecks } from "./bulk.js";
import { concurrencyChecks } from "./concurrency.js";
import { crudChecks } from "./crud.js";
import { evidenceChecks } from "./evidence.js";
import { fidelityChecks } from "./fidelity.js";
import { isolationChecks } from "./isolation.js";
import { outboxChecks } from "./outbox.js";
import { outboxLeaseChecks } from "./outbox-leases.js";
import { paginationChecks } from "./pagination.js";
import { transactionChecks } from "./transactions.js";

/**
 * Every check of the storage conformance suite, as data: run them all with
 * {@link runStorageConformance}, or one by hand with {@link createConformanceContext}.
 */
export function storageConformanceChecks(): StorageConformanceCheck[] {
  return [
    ...crudChecks,
    ...fidelityChecks,
    ...paginationChecks,
    ...bulkChecks,
    ...transactionChecks,
    ...evidenceChecks,
    ...outboxChecks,
    ...outboxLeaseChecks,
    ...isolationChecks,
    ...concurrencyChecks,
  ];
}
