/**
 * The sigreg core: the register model (zod schemas and types), the pure rules and their
 * evaluation, relevance scoring, exporters, the storage port and the engine `createSigreg`.
 * @example
 * import { evaluate, loadRegisterFile } from "@sigreg/core";
 *
 * const loaded = await loadRegisterFile("register.yaml");
 * if (loaded.isErr()) throw new Error(loaded.error.message);
 * const { verdict, findings } = evaluate(loaded.value, { asOf: new Date() });
 * console.log(verdict, findings.length);
 * @packageDocumentation
 */
export {
  CATALOGUE_VERSION,
  type CatalogueEntry,
  type CatalogueEvidence,
  catalogue,
  type GroupSuggestion,
  type SuggestionMatches,
  type SuggestOptions,
  suggestGroups,
} from "./catalogue/index.js";
export {
  type BackoffOptions,
  DELIVERY_TOPIC,
  type DeliverOptions,
  type DeliverReport,
  type Delivery,
  DIGEST_TOPIC,
  defaultRouter,
  type NotifyOptions,
  type NotifyReport,
  type OutboxAdmin,
  type PlannedNotification,
  REMINDER_TOPIC,
  type ReminderStage,
  type RouteContext,
  type Router,
  type RoutingRule,
  retryDelay,
  ruleRouter,
  type SyncTicketsOptions,
  type SyncTicketsReport,
} from "./deliver/index.js";
export * from "./engine/index.js";
export {
  ERROR_CODES,
  type ErrorCode,
  formatRegisterError,
  type RegisterError,
  type RegisterIssue,
} from "./errors.js";
export {
  type EvaluateOptions,
  type Evaluation,
  evaluate,
  type GroupEvaluation,
  type GroupStats,
  type Kpis,
  REVIEW_STATUSES,
  type RegisterIndex,
  type ReviewStatus,
  type ReviewStatusName,
  type RunRuleOptions,
  runRule,
  type Verdict,
  verdictOf,
} from "./evaluate/index.js";
export * from "./export/index.js";
export * from "./health/index.js";
export { REGISTER_SCHEMA_ID, REGISTER_SCHEMA_URL, registerJsonSchema } from "./json-schema.js";
export {
  type ExtensionCheck,
  type ExtensionIssue,
  type LoadOptions,
  loadRegisterFile,
  parseRegister,
  parseRegisterText,
} from "./load/index.js";
export * from "./model/index.js";
export {
  type AdfInline,
  adfText,
  DEFAULT_TEMPLATES,
  type DeliveryReceipt,
  ELLIPSIS,
  escapeHtml,
  escapeSlackMrkdwn,
  formatNotifyError,
  httpFailure,
  NOTIFICATION_KINDS,
  NOTIFY_CHANNELS,
  NOTIFY_ERROR_CODES,
  type Notification,
  type NotificationItem,
  type NotificationKind,
  type NotificationLink,
  type NotificationTemplate,
  type NotificationTemplates,
  type Notifier,
  type NotifyChannel,
  type NotifyError,
  type NotifyErrorCode,
  notificationItemSchema,
  notificationLinkSchema,
  notificationSchema,
  notifyError,
  parseRetryAfter,
  type Recipient,
  type RenderedMessage,
  recipientSchema,
  renderNotification,
  renderPlainText,
  type TicketRef,
  type TicketStatus,
  truncateText,
  validateNotification,
} from "./notify/index.js";
export {
  A56,
  builtinRules,
  type CoverageGap,
  coverageGaps,
  defineRule,
  liveGroupHits,
  RULE_IDS,
  type Rule,
  type RuleContext,
  type RuleHit,
  type RuleId,
} from "./rules/index.js";
export {
  DEFAULT_RELEVANCE_WEIGHTS,
  type GroupHistory,
  matchTopics,
  type RelevanceFactor,
  type RelevanceScore,
  type RelevanceWeights,
  relevanceWeightsSchema,
  type ScoreOptions,
  type SignalCounts,
  scoreGroup,
} from "./scoring/index.js";
export * from "./storage/index.js";
export { parseAsOf } from "./util/dates.js";
