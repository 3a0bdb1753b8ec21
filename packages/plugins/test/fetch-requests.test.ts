import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, deflateSync, gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import {
  type ConditionalStore,
  createFetcher,
  DEFAULT_USER_AGENT,
  type Fetcher,
  type FetcherOptions,
  isNotModified,
  memoryConditionalStore,
} from "../src/fetch/index.js";
import { type LocalServer, localServer, rejection } from "./fetch/server.js";

const packageJson = JSON.parse(
  readFileSync(new URL("../package.json", import.meta.url), "utf8"),
) as { version: string };
const servers: LocalServer[] = [];
const fetchers: Fetcher[] = [];

/** A fetcher admitted to the local servers, closed after the test. */
function localFetcher(options: FetcherOptions = {}): Fetcher {
  const fetcher = createFetcher({ allow: ["127.0.0.1"], ...options });
  fetchers.push(fetcher);
  return fetcher;
}

/** A local server closed after the test. */
async function serve(handler: Parameters<typeof localServer>[0]): Promise<LocalServer> {
  const server = await localServer(handler);
  servers.push(server);
  return server;
}

afterEach(async () => {
  await Promise.all(fetchers.splice(0).map((fetcher) => fetcher.close()));
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A server answering GETs of `body` with validators, and 304 when the client's match. */
async function versionedServer(state: { body: string; etag: string; lastModified: string }) {
  const seen: { ifNoneMatch?: string; ifModifiedSince?: string }[] = [];
  const server = await serve((request, response) => {
    const ifNoneMatch = request.headers["if-none-match"];
    const ifModifiedSince = request.headers["if-modified-since"];
    seen.push({
      ...(ifNoneMatch ? { ifNoneMatch } : {}),
      ...(ifModifiedSince ? { ifModifiedSince } : {}),
    });
    const unchanged =
      ifNoneMatch === undefined
        ? ifModifiedSince === state.lastModified
        : ifNoneMatch === state.etag;
    if (unchanged) {
      response.writeHead(304, { etag: state.etag }).end();
      return;
    }
    response.writeHead(200, {
      etag: state.etag,
      "last-modified": state.lastModified,
      "content-encoding": "gzip",
    });
    response.end(gzipSync(state.body));
  });
  return { server, seen };
}

describe("conditional GET", () => {
  it("sends ETag and Last-Modified back, surfaces 304, then sees the new version", async () => {
    const state = {
      body: "<feed>v1</feed>",
      etag: '"v1"',
      lastModified: "Mon, 23 Nov 2026 10:00:00 GMT",
    };
    const { server, seen } = await versionedServer(state);
    const store = memoryConditionalStore();
    const fetcher = localFetcher({ conditionalStore: store });
    const url = `${server.url}/feed.xml`;

    const first = await fetcher(url);
    expect(await first.text()).toBe("<feed>v1</feed>");
    expect(isNotModified(first)).toBe(false);
    expect(await store.get(url)).toEqual({ etag: '"v1"', lastModified: state.lastModified });

    const second = await fetcher(url);
    expect(second.status).toBe(304);
    expect(isNotModified(second)).toBe(true);
    expect(await second.text()).toBe("");
    expect(seen[1]).toEqual({ ifNoneMatch: '"v1"', ifModifiedSince: state.lastModified });

    Object.assign(state, {
      body: "<feed>v2</feed>",
      etag: '"v2"',
      lastModified: "Tue, 24 Nov 2026 10:00:00 GMT",
    });
    const third = await fetcher(url);
    expect(third.status).toBe(200);
    expect(await third.text()).toBe("<feed>v2</feed>");
    expect(await store.get(url)).toEqual({ etag: '"v2"', lastModified: state.lastModified });
    expect(seen[0]).toEqual({});
  });

  it("works with Last-Modified alone and a store kept elsewhere", async () => {
    const saved = new Map<string, string>();
    // A store that keeps its state as JSON, as a storage-backed one would.
    const store: ConditionalStore = {
      get: async (url) => {
        const json = saved.get(url);
        return json === undefined ? undefined : JSON.parse(json);
      },
      set: async (url, value) => {
        saved.set(url, JSON.stringify(value));
      },
    };
    const lastModified = "Sun, 22 Nov 2026 08:00:00 GMT";
    const server = await serve((request, response) => {
      if (request.headers["if-modified-since"] === lastModified) response.writeHead(304).end();
      else response.writeHead(200, { "last-modified": lastModified }).end("body");
    });
    const url = `${server.url}/only-date`;
    expect((await localFetcher({ conditionalStore: store })(url)).status).toBe(200);
    // A new fetcher (another run) with the same store still gets the 304.
    expect((await localFetcher({ conditionalStore: store })(url)).status).toBe(304);
  });

  it("sends no validators without a store, and for HEAD or POST", async () => {
    const state = { body: "x", etag: '"e"', lastModified: "Mon, 23 Nov 2026 10:00:00 GMT" };
    const { server, seen } = await versionedServer(state);
    await localFetcher()(`${server.url}/`);
    await localFetcher()(`${server.url}/`);
    const fetcher = localFetcher({ conditionalStore: memoryConditionalStore() });
    await fetcher(`${server.url}/`);
    await fetcher(`${server.url}/`, { method: "HEAD" });
    expect(seen).toEqual([{}, {}, {}, {}]);
  });

  it("passes a failing store's error through unchanged, sending nothing", async () => {
    let hits = 0;
    const server = await serve((_request, response) => {
      hits += 1;
      response.end();
    });
    const broken = new Error("storage offline");
    const store: ConditionalStore = {
      get: async () => {
        throw broken;
      },
      set: async () => {},
    };
    expect(await rejection(localFetcher({ conditionalStore: store })(`${server.url}/`))).toBe(
      broken,
    );
    expect(hits).toBe(0);
  });

  // Needs SIGREG_CORPUS (the shared real data); .ci/run always sets it.
  it.skipIf(!process.env.SIGREG_CORPUS)(
    // Needs the real KEV catalog from the shared corpus; CI always sets SIGREG_CORPUS.
    "serves the real KEV catalog gzip-compressed, then answers 304",
    async () => {
      const catalog = readFileSync(
        join(process.env.SIGREG_CORPUS ?? "", "kev/known_exploited_vulnerabilities.json"),
      );
      const compressed = gzipSync(catalog);
      const server = await serve((request, response) => {
        if (request.headers["if-none-match"] === '"kev-1"') {
          response.writeHead(304).end();
          return;
        }
        response.writeHead(200, {
          etag: '"kev-1"',
          "content-type": "application/json",
          "content-encoding": "gzip",
          "content-length": String(compressed.length),
        });
        response.end(compressed);
      });
      const fetcher = localFetcher({ conditionalStore: memoryConditionalStore() });
      const url = `${server.url}/feeds/known_exploited_vulnerabilities.json`;
      const response = await fetcher(url);
      const parsed = (await response.json()) as { vulnerabilities: unknown[] };
      expect(parsed).toEqual(JSON.parse(catalog.toString("utf8")));
      expect(parsed.vulnerabilities.length).toBeGreaterThan(1000);
      expect(isNotModified(await fetcher(url))).toBe(true);
      // The same catalog is refused under a limit smaller than its decompressed size.
      const small = localFetcher({ maxBytes: catalog.length - 1 });
      expect((await rejection(small(url))).code).toBe("FETCH_TOO_LARGE");
    },
  );
});

describe("real feeds", () => {
  // Needs SIGREG_CORPUS (the shared real data); .ci/run always sets it.
  it.skipIf(!process.env.SIGREG_CORPUS)(
    // Needs the shared feed corpus (feeds nobody here wrote); CI always sets SIGREG_CORPUS.
    "hands back every real feed byte for byte, whatever its encoding or compression",
    async () => {
      const root = process.env.SIGREG_CORPUS ?? "";
      const files = ["feeds/real-world", "feeds/github-advisories"].flatMap((dir) =>
        readdirSync(join(root, dir))
          .filter((name) => /\.(rss|atom|xml)$/.test(name))
          .map((name) => join(root, dir, name)),
      );
      expect(files.length).toBeGreaterThan(40);
      const encodings = ["identity", "gzip", "br", "deflate"] as const;
      const compress = {
        identity: (b: Buffer) => b,
        gzip: gzipSync,
        // Quality 4: the default (11) spends seconds of CPU on a test machine for no gain here.
        br: (b: Buffer) =>
          brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } }),
        deflate: deflateSync,
      };
      const server = await serve((request, response) => {
        const index = Number(request.url?.slice(1));
        const file = files[index] ?? "";
        const encoding = encodings[index % encodings.length] ?? "identity";
        response.writeHead(200, {
          "content-type": "application/xml",
          "content-encoding": encoding,
        });
        response.end(compress[encoding](readFileSync(file)));
      });
      const fetcher = localFetcher({ maxConcurrentPerHost: 4 });
      await Promise.all(
        files.map(async (file, index) => {
          const bytes = Buffer.from(await (await fetcher(`${server.url}/${index}`)).arrayBuffer());
          expect(bytes.equals(readFileSync(file)), file).toBe(true);
        }),
      );
    },
  );
});

