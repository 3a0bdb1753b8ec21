import type { FeedItem } from "../sdk/types.js";
import type { ParsedFeed } from "./feed-parser.js";
import { plainText } from "./text.js";

type Loose = Record<string, unknown>;

const SEVERITIES: Readonly<Record<string, FeedItem["severity"]>> = {
  critical: "critical",
  high: "high",
  moderate: "medium",
  medium: "medium",
  low: "low",
  info: "info",
};

/** The severity a GitHub advisory category's term names, if it names one we know. */
function severityOf(term: unknown): FeedItem["severity"] {
  const name = String(term).toLowerCase();
  return Object.hasOwn(SEVERITIES, name) ? SEVERITIES[name] : undefined;
}

/** RSS 0.9x / 2.0 items. @internal */
export function mapRss(feed: Loose): ParsedFeed {
  return withTitle(
    "rss",
    feed.title,
    list(feed.items).map((item) => {
      const guid = str(obj(item.guid).value) ?? str(item.guid);
      const link = str(item.link) ?? (isUrl(guid) ? guid : undefined);
      const categories = list(item.categories).map((category) => str(category.name));
      return build({
        id: guid ?? link,
        title: item.title,
        link,
        summary: str(obj(item.content).encoded) ?? item.description,
        published: item.pubDate ?? first(obj(item.dc).dates),
        updated: obj(item.atom).updated,
        categories,
      });
    }),
  );
}

/** Atom entries; GitHub advisory feeds carry the severity as a category labelled `severity`. @internal */
export function mapAtom(feed: Loose): ParsedFeed {
  return withTitle(
    "atom",
    textOf(feed.title),
    list(feed.entries).map((entry) => {
      const links = list(entry.links);
      const alternate =
        links.find((link) => link.rel === undefined || link.rel === "alternate") ?? links[0];
      const categories = list(entry.categories);
      const severity = categories.find((category) => category.label === "severity");
      return build({
        id: str(entry.id) ?? str(alternate?.href),
        title: textOf(entry.title),
        htmlTitle: isHtml(entry.title),
        link: str(alternate?.href),
        summary: textOf(entry.summary) ?? textOf(entry.content),
        // Atom text is text only when it says so; otherwise treat it as HTML and strip tags.
        textSummary: obj(entry.summary ?? entry.content).type === "text",
        published: entry.published,
        updated: entry.updated,
        categories: categories
          .filter((category) => category !== severity)
          .map((category) => str(category.label) ?? str(category.term)),
        severity: severityOf(severity?.term),
      });
    }),
  );
}

/** RSS 1.0 (RDF) items. @internal */
export function mapRdf(feed: Loose): ParsedFeed {
  return withTitle(
    "rdf",
    feed.title,
    list(feed.items).map((item) => {
      const dc = obj(item.dc);
      return build({
        id: str(obj(item.rdf).about) ?? str(item.link),
        title: item.title,
        link: item.link,
        summary: item.description,
        published: first(dc.dates),
        updated: undefined,
        categories: [],
        categoryText: Array.isArray(dc.subjects) ? dc.subjects.map(String) : [],
      });
    }),
  );
}

/** JSON Feed 1.0 / 1.1 items. @internal */
export function mapJson(feed: Loose): ParsedFeed {
  return withTitle(
    "json",
    feed.title,
    list(feed.items).map((item) =>
      build({
        id: str(item.id) ?? str(item.url),
        title: item.title,
        link: str(item.url) ?? str(item.external_url),
        summary: item.summary ?? item.content_text ?? item.content_html,
        textSummary: item.summary !== undefined || item.content_text !== undefined,
        published: item.date_published,
        updated: item.date_modified,
        categories: [],
        categoryText: Array.isArray(item.tags) ? item.tags.map(String) : [],
      }),
    ),
  );
}

interface Draft {
  id: string | undefined;
  title: unknown;
  link: unknown;
  summary: unknown;
  published: unknown;
  updated: unknown;
  categories: (string | undefined)[];
  categoryText?: string[];
  severity?: FeedItem["severity"];
  /** The title is HTML (Atom `type="html"`), not text. */
  htmlTitle?: boolean;
  /** The summary is text (Atom `type="text"`, JSON Feed `summary`/`content_text`), not HTML. */
  textSummary?: boolean;
}

function build(draft: Draft): FeedItem | undefined {
  const title = draft.htmlTitle ? plainText(str(draft.title), 500) : oneLine(str(draft.title), 500);
  const link = str(draft.link)?.trim();
  const id = draft.id?.trim() || link || undefined;
  if (id === undefined) return undefined; // nothing to deduplicate it by: not an item we can keep
  const item: FeedItem = { id, categories: [] };
  if (title !== undefined) item.title = title;
  if (link !== undefined && link !== "") item.link = link;
  const summary = draft.textSummary ? oneLine(str(draft.summary)) : plainText(str(draft.summary));
  if (summary !== undefined) item.summary = summary;
  const published = dateOf(draft.published);
  if (published !== undefined) item.published = published;
  const updated = dateOf(draft.updated);
  if (updated !== undefined) item.updated = updated;
  for (const category of [...draft.categories, ...(draft.categoryText ?? [])]) {
    const clean = category?.trim();
    if (clean) item.categories.push(clean);
  }
  if (draft.severity !== undefined) item.severity = draft.severity;
  return item;
}

function withTitle(
  format: ParsedFeed["format"],
  title: unknown,
  items: (FeedItem | undefined)[],
): ParsedFeed {
  const kept = items.filter((item): item is FeedItem => item !== undefined);
  const feedTitle = oneLine(str(title), 500);
  return feedTitle === undefined
    ? { format, items: kept }
    : { format, title: feedTitle, items: kept };
}

function oneLine(text: string | undefined, maxLength = 2000): string | undefined {
  // Like `.replace(/\s+/g, " ")`, leaving the single spaces alone (most text is then unchanged).
  const line = text?.replace(SPACES, " ").trim();
  if (line === undefined || line === "") return undefined;
  return line.length > maxLength ? `${line.slice(0, maxLength - 1)}…` : line;
}

const SPACES = /\s\s+|[^\S ]/g;

function isHtml(value: unknown): boolean {
  const type = obj(value).type;
  return type === "html" || type === "xhtml";
}

function textOf(value: unknown): string | undefined {
  return str(value) ?? str(obj(value).value);
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined;
}

function obj(value: unknown): Loose {
  return value !== null && typeof value === "object" ? (value as Loose) : {};
}

function list(value: unknown): Loose[] {
  return Array.isArray(value) ? value.map(obj) : [];
}

function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : undefined;
}

function isUrl(value: string | undefined): boolean {
  return value !== undefined && /^https?:\/\//i.test(value);
}

function dateOf(value: unknown): Date | undefined {
  const text = str(value);
  if (text === undefined) return undefined;
  const time = Date.parse(text.trim());
  return Number.isNaN(time) ? undefined : new Date(time);
}
