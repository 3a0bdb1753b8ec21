import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run, tempDir, withFiles } from "./helpers.js";

const T0 = new Date("2026-03-16T08:00:00Z");
const at = (minutes: number) => () => new Date(T0.getTime() + minutes * 60_000);

const rss = (items: [id: string, title: string, date: string][]) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title>${items
    .map(
      ([id, title, date]) =>
        `<item><guid>${id}</guid><title>${title}</title><link>https://example.org/${id}</link><pubDate>${new Date(date).toUTCString()}</pubDate></item>`,
    )
    .join("")}</channel></rss>`;

/** Serves feeds with an ETag, 304 on a match; a path in `failing` answers 503. Counts answers. */
function feedServer(bodies: Record<string, string>) {
  const failing = new Set<string>();
  const answers: string[] = [];
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://local").pathname;
    const body = bodies[path];
    if (failing.has(path) || body === undefined) {
      answers.push(`${path} 503`);
      response.writeHead(503, { "content-type": "text/plain" }).end("down");
      return;
    }
    const etag = `"${createHash("sha256").update(body).digest("hex").slice(0, 12)}"`;
    const status = request.headers["if-none-match"] === etag ? 304 : 200;
    answers.push(`${path} ${status}`);
    response.writeHead(status, { etag, "content-type": "application/rss+xml" });
    response.end(status === 200 ? body : undefined);
  });
  return {
    failing,
    answers,
    async start(): Promise<string> {
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const register = (base: string) => `organisation:
  name: Acme
  technologies: [git, apache/tomcat, microsoft]
groups:
  - id: cert
    name: National CERT
    kind: government-cert
    feeds:
      - url: ${base}/cert.xml
        format: rss
  - id: vendor
    name: Vendor bulletin
    kind: vendor-bulletin
    feeds:
      - url: ${base}/vendor.xml?token=s3cret-token-value
        format: rss
