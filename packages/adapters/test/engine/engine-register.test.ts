import {
  type Collection,
  createSigreg,
  evaluate,
  parseRegisterText,
  type Register,
  recordIdOf,
  type Sigreg,
  type StorageAdapter,
  toJson,
} from "@sigreg/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXAMPLE, exampleRegister, steppingClock } from "./fixtures.js";
import { engineTargets } from "./targets.js";

const asOf = new Date("2026-11-23T00:00:00Z");

for (const target of engineTargets()) {
  describe(`engine on ${target.name}: the register`, () => {
    let storage: StorageAdapter;
    let sigreg: Sigreg;
    beforeEach(async () => {
      storage = await target.create();
      sigreg = createSigreg({ storage, clock: steppingClock() });
    });
    afterEach(async () => target.destroy(storage));

    it("imports the register file and evaluates it from storage exactly as the file evaluates", async () => {
      const tenant = sigreg.tenant(`acme-${Math.random().toString(36).slice(2, 8)}`);
      const summary = (await tenant.importRegister(EXAMPLE))._unsafeUnwrap();
      const register = exampleRegister();
      expect(summary.groups.created).toBe(register.groups.length);
      expect(summary.activities.created).toBe(register.activities.length);
      const fromStorage = (await tenant.evaluate({ asOf }))._unsafeUnwrap();
      const fromFile = evaluate(register, { asOf });
      expect(fromStorage.verdict).toBe(fromFile.verdict);
      // Storage lists groups by id, the file in its own order: the same findings, maybe reordered.
      const sorted = (findings: unknown[]) => findings.map((f) => JSON.stringify(f)).sort();
      expect(sorted(fromStorage.findings)).toEqual(sorted(fromFile.findings));
      expect(fromStorage.findings).toHaveLength(8);
      expect(fromStorage.kpis).toEqual(fromFile.kpis);
    });

    it("exports a register that parses back to the same data, in YAML and JSON", async () => {
      const tenant = sigreg.tenant(`rt-${Math.random().toString(36).slice(2, 8)}`);
      await tenant.importRegister(EXAMPLE);
      const original = exampleRegister();
      const sortById = <T extends { id?: string }>(list: T[]) =>
        [...list].sort((a, b) => String(a.id).localeCompare(String(b.id)));
      for (const format of ["yaml", "json"] as const) {
        const text = (await tenant.exportRegister({ format }))._unsafeUnwrap();
        const back = parseRegisterText(text, { file: `export.${format}` })._unsafeUnwrap();
        expect(back.organisation).toEqual(original.organisation);
        expect(back.policy).toEqual(original.policy);
        expect(sortById(back.groups)).toEqual(sortById(original.groups));
        expect(sortById(back.people)).toEqual(sortById(original.people));
        expect(sortById(back.alerts)).toEqual(sortById(original.alerts));
        expect(back.activities).toHaveLength(original.activities.length);
        expect(back.reviews).toHaveLength(original.reviews.length);
      }
    });

    it("re-importing the same file changes nothing and appends no evidence", async () => {
      const tenant = sigreg.tenant("same-twice");
      await tenant.importRegister(EXAMPLE);
      const head = (await tenant.verifyEvidence()).head;
      const again = (await tenant.importRegister(EXAMPLE))._unsafeUnwrap();
      expect(Object.values(again).every((c) => c.created + c.updated + c.removed === 0)).toBe(true);
      expect((await tenant.verifyEvidence()).head).toEqual(head);
    });

    it("replace mode removes what the file no longer has; merge mode keeps it", async () => {
      const tenant = sigreg.tenant("modes");
      await tenant.importRegister(EXAMPLE);
      const register = exampleRegister();
      const fewer = { ...register, alerts: register.alerts.slice(1) };
      const data = JSON.parse(JSON.stringify(fewer));
      const merged = (await tenant.importRegister({ data }, { mode: "merge" }))._unsafeUnwrap();
      expect(merged.alerts.removed).toBe(0);
      const replaced = (await tenant.importRegister({ data }))._unsafeUnwrap();
      expect(replaced.alerts.removed).toBe(1);
      const ids = [];
      for await (const alert of tenant.alerts()) ids.push(alert.id);
      expect(ids).not.toContain(register.alerts[0]?.id);
      expect((await tenant.verifyEvidence()).ok).toBe(true);
    });

    it("refuses a broken file with the loader's errors and stores nothing", async () => {
      const tenant = sigreg.tenant("broken");
      const result = await tenant.importRegister({
        text: "organisation: {name: X}\ngroups:\n  - id: g1\n    name: G\n    kind: forum\n    owner: nobody\n",
        file: "upload.yaml",
      });
      const error = result._unsafeUnwrapErr();
      expect(error).toMatchObject({ code: "REGISTER_INVALID", file: "upload.yaml" });
      expect(JSON.stringify(error)).toContain('unknown person \\"nobody\\"');
      expect((await tenant.snapshot()).isErr()).toBe(true);
      expect((await tenant.verifyEvidence()).entries).toBe(0);
    });

    it("reports a tenant without a profile as NOT_FOUND", async () => {
      const result = await sigreg.tenant("nobody-here").evaluate({ asOf });
      expect(result._unsafeUnwrapErr()).toMatchObject({ code: "NOT_FOUND", collection: "profile" });
    });

    it("refuses an invalid tenant id", () => {
      expect(() => sigreg.tenant("../etc")).toThrow(/tenant id/);
    });

    it("evaluateAll gives exactly what core evaluate gives over the same register in memory, and what reading page by page gives", async () => {
      const id = `same-${Math.random().toString(36).slice(2, 8)}`;
      const tenant = sigreg.tenant(id);
      await tenant.importRegister(EXAMPLE);
      // Activities on one date, with and without ids: ties keep storage's id order.
      const tied = ["tie-e", "tie-a", undefined, "tie-c", undefined].map((activityId, n) => ({
        ...(activityId === undefined ? {} : { id: activityId }),
        group: "cisa",
        date: "2026-10-01T00:00:00Z",
        type: "newsletter" as const,
        summary: `tied ${n}`,
      }));
      (await tenant.recordActivities(tied))._unsafeUnwrap();
      let fromStorage: unknown;
      for await (const item of sigreg.evaluateAll({ asOf }))
        if (item.tenant === id) fromStorage = "evaluation" in item ? item.evaluation : item.error;

      // The register as storage holds it: lists by id (code point), then events by date, stably.
      const file = exampleRegister();
      const activities = [...file.activities, ...tied.map((input) => toEntity(input))];
      const inMemory: Register = {
        ...file,
        people: byStoredId("people", file.people),
        groups: byStoredId("groups", file.groups),
        activities: byStoredId("activities", activities).sort(byTime((a) => a.date)),
        alerts: byStoredId("alerts", file.alerts).sort(byTime((a) => a.received)),
        reviews: byStoredId("reviews", file.reviews).sort(byTime((a) => a.date)),
      };
      expect(fromStorage).toEqual(evaluate(inMemory, { asOf }));
      expect((await tenant.snapshot())._unsafeUnwrap()).toEqual(inMemory);

      // An adapter without readCollections is read page by page: the same register and evaluation.
      const paged = createSigreg({ storage: withoutReadCollections(storage) }).tenant(id);
      expect((await paged.snapshot())._unsafeUnwrap()).toEqual(inMemory);
      expect((await paged.evaluate({ asOf }))._unsafeUnwrap()).toEqual(fromStorage);
    });

    it("evaluates every tenant, one at a time", async () => {
      const names = ["all-a", "all-b"];
      for (const name of names) await sigreg.tenant(name).importRegister(EXAMPLE);
      const seen: string[] = [];
      for await (const item of sigreg.evaluateAll({ asOf })) {
        if (!names.includes(item.tenant)) continue;
        expect("evaluation" in item && item.evaluation.findings.length).toBeGreaterThan(0);
        seen.push(item.tenant);
      }
      expect(seen).toEqual(names);
    });
  });
}

/** An activity input as the engine stores it (dates revived, `actions` defaulted). */
function toEntity(input: Record<string, unknown>): Register["activities"][number] {
  const data = { actions: [], ...input, date: new Date(String(input.date)) };
  return data as unknown as Register["activities"][number];
}

/** The entities in the order storage lists them: by the id each is stored under. */
function byStoredId<T extends object>(collection: Collection, entities: readonly T[]): T[] {
  const keyed = entities.map((entity) => ({ entity, id: recordIdOf(collection, toJson(entity)) }));
  keyed.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return keyed.map(({ entity }) => entity);
}

function byTime<T>(date: (item: T) => Date): (a: T, b: T) => number {
  return (a, b) => date(a).getTime() - date(b).getTime();
}

/** The storage with its optional `readCollections` hidden. */
function withoutReadCollections(storage: StorageAdapter): StorageAdapter {
  return new Proxy(storage, {
    get: (target, key, receiver) =>
      key === "readCollections" ? undefined : Reflect.get(target, key, receiver),
  });
}
