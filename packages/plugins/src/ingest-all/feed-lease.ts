import type { StorageAdapter } from "@sigreg/core";
import { err, ok, type Result } from "neverthrow";
import { type FeedStateInvalid, feedLeaseKey, loadFeedLease } from "./feed-state.js";

/** Where a feed's lease is and who asks for it. */
export interface FeedLeaseTarget {
  /** The storage holding the lease document. */
  storage: StorageAdapter;
  /** The tenant. */
  tenant: string;
  /** The group. */
  groupId: string;
  /** The feed URL. */
  url: string;
  /** The worker claiming it. */
  owner: string;
}

/** A lease this worker holds: the version to release it at. */
export interface HeldLease {
  /** Version of the lease document as written by the claim. */
  version: number;
}

/** Why a claim did not succeed: another worker holds a live lease (or just won the race). */
export interface LeaseTaken {
  /** Always `LEASE_TAKEN`. */
  code: "LEASE_TAKEN";
  /** The worker holding it, when known. */
  owner?: string;
  /** When its lease ends, when known (ISO date-time). */
  until?: string;
}

/**
 * Claims a feed for `leaseMs`: reads the lease and, only if there is none or it has ended, writes
 * `{ owner, until }` at the version read. A `CONFLICT` means another worker won.
 */
export async function claimFeedLease(
  target: FeedLeaseTarget,
  now: Date,
  leaseMs: number,
): Promise<Result<HeldLease, LeaseTaken | FeedStateInvalid>> {
  const { storage, tenant, groupId, url, owner } = target;
  const current = await loadFeedLease(storage, tenant, groupId, url);
  if (current.isErr()) return err(current.error);
  const found = current.value;
  if (found !== undefined && Date.parse(found.lease.until) > now.getTime())
    return err({ code: "LEASE_TAKEN", owner: found.lease.owner, until: found.lease.until });
  const until = new Date(now.getTime() + leaseMs).toISOString();
  const written = await storage.putState({
    tenant,
    key: feedLeaseKey(groupId, url),
    value: { owner, until },
    expectedVersion: found?.version ?? 0,
  });
  if (written.isErr()) return err({ code: "LEASE_TAKEN" });
  return ok({ version: written.value.version });
}

/** Ends a lease by writing `until: now`; does nothing if another worker took it meanwhile. */
export async function releaseFeedLease(
  target: FeedLeaseTarget,
  held: HeldLease,
  now: Date,
): Promise<void> {
  await target.storage.putState({
    tenant: target.tenant,
    key: feedLeaseKey(target.groupId, target.url),
    value: { owner: target.owner, until: now.toISOString() },
    expectedVersion: held.version,
  });
}

/**
 * Renews a held lease: writes `{ owner, until: now + leaseMs }` at the version held. A `CONFLICT`
 * means another worker took the feed over (this worker's lease had run out): the lease is lost.
 */
export async function renewFeedLease(
  target: FeedLeaseTarget,
  held: HeldLease,
  now: Date,
  leaseMs: number,
): Promise<Result<HeldLease, LeaseTaken>> {
  const written = await target.storage.putState({
    tenant: target.tenant,
    key: feedLeaseKey(target.groupId, target.url),
    value: { owner: target.owner, until: new Date(now.getTime() + leaseMs).toISOString() },
    expectedVersion: held.version,
  });
  if (written.isErr()) return err({ code: "LEASE_TAKEN" });
  return ok({ version: written.value.version });
}

/** A lease kept alive while its feed is read; see {@link keepFeedLease}. */
export interface LeaseKeeper {
  /** The lease as last written by this worker (the version to release it at). */
  readonly held: HeldLease;
  /** Set once a renewal found the lease taken over by another worker. */
  readonly lost: boolean;
  /** Aborted when the lease is lost. */
  readonly signal: AbortSignal;
  /** Stops renewing, after the renewal in flight (if any) has settled. */
  stop(): Promise<void>;
}

/**
 * Renews a held lease every `renewMs` (real time) until stopped, so that a feed that takes longer
 * than `leaseMs` to fetch and ingest is not claimed by another worker meanwhile. Renewals never
 * overlap. A renewal refused with `CONFLICT` marks the lease lost and aborts `signal`; a renewal
 * that throws (storage briefly unreachable) is retried at the next tick, and the lease simply runs
 * out if the storage stays away.
 */
export function keepFeedLease(
  target: FeedLeaseTarget,
  initial: HeldLease,
  options: { leaseMs: number; renewMs: number; now: () => Date },
): LeaseKeeper {
  const controller = new AbortController();
  let held = initial;
  let lost = false;
  let inFlight: Promise<void> | undefined;
  const renew = async () => {
    try {
      const renewed = await renewFeedLease(target, held, options.now(), options.leaseMs);
      if (renewed.isOk()) held = renewed.value;
      else {
        lost = true;
        clearInterval(timer);
        controller.abort(new Error("the feed's lease was taken over by another worker"));
      }
    } catch {
      // Storage unreachable for a moment: try again at the next tick.
    }
  };
  const timer = setInterval(() => {
    if (inFlight !== undefined || lost) return;
    inFlight = renew().finally(() => {
      inFlight = undefined;
    });
  }, options.renewMs);
  timer.unref?.();
  return {
    get held() {
      return held;
    },
    get lost() {
      return lost;
    },
    signal: controller.signal,
    async stop() {
      clearInterval(timer);
      await inFlight;
    },
  };
}
