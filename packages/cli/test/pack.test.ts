import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT } from "../src/index.js";
import { VERSION } from "../src/version.js";
import { openSqlite, pgClient } from "./drivers.js";
import { run, tempDir } from "./helpers.js";
import { EXAMPLE, exampleCopy, parsed } from "./store-helpers.js";

const NOW = () => new Date("2026-11-23T15:00:00Z");
const HEAD = /head seq (\d+) hash ([0-9a-f]{64})/;
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

interface Manifest {
  tenant: string;
  asOf: string;
  generatedAt: string;
  generator: { name: string; version: string };
  evidence: { entries: number; head: { seq: number; hash: string } };
  files: { path: string; sha256: string; size: number }[];
}

const manifestOf = (files: Record<string, Uint8Array>) =>
  JSON.parse(strFromU8(files["manifest.json"] as Uint8Array)) as Manifest;

/** A migrated SQLite store holding the example for `tenant`, with one triage on top of the import. */
async function sqliteStore(
  tenant = "default",
): Promise<{ dir: string; db: string; store: string }> {
  const dir = await tempDir();
  const db = join(dir, "sigreg.db");
  const store = `sqlite:${db}`;
  const flags = ["--store", store, "--tenant", tenant];
  expect((await run(["migrate", "--store", store])).code).toBe(EXIT.ok);
  expect((await run(["import", EXAMPLE, ...flags], { now: NOW })).code).toBe(EXIT.ok);
  const triaged = await run(
    ["triage", "al-2026-012", "--by", "jonas-weber", "--dismiss", "Not in our estate", ...flags],
    { now: NOW },
  );
  expect(triaged.stderr).toBe("");
  return { dir, db, store };
}

