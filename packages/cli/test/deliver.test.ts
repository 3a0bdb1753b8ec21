import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { sqliteStorage } from "@sigreg/adapters/sql";
import { createSigreg } from "@sigreg/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run, tempDir, withFiles } from "./helpers.js";
import { EXAMPLE } from "./store-helpers.js";

/** A Slack-like webhook target: answers `status` (200 "ok" when healthy) and keeps what it got. */
function slackTarget() {
  const received: Array<{ path: string; body: unknown; userAgent?: string | undefined }> = [];
  let status = 200;
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => {
      body += chunk.toString("utf8");
    });
    req.on("end", () => {
      received.push({
        path: req.url ?? "",
        body: JSON.parse(body),
        userAgent: req.headers["user-agent"],
      });
      if (status === 200) res.writeHead(200, { "content-type": "text/plain" }).end("ok");
      else res.writeHead(status, { "content-type": "text/plain" }).end("invalid_payload");
    });
  });
  return {
    received,
    fail: (code: number) => {
      status = code;
    },
    heal: () => {
      status = 200;
    },
    async start(): Promise<string> {
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      // The path plays the part of Slack's secret webhook path.
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T000/B000/SECRETXYZ`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// The test targets listen on loopback, which the safe fetcher refuses unless allowed.
const NOTIFIERS = `notifiers:
  - type: slack
    name: team-chat
    webhookUrl: env:SLACK_URL
allowHosts: [127.0.0.1]
`;

describe("sigreg deliver and sigreg outbox", () => {
  const target = slackTarget();
  let url = "";
  let store = "";
  let dir = "";
  beforeAll(async () => {
    url = await target.start();
    dir = await withFiles({ "notifiers.yaml": NOTIFIERS });
    store = `sqlite:${join(await tempDir(), "sigreg.db")}`;
    expect((await run(["migrate", "--store", store])).code).toBe(0);
    expect((await run(["import", EXAMPLE, "--store", store])).code).toBe(0);
    const storage = sqliteStorage({ filename: store.slice("sqlite:".length) });
    const acme = createSigreg({ storage }).tenant("default");
    for (const [id, severity] of [
      ["a-high", "high"],
      ["a-low", "low"],
    ] as const)
      (
        await acme.recordAlert({
          id,
          group: "cisa",
          title: `Advisory ${id}`,
          received: "2026-11-23",
          severity,
        })
      )._unsafeUnwrap();
    await storage.close?.();
  });
  afterAll(() => target.close());

  const env = () => ({ SLACK_URL: url });
  const notifiers = () => join(dir, "notifiers.yaml");

  it("dead-letters what the target refuses, lists it without the webhook's secret, retries it", async () => {
    target.fail(400);
    const failed = await run(["deliver", "--store", store, "--notifiers", notifiers()], {
      env: env(),
      cwd: dir,
    });
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain("0 notifications; 0 to retry later; 1 dead-lettered.");
    expect(failed.stdout).toContain("sigreg outbox --status failed");
    const listed = await run(["outbox", "--store", store]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/notify → team-chat\s+1\s+team-chat: .*400/);
    const json = await run(["outbox", "--store", store, "--format", "json"]);
    const [dead] = JSON.parse(json.stdout) as Array<{ id: string; lastError: string }>;
    for (const output of [failed.stdout, failed.stderr, listed.stdout, json.stdout])
      expect(output).not.toContain("SECRETXYZ");

    target.heal();
    const retried = await run(["outbox", "retry", dead?.id ?? "", "--store", store]);
    expect(retried.stdout).toContain("Retrying 1 message:");
    const delivered = await run(["deliver", "--store", store, "--notifiers", notifiers()], {
      env: env(),
    });
    expect(delivered.code).toBe(0);
    expect(delivered.stdout).toContain("Delivered 1 notification;");
    // Only the high alert reaches the team channel; the low one stays with its owner's email.
    const last = target.received.at(-1)?.body as { text: string; blocks: unknown[] };
    expect(last.text).toContain("Advisory a-high");
    expect(last.blocks.length).toBeGreaterThan(0);
    expect((await run(["outbox", "--store", store])).stdout).toBe("No failed messages.\n");
    const sent = await run(["outbox", "--status", "sent", "--store", store, "--format", "json"]);
    const notify = (JSON.parse(sent.stdout) as Array<{ topic: string; receipt?: unknown }>).filter(
      (m) => m.topic === "notify",
    );
    expect(notify).toEqual([
      expect.objectContaining({ receipt: expect.objectContaining({ notifier: "team-chat" }) }),
    ]);
    const again = await run(["deliver", "--store", store, "--notifiers", notifiers()], {
      env: env(),
    });
    expect(again.stdout).toContain("Delivered 0 notifications;");
    expect(await run(["outbox", "retry", dead?.id ?? "", "--store", store])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("is not a dead letter"),
    });
  });

  it("refuses a missing, unreadable or invalid notifiers file, naming the file and the path in it", async () => {
    const files = await withFiles({
      "bad-type.yaml": "notifiers:\n  - type: pager\n    url: x\n",
      "no-env.yaml": NOTIFIERS,
      "bad-url.yaml": "notifiers:\n  - type: slack\n    webhookUrl: not-a-url\n",
      "twice.json": JSON.stringify({
        notifiers: [
          { type: "slack", webhookUrl: "http://127.0.0.1:1/a" },
          { type: "slack", webhookUrl: "http://127.0.0.1:1/b" },
        ],
      }),
      "broken.yaml": "notifiers: [",
      "bad-route.yaml": `${NOTIFIERS}routes:\n  - notifiers: [team-chat, pager]\n`,
    });
    const deliver = (file: string, environment = {}) =>
      run(["deliver", "--store", store, "--notifiers", file], { env: environment, cwd: files });
    expect(await deliver("bad-type.yaml")).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/bad-type\.yaml: notifiers\.0\.type: /),
    });
    expect(await deliver("no-env.yaml")).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        "no-env.yaml: notifiers.0.webhookUrl: expected the environment variable SLACK_URL to be set",
      ),
    });
    const badUrl = await deliver("bad-url.yaml");
    expect(badUrl).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("bad-url.yaml: notifiers.0:"),
    });
    expect(badUrl.stderr).not.toContain("not-a-url");
    expect(await deliver("twice.json")).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('two notifiers are named "slack"'),
    });
    expect(await deliver("broken.yaml")).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("broken.yaml: expected YAML or JSON"),
    });
    expect(await deliver("bad-route.yaml", { SLACK_URL: "http://127.0.0.1:1/x" })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        'bad-route.yaml: routes.0.notifiers: no notifier is named "pager"',
      ),
    });
    expect(await deliver("missing.yaml")).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("cannot read the notifiers file missing.yaml"),
    });
    expect(await run(["deliver", "--store", store])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("expected --notifiers FILE"),
    });
    expect(
      await run(["deliver", "--store", store, "--notifiers", "x", "--max-attempts", "0"]),
    ).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("--max-attempts expects a whole number of at least 1"),
    });
    expect(await run(["outbox", "retry", "--store", store])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("expected one message id, or --all"),
    });
    expect(await run(["outbox", "purge", "--store", store])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("unknown action 'purge'"),
    });
    expect(await run(["outbox", "--status", "lost", "--store", store])).toMatchObject({ code: 2 });
  });
});

describe("sigreg notify", () => {
  it("shows what would go out without writing, then enqueues reminders and digests once", async () => {
    const store = `sqlite:${join(await tempDir(), "sigreg.db")}`;
    expect((await run(["migrate", "--store", store])).code).toBe(0);
    expect((await run(["import", EXAMPLE, "--store", store])).code).toBe(0);
    const dir = await withFiles({
      "notifiers.yaml":
        "notifiers:\n  - type: email\n    name: mail\n    from: sigreg@northwind-ai.example\n    smtp: { host: 127.0.0.1, port: 1 }\n",
    });
    const asOf = ["--as-of", "2027-09-07"];
    const preview = await run(
      ["notify", "--dry-run", "--notifiers", "notifiers.yaml", "--store", store, ...asOf],
      { cwd: dir },
    );
    expect(preview.code).toBe(0);
    expect(preview.stdout).toMatch(
      /scheduled\s+default\s+mail\s+reminder\s+sam\.okafor@northwind-ai\.example\s+Review of CISA .* is due in 3 days/,
    );
    expect(preview.stdout).toContain("would go out; nothing was written.");
    expect((await run(["outbox", "--status", "pending", "--store", store])).stdout).not.toContain(
      "review.reminder",
    );

    const first = await run(["notify", "--only", "reminders", "--store", store, ...asOf]);
    expect(first.stdout).toMatch(/^Enqueued (\d+) reminders and 0 digests \(0 already queued\)/);
    const count = Number(/Enqueued (\d+)/.exec(first.stdout)?.[1]);
    expect(count).toBeGreaterThan(0);
    const again = await run(["notify", "--only", "reminders", "--store", store, ...asOf]);
    expect(again.stdout).toContain(`Enqueued 0 reminders and 0 digests (${count} already queued)`);
    const pending = await run(["outbox", "--status", "pending", "--store", store]);
    expect(pending.stdout).toContain("review.reminder");

    // Routing rules in the notifiers file: a low alert goes to the team channel too.
    const storage = sqliteStorage({ filename: store.slice("sqlite:".length) });
    (
      await createSigreg({ storage }).tenant("default").recordAlert({
        id: "low-1",
        group: "cisa",
        title: "Low one",
        received: "2027-09-06",
        severity: "low",
      })
    )._unsafeUnwrap();
    await storage.close?.();
    const routed = await withFiles({
      "routes.yaml": `notifiers:\n  - type: slack\n    name: team-chat\n    webhookUrl: http://127.0.0.1:1/hook\nroutes:\n  - notifiers: [team-chat]\n    minSeverity: low\n`,
    });
    const withRoutes = await run(
      ["notify", "--dry-run", "--notifiers", "routes.yaml", "--store", store, ...asOf],
      { cwd: routed },
    );
    expect(withRoutes.stdout).toMatch(/routed\s+default\s+team-chat\s+alert\s+.*Low one/);

    expect(await run(["notify", "--dry-run", "--store", store])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("expected --notifiers FILE"),
    });
    expect(await run(["notify", "--only", "everything", "--store", store])).toMatchObject({
      code: 2,
    });
    expect(await run(["notify", "--as-of", "someday", "--store", store])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("invalid --as-of"),
    });
  });
});

