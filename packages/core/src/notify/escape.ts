/** The ellipsis that ends truncated text. */
export const ELLIPSIS = "…";

/**
 * Escapes text for Slack `mrkdwn`: `&`, `<` and `>` become entities, as Slack's formatting guide
 * asks, so user text can never form a link, a mention (`<!channel>`) or a date token. Emphasis
 * characters (`*`, `_`, `~`, `` ` ``) have no escape in Slack; use `plain_text` where they matter.
 * @example
 * escapeSlackMrkdwn("<!channel> a & b"); // "&lt;!channel&gt; a &amp; b"
 */
export function escapeSlackMrkdwn(text: string): string {
  return text.replace(/[&<>]/g, (char) =>
    char === "&" ? "&amp;" : char === "<" ? "&lt;" : "&gt;",
  );
}

const HTML_ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Escapes text for HTML element content and quoted attribute values.
 * @example
 * escapeHtml(`<b onclick="x">`); // "&lt;b onclick=&quot;x&quot;&gt;"
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ENTITIES[char] ?? char);
}

/** An Atlassian Document Format inline node: text (optionally a link) or a line break. */
export type AdfInline =
  | {
      /** A text node. */
      type: "text";
      /** Its text, without newlines. */
      text: string;
      /** A link or bold. */
      marks?: Array<
        | {
            /** A link. */
            type: "link";
            /** Its target. */
            attrs: {
              /** The URL. */
              href: string;
            };
          }
        | {
            /** Bold. */
            type: "strong";
          }
      >;
    }
  | {
      /** A line break. */
      type: "hardBreak";
    };

/**
 * Text as ADF inline nodes. ADF text nodes are never parsed as markup, so nothing needs escaping;
 * but a text node must not be empty and carries no newlines, so lines become text nodes separated
 * by `hardBreak` nodes and control characters are dropped.
 * @example
 * adfText({ text: "*not bold*\nsecond line" });
 * // [{ type: "text", text: "*not bold*" }, { type: "hardBreak" }, { type: "text", text: "second line" }]
 */
export function adfText(options: { text: string; link?: string; strong?: boolean }): AdfInline[] {
  const nodes: AdfInline[] = [];
  const lines = options.text.replace(/\r\n?/g, "\n").split("\n");
  for (const [index, raw] of lines.entries()) {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
    const line = raw.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "");
    if (index > 0 && nodes.length > 0) nodes.push({ type: "hardBreak" });
    if (line === "") continue;
    const marks: NonNullable<Extract<AdfInline, { type: "text" }>["marks"]> = [];
    if (options.strong) marks.push({ type: "strong" });
    if (options.link !== undefined) marks.push({ type: "link", attrs: { href: options.link } });
    nodes.push(
      marks.length > 0 ? { type: "text", text: line, marks } : { type: "text", text: line },
    );
  }
  while (nodes.at(-1)?.type === "hardBreak") nodes.pop();
  return nodes;
}

/**
 * Shortens text so that, once escaped, it is at most `max` characters (UTF-16 units, as the
 * chat services count), ending with an ellipsis when cut. Never splits a surrogate pair or an
 * escape sequence.
 * @example
 * truncateText({ text: "abcdef", max: 4 }); // "abc…"
 */
export function truncateText(options: {
  text: string;
  max: number;
  escape?: (text: string) => string;
}): string {
  const escapeOf = options.escape ?? ((text: string) => text);
  const whole = escapeOf(options.text);
  if (whole.length <= options.max) return whole;
  const budget = options.max - ELLIPSIS.length;
  let out = "";
  for (const char of options.text) {
    const piece = escapeOf(char);
    if (out.length + piece.length > budget) break;
    out += piece;
  }
  return `${out.trimEnd()}${ELLIPSIS}`;
}
