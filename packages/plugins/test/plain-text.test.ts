import { describe, expect, it } from "vitest";
import { isWhiteSpace } from "../src/feed/text.js";
import { decodeEntities, plainText } from "../src/index.js";

/** plainText as it was before long bodies were read from a prefix: the whole body, every time. */
function reference(html: string, maxLength = 2000): string | undefined {
  const bounded = html.slice(0, 100_000);
  const text = decodeEntities(
    bounded.includes("<")
      ? bounded.replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, " ").replace(/<[^>]*>/g, " ")
      : bounded,
  )
    .replace(/\s+/g, " ")
    .trim();
  if (text === "") return undefined;
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

const FRAGMENTS = [
  "<p>",
  "</p>",
  "word ",
  "Grüße ",
  "  \n\t ",
  "\u00a0",
  " \u2003 ",
  "\r\n",
  "&amp;",
  "&#233;",
  "&",
  ";",
  "<",
  ">",
  "<a href='x>y'>",
  "</a>",
  "<script>if (a<b) {}",
  "</script>",
  "<STYLE>p{}",
  "</style >",
  "<img src=x/>",
  "<!-- c -->",
];

/** A seeded generator, so that a failure names a body that can be rebuilt. */
function bodies(seed: number, count: number): string[] {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  return Array.from({ length: count }, () => {
    const parts: string[] = [];
    const target = 1000 + Math.floor(next() * 30_000);
    let length = 0;
    while (length < target) {
      const fragment = FRAGMENTS[Math.floor(next() * FRAGMENTS.length)] as string;
      parts.push(fragment);
      length += fragment.length;
    }
    return parts.join("");
  });
}

describe("plainText on long bodies", () => {
  it("gives exactly what reading the whole body gives, on 400 generated bodies", () => {
    for (const body of bodies(7, 400)) expect(plainText(body)).toBe(reference(body));
  });

  it("is unchanged where the cut would split a script block, a tag, an entity or a space run", () => {
    // The prefix is cut after the first ">" from character 8,000 on; `before` (7,990 characters,
    // no ">") puts each hazard across that cut.
    const before = "word ".repeat(1598);
    const cases = [
      `${before}<script>${"a > b <b>hidden</b> ".repeat(50)}</script>${"tail ".repeat(600)}`,
      `${before}<style>${"p > q {}".repeat(50)}</STYLE >${"tail ".repeat(600)}`,
      `${before}<a title="${"x".repeat(3000)}">${"tail ".repeat(600)}`,
      `${before}<a title="<script>" x>y</a> ${"q > r ".repeat(500)}</script>${"tail ".repeat(600)}`,
      `${before}&eacute${"x".repeat(10)};>${"tail ".repeat(600)}`,
      `${before}${" ".repeat(5000)}>${"tail ".repeat(600)}`,
      `<div>${"<span></span>".repeat(2000)}short</div>`, // much markup, little text
    ];
    // 1,995 characters of text, then markup (no text, no ">" past it) up to character 7,955.
    const head = `${"w".repeat(1995)}${"<br>".repeat(1490)}`;
    // A script block open across the cut, whose first characters would otherwise be kept.
    cases.push(`${head}${" ".repeat(32)}<script>abcdefghijklm > x</script>${"tail ".repeat(600)}`);
    // A tag left open before a script block that ends exactly at the cut: it closes after it.
    cases.push(`${head}${" ".repeat(25)}<a bcdefgh <script>x</script>${"tail ".repeat(600)}>end`);
    for (const body of cases) expect(plainText(body)).toBe(reference(body));
    expect(plainText(cases[7] as string)).not.toContain("abc");
    expect(plainText(cases[8] as string)).not.toContain("<a");
    expect(plainText(cases[0] as string)).not.toContain("hidden");
    expect(plainText(cases[6] as string)).toBe("short");
  });

  it("cuts at the limit with an ellipsis, as before", () => {
    const body = `<p>${"a ".repeat(5000)}</p>`;
    const text = plainText(body, 100) as string;
    expect(text.length).toBe(100);
    expect(text.endsWith("…")).toBe(true);
    expect(text).toBe(reference(body, 100));
  });
});

