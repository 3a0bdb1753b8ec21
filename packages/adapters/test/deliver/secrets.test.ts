import { randomBytes } from "node:crypto";
import { mkdtemp, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { sqliteStorage } from "@sigreg/adapters/sql";
import { createSigreg, type EvidenceEntry } from "@sigreg/core";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "../../../cli/src/main.js";
import { loadNotifiers } from "../../../cli/src/notifiers-config.js";
import { EXAMPLE } from "../engine/fixtures.js";

/*
 * The whole system, against targets that echo everything they receive (URL, headers, body) in
 * their error answers: no secret may come out in any log line, error, outbox row, evidence entry,
 * export or CLI output.
 */

const SLACK_PATH = `/services/T00000000/B00000000/${randomBytes(12).toString("hex")}`;
const TEAMS_SIG = randomBytes(16).toString("hex");
const JIRA_TOKEN = `ATATT${randomBytes(16).toString("hex")}`;
const JIRA_EMAIL = "sigreg-bot@northwind-ai.example";
const HOOK_KEY = randomBytes(32);
const HOOK_SECRET = `whsec_${HOOK_KEY.toString("base64")}`;
const SMTP_PASS = `smtp-${randomBytes(10).toString("hex")}`;

const SECRETS = [
  SLACK_PATH,
  SLACK_PATH.split("/").at(-1) as string,
  TEAMS_SIG,
  JIRA_TOKEN,
  Buffer.from(`${JIRA_EMAIL}:${JIRA_TOKEN}`).toString("base64"),
  HOOK_SECRET,
  HOOK_KEY.toString("base64"),
  SMTP_PASS,
  Buffer.from(SMTP_PASS).toString("base64"),
  Buffer.from(`\u0000echo\u0000${SMTP_PASS}`).toString("base64"),
];

function expectClean(what: string, text: string): void {
  for (const secret of SECRETS) expect(text, `${what} holds a secret`).not.toContain(secret);
}

let http: Server;
let smtp: SMTPServer;
let base = "";
let smtpPort = 0;
let issues = 0;

/** Answers Jira's create once per issue; every other request is refused with an echo of itself. */
function echo(req: IncomingMessage, body: string): string {
  return JSON.stringify({ url: req.url, headers: req.headers, body });
}

beforeAll(async () => {
  http = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => {
      body += chunk.toString("utf8");
    });
    req.on("end", () => {
      if (req.method === "POST" && req.url === "/jira/rest/api/3/issue") {
        issues++;
        res.writeHead(201, { "content-type": "application/json" }).end(
          JSON.stringify({
            id: `1000${issues}`,
            key: `SEC-${issues}`,
            self: `${base}/jira/rest/api/3/issue/1000${issues}`,
          }),
        );
        return;
      }
      const status = req.url?.startsWith("/jira/") ? 500 : 400;
      res.writeHead(status, { "content-type": "application/json" }).end(echo(req, body));
    });
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  smtp = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      callback(
        Object.assign(new Error(`password ${auth.password} refused`), { responseCode: 535 }),
      );
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", () => resolve()));
  smtpPort = (smtp.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => http.close(resolve));
  await new Promise((resolve) => smtp.close(() => resolve(undefined)));
});

