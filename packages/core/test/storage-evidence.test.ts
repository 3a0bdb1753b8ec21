import { describe, expect, it } from "vitest";
import {
  chainEvidence,
  type EvidenceEntry,
  GENESIS_HASH,
  hashEvidence,
  walkEvidenceChain,
} from "../src/index.js";

function chain(length: number): EvidenceEntry[] {
  const entries: EvidenceEntry[] = [];
  for (let i = 0; i < length; i++) {
    entries.push(
      chainEvidence(entries.at(-1), {
        at: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
        actor: i % 2 === 0 ? "alice" : "bob",
        action: "group.update",
        subject: { collection: "groups", id: `g${i % 3}` },
        before: i === 0 ? null : { n: i - 1 },
        after: { n: i },
      }),
    );
  }
  return entries;
}

/** Serves entries as a database would: ordered by seq, paged. */
function log(entries: EvidenceEntry[]) {
  return {
    listEvidence: async ({ afterSeq = 0, limit }: { afterSeq?: number; limit: number }) =>
      entries
        .filter((entry) => entry.seq > afterSeq)
        .sort((a, b) => a.seq - b.seq)
        .slice(0, limit)
        .map((entry) => structuredClone(entry)),
  };
}

describe("evidence chain", () => {
  it("numbers entries from 1 and links each to the previous hash", () => {
    const entries = chain(3);
    expect(entries.map((entry) => entry.seq)).toEqual([1, 2, 3]);
    expect(entries[0]?.prevHash).toBe(GENESIS_HASH);
    expect(entries[1]?.prevHash).toBe(entries[0]?.hash);
    expect(hashEvidence(entries[2] as EvidenceEntry)).toBe(entries[2]?.hash);
  });

  it("verifies an intact chain across pages and reports its head", async () => {
    const entries = chain(2_500);
    const result = await walkEvidenceChain(log(entries), "t");
    expect(result).toEqual({
      ok: true,
      entries: 2_500,
      head: { seq: 2_500, hash: entries.at(-1)?.hash },
    });
  });

  it("verifies an empty log", async () => {
    expect(await walkEvidenceChain(log([]), "t")).toEqual({
      ok: true,
      entries: 0,
      head: { seq: 0, hash: GENESIS_HASH },
    });
  });

  it("names an entry whose content was edited", async () => {
    const entries = chain(20);
    entries[6] = { ...(entries[6] as EvidenceEntry), actor: "mallory" };
    const result = await walkEvidenceChain(log(entries), "t");
    expect(result.ok).toBe(false);
    expect(result.problem).toMatchObject({ kind: "altered", seq: 7 });
    expect(result.head.seq).toBe(6);
  });

  it("names an entry removed from the middle", async () => {
    const entries = chain(20).filter((entry) => entry.seq !== 9);
    expect((await walkEvidenceChain(log(entries), "t")).problem).toMatchObject({
      kind: "missing",
      seq: 9,
    });
  });

  it("names a removal hidden by renumbering the entries after it", async () => {
    const entries = chain(20)
      .filter((entry) => entry.seq !== 9)
      .map((entry) => (entry.seq > 9 ? { ...entry, seq: entry.seq - 1 } : entry));
    expect((await walkEvidenceChain(log(entries), "t")).problem).toMatchObject({
      kind: "missing",
      seq: 9,
    });
  });

  it("names entries whose order was swapped", async () => {
    const entries = chain(20);
    const a = entries[11] as EvidenceEntry;
    const b = entries[12] as EvidenceEntry;
    entries[11] = { ...b, seq: 12 };
    entries[12] = { ...a, seq: 13 };
    expect((await walkEvidenceChain(log(entries), "t")).problem).toMatchObject({
      kind: "reordered",
      seq: 12,
    });
  });

  it("names a swap across a page boundary", async () => {
    const entries = chain(1_200);
    const a = entries[999] as EvidenceEntry;
    const b = entries[1000] as EvidenceEntry;
    entries[999] = { ...b, seq: 1000 };
    entries[1000] = { ...a, seq: 1001 };
    expect((await walkEvidenceChain(log(entries), "t")).problem).toMatchObject({
      kind: "reordered",
      seq: 1000,
    });
  });

  it("names an entry whose content was edited and its hash recomputed, vouching only for those before it", async () => {
    const entries = chain(20);
    entries[6] = rehashed({ ...(entries[6] as EvidenceEntry), actor: "mallory" });
    const result = await walkEvidenceChain(log(entries), "t");
    expect(result).toMatchObject({
      ok: false,
      entries: 6,
      head: { seq: 6, hash: entries[5]?.hash },
      problem: { kind: "relinked", seq: 7 },
    });
    expect(result.problem?.message).toBe(
      "evidence entry 8 does not chain to entry 7 as stored: either entry 7 was altered and its hash recomputed, or entry 8's link was changed; neither is vouched for",
    );
  });

  it("names a link changed with its hash recomputed at the entry before it", async () => {
    const entries = chain(20);
    entries[7] = rehashed({ ...(entries[7] as EvidenceEntry), prevHash: "f".repeat(64) });
    expect(await walkEvidenceChain(log(entries), "t")).toMatchObject({
      ok: false,
      entries: 6,
      head: { seq: 6, hash: entries[5]?.hash },
      problem: { kind: "relinked", seq: 7 },
    });
  });

  it("names a first entry rehashed onto another start as relinked, vouching for nothing", async () => {
    const entries = chain(5);
    entries[0] = rehashed({ ...(entries[0] as EvidenceEntry), prevHash: "f".repeat(64) });
    const result = await walkEvidenceChain(log(entries), "t");
    expect(result).toMatchObject({
      ok: false,
      entries: 0,
      head: { seq: 0, hash: GENESIS_HASH },
      problem: { kind: "relinked", seq: 1 },
    });
    expect(result.problem?.message).toContain("entry 1 does not chain to the start of the log");
  });

  it("names an entry whose link alone was edited as altered, at that entry", async () => {
    for (const prevHash of ["f".repeat(64), chain(20)[4]?.hash as string]) {
      const entries = chain(20);
      entries[6] = { ...(entries[6] as EvidenceEntry), prevHash };
      expect(await walkEvidenceChain(log(entries), "t")).toMatchObject({
        ok: false,
        entries: 6,
        head: { seq: 6, hash: entries[5]?.hash },
        problem: { kind: "altered", seq: 7 },
      });
    }
  });

  it("names entries removed and hidden by renumbering, with the entry that now stands in their place", async () => {
    const entries = chain(20)
      .filter((entry) => entry.seq !== 9 && entry.seq !== 10)
      .map((entry) => (entry.seq > 10 ? { ...entry, seq: entry.seq - 2 } : entry));
    const result = await walkEvidenceChain(log(entries), "t");
    expect(result).toMatchObject({
      ok: false,
      entries: 8,
      head: { seq: 8 },
      problem: { kind: "missing", seq: 9 },
    });
    expect(result.problem?.message).toBe(
      "evidence entries 9 to 10 are missing: the entry stored as seq 9 is entry 11 (its hash matches that number), renumbered to close the gap",
    );
  });

  it("names an entry moved later as a reorder, with the entry that now stands in its place", async () => {
    const original = chain(20);
    // Entry 5 moved after entry 8: 6, 7 and 8 move up to 5, 6 and 7.
    const entries = original.map((entry) => {
      if (entry.seq === 5) return { ...entry, seq: 8 };
      if (entry.seq >= 6 && entry.seq <= 8) return { ...entry, seq: entry.seq - 1 };
      return entry;
    });
    const result = await walkEvidenceChain(log(entries), "t");
    expect(result).toMatchObject({
      ok: false,
      entries: 4,
      head: { seq: 4, hash: original[3]?.hash },
      problem: { kind: "reordered", seq: 5 },
    });
    expect(result.problem?.message).toContain("the entry stored as seq 5 is entry 6");
  });
});

/** An entry with its hash recomputed over its (edited) content, as someone with write access could. */
function rehashed(entry: EvidenceEntry): EvidenceEntry {
  return { ...entry, hash: hashEvidence(entry) };
}
