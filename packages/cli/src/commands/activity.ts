import type { ActivityInput } from "@sigreg/core";
import { parseCommandArgs, required } from "../args.js";
import { isoDay } from "../format/dates.js";
import { type Context, EXIT, UsageError } from "../io.js";
import { refused, WRITE_OPTIONS, withStore } from "../session.js";
import { ACTIVITY_USAGE } from "../usage-store.js";

/**
 * `sigreg activity --group ID --type TYPE [--by PERSON] [--summary TEXT] [--url URL] [--date DATE]`:
 * records engagement with a group. Recording the same activity twice changes nothing. @internal
 */
export async function activityCommand(args: readonly string[], context: Context): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    "activity",
    args,
    {
      group: { type: "string" },
      type: { type: "string" },
      by: { type: "string" },
      summary: { type: "string" },
      url: { type: "string" },
      date: { type: "string" },
      ...WRITE_OPTIONS,
      help: { type: "boolean", short: "h" },
    },
    ACTIVITY_USAGE,
  );
  if (values.help === true) {
    context.stdout(ACTIVITY_USAGE);
    return EXIT.ok;
  }
  if (positionals.length > 0)
    throw new UsageError(
      `sigreg activity: unexpected argument '${positionals[0]}'`,
      ACTIVITY_USAGE,
    );
  const group = required("activity", "group", values.group, ACTIVITY_USAGE);
  const type = required("activity", "type", values.type, ACTIVITY_USAGE);
  const date = values.date ?? isoDay(context.now());
  const optional = { by: values.by, summary: values.summary, url: values.url };

  return withStore("activity", values, context, async ({ tenant }) => {
    const recorded = await tenant.recordActivity({
      group,
      // Any string: the engine checks it against the activity types and says which it accepts.
      type: type as ActivityInput["type"],
      date,
      ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
    });
    if (recorded.isErr()) return refused("activity", recorded.error, context);
    const what = `${type} activity for ${group} on ${date}`;
    context.stdout(
      recorded.value.created
        ? `Recorded ${what} (tenant ${tenant.id}, id ${recorded.value.id}).\n`
        : `Already recorded: ${what} (tenant ${tenant.id}); nothing changed.\n`,
    );
    return EXIT.ok;
  });
}
