import { memoryStorage } from "@sigreg/adapters/memory";
import { type Alert, createSigreg, defineRule, parseRegisterText } from "@sigreg/core";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createPluginHost, definePlugin, type SigregPlugin } from "../src/index.js";

const alert = { id: "a1", group: "g", title: "T" } as unknown as Alert;
const base = { version: "1.0.0", apiVersion: 1 } as const;

describe("plugin host: registration", () => {
  it("refuses a plugin written for another API version, naming it and both versions", () => {
    const refused = createPluginHost([{ id: "future", ...base, apiVersion: 2 }]);
    expect(refused._unsafeUnwrapErr()).toMatchObject({
      code: "PLUGIN_API_INCOMPATIBLE",
      plugin: "future",
      message: 'plugin "future" was written for plugin API 2; this host runs API 1',
    });
  });

  it("refuses a malformed plugin with every problem, naming the plugin", () => {
    const bad = {
      id: "bad",
      ...base,
      sources: [{ id: "s", formats: ["rss"], read: "nope" }],
      scorers: [{ score: () => undefined }],
      hooks: { onAlert: 42, onSomething: () => undefined },
      schemas: { tier: "string" },
    } as unknown as SigregPlugin;
    const error = createPluginHost([bad])._unsafeUnwrapErr();
    expect(error.code).toBe("PLUGIN_INVALID");
    expect(error.plugin).toBe("bad");
    expect(error.problems).toEqual([
      "expected `sources[0]`.read to be a function",
      "expected `scorers[0]` to have a string `id`",
      "expected `schemas.tier` to be a zod schema",
      "expected hook `onAlert` to be a function or { handler }",
      "unknown hook `onSomething`; expected one of onAlert, onFindings, onReviewRecorded",
    ]);
    expect(error.message).toMatch(/^plugin "bad" cannot be registered: /);
  });

  it("refuses a duplicate id and two plugins contributing the same source", () => {
    const source = { id: "rss", formats: ["rss"] as const, read: async () => ({}) as never };
    expect(
      createPluginHost([
        definePlugin({ id: "a", ...base }),
        definePlugin({ id: "a", ...base }),
      ])._unsafeUnwrapErr().message,
    ).toBe('plugin "a" is registered twice');
    const clash = createPluginHost([
      definePlugin({ id: "a", ...base, sources: [source] }),
      definePlugin({ id: "b", ...base, sources: [source] }),
    ])._unsafeUnwrapErr();
    expect(clash).toMatchObject({ code: "PLUGIN_CONFLICT", plugin: "b" });
    expect(clash.message).toBe(
      'plugin "b" contributes source "rss", already contributed by plugin "a"',
    );
  });

  it("names a plugin without an id by its position", () => {
    const error = createPluginHost([definePlugin({ id: "ok", ...base }), {} as SigregPlugin]);
    expect(error._unsafeUnwrapErr().plugin).toBe("#1");
  });
});

describe("plugin host: hooks", () => {
  it("runs hooks pre, then unordered in registration order, then post", async () => {
    const calls: string[] = [];
    const record = (name: string) => () => {
      calls.push(name);
    };
    const host = createPluginHost([
      definePlugin({
        id: "last",
        ...base,
        hooks: { onAlert: { order: "post", handler: record("last") } },
      }),
      definePlugin({ id: "plain1", ...base, hooks: { onAlert: record("plain1") } }),
      definePlugin({
        id: "first",
        ...base,
        hooks: { onAlert: { order: "pre", handler: record("first") } },
      }),
      definePlugin({ id: "plain2", ...base, hooks: { onAlert: record("plain2") } }),
    ])._unsafeUnwrap();
    expect(await host.runHook("onAlert", { alert, created: true }, { tenant: "t" })).toEqual([]);
    expect(calls).toEqual(["first", "plain1", "plain2", "last"]);
  });

  it("turns a throw, a rejection and a timeout into diagnostics and runs the rest", async () => {
    const reached: string[] = [];
    let aborted = false;
    const host = createPluginHost(
      [
        definePlugin({
          id: "thrower",
          ...base,
          hooks: {
            onAlert: () => {
              throw new Error("boom");
            },
          },
        }),
        definePlugin({
          id: "rejecter",
          ...base,
          hooks: {
            onAlert: async () => {
              throw new Error("nope");
            },
          },
        }),
        definePlugin({
          id: "sleeper",
          ...base,
          hooks: {
            onAlert: (_payload, { signal }) =>
              new Promise<void>((resolve) => {
                signal.addEventListener("abort", () => {
                  aborted = true;
                  resolve();
                });
              }),
          },
        }),
        definePlugin({
          id: "fine",
          ...base,
          hooks: {
            onAlert: () => {
              reached.push("fine");
            },
          },
        }),
      ],
      { timeoutMs: 50 },
    )._unsafeUnwrap();
    const started = Date.now();
    const diagnostics = await host.runHook("onAlert", { alert, created: true }, { tenant: "t" });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(diagnostics).toEqual([
      {
        code: "PLUGIN_THREW",
        plugin: "thrower",
        hook: "onAlert",
        message: 'plugin "thrower" onAlert threw: boom',
      },
      {
        code: "PLUGIN_REJECTED",
        plugin: "rejecter",
        hook: "onAlert",
        message: 'plugin "rejecter" onAlert rejected: nope',
      },
      {
        code: "PLUGIN_TIMEOUT",
        plugin: "sleeper",
        hook: "onAlert",
        message: 'plugin "sleeper" onAlert did not finish within 50 ms',
      },
    ]);
    expect(aborted).toBe(true);
    expect(reached).toEqual(["fine"]);
  });
});