describe("secrets never leave", () => {
  it("in logs, errors, the outbox, the evidence log, exports or CLI output, whatever the targets answer", async () => {
    const logged: string[] = [];
    for (const method of ["log", "info", "warn", "error", "debug"] as const)
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        logged.push(args.map((arg) => inspect(arg, { depth: 6 })).join(" "));
      });
    const cwd = await mkdtemp(join(tmpdir(), "sigreg-secrets-"));
    const store = `sqlite:${join(cwd, "sigreg.db")}`;
    const env = {
      SLACK_URL: `${base}${SLACK_PATH}`,
      TEAMS_URL: `${base}/workflows/run?api-version=1&sig=${TEAMS_SIG}`,
      JIRA_TOKEN,
      HOOK_SECRET,
      SMTP_PASS,
    };
    const notifiersFile = join(cwd, "notifiers.yaml");
    await writeFile(
      notifiersFile,
      `notifiers:
  - { type: slack, name: slack, webhookUrl: "env:SLACK_URL" }
  - { type: teams, name: teams, webhookUrl: "env:TEAMS_URL" }
  - { type: webhook, name: hook, url: "${base}/hooks/sigreg", secret: "env:HOOK_SECRET" }
  - type: jira
    name: jira
    baseUrl: "${base}/jira"
    email: ${JIRA_EMAIL}
    apiToken: "env:JIRA_TOKEN"
    project: SEC
    issueType: Task
  - type: email
    name: mail
    from: sigreg@northwind-ai.example
    smtp: { host: 127.0.0.1, port: ${smtpPort}, auth: { user: echo, pass: "env:SMTP_PASS" } }
routes:
  - notifiers: [slack, teams, hook, jira, mail]
# The echoing targets listen on loopback, which the safe fetcher refuses unless allowed.
allowHosts: [127.0.0.1]
`,
    );
    const outputs: string[] = [];
    const cli = async (args: string[]) => {
      let out = "";
      const code = await main(args, {
        env,
        cwd,
        stdout: (text) => {
          out += text;
        },
        stderr: (text) => {
          out += text;
        },
      });
      outputs.push(`$ sigreg ${args.join(" ")} → ${code}\n${out}`);
      return { code, out };
    };
    // The targets really do echo what they get, secrets included: a leak would show.
    const echoed = await (await fetch(env.SLACK_URL, { method: "POST", body: "{}" })).text();
    expect(echoed).toContain(SLACK_PATH);
    expect((await cli(["migrate", "--store", store])).code).toBe(0);
    expect((await cli(["import", EXAMPLE, "--store", store])).code).toBe(0);
    const storage = sqliteStorage({ filename: join(cwd, "sigreg.db") });
    const acme = createSigreg({ storage }).tenant("default");
    (
      await acme.recordAlert({
        id: "leak-test",
        group: "cisa",
        title: "Secret test",
        received: "2026-11-23",
        severity: "critical",
      })
    )._unsafeUnwrap();

    const delivered = await cli([
      "deliver",
      "--store",
      store,
      "--notifiers",
      notifiersFile,
      "--max-attempts",
      "1",
    ]);
    expect(delivered.code).toBe(1); // slack, teams, webhook and mail refused: dead letters
    await cli(["deliver", "--store", store, "--notifiers", notifiersFile, "--format", "json"]);
    for (const status of ["failed", "sent", "pending"])
      await cli(["outbox", "--status", status, "--store", store, "--format", "json"]);
    await cli(["outbox", "--store", store]);
    for (const format of ["html", "md", "csv", "findings-csv", "json", "oscal"])
      expect((await cli(["report", "--format", format, "--store", store])).code).toBe(0);
    for (const format of ["yaml", "json"])
      await cli(["export", "--format", format, "--store", store]);
    await cli(["verify-evidence", "--store", store]);
    await cli(["notify", "--dry-run", "--notifiers", notifiersFile, "--store", store]);

    // The dead letters say why, without the secret; the Jira ticket was opened and recorded.
    const failed = await storage.listOutbox({ status: "failed", limit: 100 });
    expect(failed.map((m) => m.payload.notifier).sort()).toEqual([
      "hook",
      "mail",
      "slack",
      "teams",
    ]);
    expect(failed.every((m) => (m.lastError ?? "").length > 0)).toBe(true);
    expect((await acme.getAlert("leak-test"))?.value.tickets.map((t) => t.key)).toEqual(["SEC-1"]);

    // Reading the ticket's status back fails with an echo of the request, Authorization included.
    const config = await loadNotifiers(notifiersFile, { env, cwd } as never, "test");
    const engine = createSigreg({ storage, notifiers: config.notifiers });
    const sync = await engine.syncTickets();
    expect(sync.failures).toEqual([expect.stringMatching(/^leak-test SEC-1: jira: .*500/)]);
    expectClean("syncTickets failures", JSON.stringify(sync));

    const evidence: EvidenceEntry[] = await storage.listEvidence({
      tenant: "default",
      limit: 100_000,
    });
    expectClean("the evidence log", JSON.stringify(evidence));
    for (const status of ["failed", "sent", "pending"] as const)
      expectClean(
        `the ${status} outbox`,
        JSON.stringify(await storage.listOutbox({ status, limit: 100_000 })),
      );
    expectClean("CLI output", outputs.join("\n"));
    expectClean("console", logged.join("\n"));
    expect(outputs.join("\n")).toContain("sigreg report --format html");
    await storage.close?.();
    vi.restoreAllMocks();
  }, 60_000);
});
