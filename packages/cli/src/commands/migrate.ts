import { parseCommandArgs } from "../args.js";
import { type Context, EXIT, UsageError } from "../io.js";
import { withStore } from "../session.js";
import { MIGRATE_USAGE } from "../usage-store.js";

/** `sigreg migrate [--store URL]`: creates or upgrades a SQL store's tables. @internal */
export async function migrateCommand(args: readonly string[], context: Context): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    "migrate",
    args,
    { store: { type: "string" }, help: { type: "boolean", short: "h" } },
    MIGRATE_USAGE,
  );
  if (values.help === true) {
    context.stdout(MIGRATE_USAGE);
    return EXIT.ok;
  }
  if (positionals.length > 0)
    throw new UsageError(`sigreg migrate: unexpected argument '${positionals[0]}'`, MIGRATE_USAGE);
  return withStore("migrate", values, context, async ({ sigreg, target }) => {
    if (sigreg.storage.migrate === undefined) {
      context.stdout(`${target.shown} has no schema to migrate; nothing to do.\n`);
      return EXIT.ok;
    }
    await sigreg.migrate();
    context.stdout(`Migrated ${target.shown}: its tables are up to date.\n`);
    return EXIT.ok;
  });
}
