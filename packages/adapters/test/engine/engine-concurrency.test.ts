import { createSigreg, type StorageAdapter } from "@sigreg/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXAMPLE } from "./fixtures.js";
import { engineTargets } from "./targets.js";

const WRITERS = 8;
const UPDATES_PER_WRITER = 500;

for (const target of engineTargets()) {
  const UPDATES = target.updates ?? UPDATES_PER_WRITER;
  describe(`engine on ${target.name}: concurrent writers`, () => {
    let storage: StorageAdapter;
    beforeEach(async () => {
      storage = await target.create();
    });
    afterEach(async () => target.destroy(storage));

    it(`${WRITERS} writers × ${UPDATES} updates of one group: each lands or gets CONFLICT, none is lost`, async () => {
      const sigreg = createSigreg({ storage });
      const tenant = sigreg.tenant(`race-${Math.random().toString(36).slice(2, 8)}`);
      (await tenant.importRegister(EXAMPLE))._unsafeUnwrap();
      const start = await tenant.groups.get("cisa");
      if (start === undefined) throw new Error("cisa is in the example");
      const writer = async (n: number) => {
        const handle = sigreg.tenant(tenant.id, { actor: `writer-${n}` });
        let landed = 0;
        let conflicts = 0;
        for (let i = 0; i < UPDATES; i++) {
          const read = await handle.groups.get("cisa");
          if (read === undefined) throw new Error("cisa vanished");
          const counter = Number(read.value.extensions?.counter ?? 0);
          const result = await handle.groups.update(
            { ...read.value, extensions: { counter: counter + 1, last: n } },
            { expectedVersion: read.version },
          );
          if (result.isOk()) landed++;
          else if (result.error.code === "CONFLICT") conflicts++;
          else throw new Error(`unexpected ${result.error.code}`);
        }
        return { landed, conflicts };
      };
      const results = await Promise.all(Array.from({ length: WRITERS }, (_, n) => writer(n)));
      const landed = results.reduce((sum, r) => sum + r.landed, 0);
      const conflicts = results.reduce((sum, r) => sum + r.conflicts, 0);
      expect(landed + conflicts).toBe(WRITERS * UPDATES);
      expect(landed).toBeGreaterThan(0);
      const end = await tenant.groups.get("cisa");
      expect(end?.value.extensions?.counter).toBe(landed);
      expect(end?.version).toBe(start.version + landed);
      const verification = await tenant.verifyEvidence();
      expect(verification.ok).toBe(true);
      let updates = 0;
      for await (const entry of tenant.evidence()) if (entry.action === "group.update") updates++;
      expect(updates).toBe(landed);
    }, 240_000);
  });
}
