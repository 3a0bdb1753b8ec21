import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { memoryStorage } from "@sigreg/adapters/memory";
import { sqliteStorage } from "@sigreg/adapters/sql";
import { createSigreg, type Sigreg, type StorageAdapter } from "@sigreg/core";
import { afterEach, describe, expect, it } from "vitest";
import { createFetcher } from "../src/fetch/index.js";
import {
  type FeedState,
  feedLeaseKey,
  feedStateKey,
  type IngestProgress,
  ingestAll,
} from "../src/index.js";
import { alertsOf } from "./helpers/engine.js";
import { type FeedServer, feedServer } from "./helpers/feed-server.js";

const T0 = new Date("2026-03-16T08:00:00Z");
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

const rss = (items: { id: string; title: string; date: string }[]) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>Vendor</title>${items
    .map(
      (item) =>
        `<item><guid>${item.id}</guid><title>${item.title}</title><link>https://example.org/${item.id}</link><pubDate>${new Date(item.date).toUTCString()}</pubDate></item>`,
    )
    .join("")}</channel></rss>`;

const VENDOR = rss([
  { id: "a", title: "Git CVE-2025-48384 link following", date: "2026-03-10T00:00:00Z" },
  { id: "b", title: "Tomcat request smuggling", date: "2026-03-14T12:00:00Z" },
]);
const CERT = rss([
  { id: "c", title: "Advisory on Microsoft Exchange", date: "2026-03-12T00:00:00Z" },
]);

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

interface Setup {
  sigreg: Sigreg;
  server: FeedServer;
  vendorUrl: string;
  certUrl: string;
  run(at: Date, more?: Partial<Parameters<typeof ingestAll>[0]>): ReturnType<typeof ingestAll>;
  state(tenant: string, group: string, url: string): Promise<FeedState | undefined>;
}

const stores: { name: string; open(): Promise<StorageAdapter> }[] = [
  { name: "memory", open: async () => memoryStorage() },
  {
    name: "SQLite",
    open: async () => {
      const dir = mkdtempSync(join(tmpdir(), "sigreg-ingest-all-"));
      const storage = sqliteStorage({ filename: join(dir, "sigreg.db") });
      await storage.migrate?.();
      closers.push(async () => rmSync(dir, { recursive: true, force: true }));
      return storage;
    },
  },
];

async function setup(open: () => Promise<StorageAdapter>): Promise<Setup> {
  const server = await feedServer();
  closers.push(() => server.close());
  server.bodies.set("/vendor.xml", VENDOR);
  server.bodies.set("/cert.xml", CERT);
  const vendorUrl = `${server.url}/vendor.xml?token=s3cret-token-value`;
  const certUrl = `${server.url}/cert.xml`;
  const storage = await open();
  const sigreg = createSigreg({ storage, clock: () => T0 });
  closers.push(() => sigreg.close());
  for (const id of ["acme", "globex"]) {
    const tenant = sigreg.tenant(id);
    (
      await tenant.profile.set({
        organisation: { name: id, technologies: ["git", "apache/tomcat", "microsoft"] },
      })
    )._unsafeUnwrap();
    (
      await tenant.groups.create({
        id: "vendor",
        name: "Vendor bulletin",
        kind: "vendor-bulletin",
        feeds: [{ url: vendorUrl, format: "rss" }],
      })
    )._unsafeUnwrap();
  }
  (
    await sigreg.tenant("acme").groups.create({
      id: "cert",
      name: "National CERT",
      kind: "government-cert",
      feeds: [{ url: certUrl, format: "rss" }],
    })
  )._unsafeUnwrap();
  const fetcher = createFetcher({ allow: ["127.0.0.1"], timeoutMs: 5000 });
  closers.push(() => fetcher.close());
  return {
    sigreg,
    server,
    vendorUrl,
    certUrl,
    run: (at, more = {}) => ingestAll({ sigreg, fetcher, now: () => at, worker: "w1", ...more }),
    state: async (tenant, group, url) =>
      (await storage.getState({ tenant, key: feedStateKey(group, url) }))?.value as
        | FeedState
        | undefined,
  };
}

for (const store of stores) {
  describe(`ingestAll on ${store.name}`, () => {
    it("ingests every tenant's feeds, keeps their state, and reads them with a conditional GET next time", async () => {
      const s = await setup(store.open);
      const events: IngestProgress[] = [];
      const first = await s.run(T0, { onProgress: (event) => events.push(event) });
      expect(first.failures).toEqual([]);
      expect(first.groups).toEqual([
        expect.objectContaining({ tenant: "acme", group: "cert", feeds: 1, seen: 1, created: 1 }),
        expect.objectContaining({ tenant: "acme", group: "vendor", seen: 2, created: 2 }),
        expect.objectContaining({ tenant: "globex", group: "vendor", seen: 2, created: 2 }),
      ]);
      expect(events[0]).toEqual({ type: "planned", total: 3 });
      expect(events.slice(1).map((e) => e.type === "feed" && [e.done, e.outcome])).toEqual([
        [1, "ingested"],
        [2, "ingested"],
        [3, "ingested"],
      ]);
      const state = await s.state("acme", "vendor", s.vendorUrl);
      expect(state).toMatchObject({
        groupId: "vendor",
        url: s.vendorUrl,
        lastFetchedAt: T0.toISOString(),
        lastSuccessAt: T0.toISOString(),
        lastItemAt: "2026-03-14T12:00:00.000Z",
        consecutiveFailures: 0,
        conditional: { etag: expect.stringMatching(/^"[0-9a-f]{16}"$/) },
      });

      const second = await s.run(minutes(10));
      expect(second.groups.map((g) => [g.group, g.notModified, g.created])).toEqual([
        ["cert", 1, 0],
        ["vendor", 1, 0],
        ["vendor", 1, 0],
      ]);
      expect(s.server.answers.get("/vendor.xml")).toEqual([200, 200, 304, 304]);
      expect(await s.state("acme", "vendor", s.vendorUrl)).toMatchObject({
        lastSuccessAt: minutes(10).toISOString(),
        lastItemAt: "2026-03-14T12:00:00.000Z",
        conditional: state?.conditional,
      });
    });

    it("counts consecutive failures with the last error (no secret in it), and one failing feed does not stop the others", async () => {
      const s = await setup(store.open);
      s.server.failing.set("/vendor.xml", 503);
      const first = await s.run(T0, { tenant: "acme" });
      expect(first.groups.map((g) => [g.group, g.created, g.failures])).toEqual([
        ["cert", 1, 0],
        ["vendor", 0, 1],
      ]);
      expect(first.failures).toEqual([
        {
          tenant: "acme",
          group: "vendor",
          feed: `${s.server.url}/vendor.xml?…`,
          code: "FEED_UNREACHABLE",
          message: expect.stringContaining("server answered HTTP 503"),
        },
      ]);
      await s.run(minutes(5), { tenant: "acme" });
      const failed = await s.state("acme", "vendor", s.vendorUrl);
      expect(failed).toMatchObject({
        consecutiveFailures: 2,
        lastFetchedAt: minutes(5).toISOString(),
        lastError: { code: "FEED_UNREACHABLE", at: minutes(5).toISOString() },
      });
      expect(failed?.lastSuccessAt).toBeUndefined();
      expect(JSON.stringify(failed?.lastError)).not.toContain("s3cret");
      expect(JSON.stringify(first)).not.toContain("s3cret");

      s.server.failing.delete("/vendor.xml");
      const healed = await s.run(minutes(10), { tenant: "acme" });
      expect(healed.failures).toEqual([]);
      const state = await s.state("acme", "vendor", s.vendorUrl);
      expect(state).toMatchObject({
        consecutiveFailures: 0,
        lastSuccessAt: minutes(10).toISOString(),
      });
      expect(state?.lastError).toBeUndefined();
    });

    it("does not keep the validators of an answer it could not ingest, so the next run reads the feed again instead of a 304", async () => {
      const s = await setup(store.open);
      s.server.bodies.set("/cert.xml", "<html>maintenance</html>");
      const first = await s.run(T0, { group: "cert" });
      expect(first.failures).toEqual([expect.objectContaining({ code: "FEED_UNPARSABLE" })]);
      expect((await s.state("acme", "cert", s.certUrl))?.conditional).toBeUndefined();
      const second = await s.run(minutes(5), { group: "cert" });
      expect(second.failures).toEqual([expect.objectContaining({ code: "FEED_UNPARSABLE" })]);
      expect(s.server.answers.get("/cert.xml")).toEqual([200, 200]);
      expect(await s.state("acme", "cert", s.certUrl)).toMatchObject({ consecutiveFailures: 2 });
    });

    it("refuses a lease or interval that is not a sensible number of milliseconds", async () => {
      const s = await setup(store.open);
      await expect(s.run(T0, { leaseMs: 0 })).rejects.toThrow(
        "ingestAll: leaseMs must be a number of milliseconds of at least 1, got 0",
      );
      await expect(s.run(T0, { minIntervalMs: Number.NaN })).rejects.toThrow(/minIntervalMs/);
      await expect(s.run(T0, { leaseMs: 1000, renewMs: 1000 })).rejects.toThrow(
        "ingestAll: renewMs must be a number of milliseconds of at least 1 and less than leaseMs (1000), got 1000",
      );
      expect(s.server.answers.size).toBe(0);
    });

    it("keeps the KEV source's state between runs and lists malformed entries as problems of the group", async () => {
      const s = await setup(store.open);
      const entry = (cveID: string) => ({
        cveID,
        vendorProject: "Git",
        product: "Git",
        vulnerabilityName: "Git link following",
        dateAdded: "2026-03-01",
        shortDescription: "Git follows links it should not.",
        requiredAction: "Update.",
        dueDate: "2026-03-22",
        knownRansomwareCampaignUse: "Unknown",
        cwes: [],
      });
      const catalog = (version: string, entries: unknown[]) =>
        JSON.stringify({ catalogVersion: version, vulnerabilities: entries });
      s.server.bodies.set("/kev.json", catalog("1", [entry("CVE-2026-0001"), entry("nope")]));
      const kevUrl = `${s.server.url}/kev.json`;
      (
        await s.sigreg.tenant("acme").groups.create({
          id: "kev",
          name: "CISA KEV",
          kind: "government-cert",
          feeds: [{ url: kevUrl, format: "cisa-kev" }],
        })
      )._unsafeUnwrap();
      const first = await s.run(T0, { group: "kev" });
      expect(first.groups).toEqual([
        expect.objectContaining({
          group: "kev",
          created: 1,
          failures: 0,
          problems: [
            `${kevUrl}: vulnerabilities[1].cveID: expected a CVE id such as CVE-2024-3094`,
          ],
        }),
      ]);
      expect((await s.state("acme", "kev", kevUrl))?.source).toEqual({
        catalogVersion: "1",
        hashes: { "CVE-2026-0001": expect.stringMatching(/^[0-9a-f]{32}$/) },
      });
      s.server.bodies.set(
        "/kev.json",
        catalog("2", [entry("CVE-2026-0001"), entry("CVE-2026-0002")]),
      );
      const second = await s.run(minutes(10), { group: "kev" });
      expect(second.groups[0]).toMatchObject({ seen: 1, created: 1, problems: [] });
    });

    it("skips a feed fetched less than minIntervalMs ago, and one another worker holds until its lease ends", async () => {
      const s = await setup(store.open);
      await s.run(T0, { tenant: "globex" });
      const fresh = await s.run(minutes(0.5), { tenant: "globex" });
      expect(fresh.groups[0]).toMatchObject({ fresh: 1, seen: 0 });
      const released = await s.sigreg.storage.getState({
        tenant: "globex",
        key: feedLeaseKey("vendor", s.vendorUrl),
      });
      expect(released?.value).toEqual({ owner: "w1", until: minutes(0.5).toISOString() });
      (
        await s.sigreg.storage.putState({
          tenant: "globex",
          key: feedLeaseKey("vendor", s.vendorUrl),
          value: { owner: "crashed", until: minutes(30).toISOString() },
          expectedVersion: released?.version ?? 0,
        })
      )._unsafeUnwrap();
      const blocked = await s.run(minutes(20), { tenant: "globex" });
      expect(blocked.groups[0]).toMatchObject({ leased: 1, notModified: 0 });
      expect(s.server.answers.get("/vendor.xml")).toEqual([200]);
      const after = await s.run(minutes(30), { tenant: "globex" });
      expect(after.groups[0]).toMatchObject({ leased: 0, notModified: 1 });
      const lease = await s.sigreg.storage.getState({
        tenant: "globex",
        key: feedLeaseKey("vendor", s.vendorUrl),
      });
      expect(lease?.value).toEqual({ owner: "w1", until: minutes(30).toISOString() });
    });

    it("renews the lease while a slow feed is read, so another worker does not take the feed once leaseMs has passed", async () => {
      const s = await setup(store.open);
      const storage = s.sigreg.storage;
      const key = feedLeaseKey("cert", s.certUrl);
      let clock = T0;
      let arrived!: () => void;
      const fetching = new Promise<void>((resolve) => {
        arrived = resolve;
      });
      let proceed!: () => void;
      const held = new Promise<void>((resolve) => {
        proceed = resolve;
      });
      const fetcher = createFetcher({ allow: ["127.0.0.1"], timeoutMs: 5000 });
      closers.push(() => fetcher.close());
      const slow: typeof fetcher = Object.assign(
        async (url: string | URL, init?: Parameters<typeof fetcher>[1]) => {
          arrived();
          await held;
          return fetcher(url, init);
        },
        { close: async () => undefined },
      );
      const first = ingestAll({
        sigreg: s.sigreg,
        fetcher: slow,
        tenant: "acme",
        group: "cert",
        worker: "slow",
        leaseMs: 60_000,
        renewMs: 5,
        now: () => clock,
      });
      await fetching;
      // Ten minutes later on the clock, the lease of one minute has long run out unless renewed.
      clock = minutes(10);
      await expect
        .poll(async () => (await storage.getState({ tenant: "acme", key }))?.value)
        .toEqual({ owner: "slow", until: minutes(11).toISOString() });
      const second = await s.run(minutes(10.5), { tenant: "acme", group: "cert", worker: "w2" });
      expect(second.groups[0]).toMatchObject({ leased: 1, seen: 0 });
      proceed();
      const report = await first;
      expect(report.failures).toEqual([]);
      expect(report.groups[0]).toMatchObject({ created: 1, leased: 0 });
      // Released at the version of the last renewal.
      expect((await storage.getState({ tenant: "acme", key }))?.value).toEqual({
        owner: "slow",
        until: minutes(10).toISOString(),
      });
      expect(s.server.answers.get("/cert.xml")).toEqual([200]);
    });

    it("stops a feed whose lease another worker took over: nothing stored, no state kept, the other worker's lease left alone", async () => {
      const s = await setup(store.open);
      const storage = s.sigreg.storage;
      const key = feedLeaseKey("cert", s.certUrl);
      const fetcher = createFetcher({ allow: ["127.0.0.1"], timeoutMs: 5000 });
      closers.push(() => fetcher.close());
      const overtaken: typeof fetcher = Object.assign(
        async (url: string | URL, init?: Parameters<typeof fetcher>[1]) => {
          // Another worker, believing this one dead, takes the feed over mid-fetch.
          const lease = await storage.getState({ tenant: "acme", key });
          (
            await storage.putState({
              tenant: "acme",
              key,
              value: { owner: "other", until: minutes(30).toISOString() },
              expectedVersion: lease?.version ?? 0,
            })
          )._unsafeUnwrap();
          await new Promise((resolve) => setTimeout(resolve, 100));
          return fetcher(url, init);
        },
        { close: async () => undefined },
      );
      const report = await ingestAll({
        sigreg: s.sigreg,
        fetcher: overtaken,
        tenant: "acme",
        group: "cert",
        leaseMs: 60_000,
        renewMs: 5,
        now: () => T0,
      });
      expect(report.failures).toEqual([
        expect.objectContaining({
          code: "FEED_LEASE_LOST",
          message: expect.stringContaining("another worker took this feed over"),
        }),
      ]);
      expect(report.groups[0]).toMatchObject({ created: 0, failures: 1 });
      expect(await alertsOf(s.sigreg.tenant("acme"))).toEqual([]);
      expect(await s.state("acme", "cert", s.certUrl)).toBeUndefined();
      expect((await storage.getState({ tenant: "acme", key }))?.value).toEqual({
        owner: "other",
        until: minutes(30).toISOString(),
      });
    });

    it("ignores items older than since, filters by group, and leaves out groups whose membership ended", async () => {
      const s = await setup(store.open);
      (
        await s.sigreg.tenant("acme").groups.update({
          id: "cert",
          name: "National CERT",
          kind: "government-cert",
          feeds: [{ url: s.certUrl, format: "rss" }],
          membership: { status: "ended", endedOn: "2026-03-01" },
        })
      )._unsafeUnwrap();
      const report = await s.run(T0, { since: new Date("2026-03-12T00:00:00Z") });
      expect(report.groups.map((g) => [g.tenant, g.group, g.seen, g.older, g.created])).toEqual([
        ["acme", "vendor", 2, 1, 1],
        ["globex", "vendor", 2, 1, 1],
      ]);
      const only = await s.run(minutes(5), { group: "cert" });
      expect(only.groups).toEqual([]);
    });

    it("reports a state document sigreg did not write, naming the key and the path, and leaves the feed alone", async () => {
      const s = await setup(store.open);
      (
        await s.sigreg.storage.putState({
          tenant: "acme",
          key: feedStateKey("cert", s.certUrl),
          value: { groupId: "cert", url: s.certUrl, consecutiveFailures: "many" },
          expectedVersion: 0,
        })
      )._unsafeUnwrap();
      const report = await s.run(T0, { tenant: "acme", group: "cert" });
      expect(report.failures).toEqual([
        expect.objectContaining({
          code: "FEED_STATE_INVALID",
          message: expect.stringMatching(
            /^tenant acme: state document "feed:cert:http:\/\/127\.0\.0\.1:\d+\/cert\.xml": consecutiveFailures: .*number/,
          ),
        }),
      ]);
      expect(s.server.answers.get("/cert.xml")).toBeUndefined();
    });
    it("reports a storage that throws as INGEST_THREW for that feed only, and keeps no state of a run whose lease was taken over", async () => {
      const s = await setup(store.open);
      const storage = s.sigreg.storage;
      const broken: StorageAdapter = {
        ...storage,
        getState: async (options) => {
          if (options.tenant === "globex") throw new Error(`disk on fire reading ${s.vendorUrl}`);
          return storage.getState(options);
        },
      };
      const fetcher = createFetcher({ allow: ["127.0.0.1"], timeoutMs: 5000 });
      closers.push(() => fetcher.close());
      const onBroken = createSigreg({ storage: broken, clock: () => T0 });
      const report = await ingestAll({ sigreg: onBroken, fetcher, now: () => T0 });
      expect(report.groups.map((g) => [g.tenant, g.group, g.created, g.failures])).toEqual([
        ["acme", "cert", 1, 0],
        ["acme", "vendor", 2, 0],
        ["globex", "vendor", 0, 1],
      ]);
      expect(report.failures).toEqual([
        expect.objectContaining({
          code: "INGEST_THREW",
          message: `disk on fire reading ${s.server.url}/vendor.xml?…`,
        }),
      ]);

      // Another worker writes the feed's state while this one is still fetching (its lease ran out).
      const intruding: typeof fetcher = Object.assign(
        async (url: string | URL, init?: Parameters<typeof fetcher>[1]) => {
          const key = feedStateKey("cert", s.certUrl);
          const current = await storage.getState({ tenant: "acme", key });
          await storage.putState({
            tenant: "acme",
            key,
            value: { ...current?.value, lastFetchedAt: minutes(9).toISOString() },
            expectedVersion: current?.version ?? 0,
          });
          return fetcher(url, init);
        },
        { close: async () => undefined },
      );
      const raced = await ingestAll({
        sigreg: s.sigreg,
        fetcher: intruding,
        tenant: "acme",
        group: "cert",
        now: () => minutes(10),
      });
      expect(raced.failures).toEqual([
        expect.objectContaining({
          code: "FEED_STATE_CONFLICT",
          message: expect.stringContaining("another worker wrote this feed's state meanwhile"),
        }),
      ]);
      expect(await s.state("acme", "cert", s.certUrl)).toMatchObject({
        lastFetchedAt: minutes(9).toISOString(),
      });
    });
  });
}
