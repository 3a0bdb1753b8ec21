import { readFileSync } from "node:fs";
import { memoryStorage } from "@sigreg/adapters/memory";
import { createSigreg, defineRule, type EngineDiagnostic, type Finding } from "@sigreg/core";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createPluginHost, definePlugin } from "../src/index.js";

const EXAMPLE = new URL("../../../examples/ai-company/register.yaml", import.meta.url).pathname;
const base = { version: "1.0.0", apiVersion: 1 } as const;

describe("the plugin host in the engine", () => {
  it("runs plugin rules, checks extensions on import, and runs hooks in order, a failing one reported by plugin and hook", async () => {
    const seen: string[] = [];
    const received: Finding[][] = [];
    const host = createPluginHost(
      [
        definePlugin({
          id: "tiers",
          ...base,
          schemas: { tier: z.enum(["gold", "silver"]).optional() },
          rules: [
            defineRule({
              id: "tiers-always",
              title: "Always",
              description: "Fires once, to prove plugin rules run in the engine.",
              severity: "opportunity",
              controls: ["ISO27001:2022/A.5.6"],
              remediation: "Nothing to do.",
              policyKeys: [],
              check: () => [
                { subject: { type: "register", id: "register" }, message: "plugin rule ran" },
              ],
            }),
          ],
          hooks: {
            onFindings: {
              order: "post",
              handler: ({ findings }) => {
                seen.push("tiers");
                received.push([...findings]);
              },
            },
          },
        }),
        definePlugin({
          id: "broken",
          ...base,
          hooks: {
            onFindings: () => {
              seen.push("broken");
              throw new Error("boom");
            },
            onReviewRecorded: () => new Promise(() => {}),
          },
        }),
      ],
      { timeoutMs: 100 },
    )._unsafeUnwrap();
    const diagnostics: EngineDiagnostic[] = [];
    const sigreg = createSigreg({
      storage: memoryStorage(),
      ...host.engineOptions(),
      onDiagnostic: (diagnostic) => diagnostics.push(diagnostic),
    });
    const acme = sigreg.tenant("acme");

    const text = readFileSync(EXAMPLE, "utf8").replace(
      "  - id: cisa\n",
      "  - id: cisa\n    extensions: { tier: bronze }\n",
    );
    const refused = await acme.importRegister({ text, file: "register.yaml" });
    expect(refused._unsafeUnwrapErr()).toMatchObject({
      issues: [expect.objectContaining({ path: expect.stringContaining("extensions.tier") })],
    });
    (await acme.importRegister(EXAMPLE))._unsafeUnwrap();

    const evaluation = (await acme.evaluate({ asOf: new Date("2026-11-23") }))._unsafeUnwrap();
    expect(evaluation.findings.some((f) => f.ruleId === "tiers-always")).toBe(true);
    expect(seen).toEqual(["broken", "tiers"]); // "post" runs after plugins without an order
    expect(received[0]).toEqual(evaluation.findings);
    expect(evaluation.diagnostics).toEqual([
      expect.objectContaining({ plugin: "broken", hook: "onFindings", code: "PLUGIN_THREW" }),
    ]);

    (
      await acme.recordReview({ date: "2026-11-23", reviewer: "eleanor-hughes", scope: "all" })
    )._unsafeUnwrap();
    expect(diagnostics).toEqual([
      expect.objectContaining({
        plugin: "broken",
        hook: "onReviewRecorded",
        code: "PLUGIN_TIMEOUT",
      }),
    ]);
  });
});
