import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts", report: "src/report/index.ts" },
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "node20",
  // `import.meta.url` (util/dates.ts's createRequire) becomes the file's URL in the CJS build too.
  shims: true,
});