describe("sigreg pack from a SQLite store", () => {
  let dir: string;
  let db: string;
  let store: string;
  let packed: { code: number; stdout: string; stderr: string };
  let bytes: Uint8Array;
  let files: Record<string, Uint8Array>;
  beforeAll(async () => {
    ({ dir, db, store } = await sqliteStore());
    packed = await run(
      ["pack", "--out", "audit-2026-Q4.zip", "--store", store, "--as-of", "2026-11-23"],
      { cwd: dir, now: NOW },
    );
    bytes = await readFile(join(dir, "audit-2026-Q4.zip"));
    files = unzipSync(bytes);
  });

  it("writes the pack and prints its evidence head and the manifest's SHA-256", async () => {
    expect(packed.stderr).toBe("");
    expect(packed.code).toBe(EXIT.ok);
    const lines = packed.stdout.split("\n");
    expect(lines[0]).toBe(
      `Wrote audit-2026-Q4.zip (8 files, ${bytes.byteLength} bytes): tenant default, as of 2026-11-23, 15 groups.`,
    );
    const verified = await run(["verify-evidence", "--store", store]);
    const head = HEAD.exec(verified.stdout);
    expect(lines[1]).toBe(
      `Evidence: ${head?.[1]} entries, head seq ${head?.[1]} hash ${head?.[2]}`,
    );
    expect(lines[2]).toBe(`manifest.json SHA-256: ${sha256(files["manifest.json"] as Uint8Array)}`);
    expect(lines[3]).toBe(
      "Record the head and the manifest's SHA-256 outside the store; 'sigreg verify-pack audit-2026-Q4.zip' checks the pack.",
    );
    // Every record came through the engine: nothing to note.
    expect(lines.slice(4)).toEqual([""]);
  });

  it("holds each file the manifest lists, with its SHA-256 and size, and what each should say", async () => {
    const manifest = manifestOf(files);
    expect(Object.keys(files).sort()).toEqual(
      ["manifest.json", ...manifest.files.map((file) => file.path)].sort(),
    );
    expect(manifest.files.map((file) => file.path)).toEqual([
      "report.html",
      "register.yaml",
      "register.xlsx",
      "findings.json",
      "oscal-assessment-results.json",
      "evidence.jsonl",
      "evidence-head.json",
    ]);
    for (const file of manifest.files) {
      expect(sha256(files[file.path] as Uint8Array), file.path).toBe(file.sha256);
      expect((files[file.path] as Uint8Array).byteLength, file.path).toBe(file.size);
    }
    expect(manifest).toMatchObject({
      tenant: "default",
      asOf: "2026-11-23T00:00:00.000Z",
      generatedAt: "2026-11-23T15:00:00.000Z",
      generator: { name: "sigreg", version: VERSION },
    });
    const text = (name: string) => strFromU8(files[name] as Uint8Array);

    const exported = await run(["export", "--store", store]);
    expect(text("register.yaml")).toBe(exported.stdout);
    const checked = await run([
      "check",
      "--store",
      store,
      "--as-of",
      "2026-11-23",
      "--format",
      "json",
    ]);
    const findings = (JSON.parse(checked.stdout) as { findings: unknown[] }).findings;
    expect(JSON.parse(text("findings.json")).findings).toHaveLength(findings.length);
    const oscal = JSON.parse(text("oscal-assessment-results.json"));
    expect(oscal["assessment-results"].results[0].findings).toHaveLength(findings.length);
    const organisation = parsed(exported.stdout).organisation.name;
    expect(text("report.html")).toContain(organisation);

    const database = openSqlite(db, { readonly: true });
    const rows = database
      .prepare("SELECT seq, hash FROM sigreg_evidence WHERE tenant = 'default' ORDER BY seq")
      .all() as { seq: number; hash: string }[];
    database.close();
    const log = text("evidence.jsonl")
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(log.map(({ seq, hash }) => ({ seq, hash }))).toEqual(rows);
    expect(log.at(-1).action).toBe("alert.triage");
    expect(manifest.evidence).toEqual({ entries: rows.length, head: rows.at(-1) });
    expect(JSON.parse(text("evidence-head.json"))).toEqual({
      tenant: "default",
      entries: rows.length,
      ...rows.at(-1),
    });

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(files["register.xlsx"] as Uint8Array) as never);
    expect(workbook.getWorksheet("Register")?.rowCount).toBe(16);
    expect(workbook.getWorksheet("Findings")?.rowCount).toBe(findings.length + 1);
  });

  it("is byte-identical when packed again from the same store and clock", async () => {
    const again = await run(
      ["pack", "-o", "again.zip", "--store", store, "--as-of", "2026-11-23"],
      { cwd: dir, now: NOW },
    );
    expect(again.code).toBe(EXIT.ok);
    expect(Buffer.compare(await readFile(join(dir, "again.zip")), bytes)).toBe(0);
  });

  it("holds nothing about where the store is", () => {
    for (const [name, content] of Object.entries(files))
      expect(strFromU8(content, true), name).not.toContain(dir);
  });

  it("verify-pack passes, with the manifest's head given as --head too, and as JSON", async () => {
    const verified = await run(["verify-pack", "audit-2026-Q4.zip"], { cwd: dir });
    expect(verified.stderr).toBe("");
    expect(verified.code).toBe(EXIT.ok);
    const { head, entries } = manifestOf(files).evidence;
    expect(verified.stdout).toBe(
      "audit pack verified: audit-2026-Q4.zip\n" +
        "  7 files match manifest.json (SHA-256 and size), none unlisted\n" +
        `  evidence: ${entries} entries, an unbroken chain ending at head seq ${head.seq} hash ${head.hash}\n` +
        `  tenant default (${parsed(strFromU8(files["register.yaml"] as Uint8Array)).organisation.name}), as of 2026-11-23, made by sigreg ${VERSION} at 2026-11-23T15:00:00.000Z\n`,
    );
    const anchored = await run(
      ["verify-pack", "audit-2026-Q4.zip", "--head", `${head.seq}:${head.hash}`],
      { cwd: dir },
    );
    expect(anchored.code).toBe(EXIT.ok);
    const json = await run(["verify-pack", "audit-2026-Q4.zip", "--format", "json"], { cwd: dir });
    expect(JSON.parse(json.stdout)).toMatchObject({ file: "audit-2026-Q4.zip", ok: true, entries });
  });

  /** Writes the pack with `edit` applied and runs verify-pack on it. */
  async function verifyEdited(name: string, edit: (files: Record<string, Uint8Array>) => void) {
    const copy = unzipSync(bytes);
    edit(copy);
    await writeFile(join(dir, name), zipSync(copy));
    return run(["verify-pack", name], { cwd: dir });
  }

  it("names a file with a changed byte, a dropped file and an added one (exit 1)", async () => {
    const changed = await verifyEdited("changed.zip", (copy) => {
      const yaml = copy["register.yaml"] as Uint8Array;
      yaml[20] = (yaml[20] as number) ^ 0x20;
    });
    expect(changed.code).toBe(EXIT.refused);
    expect(changed.stdout).toMatch(
      /^audit pack NOT verified: changed\.zip\n {2}altered: register\.yaml was altered: SHA-256 [0-9a-f]{64} \(\d+ bytes\), the manifest records [0-9a-f]{64} \(\d+ bytes\)\n$/,
    );
    const dropped = await verifyEdited("dropped.zip", (copy) => {
      delete copy["oscal-assessment-results.json"];
    });
    expect(dropped.code).toBe(EXIT.refused);
    expect(dropped.stdout).toBe(
      "audit pack NOT verified: dropped.zip\n  missing: oscal-assessment-results.json is listed in manifest.json but missing from the pack\n",
    );
    const added = await verifyEdited("added.zip", (copy) => {
      copy["extra-evidence.pdf"] = strToU8("%PDF-1.7");
    });
    expect(added.code).toBe(EXIT.refused);
    expect(added.stdout).toBe(
      "audit pack NOT verified: added.zip\n  extra: extra-evidence.pdf is in the pack but not listed in manifest.json\n",
    );
  });

  it("catches an edited evidence entry whose file hash was recomputed in the manifest: only the chain can", async () => {
    const forged = await verifyEdited("forged.zip", (copy) => {
      const lines = strFromU8(copy["evidence.jsonl"] as Uint8Array).split("\n");
      const last = lines.length - 2;
      lines[last] = (lines[last] as string).replace("Not in our estate", "Shared with the SOC");
      const log = strToU8(lines.join("\n"));
      copy["evidence.jsonl"] = log;
      const manifest = manifestOf(copy);
      const listed = manifest.files.find((file) => file.path === "evidence.jsonl");
      if (listed === undefined) throw new Error("no evidence.jsonl in the manifest");
      listed.sha256 = sha256(log);
      listed.size = log.byteLength;
      copy["manifest.json"] = strToU8(JSON.stringify(manifest));
    });
    const { seq } = manifestOf(files).evidence.head;
    expect(forged.code).toBe(EXIT.refused);
    expect(forged.stdout).toBe(
      `audit pack NOT verified: forged.zip\n  evidence: evidence.jsonl: evidence entry ${seq} was altered: its content no longer matches its hash (the chain verifies up to seq ${seq - 1})\n`,
    );
  });

  it("fails a pack whose head is not the one recorded elsewhere (--head)", async () => {
    const { seq, hash } = manifestOf(files).evidence.head;
    const other = `${seq - 1}:${hash}`;
    const result = await run(["verify-pack", "audit-2026-Q4.zip", "--head", other], { cwd: dir });
    expect(result.code).toBe(EXIT.refused);
    expect(result.stdout).toContain(
      `head: evidence.jsonl ends at seq ${seq} hash ${hash}, but the expected head records seq ${seq - 1} hash ${hash}: entries were cut or added`,
    );
  });

  it("refuses to pack a store whose evidence chain is broken, and writes nothing (exit 1)", async () => {
    const broken = await sqliteStore();
    const database = openSqlite(broken.db);
    database.prepare("UPDATE sigreg_evidence SET actor = 'mallory' WHERE seq = 2").run();
    database.close();
    const result = await run(["pack", "--out", "broken.zip", "--store", broken.store], {
      cwd: broken.dir,
      now: NOW,
    });
    expect(result.code).toBe(EXIT.refused);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      "sigreg pack: the evidence log of tenant default does not verify (evidence entry 2 was altered: its content no longer matches its hash); run sigreg verify-evidence and resolve it before packing [EVIDENCE_NOT_INTACT]\nNothing written.\n",
    );
    expect(existsSync(join(broken.dir, "broken.zip"))).toBe(false);
  });

  it("packs the tenant --tenant names", async () => {
    const other = await sqliteStore("northwind");
    const result = await run(
      ["pack", "--out", "nw.zip", "--store", other.store, "--tenant", "northwind"],
      { cwd: other.dir, now: NOW },
    );
    expect(result.code).toBe(EXIT.ok);
    const manifest = manifestOf(unzipSync(await readFile(join(other.dir, "nw.zip"))));
    expect(manifest.tenant).toBe("northwind");
    expect(manifest.evidence.entries).toBeGreaterThan(1);
    const none = await run(["pack", "--out", "x.zip", "--store", other.store], { cwd: other.dir });
    expect(none.code).toBe(EXIT.usage);
    expect(none.stderr).toContain(`has no register for tenant "default"`);
  });
});

