import { escapeHtml, type RenderedMessage } from "@sigreg/core";

const lines = (text: string) => escapeHtml(text).replace(/\r?\n/g, "<br>");
const anchor = (url: string, label: string) =>
  `<a href="${escapeHtml(url)}">${escapeHtml(label)}</a>`;

/**
 * The HTML part of an email: every piece of text escaped, links only from validated http(s) URLs,
 * inline styles only (mail clients drop `<style>` and scripts).
 * @internal
 */
export function renderHtml(message: RenderedMessage): string {
  const parts: string[] = [`<h2 style="margin:0 0 12px">${escapeHtml(message.title)}</h2>`];
  for (const paragraph of message.paragraphs) parts.push(`<p>${lines(paragraph)}</p>`);
  if (message.fields.length > 0) {
    const rows = message.fields
      .map(
        (field) =>
          `<tr><th align="left" style="padding:2px 12px 2px 0">${escapeHtml(field.label)}</th><td>${lines(field.value)}</td></tr>`,
      )
      .join("");
    parts.push(`<table cellpadding="0" cellspacing="0">${rows}</table>`);
  }
  if (message.items.length > 0) {
    const items = message.items
      .map((item) => {
        const title = item.url ? anchor(item.url, item.title) : escapeHtml(item.title);
        return `<li>${title}${item.text ? ` — ${escapeHtml(item.text)}` : ""}</li>`;
      })
      .join("");
    parts.push(`<ul>${items}</ul>`);
  }
  if (message.links.length > 0) {
    parts.push(`<p>${message.links.map((link) => anchor(link.url, link.label)).join(" · ")}</p>`);
  }
  if (message.footer) {
    parts.push(`<p style="color:#666;font-size:12px">${escapeHtml(message.footer)}</p>`);
  }
  return `<!doctype html><html><body style="font-family:sans-serif">${parts.join("\n")}</body></html>`;
}
