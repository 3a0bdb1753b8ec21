import type { EvidenceEntry, StorageOperations } from "@sigreg/core";
import type { FflateModule } from "./load-fflate.js";

/**
 * Every ZIP entry's options: a fixed timestamp, so that the same input gives the same bytes.
 * fflate writes DOS times from the local clock's fields; local noon on 1980-01-01 (the DOS epoch's
 * day) has the same fields in every time zone and lies far from any daylight-saving change. Made
 * per pack, since a date made once would keep the fields of the zone it was made in.
 * @internal
 */
export function zipEntryOptions(): { mtime: Date; level: number } {
  return { mtime: new Date(1980, 0, 1, 12, 0, 0), level: 6 };
}

/** An evidence log held in memory, readable the way `walkEvidenceChain` pages a store. @internal */
export function arrayEvidence(
  entries: readonly EvidenceEntry[],
): Pick<StorageOperations, "listEvidence"> {
  const sorted = [...entries].sort((a, b) => a.seq - b.seq);
  return {
    async listEvidence({ afterSeq, limit }) {
      const after = afterSeq ?? 0;
      return sorted.filter((entry) => entry.seq > after).slice(0, limit);
    },
  };
}

/** A ZIP's entries as its central directory lists them: name and uncompressed size, in order. @internal */
export interface ZipListing {
  /** Every entry, duplicates included. */
  entries: Array<{ name: string; size: number }>;
  /** The entries' contents, read only for those `wanted` accepted. */
  read(wanted: (name: string, size: number) => boolean): Record<string, Uint8Array>;
}

/**
 * Lists a ZIP without decompressing anything, so that a pack's declared sizes are checked before
 * any entry is inflated: an entry listed with a size other than the manifest's, or not listed at
 * all, is never decompressed (a ZIP bomb stays compressed). Throws on bytes that are no ZIP.
 * @internal
 */
export function listZip(fflate: FflateModule, bytes: Uint8Array): ZipListing {
  const entries: Array<{ name: string; size: number }> = [];
  fflate.unzipSync(bytes, {
    filter(file) {
      entries.push({ name: file.name, size: file.originalSize });
      return false;
    },
  });
  return {
    entries,
    read: (wanted) =>
      fflate.unzipSync(bytes, { filter: (file) => wanted(file.name, file.originalSize) }),
  };
}
