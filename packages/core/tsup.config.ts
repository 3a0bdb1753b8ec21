import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts", report: "src/report/index.ts" },
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "node20",
});
