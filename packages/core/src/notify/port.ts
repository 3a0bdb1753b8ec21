import type { Result } from "neverthrow";
import type { NotifyError } from "./errors.js";
import type { Notification } from "./notification.js";

/** Kinds of channel a notifier delivers to. */
export const NOTIFY_CHANNELS = ["chat", "email", "ticket", "webhook"] as const;
/** One of {@link NOTIFY_CHANNELS}. */
export type NotifyChannel = (typeof NOTIFY_CHANNELS)[number];

/** A ticket a notifier opened. */
export interface TicketRef {
  /** The ticket's key, for example `SEC-42`. */
  key: string;
  /** Where people open it, for example `https://acme.atlassian.net/browse/SEC-42`. */
  url: string;
}

/** Proof that a notification was handed over to its target. */
export interface DeliveryReceipt {
  /** Name of the notifier, for example `slack`. */
  notifier: string;
  /** Channel kind of the notifier. */
  channel: NotifyChannel;
  /**
   * The target's id for the delivery (SMTP message id, ticket id, webhook-id…); the notification's
   * idempotency key when the target gives none (Slack and Teams webhooks answer without an id).
   */
  deliveryId: string;
  /** The ticket opened, for ticket notifiers. */
  ticket?: TicketRef;
}

/** A ticket's status as read back from its system. */
export interface TicketStatus {
  /** The ticket's key. */
  key: string;
  /** The status as the ticket system names it, for example `In Progress`. */
  name: string;
  /** The system's category of the status: `new`, `indeterminate` or `done` for Jira. */
  category: string;
  /** Whether the status counts as closed (Jira: category `done`). */
  closed: boolean;
}

/**
 * The notifier port: one delivery target (a Slack channel, a mailbox, a Jira project, a webhook).
 *
 * `send` MUST validate the notification before contacting the target, MUST resolve (never reject)
 * for every failure of the target or the network, returning a {@link NotifyError} whose code says
 * whether a retry may help, and MUST NOT put secrets (webhook URLs, tokens, passwords, signing
 * keys) in errors. It SHOULD pass the notification's idempotency key to the target where the
 * target accepts one, so that a retry after a lost answer is not shown twice.
 */
export interface Notifier {
  /** Short name for messages and receipts, for example `slack` or `jira`. */
  readonly name: string;
  /** Kind of channel. */
  readonly channel: NotifyChannel;
  /** Delivers one notification; `signal` aborts it (the result is then `ABORTED`). */
  send(options: {
    notification: Notification;
    signal?: AbortSignal;
  }): Promise<Result<DeliveryReceipt, NotifyError>>;
  /**
   * Reads a ticket's status back (ticket notifiers only), so a closed ticket closes the loop.
   * MUST follow the same error rules as `send`.
   */
  status?(options: {
    key: string;
    signal?: AbortSignal;
  }): Promise<Result<TicketStatus, NotifyError>>;
}
