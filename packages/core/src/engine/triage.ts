import { err, ok, type Result } from "neverthrow";
import { z } from "zod";
import type { actionSchema } from "../model/activity.js";
import type { Alert } from "../model/alert.js";
import { fromJson, toJson } from "../storage/codec.js";
import { commit } from "./commit.js";
import type { EngineContext } from "./context.js";
import { loadKnownIds } from "./known.js";
import type { SigregError, Versioned, VersionedWriteOptions } from "./types.js";
import { expectedVersionSchema, invalidInput, parseInput, validateEntity } from "./validate.js";

/** An action as given to `triageAlert`. */
export type ActionInput = z.input<typeof actionSchema>;

/** What was decided about an alert. */
export type TriageDecision =
  /** Shared to a team channel (the alert becomes `triaged`). */
  | {
      /** The decision. */
      type: "share";
      /** The team channel it was shared to. */
      channel: string;
    }
  /** Acted on: a ticket, a risk update… (the alert becomes `actioned`). */
  | {
      /** The decision. */
      type: "action";
      /** What was done. */
      action: ActionInput;
    }
  /** Not relevant, with the reason an auditor will read (the alert becomes `dismissed`). */
  | {
      /** The decision. */
      type: "dismiss";
      /** Why it is not relevant. */
      reason: string;
    };

/** Input of `triageAlert`. */
export interface TriageInput extends VersionedWriteOptions {
  /** Alert id. */
  alert: string;
  /** Person id of who triaged it. */
  by: string;
  /** The decision. */
  decision: TriageDecision;
  /** When it happened; defaults to the engine's clock. */
  on?: Date | string;
}

/**
 * The shape of a {@link TriageInput}, checked before anything is read, so that a call from
 * JavaScript with a malformed decision gets an error naming the path, not a `TypeError`. What the
 * decision carries (a non-empty reason, a valid action) is checked with the alert it becomes.
 */
const triageInputSchema = z.object({
  alert: z.string(),
  by: z.string(),
  decision: z.discriminatedUnion(
    "type",
    [
      z.object({ type: z.literal("share"), channel: z.string() }),
      z.object({ type: z.literal("action"), action: z.looseObject({}) }),
      z.object({ type: z.literal("dismiss"), reason: z.string() }),
    ],
    { error: 'expected one of "share", "action", "dismiss"' },
  ),
  on: z
    .union([z.date(), z.string()], {
      error: "expected an ISO 8601 date (2026-01-31) or date-time, or a valid Date",
    })
    .optional(),
  actor: z.string().optional(),
  expectedVersion: expectedVersionSchema.optional(),
});

/**
 * Applies a triage decision to an alert. The alert is re-validated as a whole, so a dismissal
 * without a reason or an unknown person is refused with the loader's messages.
 * @internal
 */
export async function triageAlert(
  context: EngineContext,
  tenant: string,
  defaultActor: string,
  input: TriageInput,
): Promise<Result<Versioned<Alert>, SigregError>> {
  const file = `tenant ${tenant}: triageAlert`;
  const shape = parseInput(triageInputSchema, input, []);
  if (!shape.success) return err(invalidInput(file, shape.issues));
  return commit(context, tenant, input.actor ?? input.by ?? defaultActor, async (w) => {
    const current = await w.tx.get({ tenant, collection: "alerts", id: input.alert });
    if (current === undefined)
      return err({
        code: "NOT_FOUND" as const,
        tenant,
        collection: "alerts" as const,
        id: input.alert,
      });
    const on = toIso(input.on ?? context.clock());
    const next: Record<string, unknown> = {
      ...current.data,
      triagedBy: input.by,
      triagedOn: current.data.triagedOn ?? on,
    };
    const decision = input.decision;
    if (decision.type === "share") {
      next.sharedTo = [...asArray(current.data.sharedTo), { channel: decision.channel, on }];
      if (next.state === "new") next.state = "triaged";
    } else if (decision.type === "action") {
      next.actions = [...asArray(current.data.actions), { on, ...decision.action }];
      next.state = "actioned";
    } else {
      next.state = "dismissed";
      next.dismissedReason = decision.reason;
    }
    const known = await loadKnownIds(w.tx, tenant, context.ruleIds, "alerts", [next]);
    const checked = validateEntity("alerts", next, { file, path: ["alert"] }, known);
    if ("issues" in checked) return err(invalidInput(file, checked.issues));
    const data = toJson(checked.value);
    const written = await w.put(
      "alerts",
      input.alert,
      data,
      input.expectedVersion ?? current.version,
      "alert.triage",
      current.data,
    );
    if (written.isErr()) return err(written.error);
    return ok({
      id: input.alert,
      version: written.value.version,
      value: fromJson("alerts", toJson(checked.value)),
    });
  });
}

function toIso(value: Date | string): string {
  return value instanceof Date ? value.toISOString() : value;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
