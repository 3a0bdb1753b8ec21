import { createHash } from "node:crypto";

/** `format` of every audit pack manifest. */
export const AUDIT_PACK_FORMAT = "sigreg-audit-pack";
/** Version of the manifest's shape; raised only when a field changes meaning or goes away. */
export const AUDIT_PACK_VERSION = 1;
/** Name of the manifest inside the pack. */
export const MANIFEST_FILE = "manifest.json";
/** Name of the evidence log (JSON Lines, one entry a line, oldest first) inside the pack. */
export const EVIDENCE_FILE = "evidence.jsonl";
/** Name of the evidence chain head (`{ tenant, entries, seq, hash }`) inside the pack. */
export const EVIDENCE_HEAD_FILE = "evidence-head.json";

/** One file of the pack as the manifest lists it. */
export interface AuditPackFile {
  /** Name inside the ZIP, e.g. `report.html`. */
  path: string;
  /** SHA-256 of the file's bytes, lowercase hex (what `sha256sum` prints). */
  sha256: string;
  /** Size in bytes. */
  size: number;
  /** IANA media type of the file. */
  mediaType: string;
}

/** Last entry of an evidence chain: anchor it outside the store to detect a truncated log. */
export interface ChainHead {
  /** Sequence number of the last entry (0 for an empty log). */
  seq: number;
  /** Hash of the last entry (64 zeros for an empty log). */
  hash: string;
}

/** `manifest.json`: what the pack holds, each file with its SHA-256, and the evidence chain head. */
export interface AuditPackManifest {
  /** Always {@link AUDIT_PACK_FORMAT}. */
  format: typeof AUDIT_PACK_FORMAT;
  /** {@link AUDIT_PACK_VERSION}. */
  version: typeof AUDIT_PACK_VERSION;
  /** The program that made the pack and its version. */
  generator: { name: string; version: string };
  /** The tenant whose register and evidence the pack holds. */
  tenant: string;
  /** The organisation's name. */
  organisation: string;
  /** The date the register was evaluated for (ISO date-time). */
  asOf: string;
  /** When the pack was made (ISO date-time). */
  generatedAt: string;
  /** Entries in the evidence log and the chain's head. */
  evidence: { entries: number; head: ChainHead };
  /** Every file of the pack but the manifest itself, in the ZIP's order. */
  files: AuditPackFile[];
}

/** SHA-256 of bytes, lowercase hex. @internal */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

const HEX64 = /^[0-9a-f]{64}$/;
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isCount = (value: unknown): value is number =>
  typeof value === "number" && Number.isInteger(value) && value >= 0;

/**
 * Checks a parsed `manifest.json` and returns it typed, or a message naming the path inside it
 * and what was expected there. @internal
 */
export function checkManifest(value: unknown): AuditPackManifest | string {
  const at = (path: string, expected: string) => `${MANIFEST_FILE}: ${path}: expected ${expected}`;
  if (!isObject(value)) return at("(root)", "a JSON object");
  if (value.format !== AUDIT_PACK_FORMAT) return at("format", `"${AUDIT_PACK_FORMAT}"`);
  if (value.version !== AUDIT_PACK_VERSION)
    return at("version", `${AUDIT_PACK_VERSION} (this sigreg reads version ${AUDIT_PACK_VERSION})`);
  const generator = value.generator;
  if (!isObject(generator) || typeof generator.name !== "string")
    return at("generator.name", "a string");
  if (typeof generator.version !== "string") return at("generator.version", "a string");
  for (const key of ["tenant", "organisation", "asOf", "generatedAt"] as const)
    if (typeof value[key] !== "string") return at(key, "a string");
  const evidence = value.evidence;
  if (!isObject(evidence) || !isCount(evidence.entries))
    return at("evidence.entries", "a whole number");
  const head = evidence.head;
  if (!isObject(head) || !isCount(head.seq)) return at("evidence.head.seq", "a whole number");
  if (typeof head.hash !== "string" || !HEX64.test(head.hash))
    return at("evidence.head.hash", "64 lowercase hex characters");
  if (!Array.isArray(value.files)) return at("files", "an array");
  const seen = new Set<string>();
  for (const [index, file] of value.files.entries()) {
    const path = `files[${index}]`;
    if (!isObject(file)) return at(path, "an object");
    if (typeof file.path !== "string" || file.path === "" || file.path === MANIFEST_FILE)
      return at(`${path}.path`, `a file name other than ${MANIFEST_FILE}`);
    if (seen.has(file.path)) return at(`${path}.path`, `a name not listed before (${file.path})`);
    seen.add(file.path);
    if (typeof file.sha256 !== "string" || !HEX64.test(file.sha256))
      return at(`${path}.sha256`, "64 lowercase hex characters");
    if (!isCount(file.size)) return at(`${path}.size`, "a whole number of bytes");
    if (typeof file.mediaType !== "string") return at(`${path}.mediaType`, "a string");
  }
  for (const required of [EVIDENCE_FILE, EVIDENCE_HEAD_FILE])
    if (!seen.has(required)) return at("files", `an entry for ${required}`);
  return value as unknown as AuditPackManifest;
}
