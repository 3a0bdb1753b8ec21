import {
  createSigreg,
  formatSigregError,
  type Sigreg,
  type SigregTenant,
  type StorageAdapter,
} from "@sigreg/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXAMPLE, steppingClock } from "./fixtures.js";
import { engineTargets } from "./targets.js";

/** Everything a tenant has stored, to prove a refused write changed nothing. */
async function stateOf(tenant: SigregTenant) {
  return {
    register: (await tenant.exportRegister({ format: "json" })).unwrapOr("none"),
    head: (await tenant.verifyEvidence()).head,
  };
}

for (const target of engineTargets()) {
  describe(`engine on ${target.name}: writes`, () => {
    let storage: StorageAdapter;
    let sigreg: Sigreg;
    let acme: SigregTenant;
    beforeEach(async () => {
      storage = await target.create();
      sigreg = createSigreg({ storage, clock: steppingClock() });
      acme = sigreg.tenant(`w-${Math.random().toString(36).slice(2, 8)}`, { actor: "alice" });
      (await acme.importRegister(EXAMPLE))._unsafeUnwrap();
    });
    afterEach(async () => target.destroy(storage));

    it("updates a group at the version read, and refuses a stale version with CONFLICT", async () => {
      const read = await acme.groups.get("cisa");
      if (read === undefined) throw new Error("cisa is in the example");
      const updated = await acme.groups.update(
        { ...read.value, owner: "priya-raman" },
        { expectedVersion: read.version },
      );
      expect(updated._unsafeUnwrap().version).toBe(read.version + 1);
      const before = await stateOf(acme);
      const stale = await acme.groups.update(
        { ...read.value, owner: "jonas-weber" },
        { expectedVersion: read.version },
      );
      expect(stale._unsafeUnwrapErr()).toMatchObject({
        code: "CONFLICT",
        collection: "groups",
        id: "cisa",
      });
      expect(formatSigregError(stale._unsafeUnwrapErr())).toContain("read it again");
      expect(await stateOf(acme)).toEqual(before);
      expect((await acme.groups.get("cisa"))?.value.owner).toBe("priya-raman");
    });

    it("creates a group once; a second create of the id is a CONFLICT", async () => {
      const group = {
        id: "owasp",
        name: "OWASP",
        kind: "professional-body" as const,
        owner: "sam-okafor",
      };
      expect((await acme.groups.create(group))._unsafeUnwrap().version).toBe(1);
      expect((await acme.groups.create(group))._unsafeUnwrapErr().code).toBe("CONFLICT");
    });

    it("refuses bad input with the loader's precise errors and leaves storage unchanged", async () => {
      const before = await stateOf(acme);
      const result = await acme.groups.create({
        id: "x",
        name: "",
        kind: "nope" as never,
        owner: "ghost",
      });
      const error = result._unsafeUnwrapErr();
      expect(error.code).toBe("REGISTER_INVALID");
      const text = formatSigregError(error);
      expect(text).toContain("group.name: expected non-empty text");
      expect(text).toContain(
        'group.owner: unknown person "ghost": expected the id of an entry in people [UNKNOWN_REFERENCE]',
      );
      expect(text).toContain("group.kind:");
      expect(await stateOf(acme)).toEqual(before);
    });

    it("will not remove a person who still owns groups, and removes one who owns nothing", async () => {
      const refused = await acme.people.remove("sam-okafor");
      expect(refused._unsafeUnwrapErr()).toMatchObject({
        code: "REFERENCED",
        referencedBy: expect.stringMatching(/^groups\//),
      });
      (await acme.people.create({ id: "temp", name: "Temp Worker" }))._unsafeUnwrap();
      expect((await acme.people.remove("temp")).isOk()).toBe(true);
      expect(await acme.people.get("temp")).toBeUndefined();
      expect((await acme.people.remove("temp"))._unsafeUnwrapErr().code).toBe("NOT_FOUND");
    });

    it("records an activity once however often it is recorded", async () => {
      const activity = {
        group: "cisa",
        date: "2026-11-20",
        type: "newsletter" as const,
        summary: "KEV weekly",
      };
      const first = (await acme.recordActivity(activity))._unsafeUnwrap();
      const head = (await acme.verifyEvidence()).head;
      const second = (await acme.recordActivity(activity))._unsafeUnwrap();
      expect(first.created).toBe(true);
      expect(second).toMatchObject({ id: first.id, created: false });
      expect((await acme.verifyEvidence()).head).toEqual(head);
    });

    it("records activities in bulk; one bad input writes none, with its index in the path", async () => {
      const before = await stateOf(acme);
      const result = await acme.recordActivities([
        { group: "cisa", date: "2026-11-20", type: "newsletter" },
        { group: "no-such-group", date: "2026-11-21", type: "meeting" },
      ]);
      expect(formatSigregError(result._unsafeUnwrapErr())).toContain(
        'activities[1].group: unknown group "no-such-group": expected the id of an entry in groups [UNKNOWN_REFERENCE]',
      );
      expect(await stateOf(acme)).toEqual(before);
      const ok = (
        await acme.recordActivities([
          { group: "cisa", date: "2026-11-20", type: "newsletter" },
          { group: "bsi", date: "2026-11-21", type: "meeting" },
        ])
      )._unsafeUnwrap();
      expect(ok.inserted).toHaveLength(2);
      const again = (
        await acme.recordActivities([{ group: "bsi", date: "2026-11-21", type: "meeting" }])
      )._unsafeUnwrap();
      expect(again).toEqual({ inserted: [], unchanged: 1 });
    });

    it("keeps an alert's triage when the same alert is ingested again", async () => {
      const alert = {
        id: "kev-1",
        group: "cisa",
        title: "KEV: CVE-2026-0001",
        received: "2026-11-22",
        severity: "high" as const,
      };
      expect((await acme.recordAlert(alert))._unsafeUnwrap().created).toBe(true);
      (
        await acme.triageAlert({
          alert: "kev-1",
          by: "sam-okafor",
          decision: { type: "share", channel: "#sec-intel" },
        })
      )._unsafeUnwrap();
      expect((await acme.recordAlert(alert))._unsafeUnwrap().created).toBe(false);
      let stored: { state: string; sharedTo: unknown[] } | undefined;
      for await (const a of acme.alerts()) if (a.id === "kev-1") stored = a;
      expect(stored?.state).toBe("triaged");
      expect(stored?.sharedTo).toHaveLength(1);
    });

    it("triages: share, then action, and a dismissal needs a reason", async () => {
      const shared = (
        await acme.triageAlert({
          alert: "al-2026-012",
          by: "jonas-weber",
          decision: { type: "share", channel: "#ml-platform" },
        })
      )._unsafeUnwrap();
      expect(shared.value).toMatchObject({ state: "triaged", triagedBy: "jonas-weber" });
      expect(shared.value.triagedOn).toBeInstanceOf(Date);
      const actioned = (
        await acme.triageAlert({
          alert: "al-2026-012",
          by: "jonas-weber",
          decision: { type: "action", action: { type: "ticket", ref: "SEC-2001" } },
        })
      )._unsafeUnwrap();
      expect(actioned.value.state).toBe("actioned");
      expect(actioned.value.actions.at(-1)).toMatchObject({ type: "ticket", ref: "SEC-2001" });
      const noReason = await acme.triageAlert({
        alert: "al-2026-012",
        by: "jonas-weber",
        decision: { type: "dismiss", reason: "  " },
      });
      expect(formatSigregError(noReason._unsafeUnwrapErr())).toContain("alert.dismissedReason");
      const unknown = await acme.triageAlert({
        alert: "nope",
        by: "jonas-weber",
        decision: { type: "dismiss", reason: "x" },
      });
      expect(unknown._unsafeUnwrapErr().code).toBe("NOT_FOUND");
      const ghost = await acme.triageAlert({
        alert: "al-2026-012",
        by: "ghost",
        decision: { type: "dismiss", reason: "dup" },
      });
      expect(formatSigregError(ghost._unsafeUnwrapErr())).toContain(
        'alert.triagedBy: unknown person "ghost"',
      );
    });

    it("records a review, which ends the overdue-review finding", async () => {
      const asOf = new Date("2027-03-01T00:00:00Z");
      const overdue = (await acme.evaluate({ asOf }))._unsafeUnwrap().findings.map((f) => f.ruleId);
      expect(overdue).toContain("register-review-overdue");
      (
        await acme.recordReview({ date: "2027-02-20", reviewer: "eleanor-hughes", scope: "all" })
      )._unsafeUnwrap();
      const after = (await acme.evaluate({ asOf }))._unsafeUnwrap().findings.map((f) => f.ruleId);
      expect(after).not.toContain("register-review-overdue");
    });

    it("appends one evidence entry per change, with actor, clock time and before/after, and enqueues it", async () => {
      const read = await acme.groups.get("bsi");
      if (read === undefined) throw new Error("bsi is in the example");
      const bob = sigreg.tenant(acme.id, { actor: "bob" });
      (await bob.groups.update({ ...read.value, contact: "liaison@bsi.example" }))._unsafeUnwrap();
      const entries = [];
      for await (const entry of acme.evidence()) entries.push(entry);
      const last = entries.at(-1);
      expect(last).toMatchObject({
        actor: "bob",
        action: "group.update",
        subject: { collection: "groups", id: "bsi" },
      });
      expect(last?.before?.contact).toBe(read.value.contact ?? undefined);
      expect(last?.after?.contact).toBe("liaison@bsi.example");
      expect(Date.parse(last?.at ?? "")).toBeGreaterThan(Date.parse("2026-11-23T09:00:00Z"));
      const outbox = await storage.listOutbox({ status: "pending", limit: 10_000 });
      expect(outbox.filter((m) => m.tenant === acme.id && m.topic === "group.update")).toHaveLength(
        1,
      );
      expect((await acme.verifyEvidence()).ok).toBe(true);
    });

    it("verifyEvidence names a record changed behind the engine's back", async () => {
      const current = await storage.get({ tenant: acme.id, collection: "groups", id: "isaca" });
      if (current === undefined) throw new Error("isaca is in the example");
      await storage.put({
        tenant: acme.id,
        collection: "groups",
        id: "isaca",
        data: { ...current.data, owner: "maya-fischer" },
        expectedVersion: current.version,
      });
      const result = await acme.verifyEvidence();
      expect(result.ok).toBe(false);
      expect(result.problem).toMatchObject({
        kind: "unrecorded",
        subject: { collection: "groups", id: "isaca" },
      });
      expect((await acme.verifyEvidence({ records: false })).ok).toBe(true);
    });
  });
}

for (const target of engineTargets()) {
  describe(`engine on ${target.name}: attest`, () => {
    let storage: StorageAdapter;
    beforeEach(async () => {
      storage = await target.create();
    });
    afterEach(async () => target.destroy(storage));

    it("vouches for records changed outside the engine, so the next check passes and later tampering is still caught", async () => {
      const acme = createSigreg({ storage }).tenant(
        `at-${Math.random().toString(36).slice(2, 8)}`,
        { actor: "alice" },
      );
      (await acme.importRegister(EXAMPLE))._unsafeUnwrap();
      const isaca = await storage.get({ tenant: acme.id, collection: "groups", id: "isaca" });
      const temp = await storage.put({
        tenant: acme.id,
        collection: "people",
        id: "hand-added",
        data: { id: "hand-added", name: "Hand Added", active: true },
        expectedVersion: 0,
      });
      if (isaca === undefined || temp.isErr()) throw new Error("setup");
      await storage.put({
        tenant: acme.id,
        collection: "groups",
        id: "isaca",
        data: { ...isaca.data, contact: "edited by hand" },
        expectedVersion: isaca.version,
      });
      expect((await acme.verifyEvidence()).problem?.kind).toBe("unrecorded");
      const summary = (await acme.attest())._unsafeUnwrap();
      expect(summary).toEqual({
        people: { attested: 1, removed: 0 },
        groups: { attested: 1, removed: 0 },
      });
      expect((await acme.verifyEvidence()).ok).toBe(true);
      expect((await acme.attest())._unsafeUnwrap()).toEqual({});
      const last = [];
      for await (const entry of acme.evidence()) last.push(entry);
      expect(last.at(-1)).toMatchObject({ action: "state.attest", actor: "alice" });
      await storage.remove({
        tenant: acme.id,
        collection: "people",
        id: "hand-added",
        expectedVersion: 1,
      });
      expect((await acme.verifyEvidence()).problem).toMatchObject({
        kind: "unrecorded",
        subject: { id: "hand-added" },
      });
      expect((await acme.attest())._unsafeUnwrap()).toEqual({
        people: { attested: 0, removed: 1 },
      });
      expect((await acme.verifyEvidence()).ok).toBe(true);
    });
  });
}
