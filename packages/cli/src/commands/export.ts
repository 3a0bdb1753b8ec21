import { writeFile } from "node:fs/promises";
import { extname, resolve } from "node:path";
import { formatSigregError } from "@sigreg/core";
import { oneOf, parseCommandArgs } from "../args.js";
import { type Context, EXIT, UsageError } from "../io.js";
import { noRegister, READ_OPTIONS, withStore } from "../session.js";
import { EXPORT_USAGE } from "../usage-store.js";

const FORMATS = ["yaml", "json"] as const;

/** `sigreg export [--format yaml|json] [--output FILE] [--store URL] [--tenant ID]`. @internal */
export async function exportCommand(args: readonly string[], context: Context): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    "export",
    args,
    {
      format: { type: "string" },
      output: { type: "string", short: "o" },
      ...READ_OPTIONS,
      help: { type: "boolean", short: "h" },
    },
    EXPORT_USAGE,
  );
  if (values.help === true) {
    context.stdout(EXPORT_USAGE);
    return EXIT.ok;
  }
  if (positionals.length > 0)
    throw new UsageError(`sigreg export: unexpected argument '${positionals[0]}'`, EXPORT_USAGE);
  const output = values.output;
  if (output === "") throw new UsageError("sigreg export: --output expects a file", EXPORT_USAGE);
  // Without --format, the output file's extension decides: .json is JSON, anything else YAML.
  const implied =
    output !== undefined && extname(output).toLowerCase() === ".json" ? "json" : "yaml";
  const format = oneOf("export", "format", values.format ?? implied, FORMATS);

  const text = await withStore("export", values, context, async (session) => {
    const exported = await session.tenant.exportRegister({ format });
    if (exported.isOk()) return exported.value;
    if (exported.error.code === "NOT_FOUND") throw noRegister("export", session);
    throw new UsageError(`${formatSigregError(exported.error)}\nsigreg export: not exported.`);
  });
  if (output === undefined) {
    context.stdout(text);
    return EXIT.ok;
  }
  try {
    await writeFile(resolve(context.cwd, output), text, "utf8");
  } catch (error) {
    throw new UsageError(`sigreg export: cannot write ${output}: ${(error as Error).message}`);
  }
  context.stdout(`Wrote ${output} (${format}).\n`);
  return EXIT.ok;
}
