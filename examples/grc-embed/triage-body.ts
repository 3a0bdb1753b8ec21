/**
 * The shape check of a triage request body. The engine validates the resulting alert as a whole
 * (a known person, a reason for a dismissal); this only makes sure the decision is one it knows.
 */
import type { TriageInput } from "@sigreg/core";
import { type HttpError, httpError } from "./http.js";

/** A triage body as the engine takes it, without the alert id and version. */
export type TriageBody = Pick<TriageInput, "by" | "decision" | "on">;

/**
 * Checks `{ by, decision: { type: "share", channel } | { type: "action", action } |
 * { type: "dismiss", reason }, on? }`, or a 400 naming the path and what was expected.
 */
export function checkTriageBody(body: unknown, file: string): TriageBody | HttpError {
  const issues: { code: string; path: string; message: string }[] = [];
  const issue = (path: string, message: string) =>
    issues.push({ code: "SCHEMA_MISMATCH", path, message });
  const record = isObject(body) ? body : undefined;
  if (record === undefined) issue("", "expected an object { by, decision, on? }");
  const by = record?.by;
  if (record !== undefined && typeof by !== "string") issue("by", "expected a person id");
  const on = record?.on;
  if (on !== undefined && typeof on !== "string")
    issue("on", "expected an ISO 8601 date such as 2026-11-23");
  const decision = isObject(record?.decision) ? record.decision : undefined;
  if (record !== undefined && decision === undefined)
    issue("decision", "expected an object with a type of share, action or dismiss");
  const type = decision?.type;
  if (decision !== undefined) {
    if (type === "share" && typeof decision.channel !== "string")
      issue("decision.channel", "expected the channel it was shared to");
    else if (type === "action" && !isObject(decision.action))
      issue("decision.action", "expected an action { type, ref?, url?, note? }");
    else if (type === "dismiss" && typeof decision.reason !== "string")
      issue("decision.reason", "expected the reason an auditor will read");
    else if (type !== "share" && type !== "action" && type !== "dismiss")
      issue("decision.type", `expected share, action or dismiss, got ${JSON.stringify(type)}`);
  }
  if (issues.length > 0)
    return httpError(
      400,
      "REGISTER_INVALID",
      issues.map((i) => `${file} ${i.path}: ${i.message}`.replace(/ :/, ":")).join("\n"),
      { file, issues },
    );
  return {
    by: by as string,
    decision: decision as unknown as TriageInput["decision"],
    ...(typeof on === "string" ? { on } : {}),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
