import { memoryStorage } from "@sigreg/adapters/memory";
import {
  createSigreg,
  defineRule,
  evaluate,
  type Finding,
  RULE_IDS,
  type Rule,
  registerSchema,
} from "@sigreg/core";
import { describe, expect, it } from "vitest";
import {
  createPluginHost,
  definePlugin,
  PLUGIN_FAILED_RULE_ID,
  rulesOf,
  type SigregPlugin,
} from "../src/index.js";

const base = { version: "1.0.0", apiVersion: 1 } as const;
const AS_OF = new Date("2026-03-16");

const register = registerSchema.parse({
  organisation: { name: "Acme" },
  groups: [{ id: "g", name: "G", kind: "other", url: "https://example.org" }],
});

function rule(id: string, check: () => unknown): Rule {
  return defineRule({
    id,
    title: id,
    description: "A test rule.",
    severity: "opportunity",
    controls: ["ISO27001:2022/A.5.6"],
    remediation: "None.",
    policyKeys: [],
    check: check as Rule["check"],
  });
}

const fires = rule("acme-fires", () => [
  { subject: { type: "register", id: "register" }, message: "acme rule ran" },
]);
const throws = rule("acme-boom", () => {
  throw new Error("kaboom");
});

const plugin = (id: string, rules: Rule[]): SigregPlugin => definePlugin({ id, ...base, rules });

const ids = (findings: readonly Finding[]) => findings.map((finding) => finding.ruleId);

describe("plugin rules through the host", () => {
  it("turns a throwing rule into a plugin-failed finding; the other rules' findings remain", () => {
    const host = createPluginHost([
      plugin("acme", [throws, fires]),
      plugin("other", [rule("other-fires", () => [])]),
    ])._unsafeUnwrap();
    const builtinOnly = evaluate(register, { asOf: AS_OF });

    const evaluation = evaluate(register, { asOf: AS_OF, rules: host.rules });

    expect(ids(evaluation.findings)).toEqual(
      expect.arrayContaining([...ids(builtinOnly.findings), "acme-fires", PLUGIN_FAILED_RULE_ID]),
    );
    expect(evaluation.findings.filter((f) => f.ruleId === "acme-boom")).toEqual([]);
    expect(evaluation.findings.filter((f) => f.ruleId === PLUGIN_FAILED_RULE_ID)).toEqual([
      expect.objectContaining({
        severity: "observation",
        subject: { type: "register", id: "register" },
        message:
          'plugin "acme" rules.acme-boom threw: kaboom [PLUGIN_THREW]; its findings are missing.',
      }),
    ]);
  });

  it("turns a rule returning something other than a list of hits into a plugin-failed finding", async () => {
    const rejected: unknown[] = [];
    const onRejection = (reason: unknown) => rejected.push(reason);
    process.on("unhandledRejection", onRejection);
    try {
      const host = createPluginHost([
        plugin("odd", [
          rule("odd-string", () => "no hits"),
          rule("odd-undefined", () => undefined),
          rule("odd-item", () => [null]),
          rule("odd-async", () => Promise.reject(new Error("late"))),
          fires,
        ]),
      ])._unsafeUnwrap();

      const evaluation = evaluate(register, { asOf: AS_OF, rules: host.rules });

      expect(ids(evaluation.findings)).toContain("acme-fires");
      expect(
        evaluation.findings
          .filter((finding) => finding.ruleId === PLUGIN_FAILED_RULE_ID)
          .map((finding) => finding.message),
      ).toEqual([
        'plugin "odd" rules.odd-string returned string, not a list of hits [PLUGIN_BAD_RESULT]; its findings are missing.',
        'plugin "odd" rules.odd-undefined returned undefined, not a list of hits [PLUGIN_BAD_RESULT]; its findings are missing.',
        'plugin "odd" rules.odd-item returned a list whose item 0 is not a hit ({ subject: { type, id }, message }) [PLUGIN_BAD_RESULT]; its findings are missing.',
        'plugin "odd" rules.odd-async returned a promise, not a list of hits (rules are synchronous) [PLUGIN_BAD_RESULT]; its findings are missing.',
      ]);
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(rejected).toEqual([]);
    } finally {
      process.off("unhandledRejection", onRejection);
    }
  });

  it("reports each evaluation's failures once, in that evaluation", () => {
    let calls = 0;
    const host = createPluginHost([
      plugin("flaky", [
        rule("flaky-first", () => {
          calls += 1;
          if (calls === 1) throw new Error("first time");
          return [];
        }),
      ]),
    ])._unsafeUnwrap();
    const failed = (evaluation: { findings: readonly Finding[] }) =>
      evaluation.findings.filter((finding) => finding.ruleId === PLUGIN_FAILED_RULE_ID).length;
    expect(failed(evaluate(register, { asOf: AS_OF, rules: host.rules }))).toBe(1);
    expect(failed(evaluate(register, { asOf: AS_OF, rules: host.rules }))).toBe(0);
  });

  it("contains the rules rulesOf collects too", () => {
    const evaluation = evaluate(register, {
      asOf: AS_OF,
      rules: rulesOf([plugin("acme", [throws, fires])]),
    });
    expect(ids(evaluation.findings)).toEqual(
      expect.arrayContaining(["acme-fires", PLUGIN_FAILED_RULE_ID]),
    );
  });
});

