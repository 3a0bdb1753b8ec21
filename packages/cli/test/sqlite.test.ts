import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { userInfo } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { openSqlite } from "./drivers.js";
import { run, tempDir } from "./helpers.js";
import { EXAMPLE, exampleText, expectSameRegister, importCounts, parsed } from "./store-helpers.js";

const NOW = () => new Date("2026-11-23T15:00:00Z");

/** A migrated SQLite store holding the example for tenant `default`. */
async function exampleStore(): Promise<{ db: string; store: string; imported: string }> {
  const dir = await tempDir();
  const db = join(dir, "sigreg.db");
  const store = `sqlite:${db}`;
  expect((await run(["migrate", "--store", store])).code).toBe(0);
  const imported = await run(["import", EXAMPLE, "--store", store, "--actor", "importer"], {
    now: NOW,
  });
  expect(imported.stderr).toBe("");
  expect(imported.code).toBe(0);
  return { db, store, imported: imported.stdout };
}

/** A `check --format json` report with its lists in a canonical order. */
function unordered(report: { findings: unknown[]; groups: unknown[] }) {
  const sorted = (items: unknown[]) => items.map((item) => JSON.stringify(item)).sort();
  return { ...report, findings: sorted(report.findings), groups: sorted(report.groups) };
}

/** Rows of the evidence table, straight from the database. */
function evidenceRows(
  db: string,
  tenant = "default",
): { seq: number; actor: string; action: string }[] {
  const database = openSqlite(db, { readonly: true });
  try {
    return database
      .prepare("SELECT seq, actor, action FROM sigreg_evidence WHERE tenant = ? ORDER BY seq")
      .all(tenant) as { seq: number; actor: string; action: string }[];
  } finally {
    database.close();
  }
}

function sql(db: string, statement: string, ...params: unknown[]): void {
  const database = openSqlite(db);
  try {
    database.prepare(statement).run(...params);
  } finally {
    database.close();
  }
}

