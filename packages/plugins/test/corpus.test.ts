import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  builtinSources,
  createPluginHost,
  htmlparser2Parser,
  ingestFeed,
  type SourceState,
} from "../src/index.js";
import { alertsOf, tenantWith } from "./helpers/engine.js";
import { type LocalServer, localFetch, serve } from "./helpers/serve.js";

// Real feeds and KEV catalogs nobody here wrote (see ../shared/data/README.md). CI always sets
// SIGREG_CORPUS; without it (a developer machine without the data) these tests skip rather than
// pass on invented fixtures.
const corpus = process.env.SIGREG_CORPUS;
const now = new Date("2026-03-16T00:00:00Z");

/** Feeds whose items legitimately lack a title or a link, and why. */
const LACKING = {
  // One entry holding only an <id>: no title, no link. It is kept (its id is enough to deduplicate).
  "real-world/missing-fields.atom": { title: 1, link: 1 },
} as Record<string, { title: number; link: number }>;
/** Entries our parser drops, and why: with no id, no guid and no link there is nothing to key them by. */
const DROPPED = { "real-world/incomplete-fields.atom": 1 } as Record<string, number>;
/** Documents that are not feeds at all. */
const NOT_FEEDS = new Set(["real-world/unrecognized.rss"]); // an HTML "Document Moved" page

function feedFiles(root: string): string[] {
  return ["github-advisories", "github-advisories-earlier", "real-world"].flatMap((dir) =>
    readdirSync(join(root, "feeds", dir))
      .filter((name) => !name.startsWith("LICENSE") && !name.endsWith(".opml"))
      .map((name) => `${dir}/${name}`),
  );
}

/** Items counted without our parser: opening <item> or <entry> tags. */
function countItems(text: string): number {
  return (text.match(/<(item|entry)[\s>]/g) ?? []).length;
}

/** Atom entries by id with their <updated> stamp, read with a regex, not with our parser. */
function atomStamps(text: string): Map<string, string> {
  const stamps = new Map<string, string>();
  for (const [, body = ""] of text.matchAll(/<entry>([\s\S]*?)<\/entry>/g)) {
    const id = body.match(/<id>([^<]+)<\/id>/)?.[1];
    const updated = body.match(/<updated>([^<]+)<\/updated>/)?.[1];
    // The GitHub feeds repeat entries under one id (npm: GHSA-g93w-mfhg-p222 ten times, for
    // @angular/compiler and @angular/core); ingest keeps the first occurrence, and so does this.
    if (id !== undefined && updated !== undefined && !stamps.has(id)) stamps.set(id, updated);
  }
  return stamps;
}

// Needs SIGREG_CORPUS (the shared real data); .ci/run always sets it.
describe.skipIf(corpus === undefined)("real data: every feed in the corpus", () => {
  const root = corpus as string;
  const parser = htmlparser2Parser(); // the default behind the port
  const files = corpus === undefined ? [] : feedFiles(root);

  it("finds the corpus (12 + 2 GitHub advisory feeds, 31 real-world documents)", () => {
    expect(files.length).toBe(45);
  });

  it.each(files)("%s parses with the right number of items, titled and linked", (file) => {
    const bytes = readFileSync(join(root, "feeds", file));
    const result = parser.parse({ body: new Uint8Array(bytes), source: file });
    if (NOT_FEEDS.has(file)) {
      expect(result._unsafeUnwrapErr().code).toBe("FEED_UNPARSABLE");
      return;
    }
    const { items } = result._unsafeUnwrap();
    expect(items.length).toBe(countItems(bytes.toString("latin1")) - (DROPPED[file] ?? 0));
    const lacking = LACKING[file] ?? { title: 0, link: 0 };
    expect(items.filter((item) => !item.title?.trim()).length).toBe(lacking.title);
    expect(items.filter((item) => !item.link?.trim()).length).toBe(lacking.link);
  });

  it("decodes the ISO-8859-1 feed into proper accented text", () => {
    const bytes = readFileSync(join(root, "feeds/real-world/encoding.rss"));
    const { items } = parser
      .parse({ body: new Uint8Array(bytes), source: "encoding.rss" })
      ._unsafeUnwrap();
    expect(items[0]?.title).toBe("Mãe de utente é a nova presidente da Raríssimas");
    expect(items.some((item) => item.title?.includes("\uFFFD"))).toBe(false);
  });
});

