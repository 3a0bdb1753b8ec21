import { rawText } from "./raw-text.js";
import { scanXml } from "./xml-scan.js";

type Loose = Record<string, unknown>;

/** What one streaming pass found: the format (by root element) and the fields the mapping reads. */
export interface CollectedFeed {
  /** `rss`, `atom` or `rdf`; `undefined` when the root element is none of them. */
  format: "rss" | "atom" | "rdf" | undefined;
  /** The root element's name, as written (lower-cased). */
  root: string | undefined;
  /** The feed in the shape feedsmith gives the mapping: `title` and `items` or `entries`. */
  feed: Loose;
}

// Namespaces read, by URI, to the prefix the mapping expects whatever prefix a feed declares.
const PREFIXES: Readonly<Record<string, string>> = {
  "http://purl.org/dc/elements/1.1/": "dc",
  "http://purl.org/dc/elements/1.1": "dc",
  "https://purl.org/dc/elements/1.1/": "dc",
  "https://purl.org/dc/elements/1.1": "dc",
  "http://purl.org/rss/1.0/modules/content/": "content",
  "http://purl.org/rss/1.0/modules/content": "content",
  "https://purl.org/rss/1.0/modules/content/": "content",
  "http://www.w3.org/2005/Atom": "atom",
  "https://www.w3.org/2005/Atom": "atom",
  "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf",
};

// Item fields each format keeps (canonical names); everything else is skipped unbuilt.
const RSS_FIELDS = new Set([
  "title",
  "link",
  "description",
  "content:encoded",
  "pubdate",
  "dc:date",
  "atom:updated",
  "guid",
  "category",
]);
const ATOM_FIELDS = new Set([
  "id",
  "title",
  "link",
  "summary",
  "content",
  "published",
  "updated",
  "category",
]);
const RDF_FIELDS = new Set(["title", "link", "description", "dc:date", "dc:subject"]);

/**
 * One pass of htmlparser2's tokenizer over a feed (no DOM, entities left to {@link rawText}): the text of an
 * element the mapping reads is the raw slice between its tags, read only when the element closes.
 * @internal
 */
export function collectFeed(
  text: string,
  decode: (start: number, end: number) => string = (start, end) => text.slice(start, end),
): CollectedFeed {
  let format: CollectedFeed["format"];
  let root: string | undefined;
  const feed: Loose = {};
  const items: Loose[] = [];
  let prefixes = new Map<string, string>();
  let depth = 0;
  let item: Loose | undefined;
  let itemDepth = -1;
  let fields: ReadonlySet<string> = RSS_FIELDS;
  let titleDepth = -1; // depth of the feed title's parent (the channel, or the Atom feed)
  let channelDepth = -1;
  let capture: string | undefined; // canonical name of the element whose text is being kept
  let captureDepth = -1;
  let captureStart = 0;
  let captureAttribs: Record<string, string> = {};

  const canonical = (name: string): string => {
    const colon = name.indexOf(":");
    if (colon === -1) return name;
    const prefix = prefixes.get(name.slice(0, colon));
    const full = prefix === undefined ? name : `${prefix}:${name.slice(colon + 1)}`;
    return format === "atom" && full.startsWith("atom:") ? full.slice(5) : full;
  };

  // What the element being started is to us, decided from its name when its depth makes it
  // matter (most elements are skipped without their name being read).
  let action = SKIP;
  let actionName = "";
  // Names as written → what they are read as; feeds repeat a handful of names. Cleared when a
  // root element sets the format and prefixes that reading depends on.
  const names = new Map<string, ReadName>();
  const read = (start: number, end: number): ReadName => {
    const written = text.slice(start, end);
    let name = names.get(written);
    if (name === undefined) {
      const lower = decode(start, end).toLowerCase();
      const canonicalName = canonical(lower);
      name = {
        canonical: canonicalName,
        field: fields.has(canonicalName),
        attribs: ATTRIBUTES_READ.has(lower),
      };
      names.set(written, name);
    }
    return name;
  };

  scanXml(
    text,
    {
      start(nameStart, nameEnd, at) {
        action = SKIP;
        if (capture !== undefined) return false;
        if (at === 1) {
          action = ROOT;
          actionName = decode(nameStart, nameEnd).toLowerCase();
          return true;
        }
        if (format === undefined) return false;
        if (item !== undefined) {
          if (at !== itemDepth + 1) return false;
          const name = read(nameStart, nameEnd);
          if (!name.field) return false;
          action = CAPTURE;
          actionName = name.canonical;
          return name.attribs;
        }
        const itemParent = format === "rss" ? channelDepth : 1;
        const channel = at === 2 && format !== "atom";
        const itemAt = at === itemParent + 1;
        const titleAt = at === titleDepth + 1 && !("title" in feed);
        if (!channel && !itemAt && !titleAt) return false;
        const name = read(nameStart, nameEnd);
        if (channel && name.canonical === "channel") action = CHANNEL;
        else if (itemAt && name.canonical === (format === "atom" ? "entry" : "item")) action = ITEM;
        else if (titleAt && name.canonical === "title") action = FEED_TITLE;
        else return false;
        return action !== CHANNEL && name.attribs;
      },
      open(attribs = NO_ATTRIBUTES, contentStart) {
        depth++;
        switch (action) {
          case ROOT: {
            root = actionName;
            names.clear();
            prefixes = declaredPrefixes(attribs);
            const name = canonical(actionName);
            format =
              name === "rss"
                ? "rss"
                : name === "feed" || name === "atom:feed"
                  ? "atom"
                  : name === "rdf:rdf"
                    ? "rdf"
                    : undefined;
            if (format === "atom") {
              titleDepth = 1;
              fields = ATOM_FIELDS;
            } else if (format === "rdf") fields = RDF_FIELDS;
            return;
          }
          case CAPTURE:
            startCapture(actionName, attribs, contentStart);
            return;
          case CHANNEL:
            channelDepth = 2;
            titleDepth = 2;
            return;
          case ITEM:
            item = format === "rdf" ? { rdf: { about: attr(attribs, "rdf:about") } } : {};
            itemDepth = depth;
            return;
          case FEED_TITLE:
            startCapture("feed-title", attribs, contentStart);
        }
      },
      close(contentEnd) {
        if (capture !== undefined && depth === captureDepth) {
          const value =
            contentEnd > captureStart ? rawText(decode(captureStart, contentEnd)) : undefined;
          keep(capture, value);
          capture = undefined;
        } else if (depth === itemDepth && item !== undefined) {
          items.push(item);
          item = undefined;
          itemDepth = -1;
        } else if (depth === channelDepth) {
          channelDepth = -1;
          titleDepth = -1;
        }
        depth--;
      },
    },
    decode,
  );

  function startCapture(name: string, attribs: Record<string, string>, contentStart: number): void {
    capture = name;
    captureDepth = depth;
    captureStart = contentStart;
    captureAttribs = attribs;
  }

  function keep(name: string, value: string | undefined): void {
    if (name === "feed-title") {
      feed.title = format === "atom" ? textConstruct(value, captureAttribs) : value;
      return;
    }
    const target = item as Loose;
    switch (name) {
      case "category":
        list(target, "categories").push(
          format === "atom"
            ? { term: attr(captureAttribs, "term"), label: attr(captureAttribs, "label") }
            : { name: value },
        );
        return;
      case "link":
        if (format === "atom") {
          list(target, "links").push({
            href: attr(captureAttribs, "href"),
            rel: attr(captureAttribs, "rel"),
          });
          return;
        }
        break;
      case "dc:date":
        if (value !== undefined) list(sub(target, "dc"), "dates").push(value);
        return;
      case "dc:subject":
        if (value !== undefined) list(sub(target, "dc"), "subjects").push(value);
        return;
    }
    // The rest are singular: the first occurrence counts, as in feedsmith.
    switch (name) {
      case "content:encoded":
        once(sub(target, "content"), "encoded", value);
        return;
      case "atom:updated":
        once(sub(target, "atom"), "updated", value);
        return;
      case "pubdate":
        once(target, "pubDate", value);
        return;
      case "guid":
        once(target, "guid", value === undefined ? undefined : { value });
        return;
      case "title":
      case "summary":
      case "content":
        once(target, name, format === "atom" ? textConstruct(value, captureAttribs) : value);
        return;
      default:
        once(target, name, value);
    }
  }

  if (format === "atom") feed.entries = items;
  else feed.items = items;
  return { format, root, feed };
}

