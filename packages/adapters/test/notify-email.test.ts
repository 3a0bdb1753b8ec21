import { createServer, type Server } from "node:net";
import { emailNotifier, type MailMessage } from "@sigreg/adapters/email";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadMailer } from "../src/email/load-mailer.js";
import { expectNoSecrets, sampleNotification } from "./helpers/notify-server.js";

const USER = "sigreg-mailer";
const PASS = "smtp-P4ssw0rd-secret!";
const FROM = "sigreg <sigreg@acme.example>";

/** Every form a password can take on the wire (AUTH PLAIN, AUTH LOGIN) or in a URL. */
const passwordForms = (pass: string) => [
  pass,
  encodeURIComponent(pass),
  Buffer.from(pass).toString("base64"),
  Buffer.from(`\u0000${USER}\u0000${pass}`).toString("base64"),
];

const received: ParsedMail[] = [];
let smtp: SMTPServer;
let port: number;

function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

beforeAll(async () => {
  smtp = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === USER && auth.password === PASS) return callback(null, { user: USER });
      if (auth.username === "echo") {
        return callback(smtpError(`password ${auth.password} refused`, 535));
      }
      return callback(smtpError("Authentication credentials invalid", 535));
    },
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith("nobody@"))
        return callback(smtpError("Mailbox unavailable", 550));
      if (address.address.startsWith("busy@"))
        return callback(smtpError("Mailbox busy, try later", 451));
      return callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push(mail);
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", () => resolve()));
  port = (smtp.server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => smtp.close(() => resolve())));
beforeEach(() => {
  received.length = 0;
});

const smtpOptions = (overrides: Record<string, unknown> = {}) => ({
  host: "127.0.0.1",
  port,
  secure: false,
  ignoreTLS: true,
  auth: { user: USER, pass: PASS },
  ...overrides,
});
const recipients = [{ id: "p-1", name: "Ann Owner", email: "ann@acme.example" }];

describe("emailNotifier over a real SMTP server", () => {
  it("sends one message with a text and an escaped HTML part, linked to the alert and the group", async () => {
    const email = emailNotifier({ from: FROM, smtp: smtpOptions() });
    const receipt = (
      await email.send({ notification: sampleNotification({ recipients }) })
    )._unsafeUnwrap();
    expect(receipt).toMatchObject({
      notifier: "email",
      channel: "email",
      deliveryId: "<01J9Z-msg-1@acme.example>",
    });
    expect(received).toHaveLength(1);
    const mail = received[0]!;
    expect(mail.subject).toBe("[HIGH] OpenSSH <regreSSHion> & friends");
    expect(mail.messageId).toBe("<01J9Z-msg-1@acme.example>");
    expect(mail.headers.get("x-sigreg-idempotency-key")).toBe("01J9Z-msg-1");
    expect(mail.to).toMatchObject({ value: [{ address: "ann@acme.example" }] });
    expect(mail.text).toContain(
      "Patch *now*: <!channel> <https://evil.example|click> & <script>alert(1)</script>",
    );
    expect(mail.text).toContain("Open alert: https://sigreg.example/alerts/a-1");
    const html = String(mail.html);
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain(
      '<h2 style="margin:0 0 12px">[HIGH] OpenSSH &lt;regreSSHion&gt; &amp; friends</h2>',
    );
    expect(html).toContain('<a href="https://sigreg.example/alerts/a-1">Open alert</a>');
    expect(html).toContain('<a href="https://sigreg.example/groups/g-1">Open group</a>');
  });

  it("sends to the fixed list instead of the recipients when `to` is set", async () => {
    const email = emailNotifier({
      from: FROM,
      smtp: smtpOptions(),
      to: ["soc@acme.example", "ciso@acme.example"],
    });
    (await email.send({ notification: sampleNotification({ recipients }) }))._unsafeUnwrap();
    expect(received[0]!.to).toMatchObject({
      value: [{ address: "soc@acme.example" }, { address: "ciso@acme.example" }],
    });
  });

  it("escapes what a replaced template returns, too", async () => {
    const email = emailNotifier({
      from: FROM,
      smtp: smtpOptions(),
      templates: {
        alert: (n) => ({
          title: n.title,
          paragraphs: ["<img src=x onerror=alert(1)>"],
          fields: [],
          items: [],
          links: [],
        }),
      },
    });
    (await email.send({ notification: sampleNotification({ recipients }) }))._unsafeUnwrap();
    expect(String(received[0]!.html)).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });
});

