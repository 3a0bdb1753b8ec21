// Inlined by tsup (esbuild bundles JSON imports) and read from source by tsx and vitest, so the
// version is right in every way the CLI runs, with no path juggling at run time.
import packageJson from "../package.json" with { type: "json" };

/** The version of the `sigreg` package. */
export const VERSION: string = packageJson.version;
