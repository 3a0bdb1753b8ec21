import { err, ok, type Result } from "neverthrow";
import { z } from "zod";
import type { Alert } from "../model/alert.js";
import { fromJson, toJson } from "../storage/codec.js";
import { commit } from "./commit.js";
import type { EngineContext } from "./context.js";
import type { AlertInput } from "./events.js";
import { loadKnownIds } from "./known.js";
import type { SigregError, Versioned, VersionedWriteOptions } from "./types.js";
import {
  checkArguments,
  invalidInput,
  validateEntity,
  versionedWriteOptionsSchema,
} from "./validate.js";

/** Fields of an alert that record its triage; a content update never changes them. */
export const TRIAGE_FIELDS = [
  "state",
  "triagedBy",
  "triagedOn",
  "sharedTo",
  "actions",
  "tickets",
  "dismissedReason",
] as const;

/** What `updateAlert` needs to find the alert, checked before it is read; the rest is checked with it. */
const alertKeySchema = z.looseObject({ id: z.string() });

/**
 * Replaces an alert's content, keeping the triage fields of the stored alert, in one transaction.
 * An input that is not a mapping with a text `id`, or malformed `options`, is a `REGISTER_INVALID`
 * at `alert`, `alert.id` or `options…`.
 * @internal
 */
export async function updateAlertContent(
  context: EngineContext,
  tenant: string,
  defaultActor: string,
  input: AlertInput | Alert,
  options: VersionedWriteOptions | undefined,
): Promise<Result<Versioned<Alert>, SigregError>> {
  const file = `tenant ${tenant}: updateAlert`;
  const invalid = checkArguments(file, [
    ["alert", alertKeySchema, input],
    ["options", versionedWriteOptionsSchema, options],
  ]);
  if (invalid !== undefined) return err(invalid);
  return commit(context, tenant, options?.actor ?? defaultActor, async (w) => {
    const id = input.id;
    const current = await w.tx.get({ tenant, collection: "alerts", id });
    if (current === undefined)
      return err({ code: "NOT_FOUND" as const, tenant, collection: "alerts" as const, id });
    const next: Record<string, unknown> = { ...toJson(input as Record<string, unknown>) };
    for (const field of TRIAGE_FIELDS) {
      if (current.data[field] === undefined) delete next[field];
      else next[field] = current.data[field];
    }
    const known = await loadKnownIds(w.tx, tenant, context.ruleIds, "alerts", [next]);
    const checked = validateEntity("alerts", next, { file, path: ["alert"] }, known);
    if ("issues" in checked) return err(invalidInput(file, checked.issues));
    const data = toJson(checked.value);
    const written = await w.put(
      "alerts",
      id,
      data,
      options?.expectedVersion ?? current.version,
      "alert.update",
      current.data,
    );
    if (written.isErr()) return err(written.error);
    // fromJson revives dates in place: give it a copy, `data` is also the evidence entry's content.
    return ok({ id, version: written.value.version, value: fromJson("alerts", toJson(data)) });
  });
}
