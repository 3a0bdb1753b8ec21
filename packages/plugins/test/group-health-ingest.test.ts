import { memoryStorage } from "@sigreg/adapters/memory";
import { createSigreg } from "@sigreg/core";
import { afterEach, describe, expect, it } from "vitest";
import { createFetcher } from "../src/fetch/index.js";
import { ingestAll } from "../src/index.js";
import { feedServer } from "./helpers/feed-server.js";

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

const day = (iso: string) => new Date(`${iso}T08:00:00Z`);
const rss = (date: string) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>Vendor</title><item><guid>a</guid><title>Advisory</title><link>https://example.org/a</link><pubDate>${new Date(date).toUTCString()}</pubDate></item></channel></rss>`;

describe("group health from what ingestAll records", () => {
  it("a feed failing three runs gives group-feed-broken; read again, it goes and its items keep the group alive", async () => {
    const server = await feedServer();
    closers.push(() => server.close());
    const url = `${server.url}/vendor.xml?token=s3cret-token-value`;
    const sigreg = createSigreg({ storage: memoryStorage(), clock: () => day("2026-03-01") });
    closers.push(() => sigreg.close());
    const tenant = sigreg.tenant("acme");
    (await tenant.profile.set({ organisation: { name: "Acme" } }))._unsafeUnwrap();
    (
      await tenant.groups.create({
        id: "vendor",
        name: "Vendor bulletin",
        kind: "vendor-bulletin",
        feeds: [{ url, format: "rss" }],
        membership: { status: "active", since: "2025-01-01" },
      })
    )._unsafeUnwrap();
    const fetcher = createFetcher({ allow: ["127.0.0.1"], timeoutMs: 5000 });
    closers.push(() => fetcher.close());
    const runOn = (iso: string) =>
      ingestAll({ sigreg, fetcher, tenant: "acme", now: () => day(iso) });
    const ruleIds = async (iso: string) =>
      (await tenant.evaluate({ asOf: day(iso) }))._unsafeUnwrap().findings.map((f) => ({
        ruleId: f.ruleId,
        message: f.message,
      }));

    server.failing.set("/vendor.xml", 503);
    for (const iso of ["2026-03-10", "2026-03-11"]) await runOn(iso);
    expect((await ruleIds("2026-03-11")).map((f) => f.ruleId)).not.toContain("group-feed-broken");
    await runOn("2026-03-12");
    const broken = (await ruleIds("2026-03-12")).filter((f) => f.ruleId === "group-feed-broken");
    expect(broken).toHaveLength(1);
    expect(broken[0]?.message).toContain(
      `The feed ${server.url}/vendor.xml?… of "Vendor bulletin"`,
    );
    expect(broken[0]?.message).toContain("has never been read. Last error: FEED_UNREACHABLE");
    expect(broken[0]?.message).toContain("server answered HTTP 503");
    expect(JSON.stringify(broken)).not.toContain("s3cret-token-value");

    server.failing.delete("/vendor.xml");
    server.bodies.set("/vendor.xml", rss("2026-03-13T00:00:00Z"));
    await runOn("2026-03-13");
    // Half a year on, nothing recorded by hand: only the feed's newest item keeps the group alive.
    const later = await ruleIds("2026-09-01");
    expect(later.map((f) => f.ruleId)).not.toContain("group-feed-broken");
    expect(later.map((f) => f.ruleId)).not.toContain("group-dormant");
    expect((await ruleIds("2026-09-10")).map((f) => f.ruleId)).toContain("group-dormant");
  });
});
