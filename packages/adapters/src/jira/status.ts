import { type NotifyError, notifyError, type TicketStatus } from "@sigreg/core";
import { err, ok, type Result } from "neverthrow";
import { type HttpTarget, httpRequest } from "../notify-shared/http.js";

const ISSUE_KEY = /^[A-Z][A-Z0-9_]*-\d+$/i;

/**
 * Reads an issue's status with `GET /rest/api/3/issue/{key}?fields=status`; status category
 * `done` counts as closed.
 * @internal
 */
export async function readIssueStatus(options: {
  target: HttpTarget;
  baseUrl: string;
  headers: Record<string, string>;
  key: string;
  signal?: AbortSignal;
}): Promise<Result<TicketStatus, NotifyError>> {
  const name = options.target.notifier;
  if (!ISSUE_KEY.test(options.key)) {
    return err(
      notifyError({
        code: "INVALID_MESSAGE",
        notifier: name,
        message: `${name}: "${options.key.slice(0, 50)}" is not an issue key such as SEC-42`,
      }),
    );
  }
  const answer = await httpRequest({
    target: options.target,
    url: `${options.baseUrl}/rest/api/3/issue/${encodeURIComponent(options.key)}?fields=status`,
    method: "GET",
    headers: options.headers,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (answer.isErr()) return err(answer.error);
  let status: { name?: unknown; statusCategory?: { key?: unknown } } | undefined;
  try {
    status = (JSON.parse(answer.value.text) as { fields?: { status?: typeof status } }).fields
      ?.status;
  } catch {
    status = undefined;
  }
  if (typeof status?.name !== "string" || typeof status.statusCategory?.key !== "string") {
    return err(
      notifyError({
        code: "TARGET_UNAVAILABLE",
        notifier: name,
        status: answer.value.status,
        message: `${name}: the answer has no status for ${options.key}`,
      }),
    );
  }
  const category = status.statusCategory.key;
  return ok({ key: options.key, name: status.name, category, closed: category === "done" });
}
