import { jiraNotifier } from "@sigreg/adapters/jira";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  expectNoSecrets,
  jsonOf,
  type LocalTarget,
  type Received,
  sampleNotification,
  startTarget,
} from "./helpers/notify-server.js";

const EMAIL = "soc@acme.example";
const TOKEN = "ATATT3xFfGF0-jiraSecretToken-0123456789";
const BASIC = `Basic ${Buffer.from(`${EMAIL}:${TOKEN}`).toString("base64")}`;
const PRIORITIES = new Set(["Highest", "High", "Medium", "Low", "Lowest"]);

type Node = { type: string; [key: string]: unknown };
interface Issue {
  key: string;
  fields: Record<string, unknown>;
  status: { name: string; category: string };
}

/** What Jira checks of an ADF document: node types, nesting, non-empty text, known marks. */
function adfProblems(doc: unknown): string[] {
  const problems: string[] = [];
  const root = doc as Node;
  if (root?.type !== "doc" || root.version !== 1 || !Array.isArray(root.content)) {
    return ["description must be an ADF doc, version 1"];
  }
  const inline = (node: Node, where: string) => {
    if (node.type === "hardBreak") return;
    if (node.type !== "text") return problems.push(`${where}: ${node.type} is not inline`);
    if (typeof node.text !== "string" || node.text === "")
      problems.push(`${where}: empty text node`);
    for (const mark of (node.marks as Node[] | undefined) ?? []) {
      if (mark.type === "link" && typeof (mark.attrs as { href?: unknown })?.href !== "string") {
        problems.push(`${where}: link without href`);
      } else if (!["link", "strong", "em", "code"].includes(mark.type))
        problems.push(`${where}: mark ${mark.type}`);
    }
  };
  const block = (node: Node, where: string): void => {
    const content = (node.content as Node[] | undefined) ?? [];
    if (node.type === "paragraph")
      content.forEach((child, i) => void inline(child, `${where}.content[${i}]`));
    else if (node.type === "bulletList" || node.type === "orderedList") {
      content.forEach((item, i) => {
        if (item.type !== "listItem") problems.push(`${where}.content[${i}]: not a listItem`);
        ((item.content as Node[]) ?? []).forEach(
          (child, j) => void block(child, `${where}.content[${i}].content[${j}]`),
        );
      });
    } else problems.push(`${where}: block ${node.type} not allowed here`);
  };
  (root.content as Node[]).forEach((node, i) => void block(node, `content[${i}]`));
  return problems;
}

const issues: Issue[] = [];

function jiraCheck(request: Received) {
  if (request.headers.authorization !== BASIC) {
    return { status: 401, body: "Client must be authenticated to access this resource." };
  }
  const status = /^\/rest\/api\/3\/issue\/([^/?]+)\?fields=status$/.exec(request.path);
  if (request.method === "GET" && status) {
    const issue = issues.find((i) => i.key === decodeURIComponent(status[1]!));
    if (!issue)
      return {
        status: 404,
        body: JSON.stringify({
          errorMessages: ["Issue does not exist or you do not have permission to see it."],
        }),
      };
    return {
      status: 200,
      body: JSON.stringify({
        key: issue.key,
        fields: {
          status: { name: issue.status.name, statusCategory: { key: issue.status.category } },
        },
      }),
    };
  }
  if (request.method !== "POST" || request.path !== "/rest/api/3/issue")
    return { status: 404, body: "" };
  const fields = ((jsonOf(request.body) as { fields?: Record<string, unknown> })?.fields ??
    {}) as Record<string, Node & Record<string, unknown>>;
  const errors: Record<string, string> = {};
  if ((fields.project as { key?: unknown })?.key !== "SEC")
    errors.project = "valid project is required";
  if (!["Task", "Bug"].includes(String((fields.issuetype as { name?: unknown })?.name))) {
    errors.issuetype = "valid issue type is required";
  }
  const summary = fields.summary as unknown;
  if (typeof summary !== "string" || summary.trim() === "")
    errors.summary = "You must specify a summary of the issue.";
  else if (summary.length > 255) errors.summary = "Summary must be less than 255 characters.";
  else if (/[\r\n]/.test(summary))
    errors.summary = "The summary is invalid because it contains newline characters.";
  const adf = adfProblems(fields.description);
  if (adf.length > 0)
    errors.description = `Operation value must be an Atlassian Document: ${adf.join("; ")}`;
  const labels = fields.labels as unknown;
  if (
    labels !== undefined &&
    (!Array.isArray(labels) || labels.some((l) => typeof l !== "string" || /\s/.test(l)))
  ) {
    errors.labels = "The label must not contain spaces.";
  }
  const priority = fields.priority as { name?: string } | undefined;
  if (priority !== undefined && !PRIORITIES.has(String(priority.name)))
    errors.priority = "Specify a valid priority";
  if (Object.keys(errors).length > 0)
    return { status: 400, body: JSON.stringify({ errorMessages: [], errors }) };
  const key = `SEC-${issues.length + 1}`;
  issues.push({ key, fields, status: { name: "To Do", category: "new" } });
  return {
    status: 201,
    body: JSON.stringify({
      id: String(10_000 + issues.length),
      key,
      self: `/rest/api/3/issue/${key}`,
    }),
  };
}