describe("per-host concurrency", () => {
  it("never has more than the limit in flight to one host, and queues the rest", async () => {
    const inFlight = new Map<string, number>();
    const peak = new Map<string, number>();
    let overall = 0;
    let overallPeak = 0;
    const server = await serve((request, response) => {
      const host = String(request.headers.host).split(":")[0] ?? "";
      inFlight.set(host, (inFlight.get(host) ?? 0) + 1);
      peak.set(host, Math.max(peak.get(host) ?? 0, inFlight.get(host) ?? 0));
      overall += 1;
      overallPeak = Math.max(overallPeak, overall);
      setTimeout(() => {
        inFlight.set(host, (inFlight.get(host) ?? 1) - 1);
        overall -= 1;
        response.end(host);
      }, 40);
    });
    const fetcher = localFetcher({
      allow: ["a.test", "b.test"],
      resolve: async () => [{ address: "127.0.0.1", family: 4 }],
      maxConcurrentPerHost: 2,
    });
    const urls = Array.from(
      { length: 8 },
      (_, index) => `http://${index % 2 ? "a" : "b"}.test:${server.port}/${index}`,
    );
    const bodies = await Promise.all(urls.map(async (url) => (await fetcher(url)).text()));
    expect(bodies.sort()).toEqual([
      "a.test",
      "a.test",
      "a.test",
      "a.test",
      "b.test",
      "b.test",
      "b.test",
      "b.test",
    ]);
    expect(peak.get("a.test")).toBe(2);
    expect(peak.get("b.test")).toBe(2);
    // The limit is per host: two hosts together had four in flight.
    expect(overallPeak).toBe(4);
  });

  it("drops a queued request when its caller aborts, without sending it", async () => {
    const paths: string[] = [];
    const server = await serve((request, response) => {
      paths.push(String(request.url));
      setTimeout(() => response.end("ok"), 100);
    });
    const fetcher = localFetcher({ maxConcurrentPerHost: 1 });
    const controller = new AbortController();
    const first = fetcher(`${server.url}/first`);
    const queued = fetcher(`${server.url}/queued`, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    expect((await rejection(queued)).code).toBe("FETCH_ABORTED");
    expect(await (await first).text()).toBe("ok");
    expect(await (await fetcher(`${server.url}/after`)).text()).toBe("ok");
    expect(paths).toEqual(["/first", "/after"]);
  });

  it("times out a request still waiting in the queue", async () => {
    const server = await serve(() => {});
    const fetcher = localFetcher({ maxConcurrentPerHost: 1, timeoutMs: 300 });
    const first = rejection(fetcher(`${server.url}/hangs`));
    const queued = await rejection(fetcher(`${server.url}/queued`));
    expect(queued.code).toBe("FETCH_TIMEOUT");
    expect((await first).code).toBe("FETCH_TIMEOUT");
  });
});

describe("request shape", () => {
  it("sends an honest User-Agent, overridable per fetcher and per request", async () => {
    const agents: (string | undefined)[] = [];
    const server = await serve((request, response) => {
      agents.push(request.headers["user-agent"]);
      response.end();
    });
    await localFetcher()(`${server.url}/`);
    await localFetcher({ userAgent: "acme-feeds/2.0 (+https://acme.example/bot)" })(
      `${server.url}/`,
    );
    await localFetcher()(`${server.url}/`, { headers: { "User-Agent": "per-request/1" } });
    expect(agents[0]).toBe(DEFAULT_USER_AGENT);
    // The library, its version and the published package page: a page a feed operator can open.
    expect(agents[0]).toBe(
      `sigreg/${packageJson.version} (+https://www.npmjs.com/package/@sigreg/plugins)`,
    );
    expect(agents[0]).not.toContain("example.invalid");
    expect(agents.slice(1)).toEqual([
      "acme-feeds/2.0 (+https://acme.example/bot)",
      "per-request/1",
    ]);
  });

  it("POSTs a body, and a 303 after it turns into a GET without the body", async () => {
    const seen: string[] = [];
    const server = await serve((request, response) => {
      let body = "";
      request.on("data", (chunk) => {
        body += chunk;
      });
      request.on("end", () => {
        seen.push(`${request.method} ${request.url} ${body}`);
        if (request.url === "/submit") response.writeHead(303, { location: "/result" }).end();
        else response.end("done");
      });
    });
    const response = await localFetcher()(`${server.url}/submit`, {
      method: "POST",
      body: '{"q":1}',
      headers: { "content-type": "application/json" },
    });
    expect(await response.text()).toBe("done");
    expect(seen).toEqual(['POST /submit {"q":1}', "GET /result "]);
  });

  it("drops credentials when a redirect leaves the origin", async () => {
    const seen: { host?: string; authorization?: string }[] = [];
    const server = await serve((request, response) => {
      seen.push({ host: request.headers.host, authorization: request.headers.authorization });
      if (request.headers.host?.startsWith("a.test")) {
        response.writeHead(302, { location: `http://b.test:${server.port}/` }).end();
      } else response.end("b");
    });
    const fetcher = localFetcher({
      allow: ["a.test", "b.test"],
      resolve: async () => [{ address: "127.0.0.1", family: 4 }],
    });
    await fetcher(`http://a.test:${server.port}/`, { headers: { Authorization: "Bearer s3cret" } });
    expect(seen).toEqual([
      { host: `a.test:${server.port}`, authorization: "Bearer s3cret" },
      { host: `b.test:${server.port}`, authorization: undefined },
    ]);
  });
});
