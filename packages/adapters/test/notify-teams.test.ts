import { TEAMS_LIMITS, teamsNotifier } from "@sigreg/adapters/teams";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  expectNoSecrets,
  jsonOf,
  type LocalTarget,
  type Received,
  sampleNotification,
  startTarget,
} from "./helpers/notify-server.js";

const SIG = "SIGsecretTeamsWorkflow0123456789";
const PATH = `/workflows/5f0c/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${SIG}`;

type Element = { type: string; [key: string]: unknown };
const ELEMENTS = new Set(["TextBlock", "RichTextBlock", "FactSet", "ColumnSet", "Container"]);

/** What a Workflows webhook and Teams check of a posted message: Adaptive Card shape, size. */
function teamsProblems(body: string): string[] {
  const problems: string[] = [];
  if (Buffer.byteLength(body) > 28 * 1024)
    problems.push(`message over 28 KB: ${Buffer.byteLength(body)}`);
  const message = jsonOf(body) as { type?: string; attachments?: Array<Record<string, unknown>> };
  if (message?.type !== "message") problems.push("type must be message");
  const attachment = message?.attachments?.[0];
  if (!attachment) return [...problems, "attachments[0] missing"];
  if (attachment.contentType !== "application/vnd.microsoft.card.adaptive")
    problems.push("contentType");
  const card = attachment.content as Record<string, unknown> & {
    body: Element[];
    actions?: Element[];
  };
  if (card?.type !== "AdaptiveCard") problems.push("content.type must be AdaptiveCard");
  if (!["1.4", "1.5"].includes(String(card?.version))) problems.push(`version ${card?.version}`);
  if (card?.$schema !== "http://adaptivecards.io/schemas/adaptive-card.json")
    problems.push("$schema");
  if (!Array.isArray(card?.body) || card.body.length === 0) return [...problems, "body empty"];
  for (const [i, element] of card.body.entries()) {
    if (!ELEMENTS.has(element.type)) problems.push(`body[${i}]: unknown element ${element.type}`);
    if (element.type === "TextBlock" && typeof element.text !== "string")
      problems.push(`body[${i}]: text`);
    if (element.type === "RichTextBlock") {
      for (const [j, inline] of (element.inlines as Element[]).entries()) {
        if (inline.type !== "TextRun" || typeof inline.text !== "string") {
          problems.push(`body[${i}].inlines[${j}]: not a TextRun`);
        }
        const action = inline.selectAction as Element | undefined;
        if (action && (action.type !== "Action.OpenUrl" || typeof action.url !== "string")) {
          problems.push(`body[${i}].inlines[${j}]: bad selectAction`);
        }
      }
    }
  }
  for (const [i, action] of (card.actions ?? []).entries()) {
    if (action.type !== "Action.OpenUrl") problems.push(`actions[${i}]: ${action.type}`);
    if (typeof action.title !== "string" || !/^https?:\/\//.test(String(action.url))) {
      problems.push(`actions[${i}]: title and http(s) url required`);
    }
  }
  return problems;
}

function teamsCheck(request: Received) {
  if (request.method !== "POST" || request.path !== PATH) {
    return {
      status: 401,
      body: JSON.stringify({
        error: { code: "DirectApiAuthorizationRequired", message: "signature invalid" },
      }),
    };
  }
  const problems = teamsProblems(request.body);
  return problems.length === 0
    ? { status: 202, body: "", headers: { "x-ms-workflow-run-id": "08584-run-1" } }
    : {
        status: 400,
        body: JSON.stringify({
          error: { code: "InvalidRequestContent", message: problems.join("; ") },
        }),
      };
}

let target: LocalTarget;
let webhookUrl: string;
beforeAll(async () => {
  target = await startTarget(teamsCheck);
  webhookUrl = `${target.url}${PATH}`;
});
afterAll(() => target.close());
beforeEach(() => {
  target.received.length = 0;
  target.faults.length = 0;
});

const lastCard = () =>
  (
    JSON.parse(target.received.at(-1)!.body) as {
      attachments: Array<{ content: { body: Element[]; actions: Element[] } }>;
    }
  ).attachments[0]!.content;
const texts = (body: Element[]) =>
  body.flatMap((element) =>
    ((element.inlines as Element[] | undefined) ?? []).map((inline) => String(inline.text)),
  );

