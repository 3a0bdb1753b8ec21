/**
 * The `sigreg` command line as a library: run it in-process, with injected output, environment,
 * working directory and clock (for tests, or to embed it in another tool).
 * @packageDocumentation
 */
export type { CheckJson, CheckJsonGroup } from "./format/json.js";
export { type CliIo, EXIT } from "./io.js";
export { main } from "./main.js";
export { VERSION } from "./version.js";