let target: LocalTarget;
beforeAll(async () => {
  target = await startTarget(jiraCheck);
});
afterAll(() => target.close());
beforeEach(() => {
  target.received.length = 0;
  target.faults.length = 0;
  issues.length = 0;
});

const jira = (overrides: Partial<Parameters<typeof jiraNotifier>[0]> = {}) =>
  jiraNotifier({
    baseUrl: `${target.url}/`,
    email: EMAIL,
    apiToken: TOKEN,
    project: "SEC",
    issueType: "Task",
    ...overrides,
  });
const secrets = [TOKEN, BASIC, BASIC.slice(6)];

describe("jiraNotifier", () => {
  it("is checked by a local Jira that refuses broken ADF and missing fields", () => {
    expect(
      adfProblems({
        type: "doc",
        version: 1,
        content: [{ type: "paragraph", content: [{ type: "text", text: "" }] }],
      }),
    ).toEqual(["content[0].content[0]: empty text node"]);
    expect(adfProblems("plain text")).toHaveLength(1);
  });

  it("opens an issue with summary, ADF description, labels and priority, and returns key and URL", async () => {
    const receipt = (await jira().send({ notification: sampleNotification() }))._unsafeUnwrap();
    expect(receipt).toEqual({
      notifier: "jira",
      channel: "ticket",
      deliveryId: "10001",
      ticket: { key: "SEC-1", url: `${target.url}/browse/SEC-1` },
    });
    const { fields } = issues[0]!;
    expect(fields.summary).toBe("[HIGH] OpenSSH <regreSSHion> & friends");
    expect(fields.priority).toEqual({ name: "High" });
    expect(fields.labels).toEqual(["sigreg", "sigreg-alert", "sigreg-key-01J9Z-msg-1"]);
    const description = JSON.stringify(fields.description);
    // Markup-looking text stays a text node: Jira shows it as typed.
    expect(description).toContain(
      '{"type":"text","text":"Patch *now*: <!channel> <https://evil.example|click> & <script>alert(1)</script>"}',
    );
    expect(description).toContain(
      '"marks":[{"type":"link","attrs":{"href":"https://sigreg.example/alerts/a-1"}}]',
    );
  });

  it("maps severities to priorities, takes overrides, and leaves priority out when told to", async () => {
    await jira().send({ notification: sampleNotification({ severity: "critical" }) });
    await jira({ priorities: { critical: "High" } }).send({
      notification: sampleNotification({ severity: "critical" }),
    });
    await jira({ priorities: false }).send({ notification: sampleNotification() });
    await jira().send({ notification: sampleNotification({ severity: undefined }) });
    expect(issues.map((issue) => issue.fields.priority)).toEqual([
      { name: "Highest" },
      { name: "High" },
      undefined,
      undefined,
    ]);
  });

  it("keeps a long, multi-line title a valid summary and lists items as a bullet list", async () => {
    const notification = sampleNotification({
      title: `Line one\nline two ${"x".repeat(400)}`,
      items: [
        { title: "A", url: "https://a.example/" },
        { title: "B", text: "detail" },
      ],
    });
    (await jira().send({ notification }))._unsafeUnwrap();
    const summary = String(issues[0]!.fields.summary);
    expect(summary).toHaveLength(255);
    expect(summary.startsWith("[HIGH] Line one line two")).toBe(true);
    expect(summary.endsWith("…")).toBe(true);
    expect(JSON.stringify(issues[0]!.fields.description)).toContain('"type":"bulletList"');
  });

  it("reads the status back: To Do is open, Done is closed", async () => {
    const notifier = jira();
    const { ticket } = (
      await notifier.send({ notification: sampleNotification() })
    )._unsafeUnwrap();
    expect((await notifier.status!({ key: ticket!.key }))._unsafeUnwrap()).toEqual({
      key: "SEC-1",
      name: "To Do",
      category: "new",
      closed: false,
    });
    issues[0]!.status = { name: "Resolved", category: "done" };
    expect((await notifier.status!({ key: "SEC-1" }))._unsafeUnwrap()).toMatchObject({
      name: "Resolved",
      closed: true,
    });
  });
});

