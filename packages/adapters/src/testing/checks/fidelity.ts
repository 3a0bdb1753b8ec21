import assert from "node:assert/strict";
import { chainEvidence, type JsonObject, type RecordKey } from "@sigreg/core";
import type { StorageConformanceCheck } from "../types.js";
import { expectOk, expectStored, message, ownMessages } from "./expect.js";

/** JSON that trips up careless storage: every kind of value, escapes, and text beyond ASCII. @internal */
export const TRICKY_JSON: JsonObject = {
  unicode: {
    emoji: "🦄 👩‍👩‍👧 🇪🇺 ✓",
    hebrew: "שלום עולם",
    arabic: "مرحبا بالعالم",
    mixedDirection: "abc שלום 123 مرحبا",
    cjk: "情報セキュリティ 정보보안",
    combining: "e\u0301 vs \u00e9",
    astral: "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝟘𝟙",
    specials: "\ufeff\u200b\u2028\u2029\ufffd",
  },
  "key with spaces": "and a value",
  "dotted.key": "not a path",
  ключ: "значение",
  "🔑": "emoji key",
  strings: {
    empty: "",
    quotes: `say "hi" and 'bye'`,
    backslashes: "C:\\path\\to\\file and \\n that is no newline",
    newlines: "line 1\nline 2\r\nline 3\tafter a tab",
    controls: "\u0001\u0007\u001f",
    markup: "<script>alert('&amp;')</script>",
    jsonish: '{"not": "an object"}',
    sqlish: "'; DROP TABLE records; --",
  },
  numbers: {
    zero: 0,
    negative: -42,
    fraction: 0.1,
    negativeFraction: -2.5,
    small: 1e-7,
    large: 1e300,
    maxSafe: Number.MAX_SAFE_INTEGER,
    minSafe: Number.MIN_SAFE_INTEGER,
    avogadro: 6.02214076e23,
  },
  booleans: [true, false],
  nothing: null,
  empty: { array: [], object: {} },
  nested: {
    depth: [1, [2, [3, [4, [5, { deeper: [{ deepest: [[]] }] }]]]]],
    mixed: [null, true, 0, "", [], {}, -1.5, "✓"],
    objects: [{ a: 1 }, { a: { b: { c: { d: "e" } } } }],
  },
};

const group = "fidelity";

/** JSON round trips and fresh objects. @internal */
export const fidelityChecks: StorageConformanceCheck[] = [
  {
    group,
    name: "stores JSON exactly: unicode (emoji, RTL), nesting, numbers, booleans, null, empty containers, escapes",
    async run(context) {
      const { adapter } = context;
      const tenant = context.tenant();
      const key: RecordKey = { tenant, collection: "groups", id: "tricky" };
      expectOk(await adapter.put({ ...key, data: TRICKY_JSON, expectedVersion: 0 }), "put");
      await expectStored(context, key, { version: 1, data: TRICKY_JSON }, "put");
      const [listed] = await adapter.list({ tenant, collection: "groups", limit: 10 });
      assert.deepEqual(listed?.data, TRICKY_JSON, "through list");
      await adapter.insertMany({
        tenant,
        collection: "people",
        records: [{ id: "bulk", data: TRICKY_JSON }],
      });
      await expectStored(
        context,
        { tenant, collection: "people", id: "bulk" },
        { version: 1, data: TRICKY_JSON },
        "insertMany",
      );
      const entry = chainEvidence(undefined, {
        at: "2026-01-01T00:00:00.000Z",
        actor: "ünïcødé ✓",
        action: "group.update",
        subject: { collection: "groups", id: "tricky" },
        before: TRICKY_JSON,
        after: { ...TRICKY_JSON, more: "✓" },
      });
      expectOk(await adapter.appendEvidence({ tenant, entry }), "appendEvidence");
      assert.deepEqual(await adapter.lastEvidence({ tenant }), entry, "evidence entry");
      const sent = { ...message(context, 1, tenant), payload: TRICKY_JSON };
      await adapter.enqueue({ message: sent });
      assert.deepEqual(await ownMessages(context, "pending"), [sent], "outbox payload");
    },
  },
  {
    group,
    name: "returns fresh objects: changing what was passed in or read out changes nothing stored",
    async run(context) {
      const { adapter } = context;
      const tenant = context.tenant();
      const key: RecordKey = { tenant, collection: "groups", id: "fresh" };
      const data = { name: "original", tags: ["a"], nested: { n: 1 } };
      const put = expectOk(await adapter.put({ ...key, data, expectedVersion: 0 }), "put");
      data.name = "changed after put";
      data.tags.push("changed");
      put.data.name = "changed through put's result";
      const read = await adapter.get(key);
      assert.ok(read, "the record exists");
      (read.data.nested as JsonObject).n = 99;
      const [listed] = await adapter.list({ tenant, collection: "groups", limit: 1 });
      assert.ok(listed, "the record lists");
      listed.data.tags = [];
      const original = { name: "original", tags: ["a"], nested: { n: 1 } };
      await expectStored(context, key, { version: 1, data: original }, "after mutations");
      const entry = chainEvidence(undefined, {
        at: "2026-01-01T00:00:00.000Z",
        actor: "a",
        action: "group.create",
        subject: { collection: "groups", id: "fresh" },
        before: null,
        after: { n: 1 },
      });
      const appended = structuredClone(entry);
      expectOk(await adapter.appendEvidence({ tenant, entry: appended }), "append");
      (appended.after as JsonObject).n = 2;
      const last = await adapter.lastEvidence({ tenant });
      assert.ok(last, "an entry was appended");
      last.actor = "changed";
      assert.deepEqual(await adapter.listEvidence({ tenant, limit: 10 }), [entry], "evidence kept");
      const sent = message(context, 1, tenant);
      const queued = structuredClone(sent);
      await adapter.enqueue({ message: queued });
      queued.payload.n = -1;
      const [first] = await ownMessages(context, "pending");
      if (first) first.payload.n = -2;
      assert.deepEqual(await ownMessages(context, "pending"), [sent], "outbox kept");
    },
  },
];
