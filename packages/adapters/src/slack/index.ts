/**
 * Slack notifier: incoming webhooks and Block Kit messages within Slack's limits.
 * @module
 */
export { SLACK_LIMITS } from "./blocks.js";
export { type SlackNotifierOptions, slackNotifier } from "./slack-notifier.js";
