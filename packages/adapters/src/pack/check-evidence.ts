import { type EvidenceEntry, walkEvidenceChain } from "@sigreg/core";
import { ok, type Result } from "neverthrow";
import {
  type AuditPackManifest,
  type ChainHead,
  EVIDENCE_FILE,
  EVIDENCE_HEAD_FILE,
  MANIFEST_FILE,
} from "./manifest.js";
import type { AuditPackProblem, AuditPackReadError, AuditPackVerification } from "./verify-pack.js";
import { arrayEvidence } from "./zip.js";

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
 * The evidence half of an audit pack's check, once every file matches the manifest: the log is an
 * unbroken chain, and it ends at the head the manifest, `evidence-head.json` and the caller record.
 * @internal
 */
export async function checkPackEvidence(
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
