import { createHash } from "node:crypto";
import { createSigreg, type EvidenceEntry, hashEvidence, type SigregTenant } from "@sigreg/core";
import ExcelJS from "exceljs";
import { strFromU8, strToU8, unzipSync, Zip, ZipPassThrough, zipSync } from "fflate";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { memoryStorage } from "../src/memory/index.js";
import {
  AuditPackExportError,
  type AuditPackInput,
  type AuditPackManifest,
  auditPackExporter,
  createAuditPack,
  verifyAuditPack,
} from "../src/pack/index.js";
import { EXAMPLE, steppingClock } from "./engine/fixtures.js";

const asOf = new Date("2026-11-23T00:00:00Z");
const generatedAt = new Date("2026-11-23T15:00:00Z");
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

let tenant: SigregTenant;
let input: AuditPackInput;
let evidence: EvidenceEntry[];
let pack: Uint8Array;

beforeAll(async () => {
  const sigreg = createSigreg({ storage: memoryStorage(), clock: steppingClock() });
  tenant = sigreg.tenant("acme");
  (await tenant.importRegister({ path: EXAMPLE }))._unsafeUnwrap();
  await tenant.recordReview({ date: "2026-11-20", reviewer: "cto" });
  evidence = [];
  for await (const entry of tenant.evidence()) evidence.push(entry);
  const register = (await tenant.snapshot())._unsafeUnwrap();
  const evaluation = (await tenant.evaluate({ asOf }))._unsafeUnwrap();
  input = {
    register,
    evaluation,
    generatedAt,
    tenant: "acme",
    evidence,
    generator: { name: "sigreg", version: "9.9.9" },
  };
  pack = (await createAuditPack(input))._unsafeUnwrap().bytes;
});

/** The pack's files, changed by `edit`, zipped again (the manifest as it is unless edited). */
function repack(edit: (files: Record<string, Uint8Array>) => void): Uint8Array {
  const files = unzipSync(pack);
  edit(files);
  return zipSync(files);
}

/** Sets the uncompressed size a ZIP's central directory declares for `name`, as a forger (or a ZIP bomb) would. */
function declareSize(zip: Uint8Array, name: string, size: number): Uint8Array {
  const copy = zip.slice();
  const view = new DataView(copy.buffer);
  for (let at = 0; at + 46 < copy.length; at++) {
    if (view.getUint32(at, true) !== 0x02014b50) continue;
    const length = view.getUint16(at + 28, true);
    if (strFromU8(copy.subarray(at + 46, at + 46 + length)) === name) {
      view.setUint32(at + 24, size, true);
      return copy;
    }
  }
  throw new Error(`${name} not in the ZIP`);
}

/** A ZIP holding `entries` in order, names repeated as given (which `zipSync` cannot do). */
function zipWithDuplicates(entries: [string, Uint8Array][]): Promise<Uint8Array> {
  return new Promise((resolve) => {
    const chunks: Uint8Array[] = [];
    const zip = new Zip((_error, data, final) => {
      chunks.push(data);
      if (final) resolve(Buffer.concat(chunks));
    });
    for (const [name, content] of entries) {
      const file = new ZipPassThrough(name);
      zip.add(file);
      file.push(content, true);
    }
    zip.end();
  });
}

const manifestOf = (files: Record<string, Uint8Array>) =>
  JSON.parse(strFromU8(files["manifest.json"] as Uint8Array)) as AuditPackManifest;

/** Sets a file's content and records its new hash and size in the manifest, as a careful forger would. */
function forge(files: Record<string, Uint8Array>, path: string, content: Uint8Array): void {
  files[path] = content;
  const manifest = manifestOf(files);
  const listed = manifest.files.find((file) => file.path === path);
  if (listed === undefined) throw new Error(`${path} not in the manifest`);
  listed.sha256 = sha256(content);
  listed.size = content.byteLength;
  files["manifest.json"] = strToU8(JSON.stringify(manifest));
}

