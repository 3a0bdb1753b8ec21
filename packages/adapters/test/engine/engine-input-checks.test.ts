import {
  createSigreg,
  type ExtensionCheck,
  formatSigregError,
  parseRegister,
  type SigregError,
  type SigregTenant,
  type StorageAdapter,
} from "@sigreg/core";
import type { Result } from "neverthrow";
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

/** The issues of a refused call (none for an error that has none, or a success). */
function issuesOf(result: Result<unknown, SigregError>) {
  return result.isErr() && "issues" in result.error ? result.error.issues : [];
}

/** A plugin's schema for `extensions.tier`, worded as the plugin host words its issues. */
const tierCheck: ExtensionCheck = (groups) =>
  groups.flatMap((group, index) => {
    const tier = group.extensions?.tier;
    return tier === undefined || typeof tier === "number"
      ? []
      : [
          {
            path: ["groups", index, "extensions", "tier"],
            message: `expected a number (field "tier" of plugin "tiers", group "${group.id}")`,
          },
        ];
  });

for (const target of engineTargets()) {
  describe(`engine on ${target.name}: input checks`, () => {
    let storage: StorageAdapter;
    let acme: SigregTenant;
    beforeEach(async () => {
      storage = await target.create();
      const sigreg = createSigreg({ storage, clock: steppingClock(), checkExtensions: tierCheck });
      acme = sigreg.tenant(`in-${Math.random().toString(36).slice(2, 8)}`, { actor: "alice" });
      (await acme.importRegister(EXAMPLE))._unsafeUnwrap();
    });
    afterEach(async () => target.destroy(storage));

    it("runs the plugins' extension check on groups.create and groups.update, as the loader does", async () => {
      const before = await stateOf(acme);
      const group = {
        id: "owasp",
        name: "OWASP",
        kind: "professional-body" as const,
        owner: "sam-okafor",
        extensions: { tier: "gold" },
      };
      const created = (await acme.groups.create(group))._unsafeUnwrapErr();
      const issue = {
        code: "SCHEMA_MISMATCH",
        path: "group.extensions.tier",
        message: 'expected a number (field "tier" of plugin "tiers", group "owasp")',
      };
      expect(created).toEqual({
        code: "REGISTER_INVALID",
        file: `tenant ${acme.id}: groups.create`,
        issues: [issue],
      });
      expect(formatSigregError(created)).toBe(
        `tenant ${acme.id}: groups.create group.extensions.tier: expected a number (field "tier" of plugin "tiers", group "owasp") [SCHEMA_MISMATCH]`,
      );
      // The loader refuses the same group in a file with the same code and message.
      const loaded = parseRegister(
        {
          organisation: { name: "Acme" },
          people: [{ id: "sam-okafor", name: "Sam" }],
          groups: [group],
        },
        { checkExtensions: tierCheck },
      )._unsafeUnwrapErr();
      expect(loaded.issues).toEqual([{ ...issue, path: "groups[0].extensions.tier" }]);

      const cisa = await acme.groups.get("cisa");
      if (cisa === undefined) throw new Error("cisa is in the example");
      const updated = await acme.groups.update({ ...cisa.value, extensions: { tier: "high" } });
      expect(updated._unsafeUnwrapErr()).toEqual({
        code: "REGISTER_INVALID",
        file: `tenant ${acme.id}: groups.update`,
        issues: [{ ...issue, message: issue.message.replace("owasp", "cisa") }],
      });
      expect(await stateOf(acme)).toEqual(before);

      // What the check accepts is written, and the export imports again under the same check.
      (await acme.groups.create({ ...group, extensions: { tier: 2 } }))._unsafeUnwrap();
      const exported = (await acme.exportRegister())._unsafeUnwrap();
      const again = (
        await acme.importRegister({ text: exported, file: "exported.yaml" })
      )._unsafeUnwrap();
      expect(again.groups).toMatchObject({ created: 0, updated: 0, removed: 0 });
    });

    it("refuses an id repeated with other content in one bulk call, naming both positions, and writes nothing", async () => {
      const before = await stateOf(acme);
      const alert = {
        id: "dup-1",
        group: "cisa",
        title: "KEV: CVE-2026-0001",
        received: "2026-11-22",
      };
      const alerts = [alert, { id: "alone", group: "bsi", title: "B", received: "2026-11-22" }];
      const result = await acme.recordAlerts([...alerts, { ...alert, title: "Another title" }]);
      const error = result._unsafeUnwrapErr();
      const duplicate = {
        code: "DUPLICATE_ID",
        path: "alerts[2].id",
        message: 'duplicate id "dup-1": already used by alerts[0]',
      };
      expect(error).toEqual({
        code: "REGISTER_INVALID",
        file: `tenant ${acme.id}: recordAlerts`,
        issues: [duplicate],
      });
      expect(formatSigregError(error)).toBe(
        `tenant ${acme.id}: recordAlerts alerts[2].id: duplicate id "dup-1": already used by alerts[0] [DUPLICATE_ID]`,
      );
      // The loader words a repeated id in a file the same way.
      const file = (await acme.snapshot())._unsafeUnwrap();
      const loaded = parseRegister({
        organisation: file.organisation,
        groups: [{ id: "cisa", name: "CISA", kind: "government" }],
        alerts: [alert, alerts[1], { ...alert, title: "Another title" }],
      })._unsafeUnwrapErr();
      expect(loaded.issues).toContainEqual(duplicate);

      const activity = {
        id: "feed:42",
        group: "cisa",
        date: "2026-11-20",
        type: "newsletter" as const,
      };
      const activities = await acme.recordActivities([
        activity,
        { ...activity, summary: "edited" },
      ]);
      expect(issuesOf(activities)).toEqual([
        {
          code: "DUPLICATE_ID",
          path: "activities[1].id",
          message: 'duplicate id "feed:42": already used by activities[0]',
        },
      ]);
      expect(await stateOf(acme)).toEqual(before);

      // The same event twice in one call is recorded once; sent again later, it changes nothing.
      expect((await acme.recordAlerts([alert, alert]))._unsafeUnwrap()).toEqual({
        inserted: ["dup-1"],
        unchanged: 1,
      });
      const head = (await acme.verifyEvidence()).head;
      expect((await acme.recordAlerts([alert]))._unsafeUnwrap()).toEqual({
        inserted: [],
        unchanged: 1,
      });
      expect((await acme.verifyEvidence()).head).toEqual(head);
    });

    it("refuses a malformed triage decision with a Result naming the path, instead of throwing", async () => {
      const before = await stateOf(acme);
      const triage = (input: unknown) => acme.triageAlert(input as never);
      const file = `tenant ${acme.id}: triageAlert`;
      const missing = (
        await triage({ alert: "al-2026-012", by: "jonas-weber", dismiss: "dup" })
      )._unsafeUnwrapErr();
      expect(missing).toEqual({
        code: "REGISTER_INVALID",
        file,
        issues: [
          { code: "SCHEMA_MISMATCH", path: "decision", message: "is required: expected a mapping" },
        ],
      });
      expect(formatSigregError(missing)).toBe(
        `${file} decision: is required: expected a mapping [SCHEMA_MISMATCH]`,
      );
      const unknownType = await triage({
        alert: "al-2026-012",
        by: "jonas-weber",
        decision: { type: "ignore", reason: "dup" },
      });
      expect(issuesOf(unknownType)).toEqual([
        {
          code: "SCHEMA_MISMATCH",
          path: "decision.type",
          message: 'expected one of "share", "action", "dismiss"',
        },
      ]);
      const noAction = await triage({
        alert: "al-2026-012",
        by: "jonas-weber",
        decision: { type: "action" },
      });
      expect(issuesOf(noAction)).toEqual([
        {
          code: "SCHEMA_MISMATCH",
          path: "decision.action",
          message: "is required: expected a mapping",
        },
      ]);
      const badDate = await triage({
        alert: "al-2026-012",
        by: "jonas-weber",
        decision: { type: "share", channel: "#sec" },
        on: new Date("not a date"),
      });
      expect(issuesOf(badDate)).toEqual([
        expect.objectContaining({ code: "SCHEMA_MISMATCH", path: "on" }),
      ]);
      expect(issuesOf(await triage(undefined))).toEqual([
        { code: "SCHEMA_MISMATCH", path: "", message: "is required: expected a mapping" },
      ]);
      expect(await stateOf(acme)).toEqual(before);
    });

    it("refuses a malformed importRegister source or mode with a Result, and imports nothing", async () => {
      const before = await stateOf(acme);
      const file = `tenant ${acme.id}: importRegister`;
      const noSource = (await acme.importRegister(undefined as never))._unsafeUnwrapErr();
      expect(noSource).toEqual({
        code: "REGISTER_INVALID",
        file,
        issues: [
          {
            code: "SCHEMA_MISMATCH",
            path: "source",
            message:
              "expected the path of a register file, or a mapping with one of the keys path, text or data",
          },
        ],
      });
      const numericPath = await acme.importRegister({ path: 42 } as never);
      expect(issuesOf(numericPath)).toEqual([
        { code: "SCHEMA_MISMATCH", path: "source.path", message: "expected text, got number 42" },
      ]);
      // A typo must not be read as another mode: `replace` removes records, `merge` does not.
      const typo = await acme.importRegister(EXAMPLE, { mode: "repalce" } as never);
      expect(formatSigregError(typo._unsafeUnwrapErr())).toBe(
        `${file} options.mode: expected one of "replace", "merge" [SCHEMA_MISMATCH]`,
      );
      expect(await stateOf(acme)).toEqual(before);
    });
  });
}
