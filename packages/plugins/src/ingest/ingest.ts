import {
  type Alert,
  type AlertInput,
  alertSchema,
  type Group,
  type OrganisationProfile,
  type SigregError,
  type SigregTenant,
} from "@sigreg/core";
import { err, ok, type Result } from "neverthrow";
import { type AlertRelevanceWeights, scoreAlert } from "../relevance/score-alert.js";
import { extractCves } from "../relevance/text-match.js";
import type { PluginDiagnostic } from "../sdk/guard.js";
import type { PluginHost } from "../sdk/host.js";
import type { FeedItem } from "../sdk/types.js";
import { alertContentOf } from "./alert-of-item.js";

/** Input of {@link ingest}. */
export interface IngestInput {
  /** The tenant the alerts are stored in. */
  tenant: SigregTenant;
  /** The group whose feed the items came from (it must exist in the tenant). */
  group: Group;
  /** The feed URL, recorded as each alert's `source.feed`; pass it through `displayUrl` if it holds a credential. */
  feed: string;
  /** What the source found. */
  items: readonly FeedItem[];
  /** The organisation profile the alerts are scored against. */
  profile: OrganisationProfile;
  /** When the items were received; the `received` date of new alerts. */
  receivedAt: Date;
  /** Routing threshold, 0–100; alerts below it are stored with `relevance.push: false`. @default 50 */
  threshold?: number;
  /** Weights of the built-in relevance factors. */
  weights?: Partial<AlertRelevanceWeights>;
  /** Plugins whose scorers add factors and whose `onAlert` hooks see each new or updated alert. */
  host?: PluginHost;
}

/** What an ingestion did. */
export interface IngestSummary {
  /** Items given. */
  seen: number;
  /** Ids of alerts created. */
  created: string[];
  /** Ids of alerts whose content was updated (their triage kept). */
  updated: string[];
  /** Items already stored as they are (or older than what is stored). */
  unchanged: number;
  /** Alerts created or updated whose relevance reached the threshold. */
  relevant: string[];
  /** Items skipped because they could not become a valid alert, naming the item and the path. */
  skipped: string[];
  /** Plugin scorers and hooks that failed. */
  diagnostics: PluginDiagnostic[];
}

/**
 * Turns feed items into alerts of a group, deduplicated by (group, item id or link): an item
 * already stored with the same content changes nothing; one whose content changed updates its
 * alert and keeps its triage; an item older (by `updated`) than the stored one is ignored.
 * @example
 * const summary = await ingest({ tenant, group, feed: url, items, profile, receivedAt: new Date() });
 */
export async function ingest(input: IngestInput): Promise<Result<IngestSummary, SigregError>> {
  const { tenant, group, feed } = input;
  const summary: IngestSummary = {
    seen: input.items.length,
    created: [],
    updated: [],
    unchanged: 0,
    relevant: [],
    skipped: [],
    diagnostics: [],
  };
  const stored = await storedAlerts(tenant, group.id);
  const fresh: Alert[] = [];
  const changed: Alert[] = [];
  const handled = new Set<string>();
  for (const [index, item] of input.items.entries()) {
    const existing =
      stored.byItem.get(item.id) ?? (item.link ? stored.byLink.get(item.link) : undefined);
    const draft = alertContentOf(item, group.id, feed, existing?.received ?? input.receivedAt, []);
    if (existing !== undefined) draft.id = existing.id;
    if (handled.has(draft.id)) {
      summary.unchanged++; // the same item twice in one document
      continue;
    }
    handled.add(draft.id);
    if (existing !== undefined && !isNewer(item, draft, existing)) {
      summary.unchanged++;
      continue;
    }
    const alert = score(draft, item, input, summary);
    if (typeof alert === "string") {
      summary.skipped.push(`${feed}: item ${index} (${item.id}): ${alert}`);
      continue;
    }
    (existing === undefined ? fresh : changed).push(alert);
  }
  const events: { alert: Alert; created: boolean }[] = [];
  if (fresh.length > 0) {
    const recorded = await tenant.recordAlerts(fresh);
    if (recorded.isErr()) return err(recorded.error);
    const inserted = new Set(recorded.value.inserted);
    for (const alert of fresh) if (inserted.has(alert.id)) events.push({ alert, created: true });
  }
  for (const alert of changed) {
    const updated = await tenant.updateAlert(alert);
    if (updated.isErr()) return err(updated.error);
    events.push({ alert: updated.value.value, created: false }); // as stored: triage kept
  }
  for (const { alert, created } of events) {
    (created ? summary.created : summary.updated).push(alert.id);
    if (alert.relevance?.push) summary.relevant.push(alert.id);
  }
  if (input.host !== undefined)
    for (const event of events)
      summary.diagnostics.push(
        ...(await input.host.runHook("onAlert", event, { tenant: tenant.id })),
      );
  return ok(summary);
}

function score(
  draft: AlertInput & { id: string },
  item: FeedItem,
  input: IngestInput,
  summary: IngestSummary,
): Alert | string {
  const text = [item.title ?? "", item.summary ?? ""].join(" ");
  draft.cves = [...new Set([...(item.cves ?? []), ...extractCves(text)])];
  const parsed = alertSchema.safeParse(draft);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return `${issue?.path.join(".")}: expected a valid alert field (${issue?.message})`;
  }
  const relevance = scoreAlert(parsed.data, input.group, input.profile, {
    asOf: input.receivedAt,
    ...(input.threshold === undefined ? {} : { threshold: input.threshold }),
    ...(input.weights === undefined ? {} : { weights: input.weights }),
    ...(input.host === undefined ? {} : { scorers: input.host.scorers }),
  });
  summary.diagnostics.push(...relevance.diagnostics);
  const reasons = relevance.factors
    .filter((factor) => factor.applicable && factor.contribution > 0)
    .map((factor) => `${factor.id}: ${factor.reason}`);
  return { ...parsed.data, relevance: { score: relevance.score, push: relevance.push, reasons } };
}

function isNewer(item: FeedItem, draft: { source?: { hash: string } }, existing: Alert): boolean {
  if (existing.source?.hash === draft.source?.hash) return false;
  const before = existing.source?.updated;
  return !(item.updated !== undefined && before !== undefined && item.updated < before);
}

async function storedAlerts(tenant: SigregTenant, group: string) {
  const byItem = new Map<string, Alert>();
  const byLink = new Map<string, Alert>();
  for await (const alert of tenant.alerts()) {
    if (alert.group !== group) continue;
    if (alert.source !== undefined) byItem.set(alert.source.itemId, alert);
    if (alert.url !== undefined) byLink.set(alert.url, alert);
  }
  return { byItem, byLink };
}
