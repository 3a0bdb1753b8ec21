import {
  type EvidenceEntry,
  type ExportInput,
  formatRegister,
  GENESIS_HASH,
  jsonExporter,
  oscalExporter,
  walkEvidenceChain,
} from "@sigreg/core";
import { type HtmlReportOptions, renderHtmlReport } from "@sigreg/core/report";
import { err, ok, type Result } from "neverthrow";
import { registerToXlsx, XLSX_MEDIA_TYPE } from "../xlsx/index.js";
import { type FflateModule, loadFflate } from "./load-fflate.js";
import {
  AUDIT_PACK_FORMAT,
  AUDIT_PACK_VERSION,
  type AuditPackFile,
  type AuditPackManifest,
  EVIDENCE_FILE,
  EVIDENCE_HEAD_FILE,
  MANIFEST_FILE,
  sha256Hex,
} from "./manifest.js";
import { arrayEvidence, zipEntryOptions } from "./zip.js";

/** What {@link createAuditPack} packs: an export's input plus the tenant's evidence log. */
export interface AuditPackInput extends ExportInput {
  /** The tenant the register and evidence belong to. */
  tenant: string;
  /** The tenant's evidence log, every entry, oldest first (e.g. `tenant.evidence()`). */
  evidence: Iterable<EvidenceEntry> | AsyncIterable<EvidenceEntry>;
  /** The program making the pack, written into the manifest. @default { name: "sigreg", version: "unknown" } */
  generator?: { name: string; version: string };
}

/** Options of {@link createAuditPack}. */
export interface AuditPackOptions {
  /** Options of the HTML report inside the pack. */
  html?: HtmlReportOptions;
  /** Module to import instead of `exceljs`. @default "exceljs" */
  exceljs?: string;
  /** Module to import instead of `fflate`. @default "fflate" */
  fflate?: string;
}

/** A finished pack: the ZIP's bytes and the manifest they carry. */
export interface AuditPack {
  /** The ZIP file. */
  bytes: Uint8Array;
  /** The manifest written into it as `manifest.json`. */
  manifest: AuditPackManifest;
  /** SHA-256 of `manifest.json`'s bytes: record it outside the store to anchor the pack. */
  manifestSha256: string;
}

/** Why an audit pack could not be made. */
export interface AuditPackError {
  /** `DEPENDENCY_MISSING`: exceljs or fflate is not installed; `EVIDENCE_NOT_INTACT`: the log given does not verify, so it is not packed as evidence. */
  code: "DEPENDENCY_MISSING" | "EVIDENCE_NOT_INTACT";
  /** What went wrong and how to fix it. */
  message: string;
}

/** Media type of an audit pack. */
export const AUDIT_PACK_MEDIA_TYPE = "application/zip";

const encoder = new TextEncoder();
const text = (value: string) => encoder.encode(value);
const json = (value: unknown) => text(`${JSON.stringify(value, null, 2)}\n`);

async function collect(
  source: Iterable<EvidenceEntry> | AsyncIterable<EvidenceEntry>,
): Promise<EvidenceEntry[]> {
  const entries: EvidenceEntry[] = [];
  for await (const entry of source) entries.push(entry);
  return entries;
}

/**
 * Builds the audit pack: a ZIP with the HTML report, the register as YAML and XLSX, the findings
 * as JSON, the OSCAL assessment results, the evidence log (JSON Lines) with its chain head, and
 * `manifest.json` listing every file with its SHA-256 and size. The same input gives the same
 * bytes: entries carry a fixed timestamp and appear in a fixed order.
 * @example
 * const pack = await createAuditPack({ register, evaluation, generatedAt, tenant: "default", evidence: tenant.evidence() });
 * if (pack.isOk()) await writeFile("audit-2026-Q4.zip", pack.value.bytes);
 */
export async function createAuditPack(
  input: AuditPackInput,
  options: AuditPackOptions = {},
): Promise<Result<AuditPack, AuditPackError>> {
  const zip = await loadFflate(options.fflate);
  if (zip.isErr()) return err(zip.error);
  const xlsx = await registerToXlsx(input, { moduleName: options.exceljs ?? "exceljs" });
  if (xlsx.isErr()) return err(xlsx.error);

  const entries = await collect(input.evidence);
  const walked = await walkEvidenceChain(arrayEvidence(entries), input.tenant);
  if (!walked.ok)
    return err({
      code: "EVIDENCE_NOT_INTACT",
      message: `the evidence log of tenant ${input.tenant} does not verify (${walked.problem?.message ?? "broken chain"}); run sigreg verify-evidence and resolve it before packing`,
    });
  const head = walked.head.seq === 0 ? { seq: 0, hash: GENESIS_HASH } : walked.head;

  const exportInput: ExportInput = {
    register: input.register,
    evaluation: input.evaluation,
    generatedAt: input.generatedAt,
  };
  const findings = await jsonExporter.export(exportInput);
  const oscal = await oscalExporter.export(exportInput);
  const contents: Array<[string, Uint8Array, string]> = [
    ["report.html", text(renderHtmlReport(exportInput, options.html)), "text/html; charset=utf-8"],
    [
      "register.yaml",
      text(formatRegister(input.register, "yaml")),
      "application/yaml; charset=utf-8",
    ],
    ["register.xlsx", normaliseZip(zip.value, xlsx.value), XLSX_MEDIA_TYPE],
    ["findings.json", text(String(findings.content)), "application/json"],
    ["oscal-assessment-results.json", text(String(oscal.content)), "application/json"],
    [
      EVIDENCE_FILE,
      text(entries.map((entry) => `${JSON.stringify(entry)}\n`).join("")),
      "application/jsonl",
    ],
    [
      EVIDENCE_HEAD_FILE,
      json({ tenant: input.tenant, entries: walked.entries, ...head }),
      "application/json",
    ],
  ];
  const files: AuditPackFile[] = contents.map(([path, bytes, mediaType]) => ({
    path,
    sha256: sha256Hex(bytes),
    size: bytes.byteLength,
    mediaType,
  }));
  const manifest: AuditPackManifest = {
    format: AUDIT_PACK_FORMAT,
    version: AUDIT_PACK_VERSION,
    generator: input.generator ?? { name: "sigreg", version: "unknown" },
    tenant: input.tenant,
    organisation: input.register.organisation.name,
    asOf: input.evaluation.asOf.toISOString(),
    generatedAt: input.generatedAt.toISOString(),
    evidence: { entries: walked.entries, head },
    files,
  };
  const manifestBytes = json(manifest);
  const entry = zipEntryOptions();
  const zipped: Record<string, [Uint8Array, ReturnType<typeof zipEntryOptions>]> = {
    [MANIFEST_FILE]: [manifestBytes, entry],
  };
  for (const [path, bytes] of contents) zipped[path] = [bytes, entry];
  return ok({
    bytes: zip.value.zipSync(zipped),
    manifest,
    manifestSha256: sha256Hex(manifestBytes),
  });
}

/** exceljs stamps its ZIP entries with the current time: repack them with the fixed one. */
function normaliseZip(fflate: FflateModule, bytes: Uint8Array): Uint8Array {
  const entries = fflate.unzipSync(bytes);
  const entry = zipEntryOptions();
  const repacked: Record<string, [Uint8Array, ReturnType<typeof zipEntryOptions>]> = {};
  for (const [name, content] of Object.entries(entries)) repacked[name] = [content, entry];
  return fflate.zipSync(repacked);
}
