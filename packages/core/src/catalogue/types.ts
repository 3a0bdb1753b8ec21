import type { z } from "zod";
import type { Group, groupSchema } from "../model/group.js";

/** Where one URL of a catalogue entry was confirmed against a public source. */
export interface CatalogueEvidence {
  /** The entry's URL this confirms: its website or one of its feeds. */
  url: string;
  /** `public-page`: a stored copy of a public web page; `public-code`: public source files that use the URL. */
  source: "public-page" | "public-code";
  /** The page's address, or the exact string searched for in public source files. */
  ref: string;
  /** The day it was checked, YYYY-MM-DD. */
  checkedOn: string;
}

/** A catalogue entry as written in the data: the group's fields and the evidence for its URLs. @internal */
export interface CatalogueSource {
  /** The group, as the register file would hold it. */
  group: z.input<typeof groupSchema>;
  /** One piece of evidence at least for the website and for each feed. */
  verifiedBy: readonly CatalogueEvidence[];
}

/** A well-known special interest group from the catalogue, parsed by the core group schema. */
export interface CatalogueEntry {
  /** The group, ready to copy into a register (add an owner, a relevance statement, a membership). */
  group: Group;
  /** Where each of its URLs was confirmed. */
  verifiedBy: readonly CatalogueEvidence[];
}

/** The day the catalogue's URLs were checked. @internal */
export const CHECKED_ON = "2026-11-23";

/** Evidence from public source files that use `url` (found by searching for `ref`). @internal */
export function seenInCode(url: string, ref: string = url): CatalogueEvidence {
  return { url, source: "public-code", ref, checkedOn: CHECKED_ON };
}

/** Evidence from a stored public web page at `ref`. @internal */
export function seenOnPage(url: string, ref: string): CatalogueEvidence {
  return { url, source: "public-page", ref, checkedOn: CHECKED_ON };
}
