/**
 * Slack notifier: incoming webhooks and Block Kit messages within Slack's limits.
 * @example
 * import { slackNotifier } from "@sigreg/adapters/slack";
 *
 * const slack = slackNotifier({ webhookUrl: process.env.SLACK_WEBHOOK_URL! });
 * @module
 */

export type { HttpNotifierOptions, NotifierFetch } from "../notify-shared/options.js";
export { SLACK_LIMITS } from "./blocks.js";
export { type SlackNotifierOptions, slackNotifier } from "./slack-notifier.js";
