// Inlined by tsup (esbuild bundles JSON imports) and read from source by vitest, like the CLI's version.
import packageJson from "../../package.json" with { type: "json" };

/** Where the project lives, from the package's repository field. */
const HOMEPAGE = packageJson.repository.url.replace(/^git\+/, "").replace(/\.git$/, "");

/** The User-Agent sent unless overridden: `sigreg/<version> (+<project URL>)`. */
export const DEFAULT_USER_AGENT = `sigreg/${packageJson.version} (+${HOMEPAGE})`;
