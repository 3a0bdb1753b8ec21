import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { memoryStorage } from "@sigreg/adapters/memory";
import { createSigreg, type Group } from "@sigreg/core";
import { builtinSources, createPluginHost, ingest, ingestFeed } from "@sigreg/plugins";
import { createFetcher, type Fetcher, memoryConditionalStore } from "@sigreg/plugins/fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { criticalWithoutTicket } from "./critical-without-ticket.js";
import { parseCsaf } from "./csaf-document.js";
import { csafSource } from "./csaf-source.js";
import { csafPlugin } from "./plugin.js";

const SAMPLE = readFileSync(new URL("./fixtures/synthetic-advisory.csaf.json", import.meta.url));
const sample = () =>
  // biome-ignore lint/suspicious/noExplicitAny: each test edits the sample document at one path
  JSON.parse(SAMPLE.toString("utf8")) as Record<string, any>;

/** A local PSIRT: path → [status, body]. */
const routes = new Map<string, [number, string | Uint8Array]>();
let server: Server;
let base: string;
let fetcher: Fetcher;

beforeAll(async () => {
  server = createServer((request, response) => {
    const [status, body] = routes.get(request.url ?? "") ?? [404, "not found"];
    // One path answers conditional GETs, as a PSIRT's web server does.
    if (request.url === "/etag.json") {
      const unchanged = request.headers["if-none-match"] === '"r2"';
      response.writeHead(unchanged ? 304 : status, { etag: '"r2"' });
      response.end(unchanged ? undefined : body);
      return;
    }
    response.writeHead(status, { "content-type": "application/json" });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The safe fetcher a deployment uses, told to let this local server through.
  fetcher = createFetcher({ allow: ["127.0.0.1"], timeoutMs: 5000 });
});

afterAll(async () => {
  await fetcher.close();
  await new Promise((resolve) => server.close(resolve));
});

const group = (url: string) =>
  ({
    id: "example-psirt",
    name: "Example Industrial Corp PSIRT",
    kind: "vendor-bulletin",
    feeds: [{ url, format: "other" }],
  }) as unknown as Group;

const read = (path: string, fetch: typeof fetcher = fetcher) => {
  const g = group(`${base}${path}`);
  return csafSource().read({ fetch, group: g, feed: g.feeds[0] as Group["feeds"][number] });
};

describe("examples/custom-plugin: the CSAF source", () => {
  it("reads the synthetic sample into one item with its CVEs, affected products and severity", async () => {
    routes.set("/sa.json", [200, SAMPLE]);
    const result = (await read("/sa.json"))._unsafeUnwrap();
    expect(result.total).toBe(1);
    expect(result.problems).toBeUndefined();
    expect(result.items).toEqual([
      {
        id: "EXA-SA-2026-0042",
        title:
          "SYNTHETIC SAMPLE - Example Industrial Gateway: authentication bypass and command injection",
        link: "https://psirt.example.com/advisories/EXA-SA-2026-0042.json",
        summary:
          "Two vulnerabilities in the web management interface of Example Gateway firmware let an unauthenticated attacker on the network log in as an administrator and run commands. Exploit status: Exploitation in the wild has been observed.",
        published: new Date("2026-11-02T09:00:00.000Z"),
        updated: new Date("2026-11-05T16:30:00.000Z"),
        categories: ["CWE-287", "CWE-78"],
        severity: "critical",
        cves: ["CVE-2099-10001", "CVE-2099-10002"],
        // Only the affected product: the Fleet Manager is known_not_affected.
        products: ["Example Industrial Corp/Example Gateway"],
      },
    ]);
  });

  it("takes the highest CVSS severity when it is above the aggregate one", async () => {
    const doc = sample();
    doc.document.aggregate_severity.text = "Moderate";
    doc.vulnerabilities[0].scores[0].cvss_v3.baseSeverity = "HIGH";
    routes.set("/moderate.json", [200, JSON.stringify(doc)]);
    expect((await read("/moderate.json"))._unsafeUnwrap().items[0]?.severity).toBe("high");
  });

  it("skips a malformed vulnerability entry and names its path and what was expected", async () => {
    const doc = sample();
    doc.vulnerabilities[1].cve = "CVE-99-1";
    doc.vulnerabilities.push("not an object");
    routes.set("/partial.json", [200, JSON.stringify(doc)]);
    const result = (await read("/partial.json"))._unsafeUnwrap();
    expect(result.items[0]?.cves).toEqual(["CVE-2099-10001"]);
    expect(result.problems).toEqual([
      `${base}/partial.json: vulnerabilities[1].cve: expected a CVE id such as CVE-2024-3094, got "CVE-99-1"`,
      `${base}/partial.json: vulnerabilities[2]: expected a vulnerability object`,
    ]);
  });

  it("refuses documents it cannot use, naming the feed, the path and what was expected", async () => {
    routes.set("/html", [200, "<html>moved</html>"]);
    expect((await read("/html"))._unsafeUnwrapErr()).toMatchObject({
      code: "FEED_UNPARSABLE",
      message: expect.stringMatching(/\/html: expected a CSAF 2\.0 JSON document \(/),
    });
    const noId = sample();
    delete noId.document.tracking.id;
    routes.set("/no-id.json", [200, JSON.stringify(noId)]);
    expect((await read("/no-id.json"))._unsafeUnwrapErr().message).toBe(
      `${base}/no-id.json: document.tracking.id: expected the advisory id`,
    );
    routes.set("/array.json", [200, "[]"]);
    expect((await read("/array.json"))._unsafeUnwrapErr().message).toBe(
      `${base}/array.json: document: expected the CSAF document object`,
    );
    const noTitle = sample();
    noTitle.document.title = " ";
    routes.set("/no-title.json", [200, JSON.stringify(noTitle)]);
    expect((await read("/no-title.json"))._unsafeUnwrapErr().message).toBe(
      `${base}/no-title.json: document.title: expected a non-empty string`,
    );
    routes.set("/down.json", [503, "busy"]);
    expect((await read("/down.json"))._unsafeUnwrapErr()).toEqual({
      code: "FEED_HTTP_ERROR",
      feed: `${base}/down.json`,
      message: `${base}/down.json: expected a 2xx answer, got HTTP 503`,
    });
  });

  it("returns no items and keeps its state when the server answers 304 to a conditional GET", async () => {
    routes.set("/etag.json", [200, SAMPLE]);
    const conditional = createFetcher({
      allow: ["127.0.0.1"],
      timeoutMs: 5000,
      conditionalStore: memoryConditionalStore(),
    });
    try {
      const g = group(`${base}/etag.json`);
      const feed = g.feeds[0] as Group["feeds"][number];
      const first = (
        await csafSource().read({ fetch: conditional, group: g, feed })
      )._unsafeUnwrap();
      expect(first.items).toHaveLength(1);
      const state = { seen: "EXA-SA-2026-0042" };
      const second = await csafSource().read({ fetch: conditional, group: g, feed, state });
      expect(second._unsafeUnwrap()).toEqual({ items: [], total: 0, notModified: true, state });
    } finally {
      await conditional.close();
    }
  });

  it("goes through the fetcher it is given: the SSRF guard refuses a local address, no secret shown", async () => {
    const guarded = createFetcher({ timeoutMs: 2000 });
    try {
      const g = group(`http://psirt:hunter2@127.0.0.1:${new URL(base).port}/sa.json?token=abc`);
      const result = await csafSource().read({
        fetch: guarded,
        group: g,
        feed: g.feeds[0] as Group["feeds"][number],
      });
      const error = result._unsafeUnwrapErr();
      expect(error.code).toBe("FEED_UNREACHABLE");
      expect(JSON.stringify(error)).not.toMatch(/hunter2|token=abc/);
    } finally {
      await guarded.close();
    }
  });
});

describe("examples/custom-plugin: the plugin in the engine", () => {
  const now = new Date("2026-11-06T08:00:00Z");

  async function setUp(days?: number) {
    const host = createPluginHost([csafPlugin(days === undefined ? {} : { days })])._unsafeUnwrap();
    const sigreg = createSigreg({ storage: memoryStorage(), ...host.engineOptions() });
    const tenant = sigreg.tenant("acme");
    const url = `${base}/sa.json`;
    routes.set("/sa.json", [200, SAMPLE]);
    const imported = await tenant.importRegister({
      file: "acme.yaml",
      data: {
        organisation: { name: "Acme Utilities", technologies: ["example-industrial-corp"] },
        people: [{ id: "olu", name: "Olu Ade", email: "olu@acme.example" }],
        groups: [
          {
            id: "example-psirt",
            name: "Example Industrial Corp PSIRT",
            kind: "vendor-bulletin",
            owner: "olu",
            purposes: ["vulnerability-advisories"],
            feeds: [{ url, format: "other" }],
          },
        ],
      },
    });
    expect(imported.isOk(), JSON.stringify(imported.isErr() && imported.error)).toBe(true);
    const stored = (await tenant.groups.get("example-psirt"))?.value as Group;
    const feed = stored.feeds[0] as Group["feeds"][number];
    const ingestOnce = () => ingestFeed({ tenant, host, group: stored, feed, fetch: fetcher, now });
    const ruleHits = async (asOf: string) =>
      (await tenant.evaluate({ asOf: new Date(asOf) }))
        ._unsafeUnwrap()
        .findings.filter((f) => f.ruleId === "example-critical-without-ticket");
    return { host, sigreg, tenant, ingestOnce, ruleHits };
  }

  it("registers in the plugin host, which refuses it twice", () => {
    const host = createPluginHost([csafPlugin()])._unsafeUnwrap();
    // Its rule, contained, then the host's `plugin-failed` rule that reports a plugin rule failing.
    expect(host.rules.map((rule) => rule.id)).toEqual([
      "example-critical-without-ticket",
      "plugin-failed",
    ]);
    // Beside the built-in sources, as the README shows: no source id or format clashes.
    expect(createPluginHost([csafPlugin(), builtinSources()]).isOk()).toBe(true);
    expect(createPluginHost([csafPlugin(), csafPlugin()])._unsafeUnwrapErr().code).toBe(
      "PLUGIN_DUPLICATE",
    );
  });

  it("ingests the advisory as one alert through ingestFeed, and nothing more the second time", async () => {
    const { tenant, ingestOnce } = await setUp();
    const first = (await ingestOnce())._unsafeUnwrap();
    expect(first.summary.created).toEqual(["example-psirt.exa-sa-2026-0042"]);
    const alert = (await tenant.getAlert("example-psirt.exa-sa-2026-0042"))?.value;
    expect(alert).toMatchObject({
      group: "example-psirt",
      severity: "critical",
      state: "new",
      cves: ["CVE-2099-10001", "CVE-2099-10002"],
      products: ["Example Industrial Corp/Example Gateway"],
      received: now,
    });
    const second = (await ingestOnce())._unsafeUnwrap();
    expect(second.summary).toMatchObject({ created: [], updated: [], unchanged: 1 });
  });

  it("ingests items parsed without a fetch through ingest, scored against the profile", async () => {
    const { tenant } = await setUp();
    const group = (await tenant.groups.get("example-psirt"))?.value as Group;
    const profile = (await tenant.profile.get())?.value.organisation;
    if (profile === undefined) throw new Error("the register sets a profile");
    const { item } = parseCsaf(sample(), "sa.json")._unsafeUnwrap();
    const summary = (
      await ingest({ tenant, group, feed: "sa.json", items: [item], profile, receivedAt: now })
    )._unsafeUnwrap();
    expect(summary.created).toEqual(["example-psirt.exa-sa-2026-0042"]);
    const alert = (await tenant.getAlert("example-psirt.exa-sa-2026-0042"))?.value;
    expect(alert?.source).toMatchObject({ feed: "sa.json", itemId: "EXA-SA-2026-0042" });
    // The profile lists the vendor, so the products the source names count toward the score.
    expect(alert?.relevance?.reasons).toContain(
      "technology: names our example-industrial-corp (product)",
    );
    expect(alert?.relevance?.push).toBe(true);
  });

  it("fires the rule for the critical alert after 7 days without a ticket, not before, not once ticketed", async () => {
    const { tenant, ingestOnce, ruleHits } = await setUp();
    await ingestOnce();
    expect(await ruleHits("2026-11-13")).toEqual([]);
    const hits = await ruleHits("2026-11-14");
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({
      severity: "major",
      subject: { type: "alert", id: "example-psirt.exa-sa-2026-0042" },
      message: expect.stringContaining("received 8 days ago and has no ticket (limit 7 days)"),
    });
    const shared = await tenant.triageAlert({
      alert: "example-psirt.exa-sa-2026-0042",
      by: "olu",
      decision: { type: "share", channel: "#ot-security" },
    });
    expect(shared.isOk()).toBe(true);
    expect(await ruleHits("2026-11-14")).toHaveLength(1);
    const ticketed = await tenant.triageAlert({
      alert: "example-psirt.exa-sa-2026-0042",
      by: "olu",
      decision: { type: "action", action: { type: "ticket", ref: "OT-17" } },
    });
    expect(ticketed.isOk()).toBe(true);
    expect(await ruleHits("2026-11-14")).toEqual([]);
  });

  it("takes its threshold as an option, and ignores dismissed alerts", async () => {
    const { tenant, ingestOnce, ruleHits } = await setUp(2);
    await ingestOnce();
    expect(await ruleHits("2026-11-09")).toHaveLength(1);
    await tenant.triageAlert({
      alert: "example-psirt.exa-sa-2026-0042",
      by: "olu",
      decision: { type: "dismiss", reason: "No Example Gateway in our estate." },
    });
    expect(await ruleHits("2026-11-30")).toEqual([]);
    expect(() => criticalWithoutTicket({ days: -1 })).toThrow(RangeError);
  });
});
