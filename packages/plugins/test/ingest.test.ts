import { memoryStorage } from "@sigreg/adapters/memory";
import { createSigreg } from "@sigreg/core";
import { ok } from "neverthrow";
import { describe, expect, it } from "vitest";
import {
  builtinSources,
  createPluginHost,
  definePlugin,
  type FeedItem,
  ingest,
  ingestFeed,
} from "../src/index.js";
import { alertsOf, tenantWith } from "./helpers/engine.js";
import { localFetch, serve } from "./helpers/serve.js";

const advisories = { id: "vendor", name: "Vendor bulletin", kind: "vendor-bulletin" as const };
const now = new Date("2026-03-16T00:00:00Z");
const item = (id: string, extra: Partial<FeedItem> = {}): FeedItem => ({
  id,
  title: `Advisory ${id}`,
  link: `https://example.org/${id}`,
  categories: [],
  ...extra,
});

async function setup() {
  const { tenant, group } = await tenantWith(advisories);
  const profile = (await tenant.profile.get())?.value.organisation;
  if (profile === undefined) throw new Error("profile was set");
  const run = (items: FeedItem[], more: Partial<Parameters<typeof ingest>[0]> = {}) =>
    ingest({
      tenant,
      group,
      feed: "https://example.org/feed",
      items,
      profile,
      receivedAt: now,
      ...more,
    });
  return { tenant, run };
}

describe("ingest", () => {
  it("creates one alert per item, and re-ingesting the same items changes nothing", async () => {
    const { tenant, run } = await setup();
    const first = (
      await run([item("a"), item("b", { summary: "Git CVE-2025-48384 link following" })])
    )._unsafeUnwrap();
    expect(first.created).toEqual(["vendor.a", "vendor.b"]);
    const head = (await tenant.verifyEvidence()).head;
    const second = (
      await run([item("a"), item("b", { summary: "Git CVE-2025-48384 link following" })])
    )._unsafeUnwrap();
    expect(second).toMatchObject({ created: [], updated: [], unchanged: 2 });
    expect((await tenant.verifyEvidence()).head).toEqual(head);
    const b = (await alertsOf(tenant)).find((alert) => alert.id === "vendor.b");
    expect(b?.cves).toEqual(["CVE-2025-48384"]);
    expect(
      b?.relevance?.reasons.some((reason) => reason.startsWith("technology: names our git")),
    ).toBe(true);
  });

  it("updates an edited item in place and keeps its triage and received date", async () => {
    const { tenant, run } = await setup();
    await run([item("a", { updated: new Date("2026-03-10T00:00:00Z") })]);
    (await tenant.people.create({ id: "priya", name: "Priya" }))._unsafeUnwrap();
    (
      await tenant.triageAlert({
        alert: "vendor.a",
        by: "priya",
        decision: { type: "share", channel: "#sec" },
      })
    )._unsafeUnwrap();
    const later = new Date("2026-03-20T00:00:00Z");
    const edited = (
      await run(
        [item("a", { title: "Advisory a (revised)", updated: new Date("2026-03-12T00:00:00Z") })],
        { receivedAt: later },
      )
    )._unsafeUnwrap();
    expect(edited).toMatchObject({ created: [], updated: ["vendor.a"] });
    const [alert] = await alertsOf(tenant);
    expect(alert?.title).toBe("Advisory a (revised)");
    expect(alert).toMatchObject({
      state: "triaged",
      triagedBy: "priya",
      sharedTo: [{ channel: "#sec" }],
    });
    expect(alert?.received).toEqual(now);
    expect(alert?.source?.updated).toEqual(new Date("2026-03-12T00:00:00Z"));
    expect((await tenant.verifyEvidence()).problem).toBeUndefined();
  });

  it("ignores an older state of an item than the one stored", async () => {
    const { run } = await setup();
    await run([item("a", { title: "new", updated: new Date("2026-03-12T00:00:00Z") })]);
    const stale = (
      await run([item("a", { title: "old", updated: new Date("2026-03-10T00:00:00Z") })])
    )._unsafeUnwrap();
    expect(stale).toMatchObject({ updated: [], unchanged: 1 });
  });

  it("finds an item again by its link when its id changed, and counts a duplicate in one document once", async () => {
    const { tenant, run } = await setup();
    await run([item("a")]);
    const moved = (
      await run([{ ...item("a"), id: "urn:new-id", title: "renamed" }, item("a")])
    )._unsafeUnwrap();
    expect(moved.created).toEqual([]);
    expect((await alertsOf(tenant)).length).toBe(1);
  });

  it("reads an item's categories for relevance, as its title, and keeps them on the alert", async () => {
    const { tenant, run } = await setup();
    (
      await run([
        item("tagged", { title: "Session fixation", categories: ["Apache Tomcat", "CWE-384"] }),
        item("untagged", { title: "Session fixation" }),
      ])
    )._unsafeUnwrap();
    const alerts = await alertsOf(tenant);
    const tagged = alerts.find((alert) => alert.id === "vendor.tagged");
    const untagged = alerts.find((alert) => alert.id === "vendor.untagged");
    expect(tagged?.categories).toEqual(["Apache Tomcat", "CWE-384"]);
    expect(untagged?.categories).toBeUndefined();
    expect(
      tagged?.relevance?.reasons.some((reason) =>
        reason.startsWith("technology: names our apache/tomcat"),
      ),
    ).toBe(true);
    expect(untagged?.relevance?.reasons.some((reason) => reason.startsWith("technology:"))).toBe(
      false,
    );
    expect(tagged?.relevance?.score ?? 0).toBeGreaterThan(untagged?.relevance?.score ?? 0);
  });

  it("stores alerts below the threshold with push false, and lists the relevant ones", async () => {
    const { tenant, run } = await setup();
    const result = (
      await run([
        item("hit", { products: ["Microsoft/Windows"], severity: "critical" }),
        item("miss", { severity: "low" }),
      ])
    )._unsafeUnwrap();
    expect(result.relevant).toEqual(["vendor.hit"]);
    const miss = (await alertsOf(tenant)).find((alert) => alert.id === "vendor.miss");
    expect(miss?.relevance?.push).toBe(false);
  });

  it("skips an item that cannot be an alert, saying which and why, and stores the rest", async () => {
    const { run } = await setup();
    const result = (await run([item("ok"), item("bad", { products: ["  "] })]))._unsafeUnwrap();
    expect(result.created).toEqual(["vendor.ok"]);
    expect(result.skipped).toEqual([
      "https://example.org/feed: item 1 (bad): products.0: expected a valid alert field (expected non-empty text)",
    ]);
  });

  it("calls onAlert hooks for new and updated alerts and reports a failing one", async () => {
    const { tenant, group } = await tenantWith(advisories);
    const seen: string[] = [];
    const host = createPluginHost([
      definePlugin({
        id: "audit",
        version: "1",
        apiVersion: 1,
        hooks: {
          onAlert: ({ alert, created }) => {
            seen.push(`${alert.id}:${created}`);
          },
        },
      }),
      definePlugin({
        id: "flaky",
        version: "1",
        apiVersion: 1,
        hooks: {
          onAlert: () => {
            throw new Error("down");
          },
        },
      }),
    ])._unsafeUnwrap();
    const profile = (await tenant.profile.get())?.value.organisation;
    if (profile === undefined) throw new Error("profile was set");
    const result = (
      await ingest({ tenant, group, feed: "f", items: [item("a")], profile, receivedAt: now, host })
    )._unsafeUnwrap();
    expect(seen).toEqual(["vendor.a:true"]);
    (await tenant.people.create({ id: "priya", name: "Priya" }))._unsafeUnwrap();
    (
      await tenant.triageAlert({
        alert: "vendor.a",
        by: "priya",
        decision: { type: "dismiss", reason: "not ours" },
      })
    )._unsafeUnwrap();
    let state = "";
    const watcher = createPluginHost([
      definePlugin({
        id: "watch",
        version: "1",
        apiVersion: 1,
        hooks: {
          onAlert: ({ alert }) => {
            state = alert.state;
          },
        },
      }),
    ])._unsafeUnwrap();
    await ingest({
      tenant,
      group,
      feed: "f",
      items: [item("a", { title: "edited" })],
      profile,
      receivedAt: now,
      host: watcher,
    });
    expect(state).toBe("dismissed"); // the hook sees the alert as stored, its triage kept
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ plugin: "flaky", hook: "onAlert", code: "PLUGIN_THREW" }),
    ]);
  });
});

