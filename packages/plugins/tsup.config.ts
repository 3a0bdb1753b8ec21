import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts", fetch: "src/fetch/index.ts" },
  // undici is a dependency, installed with the package: never bundled.
  external: ["undici"],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "node20",
});
