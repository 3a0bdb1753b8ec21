import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const packagesDir = fileURLToPath(new URL("./packages", import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against source, never against dist: no build step before `pnpm test`.
    alias: [
      {
        find: /^@sigreg\/(core|plugins|adapters)$/,
        replacement: `${packagesDir}/$1/src/index.ts`,
      },
      {
        find: /^@sigreg\/(core|plugins|adapters)\/(.+)$/,
        replacement: `${packagesDir}/$1/src/$2/index.ts`,
      },
    ],
  },
  test: {
    include: ["packages/*/test/**/*.test.ts", "examples/**/*.test.ts", "scripts/test/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**", "bench/**"],
    testTimeout: 20_000,
    // PGlite starts a WASM Postgres per test file; on a busy 2-core machine that can take seconds.
    hookTimeout: 60_000,
  },
});
