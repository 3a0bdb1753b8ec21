import type { IncomingMessage, ServerResponse } from "node:http";
import { memoryStorage } from "@sigreg/adapters/memory";
import { createSigreg, evaluate, type Sigreg, type StateEntry } from "@sigreg/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFetcher, type Fetcher } from "../src/fetch/index.js";
import {
  checkLinks,
  createPluginHost,
  groupLinkDead,
  LINK_STATE_PREFIX,
  linkCheckPlugin,
} from "../src/index.js";
import { type LocalServer, localServer } from "./fetch/server.js";

const asOf = new Date("2026-11-23T00:00:00Z");
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** A site per path: `/ok`, `/no-head` (HEAD 405), `/gone` (404), `/moved` → `/ok`, `/moved-dead` → `/gone`. */
async function sites(): Promise<{ server: LocalServer; seen: string[]; alive: Set<string> }> {
  const seen: string[] = [];
  const alive = new Set(["/ok", "/no-head"]);
  const server = await localServer((request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? "/", "http://local").pathname;
    seen.push(`${request.method} ${path}`);
    if (path === "/moved") return void response.writeHead(301, { location: "/ok" }).end();
    if (path === "/moved-dead") return void response.writeHead(302, { location: "/gone" }).end();
    if (path === "/no-head" && request.method === "HEAD") return void response.writeHead(405).end();
    if (alive.has(path))
      return void response.writeHead(200, { "content-type": "text/html" }).end("<p>hi</p>");
    response.writeHead(404, { "content-type": "text/plain" }).end("not found");
  });
  closers.push(() => server.close());
  return { server, seen, alive };
}

/** A URL on 127.0.0.1 where nothing listens. */
async function refusedUrl(): Promise<string> {
  const server = await localServer(() => undefined);
  await server.close();
  return `${server.url}/`;
}

function fetcher(allow: string[] = ["127.0.0.1"]): Fetcher {
  const created = createFetcher({ allow, timeoutMs: 5000, connectTimeoutMs: 2000 });
  closers.push(() => created.close());
  return created;
}

async function engineWith(groups: Record<string, string>): Promise<Sigreg> {
  const sigreg = createSigreg({ storage: memoryStorage(), plugins: [linkCheckPlugin()] });
  const tenant = sigreg.tenant("acme");
  (await tenant.profile.set({ organisation: { name: "Acme" } }))._unsafeUnwrap();
  for (const [id, url] of Object.entries(groups))
    (
      await tenant.groups.create({ id, name: `Group ${id}`, kind: "technical-forum", url })
    )._unsafeUnwrap();
  return sigreg;
}

async function deadLinks(sigreg: Sigreg) {
  const evaluation = (await sigreg.tenant("acme").evaluate({ asOf }))._unsafeUnwrap();
  return evaluation.findings.filter((finding) => finding.ruleId === "group-link-dead");
}

