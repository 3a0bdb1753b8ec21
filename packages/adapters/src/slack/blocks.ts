import { escapeSlackMrkdwn, type RenderedMessage, truncateText } from "@sigreg/core";

/** Slack's documented Block Kit limits that messages are kept within. */
export const SLACK_LIMITS = {
  /** Blocks per message. */
  blocks: 50,
  /** Characters of a header block's text. */
  headerText: 150,
  /** Characters of a section block's text. */
  sectionText: 3000,
  /** Fields of a section block. */
  sectionFields: 10,
  /** Characters of one section field. */
  fieldText: 2000,
  /** Elements of an actions block. */
  actionsElements: 25,
  /** Characters of a button's text. */
  buttonText: 75,
  /** Characters of a button's URL. */
  buttonUrl: 3000,
  /** Characters of a context element's text (and of the fallback `text`, kept short on purpose). */
  contextText: 3000,
} as const;

/** A Block Kit block, as far as the notifier builds them. @internal */
export type SlackBlock = { type: string } & Record<string, unknown>;

const plain = (text: string, max: number) => ({
  type: "plain_text",
  text: truncateText({ text, max }),
  emoji: false,
});
const mrkdwn = (text: string) => ({ type: "mrkdwn", text });
const esc = (text: string, max: number) => truncateText({ text, max, escape: escapeSlackMrkdwn });

/** A URL inside `<url|label>`: entities for `&<>` and `|` percent-encoded, so it cannot end early. */
function linkUrl(url: string): string {
  return escapeSlackMrkdwn(url).replaceAll("|", "%7C");
}

const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();

function itemLine(item: RenderedMessage["items"][number]): string {
  const title = esc(oneLine(item.title), 300);
  // A very long URL would not fit a section line; the item is then shown without its link.
  const url = item.url === undefined ? undefined : linkUrl(item.url);
  const head = url !== undefined && url.length <= 2000 ? `<${url}|${title}>` : title;
  return `• ${head}${item.text ? ` — ${esc(oneLine(item.text), 300)}` : ""}`;
}

/** Item lines packed into as few section texts as fit the section limit. */
function packLines(lines: string[]): string[] {
  const packs: string[] = [];
  let current = "";
  for (const line of lines) {
    const next = current === "" ? line : `${current}\n${line}`;
    if (next.length <= SLACK_LIMITS.sectionText) current = next;
    else {
      if (current !== "") packs.push(current);
      current = line;
    }
  }
  if (current !== "") packs.push(current);
  return packs;
}

/**
 * The Block Kit payload for a rendered message: a header, the paragraphs as `plain_text` sections
 * (never parsed), fields and items as escaped `mrkdwn`, links as buttons and the footer as context,
 * cut to fit {@link SLACK_LIMITS} (an ellipsis where text is cut, "…and N more" where items are).
 * @internal
 */
export function slackPayload(message: RenderedMessage): { text: string; blocks: SlackBlock[] } {
  const head: SlackBlock[] = [
    { type: "header", text: plain(message.title, SLACK_LIMITS.headerText) },
  ];
  const tail: SlackBlock[] = [];
  if (message.fields.length > 0) {
    tail.push({
      type: "section",
      fields: message.fields
        .slice(0, SLACK_LIMITS.sectionFields)
        .map((field) =>
          mrkdwn(
            `*${esc(oneLine(field.label), 200)}*\n${esc(field.value, SLACK_LIMITS.fieldText - 210)}`,
          ),
        ),
    });
  }
  const buttons = message.links
    .filter((link) => link.url.length <= SLACK_LIMITS.buttonUrl)
    .slice(0, SLACK_LIMITS.actionsElements)
    .map((link, index) => ({
      type: "button",
      action_id: `sigreg-link-${index}`,
      text: plain(link.label, SLACK_LIMITS.buttonText),
      url: link.url,
    }));
  if (buttons.length > 0) tail.push({ type: "actions", elements: buttons });
  if (message.footer) {
    tail.push({ type: "context", elements: [plain(message.footer, SLACK_LIMITS.contextText)] });
  }

  let free = SLACK_LIMITS.blocks - head.length - tail.length;
  const body: SlackBlock[] = [];
  const paragraphs = [...message.paragraphs];
  // Paragraphs beyond the free blocks are joined into the last one, which is then cut.
  const reserveForItems = message.items.length > 0 ? Math.min(2, free - 1) : 0;
  const paragraphSlots = Math.max(0, free - reserveForItems);
  if (paragraphs.length > paragraphSlots && paragraphSlots > 0) {
    const rest = paragraphs.splice(paragraphSlots - 1).join("\n\n");
    paragraphs.push(rest);
  }
  for (const paragraph of paragraphs.slice(0, paragraphSlots)) {
    body.push({ type: "section", text: plain(paragraph, SLACK_LIMITS.sectionText) });
  }
  free -= body.length;

  const packs = packLines(message.items.map(itemLine));
  if (packs.length <= free) {
    for (const pack of packs) body.push({ type: "section", text: mrkdwn(pack) });
  } else if (free > 0) {
    const shown = packs.slice(0, free - 1);
    for (const pack of shown) body.push({ type: "section", text: mrkdwn(pack) });
    const shownItems = shown.reduce((count, pack) => count + pack.split("\n").length, 0);
    const more = message.items.length - shownItems;
    body.push({
      type: "context",
      elements: [mrkdwn(`…and ${more} more item${more === 1 ? "" : "s"}`)],
    });
  }
  return {
    text: esc(message.title, SLACK_LIMITS.contextText),
    blocks: [...head, ...body, ...tail],
  };
}
