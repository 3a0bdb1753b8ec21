/**
 * Jira Cloud notifier: REST API v3 issues with ADF descriptions, and their status read back.
 * @module
 */

export type { HttpNotifierOptions, NotifierFetch } from "../notify-shared/options.js";
export {
  DEFAULT_JIRA_PRIORITIES,
  type JiraNotifierOptions,
  jiraNotifier,
} from "./jira-notifier.js";
