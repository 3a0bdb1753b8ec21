import { createHash } from "node:crypto";
import type { AlertInput } from "@sigreg/core";
import type { FeedItem } from "../sdk/types.js";

const ID_PART = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,59}$/;

/** The alert id of a feed item in a group: stable, so re-ingesting finds the same alert. */
export function alertIdOf(group: string, itemId: string): string {
  const part = ID_PART.test(itemId) ? itemId.toLowerCase() : digest(itemId).slice(0, 24);
  const id = `${group}.${part}`;
  return id.length <= 200 ? id : `feed.${digest(`${group}\n${itemId}`).slice(0, 40)}`;
}

/** Digest of what an item says, to notice an edit; independent of when it was fetched. */
export function contentHash(item: FeedItem): string {
  return digest(
    JSON.stringify([
      item.title ?? null,
      item.link ?? null,
      item.summary ?? null,
      item.published?.toISOString() ?? null,
      item.updated?.toISOString() ?? null,
      item.categories,
      item.severity ?? null,
      item.cves ?? null,
      item.products ?? null,
      item.dueDate?.toISOString() ?? null,
      item.ransomware ?? null,
    ]),
  ).slice(0, 32);
}

/** An item as the content of an alert (without relevance); links that are not http(s) are dropped. */
export function alertContentOf(
  item: FeedItem,
  group: string,
  feed: string,
  received: Date,
  cves: readonly string[],
): AlertInput & { id: string } {
  const link = httpUrl(item.link);
  const alert: AlertInput & { id: string } = {
    id: alertIdOf(group, item.id),
    group,
    title: item.title ?? item.link ?? item.id,
    received: received.toISOString(),
    severity: item.severity ?? "medium",
    cves: [...cves],
    source: {
      feed,
      itemId: item.id,
      hash: contentHash(item),
      ...(item.updated ? { updated: item.updated.toISOString() } : {}),
    },
  };
  if (link !== undefined) alert.url = link;
  if (item.summary !== undefined) alert.summary = item.summary;
  if (item.products !== undefined && item.products.length > 0) alert.products = [...item.products];
  if (item.categories.length > 0) alert.categories = [...item.categories];
  if (item.dueDate !== undefined) alert.dueDate = item.dueDate.toISOString().slice(0, 10);
  if (item.ransomware !== undefined) alert.ransomware = item.ransomware;
  return alert;
}

function httpUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function digest(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