// Needs SIGREG_CORPUS (the shared real data); .ci/run always sets it.
describe.skipIf(corpus === undefined)("real data: ingestion", () => {
  let server: LocalServer;
  const host = createPluginHost([builtinSources()])._unsafeUnwrap();
  beforeAll(async () => {
    server = await serve(corpus);
  });
  afterAll(() => server?.close());

  it("ingesting the two KEV versions in order yields exactly the 22 entries added between them", async () => {
    const read = (name: string) =>
      JSON.parse(readFileSync(join(corpus as string, "kev", name), "utf8")) as {
        vulnerabilities: { cveID: string }[];
      };
    const before = new Set(
      read("known_exploited_vulnerabilities.earlier.json").vulnerabilities.map((v) => v.cveID),
    );
    const added = read("known_exploited_vulnerabilities.json")
      .vulnerabilities.map((v) => v.cveID)
      .filter((cve) => !before.has(cve));
    expect(added.length).toBe(22);

    const earlier = {
      url: `${server.url}/kev/known_exploited_vulnerabilities.earlier.json`,
      format: "cisa-kev" as const,
    };
    const current = {
      url: `${server.url}/kev/known_exploited_vulnerabilities.json`,
      format: "cisa-kev" as const,
    };
    const { tenant, group } = await tenantWith({
      id: "cisa",
      name: "CISA",
      kind: "government-cert",
      feeds: [current],
    });
    const first = (
      await ingestFeed({ tenant, host, group, feed: earlier, fetch: localFetch, now })
    )._unsafeUnwrap();
    expect(first.summary.created.length).toBe(1382);
    expect(first.problems).toEqual([]);
    const second = (
      await ingestFeed({
        tenant,
        host,
        group,
        feed: current,
        fetch: localFetch,
        now,
        state: first.state as SourceState,
      })
    )._unsafeUnwrap();
    // The 22 new entries and the 2 whose content changed (see kev-updates.test.ts).
    expect(second.summary.seen).toBe(24);
    expect(second.summary.created.sort()).toEqual(
      added.map((cve) => `cisa.${cve.toLowerCase()}`).sort(),
    );
    const stored = await alertsOf(tenant);
    expect(stored.length).toBe(1404);
    // The catalog's stray spaces ("SimpleHelp ") are trimmed.
    expect(
      stored.filter((alert) => alert.products?.some((product) => product !== product.trim()))
        .length,
    ).toBe(0);
  }, 60_000);

  it("ingesting the same feed twice adds nothing", async () => {
    const feed = {
      url: `${server.url}/feeds/github-advisories/npm.atom.xml`,
      format: "atom" as const,
    };
    const { tenant, group } = await tenantWith({
      id: "gh-npm",
      name: "GitHub npm advisories",
      kind: "vendor-bulletin",
      feeds: [feed],
    });
    const entries = readFileSync(
      join(corpus as string, "feeds/github-advisories/npm.atom.xml"),
      "utf8",
    );
    const distinct = atomStamps(entries).size; // 20 entries, 11 distinct ids
    const first = (
      await ingestFeed({ tenant, host, group, feed, fetch: localFetch, now })
    )._unsafeUnwrap();
    expect(first.summary.created.length).toBe(distinct);
    expect(first.summary.unchanged).toBe(20 - distinct);
    const head = (await tenant.verifyEvidence()).head;
    const second = (
      await ingestFeed({ tenant, host, group, feed, fetch: localFetch, now })
    )._unsafeUnwrap();
    expect(second.summary).toMatchObject({ created: [], updated: [], unchanged: 20 });
    expect((await tenant.verifyEvidence()).head).toEqual(head);
  });

  it("the earlier npm feed then the current one updates the entries whose stamp changed", async () => {
    const text = (name: string) => readFileSync(join(corpus as string, "feeds", name), "utf8");
    const older = atomStamps(text("github-advisories-earlier/npm.2026-03-13T22.atom.xml"));
    const newer = atomStamps(text("github-advisories/npm.atom.xml"));
    const changed = [...newer]
      .filter(([id, stamp]) => older.has(id) && older.get(id) !== stamp)
      .map(([id]) => id);
    const added = [...newer.keys()].filter((id) => !older.has(id));
    expect(changed.length).toBeGreaterThan(0);

    const feed = (path: string) => ({
      url: `${server.url}/feeds/${path}`,
      format: "atom" as const,
    });
    const { tenant, group } = await tenantWith({
      id: "gh-npm",
      name: "GitHub npm advisories",
      kind: "vendor-bulletin",
    });
    await ingestFeed({
      tenant,
      host,
      group,
      feed: feed("github-advisories-earlier/npm.2026-03-13T22.atom.xml"),
      fetch: localFetch,
      now,
    });
    const result = (
      await ingestFeed({
        tenant,
        host,
        group,
        feed: feed("github-advisories/npm.atom.xml"),
        fetch: localFetch,
        now,
      })
    )._unsafeUnwrap();
    const byId = new Map((await alertsOf(tenant)).map((alert) => [alert.id, alert.source?.itemId]));
    expect(result.summary.updated.map((id) => byId.get(id)).sort()).toEqual([...changed].sort());
    expect(result.summary.created.length).toBe(added.length);
    expect(byId.size).toBe(older.size + added.length);
    expect((await tenant.verifyEvidence()).problem).toBeUndefined();
  });
});
