import { type RenderedMessage, truncateText } from "@sigreg/core";

/** Limits the Teams card is kept within. */
export const TEAMS_LIMITS = {
  /** Bytes of the whole message: Teams refuses messages over about 28 KB. */
  messageBytes: 27_000,
  /** Buttons Teams shows on a card. */
  actions: 6,
  /** Items listed before the rest is counted as "…and N more". */
  items: 50,
  /** Paragraphs shown before the rest is joined into the last. */
  paragraphs: 20,
  /** Characters of one paragraph. */
  paragraphText: 2000,
  /** Characters of all paragraphs together, so that items still fit beside them. */
  bodyText: 12_000,
  /** Characters of a title, field, item or button text. */
  shortText: 200,
} as const;

/** The Adaptive Card schema version sent (supported by Teams on every client). */
export const ADAPTIVE_CARD_VERSION = "1.5";

type Element = { type: string } & Record<string, unknown>;

const short = (text: string) => truncateText({ text, max: TEAMS_LIMITS.shortText });

/** A TextRun: Adaptive Cards never parse a TextRun as Markdown, unlike a TextBlock. */
function run(text: string, extra: Record<string, unknown> = {}): Element {
  return { type: "TextRun", text, ...extra };
}

function richText(inlines: Element[], extra: Record<string, unknown> = {}): Element {
  return { type: "RichTextBlock", inlines, ...extra };
}

/** Paragraphs within the count and the text budget; the one that crosses the budget is cut. */
function paragraphsOf(paragraphs: string[], count: number): string[] {
  const joined =
    paragraphs.length <= count
      ? paragraphs
      : [...paragraphs.slice(0, count - 1), paragraphs.slice(count - 1).join("\n\n")];
  const out: string[] = [];
  let budget: number = TEAMS_LIMITS.bodyText;
  for (const paragraph of joined) {
    const max = Math.min(budget, TEAMS_LIMITS.paragraphText);
    if (max < 100) break;
    const text = truncateText({ text: paragraph, max });
    out.push(text);
    budget -= text.length;
  }
  return out;
}

function cardOf(message: RenderedMessage, shownItems: number, paragraphCount: number) {
  const body: Element[] = [
    richText([run(short(message.title), { weight: "Bolder", size: "Large" })]),
  ];
  for (const paragraph of paragraphsOf(message.paragraphs, paragraphCount)) {
    body.push(richText([run(paragraph)]));
  }
  for (const field of message.fields.slice(0, 20)) {
    body.push(
      richText([run(`${short(field.label)}: `, { weight: "Bolder" }), run(short(field.value))]),
    );
  }
  for (const item of message.items.slice(0, shownItems)) {
    const title = run(`• ${short(item.title)}`, {
      ...(item.url ? { selectAction: { type: "Action.OpenUrl", url: item.url } } : {}),
    });
    body.push(
      richText(item.text ? [title, run(` — ${short(item.text)}`, { isSubtle: true })] : [title]),
    );
  }
  const more = message.items.length - Math.min(shownItems, message.items.length);
  if (more > 0)
    body.push(
      richText([run(`…and ${more} more item${more === 1 ? "" : "s"}`, { isSubtle: true })]),
    );
  if (message.footer)
    body.push(richText([run(short(message.footer), { isSubtle: true, size: "Small" })]));
  return {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        contentUrl: null,
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: ADAPTIVE_CARD_VERSION,
          body,
          actions: message.links.slice(0, TEAMS_LIMITS.actions).map((link) => ({
            type: "Action.OpenUrl",
            title: short(link.label),
            url: link.url,
          })),
          msteams: { width: "Full" },
        },
      },
    ],
  };
}

/**
 * The Workflows webhook message for a rendered message: an Adaptive Card whose user text is all in
 * `TextRun`s (never parsed as Markdown), links as `Action.OpenUrl`, shrunk to fit
 * {@link TEAMS_LIMITS}: items are dropped (and counted) before paragraphs are. Returns the JSON.
 * @internal
 */
export function teamsMessageJson(message: RenderedMessage): string {
  let items = Math.min(message.items.length, TEAMS_LIMITS.items);
  let paragraphs: number = TEAMS_LIMITS.paragraphs;
  let json = JSON.stringify(cardOf(message, items, paragraphs));
  while (Buffer.byteLength(json) > TEAMS_LIMITS.messageBytes && (items > 0 || paragraphs > 1)) {
    if (items > 0) items = Math.floor(items / 2);
    else paragraphs = Math.max(1, Math.floor(paragraphs / 2));
    json = JSON.stringify(cardOf(message, items, paragraphs));
  }
  return json;
}
