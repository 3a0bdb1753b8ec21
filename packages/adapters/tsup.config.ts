import { defineConfig } from "tsup";

export default defineConfig({
  entry: {
    index: "src/index.ts",
    memory: "src/memory/index.ts",
    file: "src/file/index.ts",
    sql: "src/sql/index.ts",
    testing: "src/testing/index.ts",
    slack: "src/slack/index.ts",
    teams: "src/teams/index.ts",
    webhook: "src/webhook/index.ts",
    email: "src/email/index.ts",
    jira: "src/jira/index.ts",
    xlsx: "src/xlsx/index.ts",
    pack: "src/pack/index.ts",
  },
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "node20",
  // Drivers, mailers and test runners are the caller's: never bundled.
  external: [
    "better-sqlite3",
    "pg",
    "@electric-sql/pglite",
    "mysql2",
    "nodemailer",
    "exceljs",
    "fflate",
    "vitest",
  ],
});