describe("a SQLite store", () => {
  let store: string;
  beforeAll(async () => {
    ({ store } = await exampleStore());
  });

  it("migrate creates the tables, and running it again is harmless", async () => {
    const again = await run(["migrate", "--store", store]);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(`Migrated ${store}: its tables are up to date.\n`);
  });

  it("import prints what it created per collection; importing the same file again changes nothing", async () => {
    const { store: fresh, imported } = await exampleStore();
    expect(importCounts(imported)).toEqual({
      profile: [1, 0, 0, 0],
      people: [6, 0, 0, 0],
      groups: [15, 0, 0, 0],
      activities: [60, 0, 0, 0],
      alerts: [12, 0, 0, 0],
      reviews: [4, 0, 0, 0],
    });
    const again = await run(["import", EXAMPLE, "--store", fresh], { now: NOW });
    expect(again.code).toBe(0);
    expect(again.stdout.split("\n").slice(0, 2)).toEqual([
      `Imported ${EXAMPLE} into ${fresh}, tenant default (replace):`,
      "  collection  created  updated  removed  unchanged",
    ]);
    expect(importCounts(again.stdout)).toEqual({
      profile: [0, 0, 0, 1],
      people: [0, 0, 0, 6],
      groups: [0, 0, 0, 15],
      activities: [0, 0, 0, 60],
      alerts: [0, 0, 0, 12],
      reviews: [0, 0, 0, 4],
    });
  });

  it("check --store reports exactly what checking the file reports", async () => {
    const args = ["--as-of", "2026-11-23", "--format", "json"];
    const fromFile = await run(["check", EXAMPLE, ...args]);
    const fromStore = await run(["check", "--store", store, ...args]);
    expect(fromStore.stderr).toBe("");
    expect(fromStore.code).toBe(1);
    // The store lists groups by id, the file in its own order: compare regardless of order.
    expect(unordered(JSON.parse(fromStore.stdout))).toEqual(unordered(JSON.parse(fromFile.stdout)));
  });

  it("export gives back the imported register, in YAML and in JSON", async () => {
    const yaml = await run(["export", "--store", store]);
    expect(yaml.code).toBe(0);
    expectSameRegister(yaml.stdout, await exampleText());

    const json = await run(["export", "--store", store, "--format", "json"]);
    expect(json.code).toBe(0);
    expect(() => JSON.parse(json.stdout)).not.toThrow();
    expectSameRegister(json.stdout, await exampleText());
  });

  it("export --output writes the file (JSON for .json), and re-importing it changes nothing", async () => {
    const dir = await tempDir();
    const written = await run(["export", "--store", store, "--output", "out.json"], { cwd: dir });
    expect(written.code).toBe(0);
    expect(written.stdout).toBe("Wrote out.json (json).\n");
    const text = await readFile(join(dir, "out.json"), "utf8");
    expect(text.startsWith("{")).toBe(true);
    expectSameRegister(text, await exampleText());

    const reimported = await run(["import", "out.json", "--store", store], { cwd: dir });
    expect(reimported.code).toBe(0);
    const counts = importCounts(reimported.stdout);
    expect(Object.keys(counts)).toHaveLength(6);
    for (const [created, updated, removed] of Object.values(counts))
      expect([created, updated, removed]).toEqual([0, 0, 0]);
  });

  it("records activity, review and triage for a tenant, attributed to --actor in the evidence", async () => {
    const { store: shared, db: file } = await exampleStore();
    const acme = ["--store", shared, "--tenant", "acme", "--actor", "auditor-1"];
    expect((await run(["import", EXAMPLE, ...acme], { now: NOW })).code).toBe(0);
    const activity = await run(
      ["activity", "--group", "cisa", "--type", "newsletter", "--by", "sam-okafor", ...acme],
      { now: NOW },
    );
    expect(activity.stdout).toMatch(/^Recorded newsletter activity for cisa on 2026-11-23/);
    const triage = await run(
      ["triage", "al-2026-012", "--by", "priya-raman", "--share", "#sec", ...acme],
      {
        now: NOW,
      },
    );
    expect(triage.stdout).toBe(
      "al-2026-012: shared to #sec by priya-raman on 2026-11-23; now triaged (tenant acme, version 2).\n",
    );
    const review = await run(["review", "--reviewer", "eleanor-hughes", ...acme], { now: NOW });
    expect(review.code).toBe(0);

    expect(evidenceRows(file, "acme").slice(-3)).toEqual([
      { seq: 7, actor: "auditor-1", action: "activity.record" },
      { seq: 8, actor: "auditor-1", action: "alert.triage" },
      { seq: 9, actor: "auditor-1", action: "review.record" },
    ]);
    // The default tenant is untouched by all of this.
    const exported = parsed((await run(["export", "--store", shared])).stdout);
    expect(exported.alerts.find((alert) => alert.id === "al-2026-012")?.state).toBe("new");
    expect(exported.activities).toHaveLength(60);
  });

  it("attributes a change to SIGREG_ACTOR without --actor, else to the OS user", async () => {
    const { store, db } = await exampleStore();
    const activity = ["activity", "--group", "cisa", "--type", "newsletter", "--store", store];
    await run([...activity, "--date", "2026-11-01"], { env: { SIGREG_ACTOR: "ci-bot" } });
    await run([...activity, "--date", "2026-11-02"], { env: {} });
    expect(
      evidenceRows(db)
        .slice(-2)
        .map((row) => row.actor),
    ).toEqual(["ci-bot", userInfo().username]);
  });

  it("import --mode merge keeps what the file lacks; replace removes it", async () => {
    const { store: fresh } = await exampleStore();
    await run(["activity", "--group", "cisa", "--type", "newsletter", "--store", fresh], {
      now: NOW,
    });
    const merged = await run(["import", EXAMPLE, "--store", fresh, "--mode", "merge"]);
    expect(importCounts(merged.stdout).activities).toEqual([0, 0, 0, 60]);
    const replaced = await run(["import", EXAMPLE, "--store", fresh]);
    expect(importCounts(replaced.stdout).activities).toEqual([0, 0, 1, 60]);
    expect(parsed((await run(["export", "--store", fresh])).stdout).activities).toHaveLength(60);
  });
});

