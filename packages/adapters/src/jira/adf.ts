import { type AdfInline, adfText, type RenderedMessage } from "@sigreg/core";

/** An ADF block node, as far as the notifier builds them. @internal */
export type AdfBlock =
  | { type: "paragraph"; content: AdfInline[] }
  | { type: "bulletList"; content: Array<{ type: "listItem"; content: AdfBlock[] }> };

/** An Atlassian Document Format document. @internal */
export interface AdfDocument {
  type: "doc";
  version: 1;
  content: AdfBlock[];
}

const paragraph = (content: AdfInline[]): AdfBlock => ({ type: "paragraph", content });

/** A paragraph per piece, skipping pieces that leave no text. */
function paragraphs(pieces: AdfInline[][]): AdfBlock[] {
  return pieces.filter((content) => content.length > 0).map(paragraph);
}

/**
 * A rendered message as an ADF description: paragraphs, fields as bold label and value, items as
 * a bullet list, links as link-marked text. All user text goes into text nodes, which Jira never
 * parses as markup (no wiki markup, no Markdown).
 * @internal
 */
export function adfDescription(message: RenderedMessage): AdfDocument {
  const content: AdfBlock[] = paragraphs(message.paragraphs.map((text) => adfText({ text })));
  content.push(
    ...paragraphs(
      message.fields.map((field) => {
        const value = adfText({ text: field.value });
        return value.length === 0
          ? []
          : [...adfText({ text: `${field.label}: `, strong: true }), ...value];
      }),
    ),
  );
  const items = message.items
    .map((item) => [
      ...adfText({ text: item.title, ...(item.url ? { link: item.url } : {}) }),
      ...(item.text ? adfText({ text: ` — ${item.text}` }) : []),
    ])
    .filter((inline) => inline.length > 0);
  if (items.length > 0) {
    content.push({
      type: "bulletList",
      content: items.map((inline) => ({ type: "listItem", content: [paragraph(inline)] })),
    });
  }
  content.push(
    ...paragraphs(message.links.map((link) => adfText({ text: link.label, link: link.url }))),
  );
  if (message.footer) content.push(...paragraphs([adfText({ text: message.footer })]));
  return { type: "doc", version: 1, content };
}
