import type { Register } from "../model/register.js";
import { fromJson, PROFILE_ID } from "../storage/codec.js";
import type { Collection, StorageOperations } from "../storage/port.js";
import type { ProfileRecord } from "../storage/profile-record.js";
import { streamRecords } from "../storage/stream.js";

/**
 * Reads a tenant's whole register from storage, page by page, without re-validating it (everything
 * was validated on its way in). `undefined` when the tenant has no profile.
 * @internal
 */
export async function readRegister(
  storage: StorageOperations,
  tenant: string,
): Promise<Register | undefined> {
  const profile = await storage.get({ tenant, collection: "profile", id: PROFILE_ID });
  if (profile === undefined) return undefined;
  const { organisation, policy } = fromJson("profile", profile.data) as ProfileRecord;
  const all = async <TCollection extends Exclude<Collection, "profile">>(
    collection: TCollection,
  ) => {
    const out = [];
    for await (const record of streamRecords(storage, { tenant, collection }))
      out.push(fromJson(collection, record.data));
    return out;
  };
  return {
    organisation,
    policy,
    people: await all("people"),
    groups: await all("groups"),
    activities: (await all("activities")).sort((a, b) => a.date.getTime() - b.date.getTime()),
    alerts: (await all("alerts")).sort((a, b) => a.received.getTime() - b.received.getTime()),
    reviews: (await all("reviews")).sort((a, b) => a.date.getTime() - b.date.getTime()),
  };
}
