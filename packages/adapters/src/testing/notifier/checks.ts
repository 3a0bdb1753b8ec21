import assert from "node:assert/strict";
import { inspect } from "node:util";
import {
  NOTIFY_ERROR_CODES,
  type Notification,
  type NotifyError,
  type NotifyErrorCode,
  notifyError,
} from "@sigreg/core";
import type {
  NotifierConformanceCheck,
  NotifierConformanceContext,
  NotifierFault,
} from "./types.js";

/** A full alert notification whose text looks like markup in every target. */
export function sampleNotification(overrides: Partial<Notification> = {}): Notification {
  return {
    kind: "alert",
    tenant: "acme",
    idempotencyKey: "conformance-msg-1",
    title: "OpenSSH <regreSSHion> & friends",
    text: "Patch *now*: <!channel> <https://evil.example|click> & <script>alert(1)</script>",
    severity: "high",
    alert: { id: "a-1", url: "https://sigreg.example/alerts/a-1" },
    group: { id: "g-1", name: "FIRST", url: "https://sigreg.example/groups/g-1" },
    ...overrides,
  };
}

type Send = Parameters<Awaited<ReturnType<NotifierConformanceContext["create"]>>["send"]>[0];

/** Sends and returns the error; fails when the send rejects or succeeds. */
async function failureOf(
  context: NotifierConformanceContext,
  options: { timeoutMs?: number; send?: Partial<Send> },
): Promise<NotifyError> {
  const notifier = await context.create({ timeoutMs: options.timeoutMs ?? 5000 });
  let result: Awaited<ReturnType<typeof notifier.send>>;
  try {
    result = await notifier.send({ notification: context.notification, ...options.send });
  } catch (error) {
    assert.fail(`send rejected instead of returning a NotifyError: ${String(error)}`);
  }
  assert.ok(result.isErr(), "expected the send to fail");
  const error = result.error;
  assert.ok(error.code in NOTIFY_ERROR_CODES, `unknown error code ${error.code}`);
  assert.equal(error.notifier, notifier.name, "error.notifier is the notifier's name");
  const expected = notifyError({ code: error.code, notifier: "", message: "" }).retryable;
  assert.equal(error.retryable, expected, `${error.code} must have retryable: ${expected}`);
  assert.ok(error.message.length > 0, "error.message is empty");
  const shown = [JSON.stringify(error), error.message, inspect(error, { depth: 5 })].join("\n");
  for (const secret of context.secrets) {
    assert.ok(!shown.includes(secret), `a secret appears in a ${error.code} error`);
  }
  return error;
}

function faultCheck(
  fault: NotifierFault,
  code: NotifyErrorCode,
  extra?: (error: NotifyError) => void,
): NotifierConformanceCheck {
  return {
    name: `${fault}: ${code}, retryable as the code says, no secret in the error`,
    fault,
    async run(context) {
      assert.ok(await context.target.arrange(fault), `the target could not produce "${fault}"`);
      const error = await failureOf(context, { timeoutMs: fault === "hang" ? 300 : 5000 });
      assert.equal(error.code, code);
      extra?.(error);
    },
  };
}

/** Every check of the notifier port, in the order they run. */
export function notifierConformanceChecks(): NotifierConformanceCheck[] {
  return [
    {
      name: "delivers a valid notification and returns a receipt",
      async run(context) {
        const notifier = await context.create({ timeoutMs: 5000 });
        const result = await notifier.send({ notification: context.notification });
        assert.ok(
          result.isOk(),
          `expected a delivery, got ${result.isErr() ? result.error.code : ""}`,
        );
        const receipt = result.value;
        assert.equal(receipt.notifier, notifier.name);
        assert.equal(receipt.channel, notifier.channel);
        assert.ok(
          typeof receipt.deliveryId === "string" && receipt.deliveryId !== "",
          "deliveryId",
        );
        assert.equal(
          receipt.ticket !== undefined,
          notifier.channel === "ticket",
          "a ticket iff channel ticket",
        );
        if (receipt.ticket) assert.match(receipt.ticket.url, /^https?:\/\//);
      },
    },
    {
      name: "refuses an invalid notification as INVALID_MESSAGE without contacting the target",
      async run(context) {
        const before = await context.target.received();
        const error = await failureOf(context, {
          send: {
            notification: {
              ...context.notification,
              title: "",
              links: [{ label: "x", url: "javascript:1" }],
            },
          },
        });
        assert.equal(error.code, "INVALID_MESSAGE");
        assert.equal(await context.target.received(), before, "the target was contacted");
      },
    },
    faultCheck("rate-limited", "RATE_LIMITED", (error) => assert.equal(error.retryAfterMs, 7000)),
    faultCheck("unavailable", "TARGET_UNAVAILABLE"),
    faultCheck("rejected", "REJECTED"),
    faultCheck("reset", "TARGET_UNAVAILABLE"),
    faultCheck("hang", "TARGET_UNAVAILABLE"),
    {
      name: "returns ABORTED when the caller's signal has fired",
      async run(context) {
        const error = await failureOf(context, { send: { signal: AbortSignal.abort() } });
        assert.equal(error.code, "ABORTED");
      },
    },
  ];
}
