import {
  createSigreg,
  type ExtensionCheck,
  formatSigregError,
  parseRegister,
  type Sigreg,
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

/** What a call gave: its `Result`'s error or value, what it returned, or what it threw. */
async function outcomeOf(run: () => unknown): Promise<unknown> {
  try {
    const value = await run();
    if (value !== null && typeof value === "object" && "isErr" in value) {
      const result = value as Result<unknown, SigregError>;
      return result.isErr() ? result.error : { ok: result.value };
    }
    return { returned: value };
  } catch (error) {
    return { threw: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

/**
 * A call of the tenant API with an argument of the wrong type, as a JavaScript caller may make it
 * (a JSON body passed straight through), the path its error names and the message there.
 */
type BadCall = [
  call: string,
  run: (tenant: SigregTenant) => unknown,
  path: string,
  message: string,
];

/** A new group, person, activity, alert and review, all valid: only the other argument is wrong. */
const NEW = {
  group: { id: "owasp", name: "OWASP", kind: "professional-body", owner: "eleanor-hughes" },
  person: { id: "ada-lovelace", name: "Ada Lovelace" },
  activity: { group: "cisa", date: "2026-11-20", type: "newsletter" },
  alert: { id: "al-new", group: "cisa", title: "KEV: CVE-2026-0001", received: "2026-11-22" },
  review: { date: "2026-11-22", reviewer: "eleanor-hughes", scope: "all" },
} as const;

/** The stored alert `updateAlert` and `triageAlert` are called on, as a file writes it. */
const STORED_ALERT = {
  id: "al-2026-012",
  group: "github-advisories",
  title: "llama-cpp-python: server-side template injection",
  received: "2026-11-12",
};

const CISA = {
  id: "cisa",
  name: "CISA",
  kind: "government-cert",
  owner: "eleanor-hughes",
} as const;

/** Every method of the tenant API that returns a `Result`, with arguments of the wrong type. */
const BAD_CALLS: BadCall[] = [
  [
    "profile.set(profile, null)",
    async (t) => t.profile.set((await t.profile.get())?.value as never, null as never),
    "options",
    "expected a mapping, got null",
  ],
  [
    'profile.set(profile, { expectedVersion: "1" })',
    async (t) =>
      t.profile.set((await t.profile.get())?.value as never, { expectedVersion: "1" } as never),
    "options.expectedVersion",
    'expected a number, got the text "1"',
  ],
  [
    "groups.create(group, { actor: 42 })",
    (t) => t.groups.create(NEW.group, { actor: 42 } as never),
    "options.actor",
    "expected text, got number 42",
  ],
  [
    "groups.update(group, 42)",
    (t) => t.groups.update(CISA, 42 as never),
    "options",
    "expected a mapping, got number 42",
  ],
  [
    "groups.update(group, { expectedVersion: -1 })",
    (t) => t.groups.update(CISA, { expectedVersion: -1 }),
    "options.expectedVersion",
    "Too small: expected number to be >=0",
  ],
  [
    "groups.remove(undefined)",
    (t) => t.groups.remove(undefined as never),
    "id",
    "is required: expected text",
  ],
  [
    'groups.remove(["cisa"])',
    (t) => t.groups.remove(["cisa"] as never),
    "id",
    "expected text, got a list",
  ],
  [
    'groups.remove("cisa", null)',
    (t) => t.groups.remove("cisa", null as never),
    "options",
    "expected a mapping, got null",
  ],
  [
    "people.create(person, [])",
    (t) => t.people.create(NEW.person, [] as never),
    "options",
    "expected a mapping, got a list",
  ],
  [
    'people.update(person, "alice")',
    (t) => t.people.update({ id: "jonas-weber", name: "Jonas" }, "alice" as never),
    "options",
    'expected a mapping, got the text "alice"',
  ],
  ["people.remove(42)", (t) => t.people.remove(42 as never), "id", "expected text, got number 42"],
  [
    'recordActivity(activity, { actor: ["alice"] })',
    (t) => t.recordActivity(NEW.activity, { actor: ["alice"] } as never),
    "options.actor",
    "expected text, got a list",
  ],
  [
    "recordActivities(undefined)",
    (t) => t.recordActivities(undefined as never),
    "activities",
    "is required: expected a list",
  ],
  [
    "recordActivities(activity)",
    (t) => t.recordActivities(NEW.activity as never),
    "activities",
    "expected a list, got a mapping",
  ],
  [
    'recordActivities("[]")',
    (t) => t.recordActivities("[]" as never),
    "activities",
    'expected a list, got the text "[]"',
  ],
  [
    "recordActivities([activity], null)",
    (t) => t.recordActivities([NEW.activity], null as never),
    "options",
    "expected a mapping, got null",
  ],
  [
    "recordAlert(alert, 42)",
    (t) => t.recordAlert(NEW.alert, 42 as never),
    "options",
    "expected a mapping, got number 42",
  ],
  [
    "recordAlerts(undefined)",
    (t) => t.recordAlerts(undefined as never),
    "alerts",
    "is required: expected a list",
  ],
  [
    "recordAlerts(null)",
    (t) => t.recordAlerts(null as never),
    "alerts",
    "expected a list, got null",
  ],
  [
    "recordAlerts({ alerts: [alert] })",
    (t) => t.recordAlerts({ alerts: [NEW.alert] } as never),
    "alerts",
    "expected a list, got a mapping",
  ],
  [
    'recordAlerts("alert")',
    (t) => t.recordAlerts("alert" as never),
    "alerts",
    'expected a list, got the text "alert"',
  ],
  [
    "recordAlerts([alert], { actor: 42 })",
    (t) => t.recordAlerts([NEW.alert], { actor: 42 } as never),
    "options.actor",
    "expected text, got number 42",
  ],
  [
    "updateAlert(undefined)",
    (t) => t.updateAlert(undefined as never),
    "alert",
    "is required: expected a mapping",
  ],
  [
    "updateAlert(null)",
    (t) => t.updateAlert(null as never),
    "alert",
    "expected a mapping, got null",
  ],
  [
    "updateAlert([alert])",
    (t) => t.updateAlert([STORED_ALERT] as never),
    "alert",
    "expected a mapping, got a list",
  ],
  [
    "updateAlert({ ...alert, id: 42 })",
    (t) => t.updateAlert({ ...STORED_ALERT, id: 42 } as never),
    "alert.id",
    "expected text, got number 42",
  ],
  [
    "updateAlert(alert, null)",
    (t) => t.updateAlert(STORED_ALERT, null as never),
    "options",
    "expected a mapping, got null",
  ],
  [
    'updateAlert(alert, { expectedVersion: "1" })',
    (t) => t.updateAlert(STORED_ALERT, { expectedVersion: "1" } as never),
    "options.expectedVersion",
    'expected a number, got the text "1"',
  ],
  [
    "triageAlert({ …, expectedVersion: -1 })",
    (t) =>
      t.triageAlert({
        alert: STORED_ALERT.id,
        by: "jonas-weber",
        decision: { type: "share", channel: "#sec" },
        expectedVersion: -1,
      }),
    "expectedVersion",
    "Too small: expected number to be >=0",
  ],
  [
    'recordReview(review, "alice")',
    (t) => t.recordReview(NEW.review, "alice" as never),
    "options",
    'expected a mapping, got the text "alice"',
  ],
  [
    'exportRegister({ format: "xml" })',
    (t) => t.exportRegister({ format: "xml" } as never),
    "options.format",
    'expected one of "yaml", "json"',
  ],
  [
    'exportRegister("json")',
    (t) => t.exportRegister("json" as never),
    "options",
    'expected a mapping, got the text "json"',
  ],
  [
    "exportRegister(null)",
    (t) => t.exportRegister(null as never),
    "options",
    "expected a mapping, got null",
  ],
  [
    "attest({ actor: 42 })",
    (t) => t.attest({ actor: 42 } as never),
    "options.actor",
    "expected text, got number 42",
  ],
  ["attest(null)", (t) => t.attest(null as never), "options", "expected a mapping, got null"],
];

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
    let sigreg: Sigreg;
    let acme: SigregTenant;
    beforeEach(async () => {
      storage = await target.create();
      sigreg = createSigreg({ storage, clock: steppingClock(), checkExtensions: tierCheck });
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

    it("refuses an argument of the wrong type to any Result-returning call with that call's REGISTER_INVALID, naming the path, and writes nothing", async () => {
      const before = await stateOf(acme);
      for (const [call, run, path, message] of BAD_CALLS) {
        const head = (await acme.verifyEvidence()).head;
        const method = call.slice(0, call.indexOf("("));
        // Soft: a run on the code before the fix lists every call that threw or wrote.
        expect.soft(await outcomeOf(() => run(acme)), call).toEqual({
          code: "REGISTER_INVALID",
          file: `tenant ${acme.id}: ${method}`,
          issues: [{ code: "SCHEMA_MISMATCH", path, message }],
        });
        expect.soft((await acme.verifyEvidence()).head, `${call} wrote nothing`).toEqual(head);
      }
      expect(await stateOf(acme)).toEqual(before);
      // With nothing wrong but the argument, the same calls succeed.
      expect((await acme.recordAlerts([NEW.alert], { actor: "bob" }))._unsafeUnwrap()).toEqual({
        inserted: ["al-new"],
        unchanged: 0,
      });
      expect((await acme.exportRegister({ format: "json" }))._unsafeUnwrap()).toMatch(/^\{/);
    });

    it("throws a clear, documented error from the calls that return no Result, and reads nothing for an id that is not text", async () => {
      const before = await stateOf(acme);
      const asOf = new Date("2026-11-23");
      const throwing: [call: string, run: () => unknown, error: string][] = [
        [
          'sigreg.tenant("acme", { actor: 42 })',
          () => sigreg.tenant("acme", { actor: 42 } as never),
          "TypeError: sigreg.tenant options.actor: expected text, got number 42 [SCHEMA_MISMATCH]",
        ],
        [
          'sigreg.tenant("acme", null)',
          () => sigreg.tenant("acme", null as never),
          "TypeError: sigreg.tenant options: expected a mapping, got null [SCHEMA_MISMATCH]",
        ],
        [
          'sigreg.tenant(Symbol("acme"))',
          () => sigreg.tenant(Symbol("acme") as never),
          "TypeError: sigreg.tenant: expected a tenant id of letters, digits, '.', '_', ':' or '-', got Symbol(acme)",
        ],
        [
          "verifyEvidence(null)",
          () => acme.verifyEvidence(null as never),
          `RangeError: tenant ${acme.id}: verifyEvidence options: expected a mapping, got null [SCHEMA_MISMATCH]`,
        ],
        [
          'verifyEvidence({ records: "no" })',
          () => acme.verifyEvidence({ records: "no" } as never),
          `RangeError: tenant ${acme.id}: verifyEvidence options.records: expected true or false, got the text "no" [SCHEMA_MISMATCH]`,
        ],
        // As `evaluate` documents: options it cannot use are a programming error, a RangeError.
        [
          "evaluate(undefined)",
          () => acme.evaluate(undefined as never),
          "RangeError: evaluate: options.asOf must be a valid Date",
        ],
        [
          "evaluate(null)",
          () => acme.evaluate(null as never),
          "RangeError: evaluate: options.asOf must be a valid Date",
        ],
        [
          "evaluate({ asOf, policy: 42 })",
          () => acme.evaluate({ asOf, policy: 42 } as never),
          "RangeError: evaluate: invalid options.policy: policy: expected a mapping, got number 42",
        ],
        [
          "evaluate({ asOf, policy: { rules: [] } })",
          () => acme.evaluate({ asOf, policy: { rules: [] } } as never),
          "RangeError: evaluate: invalid options.policy: policy.rules: expected a mapping, got a list",
        ],
        [
          "evaluate({ asOf, weights: 42 })",
          () => acme.evaluate({ asOf, weights: 42 } as never),
          "RangeError: invalid relevance weights: weights: expected a mapping, got number 42",
        ],
        // No record has an id that is not text: `undefined`, on every storage.
        ["getAlert([])", () => acme.getAlert([] as never), undefined as never],
        ["groups.get({})", () => acme.groups.get({} as never), undefined as never],
        ["people.get([])", () => acme.people.get([] as never), undefined as never],
      ];
      for (const [call, run, error] of throwing)
        expect
          .soft(await outcomeOf(run), call)
          .toEqual(error === undefined ? { returned: undefined } : { threw: error });
      expect(await stateOf(acme)).toEqual(before);
    });
  });
}
