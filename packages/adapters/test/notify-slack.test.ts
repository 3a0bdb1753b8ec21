import { createServer } from "node:net";
import { SLACK_LIMITS, slackNotifier } from "@sigreg/adapters/slack";
import type { Notification } from "@sigreg/core";
import { DEFAULT_TEMPLATES } from "@sigreg/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  expectNoSecrets,
  jsonOf,
  type LocalTarget,
  type Received,
  sampleNotification,
  startTarget,
} from "./helpers/notify-server.js";

const TOKEN = "XXsecretWebhookToken42";
const PATH = `/services/T0SIGREG/B0SIGREG/${TOKEN}`;

type Block = { type: string; [key: string]: unknown };
type TextObject = { type: string; text: string };

/** What Slack checks of an incoming-webhook payload: Block Kit shape and documented limits. */
function slackProblems(payload: unknown): string[] {
  const problems: string[] = [];
  const { blocks, text } = (payload ?? {}) as { blocks?: Block[]; text?: unknown };
  if (typeof text !== "string") problems.push("text missing");
  if (!Array.isArray(blocks)) return [...problems, "blocks missing"];
  if (blocks.length > 50) problems.push(`too many blocks: ${blocks.length}`);
  const checkText = (where: string, object: unknown, max: number, types: string[]) => {
    const t = object as TextObject | undefined;
    if (!t || !types.includes(t.type)) problems.push(`${where}: bad text type`);
    else if (typeof t.text !== "string" || t.text.length === 0)
      problems.push(`${where}: empty text`);
    else if (t.text.length > max) problems.push(`${where}: ${t.text.length} > ${max}`);
  };
  blocks.forEach((block, i) => {
    const where = `blocks[${i}]`;
    switch (block.type) {
      case "header":
        checkText(where, block.text, 150, ["plain_text"]);
        break;
      case "section": {
        const fields = block.fields as unknown[] | undefined;
        if (block.text === undefined && fields === undefined)
          problems.push(`${where}: empty section`);
        if (block.text !== undefined) checkText(where, block.text, 3000, ["plain_text", "mrkdwn"]);
        if (fields !== undefined) {
          if (fields.length > 10) problems.push(`${where}: ${fields.length} fields`);
          for (const [j, f] of fields.entries()) {
            checkText(`${where}.fields[${j}]`, f, 2000, ["plain_text", "mrkdwn"]);
          }
        }
        break;
      }
      case "actions": {
        const elements = block.elements as Array<{ type: string; text: unknown; url: string }>;
        if (elements.length > 25) problems.push(`${where}: ${elements.length} elements`);
        elements.forEach((e, j) => {
          if (e.type !== "button") problems.push(`${where}.elements[${j}]: not a button`);
          checkText(`${where}.elements[${j}]`, e.text, 75, ["plain_text"]);
          if (e.url.length > 3000) problems.push(`${where}.elements[${j}]: url too long`);
        });
        break;
      }
      case "context": {
        const elements = block.elements as unknown[];
        if (elements.length > 10) problems.push(`${where}: ${elements.length} elements`);
        for (const [j, e] of elements.entries()) {
          checkText(`${where}.elements[${j}]`, e, 3000, ["plain_text", "mrkdwn"]);
        }
        break;
      }
      default:
        problems.push(`${where}: unknown block type ${block.type}`);
    }
  });
  return problems;
}

function slackCheck(request: Received) {
  if (request.method !== "POST" || request.path !== PATH)
    return { status: 404, body: "no_service" };
  if (!String(request.headers["content-type"]).startsWith("application/json")) {
    return { status: 400, body: "invalid_payload" };
  }
  const problems = slackProblems(jsonOf(request.body));
  return problems.length === 0
    ? { status: 200, body: "ok" }
    : { status: 400, body: `invalid_blocks: ${problems.join("; ")}` };
}

let target: LocalTarget;
let webhookUrl: string;
beforeAll(async () => {
  target = await startTarget(slackCheck);
  webhookUrl = `${target.url}${PATH}`;
});
afterAll(() => target.close());
beforeEach(() => {
  target.received.length = 0;
  target.faults.length = 0;
});

const lastPayload = () =>
  JSON.parse(target.received.at(-1)!.body) as { text: string; blocks: Block[] };
const mrkdwnTexts = (blocks: Block[]) =>
  JSON.stringify(blocks)
    .match(/"type":"mrkdwn","text":"(?:[^"\\]|\\.)*"/g)
    ?.join("\n") ?? "";

