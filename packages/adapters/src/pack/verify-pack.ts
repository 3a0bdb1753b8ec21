import type { EvidenceProblem } from "@sigreg/core";
import { err, ok, type Result } from "neverthrow";
import { checkPackEvidence } from "./check-evidence.js";
import { loadFflate } from "./load-fflate.js";
import {
  type AuditPackManifest,
  type ChainHead,
  checkManifest,
  MANIFEST_FILE,
  sha256Hex,
} from "./manifest.js";
import { listZip, type ZipListing } from "./zip.js";

/** What {@link verifyAuditPack} found wrong first. */
export type AuditPackProblemKind = "altered" | "missing" | "extra" | "evidence" | "head";

/** The first problem found in an audit pack. */
export interface AuditPackProblem {
  /** `altered`: a file's SHA-256 or size differs from the manifest's; `missing`: a listed file is
   * not in the ZIP; `extra`: the ZIP holds a file the manifest does not list; `evidence`: the
   * evidence log does not verify as a hash chain; `head`: the chain's head differs from the one
   * the manifest (or `evidence-head.json`, or the caller) records. */
  kind: AuditPackProblemKind;
  /** The file concerned. */
  file: string;
  /** One sentence for people. */
  message: string;
  /** The evidence chain's own finding, for `evidence`. */
  evidence?: EvidenceProblem;
}

/** The outcome of checking an audit pack. */
export interface AuditPackVerification {
  /** `true` when every file matches the manifest and the evidence chain verifies up to its head. */
  ok: boolean;
  /** The pack's manifest. */
  manifest: AuditPackManifest;
  /** Evidence entries in the pack's log. */
  entries: number;
  /** The first problem, when `ok` is false. */
  problem?: AuditPackProblem;
}

/** Why a file could not be checked as an audit pack at all. */
export interface AuditPackReadError {
  /** `NOT_A_ZIP`: the bytes are no readable ZIP; `NOT_AN_AUDIT_PACK`: no `manifest.json`;
   * `MANIFEST_INVALID`: the manifest is not what sigreg writes; `DEPENDENCY_MISSING`: fflate is not installed. */
  code: "NOT_A_ZIP" | "NOT_AN_AUDIT_PACK" | "MANIFEST_INVALID" | "DEPENDENCY_MISSING";
  /** What went wrong, naming the file and the path inside it. */
  message: string;
}

/** Options of {@link verifyAuditPack}. */
export interface VerifyAuditPackOptions {
  /** A head recorded elsewhere (a ticket, an earlier pack) that the pack's chain must end at. */
  expectedHead?: ChainHead;
  /** Module to import instead of `fflate`. @default "fflate" */
  fflate?: string;
}

const decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * Checks an audit pack against its manifest and its evidence chain: every listed file present with
 * the listed SHA-256 and size, no file unlisted, the evidence log a valid hash chain whose head is
 * the manifest's. An unreadable pack is an error; a readable one that fails a check is `ok: false`
 * with the first problem.
 * @example
 * const checked = await verifyAuditPack(await readFile("audit-2026-Q4.zip"));
 * if (checked.isOk() && !checked.value.ok) console.log(checked.value.problem?.message);
 */
export async function verifyAuditPack(
  bytes: Uint8Array,
  options: VerifyAuditPackOptions = {},
): Promise<Result<AuditPackVerification, AuditPackReadError>> {
  const fflate = await loadFflate(options.fflate);
  if (fflate.isErr()) return err(fflate.error);
  let zip: ZipListing;
  try {
    zip = listZip(fflate.value, bytes);
  } catch (error) {
    return err({
      code: "NOT_A_ZIP",
      message: `not a readable ZIP file: ${(error as Error).message}`,
    });
  }
  const manifest = readManifest(zip);
  if ("code" in manifest) return err(manifest);

  const fail = (problem: AuditPackProblem) =>
    ok({ ok: false, manifest, entries: 0, problem } satisfies AuditPackVerification);
  const listed = new Map(manifest.files.map((file) => [file.path, file]));
  const seen = new Map<string, number>();
  for (const entry of zip.entries) {
    if (seen.has(entry.name))
      return fail({
        kind: "extra",
        file: entry.name,
        message: `${entry.name} appears twice in the pack: which copy a tool reads is not defined`,
      });
    seen.set(entry.name, entry.size);
  }
  for (const file of manifest.files) {
    const size = seen.get(file.path);
    if (size === undefined)
      return fail({
        kind: "missing",
        file: file.path,
        message: `${file.path} is listed in ${MANIFEST_FILE} but missing from the pack`,
      });
    if (size !== file.size)
      return fail({
        kind: "altered",
        file: file.path,
        message: `${file.path} was altered: ${size} bytes, the manifest records ${file.size} bytes`,
      });
  }
  const extra = zip.entries.find(
    (entry) => entry.name !== MANIFEST_FILE && !listed.has(entry.name),
  );
  if (extra !== undefined)
    return fail({
      kind: "extra",
      file: extra.name,
      message: `${extra.name} is in the pack but not listed in ${MANIFEST_FILE}`,
    });
  const files: Record<string, Uint8Array> = {};
  for (const file of manifest.files) {
    // Only listed entries of the listed size are inflated, into buffers of that size.
    let content: Uint8Array;
    try {
      content = zip.read((name) => name === file.path)[file.path] ?? new Uint8Array();
    } catch (error) {
      return fail({
        kind: "altered",
        file: file.path,
        message: `${file.path} was altered or damaged: it cannot be decompressed (${(error as Error).message})`,
      });
    }
    files[file.path] = content;
    const digest = sha256Hex(content);
    if (digest !== file.sha256 || content.byteLength !== file.size)
      return fail({
        kind: "altered",
        file: file.path,
        message: `${file.path} was altered: SHA-256 ${digest} (${content.byteLength} bytes), the manifest records ${file.sha256} (${file.size} bytes)`,
      });
  }
  return checkPackEvidence(manifest, files, options.expectedHead);
}

/** Largest `manifest.json` read: a pack's manifest is a few kilobytes. */
const MANIFEST_LIMIT = 16 * 1024 * 1024;

/** The pack's manifest, checked, or why the ZIP is no usable pack. */
function readManifest(zip: ZipListing): AuditPackManifest | AuditPackReadError {
  const declared = zip.entries.filter((entry) => entry.name === MANIFEST_FILE);
  if (declared.length === 0)
    return {
      code: "NOT_AN_AUDIT_PACK",
      message: `not a sigreg audit pack: the ZIP has no ${MANIFEST_FILE}`,
    };
  if (declared.length > 1)
    return {
      code: "MANIFEST_INVALID",
      message: `${MANIFEST_FILE}: expected one, the ZIP has ${declared.length}`,
    };
  if ((declared[0]?.size ?? 0) > MANIFEST_LIMIT)
    return {
      code: "MANIFEST_INVALID",
      message: `${MANIFEST_FILE}: expected at most ${MANIFEST_LIMIT} bytes`,
    };
  let parsed: unknown;
  try {
    const bytes = zip.read((name) => name === MANIFEST_FILE)[MANIFEST_FILE] ?? new Uint8Array();
    parsed = JSON.parse(decoder.decode(bytes));
  } catch (error) {
    return {
      code: "MANIFEST_INVALID",
      message: `${MANIFEST_FILE}: expected JSON: ${(error as Error).message}`,
    };
  }
  const manifest = checkManifest(parsed);
  return typeof manifest === "string" ? { code: "MANIFEST_INVALID", message: manifest } : manifest;
}
