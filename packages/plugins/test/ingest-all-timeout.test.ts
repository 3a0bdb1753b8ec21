import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { memoryStorage } from "@sigreg/adapters/memory";
import { createSigreg, type Sigreg } from "@sigreg/core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createFetcher, type Fetcher } from "../src/fetch/index.js";
import { ingestAll, sourceReadBudgetMs } from "../src/index.js";

// The plugin budget (5 s) scaled down to 0.5 s, and the fetcher's timeout (30 s) to 1.5 s, so the
// reported case — a feed answering after 7 s failing with PLUGIN_TIMEOUT although the fetcher
// allows 30 s — runs in about a second: the feed answers after 1 s, past the plugin budget but
// within the fetcher's timeout.
vi.mock("../src/sdk/guard.js", async (original) => ({
  ...(await original<typeof import("../src/sdk/guard.js")>()),
  DEFAULT_PLUGIN_TIMEOUT_MS: 500,
}));

const FETCH_TIMEOUT_MS = 1500;
const T0 = new Date("2026-03-16T08:00:00Z");
const RSS = `<?xml version="1.0"?><rss version="2.0"><channel><title>Slow</title><item><guid>s1</guid><title>Slow advisory</title><link>https://example.org/s1</link></item></channel></rss>`;

describe("ingestAll: the default host's budget for a source read follows the fetcher's timeout", () => {
  let server: Server;
  let base = "";
  const delays = new Map<string, number>();
  let sigreg: Sigreg;
  let fetcher: Fetcher;

  beforeAll(async () => {
    server = createServer((request, response) => {
      const path = new URL(request.url ?? "/", "http://local").pathname;
      const timer = setTimeout(() => {
        response.writeHead(200, { "content-type": "application/rss+xml" }).end(RSS);
      }, delays.get(path) ?? 0);
      response.on("close", () => clearTimeout(timer));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    sigreg = createSigreg({ storage: memoryStorage(), clock: () => T0 });
    const tenant = sigreg.tenant("acme");
    (
      await tenant.profile.set({ organisation: { name: "Acme", technologies: ["git"] } })
    )._unsafeUnwrap();
    for (const id of ["slow", "stalled"])
      (
        await tenant.groups.create({
          id,
          name: `The ${id} one`,
          kind: "vendor-bulletin",
          feeds: [{ url: `${base}/${id}.xml`, format: "rss" }],
        })
      )._unsafeUnwrap();
    delays.set("/slow.xml", 1000); // past the plugin budget, within the fetcher's timeout
    delays.set("/stalled.xml", 10_000); // past both
    fetcher = createFetcher({ allow: ["127.0.0.1"], timeoutMs: FETCH_TIMEOUT_MS });
  });
  afterAll(async () => {
    await fetcher?.close();
    await sigreg?.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const run = (group: string) =>
    ingestAll({
      sigreg,
      fetcher,
      fetchTimeoutMs: FETCH_TIMEOUT_MS,
      group,
      now: () => T0,
      worker: "w1",
    });

  it("gives a read the fetcher's timeout plus the plugin budget", () => {
    expect(sourceReadBudgetMs(FETCH_TIMEOUT_MS)).toBe(2000);
    expect(sourceReadBudgetMs()).toBe(30_500); // createFetcher's default 30 s
  });

  it("reads a feed slower than the plugin budget but within the fetcher's timeout", async () => {
    const report = await run("slow");
    expect(report.failures).toEqual([]);
    expect(report.groups).toEqual([expect.objectContaining({ group: "slow", created: 1 })]);
  });

  it("lets the fetcher's own timeout error name a feed slower than its timeout", async () => {
    const started = Date.now();
    const report = await run("stalled");
    expect(report.failures).toEqual([
      expect.objectContaining({
        group: "stalled",
        code: "FEED_UNREACHABLE",
        message: expect.stringContaining(`no complete answer within ${FETCH_TIMEOUT_MS} ms`),
      }),
    ]);
    expect(Date.now() - started).toBeLessThan(FETCH_TIMEOUT_MS + 400);
  });

  it("refuses a fetchTimeoutMs that is not a number of milliseconds", async () => {
    await expect(
      ingestAll({ sigreg, fetcher, fetchTimeoutMs: 0, group: "slow", now: () => T0 }),
    ).rejects.toThrow("ingestAll: fetchTimeoutMs must be a number of milliseconds of at least 1");
  });
});