describe("plugin rules in the engine", () => {
  for (const [how, options] of [
    ["host.engineOptions()", (host: { engineOptions(): object }) => host.engineOptions()],
    ["host.plugins", (host: { plugins: readonly SigregPlugin[] }) => ({ plugins: host.plugins })],
  ] as const) {
    it(`reports a throwing rule as a diagnostic naming plugin and rule (${how}); the evaluation goes on`, async () => {
      const host = createPluginHost([plugin("acme", [throws, fires])])._unsafeUnwrap();
      const sigreg = createSigreg({
        storage: memoryStorage(),
        ...(options as (h: typeof host) => object)(host),
      });
      const tenant = sigreg.tenant("t");
      (await tenant.profile.set({ organisation: { name: "Acme" } }))._unsafeUnwrap();

      const evaluation = (await tenant.evaluate({ asOf: AS_OF }))._unsafeUnwrap();

      expect(ids(evaluation.findings)).toContain("acme-fires");
      expect(ids(evaluation.findings)).not.toContain(PLUGIN_FAILED_RULE_ID);
      expect(evaluation.diagnostics).toEqual([
        {
          code: "PLUGIN_THREW",
          plugin: "acme",
          hook: "rules.acme-boom",
          message: 'plugin "acme" rules.acme-boom threw: kaboom',
        },
      ]);
      const all = [];
      for await (const result of sigreg.evaluateAll({ asOf: AS_OF })) all.push(result);
      expect(all).toEqual([
        expect.objectContaining({
          tenant: "t",
          evaluation: expect.objectContaining({
            diagnostics: [expect.objectContaining({ hook: "rules.acme-boom" })],
          }),
        }),
      ]);
    });
  }

  it("puts rule failures before the onFindings hook's", async () => {
    const host = createPluginHost([
      definePlugin({
        id: "acme",
        ...base,
        rules: [rule("acme-odd", () => ({ not: "a list" }))],
        hooks: {
          onFindings: () => {
            throw new Error("hook down");
          },
        },
      }),
    ])._unsafeUnwrap();
    const tenant = createSigreg({ storage: memoryStorage(), ...host.engineOptions() }).tenant("t");
    (await tenant.profile.set({ organisation: { name: "Acme" } }))._unsafeUnwrap();
    const evaluation = (await tenant.evaluate({ asOf: AS_OF }))._unsafeUnwrap();
    expect(evaluation.diagnostics).toEqual([
      expect.objectContaining({
        code: "PLUGIN_BAD_RESULT",
        hook: "rules.acme-odd",
        message: 'plugin "acme" rules.acme-odd returned object, not a list of hits',
      }),
      expect.objectContaining({ code: "PLUGIN_THREW", hook: "onFindings" }),
    ]);
  });
});

describe("plugin rule ids at registration", () => {
  it("refuses two plugins contributing the same rule id, naming both", () => {
    const error = createPluginHost([
      plugin("first", [rule("shared-rule", () => [])]),
      plugin("second", [rule("shared-rule", () => [])]),
    ])._unsafeUnwrapErr();
    expect(error).toMatchObject({ code: "PLUGIN_CONFLICT", plugin: "second" });
    expect(error.message).toBe(
      'plugin "second" contributes rule "shared-rule", already contributed by plugin "first"',
    );
    expect(() =>
      rulesOf([
        plugin("first", [rule("shared-rule", () => [])]),
        plugin("second", [rule("shared-rule", () => [])]),
      ]),
    ).toThrow(error.message);
  });

  it("refuses a plugin rule with a built-in rule's id, or the host's own plugin-failed", () => {
    expect(RULE_IDS).toContain("group-dormant");
    const error = createPluginHost([
      plugin("mimic", [rule("group-dormant", () => [])]),
    ])._unsafeUnwrapErr();
    expect(error).toMatchObject({ code: "PLUGIN_CONFLICT", plugin: "mimic" });
    expect(error.message).toBe(
      'plugin "mimic" contributes rule "group-dormant", which is the id of a built-in rule',
    );
    expect(() => rulesOf([plugin("mimic", [rule("group-dormant", () => [])])])).toThrow(
      error.message,
    );
    expect(
      createPluginHost([plugin("sly", [rule(PLUGIN_FAILED_RULE_ID, () => [])])])._unsafeUnwrapErr()
        .message,
    ).toContain(`rule "${PLUGIN_FAILED_RULE_ID}", an id the plugin host reserves`);
  });
});
