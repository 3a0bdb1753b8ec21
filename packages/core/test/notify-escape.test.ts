import { adfText, escapeHtml, escapeSlackMrkdwn, truncateText } from "@sigreg/core";
import { describe, expect, it } from "vitest";

describe("escapeSlackMrkdwn", () => {
  it("turns &, < and > into entities so no mention or link can be formed", () => {
    expect(escapeSlackMrkdwn("<!channel> <https://evil.example|click> a & b")).toBe(
      "&lt;!channel&gt; &lt;https://evil.example|click&gt; a &amp; b",
    );
  });
  it("escapes an existing entity again, so it shows as typed", () => {
    expect(escapeSlackMrkdwn("&lt;")).toBe("&amp;lt;");
  });
});

describe("escapeHtml", () => {
  it("escapes the five characters that matter in content and quoted attributes", () => {
    expect(escapeHtml(`<img src=x onerror="alert('1')">&`)).toBe(
      "&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;",
    );
  });
});

describe("adfText", () => {
  it("keeps markup-looking text as plain text nodes and turns newlines into hard breaks", () => {
    expect(adfText({ text: "*bold?* <b>x</b>\r\n[link](http://x)" })).toEqual([
      { type: "text", text: "*bold?* <b>x</b>" },
      { type: "hardBreak" },
      { type: "text", text: "[link](http://x)" },
    ]);
  });
  it("never produces an empty text node, nor leading or trailing breaks", () => {
    expect(adfText({ text: "\n\nline\n\n" })).toEqual([{ type: "text", text: "line" }]);
    expect(adfText({ text: "" })).toEqual([]);
  });
  it("drops control characters and adds link and strong marks", () => {
    expect(adfText({ text: "a\u0000b\u0007", link: "https://x.example/", strong: true })).toEqual([
      {
        type: "text",
        text: "ab",
        marks: [{ type: "strong" }, { type: "link", attrs: { href: "https://x.example/" } }],
      },
    ]);
  });
});

describe("truncateText", () => {
  it("leaves short text alone and cuts long text with an ellipsis within the limit", () => {
    expect(truncateText({ text: "abc", max: 3 })).toBe("abc");
    expect(truncateText({ text: "abcdef", max: 4 })).toBe("abc…");
  });
  it("counts the escaped length and never cuts inside an entity", () => {
    const out = truncateText({ text: "a&&&&&&&&", max: 12, escape: escapeSlackMrkdwn });
    expect(out).toBe("a&amp;&amp;…");
    expect(out.length).toBeLessThanOrEqual(12);
  });
  it("never splits a surrogate pair", () => {
    const out = truncateText({ text: "😀😀😀😀", max: 4 });
    expect(out).toBe("😀…");
    expect(out.length).toBeLessThanOrEqual(4);
  });
});
