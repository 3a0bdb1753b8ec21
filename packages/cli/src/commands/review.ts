import { parseCommandArgs, required } from "../args.js";
import { isoDay } from "../format/dates.js";
import { type Context, EXIT, UsageError } from "../io.js";
import { refused, WRITE_OPTIONS, withStore } from "../session.js";
import { REVIEW_USAGE } from "../usage-store.js";

/**
 * `sigreg review --reviewer PERSON [--scope all|G1,G2] [--notes TEXT] [--date DATE]`: records a
 * review of the register (or of some groups). @internal
 */
export async function reviewCommand(args: readonly string[], context: Context): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    "review",
    args,
    {
      reviewer: { type: "string" },
      scope: { type: "string" },
      notes: { type: "string" },
      date: { type: "string" },
      ...WRITE_OPTIONS,
      help: { type: "boolean", short: "h" },
    },
    REVIEW_USAGE,
  );
  if (values.help === true) {
    context.stdout(REVIEW_USAGE);
    return EXIT.ok;
  }
  if (positionals.length > 0)
    throw new UsageError(`sigreg review: unexpected argument '${positionals[0]}'`, REVIEW_USAGE);
  const reviewer = required("review", "reviewer", values.reviewer, REVIEW_USAGE);
  const scope =
    values.scope === undefined || values.scope.trim() === "all"
      ? "all"
      : values.scope
          .split(",")
          .map((group) => group.trim())
          .filter((group) => group !== "");
  const date = values.date ?? isoDay(context.now());

  return withStore("review", values, context, async ({ tenant }) => {
    const recorded = await tenant.recordReview({
      date,
      reviewer,
      scope,
      ...(values.notes === undefined ? {} : { notes: values.notes }),
    });
    if (recorded.isErr()) return refused("review", recorded.error, context);
    const what = `review of ${scope === "all" ? "all groups" : scope.join(", ")} by ${reviewer} on ${date}`;
    context.stdout(
      recorded.value.created
        ? `Recorded ${what} (tenant ${tenant.id}, id ${recorded.value.id}).\n`
        : `Already recorded: ${what} (tenant ${tenant.id}); nothing changed.\n`,
    );
    return EXIT.ok;
  });
}
