import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { type AuditPackVerification, type ChainHead, verifyAuditPack } from "@sigreg/adapters/pack";
import { helpHint, oneOf, parseCommandArgs } from "../args.js";
import { type Context, EXIT, UsageError } from "../io.js";
import { VERIFY_PACK_USAGE } from "../usage-pack.js";

const FORMATS = ["text", "json"] as const;

/**
 * `sigreg verify-pack <file> [--head SEQ:HASH] [--format text|json]`: checks an audit pack against
 * its manifest and its evidence chain; exit 1 names the first problem, exit 2 an unusable file.
 * @internal
 */
export async function verifyPackCommand(
  args: readonly string[],
  context: Context,
): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    "verify-pack",
    args,
    {
      head: { type: "string" },
      format: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    VERIFY_PACK_USAGE,
  );
  if (values.help === true) {
    context.stdout(VERIFY_PACK_USAGE);
    return EXIT.ok;
  }
  const [file, extra] = positionals;
  if (file === undefined)
    throw new UsageError("sigreg verify-pack: expected the pack's file", VERIFY_PACK_USAGE);
  if (extra !== undefined)
    throw new UsageError(`sigreg verify-pack: unexpected argument '${extra}'`, VERIFY_PACK_USAGE);
  const format = oneOf("verify-pack", "format", values.format ?? "text", FORMATS);
  const expectedHead = values.head === undefined ? undefined : parseHead(values.head);

  let bytes: Uint8Array;
  try {
    bytes = await readFile(resolve(context.cwd, file));
  } catch (error) {
    throw new UsageError(`sigreg verify-pack: cannot read ${file}: ${(error as Error).message}`);
  }
  const checked = await verifyAuditPack(bytes, expectedHead === undefined ? {} : { expectedHead });
  if (checked.isErr())
    throw new UsageError(
      `sigreg verify-pack: ${file}: ${checked.error.message} [${checked.error.code}]`,
    );
  const result = checked.value;
  if (format === "json") context.stdout(`${JSON.stringify({ file, ...result }, null, 2)}\n`);
  else context.stdout(result.ok ? verifiedText(file, result) : problemText(file, result));
  return result.ok ? EXIT.ok : EXIT.refused;
}

function parseHead(value: string): ChainHead {
  const match = /^(\d+):([0-9a-f]{64})$/.exec(value);
  if (match === null)
    throw new UsageError(
      `sigreg verify-pack: invalid --head '${value}': expected SEQ:HASH, a whole number, a colon and 64 lowercase hex characters`,
      helpHint("verify-pack"),
    );
  return { seq: Number(match[1]), hash: match[2] as string };
}

function verifiedText(file: string, { manifest, entries }: AuditPackVerification): string {
  const { head } = manifest.evidence;
  return (
    `audit pack verified: ${file}\n` +
    `  ${manifest.files.length} files match manifest.json (SHA-256 and size), none unlisted\n` +
    `  evidence: ${entries} entr${entries === 1 ? "y" : "ies"}, an unbroken chain ending at head seq ${head.seq} hash ${head.hash}\n` +
    `  tenant ${manifest.tenant} (${manifest.organisation}), as of ${manifest.asOf.slice(0, 10)}, made by ${manifest.generator.name} ${manifest.generator.version} at ${manifest.generatedAt}\n`
  );
}

function problemText(file: string, { problem }: AuditPackVerification): string {
  return `audit pack NOT verified: ${file}\n  ${problem?.kind ?? "problem"}: ${problem?.message ?? "unknown"}\n`;
}
