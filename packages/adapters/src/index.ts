/**
 * Storage and notification adapters for sigreg; each adapter is also its own subpath export.
 * @packageDocumentation
 */
export { type MemoryRegisterStore, memoryRegisterStore } from "./memory/index.js";
