import type { DeliverReport, SyncTicketsReport } from "@sigreg/core";
import { oneOf, parseCommandArgs } from "../args.js";
import { type Context, EXIT, UsageError } from "../io.js";
import { loadNotifiers } from "../notifiers-config.js";
import { READ_OPTIONS, withStore } from "../session.js";
import { DELIVER_USAGE } from "../usage-deliver.js";

const FORMATS = ["text", "json"] as const;

/** A whole number of at least `min` from a flag, or a usage error naming it. @internal */
export function countFlag(
  command: string,
  flag: string,
  raw: string | undefined,
  fallback: number,
  min = 1,
): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new UsageError(
      `sigreg ${command}: --${flag} expects a whole number of at least ${min}, got ${JSON.stringify(raw)}`,
    );
  return value;
}

/**
 * `sigreg deliver --notifiers FILE [--store URL] [--tenant ID] [--max-attempts N] [--batch N]
 * [--lease SECONDS] [--allow-host HOST]... [--format text|json]`: routes and sends what the outbox
 * holds, until nothing is due, through the safe fetcher. Several can run at once on one database.
 * @internal
 */
export async function deliverCommand(args: readonly string[], context: Context): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    "deliver",
    args,
    {
      notifiers: { type: "string" },
      "max-attempts": { type: "string" },
      batch: { type: "string" },
      lease: { type: "string" },
      worker: { type: "string" },
      "sync-tickets": { type: "boolean" },
      "allow-host": { type: "string", multiple: true },
      format: { type: "string" },
      ...READ_OPTIONS,
      help: { type: "boolean", short: "h" },
    },
    DELIVER_USAGE,
  );
  if (values.help === true) {
    context.stdout(DELIVER_USAGE);
    return EXIT.ok;
  }
  if (positionals.length > 0)
    throw new UsageError(`sigreg deliver: unexpected argument '${positionals[0]}'`, DELIVER_USAGE);
  const file = values.notifiers ?? context.env.SIGREG_NOTIFIERS;
  if (file === undefined || file === "")
    throw new UsageError(
      "sigreg deliver: expected --notifiers FILE (or SIGREG_NOTIFIERS): which notifiers to deliver to",
      DELIVER_USAGE,
    );
  const format = oneOf("deliver", "format", values.format ?? "text", FORMATS);
  const maxAttempts = countFlag("deliver", "max-attempts", values["max-attempts"], 8);
  const batchSize = countFlag("deliver", "batch", values.batch, 50);
  const leaseMs = countFlag("deliver", "lease", values.lease, 60) * 1000;
  // Every request of the library goes through its one safe fetcher, the notifiers' too.
  const config = await loadNotifiers(file, context, "deliver", {
    safeFetch: { allow: values["allow-host"] ?? [] },
  });
  const tenant = values.tenant === undefined ? {} : { tenant: values.tenant };
  let outcome: { report: DeliverReport; tickets: SyncTicketsReport | undefined };
  try {
    outcome = await withStore(
      "deliver",
      values,
      context,
      async (session) => ({
        report: await session.sigreg.deliver({
          maxAttempts,
          batchSize,
          leaseMs,
          ...(values.worker === undefined ? {} : { worker: values.worker }),
          ...tenant,
        }),
        tickets:
          values["sync-tickets"] === true ? await session.sigreg.syncTickets(tenant) : undefined,
      }),
      config,
    );
  } finally {
    await config.fetcher?.close();
  }
  const { report, tickets } = outcome;
  if (format === "json")
    context.stdout(
      `${JSON.stringify(tickets === undefined ? report : { ...report, tickets }, null, 2)}\n`,
    );
  else context.stdout(summary(report) + (tickets === undefined ? "" : ticketSummary(tickets)));
  const failed = report.deadLettered > 0 || (tickets?.failures.length ?? 0) > 0;
  return failed ? EXIT.refused : EXIT.ok;
}

function ticketSummary(tickets: SyncTicketsReport): string {
  const lines = [
    `Read ${tickets.checked} open ticket${tickets.checked === 1 ? "" : "s"}: ${tickets.closed} closed, ${tickets.updated} moved on.`,
    ...tickets.failures.map((failure) => `  could not read ${failure}`),
  ];
  return `${lines.join("\n")}\n`;
}

function summary(report: DeliverReport): string {
  const lines = [
    `Delivered ${report.sent} notification${report.sent === 1 ? "" : "s"}; ${report.retried} to retry later; ${report.deadLettered} dead-lettered.`,
    `Routed ${report.events} event${report.events === 1 ? "" : "s"} into ${report.routed} notification${report.routed === 1 ? "" : "s"}.`,
  ];
  if (report.superseded > 0)
    lines.push(`${report.superseded} message(s) had already been settled by another worker.`);
  if (report.deadLettered > 0) lines.push("See them with: sigreg outbox --status failed");
  return `${lines.join("\n")}\n`;
}
