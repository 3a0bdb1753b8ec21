/**
 * Jira Cloud notifier: REST API v3 issues with ADF descriptions, and their status read back.
 * @example
 * import { jiraNotifier } from "@sigreg/adapters/jira";
 *
 * const jira = jiraNotifier({ baseUrl: "https://acme.atlassian.net", email: "soc@acme.example", apiToken: process.env.JIRA_TOKEN!, project: "SEC", issueType: "Task" });
 * @module
 */

export type { HttpNotifierOptions, NotifierFetch } from "../notify-shared/options.js";
export {
  DEFAULT_JIRA_PRIORITIES,
  type JiraNotifierOptions,
  jiraNotifier,
} from "./jira-notifier.js";
