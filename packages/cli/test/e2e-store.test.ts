import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { openSqlite } from "./drivers.js";
import { tempDir } from "./helpers.js";
import { EXAMPLE, exampleCopy, importCounts } from "./store-helpers.js";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const bin = join(root, "packages", "cli", "src", "bin.ts");
const hideDrivers = fileURLToPath(new URL("./support/hide-drivers.mjs", import.meta.url));

/**
 * Spawns the real bin from source; with `hidden`, as if no database driver were installed. Each
 * spawn costs seconds on a loaded machine, so the tests below get a minute rather than 20 s.
 */
function sigreg(
  args: readonly string[],
  options: { hidden?: boolean; env?: NodeJS.ProcessEnv } = {},
) {
  const preload = options.hidden === true ? ["--import", hideDrivers] : [];
  const result = spawnSync(process.execPath, ["--import", "tsx", ...preload, bin, ...args], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined, ...options.env },
    timeout: 30_000,
  });
  if (result.error) throw result.error;
  return result;
}

describe("the sigreg process on a store", () => {
  it("migrates, imports, checks and verifies a SQLite store, attributing changes to SIGREG_ACTOR", async () => {
    const db = join(await tempDir(), "sigreg.db");
    const store = `sqlite:${db}`;
    expect(sigreg(["migrate", "--store", store]).status).toBe(0);

    const imported = sigreg(["import", EXAMPLE, "--store", store], {
      env: { SIGREG_ACTOR: "ci-bot" },
    });
    expect(imported.stderr).toBe("");
    expect(imported.status).toBe(0);
    expect(importCounts(imported.stdout).groups).toEqual([15, 0, 0, 0]);

    const checked = sigreg(["check", "--store", store, "--as-of", "2026-11-23"]);
    expect(checked.status).toBe(1);
    expect(checked.stdout).toMatch(/^Verdict: nonconformity — 0 major, 4 minor, 4 observations/m);

    const verified = sigreg(["verify-evidence", "--store", store, "--format", "json"]);
    expect(verified.status).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, entries: 6 });

    const database = openSqlite(db, { readonly: true });
    const actors = database.prepare("SELECT DISTINCT actor FROM sigreg_evidence").all();
    database.close();
    expect(actors).toEqual([{ actor: "ci-bot" }]);
  }, 60_000);

  it("checks and writes a register file without any database driver installed", async () => {
    const checked = sigreg(["check", EXAMPLE, "--as-of", "2026-11-23"], { hidden: true });
    expect(checked.stderr).toBe("");
    expect(checked.status).toBe(1);
    expect(checked.stdout).toMatch(/^Verdict: nonconformity — 0 major, 4 minor/m);

    const store = `file:${join(await exampleCopy(), "register.yaml")}`;
    const triaged = sigreg(
      ["triage", "al-2026-012", "--by", "jonas-weber", "--share", "#sec-intel", "--store", store],
      { hidden: true },
    );
    expect(triaged.stderr).toBe("");
    expect(triaged.status).toBe(0);
    const fromStore = sigreg(["check", "--store", store, "--as-of", "2026-11-23"], {
      hidden: true,
    });
    expect(fromStore.status).toBe(1);
    expect(fromStore.stdout).not.toContain("alert-untriaged");
    expect(fromStore.stdout).toMatch(/^Verdict: nonconformity — 0 major, 3 minor/m);
  }, 60_000);

  it("says which driver to install when a SQL store needs one that is missing, and exits 2", async () => {
    const dir = await tempDir();
    const sqlite = sigreg(["migrate", "--store", `sqlite:${join(dir, "x.db")}`], { hidden: true });
    expect(sqlite.status).toBe(2);
    expect(sqlite.stderr).toBe(
      `sigreg migrate: sqlite:${join(dir, "x.db")}: this store needs the better-sqlite3 package, which is not installed: npm install better-sqlite3 [DRIVER_MISSING]\n`,
    );
    expect(existsSync(join(dir, "x.db"))).toBe(false);

    const postgres = sigreg(["check", "--store", "postgres://u:Secr3t@127.0.0.1:1/db"], {
      hidden: true,
    });
    expect(postgres.status).toBe(2);
    expect(postgres.stderr).toContain(
      "postgres://u:***@127.0.0.1:1/db: this store needs the pg package, which is not installed: npm install pg",
    );
    const mysql = sigreg(["check", "--store", "mariadb://u:Secr3t@127.0.0.1:1/db"], {
      hidden: true,
    });
    expect(mysql.status).toBe(2);
    expect(mysql.stderr).toContain("this store needs the mysql2 package");
    expect(postgres.stderr + mysql.stderr).not.toContain("Secr3t");
  }, 60_000);
});
