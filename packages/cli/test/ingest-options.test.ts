import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { run, tempDir, withFiles } from "./helpers.js";

// The plugin budget (5 s) scaled down to 0.5 s, so a feed answering after 1 s stands for one
// answering after 7 s: past the plugin budget, well within the fetcher's timeout (30 s).
vi.mock("../../plugins/src/sdk/guard.js", async (original) => ({
  ...(await original<typeof import("../../plugins/src/sdk/guard.js")>()),
  DEFAULT_PLUGIN_TIMEOUT_MS: 500,
}));

const T0 = new Date("2026-03-16T08:00:00Z");
const at = (minutes: number) => () => new Date(T0.getTime() + minutes * 60_000);

const RSS = `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title>${[
  ["a", "Git CVE-2025-48384 link following"],
  ["b", "Gardening newsletter"],
]
  .map(
    ([id, title]) =>
      `<item><guid>${id}</guid><title>${title}</title><link>https://example.org/${id}</link></item>`,
  )
  .join("")}</channel></rss>`;

const register = (base: string) => `organisation:
  name: Acme
  technologies: [git]
groups:
  - id: slow
    name: Slow vendor
    kind: vendor-bulletin
    feeds:
      - url: ${base}/slow.xml
        format: rss
  - id: stalled
    name: Stalled vendor
    kind: vendor-bulletin
    feeds:
      - url: ${base}/stalled.xml
        format: rss
  - id: quick
    name: Quick vendor
    kind: vendor-bulletin
    feeds:
      - url: ${base}/quick.xml
        format: rss
`;

describe("sigreg ingest --timeout and --threshold", () => {
  const delays: Record<string, number> = { "/slow.xml": 1000, "/stalled.xml": 10_000 };
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://local").pathname;
    const timer = setTimeout(() => {
      response.writeHead(200, { "content-type": "application/rss+xml" }).end(RSS);
    }, delays[path] ?? 0);
    response.on("close", () => clearTimeout(timer));
  });
  let store = "";
  let tenantNo = 0;
  /** A fresh tenant, so every run reads its feeds anew. */
  const freshTenant = async (base: string) => {
    const tenant = `t${++tenantNo}`;
    const dir = await withFiles({ "register.yaml": register(base) });
    const imported = await run([
      "import",
      join(dir, "register.yaml"),
      "--store",
      store,
      "--tenant",
      tenant,
    ]);
    expect(imported.code).toBe(0);
    return tenant;
  };
  const ingest = (args: string[]) =>
    run(["ingest", "--store", store, "--allow-host", "127.0.0.1", "--format", "json", ...args], {
      now: at(0),
    });
  let base = "";

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    store = `sqlite:${join(await tempDir(), "sigreg.db")}`;
    expect((await run(["migrate", "--store", store])).code).toBe(0);
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it("reads a feed slower than the plugin budget: a read's budget follows the fetcher's 30 s timeout", async () => {
    const tenant = await freshTenant(base);
    const result = await ingest(["--tenant", tenant, "--group", "slow"]);
    expect(result.stderr).toBe("");
    const report = JSON.parse(result.stdout);
    expect(report.failures).toEqual([]);
    expect(report.groups).toEqual([expect.objectContaining({ group: "slow", created: 2 })]);
    expect(result.code).toBe(0);
  });

  it("--timeout sets the fetcher's timeout; the fetcher's own error names a feed slower than it", async () => {
    const tenant = await freshTenant(base);
    const slow = await ingest(["--tenant", tenant, "--group", "slow", "--timeout", "2"]);
    expect(JSON.parse(slow.stdout).failures).toEqual([]);
    const started = Date.now();
    const stalled = await ingest(["--tenant", tenant, "--group", "stalled", "--timeout", "1"]);
    expect(stalled.code).toBe(1);
    expect(JSON.parse(stalled.stdout).failures).toEqual([
      expect.objectContaining({
        group: "stalled",
        code: "FEED_UNREACHABLE",
        message: expect.stringContaining("no complete answer within 1000 ms"),
      }),
    ]);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("--threshold sets the routing threshold of the alerts", async () => {
    const relevant = async (threshold: string) => {
      const tenant = await freshTenant(base);
      const result = await ingest([
        "--tenant",
        tenant,
        "--group",
        "quick",
        "--threshold",
        threshold,
      ]);
      expect(result.code).toBe(0);
      const [group] = JSON.parse(result.stdout).groups;
      expect(group.created).toBe(2);
      return group.relevant;
    };
    expect(await relevant("0")).toBe(2);
    expect(await relevant("100")).toBe(0);
  });

  it("refuses a bad --timeout or --threshold with exit 2, naming the option and the range", async () => {
    for (const bad of ["0", "-5", "1.5", "abc", "", "3601"]) {
      const result = await ingest([`--timeout=${bad}`]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        `sigreg ingest: --timeout expects a whole number of seconds from 1 to 3600, got ${JSON.stringify(bad)}`,
      );
    }
    for (const bad of ["-1", "101", "50.5", "high", ""]) {
      const result = await ingest([`--threshold=${bad}`]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        `sigreg ingest: --threshold expects a whole number from 0 to 100, got ${JSON.stringify(bad)}`,
      );
    }
  });

  it("lists both options in its help", async () => {
    const help = await run(["ingest", "--help"]);
    expect(help.stdout).toMatch(/--timeout SECONDS\s+Give up on a feed/);
    expect(help.stdout).toMatch(/--threshold N\s+Routing threshold, 0 to 100/);
  });
});
