import { describe, expect, it } from "vitest";
import { scanFeedBytes, tokenizerText } from "../src/feed/decode.js";
import { decodeFeedBytes, feedsmithParser, htmlparser2Parser } from "../src/index.js";

// htmlparser2Parser tokenizes UTF-8 documents as their bytes and decodes only the ranges it keeps
// (scanFeedBytes); everything else is decoded whole first. Each document below is read from its
// bytes, from the text decoded beforehand (the whole-document path), and by feedsmith: all agree.
const parser = htmlparser2Parser();
const reference = feedsmithParser();
const utf8 = (text: string) => new TextEncoder().encode(text);
const fromBytes = (bytes: Uint8Array, contentType?: string) =>
  parser.parse({ body: bytes, source: "b.xml", ...(contentType ? { contentType } : {}) });
const fromText = (bytes: Uint8Array, contentType?: string) =>
  parser.parse({ body: decodeFeedBytes(bytes, contentType), source: "b.xml" });

function agree(bytes: Uint8Array, contentType?: string) {
  const ours = fromBytes(bytes, contentType);
  expect(ours).toEqual(fromText(bytes, contentType));
  return ours;
}

const ATOM = `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title type="text">Sécurité — 日本</title>
<entry><id>urn:ü:1</id><title type="html">Grüße &amp;lt;b&amp;gt; 😀 naïve</title>
<link rel="alternate" href="https://example.org/ü/日本?q=é&amp;x=1"/>
<category term="t" label="Catégorie ☃"/><category term="critical" label="severity"/>
<summary type="html">&lt;p&gt;Résumé&lt;/p&gt; <![CDATA[<i>données</i> ✓]]> fin</summary>
<published>2026-03-02T00:00:00Z</published></entry></feed>`;

describe("htmlparser2Parser on UTF-8 bytes, decoding only what it keeps", () => {
  it("reads characters of two, three and four bytes in titles, attribute values and content", () => {
    const bytes = utf8(ATOM);
    expect(scanFeedBytes(bytes)).toBeDefined(); // the byte path is the one taken
    const ours = agree(bytes)._unsafeUnwrap();
    expect(ours).toEqual({
      format: "atom",
      title: "Sécurité — 日本",
      items: [
        {
          id: "urn:ü:1",
          title: "Grüße <b> 😀 naïve",
          link: "https://example.org/ü/日本?q=é&x=1",
          summary: "Résumé données ✓ fin",
          published: new Date("2026-03-02T00:00:00Z"),
          categories: ["Catégorie ☃"],
          severity: "critical",
        },
      ],
    });
    expect(reference.parse({ body: bytes, source: "b.xml" })._unsafeUnwrap()).toEqual(ours);
  });

  it("pairs tags whose names differ only in the case of a letter outside ASCII", () => {
    // `</éx>` closes `<Éx>` once both are lower-cased as characters; compared as bytes they
    // differ, and the title after them would be read at the wrong depth and lost.
    const bytes = utf8(
      `<rss version="2.0"><channel><item><guid>g</guid><Éx>1</éx><title>Tïtle</title></item></channel></rss>`,
    );
    expect(agree(bytes)._unsafeUnwrap().items).toEqual([
      { id: "g", title: "Tïtle", categories: [] },
    ]);
  });

  it("names a root element outside ASCII as written, lower-cased", () => {
    const error = fromBytes(utf8("<Føø><x/></Føø>"))._unsafeUnwrapErr();
    expect(error.message).toBe(
      "b.xml: expected an RSS, Atom or JSON Feed document (the root element is <føø>)",
    );
  });

  it("turns malformed UTF-8 into U+FFFD as decoding the whole document does", () => {
    const head = utf8(`<rss version="2.0"><channel><item><guid>g</guid><title>a`);
    const tail = utf8(`</title><description>d`);
    const end = utf8(`e</description></item></channel></rss>`);
    // A lead byte cut short by the end of the title, a lone continuation byte, an overlong form.
    const bytes = new Uint8Array([...head, 0xe6, 0x97, ...tail, 0x80, 0xc0, 0xaf, 0xff, ...end]);
    expect(agree(bytes)._unsafeUnwrap().items).toEqual([
      { id: "g", title: "a\ufffd", summary: "d\ufffd\ufffd\ufffd\ufffde", categories: [] },
    ]);
  });

  it("skips a byte-order mark and leading white space, and keeps their handling", () => {
    const rss = `<rss version="2.0"><channel><title>Ça</title><item><guid>g</guid></item></channel></rss>`;
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(` \n\t${rss}`)]);
    expect(scanFeedBytes(withBom)?.text.startsWith(" \n\t<rss")).toBe(true);
    expect(agree(withBom)._unsafeUnwrap().title).toBe("Ça");
    // White space outside ASCII is trimmed from decoded text: such a document is decoded whole.
    for (const space of ["\u00a0", "\u3000"]) {
      const bytes = utf8(`${space}${rss}`);
      expect(scanFeedBytes(bytes)).toBeUndefined();
      expect(agree(bytes)._unsafeUnwrap().title).toBe("Ça");
    }
  });

  it("decodes a document with a DOCTYPE, JSON Feed and other encodings whole", () => {
    const doctype = utf8(
      `<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY e "é">]><rss version="2.0"><channel><title>Dé &e;</title></channel></rss>`,
    );
    expect(scanFeedBytes(doctype)).toBeUndefined();
    expect(agree(doctype)._unsafeUnwrap().title).toBe("Dé &e;");
    const json = utf8('{"version":"https://jsonfeed.org/version/1.1","title":"Jé","items":[]}');
    expect(scanFeedBytes(json)).toBeUndefined();
    expect(agree(json)._unsafeUnwrap().title).toBe("Jé");

    // ISO-8859-2: 0xA3 is Ł, 0xF3 ó, 0xBC ź (one byte each, so never UTF-8).
    const latin2 = new Uint8Array([
      ...utf8(`<?xml version="1.0" encoding="ISO-8859-2"?><rss version="2.0"><channel><title>`),
      0xa3,
      0xf3,
      0x64,
      0xbc,
      ...utf8(`</title></channel></rss>`),
    ]);
    expect(scanFeedBytes(latin2)).toBeUndefined();
    expect(agree(latin2)._unsafeUnwrap().title).toBe("Łódź");
    // The HTTP charset wins over the declaration, as before: windows-1252 here.
    const cp1252 = new Uint8Array([
      ...utf8(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>`),
      0x93,
      0x80,
      0x94,
      ...utf8(`</title></channel></rss>`),
    ]);
    const contentType = "application/rss+xml; charset=windows-1252";
    expect(scanFeedBytes(cp1252, contentType)).toBeUndefined();
    expect(agree(cp1252, contentType)._unsafeUnwrap().title).toBe("“€”");
  });

  it("gives the tokenizer beneath (and the bench's bare pass) one character per byte for UTF-8", () => {
    const bytes = utf8(ATOM);
    expect(tokenizerText(bytes)).toHaveLength(bytes.length);
    const json = utf8('{"title":"Jé"}');
    expect(tokenizerText(json)).toBe('{"title":"Jé"}');
  });
});