describe("emailNotifier errors", () => {
  const secrets = passwordForms(PASS);

  it("is INVALID_MESSAGE without recipients, before connecting", async () => {
    const email = emailNotifier({ from: FROM, smtp: smtpOptions({ port: 1 }) });
    const error = (await email.send({ notification: sampleNotification() }))._unsafeUnwrapErr();
    expect(error).toMatchObject({ code: "INVALID_MESSAGE", retryable: false });
    expectNoSecrets(error, secrets);
  });

  it("is REJECTED with a wrong password, which appears in no form", async () => {
    const wrong = "wrong-Secret-pw-42";
    const email = emailNotifier({
      from: FROM,
      smtp: smtpOptions({ auth: { user: USER, pass: wrong } }),
    });
    const error = (
      await email.send({ notification: sampleNotification({ recipients }) })
    )._unsafeUnwrapErr();
    expect(error).toMatchObject({ code: "REJECTED", status: 535, retryable: false });
    expect(error.message).toContain("EAUTH");
    expectNoSecrets(error, [...secrets, ...passwordForms(wrong)]);
    expect(received).toHaveLength(0);
  });

  it("cuts the password out of a server reply that echoes it", async () => {
    const email = emailNotifier({
      from: FROM,
      smtp: smtpOptions({ auth: { user: "echo", pass: PASS } }),
    });
    const error = (
      await email.send({ notification: sampleNotification({ recipients }) })
    )._unsafeUnwrapErr();
    expect(error.code).toBe("REJECTED");
    expect(error.message).toContain("password *** refused");
    expectNoSecrets(error, secrets);
  });

  it("is REJECTED when the server refuses the recipient (550), TARGET_UNAVAILABLE when it defers (451)", async () => {
    const email = emailNotifier({ from: FROM, smtp: smtpOptions() });
    const refused = (
      await email.send({
        notification: sampleNotification({ recipients: [{ email: "nobody@acme.example" }] }),
      })
    )._unsafeUnwrapErr();
    expect(refused).toMatchObject({ code: "REJECTED", status: 550 });
    expect(refused.message).toContain("Mailbox unavailable");
    const deferred = (
      await email.send({
        notification: sampleNotification({ recipients: [{ email: "busy@acme.example" }] }),
      })
    )._unsafeUnwrapErr();
    expect(deferred).toMatchObject({ code: "TARGET_UNAVAILABLE", status: 451, retryable: true });
    for (const error of [refused, deferred]) expectNoSecrets(error, secrets);
  });

  it("is TARGET_UNAVAILABLE when the server refuses the connection or never greets", async () => {
    const closed = await freePort();
    const refused = emailNotifier({ from: FROM, smtp: smtpOptions({ port: closed }) });
    const error = (
      await refused.send({ notification: sampleNotification({ recipients }) })
    )._unsafeUnwrapErr();
    expect(error).toMatchObject({ code: "TARGET_UNAVAILABLE", retryable: true });
    const silent: Server = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const mute = emailNotifier({
        from: FROM,
        timeoutMs: 300,
        smtp: smtpOptions({ port: (silent.address() as { port: number }).port }),
      });
      const started = Date.now();
      const timeout = (
        await mute.send({ notification: sampleNotification({ recipients }) })
      )._unsafeUnwrapErr();
      expect(timeout.code).toBe("TARGET_UNAVAILABLE");
      expect(Date.now() - started).toBeLessThan(5000);
      for (const e of [error, timeout]) expectNoSecrets(e, secrets);
    } finally {
      silent.close();
    }
  });

  it("returns ABORTED when the caller aborts", async () => {
    const email = emailNotifier({ from: FROM, smtp: smtpOptions() });
    const error = (
      await email.send({
        notification: sampleNotification({ recipients }),
        signal: AbortSignal.abort(),
      })
    )._unsafeUnwrapErr();
    expect(error.code).toBe("ABORTED");
    let finish: () => void = () => {};
    const hanging = emailNotifier({
      from: FROM,
      transport: {
        sendMail: () =>
          new Promise((resolve) => {
            finish = () => resolve({});
          }),
      },
    });
    const controller = new AbortController();
    const pending = hanging.send({
      notification: sampleNotification({ recipients }),
      signal: controller.signal,
    });
    controller.abort();
    const late = (await pending)._unsafeUnwrapErr();
    expect(late.code).toBe("ABORTED");
    finish();
    for (const e of [error, late]) expectNoSecrets(e, secrets);
  });

  it("maps a caller's transport failure and cuts its secrets only when it knows them", async () => {
    const sent: MailMessage[] = [];
    const flaky = emailNotifier({
      from: FROM,
      transport: {
        sendMail: async (message) => {
          sent.push(message);
          throw Object.assign(new Error("Connection closed unexpectedly"), { code: "ECONNECTION" });
        },
      },
    });
    const error = (
      await flaky.send({ notification: sampleNotification({ recipients }) })
    )._unsafeUnwrapErr();
    expect(error).toMatchObject({
      code: "TARGET_UNAVAILABLE",
      message: "email: ECONNECTION: Connection closed unexpectedly",
    });
    expect(sent[0]).toMatchObject({
      to: ["ann@acme.example"],
      messageId: "<01J9Z-msg-1@acme.example>",
    });
    expectNoSecrets(error, secrets);
  });

  it("says how to install nodemailer when it is missing", async () => {
    const result = await loadMailer({
      notifier: "email",
      moduleName: "nodemailer-not-installed-xyz",
    });
    const error = result._unsafeUnwrapErr();
    expect(error).toMatchObject({ code: "DEPENDENCY_MISSING", retryable: false });
    expect(error.message).toContain("pnpm add nodemailer-not-installed-xyz");
    expectNoSecrets(error, secrets);
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port: free } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return free;
}
