import { createRequire } from "node:module";

// A dependency that only a rarely used call needs is required on that call's first use rather than
// imported, so that importing @sigreg/core stays fast (see `pnpm bench --only=core`). Only date-fns
// is, for `parseAsOf`: a bundler cannot see through `createRequire`, so whatever is loaded this way
// must be installed beside the bundle, which is acceptable for `--as-of` parsing and nothing more.

/** `require` relative to this module, in the ESM and the CJS build alike. @internal */
export const requireLazily = createRequire(import.meta.url);