describe("plugin host: call", () => {
  it("treats a rejecting thenable that is not a Promise as a rejection", async () => {
    const host = createPluginHost([])._unsafeUnwrap();
    const thenable = {
      // biome-ignore lint/suspicious/noThenProperty: a foreign thenable is exactly what is tested
      then: (_resolve: unknown, reject: (error: Error) => void) => reject(new Error("foreign")),
    };
    const result = await host.call(
      "p",
      "sources.x.read",
      () => thenable as unknown as Promise<void>,
    );
    expect(result._unsafeUnwrapErr()).toMatchObject({
      code: "PLUGIN_REJECTED",
      message: 'plugin "p" sources.x.read rejected: foreign',
    });
    expect((await host.call("p", "sync", () => 42))._unsafeUnwrap()).toBe(42);
  });
});

describe("plugin host: extension schemas", () => {
  it("validates group extensions, naming the group's path, the field and the plugin", () => {
    const host = createPluginHost([
      definePlugin({
        id: "tiers",
        ...base,
        schemas: {
          tier: z.enum(["gold", "silver"]).optional(),
          contacts: z.array(z.email()).optional(),
        },
      }),
    ])._unsafeUnwrap();
    const issues = host.validateExtensions([
      { id: "ok", extensions: { tier: "gold" } },
      { id: "none" },
      { id: "bad", extensions: { tier: "bronze", contacts: ["a@example.org", "not-mail"] } },
    ]);
    expect(issues.map((issue) => issue.path)).toEqual([
      "groups[2].extensions.tier",
      "groups[2].extensions.contacts[1]",
    ]);
    expect(issues[0]?.message).toContain('field "tier" of plugin "tiers", group "bad"');
    expect(issues[0]?.code).toBe("SCHEMA_MISMATCH");
  });
});

describe("plugin host: extension schemas at load time", () => {
  it("makes a register with a bad extension field fail to load, positioned", () => {
    const host = createPluginHost([
      definePlugin({
        id: "tiers",
        ...base,
        schemas: { tier: z.enum(["gold", "silver"]).optional() },
      }),
    ])._unsafeUnwrap();
    const text =
      "organisation:\n  name: Acme\ngroups:\n  - id: g\n    name: G\n    kind: isac\n    extensions:\n      tier: bronze\n";
    const error = parseRegisterText(text, {
      file: "register.yaml",
      checkExtensions: host.checkExtensions,
    });
    expect(error._unsafeUnwrapErr().issues).toEqual([
      expect.objectContaining({
        path: "groups[0].extensions.tier",
        line: 8,
        message: expect.stringContaining('plugin "tiers"'),
      }),
    ]);
  });
});

describe("plugin host: contributions", () => {
  it("hands its plugins' rules to the engine", async () => {
    const rule = defineRule({
      id: "acme-always",
      title: "Always",
      description: "Always fires.",
      severity: "opportunity",
      controls: ["ISO27001:2022/A.5.6"],
      remediation: "None.",
      policyKeys: [],
      check: () => [{ subject: { type: "register", id: "register" }, message: "fired" }],
    });
    const host = createPluginHost([
      definePlugin({ id: "acme", ...base, rules: [rule] }),
    ])._unsafeUnwrap();
    const tenant = createSigreg({ storage: memoryStorage(), plugins: host.plugins }).tenant("t");
    (await tenant.profile.set({ organisation: { name: "Acme" } }))._unsafeUnwrap();
    const evaluation = (await tenant.evaluate({ asOf: new Date("2026-03-16") }))._unsafeUnwrap();
    expect(evaluation.findings.map((finding) => finding.ruleId)).toContain("acme-always");
  });

  it("finds the source for a feed format and exposes rules, scorers and exporters", () => {
    const source = { id: "kev", formats: ["cisa-kev"] as const, read: async () => ({}) as never };
    const scorer = { id: "x", score: () => undefined };
    const exporter = {
      id: "txt",
      description: "text",
      export: () => ({ content: "", mediaType: "text/plain", extension: "txt" }),
    };
    const host = createPluginHost([
      definePlugin({
        id: "p",
        ...base,
        sources: [source],
        scorers: [scorer],
        exporters: [exporter],
      }),
    ])._unsafeUnwrap();
    expect(host.sourceFor({ format: "cisa-kev" })?.plugin).toBe("p");
    expect(host.sourceFor({ format: "atom" })).toBeUndefined();
    expect(host.scorers.map((entry) => entry.value.id)).toEqual(["x"]);
    expect(host.exporters.map((entry) => entry.value.id)).toEqual(["txt"]);
  });
});
