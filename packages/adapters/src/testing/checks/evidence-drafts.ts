import { chainEvidence, type EvidenceEntry } from "@sigreg/core";

/** `count` entries chained after `previous`, as the engine would append them. @internal */
export function chainedEntries(
  count: number,
  previous?: EvidenceEntry,
  actor = "conformance",
): EvidenceEntry[] {
  const entries: EvidenceEntry[] = [];
  let last = previous;
  for (let i = 0; i < count; i++) {
    const seq = (last?.seq ?? 0) + 1;
    last = chainEvidence(last, {
      at: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
      actor,
      action: "group.update",
      subject: { collection: "groups", id: `g-${seq}` },
      before: seq === 1 ? null : { seq: seq - 1 },
      after: { seq, note: "ünïcødé ✓" },
    });
    entries.push(last);
  }
  return entries;
}
