import {
  type CreateSigregOptions,
  createSigreg,
  type OutboxMessage,
  type Sigreg,
  type SigregTenant,
  type StorageAdapter,
} from "@sigreg/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { recordingNotifier } from "../deliver/recording-notifier.js";
import { EXAMPLE, steppingClock } from "./fixtures.js";
import { engineTargets } from "./targets.js";

const TENANT = "acme";
const ASOF = new Date("2026-11-23T09:00:00Z");
const ADAPTER = "a storage adapter (memoryStorage(), sqliteStorage(…), postgresStorage(…)…)";
const A_NEW_ALERT = {
  id: "al-new",
  group: "cisa",
  title: "KEV: CVE-2026-0001",
  received: "2026-11-22",
  severity: "critical",
} as const;

/** A storage that records the name of every method called on it. */
function watched(storage: StorageAdapter): { storage: StorageAdapter; calls: string[] } {
  const calls: string[] = [];
  const proxy = new Proxy(storage, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        calls.push(String(property));
        return value.apply(target, args);
      };
    },
  });
  return { storage: proxy, calls };
}

/** What a call gave: what it returned (its promise resolved to), or what it threw. */
async function outcomeOf(run: () => unknown): Promise<unknown> {
  try {
    return { returned: await run() };
  } catch (error) {
    return { threw: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

/** What the engine's calls may change: the tenant's evidence head and the whole outbox. */
async function stateOf(storage: StorageAdapter, tenant: SigregTenant) {
  const outbox: OutboxMessage[] = [];
  for (const status of ["pending", "sent", "failed"] as const)
    outbox.push(...(await storage.listOutbox({ status, limit: 1000 })));
  return { head: (await tenant.verifyEvidence()).head, outbox };
}

/** Everything of an evaluation's iterable, so that it runs. */
async function drain(items: AsyncIterable<unknown>): Promise<number> {
  let count = 0;
  for await (const _ of items) count++;
  return count;
}

/** A line of the error a call throws: `<call> <path>: <message> [<code>]`. */
const line = (call: string, path: string, message: string, code = "SCHEMA_MISMATCH") =>
  `${call} ${path}: ${message} [${code}]`;

/**
 * A call of the engine's own API with an argument of the wrong type, as a JavaScript caller may
 * make it, and the error it throws. `run` gets a storage that records every call made on it.
 */
type BadCall = [call: string, run: (storage: StorageAdapter) => unknown, threw: string];

/**
 * `createSigreg` with one bad option, then a call that uses it: on the code before the fix the
 * engine was created and the bad value bit later (a `TypeError` deep inside, a value ignored, a
 * write made with it).
 */
const created =
  (options: Record<string, unknown>, use: (sigreg: Sigreg) => unknown = recordAnAlert) =>
  (storage: StorageAdapter) =>
    use(createSigreg({ storage, clock: steppingClock(), ...options } as CreateSigregOptions));

const recordAnAlert = (sigreg: Sigreg) => sigreg.tenant(TENANT).recordAlert(A_NEW_ALERT);
const evaluateTheTenant = (sigreg: Sigreg) => sigreg.tenant(TENANT).evaluate({ asOf: ASOF });
const deliverAll = (sigreg: Sigreg) => sigreg.deliver();
const send = async () => ({ isErr: () => false }) as never;

/** The engine the calls below are made on, over the recording storage. */
const engine = (storage: StorageAdapter) =>
  createSigreg({
    storage,
    clock: steppingClock(),
    notifiers: [recordingNotifier("hook", "webhook")],
  });
const on =
  (call: (sigreg: Sigreg) => unknown) =>
  (storage: StorageAdapter): unknown =>
    call(engine(storage));

const create = (path: string, message: string) =>
  `TypeError: ${line("createSigreg", path, message)}`;
const deliver = (path: string, message: string) =>
  `TypeError: ${line("sigreg.deliver", path, message)}`;

const BAD_CALLS: BadCall[] = [
  [
    "createSigreg(undefined)",
    () => recordAnAlert(createSigreg(undefined as never)),
    create("options", "is required: expected a mapping"),
  ],
  [
    "createSigreg({ clock })",
    () => recordAnAlert(createSigreg({ clock: steppingClock() } as never)),
    create("options.storage", `is required: expected ${ADAPTER}`),
  ],
  [
    'createSigreg({ storage: "sqlite:sigreg.db" })',
    () => recordAnAlert(createSigreg({ storage: "sqlite:sigreg.db" } as never)),
    create("options.storage", `expected ${ADAPTER}, got the text "sqlite:sigreg.db"`),
  ],
  [
    "createSigreg({ storage: { name, get } })",
    () =>
      recordAnAlert(
        createSigreg({ storage: { name: "mine", get: async () => undefined } } as never),
      ),
    create(
      "options.storage",
      `expected ${ADAPTER}, got a mapping without list, put, remove and 14 other methods of the storage port`,
    ),
  ],
  [
    "createSigreg({ storage, actor: 42 })",
    created({ actor: 42 }),
    create("options.actor", "expected text, got number 42"),
  ],
  [
    "createSigreg({ storage, clock: 42 })",
    created({ clock: 42 }),
    create("options.clock", "expected a function, got number 42"),
  ],
  [
    "createSigreg({ storage, clock: null })",
    created({ clock: null }),
    create("options.clock", "expected a function, got null"),
  ],
  [
    "createSigreg({ storage, policy: 42 })",
    created({ policy: 42 }, evaluateTheTenant),
    create("options.policy", "expected a mapping, got number 42"),
  ],
  [
    "createSigreg({ storage, policy: { rules: [] } })",
    created({ policy: { rules: [] } }, evaluateTheTenant),
    create("options.policy.rules", "expected a mapping, got a list"),
  ],
  [
    'createSigreg({ storage, policy: { dueSoonDays: "14" } })',
    created({ policy: { dueSoonDays: "14" } }, evaluateTheTenant),
    create("options.policy.dueSoonDays", 'expected a number, got the text "14"'),
  ],
  [
    "createSigreg({ storage, weights: [] })",
    created({ weights: [] }, evaluateTheTenant),
    create("options.weights", "expected a mapping, got a list"),
  ],
  [
    "createSigreg({ storage, weights: { signal: -1 } })",
    created({ weights: { signal: -1 } }, evaluateTheTenant),
    create("options.weights.signal", "Too small: expected number to be >=0"),
  ],
  [
    "createSigreg({ storage, plugins: {} })",
    created({ plugins: {} }, evaluateTheTenant),
    create("options.plugins", "expected a list, got a mapping"),
  ],
  [
    'createSigreg({ storage, plugins: [{ id: "p", rules: {} }] })',
    created({ plugins: [{ id: "p", rules: {} }] }, evaluateTheTenant),
    create("options.plugins[0].rules", "expected a list, got a mapping"),
  ],
  [
    "createSigreg({ storage, hooks: { onFindings: true } })",
    created({ hooks: { onFindings: true } }, evaluateTheTenant),
    create("options.hooks.onFindings", "expected a function, got boolean true"),
  ],
  [
    "createSigreg({ storage, checkExtensions: 42 })",
    created({ checkExtensions: 42 }, (sigreg) =>
      sigreg
        .tenant(TENANT)
        .groups.create({ id: "owasp", name: "OWASP", kind: "professional-body" }),
    ),
    create("options.checkExtensions", "expected a function, got number 42"),
  ],
  [
    "createSigreg({ storage, notifiers: {} })",
    created({ notifiers: {} }, deliverAll),
    create("options.notifiers", "expected a list, got a mapping"),
  ],
  [
    'createSigreg({ storage, notifiers: "hook" })',
    created({ notifiers: "hook" }, deliverAll),
    create("options.notifiers", 'expected a list, got the text "hook"'),
  ],
  [
    'createSigreg({ storage, notifiers: [{ …, channel: "pager" }] })',
    created({ notifiers: [{ name: "hook", channel: "pager", send }] }, deliverAll),
    create("options.notifiers[0].channel", 'expected one of "chat", "email", "ticket", "webhook"'),
  ],
  [
    "createSigreg({ storage, notifiers: [{ name, channel }] })",
    created({ notifiers: [{ name: "hook", channel: "webhook" }] }, deliverAll),
    create("options.notifiers[0].send", "is required: expected a function"),
  ],
  [
    'createSigreg({ storage, router: "default" })',
    created({ router: "default", notifiers: [recordingNotifier("hook", "webhook")] }, deliverAll),
    create("options.router", 'expected a function, got the text "default"'),
  ],
  [
    "deliver(null)",
    on((s) => s.deliver(null as never)),
    deliver("options", "expected a mapping, got null"),
  ],
  [
    `deliver("${TENANT}")`,
    on((s) => s.deliver(TENANT as never)),
    deliver("options", `expected a mapping, got the text "${TENANT}"`),
  ],
  [
    "deliver({ batchSize: -1 })",
    on((s) => s.deliver({ batchSize: -1 })),
    deliver("options.batchSize", "expected a whole number of at least 1, got number -1"),
  ],
  [
    "deliver({ batchSize: 2.5 })",
    on((s) => s.deliver({ batchSize: 2.5 })),
    deliver("options.batchSize", "expected a whole number of at least 1, got number 2.5"),
  ],
  [
    'deliver({ batchSize: "10" })',
    on((s) => s.deliver({ batchSize: "10" } as never)),
    deliver("options.batchSize", 'expected a whole number of at least 1, got the text "10"'),
  ],
  [
    "deliver({ maxAttempts: 0 })",
    on((s) => s.deliver({ maxAttempts: 0 })),
    deliver("options.maxAttempts", "expected a whole number of at least 1, got number 0"),
  ],
  [
    "deliver({ concurrency: 0 })",
    on((s) => s.deliver({ concurrency: 0 })),
    deliver("options.concurrency", "expected a whole number of at least 1, got number 0"),
  ],
  [
    "deliver({ maxBatches: -1 })",
    on((s) => s.deliver({ maxBatches: -1 })),
    deliver(
      "options.maxBatches",
      "expected a whole number of at least 1, or Infinity, got number -1",
    ),
  ],
  [
    'deliver({ leaseMs: "60000" })',
    on((s) => s.deliver({ leaseMs: "60000" } as never)),
    deliver(
      "options.leaseMs",
      'expected a number of milliseconds of at least 1, got the text "60000"',
    ),
  ],
  [
    "deliver({ leaseMs: -1 })",
    on((s) => s.deliver({ leaseMs: -1 })),
    deliver("options.leaseMs", "expected a number of milliseconds of at least 1, got number -1"),
  ],
  [
    "deliver({ backoff: 42 })",
    on((s) => s.deliver({ backoff: 42 } as never)),
    deliver("options.backoff", "expected a mapping, got number 42"),
  ],
  [
    'deliver({ backoff: { baseMs: "1s" } })',
    on((s) => s.deliver({ backoff: { baseMs: "1s" } } as never)),
    deliver(
      "options.backoff.baseMs",
      'expected a number of milliseconds of at least 0, got the text "1s"',
    ),
  ],
  [
    "deliver({ tenant: 42 })",
    on((s) => s.deliver({ tenant: 42 } as never)),
    deliver("options.tenant", "expected text, got number 42"),
  ],
  [
    "deliver({ worker: 42 })",
    on((s) => s.deliver({ worker: 42 } as never)),
    deliver("options.worker", "expected text, got number 42"),
  ],
  [
    "deliver({ signal: {} })",
    on((s) => s.deliver({ signal: {} } as never)),
    deliver("options.signal", "expected an AbortSignal, got a mapping"),
  ],
  [
    "deliver({ random: 0.5 })",
    on((s) => s.deliver({ random: 0.5 } as never)),
    deliver("options.random", "expected a function, got number 0.5"),
  ],
  [
    "syncTickets(null)",
    on((s) => s.syncTickets(null as never)),
    `TypeError: ${line("sigreg.syncTickets", "options", "expected a mapping, got null")}`,
  ],
  [
    `syncTickets("${TENANT}")`,
    on((s) => s.syncTickets(TENANT as never)),
    `TypeError: ${line("sigreg.syncTickets", "options", `expected a mapping, got the text "${TENANT}"`)}`,
  ],
  [
    "syncTickets({ tenant: 42 })",
    on((s) => s.syncTickets({ tenant: 42 } as never)),
    `TypeError: ${line("sigreg.syncTickets", "options.tenant", "expected text, got number 42")}`,
  ],
  [
    "notify(null)",
    on((s) => s.notify(null as never)),
    `TypeError: ${line("sigreg.notify", "options", "expected a mapping, got null")}`,
  ],
  [
    `notify("${TENANT}")`,
    on((s) => s.notify(TENANT as never)),
    `TypeError: ${line("sigreg.notify", "options", `expected a mapping, got the text "${TENANT}"`)}`,
  ],
  [
    "notify({ asOf: invalid Date })",
    on((s) => s.notify({ asOf: new Date("not a date") })),
    `TypeError: ${line("sigreg.notify", "options.asOf", "expected a valid Date, got an invalid Date")}`,
  ],
  [
    'notify({ asOf: "2026-11-23" })',
    on((s) => s.notify({ asOf: "2026-11-23" } as never)),
    `TypeError: ${line("sigreg.notify", "options.asOf", 'expected a valid Date, got the text "2026-11-23"')}`,
  ],
  [
    'notify({ reminders: "no" })',
    on((s) => s.notify({ asOf: ASOF, reminders: "no" } as never)),
    `TypeError: ${line("sigreg.notify", "options.reminders", 'expected true or false, got the text "no"')}`,
  ],
  [
    "previewNotifications(null)",
    on((s) => s.previewNotifications(null as never)),
    `TypeError: ${line("sigreg.previewNotifications", "options", "expected a mapping, got null")}`,
  ],
  [
    "previewNotifications({ tenant: 42 })",
    on((s) => s.previewNotifications({ tenant: 42 } as never)),
    `TypeError: ${line("sigreg.previewNotifications", "options.tenant", "expected text, got number 42")}`,
  ],
  [
    "previewNotifications({ asOf: invalid Date })",
    on((s) => s.previewNotifications({ asOf: new Date(Number.NaN) })),
    `TypeError: ${line("sigreg.previewNotifications", "options.asOf", "expected a valid Date, got an invalid Date")}`,
  ],
  // As `evaluate` documents for its options (a RangeError), now before any tenant is listed.
  [
    "evaluateAll(undefined)",
    on((s) => drain(s.evaluateAll(undefined as never))),
    "RangeError: evaluate: options.asOf must be a valid Date",
  ],
  [
    "evaluateAll({ asOf, weights: 42 })",
    on((s) => drain(s.evaluateAll({ asOf: ASOF, weights: 42 } as never))),
    "RangeError: invalid relevance weights: weights: expected a mapping, got number 42",
  ],
  [
    "outbox.list(undefined)",
    on((s) => s.outbox.list(undefined as never)),
    `TypeError: ${line("sigreg.outbox.list", "options", "is required: expected a mapping")}`,
  ],
  [
    'outbox.list({ status: "dead" })',
    on((s) => s.outbox.list({ status: "dead" } as never)),
    `TypeError: ${line("sigreg.outbox.list", "options.status", 'expected one of "failed", "pending", "sent"')}`,
  ],
  [
    'outbox.list({ status: "failed", limit: -1 })',
    on((s) => s.outbox.list({ status: "failed", limit: -1 })),
    `TypeError: ${line("sigreg.outbox.list", "options.limit", "expected a whole number of at least 1, got number -1")}`,
  ],
  [
    'outbox.list({ status: "failed", limit: 0.5 })',
    on((s) => s.outbox.list({ status: "failed", limit: 0.5 })),
    `TypeError: ${line("sigreg.outbox.list", "options.limit", "expected a whole number of at least 1, got number 0.5")}`,
  ],
  [
    'outbox.list({ status: "failed", tenant: 42 })',
    on((s) => s.outbox.list({ status: "failed", tenant: 42 } as never)),
    `TypeError: ${line("sigreg.outbox.list", "options.tenant", "expected text, got number 42")}`,
  ],
  [
    "outbox.retry(undefined)",
    on((s) => s.outbox.retry(undefined as never)),
    `TypeError: ${line("sigreg.outbox.retry", "options", "is required: expected a mapping")}`,
  ],
  [
    'outbox.retry("dead-1")',
    on((s) => s.outbox.retry("dead-1" as never)),
    `TypeError: ${line("sigreg.outbox.retry", "options", 'expected a mapping, got the text "dead-1"')}`,
  ],
  [
    "outbox.retry({ id: 42 })",
    on((s) => s.outbox.retry({ id: 42 } as never)),
    `TypeError: ${line("sigreg.outbox.retry", "options.id", "expected text, got number 42")}`,
  ],
  [
    // A misspelt key must not read as `{}`, which retries every dead letter.
    'outbox.retry({ ID: "dead-1" })',
    on((s) => s.outbox.retry({ ID: "dead-1" } as never)),
    `TypeError: ${line("sigreg.outbox.retry", "options.ID", 'unknown field "ID": expected only the fields the schema defines here (is it misspelt?)')}`,
  ],
  [
    "outbox.retry({ tenant: null })",
    on((s) => s.outbox.retry({ tenant: null } as never)),
    `TypeError: ${line("sigreg.outbox.retry", "options.tenant", "expected text, got null")}`,
  ],
];

for (const target of engineTargets()) {
  describe(`engine on ${target.name}: the engine's own options`, () => {
    let storage: StorageAdapter;
    let acme: SigregTenant;
    beforeEach(async () => {
      storage = await target.create();
      acme = createSigreg({ storage, clock: steppingClock() }).tenant(TENANT, { actor: "alice" });
      (await acme.importRegister(EXAMPLE))._unsafeUnwrap();
      // A dead letter, for `outbox.retry` to have something it could retry.
      await storage.enqueue({
        message: {
          id: "dead-1",
          tenant: TENANT,
          topic: "notify",
          payload: { notifier: "gone", notification: {} },
          createdAt: "2026-11-23T09:00:00.000Z",
          status: "pending",
          attempts: 0,
        },
      });
      await storage.updateOutbox({
        id: "dead-1",
        status: "failed",
        attempts: 1,
        lastError: 'no notifier named "gone" is configured in this worker',
      });
    });
    afterEach(async () => target.destroy(storage));

    it("refuses an option of the wrong type with an error naming its path, before the storage is touched", async () => {
      const before = await stateOf(storage, acme);
      for (const [call, run, threw] of BAD_CALLS) {
        const prior = await stateOf(storage, acme);
        const watch = watched(storage);
        // Soft: a run on the code before the fix lists every call that threw elsewhere or wrote.
        expect.soft(await outcomeOf(() => run(watch.storage)), call).toEqual({ threw });
        expect.soft(watch.calls, `${call} touched no storage`).toEqual([]);
        expect.soft(await stateOf(storage, acme), `${call} changed nothing`).toEqual(prior);
      }
      expect(await stateOf(storage, acme)).toEqual(before);
    });

    it("every problem is a line of the message; duplicate notifier names are one of them", () => {
      const hook = recordingNotifier("hook", "webhook");
      expect(() =>
        createSigreg({
          storage: {} as StorageAdapter,
          notifiers: [hook, { ...hook, send: 42 } as never],
        }),
      ).toThrow(
        [
          create(
            "options.storage",
            `expected ${ADAPTER}, got a mapping without get, list, put and 15 other methods of the storage port`,
          ).slice("TypeError: ".length),
          line("createSigreg", "options.notifiers[1].send", "expected a function, got number 42"),
          line(
            "createSigreg",
            "options.notifiers[1].name",
            'two notifiers are named "hook"; give each a unique name',
            "DUPLICATE_ID",
          ),
        ].join("\n"),
      );
    });

    it("accepts the same calls with valid options", async () => {
      const hook = recordingNotifier("hook", "webhook");
      const sigreg = createSigreg({
        storage,
        clock: steppingClock(),
        actor: "ops",
        policy: { dueSoonDays: 21, rules: { "information-silo": { enabled: false } } },
        weights: { signal: 0 },
        plugins: [{ id: "none", rules: [] }],
        hooks: { onFindings: async () => [] },
        onDiagnostic: () => {},
        checkExtensions: () => [],
        router: async () => [],
        notifiers: [hook],
      });
      expect((await sigreg.tenant(TENANT).evaluate({ asOf: ASOF }))._unsafeUnwrap()).toBeDefined();
      expect(await drain(sigreg.evaluateAll({ asOf: ASOF }))).toBe(1);
      const report = await sigreg.deliver({
        tenant: TENANT,
        batchSize: 1000,
        maxBatches: Number.POSITIVE_INFINITY,
        leaseMs: 1500.5,
        backoff: { baseMs: 0 },
        signal: new AbortController().signal,
        random: Math.random,
      });
      expect(report.claimed).toBeGreaterThan(0);
      expect(await sigreg.syncTickets({ tenant: TENANT })).toMatchObject({ checked: 0 });
      expect(await sigreg.previewNotifications({ asOf: ASOF, digests: false })).toBeDefined();
      const failed = await sigreg.outbox.list({ status: "failed", tenant: TENANT, limit: 10 });
      expect(failed.map((message) => message.id)).toEqual(["dead-1"]);
      expect(await sigreg.outbox.retry({ id: "dead-1" })).toEqual(["dead-1"]);
    });
  });
}
