import { chainEvidence, type EvidenceEntry, type OutboxMessage } from "@sigreg/core";

let tenantCount = 0;
/** A tenant no other test of the file writes to, so tests can share one set of tables. */
export const freshTenant = (): string => `tenant-${++tenantCount}`;

/** Entry `n` of a chain, after `previous`, with unicode and a NUL character in its data. */
export function entryAfter(previous: EvidenceEntry | undefined, n: number): EvidenceEntry {
  return chainEvidence(previous, {
    at: `2025-01-01T00:00:0${n % 10}.000Z`,
    actor: "alice",
    action: "group.update",
    subject: { collection: "groups", id: `g${n}` },
    before: n === 1 ? null : { name: `before ${n}`, tags: ["a", "b"] },
    after: { name: `after ${n}`, nested: { emoji: "😀", nul: "a\u0000b", n } },
  });
}

/** A pending outbox message. */
export function message(id: string, tenant: string): OutboxMessage {
  return {
    id,
    tenant,
    topic: "alert.recorded",
    payload: { seq: 1, subject: { collection: "alerts", id } },
    createdAt: "2025-01-01T00:00:00.000Z",
    status: "pending",
    attempts: 0,
  };
}
