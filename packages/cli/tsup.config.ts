import { defineConfig } from "tsup";

export default defineConfig([
  {
    // The library entry: `main` for tests and embedding, ESM and CJS with types.
    entry: { index: "src/index.ts" },
    format: ["esm", "cjs"],
    dts: true,
    // Both builds write to dist/ at the same time: this one cleans it but leaves the bin alone.
    clean: ["!bin.*"],
    sourcemap: true,
    target: "node20",
  },
  {
    // The executable: ESM only; esbuild keeps the `#!/usr/bin/env node` line and tsup makes it executable.
    entry: { bin: "src/bin.ts" },
    format: ["esm"],
    dts: false,
    clean: false,
    sourcemap: true,
    target: "node20",
  },
]);
