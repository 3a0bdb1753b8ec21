import { randomBytes } from "node:crypto";
import { type WebhookEvent, webhookNotifier } from "@sigreg/adapters/webhook";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  expectNoSecrets,
  type LocalTarget,
  type Received,
  sampleNotification,
  startTarget,
} from "./helpers/notify-server.js";

const secretOf = () => `whsec_${randomBytes(32).toString("base64")}`;
const OLD = secretOf();
const NEW = secretOf();
const PATH = "/hooks/sigreg?token=receiverToken123456";

/** The receiver: verifies with the standardwebhooks package, holding only the OLD secret. */
function receiverCheck(request: Received) {
  if (request.path !== PATH) return { status: 404, body: "no such hook" };
  try {
    new Webhook(OLD).verify(request.body, request.headers as Record<string, string>);
  } catch (error) {
    return { status: 401, body: `signature rejected: ${(error as Error).message}` };
  }
  return { status: 204, body: "" };
}

let target: LocalTarget;
let url: string;
beforeAll(async () => {
  target = await startTarget(receiverCheck);
  url = `${target.url}${PATH}`;
});
afterAll(() => target.close());
beforeEach(() => {
  target.received.length = 0;
  target.faults.length = 0;
});

describe("webhookNotifier", () => {
  it("posts a JSON event that the standardwebhooks package verifies, with the key as webhook-id", async () => {
    const hook = webhookNotifier({ url, secret: OLD });
    const receipt = (await hook.send({ notification: sampleNotification() }))._unsafeUnwrap();
    expect(receipt).toEqual({ notifier: "webhook", channel: "webhook", deliveryId: "01J9Z-msg-1" });
    const request = target.received[0]!;
    expect(request.headers["webhook-id"]).toBe("01J9Z-msg-1");
    expect(request.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    const event = new Webhook(OLD).verify(
      request.body,
      request.headers as Record<string, string>,
    ) as WebhookEvent;
    expect(event.type).toBe("sigreg.alert");
    expect(event.data).toEqual(sampleNotification());
  });

  it("sends the same webhook-id on a retry, so the receiver can drop the duplicate", async () => {
    const hook = webhookNotifier({ url, secret: OLD });
    target.faults.push({ kind: "status", status: 503 });
    expect((await hook.send({ notification: sampleNotification() })).isErr()).toBe(true);
    expect((await hook.send({ notification: sampleNotification() })).isOk()).toBe(true);
    const ids = target.received.map((request) => request.headers["webhook-id"]);
    expect(ids).toEqual(["01J9Z-msg-1", "01J9Z-msg-1"]);
  });

  it("signs with every secret during a rotation: receivers with the old or the new one both accept", async () => {
    const hook = webhookNotifier({ url, secrets: [NEW, OLD] });
    (await hook.send({ notification: sampleNotification() }))._unsafeUnwrap();
    const request = target.received[0]!;
    expect(String(request.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    expect(() =>
      new Webhook(NEW).verify(request.body, request.headers as Record<string, string>),
    ).not.toThrow();
    expect(() =>
      new Webhook(secretOf()).verify(request.body, request.headers as Record<string, string>),
    ).toThrow();
  });

  it("accepts a secret without the whsec_ prefix and refuses one that is not base64 of 24+ bytes", () => {
    expect(() => webhookNotifier({ url, secret: OLD.slice("whsec_".length) })).not.toThrow();
    const short = `whsec_${randomBytes(8).toString("base64")}`;
    expect(() => webhookNotifier({ url, secret: short })).toThrow(/24 to 64 random bytes/);
    try {
      webhookNotifier({ url, secret: short });
    } catch (error) {
      expect(String(error)).not.toContain(short);
    }
    expect(() => webhookNotifier({ url, secrets: [] })).toThrow(/secret/);
  });
});

describe("webhookNotifier errors", () => {
  const secrets = () => [OLD, NEW, OLD.slice(6), NEW.slice(6), "receiverToken123456", url];

  it("is REJECTED when the receiver does not hold the secret, and never shows the secret", async () => {
    const hook = webhookNotifier({ url, secret: NEW });
    const error = (await hook.send({ notification: sampleNotification() }))._unsafeUnwrapErr();
    expect(error).toMatchObject({ code: "REJECTED", status: 401, retryable: false });
    expect(error.message).toContain("signature rejected");
    expectNoSecrets(error, secrets());
  });

  it("is REJECTED when its clock is off by more than the receiver's tolerance", async () => {
    const hook = webhookNotifier({
      url,
      secret: OLD,
      clock: () => new Date(Date.now() - 10 * 60_000),
    });
    const error = (await hook.send({ notification: sampleNotification() }))._unsafeUnwrapErr();
    expect(error.code).toBe("REJECTED");
    expect(error.message).toMatch(/timestamp/i);
    expectNoSecrets(error, secrets());
  });

  it("maps 429, 500, a reset, a timeout and an abort", async () => {
    const hook = webhookNotifier({ url, secret: OLD, timeoutMs: 200 });
    target.faults.push(
      { kind: "status", status: 429, headers: { "retry-after": "5" } },
      { kind: "status", status: 500, body: `failed for ${url} signed with ${OLD}` },
      { kind: "reset" },
      { kind: "hang" },
    );
    const errors = [];
    for (let i = 0; i < 4; i += 1) {
      errors.push((await hook.send({ notification: sampleNotification() }))._unsafeUnwrapErr());
    }
    errors.push(
      (
        await hook.send({ notification: sampleNotification(), signal: AbortSignal.abort() })
      )._unsafeUnwrapErr(),
    );
    expect(errors.map((error) => error.code)).toEqual([
      "RATE_LIMITED",
      "TARGET_UNAVAILABLE",
      "TARGET_UNAVAILABLE",
      "TARGET_UNAVAILABLE",
      "ABORTED",
    ]);
    expect(errors[0]!.retryAfterMs).toBe(5000);
    expect(errors[1]!.message).toContain("failed for *** signed with ***");
    for (const error of errors) expectNoSecrets(error, secrets());
  });

  it("refuses an invalid notification without posting", async () => {
    const hook = webhookNotifier({ url, secret: OLD });
    const error = (
      await hook.send({ notification: sampleNotification({ idempotencyKey: "has spaces" }) })
    )._unsafeUnwrapErr();
    expect(error.code).toBe("INVALID_MESSAGE");
    expect(target.received).toHaveLength(0);
    expectNoSecrets(error, secrets());
  });
});
