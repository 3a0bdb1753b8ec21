import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  contentHash,
  type FeedItem,
  type KevState,
  kevSource,
  type SourceState,
} from "../src/index.js";
import { type LocalServer, localFetch, serve } from "./helpers/serve.js";

const entry = (cve: string, extra: Record<string, unknown> = {}) => ({
  cveID: cve,
  vendorProject: "SimpleHelp ",
  product: " SimpleHelp  Remote Support",
  vulnerabilityName: "SimpleHelp Path Traversal Vulnerability",
  dateAdded: "2025-02-13",
  shortDescription: "SimpleHelp contains a path traversal vulnerability. ",
  requiredAction: "Apply mitigations per vendor instructions.",
  dueDate: "2025-03-06",
  knownRansomwareCampaignUse: "Known",
  notes: "https://simple-help.com/kb ; https://nvd.nist.gov/vuln/detail/CVE-2024-57727",
  cwes: ["CWE-22"],
  ...extra,
});

const catalog = (version: string, entries: unknown[]) =>
  JSON.stringify({
    title: "CISA KEV",
    catalogVersion: version,
    count: entries.length,
    vulnerabilities: entries,
  });

const group = { id: "cisa", name: "CISA", kind: "government-cert" } as never;

describe("kevSource", () => {
  let server: LocalServer;
  beforeAll(async () => {
    server = await serve();
  });
  afterAll(() => server.close());
  const read = (state?: SourceState) =>
    kevSource().read({
      fetch: localFetch,
      group,
      feed: { url: `${server.url}/kev.json`, format: "cisa-kev" },
      ...(state ? { state } : {}),
    });

  it("turns each entry into an item: trimmed names, NVD link, due date, ransomware use", async () => {
    server.routes.set("/kev.json", {
      contentType: "application/json",
      body: catalog("2025.02.13", [
        entry("CVE-2024-57727"),
        entry("cve-2024-1234", { knownRansomwareCampaignUse: "Unknown", dueDate: undefined }),
      ]),
    });
    const result = (await read())._unsafeUnwrap();
    expect(result.total).toBe(2);
    expect(result.items[0]).toEqual({
      id: "CVE-2024-57727",
      title: "CVE-2024-57727: SimpleHelp Path Traversal Vulnerability",
      link: "https://nvd.nist.gov/vuln/detail/CVE-2024-57727",
      summary:
        "SimpleHelp contains a path traversal vulnerability. Required action: Apply mitigations per vendor instructions.",
      published: new Date("2025-02-13T00:00:00Z"),
      dueDate: new Date("2025-03-06T00:00:00Z"),
      categories: ["CWE-22"],
      severity: "critical",
      cves: ["CVE-2024-57727"],
      products: ["SimpleHelp/SimpleHelp Remote Support"],
      ransomware: true,
    });
    expect(result.items[1]).toMatchObject({
      id: "CVE-2024-1234",
      severity: "high",
      ransomware: false,
    });
    expect(result.items[1]?.dueDate).toBeUndefined();
  });

  it("reports only the entries added since the catalog it saw, and nothing when none changed", async () => {
    server.routes.set("/kev.json", { body: catalog("1", [entry("CVE-2024-0001")]) });
    const first = (await read())._unsafeUnwrap();
    expect(first.state).toEqual({
      catalogVersion: "1",
      hashes: { "CVE-2024-0001": contentHash(first.items[0] as FeedItem) },
    });
    server.routes.set("/kev.json", {
      body: catalog("2", [entry("CVE-2024-0002"), entry("CVE-2024-0001")]),
    });
    const second = (await read(first.state))._unsafeUnwrap();
    expect(second.items.map((item) => item.id)).toEqual(["CVE-2024-0002"]);
    expect(second.total).toBe(2);
    const again = (await read(second.state))._unsafeUnwrap();
    expect(again.items).toEqual([]);
  });

  it("reports an entry whose content changed since, with the same alert hash ingest computes", async () => {
    server.routes.set("/kev.json", {
      body: catalog("1", [
        entry("CVE-2024-0001", { knownRansomwareCampaignUse: "Unknown" }),
        entry("CVE-2024-0002"),
      ]),
    });
    const first = (await read())._unsafeUnwrap();
    server.routes.set("/kev.json", {
      body: catalog("2", [
        entry("CVE-2024-0001", { knownRansomwareCampaignUse: "Known" }),
        // Notes are not part of the item: editing them alone changes no alert.
        entry("CVE-2024-0002", { notes: "https://example.org/advisory" }),
      ]),
    });
    const second = (await read(first.state))._unsafeUnwrap();
    expect(second.items).toEqual([
      expect.objectContaining({ id: "CVE-2024-0001", ransomware: true, severity: "critical" }),
    ]);
    expect((second.state as unknown as KevState).hashes["CVE-2024-0001"]).toBe(
      contentHash(second.items[0] as FeedItem),
    );
    // An entry edited without a new catalog version is noticed too.
    server.routes.set("/kev.json", {
      body: catalog("2", [
        entry("CVE-2024-0001", { knownRansomwareCampaignUse: "Known", dueDate: "2025-04-01" }),
        entry("CVE-2024-0002", { notes: "https://example.org/advisory" }),
      ]),
    });
    const third = (await read(second.state))._unsafeUnwrap();
    expect(third.items.map((item) => [item.id, item.dueDate])).toEqual([
      ["CVE-2024-0001", new Date("2025-04-01T00:00:00Z")],
    ]);
  });

  it("returns every entry once after a state without hashes, which ingestion then deduplicates", async () => {
    server.routes.set("/kev.json", {
      body: catalog("2", [entry("CVE-2024-0001"), entry("CVE-2024-0002")]),
    });
    const legacy = { catalogVersion: "2", seen: ["CVE-2024-0001", "CVE-2024-0002"] };
    const result = (await read(legacy))._unsafeUnwrap();
    expect(result.items.map((item) => item.id)).toEqual(["CVE-2024-0001", "CVE-2024-0002"]);
    expect(Object.keys((result.state as unknown as KevState).hashes)).toEqual([
      "CVE-2024-0001",
      "CVE-2024-0002",
    ]);
  });

  it("skips a malformed entry, naming the document, its path and what was expected", async () => {
    server.routes.set("/kev.json", {
      body: catalog("3", [
        entry("CVE-2024-0003"),
        entry("not-a-cve"),
        entry("CVE-2024-0004", { dateAdded: "13/02/2025" }),
      ]),
    });
    const result = (await read())._unsafeUnwrap();
    expect(result.items.map((item) => item.id)).toEqual(["CVE-2024-0003"]);
    expect(result.problems).toEqual([
      `${server.url}/kev.json: vulnerabilities[1].cveID: expected a CVE id such as CVE-2024-3094`,
      `${server.url}/kev.json: vulnerabilities[2].dateAdded: expected a date such as 2025-08-25`,
    ]);
  });

  it("refuses a document without a catalog version or that is not JSON", async () => {
    server.routes.set("/kev.json", { body: JSON.stringify({ vulnerabilities: [] }) });
    expect((await read())._unsafeUnwrapErr()).toMatchObject({
      code: "FEED_UNPARSABLE",
      message: expect.stringContaining("/kev.json: catalogVersion:"),
    });
    server.routes.set("/kev.json", { body: "<html>maintenance</html>" });
    expect((await read())._unsafeUnwrapErr().message).toMatch(
      /kev\.json: expected the KEV catalog as JSON/,
    );
  });

  it("keeps a feed URL's credentials out of errors", async () => {
    server.routes.set("/kev.json", { status: 401, body: "no" });
    const withToken = await kevSource().read({
      fetch: localFetch,
      group,
      feed: { url: `${server.url}/kev.json?api_key=s3cr3t-value-1&page=2`, format: "cisa-kev" },
    });
    const tokenError = withToken._unsafeUnwrapErr();
    expect(tokenError.message).toBe(
      `${server.url}/kev.json?…: expected a 2xx answer, got HTTP 401`,
    );
    expect(JSON.stringify(tokenError)).not.toContain("s3cr3t-value-1");
    const withPassword = await kevSource().read({
      fetch: localFetch,
      group,
      feed: {
        url: `${server.url.replace("//", "//reader:pa55-word-2@")}/kev.json`,
        format: "cisa-kev",
      },
    });
    const passwordError = withPassword._unsafeUnwrapErr();
    expect(passwordError.code).toBe("FEED_UNREACHABLE");
    expect(JSON.stringify(passwordError)).not.toMatch(/pa55-word-2|reader/);
  });

  it("reports an HTTP error status and an unreachable server", async () => {
    server.routes.set("/kev.json", { status: 503, body: "busy" });
    expect((await read())._unsafeUnwrapErr()).toMatchObject({
      code: "FEED_HTTP_ERROR",
      message: `${server.url}/kev.json: expected a 2xx answer, got HTTP 503`,
    });
    const down = await kevSource().read({
      fetch: localFetch,
      group,
      feed: { url: "http://127.0.0.1:1/kev.json", format: "cisa-kev" },
    });
    expect(down._unsafeUnwrapErr().code).toBe("FEED_UNREACHABLE");
  });
});
