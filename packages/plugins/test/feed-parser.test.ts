import { describe, expect, it } from "vitest";
import {
  decodeEntities,
  decodeFeedBytes,
  displayUrl,
  type FeedParser,
  feedsmithParser,
  htmlparser2Parser,
  redactUrlSecrets,
  stripDoctype,
} from "../src/index.js";

// Every behaviour below holds for the default parser and for the feedsmith one alike.
const PARSERS: [string, (options?: { maxLength?: number }) => FeedParser][] = [
  ["htmlparser2Parser", htmlparser2Parser],
  ["feedsmithParser", feedsmithParser],
];

const rss2 = (title: string, head = '<?xml version="1.0" encoding="UTF-8"?>') =>
  `${head}<rss version="2.0"><channel><title>Feed</title><item><title>${title}</title><link>https://example.org/a?x=1&amp;y=2</link><guid>urn:a</guid><pubDate>Tue, 10 Mar 2026 08:00:00 GMT</pubDate><category>Security</category></item></channel></rss>`;

// Regression payloads: each must parse quickly, expand nothing and read no file.
const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title><link>https://example.org/l</link></item></channel></rss>`;

const QUADRATIC = `<?xml version="1.0"?><!DOCTYPE q [<!ENTITY a "${"x".repeat(50_000)}">]><rss version="2.0"><channel><title>q</title><item><title>${"&a;".repeat(50_000)}</title><link>https://example.org/q</link></item></channel></rss>`;

const XXE = `<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY xxe SYSTEM "file:///etc/passwd">
  <!ENTITY % remote SYSTEM "http://127.0.0.1:1/evil.dtd"> %remote;
]>
<rss version="2.0"><channel><title>x</title><item><title>&xxe;</title><link>https://example.org/x</link></item></channel></rss>`;