describe("sigreg pack from a file store", () => {
  it("packs the register file and its sidecar's evidence, and verify-pack passes", async () => {
    const dir = await exampleCopy();
    const reviewed = await run(["review", "--reviewer", "eleanor-hughes"], { cwd: dir, now: NOW });
    expect(reviewed.code).toBe(EXIT.ok);
    const packed = await run(["pack", "--out", "pack.zip", "--as-of", "2026-11-23"], {
      cwd: dir,
      now: NOW,
    });
    expect(packed.stderr).toBe("");
    expect(packed.code).toBe(EXIT.ok);
    const files = unzipSync(await readFile(join(dir, "pack.zip")));
    const yaml = strFromU8(files["register.yaml"] as Uint8Array);
    expect(yaml).toBe((await run(["export"], { cwd: dir })).stdout);
    const log = strFromU8(files["evidence.jsonl"] as Uint8Array)
      .trimEnd()
      .split("\n");
    expect(JSON.parse(log.at(-1) as string)).toMatchObject({ action: "review.record" });
    const verified = await run(["verify-pack", "pack.zip"], { cwd: dir });
    expect(verified.code).toBe(EXIT.ok);
    expect(verified.stdout).toContain(`evidence: ${log.length} entr`);
    // The register file was written by hand, not through the engine: pack says so, attest fixes it.
    expect(packed.stdout).toMatch(
      /\nNote: the register holds changes the evidence log never recorded \(first: [a-z]+\/[a-z0-9-]+\), such as edits by hand; 'sigreg attest' records them in the log, then pack again\.\n$/,
    );
    expect((await run(["attest"], { cwd: dir, now: NOW })).code).toBe(EXIT.ok);
    const again = await run(["pack", "--out", "pack.zip"], { cwd: dir, now: NOW });
    expect(again.code).toBe(EXIT.ok);
    expect(again.stdout).not.toContain("Note:");
  });
});

