import { groupSchema } from "../model/group.js";
import { COMMUNITY_ENTRIES } from "./entries-communities.js";
import { ISAC_ENTRIES } from "./entries-isacs.js";
import { NATIONAL_ENTRIES } from "./entries-national.js";
import { VENDOR_ENTRIES } from "./entries-vendors.js";
import type { CatalogueEntry, CatalogueSource } from "./types.js";

/**
 * The version of the catalogue data: the year, month and a sequence number (`YYYY.MM.N`). It
 * changes whenever an entry is added, removed or corrected, so a report can say which list a
 * suggestion came from.
 */
export const CATALOGUE_VERSION = "2026.11.1";

/** Every entry as written, in the order of the data files. @internal */
export const CATALOGUE_SOURCES: readonly CatalogueSource[] = [
  ...NATIONAL_ENTRIES,
  ...ISAC_ENTRIES,
  ...COMMUNITY_ENTRIES,
  ...VENDOR_ENTRIES,
];

let parsed: readonly CatalogueEntry[] | undefined;

/**
 * The catalogue of well-known special interest groups: national CERTs, ISACs, technical forums,
 * research communities, professional bodies and vendor bulletins, each parsed by the core group
 * schema and with the evidence for its URLs. The same frozen array is returned on every call.
 * @example
 * const cisa = catalogue().find((entry) => entry.group.id === "cisa");
 */
export function catalogue(): readonly CatalogueEntry[] {
  parsed ??= Object.freeze(
    CATALOGUE_SOURCES.map((source) =>
      // The data is ours and a test parses it; a failure here is a bug in the data, not user input.
      Object.freeze({ group: groupSchema.parse(source.group), verifiedBy: source.verifiedBy }),
    ),
  );
  return parsed;
}