describe("teamsNotifier", () => {
  it("is checked by a local Workflows webhook that refuses what Teams refuses", () => {
    expect(
      teamsProblems(
        JSON.stringify({ type: "message", attachments: [{ contentType: "x", content: {} }] }),
      ),
    ).toEqual(
      expect.arrayContaining(["contentType", "content.type must be AdaptiveCard", "body empty"]),
    );
  });

  it("posts an Adaptive Card with the text as TextRuns and buttons to the alert and the group", async () => {
    const teams = teamsNotifier({ webhookUrl });
    const receipt = (await teams.send({ notification: sampleNotification() }))._unsafeUnwrap();
    expect(receipt).toEqual({ notifier: "teams", channel: "chat", deliveryId: "08584-run-1" });
    const card = lastCard();
    // TextRuns are never parsed as Markdown: the text arrives exactly as written.
    expect(texts(card.body)).toContain(
      "Patch *now*: <!channel> <https://evil.example|click> & <script>alert(1)</script>",
    );
    expect(texts(card.body)[0]).toBe("[HIGH] OpenSSH <regreSSHion> & friends");
    expect(card.body.some((element) => element.type === "TextBlock")).toBe(false);
    expect(card.actions).toEqual([
      { type: "Action.OpenUrl", title: "Open alert", url: "https://sigreg.example/alerts/a-1" },
      { type: "Action.OpenUrl", title: "Open group", url: "https://sigreg.example/groups/g-1" },
    ]);
  });

  it("shrinks a huge notification under Teams' size limit and says how many items were left out", async () => {
    const teams = teamsNotifier({ webhookUrl });
    const notification = sampleNotification({
      text: Array.from({ length: 40 }, (_, i) => `P${i} ${"p".repeat(3000)}`).join("\n\n"),
      items: Array.from({ length: 500 }, (_, i) => ({
        title: `Item ${i} ${"i".repeat(300)}`,
        url: `https://x.example/${i}`,
      })),
      links: Array.from({ length: 10 }, (_, i) => ({
        label: `L${i}`,
        url: `https://l.example/${i}`,
      })),
    });
    (await teams.send({ notification }))._unsafeUnwrap();
    expect(Buffer.byteLength(target.received.at(-1)!.body)).toBeLessThanOrEqual(
      TEAMS_LIMITS.messageBytes,
    );
    const card = lastCard();
    expect(card.actions).toHaveLength(6);
    expect(texts(card.body).some((text) => /^…and \d+ more items$/.test(text))).toBe(true);
    expect(texts(card.body).some((text) => text.startsWith("• Item 0 "))).toBe(true);
  });

  it("falls back to the notification's key when Teams returns no run id", async () => {
    const teams = teamsNotifier({ webhookUrl });
    target.faults.push({ kind: "status", status: 202 });
    const receipt = (await teams.send({ notification: sampleNotification() }))._unsafeUnwrap();
    expect(receipt.deliveryId).toBe("01J9Z-msg-1");
  });
});

describe("teamsNotifier errors", () => {
  const secrets = () => [SIG, webhookUrl, PATH];

  it("maps 429 to RATE_LIMITED, 502 to TARGET_UNAVAILABLE and a bad signature to REJECTED", async () => {
    const teams = teamsNotifier({ webhookUrl });
    target.faults.push(
      { kind: "status", status: 429, headers: { "retry-after": "30" } },
      { kind: "status", status: 502 },
    );
    const limited = (await teams.send({ notification: sampleNotification() }))._unsafeUnwrapErr();
    expect(limited).toMatchObject({ code: "RATE_LIMITED", retryAfterMs: 30_000 });
    const down = (await teams.send({ notification: sampleNotification() }))._unsafeUnwrapErr();
    expect(down).toMatchObject({ code: "TARGET_UNAVAILABLE", status: 502 });
    const forged = teamsNotifier({ webhookUrl: webhookUrl.replace(SIG, "forgedSignature0000") });
    const rejected = (await forged.send({ notification: sampleNotification() }))._unsafeUnwrapErr();
    expect(rejected).toMatchObject({ code: "REJECTED", status: 401, retryable: false });
    expect(rejected.message).toContain("DirectApiAuthorizationRequired");
    for (const error of [limited, down]) expectNoSecrets(error, secrets());
    expectNoSecrets(rejected, [
      "forgedSignature0000",
      webhookUrl.replace(SIG, "forgedSignature0000"),
    ]);
  });

  it("maps a reset and a timeout to TARGET_UNAVAILABLE and an abort to ABORTED", async () => {
    const teams = teamsNotifier({ webhookUrl, timeoutMs: 200 });
    target.faults.push({ kind: "reset" }, { kind: "hang" }, { kind: "hang" });
    const reset = (await teams.send({ notification: sampleNotification() }))._unsafeUnwrapErr();
    const timeout = (await teams.send({ notification: sampleNotification() }))._unsafeUnwrapErr();
    const aborted = (
      await teams.send({ notification: sampleNotification(), signal: AbortSignal.abort() })
    )._unsafeUnwrapErr();
    expect([reset.code, timeout.code, aborted.code]).toEqual([
      "TARGET_UNAVAILABLE",
      "TARGET_UNAVAILABLE",
      "ABORTED",
    ]);
    for (const error of [reset, timeout, aborted]) expectNoSecrets(error, secrets());
  });

  it("refuses an invalid notification without posting", async () => {
    const teams = teamsNotifier({ webhookUrl });
    const error = (
      await teams.send({ notification: { ...sampleNotification(), kind: "nonsense" } as never })
    )._unsafeUnwrapErr();
    expect(error.code).toBe("INVALID_MESSAGE");
    expect(target.received).toHaveLength(0);
    expectNoSecrets(error, secrets());
  });
});
