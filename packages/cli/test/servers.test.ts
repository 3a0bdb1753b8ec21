import { randomBytes } from "node:crypto";
import mysql from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pgClient } from "./drivers.js";
import { run } from "./helpers.js";
import { EXAMPLE, exampleText, expectSameRegister, importCounts, parsed } from "./store-helpers.js";

const NOW = () => new Date("2026-11-23T15:00:00Z");
const PG_URL = process.env.SIGREG_PG_URL;
const MYSQL_URL = process.env.SIGREG_MYSQL_URL;

/** A URL with a password put in (or replaced), to check it never appears in output. */
function withPassword(url: string, password: string): string {
  const parsedUrl = new URL(url);
  parsedUrl.password = password;
  return parsedUrl.toString();
}

/** The whole round trip a user makes against a server: migrate, import, check, write, export, verify. */
async function roundTrip(store: string): Promise<void> {
  const tenant = ["--store", store, "--tenant", "northwind"];
  const migrated = await run(["migrate", "--store", store]);
  expect(migrated.stderr).toBe("");
  expect(migrated.code).toBe(0);

  const imported = await run(["import", EXAMPLE, ...tenant], { now: NOW });
  expect(imported.stderr).toBe("");
  expect(importCounts(imported.stdout).activities).toEqual([60, 0, 0, 0]);

  const checked = await run(["check", ...tenant, "--as-of", "2026-11-23", "--format", "json"]);
  expect(checked.code).toBe(1);
  expect((JSON.parse(checked.stdout) as { findings: unknown[] }).findings).toHaveLength(8);

  const triaged = await run(
    ["triage", "al-2026-012", "--by", "jonas-weber", "--dismiss", "Not in our estate", ...tenant],
    { now: NOW },
  );
  expect(triaged.stderr).toBe("");
  expect(triaged.stdout).toContain("now dismissed");

  const exported = await run(["export", ...tenant]);
  expect(exported.code).toBe(0);
  const alert = parsed(exported.stdout).alerts.find((candidate) => candidate.id === "al-2026-012");
  expect(alert).toMatchObject({ state: "dismissed", dismissedReason: "Not in our estate" });

  const restored = await run(["import", EXAMPLE, ...tenant], { now: NOW });
  expect(importCounts(restored.stdout).alerts).toEqual([0, 1, 0, 11]);
  expectSameRegister((await run(["export", ...tenant])).stdout, await exampleText());

  const verified = await run(["verify-evidence", ...tenant]);
  expect(verified.stdout).toMatch(/^evidence intact: 8 entries, head seq 8 hash [0-9a-f]{64}\n$/);
  expect(verified.code).toBe(0);
}

// These need a real server; CI sets the variables (and must fail, not skip, if a server is down).
// Without them, on a developer's machine, they are skipped.
describe.skipIf(!PG_URL)("a PostgreSQL store", () => {
  const schema = `sigreg_cli_${randomBytes(4).toString("hex")}`;
  const admin = pgClient(PG_URL ?? "");
  // Its own schema, so the test never meets another test's sigreg_ tables in the same database.
  const store = `${PG_URL}${PG_URL?.includes("?") ? "&" : "?"}options=-c%20search_path%3D${schema}`;
  beforeAll(async () => {
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
  });
  afterAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });

  it("migrates, imports, checks, triages, exports and verifies", async () => {
    await roundTrip(store);
  });

  it("says to migrate a database without the tables, password hidden", async () => {
    const bare = `sigreg_cli_${randomBytes(4).toString("hex")}`;
    await admin.query(`CREATE SCHEMA ${bare}`);
    try {
      const url = withPassword(
        `${PG_URL}${PG_URL?.includes("?") ? "&" : "?"}options=-c%20search_path%3D${bare}`,
        "Hunter2Secret",
      );
      const { code, stdout, stderr } = await run(["check", "--store", url]);
      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toContain(
        "the store has no sigreg tables yet; create them with: sigreg migrate",
      );
      expect(stderr).toContain(":***@");
      expect(stderr).not.toContain("Hunter2Secret");
    } finally {
      await admin.query(`DROP SCHEMA ${bare} CASCADE`);
    }
  });

  it("reports a database that does not exist without the password", async () => {
    const url = new URL(withPassword(PG_URL ?? "", "Hunter2Secret"));
    url.pathname = "/sigreg_no_such_database";
    const { code, stderr } = await run(["migrate", "--store", url.toString()]);
    expect(code).toBe(2);
    expect(stderr).toContain('database "sigreg_no_such_database" does not exist');
    expect(stderr).toContain("[CONNECTION_FAILED]");
    expect(stderr).not.toContain("Hunter2Secret");
  });
});

// Needs SIGREG_MYSQL_URL; CI sets it, so it never skips.
describe.skipIf(!MYSQL_URL)("a MariaDB store", () => {
  const database = `sigreg_cli_${randomBytes(4).toString("hex")}`;
  let admin: mysql.Connection;
  // Its own database, so the test never meets another test's sigreg_ tables.
  const url = new URL(MYSQL_URL ?? "mysql://localhost/");
  url.pathname = `/${database}`;
  beforeAll(async () => {
    admin = await mysql.createConnection(MYSQL_URL ?? "");
    await admin.query(`CREATE DATABASE ${database}`);
  });
  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${database}`);
    await admin.end();
  });

  it("migrates, imports, checks, triages, exports and verifies (through mariadb://)", async () => {
    await roundTrip(url.toString().replace(/^mysql:/, "mariadb:"));
  });

  it("reports a wrong password as a connection failure without printing it", async () => {
    const wrong = withPassword(url.toString(), "Wr0ng-Passw0rd");
    const { code, stdout, stderr } = await run(["check", "--store", wrong]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(
      /^sigreg check: mysql:\/\/root:\*\*\*@[^ ]+: could not connect to mysql: Access denied/,
    );
    expect(stderr).toContain("[CONNECTION_FAILED]");
    expect(stderr).not.toContain("Wr0ng-Passw0rd");
  });
});
