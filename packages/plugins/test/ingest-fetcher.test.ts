import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createFetcher, type Fetcher, memoryConditionalStore } from "../src/fetch/index.js";
import { builtinSources, createPluginHost, ingestFeed } from "../src/index.js";
import { alertsOf, tenantWith } from "./helpers/engine.js";

const now = new Date("2026-03-16T00:00:00Z");
const FEED = `<?xml version="1.0"?><rss version="2.0"><channel><title>Vendor</title>
<item><title>Git CVE-2025-48384 link following</title><link>https://example.org/a</link><guid>a</guid></item>
</channel></rss>`;

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** A feed server with an ETag, answering 304 when the client sends it back. */
async function etagServer(): Promise<{ url: string; statuses: number[] }> {
  const statuses: number[] = [];
  const server: Server = createServer((request, response) => {
    const status = request.headers["if-none-match"] === '"v1"' ? 304 : 200;
    statuses.push(status);
    response.writeHead(status, { etag: '"v1"', "content-type": "application/rss+xml" });
    response.end(status === 200 ? FEED : undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => new Promise((resolve) => server.close(resolve)));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.xml`, statuses };
}

function fetcher(allow: string[]): Fetcher {
  const created = createFetcher({
    allow,
    conditionalStore: memoryConditionalStore(),
    timeoutMs: 5000,
  });
  closers.push(() => created.close());
  return created;
}

describe("ingestFeed through the safe fetcher", () => {
  it("reads a feed, then gets a 304 for the unchanged feed and stores nothing more", async () => {
    const { url, statuses } = await etagServer();
    const feed = { url, format: "rss" as const };
    const { tenant, group } = await tenantWith({
      id: "vendor",
      name: "Vendor",
      kind: "vendor-bulletin",
      feeds: [feed],
    });
    const host = createPluginHost([builtinSources()])._unsafeUnwrap();
    const fetch = fetcher(["127.0.0.1"]);
    const first = (await ingestFeed({ tenant, host, group, feed, fetch, now }))._unsafeUnwrap();
    expect(first).toMatchObject({ notModified: false, summary: { created: ["vendor.a"] } });
    const second = (await ingestFeed({ tenant, host, group, feed, fetch, now }))._unsafeUnwrap();
    expect(second).toMatchObject({
      notModified: true,
      summary: { seen: 0, created: [], updated: [] },
    });
    expect(statuses).toEqual([200, 304]);
    expect((await alertsOf(tenant)).length).toBe(1);
  });

  it("stops when its signal is aborted: before fetching, or after the read and before storing", async () => {
    const { url, statuses } = await etagServer();
    const feed = { url, format: "rss" as const };
    const { tenant, group } = await tenantWith({
      id: "vendor",
      name: "Vendor",
      kind: "vendor-bulletin",
      feeds: [feed],
    });
    const host = createPluginHost([builtinSources()])._unsafeUnwrap();
    const plain = fetcher(["127.0.0.1"]);
    const before = await ingestFeed({
      tenant,
      host,
      group,
      feed,
      fetch: plain,
      now,
      signal: AbortSignal.abort(new Error("lease lost")),
    });
    expect(before._unsafeUnwrapErr()).toEqual({
      code: "ABORTED",
      feed: url,
      message: `${url}: stopped before storing anything: lease lost`,
    });
    expect(statuses).toEqual([]);
    const controller = new AbortController();
    const abortingAfterRead: typeof plain = Object.assign(
      async (input: string | URL, init?: Parameters<typeof plain>[1]) => {
        const response = await plain(input, init);
        controller.abort(new Error("lease lost"));
        return response;
      },
      { close: async () => undefined },
    );
    const after = await ingestFeed({
      tenant,
      host,
      group,
      feed,
      fetch: abortingAfterRead,
      now,
      signal: controller.signal,
    });
    expect(after._unsafeUnwrapErr()).toMatchObject({ code: "ABORTED" });
    expect(statuses).toEqual([200]);
    expect(await alertsOf(tenant)).toEqual([]);
  });

  it("reports a feed the SSRF guard refuses as unreachable, saying why", async () => {
    const { url, statuses } = await etagServer();
    const feed = { url, format: "rss" as const };
    const { tenant, group } = await tenantWith({
      id: "vendor",
      name: "Vendor",
      kind: "vendor-bulletin",
      feeds: [feed],
    });
    const host = createPluginHost([builtinSources()])._unsafeUnwrap();
    const refused = await ingestFeed({ tenant, host, group, feed, fetch: fetcher([]), now });
    const error = refused._unsafeUnwrapErr();
    expect(error).toMatchObject({ code: "FEED_UNREACHABLE" });
    const message = "message" in error ? error.message : "";
    expect(message).toMatch(/: could not be fetched \(FETCH_BLOCKED: .*loopback/);
    expect(statuses).toEqual([]);
  });
});
