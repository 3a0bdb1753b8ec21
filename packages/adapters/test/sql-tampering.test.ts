import { chainEvidence, type EvidenceEntry, hashEvidence, walkEvidenceChain } from "@sigreg/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OpenTarget, SQL_TARGETS, sharedPglite } from "./helpers/sql-targets.js";

// Starting PGlite takes seconds on a busy machine: once per file, outside the tests' own timeouts.
beforeAll(() => sharedPglite(), 120_000);

const ENTRIES = 20;

/** A valid chain of 20 entries for `tenant`, written through the adapter. */
async function writeChain(t: OpenTarget, tenant: string): Promise<EvidenceEntry[]> {
  const entries: EvidenceEntry[] = [];
  for (let n = 1; n <= ENTRIES; n++) {
    const entry = chainEvidence(entries.at(-1), {
      at: `2025-02-${String(n).padStart(2, "0")}T10:00:00.000Z`,
      actor: n % 2 === 0 ? "alice" : "bob",
      action: "group.update",
      subject: { collection: "groups", id: `g${n % 3}` },
      before: n === 1 ? null : { name: `v${n - 1}` },
      after: { name: `v${n}` },
    });
    expect((await t.storage.appendEvidence({ tenant, entry })).isOk()).toBe(true);
    entries.push(entry);
  }
  return entries;
}