describe("slackNotifier", () => {
  it("is checked by a local Slack that refuses what Slack refuses", () => {
    const header = { type: "header", text: { type: "plain_text", text: "h".repeat(151) } };
    expect(slackProblems({ text: "x", blocks: Array.from({ length: 51 }, () => header) })).toEqual(
      expect.arrayContaining(["too many blocks: 51", "blocks[0]: 151 > 150"]),
    );
    expect(
      slackProblems({
        text: "x",
        blocks: [{ type: "section", text: { type: "mrkdwn", text: "" } }],
      }),
    ).toEqual(["blocks[0]: empty text"]);
  });

  it("posts a Block Kit message Slack accepts, with buttons to the alert and the group", async () => {
    const slack = slackNotifier({ webhookUrl });
    const receipt = (await slack.send({ notification: sampleNotification() }))._unsafeUnwrap();
    expect(receipt).toEqual({ notifier: "slack", channel: "chat", deliveryId: "01J9Z-msg-1" });
    const { blocks } = lastPayload();
    expect(blocks[0]).toMatchObject({
      type: "header",
      text: { type: "plain_text", text: "[HIGH] OpenSSH <regreSSHion> & friends" },
    });
    // User text goes out as plain_text, which Slack never parses: no mention, no link.
    expect(blocks[1]).toMatchObject({ type: "section", text: { type: "plain_text" } });
    const buttons = blocks.find((block) => block.type === "actions")?.elements as Array<{
      url: string;
    }>;
    expect(buttons.map((button) => button.url)).toEqual([
      "https://sigreg.example/alerts/a-1",
      "https://sigreg.example/groups/g-1",
    ]);
    expect(blocks.at(-1)).toMatchObject({ type: "context" });
  });

  it("escapes &, < and > wherever text is mrkdwn, so no mention or link can be injected", async () => {
    const slack = slackNotifier({ webhookUrl });
    const notification = sampleNotification({
      fields: [{ label: "<@U123>", value: "<!here> a & b" }],
      items: [
        { title: "<!channel> x", url: "https://x.example/a?b=1&c=|2", text: "<https://evil|y>" },
      ],
    });
    (await slack.send({ notification }))._unsafeUnwrap();
    const mrkdwn = mrkdwnTexts(lastPayload().blocks);
    expect(mrkdwn).toContain("&lt;@U123&gt;");
    expect(mrkdwn).toContain("&lt;!here&gt; a &amp; b");
    expect(mrkdwn).toContain("<https://x.example/a?b=1&amp;c=%7C2|&lt;!channel&gt; x>");
    expect(mrkdwn).toContain("&lt;https://evil|y&gt;");
    expect(mrkdwn).not.toMatch(/<[!@]/);
  });

  it("keeps a huge notification within Slack's limits, with ellipses and a count of what was left out", async () => {
    const slack = slackNotifier({ webhookUrl });
    const notification = sampleNotification({
      title: "T".repeat(500),
      text: Array.from({ length: 80 }, (_, i) => `Paragraph ${i} ${"p".repeat(4000)}`).join("\n\n"),
      fields: Array.from({ length: 15 }, (_, i) => ({ label: `F${i}`, value: "v".repeat(5000) })),
      items: Array.from({ length: 2000 }, (_, i) => ({
        title: `Item ${i} ${"i".repeat(250)}`,
        url: `https://x.example/${i}`,
      })),
      links: Array.from({ length: 40 }, (_, i) => ({
        label: `Link ${i} ${"l".repeat(100)}`,
        url: `https://l.example/${i}`,
      })),
    });
    (await slack.send({ notification }))._unsafeUnwrap();
    const { blocks } = lastPayload();
    expect(blocks).toHaveLength(SLACK_LIMITS.blocks);
    const header = (blocks[0]!.text as TextObject).text;
    expect(header).toHaveLength(150);
    expect(header.endsWith("…")).toBe(true);
    expect(JSON.stringify(blocks)).toMatch(/…and \d+ more items/);
  });

  it("joins paragraphs beyond the block budget into one cut section instead of dropping them silently", async () => {
    const slack = slackNotifier({ webhookUrl });
    const text = Array.from({ length: 60 }, (_, i) => `P${i}`).join("\n\n");
    (await slack.send({ notification: sampleNotification({ text }) }))._unsafeUnwrap();
    const all = JSON.stringify(lastPayload().blocks);
    expect(all).toContain("P0");
    expect(all).toContain("P59");
  });

  it("uses the caller's template for a kind", async () => {
    const slack = slackNotifier({
      webhookUrl,
      templates: {
        alert: (n: Notification) => ({ ...DEFAULT_TEMPLATES.alert(n), title: `SOC: ${n.title}` }),
      },
    });
    (await slack.send({ notification: sampleNotification({ title: "x" }) }))._unsafeUnwrap();
    expect(lastPayload().blocks[0]).toMatchObject({ text: { text: "SOC: x" } });
  });
});

