import type { Notifier } from "@sigreg/core";
import { chatWebhookNotifier } from "../notify-shared/chat-webhook.js";
import type { HttpNotifierOptions } from "../notify-shared/options.js";
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
  return chatWebhookNotifier(options, {
    factory: "teamsNotifier",
    defaultName: "teams",
    body: teamsMessageJson,
    deliveryIdOf: (headers) => headers.get("x-ms-workflow-run-id"),
  });
}