describe("ingest: failures", () => {
  it("returns the engine's error for a group the tenant does not have, and stores nothing", async () => {
    const { tenant, group } = await tenantWith(advisories);
    const profile = (await tenant.profile.get())?.value.organisation;
    if (profile === undefined) throw new Error("profile was set");
    const ghost = { ...group, id: "ghost" };
    const result = await ingest({
      tenant,
      group: ghost,
      feed: "f",
      items: [item("a")],
      profile,
      receivedAt: now,
    });
    const error = result._unsafeUnwrapErr();
    expect(error.code).toBe("REGISTER_INVALID");
    expect(JSON.stringify(error)).toContain("ghost");
    expect(await alertsOf(tenant)).toEqual([]);
  });

  it("ingestFeed answers NOT_FOUND for a tenant without a profile", async () => {
    const tenant = createSigreg({ storage: memoryStorage() }).tenant("empty");
    const host = createPluginHost([builtinSources()])._unsafeUnwrap();
    const feed = { url: "http://127.0.0.1:1/f.xml", format: "rss" as const };
    const group = { id: "g", name: "G", kind: "other", feeds: [feed] } as never;
    const result = await ingestFeed({ tenant, host, group, feed, fetch: localFetch, now });
    expect(result._unsafeUnwrapErr()).toMatchObject({ code: "NOT_FOUND", collection: "profile" });
  });
});

