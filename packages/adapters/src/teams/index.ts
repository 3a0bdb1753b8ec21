/**
 * Microsoft Teams notifier: Workflows webhooks carrying an Adaptive Card.
 * @example
 * import { teamsNotifier } from "@sigreg/adapters/teams";
 *
 * const teams = teamsNotifier({ webhookUrl: process.env.TEAMS_WORKFLOW_URL! });
 * @module
 */

export type { HttpNotifierOptions, NotifierFetch } from "../notify-shared/options.js";
export { ADAPTIVE_CARD_VERSION, TEAMS_LIMITS } from "./adaptive-card.js";
export { type TeamsNotifierOptions, teamsNotifier } from "./teams-notifier.js";
