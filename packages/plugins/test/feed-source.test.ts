import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { feedSource } from "../src/index.js";
import { type LocalServer, localFetch, serve } from "./helpers/serve.js";

const group = { id: "g", name: "G", kind: "other" } as never;
const latin1 = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

describe("feedSource over HTTP", () => {
  let server: LocalServer;
  beforeAll(async () => {
    server = await serve();
  });
  afterAll(() => server.close());
  const read = (path: string) =>
    feedSource().read({
      fetch: localFetch,
      group,
      feed: { url: `${server.url}${path}`, format: "rss" },
    });

  it("decodes a body by the charset the server declares", async () => {
    server.routes.set("/latin.xml", {
      contentType: "application/rss+xml; charset=ISO-8859-1",
      body: latin1(
        '<rss version="2.0"><channel><title>F</title><item><title>Atenção</title><link>https://example.org/1</link></item></channel></rss>',
      ),
    });
    const result = (await read("/latin.xml"))._unsafeUnwrap();
    expect(result.items.map((item) => item.title)).toEqual(["Atenção"]);
    expect(result.total).toBe(1);
  });

  it("reports a 404 and an HTML page instead of a feed, naming the URL", async () => {
    expect((await read("/missing.xml"))._unsafeUnwrapErr()).toMatchObject({
      code: "FEED_HTTP_ERROR",
      message: `${server.url}/missing.xml: expected a 2xx answer, got HTTP 404`,
    });
    server.routes.set("/page.html", {
      contentType: "text/html",
      body: "<html><body>Moved</body></html>",
    });
    expect((await read("/page.html"))._unsafeUnwrapErr()).toMatchObject({
      code: "FEED_UNPARSABLE",
      message: expect.stringMatching(/\/page\.html: expected an RSS, Atom or JSON Feed document/),
    });
  });

  it("reports a body cut off mid-way as unreachable", async () => {
    const cut = createServer((_request, response) => {
      response.writeHead(200, { "content-type": "application/rss+xml", "content-length": "5000" });
      response.write('<rss version="2.0"><channel>');
      setTimeout(() => response.socket?.destroy(), 10);
    });
    await new Promise<void>((resolve) => cut.listen(0, "127.0.0.1", resolve));
    const { port } = cut.address() as AddressInfo;
    try {
      const result = await feedSource().read({
        fetch: localFetch,
        group,
        feed: { url: `http://127.0.0.1:${port}/feed.xml`, format: "rss" },
      });
      expect(result._unsafeUnwrapErr()).toMatchObject({
        code: "FEED_UNREACHABLE",
        message: expect.stringMatching(
          /^http:\/\/127\.0\.0\.1:\d+\/feed\.xml: could not be fetched/,
        ),
      });
    } finally {
      await new Promise((resolve) => cut.close(resolve));
    }
  });
});
