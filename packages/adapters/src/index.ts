/**
 * Storage and notification adapters for sigreg; each adapter is also its own subpath export.
 * @example
 * import { createSigreg } from "@sigreg/core";
 * import { memoryStorage } from "@sigreg/adapters/memory";
 *
 * const sigreg = createSigreg({ storage: memoryStorage() });
 * @packageDocumentation
 */
export { compareCodePoints, type MemoryStorageOptions, memoryStorage } from "./memory/index.js";