describe("checkLinks against local servers", () => {
  let site: Awaited<ReturnType<typeof sites>>;
  beforeEach(async () => {
    site = await sites();
  });

  it("records 200, HEAD 405 then GET 200, 404, refused and redirects in link state documents", async () => {
    const base = site.server.url;
    const refused = await refusedUrl();
    const sigreg = await engineWith({
      a: `${base}/ok`,
      b: `${base}/no-head`,
      c: `${base}/gone`,
      d: refused,
      e: `${base}/moved`,
      f: `${base}/moved-dead`,
    });
    const now = () => new Date("2026-11-22T10:00:00Z");
    const summary = await checkLinks({ sigreg, tenant: "acme", fetch: fetcher(), now });
    expect(summary).toMatchObject({ ok: 3, failed: 3 });
    const byGroup = Object.fromEntries(summary.results.map((r) => [r.groupId, r]));
    expect(byGroup.a).toMatchObject({
      ok: true,
      status: 200,
      consecutiveFailures: 0,
      recorded: true,
    });
    expect(byGroup.b).toMatchObject({ ok: true, status: 200 });
    expect(byGroup.c).toMatchObject({ ok: false, status: 404, error: { code: "FETCH_HTTP" } });
    expect(byGroup.d).toMatchObject({ ok: false, error: { code: "FETCH_NETWORK" } });
    expect(byGroup.e).toMatchObject({ ok: true, status: 200 });
    expect(byGroup.f).toMatchObject({ ok: false, status: 404 });
    // HEAD first; GET only where HEAD was refused with a status.
    expect(site.seen.filter((line) => line.endsWith(" /no-head"))).toEqual([
      "HEAD /no-head",
      "GET /no-head",
    ]);
    expect(site.seen.filter((line) => line.endsWith(" /ok"))).toEqual(["HEAD /ok", "HEAD /ok"]);
    const stored = await sigreg.storage.getState({ tenant: "acme", key: "link:c" });
    expect(stored?.value).toEqual({
      url: `${base}/gone`,
      lastCheckedAt: "2026-11-22T10:00:00.000Z",
      ok: false,
      status: 404,
      consecutiveFailures: 1,
      error: { code: "FETCH_HTTP", message: expect.stringContaining("404") },
    });
  });

  it("gives group-link-dead after three failures in a row, and drops it once the site answers", async () => {
    const refused = await refusedUrl();
    const sigreg = await engineWith({
      alive: `${site.server.url}/ok`,
      gone: `${site.server.url}/later`,
      down: refused,
    });
    const fetch = fetcher();
    for (let run = 1; run <= 2; run += 1) await checkLinks({ sigreg, tenant: "acme", fetch });
    expect(await deadLinks(sigreg)).toEqual([]);
    const third = await checkLinks({ sigreg, tenant: "acme", fetch });
    expect(third.results.map((r) => [r.groupId, r.consecutiveFailures])).toEqual([
      ["alive", 0],
      ["down", 3],
      ["gone", 3],
    ]);
    const dead = await deadLinks(sigreg);
    // The engine lists groups by id: "down" before "gone".
    expect(dead.map((f) => f.subject.id)).toEqual(["down", "gone"]);
    expect(dead[1]?.message).toContain(
      `The website ${site.server.url}/later of "Group gone" failed 3 checks in a row (limit 3)`,
    );
    expect(dead[1]?.message).toContain("Last error: FETCH_HTTP");
    expect(dead[0]?.message).toContain("Last error: FETCH_NETWORK");
    site.alive.add("/later");
    await checkLinks({ sigreg, tenant: "acme", fetch });
    expect((await deadLinks(sigreg)).map((f) => f.subject.id)).toEqual(["down"]);
  });

  it("checks through the safe fetcher: without the allow-list, 127.0.0.1 is blocked and counted as a failure", async () => {
    const sigreg = await engineWith({ a: `${site.server.url}/ok` });
    const summary = await checkLinks({ sigreg, tenant: "acme", fetch: fetcher([]) });
    expect(summary.results[0]).toMatchObject({ ok: false, error: { code: "FETCH_BLOCKED" } });
    expect(site.seen).toEqual([]);
  });

  it("keeps the website's credentials and query out of results, state errors and findings", async () => {
    const url = `http://reader:pa55w0rd-x@${site.server.url.slice(7)}/gone?key=t0p-s3cret`;
    const sigreg = await engineWith({ private: url });
    const fetch = fetcher();
    let last = await checkLinks({ sigreg, tenant: "acme", fetch });
    for (let run = 0; run < 2; run += 1) last = await checkLinks({ sigreg, tenant: "acme", fetch });
    const stored = await sigreg.storage.getState({ tenant: "acme", key: "link:private" });
    const shown = JSON.stringify([last, stored?.value.error, await deadLinks(sigreg)]);
    expect((await deadLinks(sigreg)).length).toBe(1);
    for (const secret of ["pa55w0rd-x", "t0p-s3cret", "reader:"])
      expect(shown).not.toContain(secret);
    expect(shown).toContain(`${site.server.url}/gone?…`);
  });

  it("checks only live groups with an http(s) website, or the groups asked for", async () => {
    const sigreg = await engineWith({ a: `${site.server.url}/ok`, b: "mailto:psirt@example.org" });
    const tenant = sigreg.tenant("acme");
    (
      await tenant.groups.create({
        id: "c",
        name: "Ended",
        kind: "technical-forum",
        url: `${site.server.url}/ok`,
        membership: { status: "ended" },
      })
    )._unsafeUnwrap();
    const all = await checkLinks({ sigreg, tenant: "acme", fetch: fetcher() });
    expect(all.results.map((r) => r.groupId)).toEqual(["a"]);
    const none = await checkLinks({
      sigreg,
      tenant: "acme",
      fetch: fetcher(),
      groups: ["b", "zzz"],
    });
    expect(none.results).toEqual([]);
  });

  it("a changed website starts the count again", async () => {
    const sigreg = await engineWith({ a: `${site.server.url}/gone` });
    const fetch = fetcher();
    for (let run = 0; run < 3; run += 1) await checkLinks({ sigreg, tenant: "acme", fetch });
    expect(await deadLinks(sigreg)).toHaveLength(1);
    const tenant = sigreg.tenant("acme");
    (
      await tenant.groups.update({
        id: "a",
        name: "Group a",
        kind: "technical-forum",
        url: `${site.server.url}/gone2`,
      })
    )._unsafeUnwrap();
    expect(await deadLinks(sigreg)).toEqual([]);
    const next = await checkLinks({ sigreg, tenant: "acme", fetch });
    expect(next.results[0]?.consecutiveFailures).toBe(1);
  });
});

