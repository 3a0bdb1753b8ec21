import type { EvidenceVerification } from "@sigreg/core";
import { oneOf, parseCommandArgs } from "../args.js";
import { type Context, EXIT, UsageError } from "../io.js";
import { noRegister, READ_OPTIONS, withStore } from "../session.js";
import { VERIFY_EVIDENCE_USAGE } from "../usage-store.js";

const FORMATS = ["text", "json"] as const;

/**
 * `sigreg verify-evidence [--chain-only] [--format text|json] [--store URL] [--tenant ID]`: walks
 * the tenant's evidence chain and (unless `--chain-only`) checks the stored records against it;
 * exit 1 names the first problem.
 * @internal
 */
export async function verifyEvidenceCommand(
  args: readonly string[],
  context: Context,
): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    "verify-evidence",
    args,
    {
      format: { type: "string" },
      "chain-only": { type: "boolean" },
      ...READ_OPTIONS,
      help: { type: "boolean", short: "h" },
    },
    VERIFY_EVIDENCE_USAGE,
  );
  if (values.help === true) {
    context.stdout(VERIFY_EVIDENCE_USAGE);
    return EXIT.ok;
  }
  if (positionals.length > 0) {
    throw new UsageError(
      `sigreg verify-evidence: unexpected argument '${positionals[0]}'`,
      VERIFY_EVIDENCE_USAGE,
    );
  }
  const format = oneOf("verify-evidence", "format", values.format ?? "text", FORMATS);
  const records = values["chain-only"] !== true;
  let fileStore = false;
  const result = await withStore("verify-evidence", values, context, async (session) => {
    fileStore = session.target.spec.kind === "file";
    const verified = await session.tenant.verifyEvidence({ records });
    // An empty log is intact, but for a tenant that does not exist it is most likely a typo.
    if (verified.entries === 0 && verified.ok && (await session.tenant.profile.get()) === undefined)
      throw noRegister("verify-evidence", session);
    return verified;
  });
  if (format === "json") context.stdout(`${JSON.stringify(result, null, 2)}\n`);
  else if (result.ok) context.stdout(`evidence intact: ${headLine(result)}\n`);
  else {
    context.stdout(problemText(result));
    // A register file is meant to be edited by hand too; say so rather than let it read as an attack.
    if (fileStore && result.problem?.kind === "unrecorded")
      context.stdout(
        "A register file edited by hand holds records the log never recorded: 'sigreg attest' vouches for them; --chain-only checks the log alone.\n",
      );
  }
  return result.ok ? EXIT.ok : EXIT.refused;
}

function headLine({ entries, head }: EvidenceVerification): string {
  return `${entries} entr${entries === 1 ? "y" : "ies"}, head seq ${head.seq} hash ${head.hash}`;
}

function problemText(result: EvidenceVerification): string {
  const { problem } = result;
  if (problem === undefined) return "evidence not intact\n";
  const subject =
    problem.subject === undefined ? "" : ` (${problem.subject.collection}/${problem.subject.id})`;
  const walked =
    problem.kind === "unrecorded" ? "the chain itself is intact" : "intact up to the problem";
  return `evidence problem: ${problem.kind} at seq ${problem.seq}${subject}: ${problem.message}\n${walked}: ${headLine(result)}\n`;
}
