import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { feedsmithParser, htmlparser2Parser } from "../src/index.js";

// Real feeds nobody here wrote (see ../shared/data/README.md). CI always sets SIGREG_CORPUS; without
// it (a developer machine without the data) the corpus comparison skips rather than pass on nothing.
const corpus = process.env.SIGREG_CORPUS;

const fast = htmlparser2Parser();
const reference = feedsmithParser();
const both = (body: string | Uint8Array, source = "edge.xml") => ({
  fast: fast.parse({ body, source }),
  reference: reference.parse({ body, source }),
});

function corpusFiles(root: string): string[] {
  const feeds = join(root, "feeds");
  return readdirSync(feeds, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(feeds.length + 1))
    .filter((path) => !/(^|\/)LICENSE[^/]*$/.test(path) && !path.endsWith(".opml"))
    .sort();
}

// Needs SIGREG_CORPUS (the shared real data); .ci/run always sets it.
describe.skipIf(corpus === undefined)("htmlparser2Parser and feedsmithParser on the corpus", () => {
  const root = corpus as string;
  const files = corpus === undefined ? [] : corpusFiles(root);
  let compared = 0;

  it("covers all 45 documents", () => {
    expect(files.length).toBe(45);
  });

  it.each(files)("%s: the same feed, items and errors", (file) => {
    const bytes = new Uint8Array(readFileSync(join(root, "feeds", file)));
    const { fast: ours, reference: theirs } = both(bytes, file);
    expect(ours.isOk()).toBe(theirs.isOk());
    if (ours.isErr() || theirs.isErr()) {
      expect(ours._unsafeUnwrapErr().code).toBe(theirs._unsafeUnwrapErr().code);
      return;
    }
    expect(ours.value).toEqual(theirs.value);
    compared += ours.value.items.length;
  });

  it("compared real items, not empty lists: 1,642 across 44 feeds", () => {
    expect(compared).toBe(1642);
  });
});

// Corners the corpus may not hold; each one is checked against feedsmith and against the answer.
const EDGES: [string, string, Record<string, unknown>][] = [
  [
    "CDATA kept verbatim, text decoded once, comments dropped, first of a repeated field",
    `<rss version="2.0"><channel><title> T </title><item><title><![CDATA[A &amp; B]]> x &amp; y &nbsp;</title><title>second</title><description>a <b>bold</b> tail<!-- c --> end</description><guid isPermaLink="false">g</guid><category>c1</category><category> </category></item></channel></rss>`,
    {
      format: "rss",
      title: "T",
      items: [
        { id: "g", title: "A &amp; B x & y", summary: "a bold tail end", categories: ["c1"] },
      ],
    },
  ],
  [
    "a namespace under another prefix, content:encoded preferred to description",
    `<rss version="2.0" xmlns:d="http://purl.org/dc/elements/1.1/" xmlns:c="http://purl.org/rss/1.0/modules/content/"><channel><item><link>https://example.org/1</link><d:date>2026-03-01T00:00:00Z</d:date><description>short</description><c:encoded><![CDATA[<p>long &amp; full</p>]]></c:encoded></item></channel></rss>`,
    {
      format: "rss",
      items: [
        {
          id: "https://example.org/1",
          link: "https://example.org/1",
          summary: "long & full",
          published: new Date("2026-03-01T00:00:00Z"),
          categories: [],
        },
      ],
    },
  ],
  [
    "upper-case names, self-closing and attribute-only Atom elements, entities in attributes",
    `<FEED xmlns="http://www.w3.org/2005/Atom"><Title type="html">&lt;i&gt;F&lt;/i&gt;</Title><Entry><ID>urn:1</ID><Link rel="self" href="https://example.org/self"/><Link href="https://example.org/a?x=1&amp;y=2"/><Category term="t" label="Label"/><Summary type="text">  two
 lines </Summary><Published>2026-03-02T00:00:00Z</Published></Entry><entry><title/><id/></entry></FEED>`,
    {
      format: "atom",
      title: "<i>F</i>",
      items: [
        {
          id: "urn:1",
          link: "https://example.org/a?x=1&y=2",
          summary: "two lines",
          published: new Date("2026-03-02T00:00:00Z"),
          categories: ["Label"],
        },
      ],
    },
  ],
  [
    "RSS 1.0 (RDF): the item's rdf:about is its id, dc:subject its categories",
    `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about="https://example.org/"><title>R</title></channel><item rdf:about="https://example.org/r1"><title>R1</title><link>https://example.org/r1</link><dc:subject>s1</dc:subject><dc:subject>s2</dc:subject></item></rdf:RDF>`,
    {
      format: "rdf",
      title: "R",
      items: [
        {
          id: "https://example.org/r1",
          title: "R1",
          link: "https://example.org/r1",
          categories: ["s1", "s2"],
        },
      ],
    },
  ],
  [
    "an item the channel never closes is still read",
    `<rss version="2.0"><channel><title>Cut</title><item><guid>urn:cut</guid><title>Cut short</title></item>`,
    { format: "rss", title: "Cut", items: [{ id: "urn:cut", title: "Cut short", categories: [] }] },
  ],
];

