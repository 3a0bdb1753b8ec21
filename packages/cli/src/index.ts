/**
 * The `sigreg` command line as a library: run it in-process, with injected output, environment,
 * working directory and clock (for tests, or to embed it in another tool).
 * @example
 * import { main } from "sigreg";
 *
 * const code = await main(["check", "register.yaml"], {
 *   stdout: (text) => process.stdout.write(text),
 *   stderr: (text) => process.stderr.write(text),
 *   stdoutBytes: (bytes) => process.stdout.write(bytes),
 *   env: process.env,
 *   cwd: process.cwd(),
 *   isTTY: false,
 * });
 * @packageDocumentation
 */
export type { CheckJson, CheckJsonGroup } from "./format/json.js";
export { type CliIo, EXIT } from "./io.js";
export { main } from "./main.js";
export { VERSION } from "./version.js";
