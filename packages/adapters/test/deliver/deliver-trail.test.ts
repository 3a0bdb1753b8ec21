import { createSigreg, type StorageAdapter } from "@sigreg/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXAMPLE } from "../engine/fixtures.js";
import { engineTargets } from "../engine/targets.js";
import { recordingNotifier } from "./recording-notifier.js";

const START = Date.parse("2026-11-23T09:00:00Z");
const DAY = 86_400_000;

for (const target of engineTargets()) {
  describe(`the alert's trail on ${target.name}`, () => {
    let storage: StorageAdapter;
    let now = START;
    beforeEach(async () => {
      storage = await target.create();
      now = START;
    });
    afterEach(async () => target.destroy(storage));

    it("records the team-channel share and the ticket on the alert, reads the ticket's closure back, and the KPIs and rules see them", async () => {
      const chat = recordingNotifier("team-chat", "chat");
      const jira = recordingNotifier("jira", "ticket");
      const sigreg = createSigreg({ storage, clock: () => new Date(now), notifiers: [chat, jira] });
      const tenant = `t-${Math.random().toString(36).slice(2, 8)}`;
      const acme = sigreg.tenant(tenant, { actor: "alice" });
      (await acme.importRegister(EXAMPLE))._unsafeUnwrap();
      (
        await acme.recordAlert({
          id: "kev-1",
          group: "cisa",
          title: "Known exploited: CVE-2026-0001",
          received: "2026-11-22",
          severity: "critical",
        })
      )._unsafeUnwrap();
      // Someone triages the alert while its notifications are still queued: the trail must not
      // overwrite the triage, nor the triage the trail.
      await sigreg.deliver({ tenant, maxBatches: 1, batchSize: 1000 });
      (
        await acme.triageAlert({
          alert: "kev-1",
          by: "sam-okafor",
          decision: { type: "share", channel: "#sec-ops" },
          on: "2026-11-23",
        })
      )._unsafeUnwrap();
      now += DAY;
      expect(await sigreg.deliver({ tenant })).toMatchObject({ sent: 2 });

      const alert = (await acme.getAlert("kev-1"))?.value;
      expect(alert?.sharedTo).toEqual([
        { channel: "#sec-ops", on: new Date("2026-11-23T00:00:00Z") },
        {
          channel: "team-chat",
          on: new Date(START + DAY),
          deliveryId: chat.delivered[0]?.idempotencyKey,
        },
      ]);
      expect(alert?.tickets).toEqual([
        {
          system: "jira",
          key: "SEC-1",
          url: "https://acme.atlassian.example/browse/SEC-1",
          status: "open",
          opened: new Date(START + DAY),
        },
      ]);
      const before = (await acme.evaluate({ asOf: new Date(START + DAY) }))._unsafeUnwrap().kpis;
      // Beside SEC-1, the example's own ticket action (SEC-1366 on al-2026-011, 1 day after its
      // alert) is in the window: two tickets, a median of 1.5 days; only SEC-1 has a state to follow.
      expect(before).toMatchObject({
        medianDaysToShare: 1,
        medianDaysToTicket: 1.5,
        tickets: 2,
        ticketsClosedShare: 0,
        alertsPerGroup: { cisa: 1 },
      });

      // The ticket moves on, then is closed in Jira: each change is read back once.
      jira.statuses.set("SEC-1", {
        key: "SEC-1",
        name: "In Progress",
        category: "indeterminate",
        closed: false,
      });
      expect(await sigreg.syncTickets({ tenant })).toEqual({
        checked: 1,
        closed: 0,
        updated: 1,
        failures: [],
      });
      expect(await sigreg.syncTickets({ tenant })).toEqual({
        checked: 1,
        closed: 0,
        updated: 0,
        failures: [],
      });
      now += DAY;
      jira.statuses.set("SEC-1", { key: "SEC-1", name: "Done", category: "done", closed: true });
      expect(await sigreg.syncTickets()).toMatchObject({ closed: 1 });
      expect(await sigreg.syncTickets({ tenant })).toMatchObject({ checked: 0 });
      const closed = (await acme.getAlert("kev-1"))?.value.tickets[0];
      expect(closed).toMatchObject({ status: "Done", closed: new Date(START + 2 * DAY) });
      const after = (await acme.evaluate({ asOf: new Date(START + 2 * DAY) }))._unsafeUnwrap();
      expect(after.kpis.ticketsClosedShare).toBe(1);
      // The ticket is the action an auditor looks for: the feedback loop is not missing.
      expect(after.findings.filter((f) => f.ruleId === "feedback-loop-missing")).toEqual([]);
      const evidence = await acme.verifyEvidence();
      expect(evidence.ok).toBe(true);
    });

    it("reports a ticket whose status cannot be read, and leaves it open", async () => {
      const jira = recordingNotifier("jira", "ticket");
      const sigreg = createSigreg({ storage, clock: () => new Date(now), notifiers: [jira] });
      const tenant = `t-${Math.random().toString(36).slice(2, 8)}`;
      const acme = sigreg.tenant(tenant);
      (await acme.importRegister(EXAMPLE))._unsafeUnwrap();
      (
        await acme.recordAlert({
          id: "x",
          group: "cisa",
          title: "X",
          received: "2026-11-23",
          severity: "critical",
        })
      )._unsafeUnwrap();
      await sigreg.deliver({ tenant });
      jira.statuses.clear();
      const report = await sigreg.syncTickets({ tenant });
      expect(report).toMatchObject({ checked: 1, closed: 0 });
      expect(report.failures).toEqual(["x SEC-1: jira: no issue SEC-1 [REJECTED]"]);
      expect((await acme.getAlert("x"))?.value.tickets[0]?.closed).toBeUndefined();
    });
  });
}