describe("plainText in one pass", () => {
  const SHORT_FRAGMENTS = [
    ...FRAGMENTS,
    "<SCRIPT type=x>",
    "</Script\n>",
    "<scripts>",
    "<style",
    "&#x1F600;",
    "&#55296;",
    "&#0;",
    "&#12345678;",
    "&nbsp;",
    "&NBSP;",
    "&eacute;",
    "&toString;",
    "&#x;",
    "x",
    " y",
    "\u3000",
  ];

  it("gives what the regex pipeline gives on 3,000 short bodies and limits", () => {
    let state = 11;
    const next = () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    for (let n = 0; n < 3000; n++) {
      const parts: string[] = [];
      const count = Math.floor(next() * 40);
      for (let k = 0; k < count; k++)
        parts.push(SHORT_FRAGMENTS[Math.floor(next() * SHORT_FRAGMENTS.length)] as string);
      const body = parts.join("");
      const limit = 3 + Math.floor(next() * 120);
      expect(plainText(body, limit), JSON.stringify({ body, limit })).toBe(reference(body, limit));
    }
  });

  it("gives what the regex pipeline gives on 20,000 bodies made of markup's awkward pieces", () => {
    // Pieces where the one pass could part from the steps: tags spanning script blocks, blocks
    // without an end, `>` inside blocks, references of every shape, every kind of white space.
    const pieces = [
      ...SHORT_FRAGMENTS,
      "<",
      ">",
      "<b",
      "<script>",
      "</script>",
      "<style>",
      "</STYLE\t>",
      "</script",
      "a>b",
      "<x <script>>",
      "&#32;",
      "&#10;",
      "&#xA0;",
      "&#x2028;",
      "&#xFEFF;",
      "&#65;",
      "&#x41;",
      "&#X1f600;",
      "&#1234567;",
      "&#x1234567;",
      "&abcdefgh;",
      "&abcdefghi;",
      "&a;",
      "&amp",
      "&&amp;",
      "&#;",
      "\u2000",
      "\u200a",
      "\u200b",
      "\u180e",
      "\u0085",
      "\u1680",
      "\v\f",
      " ",
      " ",
      "ab",
    ];
    let state = 23;
    const next = () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    for (let n = 0; n < 20_000; n++) {
      const parts: string[] = [];
      const count = Math.floor(next() * 30);
      for (let k = 0; k < count; k++)
        parts.push(pieces[Math.floor(next() * pieces.length)] as string);
      const body = parts.join("");
      const limit = 2 + Math.floor(next() * 60);
      expect(plainText(body, limit), JSON.stringify({ body, limit })).toBe(reference(body, limit));
    }
  });

  it("cuts as before at the smallest limits, 0 and 1 included", () => {
    for (const body of ["", "a", "ab", " a b ", "<p>x</p> y", "&amp;&amp;", "\u3000z\u3000"])
      for (const limit of [0, 1, 2])
        expect(plainText(body, limit), JSON.stringify({ body, limit })).toBe(
          reference(body, limit),
        );
  });

  it("counts as white space exactly what \\s matches, for every UTF-16 code unit", () => {
    const differ: number[] = [];
    for (let code = 0; code <= 0xffff; code++)
      if (isWhiteSpace(code) !== /\s/.test(String.fromCharCode(code))) differ.push(code);
    expect(differ).toEqual([]);
  });

  it("keeps an entity named after an Object member as written", () => {
    expect(plainText("a &toString; b &valueOf;")).toBe("a &toString; b &valueOf;");
    expect(decodeEntities("&toString; &amp;")).toBe("&toString; &");
  });
});
