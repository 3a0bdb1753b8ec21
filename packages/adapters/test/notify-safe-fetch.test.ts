import { randomBytes } from "node:crypto";
import { webhookNotifier } from "@sigreg/adapters/webhook";
import { createFetcher, type Fetcher } from "@sigreg/plugins/fetch";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  expectNoSecrets,
  type LocalTarget,
  sampleNotification,
  startTarget,
} from "./helpers/notify-server.js";

const SECRET = `whsec_${randomBytes(32).toString("base64")}`;
const PATH = "/hooks/sigreg?token=receiverToken123456";

let target: LocalTarget;
let url = "";
const fetchers: Fetcher[] = [];
beforeAll(async () => {
  target = await startTarget(() => ({ status: 204, body: "" }));
  url = `${target.url}${PATH}`;
});
afterAll(async () => {
  await Promise.all(fetchers.map((fetcher) => fetcher.close()));
  await target.close();
});
beforeEach(() => {
  target.received.length = 0;
  target.faults.length = 0;
});

/** The safe fetcher as a notifier should be given it: local target admitted, no redirects. */
function safeFetcher(options: Parameters<typeof createFetcher>[0] = {}): Fetcher {
  const fetcher = createFetcher({ allow: ["127.0.0.1"], maxRedirects: 0, ...options });
  fetchers.push(fetcher);
  return fetcher;
}

const hookWith = (fetch: Fetcher, timeoutMs?: number) =>
  webhookNotifier({ url, secret: SECRET, fetch, ...(timeoutMs ? { timeoutMs } : {}) });
/** Read when a test runs, once `url` is known. */
const secrets = () => [url, PATH, "receiverToken123456", SECRET];

describe("notifiers through the safe fetcher", () => {
  it("deliver through it, with its User-Agent", async () => {
    const receipt = (
      await hookWith(safeFetcher()).send({ notification: sampleNotification() })
    )._unsafeUnwrap();
    expect(receipt.deliveryId).toBe("01J9Z-msg-1");
    expect(target.received[0]?.method).toBe("POST");
    expect(target.received[0]?.headers["user-agent"]).toMatch(/^sigreg\//);
  });

  it("keep HTTP statuses: 429 with Retry-After is rate limited, 503 retryable, 400 rejected", async () => {
    const hook = hookWith(safeFetcher());
    target.faults.push(
      { kind: "status", status: 429, headers: { "retry-after": "30" } },
      { kind: "status", status: 503 },
      { kind: "status", status: 400 },
    );
    const limited = (await hook.send({ notification: sampleNotification() }))._unsafeUnwrapErr();
    expect(limited).toMatchObject({
      code: "RATE_LIMITED",
      status: 429,
      retryAfterMs: 30_000,
      retryable: true,
    });
    const busy = (await hook.send({ notification: sampleNotification() }))._unsafeUnwrapErr();
    expect(busy).toMatchObject({ code: "TARGET_UNAVAILABLE", status: 503, retryable: true });
    const refused = (await hook.send({ notification: sampleNotification() }))._unsafeUnwrapErr();
    expect(refused).toMatchObject({ code: "REJECTED", status: 400, retryable: false });
    for (const error of [limited, busy, refused]) expectNoSecrets(error, secrets());
  });

  it("do not follow a redirect", async () => {
    target.faults.push({ kind: "status", status: 307, headers: { location: "/elsewhere" } });
    const error = (
      await hookWith(safeFetcher()).send({ notification: sampleNotification() })
    )._unsafeUnwrapErr();
    expect(error).toMatchObject({ code: "REJECTED", status: 307 });
    expect(error.message).toContain("redirect not followed");
    expect(target.received).toHaveLength(1);
  });

  it("report a target the guard refuses as rejected, without the URL", async () => {
    const guarded = createFetcher({ maxRedirects: 0 });
    fetchers.push(guarded);
    const error = (
      await hookWith(guarded).send({ notification: sampleNotification() })
    )._unsafeUnwrapErr();
    expect(error).toMatchObject({ code: "REJECTED", retryable: false });
    expect(error.message).toBe("webhook: the fetcher refused the target (FETCH_BLOCKED)");
    expectNoSecrets(error, secrets());
    expect(target.received).toHaveLength(0);
  });

  it("report the fetcher's own time limit and network failures as unavailable", async () => {
    target.faults.push({ kind: "hang" }, { kind: "reset" });
    const slow = (
      await hookWith(safeFetcher({ timeoutMs: 200 }), 5_000).send({
        notification: sampleNotification(),
      })
    )._unsafeUnwrapErr();
    expect(slow).toMatchObject({ code: "TARGET_UNAVAILABLE", retryable: true });
    expect(slow.message).toBe("webhook: could not reach the target (FETCH_TIMEOUT)");
    const reset = (
      await hookWith(safeFetcher()).send({ notification: sampleNotification() })
    )._unsafeUnwrapErr();
    expect(reset.message).toBe("webhook: could not reach the target (FETCH_NETWORK)");
    expectNoSecrets(reset, secrets());
  });
});
