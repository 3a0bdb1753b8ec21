import { escapeHtml } from "../notify/escape.js";

/** First characters a spreadsheet may read as the start of a formula (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r\0]/;

/**
 * Neutralises a cell a spreadsheet could run as a formula: text beginning with `=`, `+`, `-`, `@`,
 * tab, carriage return or NUL gets a leading single quote, as OWASP's CSV-injection guidance advises.
 * @example
 * neutraliseFormula("=HYPERLINK(\"http://x\")"); // "'=HYPERLINK(\"http://x\")"
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One CSV field per RFC 4180: neutralised, then quoted when it holds a comma, quote or line break. */
export function csvField(value: string | number | null): string {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  const text = neutraliseFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Markdown punctuation that could open emphasis, code, links, tables or strikethrough. */
const MARKDOWN_SPECIAL = /[\\`*_[\]|~]/g;

/**
 * User text made inert in Markdown (GitHub and CommonMark) and safe in a table cell: HTML is
 * escaped as entities, Markdown punctuation and pipes are backslash-escaped, line breaks become
 * spaces.
 * @example
 * escapeMarkdown("<img src=x> *a*|b"); // "&lt;img src=x&gt; \\*a\\*\\|b"
 */
export function escapeMarkdown(text: string): string {
  return escapeHtml(text)
    .replace(MARKDOWN_SPECIAL, (char) => `\\${char}`)
    .replace(/\r\n|\r|\n/g, " ");
}