describe("unusable input (exit 2)", () => {
  it("verify-pack refuses a file that is no ZIP, a ZIP without a manifest, a missing file, and bad arguments", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "notes.zip"), "these are not the files you are looking for");
    const notZip = await run(["verify-pack", "notes.zip"], { cwd: dir });
    expect(notZip.code).toBe(EXIT.usage);
    expect(notZip.stdout).toBe("");
    expect(notZip.stderr).toMatch(
      /^sigreg verify-pack: notes\.zip: not a readable ZIP file: .+ \[NOT_A_ZIP\]\n$/,
    );

    await writeFile(join(dir, "other.zip"), zipSync({ "readme.txt": strToU8("hello") }));
    const other = await run(["verify-pack", "other.zip"], { cwd: dir });
    expect(other.code).toBe(EXIT.usage);
    expect(other.stderr).toBe(
      "sigreg verify-pack: other.zip: not a sigreg audit pack: the ZIP has no manifest.json [NOT_AN_AUDIT_PACK]\n",
    );

    const badManifest = zipSync({
      "manifest.json": strToU8('{"format":"sigreg-audit-pack","version":1}'),
    });
    await writeFile(join(dir, "bad.zip"), badManifest);
    const bad = await run(["verify-pack", "bad.zip"], { cwd: dir });
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.stderr).toBe(
      "sigreg verify-pack: bad.zip: manifest.json: generator.name: expected a string [MANIFEST_INVALID]\n",
    );

    const missing = await run(["verify-pack", "nowhere.zip"], { cwd: dir });
    expect(missing.code).toBe(EXIT.usage);
    expect(missing.stderr).toMatch(/^sigreg verify-pack: cannot read nowhere\.zip: ENOENT/);

    const noFile = await run(["verify-pack"], { cwd: dir });
    expect(noFile.code).toBe(EXIT.usage);
    expect(noFile.stderr).toMatch(/^sigreg verify-pack: expected the pack's file\n/);

    const two = await run(["verify-pack", "a.zip", "b.zip"], { cwd: dir });
    expect(two.code).toBe(EXIT.usage);
    expect(two.stderr).toMatch(/^sigreg verify-pack: unexpected argument 'b\.zip'\n/);

    const badFormat = await run(["verify-pack", "notes.zip", "--format", "xml"], { cwd: dir });
    expect(badFormat.code).toBe(EXIT.usage);
    expect(badFormat.stderr).toMatch(
      /^sigreg verify-pack: invalid --format 'xml': expected text or json\n/,
    );

    const badHead = await run(["verify-pack", "notes.zip", "--head", "12"], { cwd: dir });
    expect(badHead.code).toBe(EXIT.usage);
    expect(badHead.stderr).toContain(
      "sigreg verify-pack: invalid --head '12': expected SEQ:HASH, a whole number, a colon and 64 lowercase hex characters",
    );
  });

  it("pack needs --out, and a place it can write", async () => {
    const dir = await exampleCopy();
    const noOut = await run(["pack"], { cwd: dir });
    expect(noOut.code).toBe(EXIT.usage);
    expect(noOut.stderr).toMatch(/^sigreg pack: --out is required\n/);
    const empty = await run(["pack", "--out", ""], { cwd: dir });
    expect(empty.code).toBe(EXIT.usage);
    expect(empty.stderr).toMatch(/^sigreg pack: --out expects a file\n/);
    const stray = await run(["pack", "--out", "p.zip", "extra"], { cwd: dir });
    expect(stray.code).toBe(EXIT.usage);
    expect(stray.stderr).toMatch(/^sigreg pack: unexpected argument 'extra'\n/);
    const badDate = await run(["pack", "--out", "p.zip", "--as-of", "soon"], { cwd: dir });
    expect(badDate.code).toBe(EXIT.usage);
    expect(badDate.stderr).toMatch(/^sigreg pack: invalid --as-of: /);
    const unwritable = await run(["pack", "--out", "missing/dir/pack.zip"], { cwd: dir, now: NOW });
    expect(unwritable.code).toBe(EXIT.usage);
    expect(unwritable.stderr).toMatch(/^sigreg pack: cannot write missing\/dir\/pack\.zip: ENOENT/);
  });

  it("keeps the store's password out of what pack prints", async () => {
    const dir = await tempDir();
    const result = await run(
      ["pack", "--out", "p.zip", "--store", "postgres://auditor:s3cr3t-pw@127.0.0.1:1/sigreg"],
      { cwd: dir, now: NOW },
    );
    expect(result.code).toBe(EXIT.usage);
    expect(result.stderr).toContain("sigreg pack: postgres://auditor:***@127.0.0.1:1/sigreg");
    expect(result.stderr + result.stdout).not.toContain("s3cr3t-pw");
    expect(existsSync(join(dir, "p.zip"))).toBe(false);
  });

  it("lists pack and verify-pack in the overview help", async () => {
    const help = await run(["help"]);
    expect(help.stdout).toContain("  pack              Write the audit pack");
    expect(help.stdout).toContain("  verify-pack <zip> Check an audit pack");
    expect((await run(["help", "verify-pack"])).stdout).toMatch(
      /^Usage: sigreg verify-pack <file>/,
    );
  });
});

