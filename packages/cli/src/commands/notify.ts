import type { PlannedNotification } from "@sigreg/core";
import { oneOf, parseCommandArgs } from "../args.js";
import { asOfFrom } from "../as-of.js";
import { clean } from "../format/style.js";
import { type Context, EXIT, UsageError } from "../io.js";
import { loadNotifiers } from "../notifiers-config.js";
import { READ_OPTIONS, withStore } from "../session.js";
import { NOTIFY_USAGE } from "../usage-deliver.js";

const FORMATS = ["text", "json"] as const;
const WHAT = ["all", "reminders", "digests"] as const;

/**
 * `sigreg notify [--only reminders|digests] [--as-of DATE] [--dry-run --notifiers FILE]`: enqueues
 * the review reminders and weekly digests due today, each once; with `--dry-run`, shows everything
 * that would go out (queued, to be routed, scheduled) and writes nothing.
 * @internal
 */
export async function notifyCommand(args: readonly string[], context: Context): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    "notify",
    args,
    {
      "dry-run": { type: "boolean" },
      only: { type: "string" },
      "as-of": { type: "string" },
      notifiers: { type: "string" },
      format: { type: "string" },
      ...READ_OPTIONS,
      help: { type: "boolean", short: "h" },
    },
    NOTIFY_USAGE,
  );
  if (values.help === true) {
    context.stdout(NOTIFY_USAGE);
    return EXIT.ok;
  }
  if (positionals.length > 0)
    throw new UsageError(`sigreg notify: unexpected argument '${positionals[0]}'`, NOTIFY_USAGE);
  const only = oneOf("notify", "only", values.only ?? "all", WHAT);
  const format = oneOf("notify", "format", values.format ?? "text", FORMATS);
  const asOf = asOfFrom(values["as-of"], "notify", context.now);
  const options = {
    asOf,
    reminders: only !== "digests",
    digests: only !== "reminders",
    ...(values.tenant === undefined ? {} : { tenant: values.tenant }),
  };
  if (values["dry-run"] === true) {
    const file = values.notifiers ?? context.env.SIGREG_NOTIFIERS;
    if (file === undefined || file === "")
      throw new UsageError(
        "sigreg notify --dry-run: expected --notifiers FILE (or SIGREG_NOTIFIERS): where notifications would go depends on the notifiers",
        NOTIFY_USAGE,
      );
    const notifiers = await loadNotifiers(file, context, "notify");
    const plan = await withStore(
      "notify",
      values,
      context,
      (session) => session.sigreg.previewNotifications(options),
      { notifiers },
    );
    context.stdout(format === "json" ? `${JSON.stringify(plan, null, 2)}\n` : planTable(plan));
    return EXIT.ok;
  }
  const report = await withStore("notify", values, context, (session) =>
    session.sigreg.notify(options),
  );
  if (format === "json") {
    context.stdout(`${JSON.stringify(report, null, 2)}\n`);
    return EXIT.ok;
  }
  const reminders = report.enqueued.filter((event) => event.topic === "review.reminder").length;
  const digests = report.enqueued.length - reminders;
  context.stdout(
    `Enqueued ${reminders} reminder${reminders === 1 ? "" : "s"} and ${digests} digest${digests === 1 ? "" : "s"} (${report.alreadyQueued} already queued); sigreg deliver sends them.\n`,
  );
  return EXIT.ok;
}

function planTable(plan: readonly PlannedNotification[]): string {
  if (plan.length === 0) return "Nothing would go out.\n";
  const rows = plan.map((item) => [
    item.source,
    item.tenant,
    item.notifier,
    item.notification.kind,
    clean(
      (item.notification.recipients ?? []).map((r) => r.email ?? r.name ?? r.id ?? "").join(", "),
    ) || "-",
    clean(item.notification.title),
  ]);
  const header = ["SOURCE", "TENANT", "NOTIFIER", "KIND", "TO", "TITLE"];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join("\n")}\n${plan.length} notification${plan.length === 1 ? "" : "s"} would go out; nothing was written.\n`;
}
