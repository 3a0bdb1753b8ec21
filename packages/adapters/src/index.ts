/**
 * Storage and notification adapters for sigreg; each adapter is also its own subpath export.
 * @packageDocumentation
 */
export { compareCodePoints, type MemoryStorageOptions, memoryStorage } from "./memory/index.js";
