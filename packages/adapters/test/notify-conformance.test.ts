import { emailNotifier } from "@sigreg/adapters/email";
import { jiraNotifier } from "@sigreg/adapters/jira";
import { slackNotifier } from "@sigreg/adapters/slack";
import { teamsNotifier } from "@sigreg/adapters/teams";
import {
  type NotifierConformanceContext,
  type NotifierFault,
  notifierConformanceChecks,
  runNotifierConformance,
  sampleNotification,
} from "@sigreg/adapters/testing";
import { webhookNotifier } from "@sigreg/adapters/webhook";
import { type Notifier, notifyError } from "@sigreg/core";
import { err } from "neverthrow";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Fault,
  type LocalTarget,
  type Received,
  startTarget,
} from "./helpers/notify-server.js";

const SLACK_TOKEN = "slackConformanceToken123";
const TEAMS_SIG = "teamsConformanceSig12345";
const JIRA_TOKEN = "jiraConformanceToken12345";
const WEBHOOK_SECRET = `whsec_${Buffer.from("conformance-secret-of-32-bytes!!").toString("base64")}`;
const SMTP_PASS = "smtpConformancePass123";

/** An accepting target for every HTTP notifier, told apart by path. */
function accept(request: Received) {
  if (request.path.startsWith("/services/")) return { status: 200, body: "ok" };
  if (request.path.startsWith("/workflows")) return { status: 202, body: "" };
  if (request.path.startsWith("/hook")) return { status: 204, body: "" };
  if (request.path === "/rest/api/3/issue")
    return { status: 201, body: '{"id":"1","key":"SEC-1"}' };
  return { status: 404, body: "" };
}

const HTTP_FAULTS: Record<NotifierFault, Fault> = {
  "rate-limited": { kind: "status", status: 429, headers: { "retry-after": "7" } },
  unavailable: { kind: "status", status: 503 },
  rejected: { kind: "status", status: 400, body: "invalid_payload" },
  reset: { kind: "reset" },
  hang: { kind: "hang" },
};

const http: { target?: LocalTarget } = {};
beforeAll(async () => {
  http.target = await startTarget(accept);
});
afterAll(() => http.target?.close());

const httpTarget = {
  arrange: (fault: NotifierFault) => {
    http.target!.faults.push(HTTP_FAULTS[fault]);
    return true;
  },
  received: () => http.target!.received.length,
};
const url = () => http.target!.url;

runNotifierConformance({
  name: "slack",
  runner: { describe, it },
  create: ({ timeoutMs }) =>
    slackNotifier({ webhookUrl: `${url()}/services/T1/B1/${SLACK_TOKEN}`, timeoutMs }),
  target: httpTarget,
  secrets: [SLACK_TOKEN],
});

runNotifierConformance({
  name: "teams",
  runner: { describe, it },
  create: ({ timeoutMs }) =>
    teamsNotifier({ webhookUrl: `${url()}/workflows/1/invoke?sig=${TEAMS_SIG}`, timeoutMs }),
  target: httpTarget,
  secrets: [TEAMS_SIG],
});

runNotifierConformance({
  name: "webhook",
  runner: { describe, it },
  create: ({ timeoutMs }) =>
    webhookNotifier({ url: `${url()}/hook`, secret: WEBHOOK_SECRET, timeoutMs }),
  target: httpTarget,
  secrets: [WEBHOOK_SECRET, WEBHOOK_SECRET.slice(6)],
});

runNotifierConformance({
  name: "jira",
  runner: { describe, it },
  create: ({ timeoutMs }) =>
    jiraNotifier({
      baseUrl: url(),
      email: "a@b.example",
      apiToken: JIRA_TOKEN,
      project: "SEC",
      issueType: "Task",
      timeoutMs,
    }),
  target: httpTarget,
  secrets: [JIRA_TOKEN, Buffer.from(`a@b.example:${JIRA_TOKEN}`).toString("base64")],
});

