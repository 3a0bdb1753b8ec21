import type { EvidenceEntry, Exporter } from "@sigreg/core";
import {
  AUDIT_PACK_MEDIA_TYPE,
  type AuditPackError,
  type AuditPackOptions,
  createAuditPack,
} from "./create-pack.js";

/** An {@link AuditPackError} thrown by {@link auditPackExporter}, whose contract has no error channel. */
export class AuditPackExportError extends Error {
  /** The error's code. */
  readonly code: AuditPackError["code"];
  constructor(error: AuditPackError) {
    super(error.message);
    this.name = "AuditPackExportError";
    this.code = error.code;
  }
}

/** Options of {@link auditPackExporter}: whose evidence to pack, and {@link AuditPackOptions}. */
export interface AuditPackExporterOptions extends AuditPackOptions {
  /** The tenant the register and evidence belong to. */
  tenant: string;
  /** Reads the tenant's evidence log afresh for each export, oldest first (e.g. `() => tenant.evidence()`). */
  evidence: () => Iterable<EvidenceEntry> | AsyncIterable<EvidenceEntry>;
  /** The program making the pack, written into the manifest. @default { name: "sigreg", version: "unknown" } */
  generator?: { name: string; version: string };
}

/**
 * The audit pack as an exporter (`id` `pack`, a ZIP), so that a platform offers it beside the other
 * formats; the evidence comes from the options, since an export's input has none.
 * @throws AuditPackExportError with code `DEPENDENCY_MISSING` or `EVIDENCE_NOT_INTACT`.
 * @example
 * const exporter = auditPackExporter({ tenant: "acme", evidence: () => tenant.evidence() });
 * const { content } = await exporter.export({ register, evaluation, generatedAt: new Date() });
 */
export function auditPackExporter(options: AuditPackExporterOptions) {
  const { tenant, evidence, generator, ...packOptions } = options;
  return {
    id: "pack",
    description:
      "Audit pack: report, register, findings, OSCAL and evidence log in one ZIP, every file hashed",
    async export(input) {
      const made = await createAuditPack(
        {
          ...input,
          tenant,
          evidence: evidence(),
          ...(generator === undefined ? {} : { generator }),
        },
        packOptions,
      );
      if (made.isErr()) throw new AuditPackExportError(made.error);
      return { content: made.value.bytes, mediaType: AUDIT_PACK_MEDIA_TYPE, extension: "zip" };
    },
  } satisfies Exporter;
}