describe("checkLinks error paths", () => {
  it("a fetch function that throws a plain error is a FETCH_NETWORK failure without the URL's secrets", async () => {
    const url = "https://reader:pa55w0rd-x@site.example.org/?key=t0p-s3cret";
    const sigreg = await engineWith({ a: url });
    const methods: string[] = [];
    const summary = await checkLinks({
      sigreg,
      tenant: "acme",
      fetch: async (_url, init) => {
        methods.push(init?.method ?? "GET");
        throw new Error(`socket closed for ${url} (key t0p-s3cret)`);
      },
    });
    expect(methods).toEqual(["HEAD"]);
    expect(summary.results[0]).toMatchObject({ ok: false, error: { code: "FETCH_NETWORK" } });
    const shown = JSON.stringify(summary);
    for (const secret of ["pa55w0rd-x", "t0p-s3cret"]) expect(shown).not.toContain(secret);
  });

  it("a site that does not answer in time is a FETCH_TIMEOUT failure, not retried with GET", async () => {
    const seen: string[] = [];
    const silent = await localServer((request) => {
      seen.push(request.method ?? "");
    });
    closers.push(() => silent.close());
    const sigreg = await engineWith({ a: `${silent.url}/` });
    const fetch = createFetcher({ allow: ["127.0.0.1"], timeoutMs: 300 });
    closers.push(() => fetch.close());
    const summary = await checkLinks({ sigreg, tenant: "acme", fetch });
    expect(summary.results[0]).toMatchObject({ ok: false, error: { code: "FETCH_TIMEOUT" } });
    expect(seen).toEqual(["HEAD"]);
  });

  it("an aborted run records and reports nothing for the checks it cut short", async () => {
    const sigreg = await engineWith({ a: "https://a.example.org/", b: "https://b.example.org/" });
    const controller = new AbortController();
    const summary = await checkLinks({
      sigreg,
      tenant: "acme",
      concurrency: 1,
      signal: controller.signal,
      fetch: async (url) => {
        if (String(url).includes("b.example")) throw new Error("not reached");
        controller.abort();
        throw new Error("aborted");
      },
    });
    expect(summary).toEqual({ results: [], ok: 0, failed: 0 });
    expect(await sigreg.storage.listState({ tenant: "acme", prefix: "link:", limit: 10 })).toEqual(
      [],
    );
  });

  it("says recorded: false when the state document keeps changing under it", async () => {
    const sigreg = await engineWith({ a: "https://site.example.org/" });
    const storage = sigreg.storage;
    let writes = 0;
    const racing = createSigreg({
      storage: {
        ...storage,
        putState: async (options) => {
          writes += 1;
          // Another run writes first every time: the compare-and-set never matches.
          const current = await storage.getState(options);
          await storage.putState({ ...options, expectedVersion: current?.version ?? 0 });
          return storage.putState(options);
        },
      },
    });
    const summary = await checkLinks({
      sigreg: racing,
      tenant: "acme",
      fetch: async () => new Response(null, { status: 200 }),
    });
    expect(summary.results[0]).toMatchObject({ ok: true, recorded: false });
    expect(writes).toBe(5);
  });
});

describe("group-link-dead as a pure rule", () => {
  const register = {
    organisation: { name: "Acme", technologies: [], sectors: [], regulations: [] },
  };
  const link = (groupId: string, value: Record<string, unknown>): StateEntry => ({
    key: `${LINK_STATE_PREFIX}${groupId}`,
    value: {
      url: "https://g.example.org/",
      lastCheckedAt: "2026-11-20T00:00:00Z",
      ok: false,
      consecutiveFailures: 3,
      ...value,
    } as StateEntry["value"],
  });
  const run = async (state: StateEntry[], limit?: number) => {
    const { buildRegisterFor } = await import("./helpers/link-register.js");
    const reg = buildRegisterFor(register, ["g", "h"]);
    return evaluate(reg, {
      asOf,
      rules: [groupLinkDead(limit === undefined ? {} : { failuresBeforeDead: limit })],
      state,
    }).findings.filter((f) => f.ruleId === "group-link-dead");
  };

  it.each([
    [2, 0],
    [3, 1],
  ])("%i failures in a row give %i finding(s)", async (failures, count) => {
    expect(await run([link("g", { consecutiveFailures: failures })])).toHaveLength(count);
  });

  it("follows its failuresBeforeDead option and refuses a nonsensical one", async () => {
    expect(await run([link("g", { consecutiveFailures: 1 })], 1)).toHaveLength(1);
    expect(() => groupLinkDead({ failuresBeforeDead: 0 })).toThrow(
      /failuresBeforeDead is 0; expected a whole number/,
    );
  });

  it("ignores a site that answered, a check of another URL, unknown groups and malformed documents", async () => {
    expect(
      await run([
        link("g", { ok: true, consecutiveFailures: 0 }),
        link("h", { url: "https://old.example.org/" }),
        link("nobody", {}),
        { key: "link:g2", value: { url: 42 } },
      ]),
    ).toEqual([]);
  });

  it("is valid as a plugin the host registers", () => {
    expect(createPluginHost([linkCheckPlugin()]).isOk()).toBe(true);
  });
});
