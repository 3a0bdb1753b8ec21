import {
  type Alert,
  type Notifier,
  notifyError,
  renderNotification,
  truncateText,
  validateNotification,
} from "@sigreg/core";
import { err, ok } from "neverthrow";
import { httpRequest, httpTarget } from "../notify-shared/http.js";
import { assertHttpUrl, type HttpNotifierOptions } from "../notify-shared/options.js";
import { withEncodings } from "../notify-shared/secrets.js";
import { adfDescription } from "./adf.js";
import { readIssueStatus } from "./status.js";

/** Jira priority names used for each severity when no other mapping is given. */
export const DEFAULT_JIRA_PRIORITIES: Readonly<Record<Alert["severity"], string>> = Object.freeze({
  critical: "Highest",
  high: "High",
  medium: "Medium",
  low: "Low",
  info: "Lowest",
});

/** Options of {@link jiraNotifier}. */
export interface JiraNotifierOptions extends HttpNotifierOptions {
  /** The site, for example `https://acme.atlassian.net`. */
  baseUrl: string;
  /** Email of the Atlassian account the API token belongs to. */
  email: string;
  /** API token of that account; a secret: it never appears in errors. */
  apiToken: string;
  /** Key of the project issues are created in, for example `SEC`. */
  project: string;
  /** Name of the issue type, for example `Task` or `Bug`. */
  issueType: string;
  /**
   * Labels put on every issue (besides `sigreg-<kind>` and `sigreg-key-<idempotency key>`).
   * @default ["sigreg"]
   */
  labels?: readonly string[];
  /**
   * Priority name for each severity, or `false` to leave priority out (for projects whose create
   * screen has no priority field).
   * @default DEFAULT_JIRA_PRIORITIES
   */
  priorities?: Partial<Record<Alert["severity"], string>> | false;
  /** Further fields to set on every issue, for example `{ components: [{ name: "SOC" }] }`. */
  fields?: Record<string, unknown>;
}

/** A Jira label: no spaces, at most 255 characters. */
const label = (text: string) => text.replace(/\s+/g, "_").slice(0, 255);

/**
 * A notifier opening a Jira Cloud issue per notification through REST API v3 (plain `fetch`, no
 * client library): summary from the title, description in Atlassian Document Format, labels,
 * priority from severity. The receipt carries the issue key and its browse URL; `status` reads the
 * issue's status back (category `done` counts as closed). Jira accepts no idempotency key: each
 * issue is labelled `sigreg-key-<key>` so a duplicate after a lost answer can be found with JQL.
 * @example
 * const jira = jiraNotifier({ baseUrl: "https://acme.atlassian.net", email: "soc@acme.example", apiToken: process.env.JIRA_TOKEN!, project: "SEC", issueType: "Task" });
 */
export function jiraNotifier(options: JiraNotifierOptions): Notifier {
  assertHttpUrl(options.baseUrl, "jiraNotifier: baseUrl");
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const name = options.name ?? "jira";
  const basic = Buffer.from(`${options.email}:${options.apiToken}`).toString("base64");
  const target = httpTarget({
    ...options,
    notifier: name,
    secrets: withEncodings([options.apiToken, basic, `Basic ${basic}`]),
  });
  const headers = {
    authorization: `Basic ${basic}`,
    accept: "application/json",
    "content-type": "application/json",
  };
  const priorities =
    options.priorities === false
      ? undefined
      : { ...DEFAULT_JIRA_PRIORITIES, ...options.priorities };

  return {
    name,
    channel: "ticket",
    async send({ notification, signal }) {
      const valid = validateNotification({ notifier: name, notification });
      if (valid.isErr()) return err(valid.error);
      const value = valid.value;
      const message = renderNotification({ notification: value, templates: options.templates });
      const priority = value.severity && priorities?.[value.severity];
      const fields = {
        ...options.fields,
        project: { key: options.project },
        issuetype: { name: options.issueType },
        summary: truncateText({ text: message.title.replace(/\s+/g, " ").trim(), max: 255 }),
        description: adfDescription(message),
        labels: [
          ...(options.labels ?? ["sigreg"]).map(label),
          label(`sigreg-${value.kind}`),
          label(`sigreg-key-${value.idempotencyKey}`),
        ],
        ...(priority ? { priority: { name: priority } } : {}),
      };
      const answer = await httpRequest({
        target,
        url: `${baseUrl}/rest/api/3/issue`,
        method: "POST",
        headers,
        body: JSON.stringify({ fields }),
        ...(signal ? { signal } : {}),
      });
      if (answer.isErr()) return err(answer.error);
      const created = parseCreated(answer.value.text);
      if (!created) {
        // The issue may exist: not retryable, so that a retry does not open a second one.
        return err(
          notifyError({
            code: "REJECTED",
            notifier: name,
            status: answer.value.status,
            message: `${name}: the answer to the create request has no issue key`,
          }),
        );
      }
      return ok({
        notifier: name,
        channel: "ticket",
        deliveryId: created.id,
        ticket: { key: created.key, url: `${baseUrl}/browse/${encodeURIComponent(created.key)}` },
      });
    },
    status: ({ key, signal }) =>
      readIssueStatus({ target, baseUrl, headers, key, ...(signal ? { signal } : {}) }),
  } satisfies Notifier;
}

function parseCreated(text: string): { id: string; key: string } | undefined {
  try {
    const { id, key } = JSON.parse(text) as { id?: unknown; key?: unknown };
    if (typeof key !== "string" || key === "") return undefined;
    return { id: typeof id === "string" ? id : key, key };
  } catch {
    return undefined;
  }
}