/** A real SMTP server whose next RCPT answers 451 or 550 when a fault is arranged. */
const smtp: { server?: SMTPServer; port?: number; faults: NotifierFault[]; messages: number } = {
  faults: [],
  messages: 0,
};
beforeAll(async () => {
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    logger: false,
    onAuth: (auth, _session, callback) =>
      auth.password === SMTP_PASS
        ? callback(null, { user: auth.username })
        : callback(new Error("bad")),
    onRcptTo(_address, _session, callback) {
      const fault = smtp.faults.shift();
      if (fault === undefined) return callback();
      return callback(
        Object.assign(new Error(`fault ${fault}`), {
          responseCode: fault === "rejected" ? 550 : 451,
        }),
      );
    },
    onData(stream, _session, callback) {
      stream.resume();
      stream.on("end", () => {
        smtp.messages += 1;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  smtp.server = server;
  smtp.port = (server.server.address() as { port: number }).port;
});
afterAll(
  () =>
    new Promise<void>((resolve) => (smtp.server ? smtp.server.close(() => resolve()) : resolve())),
);

runNotifierConformance({
  name: "email",
  runner: { describe, it },
  create: ({ timeoutMs }) =>
    emailNotifier({
      from: "sigreg@acme.example",
      timeoutMs,
      smtp: {
        host: "127.0.0.1",
        port: smtp.port,
        ignoreTLS: true,
        auth: { user: "u", pass: SMTP_PASS },
      },
    }),
  // SMTP has no Retry-After; a reset or a silent server needs a server of its own (notify-email).
  faults: ["unavailable", "rejected"],
  target: {
    arrange: (fault) => {
      smtp.faults.push(fault);
      return true;
    },
    received: () => smtp.messages,
  },
  secrets: [SMTP_PASS, Buffer.from(`\u0000u\u0000${SMTP_PASS}`).toString("base64")],
  notification: sampleNotification({ recipients: [{ email: "ann@acme.example" }] }),
});

describe("the notifier conformance suite catches a broken notifier", () => {
  const check = (title: string) =>
    notifierConformanceChecks().find((c) => c.name.startsWith(title))!;
  const contextOf = (notifier: Notifier): NotifierConformanceContext => ({
    create: () => notifier,
    target: { arrange: () => true, received: () => 0 },
    secrets: ["s3cret-token"],
    notification: sampleNotification(),
  });
  const failing = (error: ReturnType<typeof notifyError>): Notifier => ({
    name: "broken",
    channel: "chat",
    send: async () => err(error),
  });

  it("a secret in the message", async () => {
    const leaky = failing(
      notifyError({ code: "REJECTED", notifier: "broken", message: "bad token s3cret-token" }),
    );
    await expect(check("rejected").run(contextOf(leaky))).rejects.toThrow(/secret appears/);
  });

  it("a send that rejects instead of returning an error", async () => {
    const throwing: Notifier = {
      name: "broken",
      channel: "chat",
      send: () => Promise.reject(new Error("boom")),
    };
    await expect(check("unavailable").run(contextOf(throwing))).rejects.toThrow(/send rejected/);
  });

  it("a wrong code, or a retryable flag that contradicts the code", async () => {
    const wrongCode = failing(notifyError({ code: "REJECTED", notifier: "broken", message: "x" }));
    await expect(check("rate-limited").run(contextOf(wrongCode))).rejects.toThrow();
    const wrongFlag = failing({
      ...notifyError({ code: "REJECTED", notifier: "broken", message: "x" }),
      retryable: true,
    });
    await expect(check("rejected").run(contextOf(wrongFlag))).rejects.toThrow(/retryable/);
  });

  it("an invalid notification that reaches the target", async () => {
    let received = 0;
    const careless: Notifier = {
      name: "broken",
      channel: "chat",
      send: async () => {
        received += 1;
        return err(notifyError({ code: "INVALID_MESSAGE", notifier: "broken", message: "x" }));
      },
    };
    const context = {
      ...contextOf(careless),
      target: { arrange: () => true, received: () => received },
    };
    await expect(check("refuses an invalid").run(context)).rejects.toThrow(/contacted/);
  });
});
