import { createSigreg, type StorageAdapter } from "@sigreg/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXAMPLE } from "../engine/fixtures.js";
import { engineTargets } from "../engine/targets.js";
import { recordingNotifier } from "./recording-notifier.js";

// Every group of the example register was last reviewed on 2026-09-10: the next review falls due
// on 2027-09-10, and the policy's dueSoonDays is 14.
const DUE = "2027-09-10";
const day = (iso: string) => new Date(`${iso}T08:00:00Z`);

for (const target of engineTargets()) {
  describe(`reminders and digests on ${target.name}`, () => {
    let storage: StorageAdapter;
    beforeEach(async () => {
      storage = await target.create();
    });
    afterEach(async () => target.destroy(storage));

    const setUp = async () => {
      const mail = recordingNotifier("mail", "email");
      const chat = recordingNotifier("chat", "chat");
      const sigreg = createSigreg({ storage, notifiers: [mail, chat] });
      const tenant = `n-${Math.random().toString(36).slice(2, 8)}`;
      const acme = sigreg.tenant(tenant, { actor: "alice" });
      (await acme.importRegister(EXAMPLE))._unsafeUnwrap();
      await sigreg.deliver({ tenant }); // the import's own events
      return { sigreg, acme, tenant, mail, chat };
    };

    it("reminds each owner before, on and after the day a review falls due, once per stage", async () => {
      const { sigreg, tenant, mail, chat } = await setUp();
      const options = { tenant, digests: false };
      expect((await sigreg.notify({ ...options, asOf: day("2027-08-01") })).enqueued).toEqual([]);

      const soon = await sigreg.notify({ ...options, asOf: day("2027-09-07") });
      const cisa = soon.enqueued.find((event) => event.id.includes(":cisa:"));
      expect(cisa).toMatchObject({
        id: `remind:${tenant}:cisa:${DUE}:due-soon`,
        topic: "review.reminder",
        payload: { stage: "due-soon", daysLeft: 3, owner: { id: "sam-okafor" } },
      });
      const again = await sigreg.notify({ ...options, asOf: day("2027-09-08") });
      expect(again).toEqual({ enqueued: [], alreadyQueued: soon.enqueued.length });
      expect((await sigreg.deliver({ tenant })).sent).toBe(soon.enqueued.length);
      const reminder = mail.delivered.find((n) => n.group?.id === "cisa");
      expect(reminder).toMatchObject({
        kind: "reminder",
        title: expect.stringMatching(/^Review of CISA \(.*\) is due in 3 days$/),
        recipients: [{ id: "sam-okafor", email: "sam.okafor@northwind-ai.example" }],
      });
      expect(chat.delivered).toEqual([]); // owners with an email are told by email

      const today = await sigreg.notify({ ...options, asOf: day(DUE) });
      const late = await sigreg.notify({ ...options, asOf: day("2027-09-11") });
      expect(today.enqueued.map((e) => e.payload.stage)).toEqual(
        soon.enqueued.map(() => "due-today"),
      );
      expect(late.enqueued.map((e) => e.payload.stage)).toEqual(soon.enqueued.map(() => "overdue"));
      await sigreg.deliver({ tenant });
      const titles = mail.delivered
        .filter((n) => n.group?.id === "cisa")
        .map((n) => n.title.replace(/ \(.*\)/, ""));
      expect(titles).toEqual([
        "Review of CISA is due in 3 days",
        "Review of CISA is due today",
        `Review of CISA is overdue since ${DUE}`,
      ]);
    });

    it("sends each owner a weekly digest of what their groups brought in and what is untriaged", async () => {
      const { sigreg, acme, tenant, mail } = await setUp();
      for (const [id, received] of [
        ["old", "2027-01-04"],
        ["fresh", "2027-01-12"],
        ["fresher", "2027-01-13"],
      ] as const)
        (
          await acme.recordAlert({
            id,
            group: "cisa",
            title: `Alert ${id}`,
            received,
            severity: "low",
          })
        )._unsafeUnwrap();
      (
        await acme.triageAlert({
          alert: "fresher",
          by: "sam-okafor",
          decision: { type: "dismiss", reason: "not our stack" },
          on: "2027-01-13",
        })
      )._unsafeUnwrap();
      await sigreg.deliver({ tenant });
      mail.delivered.length = 0;

      const options = { tenant, reminders: false };
      const week = await sigreg.notify({ ...options, asOf: day("2027-01-14") });
      // Other owners have untriaged alerts in the example register: look at Sam's digest.
      const sams = (ids: string[]) => ids.filter((id) => id.includes(":sam-okafor:"));
      expect(sams(week.enqueued.map((event) => event.id))).toEqual([
        `digest:${tenant}:sam-okafor:2027-W02`,
      ]);
      expect(await sigreg.notify({ ...options, asOf: day("2027-01-15") })).toMatchObject({
        enqueued: [],
        alreadyQueued: week.enqueued.length,
      });
      await sigreg.deliver({ tenant });
      const toSam = mail.delivered.filter((n) => n.recipients?.[0]?.id === "sam-okafor");
      expect(toSam).toHaveLength(1);
      expect(toSam[0]).toMatchObject({
        kind: "digest",
        title: "Your groups this week (2027-W02): 2 new alerts, 2 untriaged",
        recipients: [{ id: "sam-okafor" }],
      });
      expect(toSam[0]?.items?.map((item) => item.title)).toEqual([
        "New: Alert fresher",
        "New: Alert fresh",
        "Untriaged: Alert old",
        "Untriaged: Alert fresh",
      ]);
      const next = await sigreg.notify({ ...options, asOf: day("2027-01-19") });
      expect(sams(next.enqueued.map((event) => event.id))).toEqual([
        `digest:${tenant}:sam-okafor:2027-W03`,
      ]);
    });

    it("previews what would go out without writing anything", async () => {
      const { sigreg, acme, tenant } = await setUp();
      (
        await acme.recordAlert({
          id: "crit",
          group: "cisa",
          title: "Critical",
          received: "2027-09-06",
          severity: "critical",
        })
      )._unsafeUnwrap();
      const pendingBefore = await sigreg.outbox.list({ status: "pending", tenant, limit: 1000 });
      const plan = await sigreg.previewNotifications({ tenant, asOf: day("2027-09-07") });
      expect(await sigreg.outbox.list({ status: "pending", tenant, limit: 1000 })).toEqual(
        pendingBefore,
      );
      const routed = plan
        .filter((p) => p.source === "routed")
        .map((p) => [p.notifier, p.notification.kind]);
      expect(routed.sort()).toEqual([
        ["chat", "alert"],
        ["mail", "alert"],
      ]);
      const scheduled = plan.filter((p) => p.source === "scheduled");
      expect(
        scheduled.some(
          (p) => p.notification.group?.id === "cisa" && p.notification.kind === "reminder",
        ),
      ).toBe(true);
      expect(scheduled.some((p) => p.notification.kind === "digest")).toBe(true);
      // Once they are enqueued, the preview no longer shows them as scheduled.
      await sigreg.notify({ tenant, asOf: day("2027-09-07") });
      const after = await sigreg.previewNotifications({ tenant, asOf: day("2027-09-07") });
      expect(after.filter((p) => p.source === "scheduled")).toEqual([]);
      expect(after.filter((p) => p.source === "routed").length).toBe(plan.length);
    });

    it("reads a tenant's register once to plan its notifications", async () => {
      const { tenant } = await setUp();
      let profileReads = 0;
      // Counts the reads of the tenant's profile: one per register read, by readCollections or get.
      const counted = new Proxy(storage, {
        get(target, key, receiver) {
          const value = Reflect.get(target, key, receiver);
          if (key !== "readCollections" && key !== "get") return value;
          if (typeof value !== "function") return value;
          return (options: { tenant: string; collection?: string; collections?: string[] }) => {
            if (
              options.tenant === tenant &&
              (options.collection === "profile" || options.collections?.includes("profile"))
            )
              profileReads++;
            return value.call(target, options);
          };
        },
      });
      const sigreg = createSigreg({
        storage: counted,
        notifiers: [recordingNotifier("mail", "email")],
      });
      const plan = await sigreg.previewNotifications({ tenant, asOf: day("2027-09-07") });
      expect(plan.some((p) => p.notification.kind === "reminder")).toBe(true);
      expect(profileReads).toBe(1);
    });
  });
}