/** How an element name is read: its canonical name, and what the collection does with it. */
interface ReadName {
  /** Lower-cased, with a known namespace's prefix as the mapping names it. */
  canonical: string;
  /** Whether it is an item field of the feed's format. */
  field: boolean;
  /** Whether its attributes are read (by the name as written, lower-cased). */
  attribs: boolean;
}

// What an element being started is to the collection (see `start` above).
const SKIP = 0;
const ROOT = 1;
const CAPTURE = 2;
const CHANNEL = 3;
const ITEM = 4;
const FEED_TITLE = 5;

const NO_ATTRIBUTES: Readonly<Record<string, string>> = Object.freeze({});

// Elements whose attributes the mapping reads (plus the root's namespace declarations).
const ATTRIBUTES_READ = new Set([
  "item",
  "link",
  "category",
  "title",
  "summary",
  "content",
  "atom:link",
  "atom:category",
  "atom:title",
  "atom:summary",
  "atom:content",
]);

function declaredPrefixes(attribs: Record<string, string>): Map<string, string> {
  const prefixes = new Map<string, string>();
  for (const key in attribs) {
    if (!key.startsWith("xmlns:")) continue;
    const uri = (attribs[key] as string).trim();
    // An own key only: a namespace named `constructor` is not a namespace we read.
    if (Object.hasOwn(PREFIXES, uri)) prefixes.set(key.slice(6), PREFIXES[uri] as string);
  }
  return prefixes;
}

function textConstruct(value: string | undefined, attribs: Record<string, string>): Loose {
  const type = attr(attribs, "type");
  return type === undefined ? { value } : { value, type };
}

function attr(attribs: Record<string, string>, name: string): string | undefined {
  const value = attribs[name];
  return value === undefined ? undefined : rawText(value);
}

function once(target: Loose, key: string, value: unknown): void {
  if (!(key in target)) target[key] = value;
}

function sub(target: Loose, key: string): Loose {
  let inner = target[key] as Loose | undefined;
  if (inner === undefined) {
    inner = {};
    target[key] = inner;
  }
  return inner;
}

function list(target: Loose, key: string): unknown[] {
  let values = target[key] as unknown[] | undefined;
  if (values === undefined) {
    values = [];
    target[key] = values;
  }
  return values;
}
