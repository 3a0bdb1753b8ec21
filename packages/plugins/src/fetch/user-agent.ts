// Inlined by tsup (esbuild bundles JSON imports) and read from source by vitest, like the CLI's version.
import packageJson from "../../package.json" with { type: "json" };

/**
 * Where feed operators can read what is polling them: the package's page on the npm registry,
 * which is public and names the project, its version and its source.
 */
const PACKAGE_PAGE = `https://www.npmjs.com/package/${packageJson.name}`;

/**
 * The User-Agent sent unless overridden (`userAgent` option, or a request's own header):
 * `sigreg/<version> (+https://www.npmjs.com/package/@sigreg/plugins)`, the library, the version of
 * `@sigreg/plugins` making the request, and its package page.
 */
export const DEFAULT_USER_AGENT = `sigreg/${packageJson.version} (+${PACKAGE_PAGE})`;