describe("slackNotifier errors", () => {
  const secrets = () => [TOKEN, webhookUrl, PATH];

  it("maps 429 with Retry-After seconds or an HTTP date to RATE_LIMITED", async () => {
    const now = new Date("2026-01-01T00:00:00Z");
    const slack = slackNotifier({ webhookUrl, clock: () => now });
    target.faults.push(
      { kind: "status", status: 429, headers: { "retry-after": "12" }, body: "rate_limited" },
      { kind: "status", status: 429, headers: { "retry-after": "Thu, 01 Jan 2026 00:01:00 GMT" } },
    );
    const first = (await slack.send({ notification: sampleNotification() }))._unsafeUnwrapErr();
    expect(first).toMatchObject({
      code: "RATE_LIMITED",
      retryable: true,
      retryAfterMs: 12_000,
      status: 429,
    });
    const second = (await slack.send({ notification: sampleNotification() }))._unsafeUnwrapErr();
    expect(second.retryAfterMs).toBe(60_000);
    expectNoSecrets(first, secrets());
  });

  it("maps 500 to TARGET_UNAVAILABLE and Slack's 4xx (with its reason) to REJECTED", async () => {
    const slack = slackNotifier({ webhookUrl });
    target.faults.push({ kind: "status", status: 500, body: "oops" });
    const down = (await slack.send({ notification: sampleNotification() }))._unsafeUnwrapErr();
    expect(down).toMatchObject({ code: "TARGET_UNAVAILABLE", retryable: true, status: 500 });
    const wrong = slackNotifier({ webhookUrl: `${target.url}/services/T0/B0/wrongWrongWrong` });
    const rejected = (await wrong.send({ notification: sampleNotification() }))._unsafeUnwrapErr();
    expect(rejected).toMatchObject({ code: "REJECTED", retryable: false, status: 404 });
    expect(rejected.message).toContain("no_service");
    expectNoSecrets(down, secrets());
    expectNoSecrets(rejected, [...secrets(), "wrongWrongWrong"]);
  });

  it("never follows a redirect: a 3xx is REJECTED and the other host is not called", async () => {
    const slack = slackNotifier({ webhookUrl });
    target.faults.push({
      kind: "status",
      status: 302,
      headers: { location: `${target.url}/elsewhere` },
    });
    const error = (await slack.send({ notification: sampleNotification() }))._unsafeUnwrapErr();
    expect(error).toMatchObject({ code: "REJECTED", status: 302 });
    expect(target.received.map((request) => request.path)).toEqual([PATH]);
    expectNoSecrets(error, secrets());
  });

  it("cuts the webhook URL out of an error body that echoes it", async () => {
    const slack = slackNotifier({ webhookUrl });
    target.faults.push({
      kind: "status",
      status: 403,
      body: `invalid_token for ${webhookUrl} (${PATH})`,
    });
    const error = (await slack.send({ notification: sampleNotification() }))._unsafeUnwrapErr();
    expect(error.code).toBe("REJECTED");
    expect(error.message).toContain("invalid_token for ***");
    expectNoSecrets(error, secrets());
  });

  it("maps a reset connection, a timeout and a refused connection to TARGET_UNAVAILABLE", async () => {
    const slack = slackNotifier({ webhookUrl, timeoutMs: 300 });
    target.faults.push({ kind: "reset" }, { kind: "hang" });
    const reset = (await slack.send({ notification: sampleNotification() }))._unsafeUnwrapErr();
    expect(reset.code).toBe("TARGET_UNAVAILABLE");
    const started = Date.now();
    const timeout = (await slack.send({ notification: sampleNotification() }))._unsafeUnwrapErr();
    expect(timeout).toMatchObject({
      code: "TARGET_UNAVAILABLE",
      message: "slack: no answer within 300 ms",
    });
    expect(Date.now() - started).toBeLessThan(5000);
    const port = await closedPort();
    const refused = slackNotifier({ webhookUrl: `http://127.0.0.1:${port}${PATH}` });
    const error = (await refused.send({ notification: sampleNotification() }))._unsafeUnwrapErr();
    expect(error).toMatchObject({
      code: "TARGET_UNAVAILABLE",
      message: "slack: could not reach the target (ECONNREFUSED)",
    });
    for (const e of [reset, timeout, error]) expectNoSecrets(e, secrets());
  });

  it("returns ABORTED when the caller aborts", async () => {
    const slack = slackNotifier({ webhookUrl });
    target.faults.push({ kind: "hang" });
    const controller = new AbortController();
    const pending = slack.send({ notification: sampleNotification(), signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const error = (await pending)._unsafeUnwrapErr();
    expect(error).toMatchObject({ code: "ABORTED", retryable: true });
    expectNoSecrets(error, secrets());
  });

  it("refuses an invalid notification as INVALID_MESSAGE without calling Slack", async () => {
    const slack = slackNotifier({ webhookUrl });
    const error = (
      await slack.send({
        notification: sampleNotification({ links: [{ label: "x", url: "javascript:1" }] }),
      })
    )._unsafeUnwrapErr();
    expect(error).toMatchObject({ code: "INVALID_MESSAGE", retryable: false });
    expect(target.received).toHaveLength(0);
    expectNoSecrets(error, secrets());
  });

  it("throws for a webhook URL that is not a URL, without repeating it", () => {
    expect(() => slackNotifier({ webhookUrl: `not a url ${TOKEN}` })).toThrow(
      /^slackNotifier: webhookUrl must be an absolute http\(s\) URL$/,
    );
  });
});

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
