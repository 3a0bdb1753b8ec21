import type {
  ClaimOutboxOptions,
  OutboxMessage,
  OutboxStatus,
  SettleOutboxOptions,
} from "./port.js";

/*
 * The outbox's state changes, written once for adapters that keep messages as objects (memory,
 * file). SQL adapters express the same conditions in their WHERE clauses.
 */

/** Whether a message may be claimed at `now`: pending, due, and not leased (or its lease ended). */
export function isClaimable(message: OutboxMessage, now: string): boolean {
  if (message.status !== "pending") return false;
  if (message.availableAt !== undefined && message.availableAt > now) return false;
  return message.leaseUntil === undefined || message.leaseUntil <= now;
}

/** The message leased to a worker, as `claimOutbox` stores and returns it. */
export function claimMessage(
  message: OutboxMessage,
  options: Pick<ClaimOutboxOptions, "worker" | "leaseUntil">,
): OutboxMessage {
  return { ...message, leaseOwner: options.worker, leaseUntil: options.leaseUntil };
}

/**
 * The message after `settleOutbox`, or `undefined` when the settlement does not apply (the
 * message is no longer pending, or another worker holds it and this is not a delivery).
 */
export function settleMessage(
  message: OutboxMessage,
  options: SettleOutboxOptions,
): OutboxMessage | undefined {
  if (message.status !== "pending") return undefined;
  if (options.status !== "sent" && message.leaseOwner !== options.worker) return undefined;
  const {
    leaseOwner: _owner,
    leaseUntil: _until,
    lastError: _error,
    availableAt: _available,
    ...rest
  } = message;
  const settled: OutboxMessage = { ...rest, status: options.status, attempts: options.attempts };
  if (options.lastError !== undefined) settled.lastError = options.lastError;
  if (options.status === "pending" && options.availableAt !== undefined)
    settled.availableAt = options.availableAt;
  if (options.status === "sent") {
    if (options.deliveredAt !== undefined) settled.deliveredAt = options.deliveredAt;
    if (options.receipt !== undefined) settled.receipt = options.receipt;
  }
  return settled;
}

/** The message after an operator's `updateOutbox`: new status, no lease, due at once. */
export function applyUpdate(
  message: OutboxMessage,
  options: { status: OutboxStatus; attempts: number; lastError?: string },
): OutboxMessage {
  const {
    leaseOwner: _owner,
    leaseUntil: _until,
    lastError: _error,
    availableAt: _available,
    ...rest
  } = message;
  const updated: OutboxMessage = { ...rest, status: options.status, attempts: options.attempts };
  if (options.lastError !== undefined) updated.lastError = options.lastError;
  return updated;
}
