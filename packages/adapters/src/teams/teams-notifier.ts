import { type Notifier, renderNotification, validateNotification } from "@sigreg/core";
import { err, ok } from "neverthrow";
import { httpRequest, httpTarget } from "../notify-shared/http.js";
import { assertHttpUrl, type HttpNotifierOptions } from "../notify-shared/options.js";
import { secretsOfUrl } from "../notify-shared/secrets.js";
import { teamsMessageJson } from "./adaptive-card.js";

/** Options of {@link teamsNotifier}. */
export interface TeamsNotifierOptions extends HttpNotifierOptions {
  /**
   * The URL of a Power Automate "When a Teams webhook request is received" workflow. It carries
   * its signature (`sig=`) and is a secret: it never appears in errors.
   */
  webhookUrl: string;
}

/**
 * A notifier posting an Adaptive Card to a Microsoft Teams channel or chat through a Workflows
 * webhook (the successor of the retired Office 365 connectors). Workflows accept no idempotency
 * key: the receipt's `deliveryId` is the workflow run id when Teams returns one
 * (`x-ms-workflow-run-id`), otherwise the notification's key.
 * @example
 * const teams = teamsNotifier({ webhookUrl: process.env.TEAMS_WORKFLOW_URL! });
 */
export function teamsNotifier(options: TeamsNotifierOptions): Notifier {
  assertHttpUrl(options.webhookUrl, "teamsNotifier: webhookUrl");
  const name = options.name ?? "teams";
  const target = httpTarget({
    ...options,
    notifier: name,
    secrets: secretsOfUrl(options.webhookUrl),
  });
  return {
    name,
    channel: "chat",
    async send({ notification, signal }) {
      const valid = validateNotification({ notifier: name, notification });
      if (valid.isErr()) return err(valid.error);
      const message = renderNotification({
        notification: valid.value,
        templates: options.templates,
      });
      const answer = await httpRequest({
        target,
        url: options.webhookUrl,
        method: "POST",
        headers: { "content-type": "application/json; charset=utf-8" },
        body: teamsMessageJson(message),
        ...(signal ? { signal } : {}),
      });
      if (answer.isErr()) return err(answer.error);
      const runId = answer.value.headers.get("x-ms-workflow-run-id");
      return ok({
        notifier: name,
        channel: "chat",
        deliveryId: runId ?? valid.value.idempotencyKey,
      });
    },
  } satisfies Notifier;
}