describe("createAuditPack", () => {
  it("packs the report, the register as YAML and XLSX, the findings, OSCAL and the evidence, each file hashed in the manifest", async () => {
    const files = unzipSync(pack);
    expect(Object.keys(files)).toEqual([
      "manifest.json",
      "report.html",
      "register.yaml",
      "register.xlsx",
      "findings.json",
      "oscal-assessment-results.json",
      "evidence.jsonl",
      "evidence-head.json",
    ]);
    const manifest = manifestOf(files);
    expect(manifest).toMatchObject({
      format: "sigreg-audit-pack",
      version: 1,
      generator: { name: "sigreg", version: "9.9.9" },
      tenant: "acme",
      organisation: input.register.organisation.name,
      asOf: "2026-11-23T00:00:00.000Z",
      generatedAt: "2026-11-23T15:00:00.000Z",
    });
    for (const listed of manifest.files) {
      const content = files[listed.path] as Uint8Array;
      expect(sha256(content), listed.path).toBe(listed.sha256);
      expect(content.byteLength, listed.path).toBe(listed.size);
    }
    const text = (name: string) => strFromU8(files[name] as Uint8Array);
    expect(text("report.html")).toMatch(/^<!doctype html>/i);
    expect(text("register.yaml")).toBe((await tenant.exportRegister())._unsafeUnwrap());
    const findings = JSON.parse(text("findings.json"));
    expect(findings.findings).toHaveLength(input.evaluation.findings.length);
    expect(JSON.parse(text("oscal-assessment-results.json"))["assessment-results"]).toBeDefined();

    const lines = text("evidence.jsonl").trimEnd().split("\n");
    expect(lines.map((line) => JSON.parse(line))).toEqual(evidence);
    const last = evidence.at(-1) as EvidenceEntry;
    expect(manifest.evidence).toEqual({
      entries: evidence.length,
      head: { seq: last.seq, hash: last.hash },
    });
    expect(JSON.parse(text("evidence-head.json"))).toEqual({
      tenant: "acme",
      entries: evidence.length,
      seq: last.seq,
      hash: last.hash,
    });

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(files["register.xlsx"] as Uint8Array) as never);
    expect(workbook.getWorksheet("Register")?.rowCount).toBe(input.register.groups.length + 1);
  });

  it("gives byte-identical packs for the same input, at another time and in another time zone", async () => {
    const zone = process.env.TZ;
    // exceljs stamps its own ZIP entries with the clock: a later clock must not show in the pack.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2031-07-04T03:21:00Z"));
    try {
      process.env.TZ = "Pacific/Chatham";
      const later = (await createAuditPack(input))._unsafeUnwrap().bytes;
      process.env.TZ = "America/St_Johns";
      const again = (await createAuditPack(input))._unsafeUnwrap().bytes;
      expect(Buffer.compare(later, pack)).toBe(0);
      expect(Buffer.compare(again, pack)).toBe(0);
    } finally {
      vi.useRealTimers();
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it("refuses to pack an evidence log whose chain does not verify", async () => {
    const broken = evidence.map((entry) => ({ ...entry }));
    (broken[2] as EvidenceEntry).actor = "mallory";
    const made = await createAuditPack({ ...input, evidence: broken });
    expect(made._unsafeUnwrapErr().code).toBe("EVIDENCE_NOT_INTACT");
    expect(made._unsafeUnwrapErr().message).toContain("evidence entry 3 was altered");
  });

  it("says which package to install when fflate or exceljs is missing", async () => {
    const noZip = await createAuditPack(input, { fflate: "fflate-not-installed" });
    expect(noZip._unsafeUnwrapErr()).toEqual({
      code: "DEPENDENCY_MISSING",
      message: expect.stringContaining("npm install fflate-not-installed"),
    });
    const noExcel = await createAuditPack(input, { exceljs: "exceljs-not-installed" });
    expect(noExcel._unsafeUnwrapErr().message).toContain("npm install exceljs-not-installed");
    const noVerify = await verifyAuditPack(pack, { fflate: "fflate-not-installed" });
    expect(noVerify._unsafeUnwrapErr().code).toBe("DEPENDENCY_MISSING");
  });

  it("packs an empty evidence log with the genesis head", async () => {
    const made = (await createAuditPack({ ...input, evidence: [] }))._unsafeUnwrap();
    expect(made.manifest.evidence).toEqual({ entries: 0, head: { seq: 0, hash: "0".repeat(64) } });
    expect((await verifyAuditPack(made.bytes))._unsafeUnwrap().ok).toBe(true);
  });
});

describe("auditPackExporter", () => {
  it("gives the same ZIP as createAuditPack, as an exporter a platform lists beside the others", async () => {
    const exporter = auditPackExporter({
      tenant: "acme",
      evidence: () => tenant.evidence(),
      generator: { name: "sigreg", version: "9.9.9" },
    });
    const { register, evaluation, generatedAt } = input;
    const output = await exporter.export({ register, evaluation, generatedAt });
    expect(exporter.id).toBe("pack");
    expect(output.mediaType).toBe("application/zip");
    expect(output.extension).toBe("zip");
    expect(Buffer.compare(output.content as Uint8Array, pack)).toBe(0);
  });

  it("throws its error with the code, since an exporter has no error channel", async () => {
    const exporter = auditPackExporter({
      tenant: "acme",
      evidence: () => [],
      fflate: "fflate-absent",
    });
    const { register, evaluation, generatedAt } = input;
    const thrown = await exporter
      .export({ register, evaluation, generatedAt })
      .catch((error) => error);
    expect(thrown).toBeInstanceOf(AuditPackExportError);
    expect(thrown).toMatchObject({
      code: "DEPENDENCY_MISSING",
      message: expect.stringContaining("npm install fflate-absent"),
    });
  });
});

describe("verifyAuditPack", () => {
  const problemOf = async (bytes: Uint8Array) => {
    const checked = (await verifyAuditPack(bytes))._unsafeUnwrap();
    expect(checked.ok).toBe(false);
    return checked.problem;
  };

  it("verifies an untouched pack", async () => {
    const checked = (await verifyAuditPack(pack))._unsafeUnwrap();
    expect(checked).toMatchObject({ ok: true, entries: evidence.length });
    expect(checked.problem).toBeUndefined();
  });

  it("names a file with one byte changed", async () => {
    const tampered = repack((files) => {
      const html = files["report.html"] as Uint8Array;
      html[100] = (html[100] as number) ^ 1;
    });
    const problem = await problemOf(tampered);
    expect(problem).toMatchObject({ kind: "altered", file: "report.html" });
    expect(problem?.message).toMatch(/^report\.html was altered: SHA-256 [0-9a-f]{64}/);
  });

  it("names a file dropped from the pack, and one added to it", async () => {
    const dropped = repack((files) => {
      delete files["register.xlsx"];
    });
    expect(await problemOf(dropped)).toEqual({
      kind: "missing",
      file: "register.xlsx",
      message: "register.xlsx is listed in manifest.json but missing from the pack",
    });
    const added = repack((files) => {
      files["notes.txt"] = strToU8("trust me");
    });
    expect(await problemOf(added)).toEqual({
      kind: "extra",
      file: "notes.txt",
      message: "notes.txt is in the pack but not listed in manifest.json",
    });
  });

  it("never inflates an entry whose declared size is not the manifest's: a 4 GiB bomb is reported, not expanded", async () => {
    const bomb = declareSize(
      repack((files) => {
        files["bomb.bin"] = strToU8("small");
      }),
      "bomb.bin",
      0xfffffff0,
    );
    expect(await problemOf(bomb)).toEqual({
      kind: "extra",
      file: "bomb.bin",
      message: "bomb.bin is in the pack but not listed in manifest.json",
    });
    const listed = (manifestOf(unzipSync(pack)).files[0] as { size: number }).size;
    const inflated = declareSize(pack, "report.html", 0xfffffff0);
    expect(await problemOf(inflated)).toEqual({
      kind: "altered",
      file: "report.html",
      message: `report.html was altered: 4294967280 bytes, the manifest records ${listed} bytes`,
    });
  });

  it("never throws and never passes altered content, whichever byte of the ZIP is flipped", async () => {
    const original = unzipSync(pack);
    const outcomes = { unreadable: 0, damaged: 0, tampered: 0, verified: 0 };
    for (let at = 0; at < pack.length; at += 157) {
      const flipped = pack.slice();
      flipped[at] = (flipped[at] as number) ^ 0x5a;
      const checked = await verifyAuditPack(flipped);
      if (checked.isErr()) outcomes.unreadable++;
      else if (checked.value.problem?.message.includes("cannot be decompressed"))
        outcomes.damaged++;
      else if (!checked.value.ok) outcomes.tampered++;
      else {
        // Some bytes carry no content (timestamps, the unchecked CRC): the files must be intact.
        outcomes.verified++;
        const files = unzipSync(flipped);
        for (const [name, content] of Object.entries(original))
          expect(Buffer.compare(files[name] as Uint8Array, content), `${name}, byte ${at}`).toBe(0);
      }
    }
    // A file whose compressed bytes no longer inflate is named as altered, not a crash or exit 2.
    expect(outcomes.damaged).toBeGreaterThan(0);
    expect(outcomes.tampered).toBeGreaterThan(outcomes.verified);
    expect(outcomes.unreadable).toBeGreaterThan(0);
  });

  it("names a file that appears twice, since tools differ on which copy they read", async () => {
    const files = unzipSync(pack);
    const entries = Object.entries(files);
    entries.push(["register.yaml", strToU8("organisation: { name: Someone else }\n")]);
    expect(await problemOf(await zipWithDuplicates(entries))).toEqual({
      kind: "extra",
      file: "register.yaml",
      message: "register.yaml appears twice in the pack: which copy a tool reads is not defined",
    });
    const twoManifests = await zipWithDuplicates([
      ...Object.entries(files),
      ["manifest.json", files["manifest.json"] as Uint8Array],
    ]);
    expect((await verifyAuditPack(twoManifests))._unsafeUnwrapErr()).toEqual({
      code: "MANIFEST_INVALID",
      message: "manifest.json: expected one, the ZIP has 2",
    });
  });

  it("catches an edited evidence entry even when the manifest's hash of the log was recomputed", async () => {
    const tampered = repack((files) => {
      const lines = strFromU8(files["evidence.jsonl"] as Uint8Array).split("\n");
      lines[4] = (lines[4] as string).replace(/"actor":"[^"]*"/, '"actor":"mallory"');
      forge(files, "evidence.jsonl", strToU8(lines.join("\n")));
    });
    const problem = await problemOf(tampered);
    expect(problem).toMatchObject({
      kind: "evidence",
      file: "evidence.jsonl",
      evidence: { kind: "altered", seq: 5 },
    });
    expect(problem?.message).toBe(
      "evidence.jsonl: evidence entry 5 was altered: its content no longer matches its hash (the chain verifies up to seq 4)",
    );
  });

  it("catches an entry rewritten with a fresh hash: the next entry no longer chains to it", async () => {
    const tampered = repack((files) => {
      const entries = strFromU8(files["evidence.jsonl"] as Uint8Array)
        .trimEnd()
        .split("\n")
        .map((line) => JSON.parse(line) as EvidenceEntry);
      const target = entries[1] as EvidenceEntry;
      target.actor = "mallory";
      target.hash = hashEvidence(target);
      const text = entries.map((entry) => `${JSON.stringify(entry)}\n`).join("");
      forge(files, "evidence.jsonl", strToU8(text));
    });
    const problem = await problemOf(tampered);
    expect(problem?.evidence).toMatchObject({ kind: "relinked", seq: 2 });
    expect(problem?.message).toBe(
      "evidence.jsonl: evidence entry 3 does not chain to entry 2 as stored: either entry 2 was altered and its hash recomputed, or entry 3's link was changed; neither is vouched for (the chain verifies up to seq 1)",
    );
  });

  it("catches a log cut short whose file hash was recomputed: its head is not the manifest's", async () => {
    const tampered = repack((files) => {
      const lines = strFromU8(files["evidence.jsonl"] as Uint8Array)
        .trimEnd()
        .split("\n");
      forge(files, "evidence.jsonl", strToU8(`${lines.slice(0, -1).join("\n")}\n`));
    });
    const problem = await problemOf(tampered);
    const last = evidence.at(-1) as EvidenceEntry;
    const previous = evidence.at(-2) as EvidenceEntry;
    expect(problem).toEqual({
      kind: "head",
      file: "evidence.jsonl",
      message: `evidence.jsonl ends at seq ${previous.seq} hash ${previous.hash}, but manifest.json records seq ${last.seq} hash ${last.hash}: entries were cut or added`,
    });
  });

  it("checks the head against one recorded outside the pack", async () => {
    const expectedHead = { seq: evidence.length + 1, hash: "a".repeat(64) };
    const checked = (await verifyAuditPack(pack, { expectedHead }))._unsafeUnwrap();
    expect(checked.problem?.kind).toBe("head");
    expect(checked.problem?.message).toContain(
      `but the expected head records seq ${expectedHead.seq}`,
    );
  });

  it("names the line of the log that is not an evidence entry", async () => {
    const tampered = repack((files) => {
      forge(files, "evidence.jsonl", strToU8('{"seq":1}\nnot json\n'));
    });
    expect((await problemOf(tampered))?.message).toBe(
      "evidence.jsonl: line 1: expected an evidence entry with at (fields seq, at, actor, action, subject, before, after, prevHash, hash)",
    );
  });

  it("names the field of a manifest sigreg did not write, and what it expected there", async () => {
    const cases: Array<[(manifest: Record<string, unknown>) => void, string]> = [
      [
        (m) => {
          m.format = "other";
        },
        'format: expected "sigreg-audit-pack"',
      ],
      [
        (m) => {
          m.version = 2;
        },
        "version: expected 1 (this sigreg reads version 1)",
      ],
      [
        (m) => {
          m.generator = "sigreg";
        },
        "generator.name: expected a string",
      ],
      [
        (m) => {
          (m.generator as Record<string, unknown>).version = 1;
        },
        "generator.version: expected a string",
      ],
      [
        (m) => {
          delete m.asOf;
        },
        "asOf: expected a string",
      ],
      [
        (m) => {
          m.evidence = { entries: -1 };
        },
        "evidence.entries: expected a whole number",
      ],
      [
        (m) => {
          (m.evidence as { head: unknown }).head = { seq: 1.5 };
        },
        "evidence.head.seq: expected a whole number",
      ],
      [
        (m) => {
          (m.evidence as { head: { hash: string } }).head.hash = "abc";
        },
        "evidence.head.hash: expected 64 lowercase hex characters",
      ],
      [
        (m) => {
          m.files = {};
        },
        "files: expected an array",
      ],
      [
        (m) => {
          (m.files as unknown[])[1] = "register.yaml";
        },
        "files[1]: expected an object",
      ],
      [
        (m) => {
          (m.files as Array<{ path: string }>)[0]!.path = "manifest.json";
        },
        "files[0].path: expected a file name other than manifest.json",
      ],
      [
        (m) => {
          (m.files as Array<{ path: string }>)[1]!.path = "report.html";
        },
        "files[1].path: expected a name not listed before (report.html)",
      ],
      [
        (m) => {
          (m.files as Array<{ size: number }>)[3]!.size = -2;
        },
        "files[3].size: expected a whole number of bytes",
      ],
      [
        (m) => {
          delete (m.files as Array<{ mediaType?: string }>)[4]!.mediaType;
        },
        "files[4].mediaType: expected a string",
      ],
      [
        (m) => {
          m.files = (m.files as Array<{ path: string }>).filter(
            (f) => f.path !== "evidence-head.json",
          );
        },
        "files: expected an entry for evidence-head.json",
      ],
      [() => {}, ""],
    ];
    for (const [edit, expected] of cases) {
      const bytes = repack((files) => {
        const manifest = manifestOf(files) as unknown as Record<string, unknown>;
        edit(manifest);
        files["manifest.json"] = strToU8(JSON.stringify(manifest));
      });
      const checked = await verifyAuditPack(bytes);
      if (expected === "") expect(checked._unsafeUnwrap().ok).toBe(true);
      else
        expect(checked._unsafeUnwrapErr()).toEqual({
          code: "MANIFEST_INVALID",
          message: `manifest.json: ${expected}`,
        });
    }
    const array = repack((files) => {
      files["manifest.json"] = strToU8("[]");
    });
    expect((await verifyAuditPack(array))._unsafeUnwrapErr().message).toBe(
      "manifest.json: (root): expected a JSON object",
    );
    const huge = declareSize(pack, "manifest.json", 0x7fffffff);
    expect((await verifyAuditPack(huge))._unsafeUnwrapErr()).toEqual({
      code: "MANIFEST_INVALID",
      message: "manifest.json: expected at most 16777216 bytes",
    });
  });

  it("checks the head in evidence-head.json too, and says when it cannot read it", async () => {
    const last = evidence.at(-1) as EvidenceEntry;
    const otherHead = repack((files) => {
      forge(
        files,
        "evidence-head.json",
        strToU8(JSON.stringify({ tenant: "acme", entries: 1, seq: 1, hash: last.hash })),
      );
    });
    expect(await problemOf(otherHead)).toEqual({
      kind: "head",
      file: "evidence.jsonl",
      message: `evidence.jsonl ends at seq ${last.seq} hash ${last.hash}, but evidence-head.json records seq 1 hash ${last.hash}: entries were cut or added`,
    });
    const unreadable = repack((files) => {
      forge(files, "evidence-head.json", strToU8("seq 7"));
    });
    expect(await problemOf(unreadable)).toEqual({
      kind: "head",
      file: "evidence-head.json",
      message: "evidence-head.json: expected a JSON object with seq (a whole number) and hash",
    });
  });

  it("says when the evidence log is not UTF-8 text", async () => {
    const latin1 = repack((files) => {
      forge(files, "evidence.jsonl", new Uint8Array([0x7b, 0xe9, 0x7d, 0x0a]));
    });
    expect((await problemOf(latin1))?.message).toBe("evidence.jsonl: expected UTF-8 text");
  });

  it("refuses input that is no ZIP, a ZIP without a manifest, and a manifest sigreg did not write", async () => {
    const notZip = await verifyAuditPack(strToU8("PK\u0003\u0004 this is not really a zip"));
    expect(notZip._unsafeUnwrapErr().code).toBe("NOT_A_ZIP");
    const truncated = await verifyAuditPack(pack.slice(0, pack.length - 30));
    expect(truncated._unsafeUnwrapErr().code).toBe("NOT_A_ZIP");
    const noManifest = await verifyAuditPack(zipSync({ "a.txt": strToU8("a") }));
    expect(noManifest._unsafeUnwrapErr()).toEqual({
      code: "NOT_AN_AUDIT_PACK",
      message: "not a sigreg audit pack: the ZIP has no manifest.json",
    });
    const badJson = repack((files) => {
      files["manifest.json"] = strToU8("{");
    });
    expect((await verifyAuditPack(badJson))._unsafeUnwrapErr().message).toMatch(
      /^manifest\.json: expected JSON: /,
    );
    const badHash = repack((files) => {
      const manifest = manifestOf(files);
      (manifest.files[2] as { sha256: string }).sha256 = "XYZ";
      files["manifest.json"] = strToU8(JSON.stringify(manifest));
    });
    expect((await verifyAuditPack(badHash))._unsafeUnwrapErr()).toEqual({
      code: "MANIFEST_INVALID",
      message: "manifest.json: files[2].sha256: expected 64 lowercase hex characters",
    });
    const noLog = repack((files) => {
      const manifest = manifestOf(files);
      manifest.files = manifest.files.filter((file) => file.path !== "evidence.jsonl");
      files["manifest.json"] = strToU8(JSON.stringify(manifest));
    });
    expect((await verifyAuditPack(noLog))._unsafeUnwrapErr().message).toBe(
      "manifest.json: files: expected an entry for evidence.jsonl",
    );
  });
});
