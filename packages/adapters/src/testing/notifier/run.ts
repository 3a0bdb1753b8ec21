import { notifierConformanceChecks, sampleNotification } from "./checks.js";
import type { NotifierConformanceOptions } from "./types.js";

/**
 * Declares the notifier conformance suite with the caller's test runner: a delivery, an invalid
 * notification, each fault the target can produce, an abort — and in every error, the right code,
 * the right `retryable` and no secret.
 * @example
 * import { runNotifierConformance } from "@sigreg/adapters/testing";
 * import { describe, it } from "vitest";
 *
 * runNotifierConformance({
 *   name: "pagerduty",
 *   runner: { describe, it },
 *   create: ({ timeoutMs }) => pagerDutyNotifier({ routingKey, url: target.url, timeoutMs }),
 *   target: { arrange: (fault) => target.arrange(fault), received: () => target.received.length },
 *   secrets: [routingKey],
 * });
 */
export function runNotifierConformance(options: NotifierConformanceOptions): void {
  const { runner } = options;
  const context = {
    create: options.create,
    target: options.target,
    secrets: options.secrets,
    notification: options.notification ?? sampleNotification(),
  };
  runner.describe(`notifier conformance: ${options.name}`, () => {
    for (const check of notifierConformanceChecks()) {
      if (check.fault !== undefined && options.faults?.includes(check.fault) === false) continue;
      runner.it(check.name, () => check.run(context), options.timeout ?? 20_000);
    }
  });
}
