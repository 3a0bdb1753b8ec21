/**
 * The in-memory storage adapter: the reference implementation of the storage port.
 * @example
 * import { createSigreg } from "@sigreg/core";
 * import { memoryStorage } from "@sigreg/adapters/memory";
 *
 * const sigreg = createSigreg({ storage: memoryStorage() });
 * @module
 */
export { type MemoryStorageOptions, memoryStorage } from "./memory-storage.js";
export { compareCodePoints } from "./order.js";
