import { createSigreg, type Sigreg, type SigregTenant, type StorageAdapter } from "@sigreg/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXAMPLE } from "../engine/fixtures.js";
import { engineTargets } from "../engine/targets.js";
import { recordingNotifier, unavailable } from "./recording-notifier.js";

const START = Date.parse("2026-11-23T09:00:00Z");

/** A clock the test moves by hand. */
function manualClock() {
  let now = START;
  return {
    clock: () => new Date(now),
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const alert = (id: string, severity: "critical" | "high" | "medium", group = "cisa") => ({
  id,
  group,
  title: `Advisory ${id} <b>*bold*</b>`,
  url: `https://www.cisa.gov/news-events/alerts/${id}`,
  received: "2026-11-23",
  severity,
  cves: ["CVE-2026-1234"],
});

for (const target of engineTargets()) {
  describe(`delivery on ${target.name}`, () => {
    let storage: StorageAdapter;
    let time: ReturnType<typeof manualClock>;
    let tenant: string;
    const open = (notifiers: Parameters<typeof createSigreg>[0]["notifiers"]) =>
      createSigreg({ storage, clock: time.clock, notifiers });
    const setUp = async (sigreg: Sigreg): Promise<SigregTenant> => {
      const acme = sigreg.tenant(tenant, { actor: "alice" });
      (await acme.importRegister(EXAMPLE))._unsafeUnwrap();
      return acme;
    };

    beforeEach(async () => {
      storage = await target.create();
      time = manualClock();
      tenant = `d-${Math.random().toString(36).slice(2, 8)}`;
    });
    afterEach(async () => target.destroy(storage));

    it("routes a recorded alert to the owner, the team channel, a ticket and webhooks, each once", async () => {
      const chat = recordingNotifier("team-chat", "chat");
      const mail = recordingNotifier("owner-mail", "email");
      const jira = recordingNotifier("jira", "ticket");
      const hook = recordingNotifier("hook", "webhook");
      const sigreg = open([chat, mail, jira, hook]);
      const acme = await setUp(sigreg);
      (await acme.recordAlert(alert("a-crit", "critical")))._unsafeUnwrap();
      (await acme.recordAlert(alert("a-med", "medium")))._unsafeUnwrap();

      const report = await sigreg.deliver({ tenant });
      expect(report).toMatchObject({ routed: 6, sent: 6, retried: 0, deadLettered: 0 });
      expect(chat.delivered.map((n) => n.alert?.id)).toEqual(["a-crit"]);
      expect(jira.delivered.map((n) => n.alert?.id)).toEqual(["a-crit"]);
      expect(mail.delivered.map((n) => n.alert?.id).sort()).toEqual(["a-crit", "a-med"]);
      expect(hook.delivered.map((n) => n.alert?.id).sort()).toEqual(["a-crit", "a-med"]);
      const [toOwner] = mail.delivered;
      // CISA's owner in the example register is Sam Okafor.
      expect(toOwner?.recipients).toEqual([
        { id: "sam-okafor", name: expect.any(String), email: "sam.okafor@northwind-ai.example" },
      ]);
      expect(toOwner).toMatchObject({ kind: "alert", tenant, group: { id: "cisa" } });

      const sent = await sigreg.outbox.list({ status: "sent", tenant, limit: 1000 });
      const notifications = sent.filter((message) => message.topic === "notify");
      expect(notifications).toHaveLength(6);
      for (const message of notifications) {
        const key = (message.payload.notification as { idempotencyKey: string }).idempotencyKey;
        expect(key).toBe(message.id);
        expect(message.receipt).toMatchObject({ deliveryId: message.id });
        expect(message.deliveredAt).toBe(new Date(START).toISOString());
      }
      const again = await sigreg.deliver({ tenant });
      expect(again).toMatchObject({ claimed: 0, sent: 0 });
      expect(chat.delivered).toHaveLength(1);
    });

    it("retries a failing target with backoff and honours Retry-After", async () => {
      const chat = recordingNotifier("chat", "chat", (_, attempt) =>
        attempt === 1
          ? unavailable("chat", 30_000)
          : attempt === 2
            ? unavailable("chat")
            : "deliver",
      );
      const sigreg = open([chat]);
      const acme = await setUp(sigreg);
      (await acme.recordAlert(alert("a1", "high")))._unsafeUnwrap();
      const options = { tenant, random: () => 0, backoff: { baseMs: 1000 } };

      expect(await sigreg.deliver(options)).toMatchObject({ sent: 0, retried: 1 });
      const [waiting] = await sigreg.outbox.list({ status: "pending", tenant });
      expect(waiting).toMatchObject({ attempts: 1, lastError: "chat: HTTP 429" });
      // With no jitter the backoff alone would allow a retry at once; Retry-After asked for 30 s.
      expect(waiting?.availableAt).toBe(new Date(START + 30_000).toISOString());
      expect(await sigreg.deliver(options)).toMatchObject({ claimed: 0 });
      time.advance(30_000);
      expect(await sigreg.deliver(options)).toMatchObject({ retried: 1 });
      time.advance(60_000);
      expect(await sigreg.deliver(options)).toMatchObject({ sent: 1 });
      const [sent] = (await sigreg.outbox.list({ status: "sent", tenant, limit: 1000 })).filter(
        (m) => m.topic === "notify",
      );
      expect(sent).toMatchObject({ attempts: 3, status: "sent" });
      expect(chat.delivered).toHaveLength(1);
    });

    it("dead-letters after the last attempt or a refusal, lists the dead letters and retries them", async () => {
      let healthy = false;
      const chat = recordingNotifier("chat", "chat", () =>
        healthy ? "deliver" : unavailable("chat"),
      );
      const jira = recordingNotifier("jira", "ticket", () =>
        healthy
          ? "deliver"
          : {
              code: "REJECTED",
              notifier: "jira",
              retryable: false,
              message: "jira: HTTP 400 (project SEC has no issue type Bug)",
              status: 400,
            },
      );
      const sigreg = open([chat, jira]);
      const acme = await setUp(sigreg);
      (await acme.recordAlert(alert("a1", "critical")))._unsafeUnwrap();
      const options = { tenant, maxAttempts: 3, random: () => 0 };
      for (let round = 0; round < 4; round++) {
        await sigreg.deliver(options);
        time.advance(10_000);
      }
      const dead = await sigreg.outbox.list({ status: "failed", tenant });
      expect(dead.map((m) => [m.payload.notifier, m.attempts, m.lastError])).toEqual([
        ["chat", 3, "chat: HTTP 503"],
        ["jira", 1, "jira: HTTP 400 (project SEC has no issue type Bug)"],
      ]);
      expect(chat.attempts.get(dead[0]?.id ?? "")).toBe(3);

      healthy = true;
      expect(await sigreg.outbox.retry({ id: dead[1]?.id ?? "" })).toEqual([dead[1]?.id]);
      expect(await sigreg.deliver(options)).toMatchObject({ sent: 1 });
      expect(await sigreg.outbox.retry({ tenant })).toEqual([dead[0]?.id]);
      expect(await sigreg.deliver(options)).toMatchObject({ sent: 1 });
      expect(await sigreg.outbox.list({ status: "failed", tenant })).toEqual([]);
      expect(await sigreg.outbox.retry({ id: "no-such-message" })).toEqual([]);
    });

    it("dead-letters a notification for a notifier this worker lacks, and withholds a thrown error's text", async () => {
      const chat = recordingNotifier("chat", "chat", () => "throw");
      const routing = open([chat, recordingNotifier("mail", "email")]);
      const acme = await setUp(routing);
      (await acme.recordAlert(alert("a1", "high")))._unsafeUnwrap();
      // Route only: a batch of one event, then a worker that knows the chat notifier alone.
      await routing.deliver({ tenant, maxBatches: 1, batchSize: 1000, concurrency: 1 });
      await open([chat]).deliver({ tenant, maxAttempts: 1 });
      const dead = await routing.outbox.list({ status: "failed", tenant });
      expect(dead.map((m) => m.lastError)).toEqual([
        "chat: the notifier threw Error (its message is withheld: it may hold a secret)",
        'no notifier named "mail" is configured in this worker',
      ]);
      expect(JSON.stringify(dead)).not.toContain("SECRET");
    });

    it("leaves a leased message to its worker until the lease ends, then takes it over", async () => {
      const chat = recordingNotifier("chat", "chat");
      const sigreg = open([chat]);
      const acme = await setUp(sigreg);
      (await acme.recordAlert(alert("a1", "high")))._unsafeUnwrap();
      await sigreg.deliver({ tenant, maxBatches: 1, batchSize: 1000 });
      expect(chat.delivered).toHaveLength(0);
      // A worker claims the notification and dies without settling it.
      const now = time.clock();
      const taken = await storage.claimOutbox({
        worker: "dead-worker",
        now: now.toISOString(),
        leaseUntil: new Date(now.getTime() + 60_000).toISOString(),
        limit: 10,
        tenant,
      });
      expect(taken).toHaveLength(1);
      expect(await sigreg.deliver({ tenant })).toMatchObject({ claimed: 0 });
      time.advance(60_000);
      // The share it records on the alert is an event of its own, routed to nobody.
      expect(await sigreg.deliver({ tenant })).toMatchObject({ sent: 1, routed: 0 });
      expect(chat.delivered).toHaveLength(1);
    });
  });
}

describe("createSigreg with notifiers", () => {
  it("refuses two notifiers with one name", () => {
    expect(() =>
      createSigreg({
        storage: {} as StorageAdapter,
        notifiers: [recordingNotifier("slack", "chat"), recordingNotifier("slack", "chat")],
      }),
    ).toThrow('two notifiers are named "slack"');
  });
});