`;

describe("sigreg ingest", () => {
  const server = feedServer({
    "/cert.xml": rss([["c1", "Microsoft Exchange advisory", "2026-03-12T00:00:00Z"]]),
    "/kev.json": JSON.stringify({
      catalogVersion: "2026.03.16",
      vulnerabilities: [{ cveID: "not-a-cve" }],
    }),
    "/vendor.xml": rss([
      ["a", "Git CVE-2025-48384 link following", "2026-03-10T00:00:00Z"],
      ["b", "Tomcat request smuggling", "2026-03-14T12:00:00Z"],
    ]),
  });
  let store = "";
  let base = "";
  const ingest = (args: string[], minutes: number, isTTY = false) =>
    run(["ingest", "--store", store, ...args], { now: at(minutes), isTTY });

  beforeAll(async () => {
    base = await server.start();
    const dir = await withFiles({ "register.yaml": register(base) });
    store = `sqlite:${join(await tempDir(), "sigreg.db")}`;
    expect((await run(["migrate", "--store", store])).code).toBe(0);
    for (const tenant of ["default", "beta"])
      expect(
        (await run(["import", join(dir, "register.yaml"), "--store", store, "--tenant", tenant]))
          .code,
      ).toBe(0);
  });
  afterAll(() => server.close());

  it("refuses the local feeds without --allow-host (the SSRF guard), exit 1 with each failure named", async () => {
    const result = await ingest(["--tenant", "beta"], 0);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /\[1\/2\] beta cert http:\/\/127\.0\.0\.1:\d+\/cert\.xml: failed: .*FETCH_BLOCKED/,
    );
    expect(result.stdout).toContain("Failed feeds:");
    expect(result.stdout).toMatch(/beta vendor: FEED_UNREACHABLE: .*loopback/);
    expect(result.stdout).not.toContain("s3cret");
    expect(server.answers).toEqual([]);
  });

  it("piped: one line per feed, then a table per group; every tenant; a second run gets 304s", async () => {
    const first = await ingest(["--allow-host", "127.0.0.1"], 10);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    const lines = first.stdout.split("\n");
    expect(lines.slice(0, 4)).toEqual([
      expect.stringMatching(
        /^\[1\/4\] beta cert http:\/\/127\.0\.0\.1:\d+\/cert\.xml: 1 item\(s\), 1 new, 0 updated$/,
      ),
      expect.stringMatching(
        /^\[2\/4\] beta vendor http:\/\/127\.0\.0\.1:\d+\/vendor\.xml\?…: 2 item\(s\), 2 new, 0 updated$/,
      ),
      expect.stringMatching(/^\[3\/4\] default cert /),
      expect.stringMatching(/^\[4\/4\] default vendor /),
    ]);
    expect(lines.slice(4, 9)).toEqual([
      "TENANT   GROUP   FEEDS  ITEMS  NEW  UPDATED  RELEVANT  FAILURES",
      expect.stringMatching(/^beta {5}cert {8}1 {6}1 {4}1 {8}0 {9}[01] {9}0$/),
      expect.stringMatching(/^beta {5}vendor {6}1 {6}2 {4}2 {8}0 {9}[012] {9}0$/),
      expect.stringMatching(/^default {2}cert /),
      expect.stringMatching(/^default {2}vendor /),
    ]);
    expect(first.stdout).toContain("4 feed(s): 0 not modified, 0 skipped");
    expect(first.stdout).not.toContain("s3cret");

    const second = await ingest(["--allow-host", "127.0.0.1", "--tenant", "default"], 20);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^\[1\/2\] default cert .*: not modified \(304\)$/m);
    expect(second.stdout).toContain("2 feed(s): 2 not modified, 0 skipped");
    expect(server.answers.slice(-2)).toEqual(["/cert.xml 304", "/vendor.xml 304"]);
  });

  it("on a terminal: a progress bar redrawn in place, cleared, then the table", async () => {
    const result = await ingest(["--allow-host", "127.0.0.1", "--group", "cert"], 30, true);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(/^\[1\/2\]/m);
    expect(result.stdout).toContain("\r\u001b[2K[------------------------] 0/2 ");
    expect(result.stdout).toContain("\r\u001b[2K[############------------] 1/2 beta cert");
    expect(result.stdout).toContain("\r\u001b[2K[########################] 2/2 default cert");
    const [, after] = result.stdout.split("2/2 default cert\r\u001b[2K");
    expect(after).toMatch(/^TENANT {3}GROUP {2}FEEDS/);
  });

  it("exit 1 when a feed fails, with the failure in the summary and the other feeds still read", async () => {
    server.failing.add("/vendor.xml");
    try {
      const result = await ingest(["--allow-host", "127.0.0.1", "--tenant", "beta"], 40);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/^\[1\/2\] beta cert .*: not modified \(304\)$/m);
      expect(result.stdout).toMatch(/^beta\s+vendor\s+1\s+0\s+0\s+0\s+0\s+1$/m);
      expect(result.stdout).toMatch(/beta vendor: FEED_UNREACHABLE: .*server answered HTTP 503/);
      expect(result.stdout).not.toContain("s3cret");
    } finally {
      server.failing.delete("/vendor.xml");
    }
  });

  it("--since ignores older items; --format json prints the report", async () => {
    const dir = await withFiles({ "register.yaml": register(base) });
    const imported = await run([
      "import",
      join(dir, "register.yaml"),
      "--store",
      store,
      "--tenant",
      "gamma",
    ]);
    expect(imported.code).toBe(0);
    const result = await ingest(
      [
        "--allow-host",
        "127.0.0.1",
        "--tenant",
        "gamma",
        "--since",
        "2026-03-12",
        "--format",
        "json",
      ],
      50,
    );
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.failures).toEqual([]);
    expect(
      report.groups.map((g: Record<string, unknown>) => [g.group, g.seen, g.older, g.created]),
    ).toEqual([
      ["cert", 1, 0, 1],
      ["vendor", 2, 1, 1],
    ]);
  });

  it("lists what a feed held but could not be stored under Problems", async () => {
    const dir = await withFiles({
      "register.yaml": `organisation:\n  name: Delta\ngroups:\n  - id: kev\n    name: CISA KEV\n    kind: government-cert\n    feeds:\n      - url: ${base}/kev.json\n        format: cisa-kev\n`,
    });
    const imported = await run([
      "import",
      join(dir, "register.yaml"),
      "--store",
      store,
      "--tenant",
      "delta",
    ]);
    expect(imported.code).toBe(0);
    const result = await ingest(["--allow-host", "127.0.0.1", "--tenant", "delta"], 60);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `Problems (read, but not stored or not run cleanly):\n  delta kev: ${base}/kev.json: vulnerabilities[0].cveID: expected a CVE id`,
    );
  });

  it("refuses bad arguments with exit 2, naming the option", async () => {
    const since = await ingest(["--since", "yesterday"], 0);
    expect(since.code).toBe(2);
    expect(since.stderr).toContain("sigreg ingest: invalid --since: expected an ISO 8601 date");
    const allow = await ingest(["--allow-host", "not a host!"], 0);
    expect(allow.code).toBe(2);
    expect(allow.stderr).toMatch(/^sigreg ingest: invalid --allow-host: .*allow/);
    const group = await ingest(["--group", "nope"], 0);
    expect(group.code).toBe(2);
    expect(group.stderr).toContain('sigreg ingest: no live group "nope" with feeds in any tenant');
    const tenant = await ingest(["--tenant", "nobody"], 0);
    expect(tenant.code).toBe(2);
    expect(tenant.stderr).toContain('has no register for tenant "nobody"');
    const lease = await ingest(["--lease", "0"], 0);
    expect(lease.code).toBe(2);
    expect(lease.stderr).toContain("--lease expects a whole number of at least 1");
  });
});
