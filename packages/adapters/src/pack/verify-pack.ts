import { type EvidenceEntry, type EvidenceProblem, walkEvidenceChain } from "@sigreg/core";
import { err, ok, type Result } from "neverthrow";
import { loadFflate } from "./load-fflate.js";
import {
  type AuditPackManifest,
  type ChainHead,
  checkManifest,
  EVIDENCE_FILE,
  EVIDENCE_HEAD_FILE,
  MANIFEST_FILE,
  sha256Hex,
} from "./manifest.js";
import { arrayEvidence } from "./zip.js";

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
const ENTRY_KEYS = [
  "seq",
  "at",
  "actor",
  "action",
  "subject",
  "before",
  "after",
  "prevHash",
  "hash",
];

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
  let files: Record<string, Uint8Array>;
  try {
    files = fflate.value.unzipSync(bytes);
  } catch (error) {
    return err({
      code: "NOT_A_ZIP",
      message: `not a readable ZIP file: ${(error as Error).message}`,
    });
  }
  const manifestBytes = files[MANIFEST_FILE];
  if (manifestBytes === undefined)
    return err({
      code: "NOT_AN_AUDIT_PACK",
      message: `not a sigreg audit pack: the ZIP has no ${MANIFEST_FILE}`,
    });
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoder.decode(manifestBytes));
  } catch (error) {
    return err({
      code: "MANIFEST_INVALID",
      message: `${MANIFEST_FILE}: expected JSON: ${(error as Error).message}`,
    });
  }
  const manifest = checkManifest(parsed);
  if (typeof manifest === "string") return err({ code: "MANIFEST_INVALID", message: manifest });

  const fail = (problem: AuditPackProblem, entries = 0) =>
    ok({ ok: false, manifest, entries, problem });
  for (const listed of manifest.files) {
    const content = files[listed.path];
    if (content === undefined)
      return fail({
        kind: "missing",
        file: listed.path,
        message: `${listed.path} is listed in ${MANIFEST_FILE} but missing from the pack`,
      });
    const digest = sha256Hex(content);
    if (digest !== listed.sha256 || content.byteLength !== listed.size)
      return fail({
        kind: "altered",
        file: listed.path,
        message: `${listed.path} was altered: SHA-256 ${digest} (${content.byteLength} bytes), the manifest records ${listed.sha256} (${listed.size} bytes)`,
      });
  }
  const listed = new Set(manifest.files.map((file) => file.path));
  const extra = Object.keys(files).find((name) => name !== MANIFEST_FILE && !listed.has(name));
  if (extra !== undefined)
    return fail({
      kind: "extra",
      file: extra,
      message: `${extra} is in the pack but not listed in ${MANIFEST_FILE}`,
    });
  return checkEvidence(manifest, files, options.expectedHead);
}

async function checkEvidence(
  manifest: AuditPackManifest,
  files: Record<string, Uint8Array>,
  expectedHead: ChainHead | undefined,
): Promise<Result<AuditPackVerification, AuditPackReadError>> {
  const fail = (problem: AuditPackProblem, entries = 0) =>
    ok({ ok: false, manifest, entries, problem });
  const read = readEvidence(files[EVIDENCE_FILE] as Uint8Array);
  if (typeof read === "string")
    return fail({ kind: "evidence", file: EVIDENCE_FILE, message: read });
  const walked = await walkEvidenceChain(arrayEvidence(read), manifest.tenant);
  if (!walked.ok && walked.problem !== undefined)
    return fail(
      {
        kind: "evidence",
        file: EVIDENCE_FILE,
        message: `${EVIDENCE_FILE}: ${walked.problem.message} (the chain verifies up to seq ${walked.head.seq})`,
        evidence: walked.problem,
      },
      walked.entries,
    );
  const head = walked.head;
  const differs = (other: ChainHead) => other.seq !== head.seq || other.hash !== head.hash;
  const shown = (other: ChainHead) => `seq ${other.seq} hash ${other.hash}`;
  const headFile = readHead(files[EVIDENCE_HEAD_FILE] as Uint8Array);
  const claims: Array<[string, ChainHead | undefined]> = [
    [MANIFEST_FILE, manifest.evidence.head],
    [EVIDENCE_HEAD_FILE, headFile],
    ["the expected head", expectedHead],
  ];
  for (const [where, claimed] of claims) {
    if (claimed === undefined && where === EVIDENCE_HEAD_FILE)
      return fail(
        {
          kind: "head",
          file: EVIDENCE_HEAD_FILE,
          message: `${EVIDENCE_HEAD_FILE}: expected a JSON object with seq (a whole number) and hash`,
        },
        walked.entries,
      );
    if (claimed !== undefined && differs(claimed))
      return fail(
        {
          kind: "head",
          file: EVIDENCE_FILE,
          message: `${EVIDENCE_FILE} ends at ${shown(head)}, but ${where} records ${shown(claimed)}: entries were cut or added`,
        },
        walked.entries,
      );
  }
  return ok({ ok: true, manifest, entries: walked.entries });
}

/** The log's entries, or a message naming the line that is not an evidence entry. */
function readEvidence(bytes: Uint8Array): EvidenceEntry[] | string {
  let content: string;
  try {
    content = decoder.decode(bytes);
  } catch {
    return `${EVIDENCE_FILE}: expected UTF-8 text`;
  }
  const entries: EvidenceEntry[] = [];
  for (const [index, line] of content.split("\n").entries()) {
    if (line === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return `${EVIDENCE_FILE}: line ${index + 1}: expected one JSON evidence entry`;
    }
    const record = value as Record<string, unknown> | null;
    const missing = ENTRY_KEYS.find(
      (key) => record === null || typeof record !== "object" || !(key in record),
    );
    if (missing !== undefined || typeof record?.seq !== "number")
      return `${EVIDENCE_FILE}: line ${index + 1}: expected an evidence entry with ${missing ?? "seq"} (fields ${ENTRY_KEYS.join(", ")})`;
    entries.push(value as EvidenceEntry);
  }
  return entries;
}

function readHead(bytes: Uint8Array): ChainHead | undefined {
  try {
    const value = JSON.parse(decoder.decode(bytes)) as Partial<ChainHead> | null;
    if (typeof value?.seq === "number" && typeof value.hash === "string")
      return { seq: value.seq, hash: value.hash };
  } catch {
    // Reported by the caller as a head that cannot be read.
  }
  return undefined;
}
