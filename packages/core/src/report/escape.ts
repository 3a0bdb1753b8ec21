import { escapeHtml } from "../notify/escape.js";

/** Text escaped for HTML element content and quoted attribute values. @internal */
export const esc = escapeHtml;

/**
 * The URL when it is safe to put in an `href`: an absolute http, https or mailto URL. Anything
 * else (`javascript:`, `data:`, relative or unparsable) gives `undefined`, so it is shown as text.
 * @internal
 */
export function safeHref(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return undefined;
  }
  return parsed.protocol === "http:" ||
    parsed.protocol === "https:" ||
    parsed.protocol === "mailto:"
    ? parsed.href
    : undefined;
}

/** A link when the URL is safe, otherwise the label (or the URL) as plain text. @internal */
export function link(url: string | undefined, label?: string): string {
  const text = esc(label ?? url ?? "");
  const href = safeHref(url);
  return href === undefined ? text : `<a href="${esc(href)}" rel="noopener noreferrer">${text}</a>`;
}

/** A UTC day as `YYYY-MM-DD`, or an em dash when there is none. @internal */
export function day(date: Date | undefined | null): string {
  return date === undefined || date === null ? "—" : date.toISOString().slice(0, 10);
}

/** A share from 0 to 1 as a whole percentage, or an em dash. @internal */
export function percent(share: number | null): string {
  return share === null ? "—" : `${Math.round(share * 100)}%`;
}

/** A count with its noun, singular for one: `counted(1, "group")` is `1 group`. @internal */
export function counted(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}
