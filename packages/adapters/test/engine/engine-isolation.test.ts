import { createSigreg, type StorageAdapter } from "@sigreg/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXAMPLE } from "./fixtures.js";
import { engineTargets } from "./targets.js";

for (const target of engineTargets()) {
  describe(`engine on ${target.name}: tenants`, () => {
    let storage: StorageAdapter;
    beforeEach(async () => {
      storage = await target.create();
    });
    afterEach(async () => target.destroy(storage));

    it("keeps two tenants with the same ids apart: writes, evidence and evaluation", async () => {
      const sigreg = createSigreg({ storage });
      const suffix = Math.random().toString(36).slice(2, 8);
      const a = sigreg.tenant(`iso-a-${suffix}`);
      const b = sigreg.tenant(`iso-b-${suffix}`);
      (await a.importRegister(EXAMPLE))._unsafeUnwrap();
      (await b.importRegister(EXAMPLE))._unsafeUnwrap();
      const bBefore = (await b.exportRegister())._unsafeUnwrap();
      const bHead = (await b.verifyEvidence()).head;
      const read = await a.groups.get("cisa");
      if (read === undefined) throw new Error("cisa is in the example");
      (await a.groups.update({ ...read.value, name: "Changed in A" }))._unsafeUnwrap();
      (
        await a.recordActivity({ group: "cisa", date: "2026-11-22", type: "meeting" })
      )._unsafeUnwrap();
      (await a.people.create({ id: "only-in-a", name: "Only A" }))._unsafeUnwrap();
      expect((await b.groups.get("cisa"))?.value.name).not.toBe("Changed in A");
      expect(await b.people.get("only-in-a")).toBeUndefined();
      expect((await b.exportRegister())._unsafeUnwrap()).toBe(bBefore);
      expect((await b.verifyEvidence()).head).toEqual(bHead);
      expect((await a.verifyEvidence()).ok).toBe(true);
      // A's evidence log has B's length plus A's three changes.
      expect((await a.verifyEvidence()).head.seq).toBe(bHead.seq + 3);
    });
  });
}
