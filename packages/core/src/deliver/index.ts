export { type BackoffOptions, retryDelay } from "./backoff.js";
export { DELIVERY_TOPIC, type DeliverOptions, type DeliverReport } from "./deliver.js";
export type { NotifyOptions, NotifyReport, PlannedNotification } from "./notify.js";
export type { OutboxAdmin } from "./outbox-admin.js";
export { type Delivery, defaultRouter, type RouteContext, type Router } from "./router.js";
export { DIGEST_TOPIC, REMINDER_TOPIC, type ReminderStage } from "./scheduled.js";
export type { SyncTicketsOptions, SyncTicketsReport } from "./tickets.js";
