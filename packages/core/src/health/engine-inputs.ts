import { err, ok, type Result } from "neverthrow";
import type { RegisterError } from "../errors.js";
import type { Rule } from "../rules/types.js";
import type { StorageAdapter } from "../storage/port.js";
import type { FeedHealth } from "./feed-health.js";
import { readFeedHealth, readStateEntries, type StateEntry } from "./state-entries.js";

/** What {@link readEvaluationInputs} reads: the `feeds` and `state` options of `evaluate`. */
export interface EvaluationInputs {
  /** Feed health from the `feed:` state documents. */
  feeds: FeedHealth[];
  /** State documents under the rules' `statePrefixes`, in key order. */
  state: StateEntry[];
}

/**
 * What `tenant.evaluate` adds to an evaluation from a tenant's state documents: feed health, and
 * the documents under every prefix the rules declare (each document once, in key order). For
 * callers that evaluate a snapshot themselves; a malformed feed state document is
 * `REGISTER_INVALID` naming its key.
 * @example
 * const inputs = await readEvaluationInputs({ storage, tenant: "acme", rules: [] });
 * if (inputs.isOk()) evaluate(register, { asOf, ...inputs.value });
 */
export async function readEvaluationInputs(options: {
  storage: StorageAdapter;
  tenant: string;
  rules?: readonly Rule[];
}): Promise<Result<EvaluationInputs, RegisterError>> {
  return readHealthInputs(options.storage, options.tenant, options.rules ?? []);
}

/** @internal */
export async function readHealthInputs(
  storage: StorageAdapter,
  tenant: string,
  rules: readonly Rule[],
): Promise<Result<EvaluationInputs, RegisterError>> {
  const feeds = await readFeedHealth(storage, tenant);
  if (feeds.isErr()) return err(feeds.error);
  const prefixes = new Set(rules.flatMap((rule) => rule.statePrefixes ?? []));
  const byKey = new Map<string, StateEntry>();
  for (const prefix of prefixes)
    for (const entry of await readStateEntries(storage, tenant, prefix))
      byKey.set(entry.key, entry);
  const state = [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return ok({ feeds: feeds.value, state });
}
