import type { Notification, Notifier } from "@sigreg/core";
import type { ConformanceRunner } from "../types.js";

/**
 * A fault the target produces for the next delivery, as the real service would:
 * - `rate-limited`: asks to slow down with `Retry-After: 7` (HTTP 429);
 * - `unavailable`: fails temporarily (HTTP 5xx, SMTP 4xx);
 * - `rejected`: refuses the message for good (HTTP 4xx, SMTP 5xx);
 * - `reset`: drops the connection without answering;
 * - `hang`: accepts the request and never answers.
 */
export type NotifierFault = "rate-limited" | "unavailable" | "rejected" | "reset" | "hang";

/** The target a notifier under test delivers to. */
export interface NotifierTarget {
  /**
   * Makes the next delivery meet `fault`, one of the options' `faults`; returns `false` when it
   * cannot, which fails the check.
   */
  arrange(fault: NotifierFault): boolean | Promise<boolean>;
  /** Deliveries received so far, to check that an invalid notification never reaches the target. */
  received(): number | Promise<number>;
}

/** What a check runs against. */
export interface NotifierConformanceContext {
  /** Creates the notifier aimed at the target, with a request time limit. */
  create(options: { timeoutMs: number }): Notifier | Promise<Notifier>;
  /** The target. */
  target: NotifierTarget;
  /** Strings that must never appear in an error (URLs, tokens, passwords, signing keys). */
  secrets: readonly string[];
  /** A notification the target accepts. */
  notification: Notification;
}

/** One notifier conformance check. */
export interface NotifierConformanceCheck {
  /** What it proves, the test's title. */
  readonly name: string;
  /** The fault the check has the target produce, if any. */
  readonly fault?: NotifierFault;
  /** Runs the check; rejects with an assertion error naming what the notifier got wrong. */
  run(context: NotifierConformanceContext): Promise<void>;
}

/** Options of {@link runNotifierConformance}. */
export interface NotifierConformanceOptions
  extends Omit<NotifierConformanceContext, "notification"> {
  /** Notifier name in test titles. */
  name: string;
  /** Test runner functions, e.g. `{ describe, it }` from vitest. */
  runner: ConformanceRunner;
  /**
   * A notification the target accepts (with recipients for email).
   * @default sampleNotification()
   */
  notification?: Notification;
  /**
   * The faults the target can produce; the checks of the others are not declared (an SMTP server
   * has no rate limit with `Retry-After`).
   * @default every {@link NotifierFault}
   */
  faults?: readonly NotifierFault[];
  /**
   * Timeout per test in ms.
   * @default 20_000
   */
  timeout?: number;
}
