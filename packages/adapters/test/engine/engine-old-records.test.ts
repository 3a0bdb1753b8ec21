import { memoryStorage } from "@sigreg/adapters/memory";
import { createSigreg } from "@sigreg/core";
import { describe, expect, it } from "vitest";
import { EXAMPLE } from "./fixtures.js";

describe("records stored by an earlier release", () => {
  it("an alert stored before alerts had tickets reads with none and evaluates", async () => {
    const storage = memoryStorage();
    const sigreg = createSigreg({ storage });
    const acme = sigreg.tenant("acme");
    (await acme.importRegister(EXAMPLE))._unsafeUnwrap();
    // The shape 0.1 wrote: no `tickets` field.
    await storage.insertMany({
      tenant: "acme",
      collection: "alerts",
      records: [
        {
          id: "old-1",
          data: {
            id: "old-1",
            group: "cisa",
            title: "Stored by 0.1",
            received: "2026-11-20T00:00:00.000Z",
            severity: "high",
            cves: [],
            state: "new",
            sharedTo: [],
            actions: [],
          },
        },
      ],
    });
    expect((await acme.getAlert("old-1"))?.value.tickets).toEqual([]);
    const evaluation = (await acme.evaluate({ asOf: new Date("2026-11-23") }))._unsafeUnwrap();
    expect(evaluation.kpis.alertsPerGroup.cisa).toBeGreaterThanOrEqual(1);
    expect(evaluation.kpis.tickets).toBeGreaterThanOrEqual(0);
  });
});
