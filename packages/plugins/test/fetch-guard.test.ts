import { afterEach, describe, expect, it } from "vitest";
import { BLOCKED_RANGES, createFetcher, FetchError, type Fetcher } from "../src/fetch/index.js";
import { type LocalServer, localServer, rejection } from "./fetch/server.js";

const servers: LocalServer[] = [];
const fetchers: Fetcher[] = [];

/** A fetcher closed after the test. */
function fetcherWith(options: Parameters<typeof createFetcher>[0] = {}): Fetcher {
  const fetcher = createFetcher(options);
  fetchers.push(fetcher);
  return fetcher;
}

/** A server answering "hello" (counting hits), closed after the test. */
async function helloServer(): Promise<LocalServer & { hits: () => number }> {
  let hits = 0;
  const server = await localServer((_request, response) => {
    hits += 1;
    response.end("hello");
  });
  servers.push(server);
  return Object.assign(server, { hits: () => hits });
}

afterEach(async () => {
  await Promise.all(fetchers.splice(0).map((fetcher) => fetcher.close()));
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe("SSRF guard", () => {
  it.each([
    "http://127.0.0.1/",
    "http://localhost./",
    "http://2130706433/",
    "http://0x7f.1/",
    "http://127.1/",
    "http://0177.0.0.1/",
    "http://[::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/",
    "http://10.1.2.3/",
    "http://172.16.0.1/",
    "http://192.168.1.1/",
    "http://169.254.169.254/latest/meta-data/",
    "http://100.64.0.1/",
    "http://0.0.0.0/",
    "http://224.0.0.1/",
    "http://240.0.0.1/",
    "http://192.0.2.1/",
    "http://198.51.100.7/",
    "http://203.0.113.9/",
    "http://[fe80::1]/",
    "http://[fd00::1]/",
    "http://[fc00::1]/",
    "http://[ff02::1]/",
    "http://[2001:db8::1]/",
    "http://[64:ff9b::a00:1]/",
  ])("refuses %s before connecting", async (url) => {
    // The resolver answers loopback for any name, so "localhost." is refused by its address.
    const fetcher = fetcherWith({ resolve: async () => [{ address: "127.0.0.1", family: 4 }] });
    const error = await rejection(fetcher(url));
    expect(error).toBeInstanceOf(FetchError);
    expect(error.code).toBe("FETCH_BLOCKED");
    expect(error.message).toMatch(
      /is (loopback|private|link-local|carrier-grade NAT|this-network|multicast|reserved|documentation|unique-local)/,
    );
  });

  it("normalises odd IPv4 spellings to the address it refuses", async () => {
    const fetcher = fetcherWith();
    for (const url of ["http://2130706433/", "http://0x7f.1/", "http://127.1/"]) {
      const error = await rejection(fetcher(url));
      expect(error.message).toContain("127.0.0.1 is loopback (127.0.0.0/8)");
    }
  });

  it("refuses a name resolving to 10.0.0.1 without connecting", async () => {
    const fetcher = fetcherWith({ resolve: async () => [{ address: "10.0.0.1", family: 4 }] });
    const error = await rejection(fetcher("http://feeds.example.com/rss?token=s3cret"));
    expect(error.code).toBe("FETCH_BLOCKED");
    expect(error.message).toContain(
      "feeds.example.com resolves to 10.0.0.1 is private (10.0.0.0/8)",
    );
    expect(error.message).not.toContain("s3cret");
  });

  it("refuses a name when any of its answers is internal (rebinding)", async () => {
    const fetcher = fetcherWith({
      resolve: async () => [
        { address: "93.184.215.14", family: 4 },
        { address: "::1", family: 6 },
      ],
    });
    const error = await rejection(fetcher("http://mixed.example.com/"));
    expect(error.code).toBe("FETCH_BLOCKED");
    expect(error.message).toContain("::1 is");
  });

  it("refuses a name resolving to the local server, and the allow-list admits it by name", async () => {
    const server = await helloServer();
    const resolve = async () => [{ address: "127.0.0.1", family: 4 as const }];
    const url = `http://feeds.internal.test:${server.port}/`;
    expect((await rejection(fetcherWith({ resolve })(url))).code).toBe("FETCH_BLOCKED");
    expect(server.hits()).toBe(0);
    const allowed = fetcherWith({ resolve, allow: ["feeds.internal.test"] });
    const response = await allowed(url);
    expect(await response.text()).toBe("hello");
  });

  it("admits the local server through a CIDR or address in the allow-list", async () => {
    const server = await helloServer();
    for (const allow of ["127.0.0.0/8", "127.0.0.1"]) {
      const response = await fetcherWith({ allow: [allow] })(`${server.url}/feed`);
      expect(response.status).toBe(200);
      expect(response.url).toBe(`${server.url}/feed`);
    }
    expect(server.hits()).toBe(2);
  });

  it("refuses a redirect to 127.0.0.1 from an allowed server", async () => {
    const internal = await helloServer();
    const front = await localServer((_request, response) => {
      response.writeHead(302, { location: `${internal.url}/admin` }).end();
    });
    servers.push(front);
    // Only the front server's port is admitted: a name pointing at it, allow-listed by name.
    const fetcher = fetcherWith({
      allow: ["front.test"],
      resolve: async () => [{ address: "127.0.0.1", family: 4 }],
    });
    const error = await rejection(fetcher(`http://front.test:${front.port}/feed`));
    expect(error.code).toBe("FETCH_BLOCKED");
    expect(error.message).toContain("127.0.0.1 is loopback");
    expect(internal.hits()).toBe(0);
  });

  it("refuses a redirect to a non-http scheme", async () => {
    const front = await localServer((_request, response) => {
      response.writeHead(301, { location: "file:///etc/passwd" }).end();
    });
    servers.push(front);
    const error = await rejection(fetcherWith({ allow: ["127.0.0.1"] })(`${front.url}/`));
    expect(error.code).toBe("FETCH_BLOCKED");
    expect(error.message).toContain("scheme file: refused");
  });

  it("follows redirects up to the limit, then refuses", async () => {
    const server = await localServer((request, response) => {
      const step = Number(request.url?.slice(1) || "0");
      if (step < 3) response.writeHead(307, { location: `/${step + 1}` }).end();
      else response.end(`arrived after ${step}`);
    });
    servers.push(server);
    const response = await fetcherWith({ allow: ["127.0.0.1"], maxRedirects: 3 })(
      `${server.url}/0`,
    );
    expect(await response.text()).toBe("arrived after 3");
    expect(response.redirected).toBe(true);
    expect(response.url).toBe(`${server.url}/3`);
    const error = await rejection(
      fetcherWith({ allow: ["127.0.0.1"], maxRedirects: 2 })(`${server.url}/0`),
    );
    expect(error.code).toBe("FETCH_TOO_MANY_REDIRECTS");
    expect((error as FetchError).status).toBe(307);
    const none = await rejection(
      fetcherWith({ allow: ["127.0.0.1"], maxRedirects: 0 })(`${server.url}/0`),
    );
    expect(none.message).toContain("HTTP 307 redirect not followed (maxRedirects is 0)");
  });

  it("refuses URLs that are not http(s) or not URLs", async () => {
    const fetcher = fetcherWith();
    expect((await rejection(fetcher("ftp://example.com/x"))).code).toBe("FETCH_BAD_URL");
    expect((await rejection(fetcher("not a url"))).code).toBe("FETCH_BAD_URL");
  });

  it("rejects a bad allow-list entry naming it", () => {
    expect(() => createFetcher({ allow: ["10.0.0.0/40"] })).toThrow(
      /allow\[0\] is "10.0.0.0\/40"; expected/,
    );
    expect(() => createFetcher({ allow: ["ok.example", "http://x"] })).toThrow(/allow\[1\]/);
  });

  it("lists the ranges it refuses, each a valid CIDR", () => {
    expect(BLOCKED_RANGES.map((range) => range.cidr)).toEqual(
      expect.arrayContaining([
        "127.0.0.0/8",
        "10.0.0.0/8",
        "169.254.0.0/16",
        "fe80::/10",
        "fc00::/7",
        "100.64.0.0/10",
      ]),
    );
  });
});
