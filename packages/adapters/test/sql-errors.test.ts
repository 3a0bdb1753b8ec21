import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import {
  mysqlStorage,
  postgresStorage,
  SqlStorageError,
  sqliteStorage,
} from "@sigreg/adapters/sql";
import { describe, expect, it } from "vitest";
import { redact, secretsOf } from "../src/sql/errors.js";
import { loadDriver } from "../src/sql/load-driver.js";
import { incompatibleSqliteDriver } from "../src/sql/sqlite.js";
import { MYSQL_URL, PG_URL } from "./helpers/sql-targets.js";

const PASSWORD = "Sup3r-Secret_pw";

/** Everything a log line could show of an error. */
function everythingShown(error: unknown): string {
  return [
    String(error),
    (error as Error).stack,
    inspect(error, { depth: 5 }),
    JSON.stringify(error),
  ].join("\n");
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure");
}

describe("connection failures never show the password", () => {
  it("postgres: unreachable host", async () => {
    const storage = postgresStorage({
      connectionString: `postgres://postgres:${PASSWORD}@127.0.0.1:1/test`,
    });
    const error = await failureOf(storage.migrate());
    expect(error).toBeInstanceOf(SqlStorageError);
    expect(error).toMatchObject({ code: "CONNECTION_FAILED", driverCode: "ECONNREFUSED" });
    expect(everythingShown(error)).not.toContain(PASSWORD);
    await storage.close();
  });

  it("postgres: a URL that does not parse", async () => {
    const storage = postgresStorage({
      connectionString: `postgres://postgres:${PASSWORD}@[::1/test`,
    });
    const error = await failureOf(storage.get({ tenant: "a", collection: "groups", id: "g" }));
    expect(error).toMatchObject({ code: "CONNECTION_FAILED" });
    expect(everythingShown(error)).not.toContain(PASSWORD);
    await storage.close();
  });

  // Needs SIGREG_PG_URL; CI sets it, so it never skips. (The server trusts local connections, so a
  // wrong password is not refused: an unknown role is the refusal it can produce.)
  it.skipIf(PG_URL === undefined)("postgres: credentials the server refuses", async () => {
    const url = new URL(PG_URL as string);
    url.username = "no_such_role";
    url.password = PASSWORD;
    const storage = postgresStorage({ connectionString: url.toString() });
    const error = await failureOf(storage.migrate());
    expect(error).toMatchObject({ code: "CONNECTION_FAILED" });
    expect(String(error)).toContain("no_such_role");
    expect(everythingShown(error)).not.toContain(PASSWORD);
    await storage.close();
  });

  // Needs SIGREG_MYSQL_URL; CI sets it, so it never skips.
  it.skipIf(MYSQL_URL === undefined)("mariadb: wrong password", async () => {
    const url = new URL(MYSQL_URL as string);
    url.password = PASSWORD;
    const storage = mysqlStorage({ uri: url.toString() });
    const error = await failureOf(storage.migrate());
    expect(error).toMatchObject({
      code: "CONNECTION_FAILED",
      driverCode: "ER_ACCESS_DENIED_ERROR",
    });
    expect(everythingShown(error)).not.toContain(PASSWORD);
    await storage.close();
  });

  it("mysql: a URL that does not parse", async () => {
    const storage = mysqlStorage({ uri: `mysql://root:${PASSWORD}@[::1/test` });
    const error = await failureOf(storage.migrate());
    expect(error).toMatchObject({ code: "CONNECTION_FAILED" });
    expect(everythingShown(error)).not.toContain(PASSWORD);
    await storage.close();
  });

  it("mysql: unreachable host", async () => {
    const storage = mysqlStorage({ uri: `mysql://root:${PASSWORD}@127.0.0.1:1/test` });
    const error = await failureOf(storage.migrate());
    expect(error).toMatchObject({ code: "CONNECTION_FAILED", driverCode: "ECONNREFUSED" });
    expect(everythingShown(error)).not.toContain(PASSWORD);
    await storage.close();
  });
});

describe("redaction", () => {
  it("finds the password of a URL, percent-encoded or not, and of key=value strings", () => {
    expect(secretsOf("postgres://u:p%40ss@host/db").sort()).toEqual(["p%40ss", "p@ss"]);
    expect(secretsOf("host=h password=hunter2 user=u")).toEqual(["hunter2"]);
    expect(secretsOf("postgres://u:se@cret@[bad")).toContain("se@cret");
    expect(secretsOf("postgres://u@host/db")).toEqual([]);
  });

  it("replaces every occurrence", () => {
    expect(redact("a hunter2 b hunter2", ["hunter2"])).toBe("a *** b ***");
  });
});

describe("drivers load on first use", () => {
  it("a driver that is not installed gives the command that installs it", async () => {
    const error = await failureOf(loadDriver("sigreg-no-such-driver", "sqliteStorage"));
    expect(error).toBeInstanceOf(SqlStorageError);
    expect(error).toMatchObject({ code: "DRIVER_MISSING" });
    expect((error as Error).message).toBe(
      "install sigreg-no-such-driver to use sqliteStorage: pnpm add sigreg-no-such-driver [DRIVER_MISSING]",
    );
  });

  it("an installed driver comes back as its API", async () => {
    const Database = await loadDriver<new (file: string) => { close(): void }>(
      "better-sqlite3",
      "sqliteStorage",
    );
    new Database(":memory:").close();
  });

  it("refuses better-sqlite3 12 on Node 24 and later, which it would crash, and names the fix", () => {
    const v12 = { prototype: { prepare() {} } };
    const v13 = { prototype: { prepare() {}, explain() {} } };
    expect(incompatibleSqliteDriver("v20.19.0", v12)).toBeUndefined();
    expect(incompatibleSqliteDriver("v22.12.0", v12)).toBeUndefined();
    expect(incompatibleSqliteDriver("v24.21.0", v13)).toBeUndefined();
    expect(incompatibleSqliteDriver("v26.0.0", v13)).toBeUndefined();
    expect(incompatibleSqliteDriver("v24.21.0", v12)).toMatch(
      /^better-sqlite3 12\.x and older crash Node 24 .*install better-sqlite3 13 or later/,
    );
  });

  it("sqliteStorage on Node 24 opens better-sqlite3 13 and refuses 12 before opening a file", async () => {
    const Database = await loadDriver<{ prototype: object }>("better-sqlite3", "sqliteStorage");
    const isV13 = "explain" in Database.prototype;
    const version = Object.getOwnPropertyDescriptor(process, "version");
    Object.defineProperty(process, "version", { ...version, value: "v24.21.0" });
    const storage = sqliteStorage({ filename: ":memory:" });
    try {
      const migrated = await storage.migrate().then(
        () => undefined,
        (error: unknown) => error,
      );
      if (isV13) expect(migrated).toBeUndefined();
      else expect(migrated).toMatchObject({ code: "DRIVER_INCOMPATIBLE" });
    } finally {
      if (version !== undefined) Object.defineProperty(process, "version", version);
      await storage.close();
    }
  });

  it("a driver that fails while loading is not mistaken for a missing one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sigreg-driver-"));
    const broken = join(dir, "broken-driver.mjs");
    writeFileSync(broken, 'throw new Error("broken driver");\n');
    try {
      await expect(loadDriver(broken, "sqliteStorage")).rejects.toThrow("broken driver");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
