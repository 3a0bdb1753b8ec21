import { registerJsonSchema } from "@sigreg/core";
import { parseCommandArgs } from "../args.js";
import { type Context, EXIT, UsageError } from "../io.js";
import { SCHEMA_USAGE } from "../usage.js";

/** `sigreg schema`: prints the register JSON Schema. @internal */
export function schemaCommand(args: readonly string[], context: Context): number {
  const { values, positionals } = parseCommandArgs(
    "schema",
    args,
    { help: { type: "boolean", short: "h" } },
    SCHEMA_USAGE,
  );
  if (values.help === true) {
    context.stdout(SCHEMA_USAGE);
    return EXIT.ok;
  }
  if (positionals.length > 0) {
    throw new UsageError(`sigreg schema: unexpected argument '${positionals[0]}'`, SCHEMA_USAGE);
  }
  context.stdout(`${JSON.stringify(registerJsonSchema(), null, 2)}\n`);
  return EXIT.ok;
}
