import { memoryStorage } from "@sigreg/adapters/memory";
import { createSigreg, ruleRouter } from "@sigreg/core";
import { describe, expect, it } from "vitest";
import { EXAMPLE } from "../engine/fixtures.js";
import { recordingNotifier } from "./recording-notifier.js";

const NOW = new Date("2026-11-23T09:00:00Z");

async function setUp(router: ReturnType<typeof ruleRouter>) {
  const notifiers = {
    chat: recordingNotifier("team-chat", "chat"),
    mail: recordingNotifier("owner-mail", "email"),
    jira: recordingNotifier("jira", "ticket"),
  };
  const sigreg = createSigreg({
    storage: memoryStorage(),
    clock: () => NOW,
    notifiers: Object.values(notifiers),
    router,
  });
  const acme = sigreg.tenant("acme");
  (await acme.importRegister(EXAMPLE))._unsafeUnwrap();
  return { sigreg, acme, ...notifiers };
}

const alert = (id: string, group: string, severity: "critical" | "high" | "medium" | "low") => ({
  id,
  group,
  title: id,
  received: "2026-11-23",
  severity,
});

describe("relevance threshold", () => {
  it("stores an alert scored below the routing threshold but pushes it to nobody", async () => {
    const { sigreg, acme, chat, mail } = await setUp(
      ruleRouter([{ notifiers: ["owner-mail", "team-chat"] }]),
    );
    (
      await acme.recordAlerts([
        {
          ...alert("pushed", "cisa", "critical"),
          relevance: { score: 80, push: true, reasons: [] },
        },
        {
          ...alert("quiet", "cisa", "critical"),
          relevance: { score: 10, push: false, reasons: [] },
        },
      ])
    )._unsafeUnwrap();
    await sigreg.deliver();
    expect(mail.delivered.map((n) => n.alert?.id)).toEqual(["pushed"]);
    expect(chat.delivered.map((n) => n.alert?.id)).toEqual(["pushed"]);
    expect((await acme.getAlert("quiet"))?.value.relevance?.push).toBe(false);
  });
});

describe("ruleRouter", () => {
  it("routes each alert to the notifiers of every rule it matches, by severity and group", async () => {
    const { sigreg, acme, chat, mail, jira } = await setUp(
      ruleRouter([
        { notifiers: ["owner-mail"] },
        { notifiers: ["team-chat"], minSeverity: "medium", groups: ["cisa", "ncsc-uk"] },
        { notifiers: ["jira", "team-chat"], minSeverity: "critical" },
      ]),
    );
    (
      await acme.recordAlerts([
        alert("cisa-low", "cisa", "low"),
        alert("cisa-medium", "cisa", "medium"),
        alert("bsi-high", "bsi", "high"),
        alert("bsi-critical", "bsi", "critical"),
      ])
    )._unsafeUnwrap();
    await sigreg.deliver();
    const ids = (notifier: typeof chat) => notifier.delivered.map((n) => n.alert?.id).sort();
    expect(ids(mail)).toEqual(["bsi-critical", "bsi-high", "cisa-low", "cisa-medium"]);
    expect(ids(chat)).toEqual(["bsi-critical", "cisa-medium"]); // once each, though two rules match
    expect(ids(jira)).toEqual(["bsi-critical"]);
  });

  it("routes by the source group's relevance score to the organisation", async () => {
    const probe = await setUp(ruleRouter([{ notifiers: ["owner-mail"] }]));
    const scores = (await probe.acme.evaluate({ asOf: NOW }))
      ._unsafeUnwrap()
      .groups.map((group) => ({ id: group.id, score: group.relevance.score }))
      .sort((a, b) => b.score - a.score);
    const top = scores[0];
    const bottom = scores.at(-1);
    if (top === undefined || bottom === undefined || top.score === bottom.score)
      throw new Error("the example register has groups of different relevance");
    const threshold = (top.score + bottom.score) / 2;
    const { sigreg, acme, chat } = await setUp(
      ruleRouter([{ notifiers: ["team-chat"], minRelevance: threshold }]),
    );
    (
      await acme.recordAlerts([alert("top", top.id, "low"), alert("bottom", bottom.id, "low")])
    )._unsafeUnwrap();
    await sigreg.deliver();
    expect(chat.delivered.map((n) => n.alert?.id)).toEqual(["top"]);
  });

  it("refuses a rule without notifiers or with a relevance outside 0–100", () => {
    expect(() => ruleRouter([{ notifiers: [] }])).toThrow(
      "rules[0].notifiers: expected at least one notifier name",
    );
    expect(() =>
      ruleRouter([{ notifiers: ["a"] }, { notifiers: ["a"], minRelevance: 101 }]),
    ).toThrow("rules[1].minRelevance: expected a score from 0 to 100");
  });
});