for (const target of SQL_TARGETS) {
  // Server targets need SIGREG_PG_URL / SIGREG_MYSQL_URL; CI sets both, so it never skips them.
  describe.skipIf(!target.available)(`evidence tampering with raw SQL: ${target.name}`, () => {
    let t: OpenTarget;
    let table: string;
    beforeAll(async () => {
      t = await target.open();
      table = t.quote(t.storage.tables.evidence);
    }, 60_000);
    afterAll(() => t?.dispose());

    it("an untouched chain verifies", async () => {
      await writeChain(t, "intact");
      expect(await walkEvidenceChain(t.storage, "intact")).toMatchObject({
        ok: true,
        entries: ENTRIES,
        head: { seq: ENTRIES },
      });
    });

    it("an edited `after` is reported as altered, at its entry", async () => {
      await writeChain(t, "edited-after");
      await t.raw(`UPDATE ${table} SET ${t.quote("after")} = ? WHERE tenant = ? AND seq = ?`, [
        JSON.stringify({ name: "forged" }),
        "edited-after",
        7,
      ]);
      const verification = await walkEvidenceChain(t.storage, "edited-after");
      expect(verification).toMatchObject({ ok: false, problem: { kind: "altered", seq: 7 } });
      expect(verification.head.seq).toBe(6);
    });

    it("an edited actor is reported as altered, at its entry", async () => {
      await writeChain(t, "edited-actor");
      await t.raw(`UPDATE ${table} SET actor = ? WHERE tenant = ? AND seq = ?`, [
        "mallory",
        "edited-actor",
        12,
      ]);
      expect(await walkEvidenceChain(t.storage, "edited-actor")).toMatchObject({
        ok: false,
        problem: { kind: "altered", seq: 12 },
      });
    });

    it("a deleted middle entry is reported as missing, at its sequence number", async () => {
      await writeChain(t, "deleted");
      await t.raw(`DELETE FROM ${table} WHERE tenant = ? AND seq = ?`, ["deleted", 10]);
      expect(await walkEvidenceChain(t.storage, "deleted")).toMatchObject({
        ok: false,
        problem: { kind: "missing", seq: 10 },
      });
    });

    it("two entries with their sequence numbers swapped are reported as reordered", async () => {
      await writeChain(t, "swapped");
      const swap = [
        [-1, 5],
        [5, 6],
        [6, -1],
      ] as const;
      for (const [to, from] of swap) {
        await t.raw(`UPDATE ${table} SET seq = ? WHERE tenant = ? AND seq = ?`, [
          to,
          "swapped",
          from,
        ]);
      }
      const rows = await t.raw<{ seq: number | string }>(
        `SELECT seq FROM ${table} WHERE tenant = ? ORDER BY seq`,
        ["swapped"],
      );
      expect(rows.map((row) => Number(row.seq))).toEqual(
        Array.from({ length: ENTRIES }, (_, i) => i + 1),
      );
      expect(await walkEvidenceChain(t.storage, "swapped")).toMatchObject({
        ok: false,
        problem: { kind: "reordered", seq: 5 },
      });
    });

    it("an edited entry whose hash was recomputed is not vouched for: the broken link names it", async () => {
      const entries = await writeChain(t, "rehashed");
      const forged = { ...(entries[6] as EvidenceEntry), after: { name: "forged" } };
      await t.raw(
        `UPDATE ${table} SET ${t.quote("after")} = ?, hash = ? WHERE tenant = ? AND seq = ?`,
        [JSON.stringify(forged.after), hashEvidence(forged), "rehashed", 7],
      );
      const verification = await walkEvidenceChain(t.storage, "rehashed");
      expect(verification).toMatchObject({
        ok: false,
        entries: 6,
        head: { seq: 6, hash: entries[5]?.hash },
        problem: { kind: "relinked", seq: 7 },
      });
      expect(verification.problem?.message).toContain(
        "evidence entry 8 does not chain to entry 7 as stored",
      );
    });

    it("an edited prev_hash alone is reported as altered, at its entry", async () => {
      const entries = await writeChain(t, "edited-link");
      await t.raw(`UPDATE ${table} SET prev_hash = ? WHERE tenant = ? AND seq = ?`, [
        "f".repeat(64),
        "edited-link",
        7,
      ]);
      expect(await walkEvidenceChain(t.storage, "edited-link")).toMatchObject({
        ok: false,
        entries: 6,
        head: { seq: 6, hash: entries[5]?.hash },
        problem: { kind: "altered", seq: 7 },
      });
    });

    it("a deleted entry hidden by renumbering the rest is reported as missing, naming the entry in its place", async () => {
      await writeChain(t, "renumbered");
      await t.raw(`DELETE FROM ${table} WHERE tenant = ? AND seq = ?`, ["renumbered", 10]);
      for (let seq = 11; seq <= ENTRIES; seq++) {
        await t.raw(`UPDATE ${table} SET seq = ? WHERE tenant = ? AND seq = ?`, [
          seq - 1,
          "renumbered",
          seq,
        ]);
      }
      const verification = await walkEvidenceChain(t.storage, "renumbered");
      expect(verification).toMatchObject({
        ok: false,
        head: { seq: 9 },
        problem: { kind: "missing", seq: 10 },
      });
      expect(verification.problem?.message).toContain("the entry stored as seq 10 is entry 11");
    });

    it("an entry moved later is reported as reordered, naming the entry in its place", async () => {
      await writeChain(t, "moved");
      // Entry 5 goes after entry 8; 6, 7 and 8 move up.
      const moves = [
        [-1, 5],
        [5, 6],
        [6, 7],
        [7, 8],
        [8, -1],
      ] as const;
      for (const [to, from] of moves) {
        await t.raw(`UPDATE ${table} SET seq = ? WHERE tenant = ? AND seq = ?`, [
          to,
          "moved",
          from,
        ]);
      }
      const verification = await walkEvidenceChain(t.storage, "moved");
      expect(verification).toMatchObject({
        ok: false,
        head: { seq: 4 },
        problem: { kind: "reordered", seq: 5 },
      });
      expect(verification.problem?.message).toContain("the entry stored as seq 5 is entry 6");
    });

    it("tampering with one tenant's log leaves another tenant's verifying", async () => {
      await writeChain(t, "neighbour");
      await writeChain(t, "victim");
      await t.raw(`DELETE FROM ${table} WHERE tenant = ? AND seq = ?`, ["victim", 3]);
      expect((await walkEvidenceChain(t.storage, "victim")).ok).toBe(false);
      expect((await walkEvidenceChain(t.storage, "neighbour")).ok).toBe(true);
    });
  });
}
