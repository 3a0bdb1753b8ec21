import type { Group, JsonObject, Sigreg } from "@sigreg/core";
import { displayUrl } from "../feed/display-url.js";
import type { SafeFetcher } from "../fetch/options.js";
import { linkStateKey, linkStateSchema } from "./link-state.js";
import { type LinkProbe, probeLink } from "./probe.js";

/** Options of {@link checkLinks}. */
export interface CheckLinksOptions {
  /** The engine whose storage keeps the tenant's groups and the link state. */
  sigreg: Sigreg;
  /** Tenant id. */
  tenant: string;
  /** The fetch function: the safe fetcher of `@sigreg/plugins/fetch`. */
  fetch: SafeFetcher;
  /** The clock for `lastCheckedAt`. @default () => new Date() */
  now?: () => Date;
  /** Only these groups; every live group with an http(s) website when absent. */
  groups?: readonly string[];
  /** Checks in flight at once (the fetcher also limits each host). @default 4 */
  concurrency?: number;
  /** Aborts the checks still running; checks cut short are neither recorded nor reported. */
  signal?: AbortSignal;
}

/** The outcome of one group's website check. */
export interface LinkCheckResult extends LinkProbe {
  /** Group id. */
  groupId: string;
  /** The website, without credentials or query. */
  url: string;
  /** Failed checks in a row, this one included. */
  consecutiveFailures: number;
  /** False when the state document kept changing under concurrent runs and was not written. */
  recorded: boolean;
}

/** What {@link checkLinks} did. */
export interface LinkCheckSummary {
  /** One result per group checked to the end, in group id order. */
  results: LinkCheckResult[];
  /** Sites that answered. */
  ok: number;
  /** Sites that did not. */
  failed: number;
}

const MAX_WRITE_ATTEMPTS = 5;

/**
 * Checks every live group's website (HEAD, then GET when HEAD is refused) and records each outcome
 * in the tenant's `link:<group id>` state document, counting failures in a row; the
 * `group-link-dead` rule of {@link linkCheckPlugin} reads them when the tenant is evaluated.
 * @example
 * const fetch = createFetcher();
 * const summary = await checkLinks({ sigreg, tenant: "acme", fetch });
 * console.log(`${summary.failed} of ${summary.results.length} websites did not answer`);
 */
export async function checkLinks(options: CheckLinksOptions): Promise<LinkCheckSummary> {
  const { sigreg, tenant, fetch } = options;
  const now = options.now ?? (() => new Date());
  const wanted = options.groups === undefined ? undefined : new Set(options.groups);
  const groups: Group[] = [];
  for await (const { value } of sigreg.tenant(tenant).groups.list()) {
    if (wanted !== undefined && !wanted.has(value.id)) continue;
    if (value.membership?.status === "ended" || !isWebUrl(value.url)) continue;
    groups.push(value);
  }
  const slots: (LinkCheckResult | undefined)[] = new Array(groups.length);
  let next = 0;
  const aborted = () => options.signal?.aborted === true;
  const worker = async () => {
    while (next < groups.length && !aborted()) {
      const position = next++;
      const group = groups[position] as Group & { url: string };
      const probe = await probeLink(fetch, group.url, options.signal);
      // An aborted run says nothing about the site: it is neither recorded nor reported.
      if (aborted()) return;
      const written = await record(sigreg, tenant, group.id, group.url, probe, now());
      slots[position] = { groupId: group.id, url: displayUrl(group.url), ...probe, ...written };
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 4, groups.length));
  await Promise.all(Array.from({ length: workers }, worker));
  const results = slots.filter((result) => result !== undefined);
  const ok = results.filter((result) => result.ok).length;
  return { results, ok, failed: results.length - ok };
}

function isWebUrl(url: string | undefined): url is string {
  return url !== undefined && /^https?:\/\//i.test(url);
}

/** Writes the outcome with a compare-and-set, so two runs at once count each failure once. */
async function record(
  sigreg: Sigreg,
  tenant: string,
  groupId: string,
  url: string,
  probe: LinkProbe,
  at: Date,
): Promise<{ consecutiveFailures: number; recorded: boolean }> {
  const key = linkStateKey(groupId);
  for (let attempt = 1; ; attempt += 1) {
    const current = await sigreg.storage.getState({ tenant, key });
    const previous = linkStateSchema.safeParse(current?.value);
    // A check of another URL (the website changed) starts the count again.
    const before =
      previous.success && previous.data.url === url ? previous.data.consecutiveFailures : 0;
    const consecutiveFailures = probe.ok ? 0 : before + 1;
    const value: JsonObject = {
      url,
      lastCheckedAt: at.toISOString(),
      ok: probe.ok,
      consecutiveFailures,
      ...(probe.status === undefined ? {} : { status: probe.status }),
      ...(probe.error === undefined ? {} : { error: { ...probe.error } }),
    };
    const written = await sigreg.storage.putState({
      tenant,
      key,
      value,
      expectedVersion: current?.version ?? 0,
    });
    if (written.isOk() || attempt >= MAX_WRITE_ATTEMPTS)
      return { consecutiveFailures, recorded: written.isOk() };
  }
}
