import { parseCommandArgs } from "../args.js";
import { type Context, EXIT, UsageError } from "../io.js";
import { noRegister, refused, WRITE_OPTIONS, withStore } from "../session.js";
import { ATTEST_USAGE } from "../usage-store.js";

/**
 * `sigreg attest [--store URL] [--tenant ID] [--actor NAME]`: records in the evidence log the
 * current state of every record the log does not account for (a register file edited by hand),
 * attributed to the actor. @internal
 */
export async function attestCommand(args: readonly string[], context: Context): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    "attest",
    args,
    { ...WRITE_OPTIONS, help: { type: "boolean", short: "h" } },
    ATTEST_USAGE,
  );
  if (values.help === true) {
    context.stdout(ATTEST_USAGE);
    return EXIT.ok;
  }
  if (positionals.length > 0)
    throw new UsageError(`sigreg attest: unexpected argument '${positionals[0]}'`, ATTEST_USAGE);
  return withStore("attest", values, context, async (session) => {
    if ((await session.tenant.profile.get()) === undefined) throw noRegister("attest", session);
    const attested = await session.tenant.attest();
    if (attested.isErr()) return refused("attest", attested.error, context);
    const lines = Object.entries(attested.value).map(
      ([collection, { attested: changed, removed }]) =>
        `  ${collection}: ${changed} attested${removed > 0 ? `, ${removed} removed` : ""}\n`,
    );
    context.stdout(
      lines.length === 0
        ? "Nothing to attest: the evidence log accounts for every record.\n"
        : `Attested the current state as ${session.actor}:\n${lines.join("")}`,
    );
    return EXIT.ok;
  });
}
