import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { createAuditPack } from "@sigreg/adapters/pack";
import {
  type EvidenceEntry,
  evaluate,
  formatSigregError,
  readEvaluationInputs,
} from "@sigreg/core";
import { parseCommandArgs, required } from "../args.js";
import { asOfFrom } from "../as-of.js";
import { CLI_RULES } from "../health-plugins.js";
import { type Context, EXIT, UsageError } from "../io.js";
import { noRegister, READ_OPTIONS, withStore } from "../session.js";
import { PACK_USAGE } from "../usage-pack.js";
import { VERSION } from "../version.js";

/**
 * `sigreg pack --out FILE [--as-of DATE] [--store URL] [--tenant ID]`: the audit pack, a ZIP whose
 * every file is hashed in its manifest, with the evidence log and its chain head.
 * @internal
 */
export async function packCommand(args: readonly string[], context: Context): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    "pack",
    args,
    {
      out: { type: "string", short: "o" },
      "as-of": { type: "string" },
      ...READ_OPTIONS,
      help: { type: "boolean", short: "h" },
    },
    PACK_USAGE,
  );
  if (values.help === true) {
    context.stdout(PACK_USAGE);
    return EXIT.ok;
  }
  if (positionals.length > 0)
    throw new UsageError(`sigreg pack: unexpected argument '${positionals[0]}'`, PACK_USAGE);
  const out = required("pack", "out", values.out, PACK_USAGE);
  if (out === "") throw new UsageError("sigreg pack: --out expects a file", PACK_USAGE);
  const asOf = asOfFrom(values["as-of"], "pack", context.now);
  const tenant = values.tenant ?? "default";

  // Register, evaluation and log are read before the store closes; the ZIP is made after.
  const read = await withStore("pack", values, context, async (session) => {
    const snapshot = await session.tenant.snapshot();
    if (snapshot.isErr()) {
      if (snapshot.error.code === "NOT_FOUND") throw noRegister("pack", session);
      throw new UsageError(`${formatSigregError(snapshot.error)}\nsigreg pack: not packed.`);
    }
    // Feed health and link checks from the store, as `report` and `check --store` see them.
    const inputs = await readEvaluationInputs({
      storage: session.sigreg.storage,
      tenant: session.tenant.id,
      rules: CLI_RULES,
    });
    if (inputs.isErr())
      throw new UsageError(`${formatSigregError(inputs.error)}\nsigreg pack: not packed.`);
    const evidence: EvidenceEntry[] = [];
    for await (const entry of session.tenant.evidence()) evidence.push(entry);
    // A broken chain is refused below; records the log never saw (a hand edit) are only noted.
    const checked = await session.tenant.verifyEvidence({ records: true });
    const unrecorded = checked.problem?.kind === "unrecorded" ? checked.problem : undefined;
    return { register: snapshot.value, inputs: inputs.value, evidence, unrecorded };
  });
  const made = await createAuditPack({
    register: read.register,
    evaluation: evaluate(read.register, { asOf, rules: CLI_RULES, ...read.inputs }),
    generatedAt: context.now(),
    tenant,
    evidence: read.evidence,
    generator: { name: "sigreg", version: VERSION },
  });
  if (made.isErr()) {
    if (made.error.code === "DEPENDENCY_MISSING")
      throw new UsageError(`sigreg pack: ${made.error.message} [DEPENDENCY_MISSING]`);
    context.stderr(`sigreg pack: ${made.error.message} [${made.error.code}]\nNothing written.\n`);
    return EXIT.refused;
  }
  const { bytes, manifest, manifestSha256 } = made.value;
  try {
    await writeFile(resolve(context.cwd, out), bytes);
  } catch (error) {
    throw new UsageError(`sigreg pack: cannot write ${out}: ${(error as Error).message}`);
  }
  const { entries, head } = manifest.evidence;
  context.stdout(
    `Wrote ${out} (${manifest.files.length + 1} files, ${bytes.byteLength} bytes): tenant ${tenant}, as of ${asOf.toISOString().slice(0, 10)}, ${read.register.groups.length} groups.\n` +
      `Evidence: ${entries} entr${entries === 1 ? "y" : "ies"}, head seq ${head.seq} hash ${head.hash}\n` +
      `manifest.json SHA-256: ${manifestSha256}\n` +
      `Record the head and the manifest's SHA-256 outside the store; 'sigreg verify-pack ${out}' checks the pack.\n`,
  );
  const { unrecorded } = read;
  if (unrecorded !== undefined) {
    const subject = unrecorded.subject;
    const first = subject === undefined ? "" : ` (first: ${subject.collection}/${subject.id})`;
    context.stdout(
      `Note: the register holds changes the evidence log never recorded${first}, such as edits by hand; 'sigreg attest' records them in the log, then pack again.\n`,
    );
  }
  return EXIT.ok;
}
