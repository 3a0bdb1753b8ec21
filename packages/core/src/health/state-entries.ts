import { err, ok, type Result } from "neverthrow";
import type { RegisterError } from "../errors.js";
import { ERROR_CODES } from "../errors.js";
import { toRegisterIssues } from "../load/zod-issues.js";
import type { JsonObject, StorageAdapter } from "../storage/port.js";
import { safeUrl } from "./display-url.js";
import {
  FEED_STATE_PREFIX,
  type FeedHealth,
  feedHealthOf,
  feedStateSchema,
} from "./feed-health.js";

/** A state document as rules see it: its key and its JSON value. */
export interface StateEntry {
  /** Key, for example `link:cert-eu`. */
  key: string;
  /** The document. */
  value: JsonObject;
}

const PAGE = 500;

/** Every state document of a tenant under `prefix`, in key order. @internal */
export async function readStateEntries(
  storage: StorageAdapter,
  tenant: string,
  prefix: string,
): Promise<StateEntry[]> {
  const out: StateEntry[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await storage.listState({
      tenant,
      prefix,
      limit: PAGE,
      ...(after === undefined ? {} : { after }),
    });
    for (const document of page) out.push({ key: document.key, value: document.value });
    if (page.length < PAGE) return out;
    after = page.at(-1)?.key;
  }
}

/**
 * A state key safe to show: everything after the first `http(s)://` shown through `safeUrl`, so a
 * feed URL's token never reaches an error.
 * @internal
 */
export function safeStateKey(key: string): string {
  const start = key.search(/https?:\/\//);
  return start < 0 ? key : `${key.slice(0, start)}${safeUrl(key.slice(start))}`;
}

/**
 * The tenant's feed health from its `feed:` state documents; a document that does not match the
 * feed state format is a `REGISTER_INVALID` error naming its key and the fields at fault.
 * @internal
 */
export async function readFeedHealth(
  storage: StorageAdapter,
  tenant: string,
): Promise<Result<FeedHealth[], RegisterError>> {
  const feeds: FeedHealth[] = [];
  for (const entry of await readStateEntries(storage, tenant, FEED_STATE_PREFIX)) {
    const parsed = feedStateSchema.safeParse(entry.value);
    if (!parsed.success) {
      return err({
        code: ERROR_CODES.REGISTER_INVALID,
        file: `tenant ${tenant}: state document ${safeStateKey(entry.key)}`,
        issues: toRegisterIssues(parsed.error.issues, entry.value, undefined),
      });
    }
    feeds.push(feedHealthOf(parsed.data));
  }
  return ok(feeds);
}