describe("htmlparser2Parser and feedsmithParser on hand-written corners", () => {
  it.each(EDGES)("%s", (_name, xml, expected) => {
    const { fast: ours, reference: theirs } = both(xml);
    expect(ours._unsafeUnwrap()).toEqual(expected);
    expect(theirs._unsafeUnwrap()).toEqual(expected);
  });

  it("refuses a document whose root is no feed, naming the source and the root found", () => {
    const error = fast.parse({ body: "<opml><body/></opml>", source: "list.opml" });
    expect(error._unsafeUnwrapErr()).toEqual({
      code: "FEED_UNPARSABLE",
      feed: "list.opml",
      message:
        "list.opml: expected an RSS, Atom or JSON Feed document (the root element is <opml>)",
    });
    expect(reference.parse({ body: "<opml><body/></opml>", source: "list.opml" }).isErr()).toBe(
      true,
    );
  });

  it("refuses text with no element at all", () => {
    const error = fast.parse({ body: "just words", source: "words.txt" })._unsafeUnwrapErr();
    expect(error.message).toBe(
      "words.txt: expected an RSS, Atom or JSON Feed document (the root element is missing)",
    );
  });

  // The two documented differences (docs/plugins-and-feeds.md): both only on documents no
  // corpus feed resembles.
  it("difference: malformed XML feedsmith refuses is read, forgivingly", () => {
    const xml = `<rss version="2.0"><channel><item><guid>g</guid><title>a < b & c</title></item></channel></rss>`;
    const { fast: ours, reference: theirs } = both(xml);
    expect(theirs._unsafeUnwrapErr().code).toBe("FEED_UNPARSABLE");
    expect(ours._unsafeUnwrap().items).toEqual([{ id: "g", title: "a < b & c", categories: [] }]);
  });

  it("difference: a namespace declared on an inner element is not recognised", () => {
    const xml = `<rss version="2.0"><channel><item><guid>g</guid><c:encoded xmlns:c="http://purl.org/rss/1.0/modules/content/">inner</c:encoded><description>d</description></item></channel></rss>`;
    const { fast: ours, reference: theirs } = both(xml);
    expect(theirs._unsafeUnwrap().items[0]?.summary).toBe("inner");
    expect(ours._unsafeUnwrap().items[0]?.summary).toBe("d");
  });

  it("reads JSON Feed through the same path as feedsmithParser", () => {
    const json = JSON.stringify({
      version: "https://jsonfeed.org/version/1.1",
      title: "J",
      items: [{ id: "j1", content_text: "plain", tags: ["npm"] }],
    });
    const { fast: ours, reference: theirs } = both(json);
    expect(ours._unsafeUnwrap()).toEqual(theirs._unsafeUnwrap());
    expect(ours._unsafeUnwrap().items).toEqual([
      { id: "j1", summary: "plain", categories: ["npm"] },
    ]);
  });
});