describe.each(PARSERS)("%s", (_name, make) => {
  const parser = make();
  const parse = (body: string | Uint8Array, contentType?: string) =>
    parser.parse({ body, source: "test.xml", ...(contentType ? { contentType } : {}) });

  describe("formats", () => {
    it("reads a document that starts with white space (with or without a DOCTYPE) as without it", () => {
      const plain = parse(rss2("Lead"))._unsafeUnwrap();
      expect(plain.items).toHaveLength(1);
      expect(parse(`\n \t\r\n${rss2("Lead")}`)._unsafeUnwrap()).toEqual(plain);
      const doctype = rss2("Lead", '<?xml version="1.0"?>\n<!DOCTYPE rss [ <!ENTITY x "y"> ]>\n');
      expect(parse(`\n  ${doctype}`)._unsafeUnwrap()).toEqual(plain);
      const json =
        '{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[{"id":"1"}]}';
      expect(
        parse(`\n  ${json}`)
          ._unsafeUnwrap()
          .items.map((item) => item.id),
      ).toEqual(["1"]);
    });

    it("reads RSS 2.0 with entities in text and links decoded once", () => {
      const feed = parse(rss2("A &amp; B &#233; &#x41; &lt;tag&gt; &amp;lt;"))._unsafeUnwrap();
      expect(feed.format).toBe("rss");
      expect(feed.items).toEqual([
        {
          id: "urn:a",
          title: "A & B é A <tag> &lt;",
          link: "https://example.org/a?x=1&y=2",
          published: new Date("2026-03-10T08:00:00Z"),
          categories: ["Security"],
        },
      ]);
    });

    it("reads RSS 0.91, which has no guid: the link is the id", () => {
      const xml = `<rss version="0.91"><channel><title>Old</title><link>https://example.org</link><description>d</description><item><title>One</title><link>https://example.org/1</link><description>First &amp; only</description></item></channel></rss>`;
      const [item] = parse(xml)._unsafeUnwrap().items;
      expect(item).toMatchObject({ id: "https://example.org/1", summary: "First & only" });
    });

    it("gives no severity for a severity category that names none it knows", () => {
      const entry = (term: string) =>
        `<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>urn:f</id><entry><id>urn:e1</id><title>T</title><category term="${term}" label="severity"/></entry></feed>`;
      // `constructor` is a property of every plain object: it used to come back as a function.
      for (const term of ["constructor", "toString", "bogus"])
        expect(parse(entry(term))._unsafeUnwrap().items[0]).not.toHaveProperty("severity");
      expect(parse(entry("Moderate"))._unsafeUnwrap().items[0]?.severity).toBe("medium");
    });

    it("reads RSS 1.0 (RDF), Atom and JSON Feed", () => {
      const rdf = `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about="https://example.org/"><title>R</title><link>https://example.org/</link><description>r</description></channel><item rdf:about="https://example.org/r1"><title>R1</title><link>https://example.org/r1</link><dc:date>2026-03-01T00:00:00Z</dc:date></item></rdf:RDF>`;
      expect(parse(rdf)._unsafeUnwrap().items[0]).toMatchObject({
        id: "https://example.org/r1",
        published: new Date("2026-03-01T00:00:00Z"),
      });
      const atom = `<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>urn:f</id><updated>2026-03-02T00:00:00Z</updated><entry><id>urn:e1</id><title type="html">&lt;b&gt;Bold&lt;/b&gt; title</title><link rel="alternate" href="https://example.org/e1"/><updated>2026-03-02T00:00:00Z</updated><category term="CRITICAL" label="severity"/><summary>S</summary></entry></feed>`;
      expect(parse(atom)._unsafeUnwrap().items[0]).toEqual({
        id: "urn:e1",
        title: "Bold title",
        link: "https://example.org/e1",
        summary: "S",
        updated: new Date("2026-03-02T00:00:00Z"),
        categories: [],
        severity: "critical",
      });
      const json = JSON.stringify({
        version: "https://jsonfeed.org/version/1.1",
        title: "J",
        items: [
          {
            id: "j1",
            url: "https://example.org/j1",
            title: "J1",
            content_html: "<p>Hi &amp; bye</p>",
            tags: ["npm"],
          },
        ],
      });
      expect(parse(json)._unsafeUnwrap()).toMatchObject({
        format: "json",
        items: [
          { id: "j1", link: "https://example.org/j1", summary: "Hi & bye", categories: ["npm"] },
        ],
      });
    });

    it("refuses a document that is no feed, naming the source and what was expected", () => {
      const error = parse("<html><body>Not a feed</body></html>")._unsafeUnwrapErr();
      expect(error.code).toBe("FEED_UNPARSABLE");
      expect(error.message).toMatch(/^test\.xml: expected an RSS, Atom or JSON Feed document/);
    });

    it("refuses a document larger than the limit", () => {
      const small = make({ maxLength: 100 });
      const error = small.parse({ body: rss2("x"), source: "big.xml" })._unsafeUnwrapErr();
      expect(error).toMatchObject({ code: "FEED_TOO_LARGE", feed: "big.xml" });
    });
  });

  describe("encodings", () => {
    it("decodes ISO-8859-1 declared in the XML declaration", () => {
      const text = rss2("Mãe é", '<?xml version="1.0" encoding="ISO-8859-1"?>');
      const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
      expect(parse(bytes)._unsafeUnwrap().items[0]?.title).toBe("Mãe é");
    });

    it("decodes windows-1252 (curly quotes, euro) and lets the HTTP charset win", () => {
      const text = rss2("\u0093quoted\u0094 \u0080", '<?xml version="1.0" encoding="UTF-8"?>');
      const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
      const title = parse(bytes, "application/rss+xml; charset=windows-1252")._unsafeUnwrap()
        .items[0]?.title;
      expect(title).toBe("“quoted” €");
    });

    it("decodes UTF-16 with a byte-order mark, little- and big-endian", () => {
      const text = rss2("Grüße 日本", '<?xml version="1.0" encoding="UTF-16"?>');
      const le = new Uint8Array(2 + text.length * 2);
      const be = new Uint8Array(2 + text.length * 2);
      le.set([0xff, 0xfe]);
      be.set([0xfe, 0xff]);
      for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        le[2 + 2 * i] = code & 0xff;
        le[3 + 2 * i] = code >> 8;
        be[2 + 2 * i] = code >> 8;
        be[3 + 2 * i] = code & 0xff;
      }
      expect(parse(le)._unsafeUnwrap().items[0]?.title).toBe("Grüße 日本");
      expect(parse(be)._unsafeUnwrap().items[0]?.title).toBe("Grüße 日本");
    });

    it("falls back to UTF-8 for an unknown charset label", () => {
      const bytes = new TextEncoder().encode(
        rss2("café", '<?xml version="1.0" encoding="x-made-up"?>'),
      );
      expect(decodeFeedBytes(bytes)).toContain("café");
    });
  });

  describe("hostile documents", () => {
    const timed = (xml: string) => {
      const started = performance.now();
      const result = parse(xml);
      return { result, ms: performance.now() - started };
    };

    it("leaves billion laughs unexpanded, fast", () => {
      const { result, ms } = timed(BILLION_LAUGHS);
      expect(ms).toBeLessThan(500);
      expect(result._unsafeUnwrap().items[0]?.title).toBe("&lol9;");
    });

    it("leaves a quadratic blow-up as the literal references (output no larger than input)", () => {
      const { result, ms } = timed(QUADRATIC);
      expect(ms).toBeLessThan(2000);
      const title = result._unsafeUnwrap().items[0]?.title ?? "";
      expect(title.length).toBeLessThanOrEqual(500);
      expect(title.startsWith("&a;&a;")).toBe(true);
      expect(title).not.toContain("xxxx");
    });

    it("never resolves an external entity: no file content, no request", () => {
      const { result } = timed(XXE);
      const title = result._unsafeUnwrap().items[0]?.title ?? "";
      expect(title).toBe("&xxe;");
      expect(title).not.toContain("root:");
    });

    it("refuses an unterminated document type declaration", () => {
      const error = parse('<?xml version="1.0"?><!DOCTYPE x [ <!ENTITY a "b">')._unsafeUnwrapErr();
      expect(error.message).toBe("test.xml: expected a feed, got an unterminated <!DOCTYPE");
    });

    it("strips only a prolog DOCTYPE, leaving text that merely mentions one", () => {
      expect(stripDoctype('<?xml version="1.0"?><!DOCTYPE rss><rss/>')).toBe(
        '<?xml version="1.0"?><rss/>',
      );
      const mention = "<rss><channel><title>&lt;!DOCTYPE&gt; <!DOCTYPE x></title></channel></rss>";
      expect(stripDoctype(mention)).toBe(mention);
      // A comment in the prolog that mentions one hides nothing: the real declaration still goes.
      expect(stripDoctype('<!-- <!DOCTYPE --><!DOCTYPE x [<!ENTITY a "b">]><rss/>')).toBe(
        "<!-- <!DOCTYPE --><rss/>",
      );
      expect(stripDoctype('\uFEFF<?xml version="1.0"?>\n<!doctype rss>\n<rss/>')).toBe(
        '\uFEFF<?xml version="1.0"?>\n\n<rss/>',
      );
    });
  });
});

describe("decodeEntities", () => {
  it("decodes named and numeric references once and keeps invalid ones as written", () => {
    expect(decodeEntities("&amp;amp; &eacute; &#0; &#xD800; &#x1F600; &nbsp;&copy;")).toBe(
      "&amp; &eacute; &#0; &#xD800; 😀 \u00a0©",
    );
  });
});

describe("displayUrl and redactUrlSecrets", () => {
  it("shows a feed URL without user info or query", () => {
    expect(displayUrl("https://u:p4ss@feeds.example/x.xml?token=abc123&page=2")).toBe(
      "https://feeds.example/x.xml?…",
    );
  });

  it("cuts a URL's secrets out of an error message", () => {
    const url = "https://reader:p4ss-w0rd@feeds.example/x.xml?access_token=t0k3n-value";
    const message = redactUrlSecrets(`connect failed for ${url} (t0k3n-value, reader)`, url);
    expect(message).toBe("connect failed for https://feeds.example/x.xml?… (***, ***)");
  });
});
