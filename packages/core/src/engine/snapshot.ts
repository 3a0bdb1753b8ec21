import type { Register } from "../model/register.js";
import { type EntityOf, fromJson, PROFILE_ID } from "../storage/codec.js";
import type { Collection, JsonObject, StorageOperations } from "../storage/port.js";
import type { ProfileRecord } from "../storage/profile-record.js";
import { streamRecords } from "../storage/stream.js";

type ListCollection = Exclude<Collection, "profile">;

/** The register's lists, read in one call where the adapter can. */
const LISTS: readonly ListCollection[] = ["people", "groups", "activities", "alerts", "reviews"];

/** The same with the profile, for adapters that read several collections at once. */
const WITH_PROFILE: readonly Collection[] = ["profile", ...LISTS];

/**
 * Reads a tenant's whole register from storage without re-validating it (everything was validated
 * on its way in): through the adapter's `readCollections` when it has one (one read per tenant,
 * the profile with the lists), page by page otherwise. `undefined` when the tenant has no profile.
 * @internal
 */
export async function readRegister(
  storage: StorageOperations,
  tenant: string,
): Promise<Register | undefined> {
  let profile: JsonObject | undefined;
  let lists: { [TCollection in Collection]?: JsonObject[] };
  if (storage.readCollections !== undefined) {
    lists = await storage.readCollections({ tenant, collections: WITH_PROFILE });
    profile = lists.profile?.[0];
  } else {
    profile = (await storage.get({ tenant, collection: "profile", id: PROFILE_ID }))?.data;
    if (profile === undefined) return undefined;
    lists = await pageLists(storage, tenant);
  }
  if (profile === undefined) return undefined;
  const { organisation, policy } = fromJson("profile", profile) as ProfileRecord;
  const all = <TCollection extends ListCollection>(collection: TCollection) => {
    const list = lists[collection] ?? [];
    for (let index = 0; index < list.length; index++)
      fromJson(collection, list[index] as JsonObject);
    return list as unknown as EntityOf<TCollection>[];
  };
  return {
    organisation,
    policy,
    people: all("people"),
    groups: all("groups"),
    activities: sortByTime(all("activities"), (activity) => activity.date.getTime()),
    alerts: sortByTime(all("alerts"), (alert) => alert.received.getTime()),
    reviews: sortByTime(all("reviews"), (review) => review.date.getTime()),
  };
}

/** The register's lists through `list`, page by page (adapters without `readCollections`). */
async function pageLists(
  storage: StorageOperations,
  tenant: string,
): Promise<{ [TCollection in Collection]?: JsonObject[] }> {
  const lists: { [TCollection in Collection]?: JsonObject[] } = {};
  for (const collection of LISTS) {
    const list: JsonObject[] = [];
    for await (const record of streamRecords(storage, { tenant, collection }))
      list.push(record.data);
    lists[collection] = list;
  }
  return lists;
}

/**
 * Sorts `list` by `time` (epoch ms), stably: the same order as
 * `list.sort((a, b) => time(a) - time(b))`, several times faster on large lists. Each time and its
 * position are packed into one float64 (time × 2^k + position, exact below 2^53), sorted natively,
 * and unpacked; times too far from 1970 for that, or not whole milliseconds, take the comparator
 * sort.
 * @internal
 */
export function sortByTime<T>(list: T[], time: (item: T) => number): T[] {
  const count = list.length;
  if (count < 2) return list;
  const scale = 2 ** Math.ceil(Math.log2(count));
  const limit = 2 ** 53 / scale;
  const keys = new Float64Array(count);
  for (let index = 0; index < count; index++) {
    const value = time(list[index] as T);
    // Dates are whole milliseconds; anything else keeps the comparator's order.
    if (!(Math.abs(value) < limit) || !Number.isInteger(value))
      return list.sort((a, b) => time(a) - time(b));
    keys[index] = value * scale + index;
  }
  keys.sort();
  const items = list.slice();
  for (let index = 0; index < count; index++) {
    const key = keys[index] as number;
    list[index] = items[key - Math.floor(key / scale) * scale] as T;
  }
  return list;
}