describe("jiraNotifier errors", () => {
  it("is REJECTED with a wrong token, and shows neither token nor authorization header", async () => {
    const wrong = "ATATT-wrong-token-987654321";
    const error = (
      await jira({ apiToken: wrong }).send({ notification: sampleNotification() })
    )._unsafeUnwrapErr();
    expect(error).toMatchObject({ code: "REJECTED", status: 401, retryable: false });
    expectNoSecrets(error, [wrong, Buffer.from(`${EMAIL}:${wrong}`).toString("base64")]);
  });

  it("is REJECTED with Jira's field errors when the project refuses the issue", async () => {
    const error = (
      await jira({ project: "NOPE", issueType: "Epic" }).send({
        notification: sampleNotification(),
      })
    )._unsafeUnwrapErr();
    expect(error).toMatchObject({ code: "REJECTED", status: 400 });
    expect(error.message).toContain("valid project is required");
    expect(error.message).toContain("valid issue type is required");
    expectNoSecrets(error, secrets);
  });

  it("maps 429 with a Retry-After date, 503, a reset and a timeout, for send and status", async () => {
    const now = new Date("2026-01-01T00:00:00Z");
    const notifier = jira({ timeoutMs: 200, clock: () => now });
    target.faults.push(
      { kind: "status", status: 429, headers: { "retry-after": "Thu, 01 Jan 2026 00:00:20 GMT" } },
      { kind: "status", status: 503, headers: { "retry-after": "4" }, body: `echo ${BASIC}` },
      { kind: "reset" },
      { kind: "hang" },
    );
    const limited = (
      await notifier.send({ notification: sampleNotification() })
    )._unsafeUnwrapErr();
    const down = (await notifier.status!({ key: "SEC-9" }))._unsafeUnwrapErr();
    const reset = (await notifier.send({ notification: sampleNotification() }))._unsafeUnwrapErr();
    const timeout = (await notifier.status!({ key: "SEC-9" }))._unsafeUnwrapErr();
    expect(limited).toMatchObject({ code: "RATE_LIMITED", retryAfterMs: 20_000 });
    expect(down).toMatchObject({ code: "TARGET_UNAVAILABLE", retryAfterMs: 4000 });
    expect(down.message).toContain("echo ***");
    expect([reset.code, timeout.code]).toEqual(["TARGET_UNAVAILABLE", "TARGET_UNAVAILABLE"]);
    for (const error of [limited, down, reset, timeout]) expectNoSecrets(error, secrets);
  });

  it("is REJECTED for a status of an issue that does not exist, and refuses a malformed key without a request", async () => {
    const notifier = jira();
    const missing = (await notifier.status!({ key: "SEC-404" }))._unsafeUnwrapErr();
    expect(missing).toMatchObject({ code: "REJECTED", status: 404 });
    const malformed = (await notifier.status!({ key: "../../myself" }))._unsafeUnwrapErr();
    expect(malformed.code).toBe("INVALID_MESSAGE");
    expect(target.received).toHaveLength(1);
    for (const error of [missing, malformed]) expectNoSecrets(error, secrets);
  });

  it("does not retry into a duplicate when the create answer has no key, and aborts on request", async () => {
    target.faults.push({ kind: "status", status: 201, body: "<html>proxy</html>" });
    const noKey = (await jira().send({ notification: sampleNotification() }))._unsafeUnwrapErr();
    expect(noKey).toMatchObject({ code: "REJECTED", retryable: false });
    const aborted = (
      await jira().send({ notification: sampleNotification(), signal: AbortSignal.abort() })
    )._unsafeUnwrapErr();
    expect(aborted.code).toBe("ABORTED");
    const invalid = (
      await jira().send({ notification: { ...sampleNotification(), title: "" } })
    )._unsafeUnwrapErr();
    expect(invalid.code).toBe("INVALID_MESSAGE");
    for (const error of [noKey, aborted, invalid]) expectNoSecrets(error, secrets);
  });
});
