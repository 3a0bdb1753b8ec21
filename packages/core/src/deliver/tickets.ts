import { ok } from "neverthrow";
import { z } from "zod";
import { commit } from "../engine/commit.js";
import { abortSignalSchema, assertArguments } from "../engine/validate.js";
import { idSchema } from "../model/common.js";
import { formatNotifyError } from "../notify/errors.js";
import type { TicketStatus } from "../notify/port.js";
import type { JsonObject } from "../storage/port.js";
import { streamRecords, streamTenants } from "../storage/stream.js";
import type { DeliveryContext } from "./deliver.js";

/** Options of `sigreg.syncTickets()`; one of the wrong type rejects with a `TypeError` naming it. */
export interface SyncTicketsOptions {
  /** Only this tenant's alerts. */
  tenant?: string;
  /** Aborts the status reads in flight. */
  signal?: AbortSignal;
}

/** `SyncTicketsOptions`, as a call from JavaScript may pass them. */
const syncTicketsOptionsSchema = z
  .object({ tenant: idSchema.optional(), signal: abortSignalSchema.optional() })
  .optional();

/** What one `syncTickets()` call did. */
export interface SyncTicketsReport {
  /** Open tickets whose status was read. */
  checked: number;
  /** Tickets found closed (their alert records the closing date). */
  closed: number;
  /** Tickets whose status changed but are still open. */
  updated: number;
  /** Status reads that failed, as messages without secrets. */
  failures: string[];
}

/**
 * Reads the status of every open ticket on the alerts back from its ticket system (the ticket
 * notifier that opened it, through its `status()`), and records a change on the alert with an
 * evidence entry: a closed ticket closes the loop from alert to action. Options of the wrong type
 * reject with a `TypeError` naming them, before anything is read (also without ticket notifiers).
 * @internal
 */
export async function syncTickets(
  context: DeliveryContext,
  options: SyncTicketsOptions = {},
): Promise<SyncTicketsReport> {
  assertArguments("sigreg.syncTickets", [["options", syncTicketsOptionsSchema, options]]);
  const report: SyncTicketsReport = { checked: 0, closed: 0, updated: 0, failures: [] };
  const readers = new Map(
    context.notifiers.flatMap((notifier) =>
      notifier.status === undefined ? [] : [[notifier.name, notifier] as const],
    ),
  );
  if (readers.size === 0) return report;
  const tenants =
    options.tenant === undefined ? streamTenants(context.storage) : single(options.tenant);
  for await (const tenant of tenants) {
    for await (const record of streamRecords(context.storage, { tenant, collection: "alerts" })) {
      for (const ticket of ticketsOf(record.data)) {
        if (ticket.closed !== undefined) continue;
        const reader = readers.get(String(ticket.system));
        if (reader?.status === undefined) continue;
        report.checked++;
        const read = await reader.status({
          key: String(ticket.key),
          ...(options.signal === undefined ? {} : { signal: options.signal }),
        });
        if (read.isErr()) {
          report.failures.push(
            `${record.id} ${String(ticket.key)}: ${formatNotifyError(read.error)}`,
          );
          continue;
        }
        if (!read.value.closed && read.value.name === ticket.status) continue;
        await recordStatus(context, tenant, record.id, read.value);
        if (read.value.closed) report.closed++;
        else report.updated++;
      }
    }
  }
  return report;
}

async function* single(tenant: string): AsyncGenerator<string> {
  yield tenant;
}

function ticketsOf(data: JsonObject): JsonObject[] {
  return Array.isArray(data.tickets) ? (data.tickets as JsonObject[]) : [];
}

async function recordStatus(
  context: DeliveryContext,
  tenant: string,
  alertId: string,
  status: TicketStatus,
): Promise<void> {
  const at = context.clock().toISOString();
  for (let attempt = 1; ; attempt++) {
    const outcome = await commit(context.engine, tenant, context.engine.actor, async (w) => {
      const current = await w.tx.get({ tenant, collection: "alerts", id: alertId });
      if (current === undefined) return ok(undefined);
      const tickets = ticketsOf(current.data).map((ticket) =>
        ticket.key !== status.key || ticket.closed !== undefined
          ? ticket
          : { ...ticket, status: status.name, ...(status.closed ? { closed: at } : {}) },
      );
      const next = { ...current.data, tickets };
      const written = await w.put(
        "alerts",
        alertId,
        next,
        current.version,
        "alert.ticket-status",
        current.data,
      );
      return written.map(() => undefined);
    });
    if (outcome.isOk()) return;
    if (outcome.error.code !== "CONFLICT" || attempt >= 5)
      throw new Error(`syncTickets: could not record ${status.key} on alert ${alertId}`);
  }
}