// Needs a real PostgreSQL server; CI sets SIGREG_PG_URL (a developer's machine without it skips).
const PG_URL = process.env.SIGREG_PG_URL;

// Needs SIGREG_PG_URL; .ci/run always sets it, so CI never skips this.
describe.skipIf(!PG_URL)("sigreg pack from a PostgreSQL store whose URL carries a password", () => {
  const schema = `sigreg_pack_${randomBytes(4).toString("hex")}`;
  const admin = pgClient(PG_URL ?? "");
  // CI's server trusts local connections, so the password is accepted and ignored: what matters is
  // that it never leaves the URL.
  const password = "Pack-S3cret-pw";
  const url = new URL(PG_URL ?? "postgres://localhost/x");
  url.password = password;
  const store = `${url.toString()}${url.search === "" ? "?" : "&"}options=-c%20search_path%3D${schema}`;
  beforeAll(async () => {
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
  });
  afterAll(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });

  it("packs and verifies, and the password appears nowhere: not in what it prints, not in the pack", async () => {
    const dir = await tempDir();
    const outputs: string[] = [];
    for (const argv of [
      ["migrate", "--store", store],
      ["import", EXAMPLE, "--store", store],
      ["pack", "--out", "pg.zip", "--store", store, "--as-of", "2026-11-23"],
    ]) {
      const result = await run(argv, { cwd: dir, now: NOW });
      expect(result.stderr).toBe("");
      expect(result.code).toBe(EXIT.ok);
      outputs.push(result.stdout);
    }
    expect(outputs.join("")).not.toContain(password);
    const bytes = await readFile(join(dir, "pg.zip"));
    expect(Buffer.from(bytes).toString("latin1")).not.toContain(password);
    for (const [name, content] of Object.entries(unzipSync(bytes))) {
      expect(strFromU8(content, true), name).not.toContain(password);
      expect(strFromU8(content, true), name).not.toContain(schema);
    }
    expect(manifestOf(unzipSync(bytes)).evidence.entries).toBeGreaterThan(1);
    const verified = await run(["verify-pack", "pg.zip"], { cwd: dir });
    expect(verified.code).toBe(EXIT.ok);
  });
});
