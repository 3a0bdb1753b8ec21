/** Help texts of the audit pack commands. @internal */
import { STORE } from "./usage-store.js";

export const PACK_USAGE = `Usage: sigreg pack --out FILE [options]

Write the audit pack: one ZIP with the HTML report, the register (YAML and XLSX),
the findings (JSON), the OSCAL assessment results, the evidence log (JSON Lines,
every entry) with its chain head, and manifest.json listing every file with its
SHA-256 and size. The same store, as-of date and clock give the same bytes.
Prints the SHA-256 of manifest.json: record it outside the store (a ticket, an
email to the auditor) and no one can swap the whole pack unnoticed. Records the
log never recorded (a register file edited by hand) are packed as they are, with
a note: 'sigreg attest' records them first.

Options:
  -o, --out FILE  Where to write the pack, e.g. audit-2026-Q4.zip (required)
  --as-of DATE    Evaluate as of this day (default: today, UTC)
${STORE}
  -h, --help      Show this help

Exit codes: 0 written, 1 the evidence log does not verify (nothing written; see
'sigreg verify-evidence'), 2 unusable input (bad arguments, an unknown or
unreachable store, no register for the tenant, exceljs missing, --out not writable).
`;

export const VERIFY_PACK_USAGE = `Usage: sigreg verify-pack <file> [options]

Check an audit pack made by 'sigreg pack': every file listed in manifest.json is
there with the listed SHA-256 and size, no file is unlisted, the evidence log is
an unbroken hash chain, and its head is the one the manifest records (and, with
--head, the one you recorded elsewhere).

Options:
  --head SEQ:HASH   The evidence head recorded outside the pack; the pack's
                    chain must end there
  --format FORMAT   text (default) or json
  -h, --help        Show this help

Exit codes: 0 verified, 1 tampered with (the first problem is named: a file
altered, missing or extra, an evidence chain that does not verify, a head that
differs), 2 unusable input (unreadable file, not a ZIP, no or invalid manifest).
`;