describe("sigreg deliver --sync-tickets", () => {
  it("opens a Jira issue for a critical alert, records it on the alert, and reads its closure back", async () => {
    let created = 0;
    const jira = createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        if (req.method === "POST" && req.url === "/rest/api/3/issue") {
          created++;
          res.writeHead(201, { "content-type": "application/json" }).end(
            JSON.stringify({
              id: "10001",
              key: "SEC-1",
              self: "http://jira.invalid/rest/api/3/issue/10001",
            }),
          );
          return;
        }
        if (req.method === "GET" && req.url === "/rest/api/3/issue/SEC-1?fields=status") {
          res.writeHead(200, { "content-type": "application/json" }).end(
            JSON.stringify({
              key: "SEC-1",
              fields: { status: { name: "Done", statusCategory: { key: "done" } } },
            }),
          );
          return;
        }
        res.writeHead(404).end();
      });
    });
    await new Promise<void>((resolve) => jira.listen(0, "127.0.0.1", resolve));
    try {
      const baseUrl = `http://127.0.0.1:${(jira.address() as AddressInfo).port}`;
      const file = join(await tempDir(), "sigreg.db");
      const store = `sqlite:${file}`;
      expect((await run(["migrate", "--store", store])).code).toBe(0);
      expect((await run(["import", EXAMPLE, "--store", store])).code).toBe(0);
      const storage = sqliteStorage({ filename: file });
      (
        await createSigreg({ storage }).tenant("default").recordAlert({
          id: "crit-1",
          group: "cisa",
          title: "Critical one",
          received: "2026-11-23",
          severity: "critical",
        })
      )._unsafeUnwrap();
      await storage.close?.();
      const dir = await withFiles({
        "jira.yaml": `notifiers:\n  - type: jira\n    baseUrl: ${baseUrl}\n    email: bot@northwind-ai.example\n    apiToken: env:JIRA_TOKEN\n    project: SEC\n    issueType: Task\n`,
      });
      const result = await run(
        [
          "deliver",
          "--store",
          store,
          "--notifiers",
          "jira.yaml",
          "--sync-tickets",
          "--allow-host",
          "127.0.0.1",
        ],
        { cwd: dir, env: { JIRA_TOKEN: "token-never-shown" } },
      );
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("Delivered 1 notification;");
      expect(result.stdout).toContain("Read 1 open ticket: 1 closed, 0 moved on.");
      expect(created).toBe(1);
      const reopened = sqliteStorage({ filename: file });
      const alert = await createSigreg({ storage: reopened }).tenant("default").getAlert("crit-1");
      await reopened.close?.();
      expect(alert?.value.tickets).toEqual([
        expect.objectContaining({
          system: "jira",
          key: "SEC-1",
          status: "Done",
          closed: expect.any(Date),
        }),
      ]);
    } finally {
      await new Promise((resolve) => jira.close(resolve));
    }
  });
});