describe("verify-evidence on SQLite", () => {
  it("says the evidence is intact, then names the entry altered behind the engine's back", async () => {
    const { store, db } = await exampleStore();
    await run(["review", "--reviewer", "eleanor-hughes", "--store", store], { now: NOW });
    const intact = await run(["verify-evidence", "--store", store]);
    expect(intact.code).toBe(0);
    expect(intact.stdout).toMatch(/^evidence intact: 7 entries, head seq 7 hash [0-9a-f]{64}\n$/);

    sql(db, "UPDATE sigreg_evidence SET actor = 'mallory' WHERE tenant = 'default' AND seq = 2");
    const tampered = await run(["verify-evidence", "--store", store]);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toContain(
      "evidence problem: altered at seq 2: evidence entry 2 was altered: its content no longer matches its hash",
    );
    expect(tampered.stdout).toMatch(
      /intact up to the problem: 1 entry, head seq 1 hash [0-9a-f]{64}/,
    );
  });

  it("names a record changed without an evidence entry, and prints JSON with --format json", async () => {
    const { store, db } = await exampleStore();
    sql(
      db,
      "UPDATE sigreg_records SET data = replace(data, 'Northwind AI Ltd', 'Eastwind') WHERE tenant = 'default' AND collection = 'profile'",
    );
    const text = await run(["verify-evidence", "--store", store]);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^evidence problem: unrecorded at seq 1 \(profile\/profile\): /);
    const json = await run(["verify-evidence", "--store", store, "--format", "json"]);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      entries: 6,
      problem: { kind: "unrecorded", seq: 1, subject: { collection: "profile" } },
    });
  });
});

describe("SQLite store errors exit 2 and change nothing", () => {
  it("a missing database file is not created by anything but migrate", async () => {
    const dir = await tempDir();
    const store = `sqlite:${join(dir, "typo.db")}`;
    for (const argv of [
      ["check", "--store", store],
      ["import", EXAMPLE, "--store", store],
      ["verify-evidence", "--store", store],
    ]) {
      const { code, stderr } = await run(argv);
      expect(code).toBe(2);
      expect(stderr).toContain(
        `${store}: no such database file; create it with: sigreg migrate --store ${store}`,
      );
    }
    expect(existsSync(join(dir, "typo.db"))).toBe(false);
  });

  it("an unmigrated database says to run sigreg migrate", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "empty.db"), "");
    const store = `sqlite:${join(dir, "empty.db")}`;
    const { code, stdout, stderr } = await run(["import", EXAMPLE, "--store", store]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      `sigreg import: ${store}: the store has no sigreg tables yet; create them with: sigreg migrate --store ${store}\n`,
    );
  });

  it("a tenant without a register is named, with how to import one", async () => {
    const { store } = await exampleStore();
    const { code, stderr } = await run(["check", "--store", store, "--tenant", "nobody"]);
    expect(code).toBe(2);
    expect(stderr).toBe(
      `sigreg check: ${store} has no register for tenant "nobody"; import one with: sigreg import FILE --store ${store} --tenant nobody\n`,
    );
    const verify = await run(["verify-evidence", "--store", store, "--tenant", "nobody"]);
    expect(verify.code).toBe(2);
    expect(verify.stderr).toContain('has no register for tenant "nobody"');
  });

  it("a refused write leaves the evidence and the records as they were", async () => {
    const { store, db } = await exampleStore();
    const before = evidenceRows(db);
    const exportBefore = (await run(["export", "--store", store])).stdout;
    const refused = await run([
      "activity",
      "--group",
      "no-such-group",
      "--type",
      "meeting",
      "--store",
      store,
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("activity.group");
    expect(evidenceRows(db)).toEqual(before);
    expect((await run(["export", "--store", store])).stdout).toBe(exportBefore);
  });
});
