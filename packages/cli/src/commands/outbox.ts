import type { OutboxMessage } from "@sigreg/core";
import { oneOf, parseCommandArgs } from "../args.js";
import { type Context, EXIT, UsageError } from "../io.js";
import { READ_OPTIONS, withStore } from "../session.js";
import { OUTBOX_USAGE } from "../usage-deliver.js";
import { countFlag } from "./deliver.js";

const STATUSES = ["failed", "pending", "sent"] as const;
const FORMATS = ["text", "json"] as const;

/**
 * `sigreg outbox [list] [--status failed|pending|sent] [--limit N] [--format text|json]` and
 * `sigreg outbox retry (ID | --all)`: what is queued, delivered or dead-lettered, and retrying the
 * dead letters. Without `--tenant`, every tenant's.
 * @internal
 */
export async function outboxCommand(args: readonly string[], context: Context): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    "outbox",
    args,
    {
      status: { type: "string" },
      limit: { type: "string" },
      format: { type: "string" },
      all: { type: "boolean" },
      ...READ_OPTIONS,
      help: { type: "boolean", short: "h" },
    },
    OUTBOX_USAGE,
  );
  if (values.help === true) {
    context.stdout(OUTBOX_USAGE);
    return EXIT.ok;
  }
  const [action = "list", ...rest] = positionals;
  const tenant = values.tenant === undefined ? {} : { tenant: values.tenant };
  if (action === "list") {
    if (rest.length > 0)
      throw new UsageError(`sigreg outbox: unexpected argument '${rest[0]}'`, OUTBOX_USAGE);
    const status = oneOf("outbox", "status", values.status ?? "failed", STATUSES);
    const format = oneOf("outbox", "format", values.format ?? "text", FORMATS);
    const limit = countFlag("outbox", "limit", values.limit, 100);
    const messages = await withStore("outbox", values, context, (session) =>
      session.sigreg.outbox.list({ status, limit, ...tenant }),
    );
    context.stdout(
      format === "json" ? `${JSON.stringify(messages, null, 2)}\n` : table(status, messages),
    );
    return EXIT.ok;
  }
  if (action === "retry") {
    const [id, extra] = rest;
    if (extra !== undefined)
      throw new UsageError(`sigreg outbox: unexpected argument '${extra}'`, OUTBOX_USAGE);
    if ((id === undefined) === (values.all !== true))
      throw new UsageError(
        "sigreg outbox retry: expected one message id, or --all for every dead letter",
        OUTBOX_USAGE,
      );
    const retried = await withStore("outbox", values, context, (session) =>
      session.sigreg.outbox.retry({ ...(id === undefined ? {} : { id }), ...tenant }),
    );
    if (id !== undefined && retried.length === 0) {
      context.stderr(`sigreg outbox retry: ${id} is not a dead letter (see: sigreg outbox)\n`);
      return EXIT.refused;
    }
    context.stdout(
      `Retrying ${retried.length} message${retried.length === 1 ? "" : "s"}: they are due at once; run sigreg deliver.\n`,
    );
    return EXIT.ok;
  }
  throw new UsageError(`sigreg outbox: unknown action '${action}' (list or retry)`, OUTBOX_USAGE);
}

function table(status: string, messages: readonly OutboxMessage[]): string {
  if (messages.length === 0) return `No ${status} messages.\n`;
  const rows = messages.map((message) => [
    message.id,
    message.tenant,
    message.topic === "notify" ? `notify → ${String(message.payload.notifier)}` : message.topic,
    String(message.attempts),
    message.lastError ?? message.deliveredAt ?? message.availableAt ?? "",
  ]);
  const header = [
    "ID",
    "TENANT",
    "WHAT",
    "ATTEMPTS",
    status === "sent" ? "DELIVERED" : "LAST ERROR / DUE",
  ];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join("\n")}\n`;
}