describe("sigreg deliver sends through the safe fetcher", () => {
  const target = slackTarget();
  let url = "";
  let store = "";
  let dir = "";
  const noAllow =
    "notifiers:\n  - type: slack\n    name: team-chat\n    webhookUrl: env:SLACK_URL\n";
  beforeAll(async () => {
    url = await target.start();
    dir = await withFiles({
      "no-allow.yaml": noAllow,
      "bad-allow.yaml": `${noAllow}allowHosts: ["not a host!"]\n`,
    });
    store = `sqlite:${join(await tempDir(), "sigreg.db")}`;
    expect((await run(["migrate", "--store", store])).code).toBe(0);
    expect((await run(["import", EXAMPLE, "--store", store])).code).toBe(0);
    const storage = sqliteStorage({ filename: store.slice("sqlite:".length) });
    (
      await createSigreg({ storage }).tenant("default").recordAlert({
        id: "a-high",
        group: "cisa",
        title: "Advisory a-high",
        received: "2026-11-23",
        severity: "high",
      })
    )._unsafeUnwrap();
    await storage.close?.();
  });
  afterAll(() => target.close());

  const deliver = (...extra: string[]) =>
    run(["deliver", "--store", store, "--notifiers", "no-allow.yaml", ...extra], {
      env: { SLACK_URL: url },
      cwd: dir,
    });

  it("refuses a loopback target unless allowed, then sends with sigreg's User-Agent", async () => {
    const refused = await deliver();
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain("1 dead-lettered.");
    // Refused before any connection: the target heard nothing, and nothing names its secret path.
    expect(target.received).toEqual([]);
    const listed = await run(["outbox", "--store", store]);
    expect(listed.stdout).toMatch(/team-chat: .*refused the target \(FETCH_BLOCKED\)/);
    for (const output of [refused.stdout, refused.stderr, listed.stdout])
      expect(output).not.toContain("SECRETXYZ");

    const [dead] = JSON.parse(
      (await run(["outbox", "--store", store, "--format", "json"])).stdout,
    ) as Array<{ id: string }>;
    expect((await run(["outbox", "retry", dead?.id ?? "", "--store", store])).code).toBe(0);
    const sent = await deliver("--allow-host", "127.0.0.1");
    expect(sent.code).toBe(0);
    expect(sent.stdout).toContain("Delivered 1 notification;");
    expect(target.received).toHaveLength(1);
    expect(target.received[0]?.userAgent).toMatch(/^sigreg\/\d+\.\d+\.\d+ /);
  });

  it("names a bad allowHosts entry or --allow-host value, and sends nothing", async () => {
    const before = target.received.length;
    expect(
      await run(["deliver", "--store", store, "--notifiers", "bad-allow.yaml"], {
        env: { SLACK_URL: url },
        cwd: dir,
      }),
    ).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        "sigreg deliver: bad-allow.yaml: allowHosts.0: expected a host name, an IP address or a CIDR",
      ),
    });
    expect(await deliver("--allow-host", "10.0.0.0/99")).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        'sigreg deliver: --allow-host "10.0.0.0/99": expected a host name',
      ),
    });
    expect(target.received).toHaveLength(before);
  });
});
