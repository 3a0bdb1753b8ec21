/**
 * The in-memory storage adapter: the reference implementation of the storage port.
 * @module
 */
export { type MemoryStorageOptions, memoryStorage } from "./memory-storage.js";
export { compareCodePoints } from "./order.js";