describe("ingestFeed", () => {
  it("reads a group's feed through the registered source and keeps the source state", async () => {
    const server = await serve();
    try {
      server.routes.set("/kev.json", {
        contentType: "application/json",
        body: JSON.stringify({
          catalogVersion: "1",
          vulnerabilities: [
            {
              cveID: "CVE-2025-48384",
              vendorProject: "Git",
              product: "Git",
              vulnerabilityName: "Git Link Following",
              dateAdded: "2025-08-25",
              shortDescription: "d",
              dueDate: "2025-09-15",
              knownRansomwareCampaignUse: "Unknown",
            },
          ],
        }),
      });
      const feed = { url: `${server.url}/kev.json`, format: "cisa-kev" as const };
      const { tenant, group } = await tenantWith({
        id: "cisa",
        name: "CISA",
        kind: "government-cert",
        feeds: [feed],
      });
      const host = createPluginHost([builtinSources()])._unsafeUnwrap();
      const first = (
        await ingestFeed({ tenant, host, group, feed, fetch: localFetch, now })
      )._unsafeUnwrap();
      expect(first.summary.created).toEqual(["cisa.cve-2025-48384"]);
      expect(first.state).toEqual({
        catalogVersion: "1",
        // The item hash ingest also keeps as the alert's `source.hash`.
        hashes: { "CVE-2025-48384": expect.stringMatching(/^[0-9a-f]{32}$/) },
      });
      const [alert] = await alertsOf(tenant);
      expect(alert).toMatchObject({
        products: ["Git/Git"],
        dueDate: new Date("2025-09-15T00:00:00Z"),
        ransomware: false,
        url: "https://nvd.nist.gov/vuln/detail/CVE-2025-48384",
      });
      const again = (
        await ingestFeed({
          tenant,
          host,
          group,
          feed,
          fetch: localFetch,
          now,
          ...(first.state ? { state: first.state } : {}),
        })
      )._unsafeUnwrap();
      expect(again.summary.seen).toBe(0);
    } finally {
      await server.close();
    }
  });

  it("says when no plugin reads a feed's format, and reports a source error or a hanging source", async () => {
    const feed = { url: "http://127.0.0.1:1/x", format: "other" as const };
    const { tenant, group } = await tenantWith({ ...advisories, feeds: [feed] });
    const bare = createPluginHost([])._unsafeUnwrap();
    expect(
      (
        await ingestFeed({ tenant, host: bare, group, feed, fetch: localFetch, now })
      )._unsafeUnwrapErr(),
    ).toEqual({
      code: "NO_SOURCE",
      feed: feed.url,
      message: 'http://127.0.0.1:1/x: no registered plugin reads feeds of format "other"',
    });
    const hanging = createPluginHost(
      [
        definePlugin({
          id: "slow",
          version: "1",
          apiVersion: 1,
          sources: [{ id: "never", formats: ["other"], read: () => new Promise(() => undefined) }],
        }),
      ],
      { timeoutMs: 30 },
    )._unsafeUnwrap();
    expect(
      (
        await ingestFeed({ tenant, host: hanging, group, feed, fetch: localFetch, now })
      )._unsafeUnwrapErr(),
    ).toMatchObject({
      code: "PLUGIN_TIMEOUT",
      plugin: "slow",
      hook: "sources.never.read",
    });
    const sloppy = createPluginHost([
      definePlugin({
        id: "sloppy",
        version: "1",
        apiVersion: 1,
        sources: [{ id: "plain", formats: ["other"], read: async () => ({ items: [] }) as never }],
      }),
    ])._unsafeUnwrap();
    expect(
      (
        await ingestFeed({ tenant, host: sloppy, group, feed, fetch: localFetch, now })
      )._unsafeUnwrapErr(),
    ).toEqual({
      code: "PLUGIN_BAD_RESULT",
      plugin: "sloppy",
      hook: "sources.plain.read",
      message:
        'plugin "sloppy" sources.plain.read returned something other than a neverthrow Result',
    });
    const itemless = createPluginHost([
      definePlugin({
        id: "itemless",
        version: "1",
        apiVersion: 1,
        sources: [{ id: "none", formats: ["other"], read: async () => ok({ total: 0 }) as never }],
      }),
    ])._unsafeUnwrap();
    expect(
      (
        await ingestFeed({ tenant, host: itemless, group, feed, fetch: localFetch, now })
      )._unsafeUnwrapErr(),
    ).toMatchObject({
      code: "PLUGIN_BAD_RESULT",
      message: 'plugin "itemless" sources.none.read returned a result without an `items` list',
    });
    const rss = { url: "http://127.0.0.1:1/feed.xml", format: "rss" as const };
    const builtin = createPluginHost([builtinSources()])._unsafeUnwrap();
    expect(
      (
        await ingestFeed({ tenant, host: builtin, group, feed: rss, fetch: localFetch, now })
      )._unsafeUnwrapErr(),
    ).toMatchObject({ code: "FEED_UNREACHABLE" });
  });
});
