import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import {
  ACTIVITY_TYPES,
  ALERT_SEVERITIES,
  ALERT_STATES,
  ERROR_CODES,
  formatRegisterError,
  GROUP_KINDS,
  GROUP_PURPOSES,
  parseRegister,
  parseRegisterText,
  type Register,
  type RegisterError,
  RULE_IDS,
  TECHNOLOGY_ALIASES,
} from "../src/index.js";

const NUM_RUNS = Number(process.env.RUNS ?? 300);
const CODES = new Set<string>(Object.values(ERROR_CODES));
const FILE = "fuzz.yaml";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Parsed = ReturnType<typeof parseRegisterText>;

/** Calls the loader; a throw fails the property with the input that caused it. */
function load(input: string | Uint8Array): Parsed {
  try {
    return parseRegisterText(input, { file: FILE });
  } catch (error) {
    throw new Error(`parseRegisterText threw: ${String(error)}`);
  }
}

const lineCount = (text: string) => text.split("\n").length;

/** What holds for every result, whatever the input. */
function expectWellFormed(result: Parsed, text: string | undefined): void {
  expect(result.isOk()).toBe(!result.isErr());
  if (result.isOk()) {
    expect(typeof result.value.organisation.name).toBe("string");
    expect(Array.isArray(result.value.groups)).toBe(true);
    return;
  }
  const error = result.error;
  expect(error.file).toBe(FILE);
  expect([ERROR_CODES.SYNTAX_ERROR, ERROR_CODES.REGISTER_INVALID]).toContain(error.code);
  expect(error.issues.length).toBeGreaterThan(0);
  for (const issue of error.issues) {
    expect(CODES.has(issue.code), `code ${issue.code}`).toBe(true);
    expect(typeof issue.message).toBe("string");
    expect(issue.message.trim().length).toBeGreaterThan(0);
    expect(typeof issue.path).toBe("string");
    if (issue.line !== undefined) {
      expect(Number.isInteger(issue.line) && issue.line >= 1).toBe(true);
      if (text !== undefined) expect(issue.line).toBeLessThanOrEqual(lineCount(text));
      expect(Number.isInteger(issue.column) && (issue.column ?? 0) >= 1).toBe(true);
    }
  }
  // Document order: positioned issues by line and column, then those without a position.
  const positions = error.issues.map((issue) =>
    issue.line === undefined ? Number.POSITIVE_INFINITY : issue.line * 1e6 + (issue.column ?? 0),
  );
  expect(positions, formatRegisterError(error)).toEqual([...positions].sort((a, b) => a - b));
  expect(() => formatRegisterError(error)).not.toThrow();
}

/** Issues carry positions and are listed in document order. */
function expectPositionedInOrder(error: RegisterError): void {
  let previous = [0, 0];
  for (const issue of error.issues) {
    expect(issue.line, `${issue.path} has no line`).toBeDefined();
    expect(issue.column, `${issue.path} has no column`).toBeDefined();
    const current = [issue.line ?? 0, issue.column ?? 0];
    const inOrder =
      (current[0] ?? 0) > (previous[0] ?? 0) ||
      (current[0] === previous[0] && (current[1] ?? 0) >= (previous[1] ?? 0));
    expect(inOrder, `issues out of order:\n${formatRegisterError(error)}`).toBe(true);
    previous = current;
  }
}

// ---------------------------------------------------------------------------------------------
// (a) Arbitrary input
// ---------------------------------------------------------------------------------------------

const YAML_TOKENS = [
  "organisation:",
  "groups:",
  "people:",
  "policy:",
  "rules:",
  "- ",
  "  ",
  "    ",
  "\n",
  "\r\n",
  "\r",
  "\t",
  "{",
  "}",
  "[",
  "]",
  ", ",
  ": ",
  "&a ",
  "*a",
  "&b [*a, *a, *a]",
  "!!str ",
  "!!binary ",
  "!!set ",
  "!custom ",
  "---\n",
  "...\n",
  "'",
  '"',
  "# c",
  "? ",
  "|\n",
  ">-\n",
  "<<: ",
  "%YAML 1.2\n",
  "__proto__",
  "constructor",
  "id: g",
  "name: N",
  "kind: isac",
  "owner: x",
  "2026-01-31",
  "~",
  "null",
  ".nan",
  "-.inf",
  "0x1F",
  "\uFEFF",
  "\u0000",
  "\\u0000",
  "\uD800",
];

const yamlish = fc
  .array(fc.constantFrom(...YAML_TOKENS), { maxLength: 60 })
  .map((parts) => parts.join(""));
const anyString = fc.oneof(
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.string({ maxLength: 200 }),
  yamlish,
  fc.json({ maxDepth: 4 }),
);

const anyBytes = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  // Mostly-valid UTF-8 with a few bytes overwritten: stresses the decoder boundary.
  fc
    .tuple(
      yamlish,
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
    )
    .map(([text, edits]) => {
      const bytes = new TextEncoder().encode(text);
      for (const [at, byte] of edits) if (bytes.length > 0) bytes[at % bytes.length] = byte;
      return bytes;
    }),
);

function decodedOrUndefined(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

describe("arbitrary input never throws", () => {
  it("returns a well-formed Result for any string", () => {
    fc.assert(
      fc.property(anyString, (text) => expectWellFormed(load(text), text)),
      { numRuns: NUM_RUNS },
    );
  });

  it("returns a well-formed Result for any bytes", () => {
    fc.assert(
      fc.property(anyBytes, (bytes) => {
        const result = load(bytes);
        const text = decodedOrUndefined(bytes);
        expectWellFormed(result, text);
        if (text === undefined) {
          // Bytes that are not UTF-8 are refused before parsing.
          expect(result.isErr() && result.error.code).toBe(ERROR_CODES.SYNTAX_ERROR);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// (b) Mutated documents
// ---------------------------------------------------------------------------------------------

const BASE: Json = {
  organisation: {
    name: "Acme Ltd",
    sectors: ["Finance"],
    technologies: ["Amazon Web Services", "k8s"],
    jurisdictions: ["gb"],
  },
  people: [
    { id: "alice", name: "Alice", email: "alice@example.com", role: "CISO" },
    { id: "bob", name: "Bob", active: false, leftOn: "2025-12-31" },
  ],
  groups: [
    {
      id: "ncsc",
      name: "NCSC",
      kind: "government-cert",
      url: "https://www.ncsc.gov.uk",
      owner: "alice",
      deputy: "bob",
      jurisdictions: ["GB"],
      purposes: ["threat-alerts"],
      topics: { sectors: ["finance"], technologies: ["aws"] },
      accounts: [{ platform: "mastodon", handle: "@ncsc", watchedBy: "alice" }],
      feeds: [{ url: "https://example.com/feed.xml", format: "rss" }],
      membership: { status: "active", since: "2024-01-01", annualCost: 0 },
      lastReviewed: "2026-01-31",
      extensions: { tier: 1, tags: ["a"] },
    },
    { id: "fs-isac", name: "FS-ISAC", kind: "isac", owner: "bob" },
  ],
  activities: [
    {
      id: "act-1",
      group: "ncsc",
      date: "2026-02-01T09:30:00Z",
      type: "newsletter",
      by: "alice",
      actions: [{ type: "ticket", ref: "SEC-1" }],
    },
  ],
  alerts: [
    {
      id: "a1",
      group: "ncsc",
      title: "Patch now",
      received: "2026-02-02",
      severity: "high",
      cves: ["CVE-2024-3094"],
      state: "dismissed",
      dismissedReason: "not in our stack",
      triagedBy: "alice",
      sharedTo: [{ channel: "#security", on: "2026-02-03" }],
    },
  ],
  reviews: [
    {
      date: "2026-01-31",
      reviewer: "alice",
      scope: ["ncsc", "fs-isac"],
      decisions: [{ group: "ncsc", decision: "keep" }],
    },
  ],
  policy: { triageWithinDays: 3, rules: { "group-dormant": { enabled: false } } },
};

type Container = Json[] | { [key: string]: Json };
interface Mutation {
  kind: "delete" | "replace" | "insert" | "duplicate";
  pick: number;
  key: string;
  value: Json;
}

const isContainer = (value: Json): value is Container =>
  value !== null && typeof value === "object";

/** Every container in the document, root first. */
function containers(root: Json): Container[] {
  const out: Container[] = [];
  const visit = (node: Json) => {
    if (!isContainer(node)) return;
    out.push(node);
    for (const child of Object.values(node)) visit(child);
  };
  visit(root);
  return out;
}

/** Sets an own, enumerable property, even one named `__proto__`. */
function setOwn(target: Container, key: string | number, value: Json): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

function mutate(doc: Json, mutation: Mutation): void {
  const all = containers(doc);
  const target = all[mutation.pick % all.length] as Container;
  const keys = Object.keys(target);
  const key = keys.length > 0 ? (keys[mutation.pick % keys.length] as string) : undefined;
  const value = structuredClone(mutation.value);
  switch (mutation.kind) {
    case "delete":
      if (key === undefined) return;
      if (Array.isArray(target)) target.splice(Number(key), 1);
      else delete target[key];
      return;
    case "replace":
      if (key !== undefined) setOwn(target, Array.isArray(target) ? Number(key) : key, value);
      return;
    case "insert":
      if (Array.isArray(target)) target.splice(mutation.pick % (target.length + 1), 0, value);
      else setOwn(target, mutation.key, value);
      return;
    case "duplicate": {
      const arrays = all.filter((node): node is Json[] => Array.isArray(node) && node.length > 0);
      const array = arrays[mutation.pick % Math.max(arrays.length, 1)];
      if (array !== undefined)
        array.push(structuredClone(array[mutation.pick % array.length] as Json));
      return;
    }
  }
}

const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom("delete", "replace", "insert", "duplicate"),
  pick: fc.nat(),
  key: fc.oneof(
    { arbitrary: fc.constantFrom("__proto__", "constructor", "prototype"), weight: 2 },
    {
      arbitrary: fc.constantFrom("toString", "valueOf", "id", "owner", "group", "rules"),
      weight: 1,
    },
    { arbitrary: fc.string({ maxLength: 12 }), weight: 1 },
  ),
  value: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
});

const mutatedDoc = fc.array(mutationArb, { minLength: 1, maxLength: 6 }).map((mutations) => {
  const doc = structuredClone(BASE);
  for (const mutation of mutations) mutate(doc, mutation);
  return doc;
});

const toYaml = (doc: Json) => stringify(doc, { aliasDuplicateObjects: false });

/** What a user compares across formats: which problems, where in the document. */
const problems = (result: Parsed | ReturnType<typeof parseRegister>) =>
  result.isOk()
    ? []
    : result.error.issues.map((issue) => `${issue.path} ${issue.code} ${issue.message}`).sort();

describe("mutated documents", () => {
  it("starts from a register that loads", () => {
    expect(load(toYaml(BASE)).isOk()).toBe(true);
    expect(load(JSON.stringify(BASE)).isOk()).toBe(true);
    // And whose every field matters: BASE without its groups is refused.
    const { groups: _groups, ...withoutGroups } = BASE as Record<string, Json>;
    expect(load(toYaml(withoutGroups)).isErr()).toBe(true);
  });

  it("never throws, and positions every issue inside the text, in document order", () => {
    const prototypeKeys = Object.getOwnPropertyNames(Object.prototype);
    fc.assert(
      fc.property(mutatedDoc, fc.boolean(), (doc, asJson) => {
        const text = asJson ? JSON.stringify(doc, null, 2) : toYaml(doc);
        const result = load(text);
        expectWellFormed(result, text);
        expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(prototypeKeys);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        if (result.isErr()) {
          // The text was written by a serialiser, so it is readable; what is wrong is the register.
          expect(result.error.code, formatRegisterError(result.error)).toBe(
            ERROR_CODES.REGISTER_INVALID,
          );
          expectPositionedInOrder(result.error);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("finds the same problems in YAML, in JSON and in plain data", () => {
    fc.assert(
      fc.property(mutatedDoc, (doc) => {
        const fromYaml = problems(load(toYaml(doc)));
        expect(problems(load(JSON.stringify(doc)))).toEqual(fromYaml);
        expect(problems(parseRegister(doc, { file: FILE }))).toEqual(fromYaml);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// (c) Valid registers always load
// ---------------------------------------------------------------------------------------------

const idArb = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,15}$/);
const textArb = fc
  .string({ unit: "grapheme", minLength: 1, maxLength: 24 })
  .filter((text) => text.trim() !== "");
const dateArb = fc
  .date({
    min: new Date("1990-01-01T00:00:00Z"),
    max: new Date("2099-12-31T23:59:59Z"),
    noInvalidDate: true,
  })
  .chain((date) =>
    fc.constantFrom(
      // Date only: loads as UTC midnight of that day.
      {
        text: date.toISOString().slice(0, 10),
        expected: `${date.toISOString().slice(0, 10)}T00:00:00.000Z`,
      },
      // Date-time in UTC.
      { text: date.toISOString(), expected: date.toISOString() },
      // Date-time with an offset of +02:00.
      {
        text: `${new Date(date.getTime() + 7_200_000).toISOString().slice(0, 19)}+02:00`,
        expected: `${date.toISOString().slice(0, 19)}.000Z`,
      },
    ),
  );
const aliasArb = fc.constantFrom(...Object.keys(TECHNOLOGY_ALIASES));

interface Generated {
  input: Record<string, unknown>;
  dates: { path: (register: Register) => Date | undefined; expected: string }[];
  aliases: string[];
  policy: Record<string, number>;
}

const registerArb: fc.Arbitrary<Generated> = fc
  .record({
    people: fc.uniqueArray(
      fc.record({
        id: idArb,
        name: textArb,
        email: fc.option(fc.stringMatching(/^[a-z][a-z0-9]{0,8}@example\.(com|org)$/), {
          nil: undefined,
        }),
        active: fc.boolean(),
      }),
      { selector: (person) => person.id, maxLength: 4 },
    ),
    groupIds: fc.uniqueArray(idArb, { minLength: 1, maxLength: 5 }),
    aliases: fc.array(aliasArb, { maxLength: 4 }),
    policy: fc.record(
      {
        registerReviewDays: fc.integer({ min: 1, max: 1000 }),
        triageWithinDays: fc.integer({ min: 1, max: 60 }),
        minRelevance: fc.integer({ min: 0, max: 100 }),
      },
      { requiredKeys: [] },
    ),
    rules: fc.subarray([...RULE_IDS], { maxLength: 3 }),
  })
  .chain(({ people, groupIds, aliases, policy, rules }) => {
    const personIds = people.map((person) => person.id);
    const personRef =
      personIds.length > 0
        ? fc.option(fc.constantFrom(...personIds), { nil: undefined })
        : fc.constant(undefined);
    const groupRef = fc.constantFrom(...groupIds);
    const group = (id: string) =>
      fc.record({
        id: fc.constant(id),
        name: textArb,
        kind: fc.constantFrom(...GROUP_KINDS),
        owner: personRef,
        deputy: personRef,
        purposes: fc.subarray([...GROUP_PURPOSES]),
        lastReviewed: fc.option(dateArb, { nil: undefined }),
      });
    const activity = fc.record({
      group: groupRef,
      date: dateArb,
      type: fc.constantFrom(...ACTIVITY_TYPES),
      by: personRef,
    });
    const alert = fc.record({
      group: groupRef,
      title: textArb,
      received: dateArb,
      severity: fc.constantFrom(...ALERT_SEVERITIES),
      state: fc.constantFrom(...ALERT_STATES),
      reason: textArb,
      triagedBy: personRef,
    });
    const review =
      personIds.length > 0
        ? fc.record({
            date: dateArb,
            reviewer: fc.constantFrom(...personIds),
            scope: fc.oneof(fc.constant("all" as const), fc.subarray(groupIds, { minLength: 1 })),
            decisions: fc.array(
              fc.record({ group: groupRef, decision: fc.constantFrom("keep", "retire") }),
              { maxLength: 2 },
            ),
          })
        : fc.constant(undefined);
    return fc
      .record({
        groups: fc.tuple(...groupIds.map(group)),
        activities: fc.array(activity, { maxLength: 3 }),
        alerts: fc.array(alert, { maxLength: 3 }),
        review,
        organisationName: textArb,
      })
      .map(({ groups, activities, alerts, review: oneReview, organisationName }): Generated => {
        const dates: Generated["dates"] = [];
        groups.forEach((entry, index) => {
          if (entry.lastReviewed)
            dates.push({
              path: (r) => r.groups[index]?.lastReviewed,
              expected: entry.lastReviewed.expected,
            });
        });
        activities.forEach((entry, index) => {
          dates.push({ path: (r) => r.activities[index]?.date, expected: entry.date.expected });
        });
        alerts.forEach((entry, index) => {
          dates.push({ path: (r) => r.alerts[index]?.received, expected: entry.received.expected });
        });
        if (oneReview)
          dates.push({ path: (r) => r.reviews[0]?.date, expected: oneReview.date.expected });
        const input = {
          organisation: { name: organisationName, technologies: aliases },
          people,
          groups: groups.map(({ lastReviewed, ...entry }) => ({
            ...entry,
            lastReviewed: lastReviewed?.text,
          })),
          activities: activities.map((entry) => ({ ...entry, date: entry.date.text })),
          alerts: alerts.map(({ reason, ...entry }, index) => ({
            ...entry,
            id: `alert-${index}`,
            received: entry.received.text,
            dismissedReason: entry.state === "dismissed" ? reason : undefined,
          })),
          reviews: oneReview ? [{ ...oneReview, date: oneReview.date.text }] : [],
          policy: {
            ...policy,
            rules: Object.fromEntries(rules.map((rule) => [rule, { enabled: false }])),
          },
        };
        return { input: JSON.parse(JSON.stringify(input)), dates, aliases, policy };
      });
  });

describe("valid registers", () => {
  it("always load, from YAML and from JSON alike, with ids, references, dates, aliases and policy kept", () => {
    fc.assert(
      fc.property(registerArb, ({ input, dates, aliases, policy }) => {
        const fromYaml = load(toYaml(input as Json));
        expect(fromYaml.isOk(), fromYaml.isErr() ? formatRegisterError(fromYaml.error) : "").toBe(
          true,
        );
        const register = fromYaml._unsafeUnwrap();
        const fromJson = load(JSON.stringify(input, null, 2));
        expect(fromJson.isOk(), fromJson.isErr() ? formatRegisterError(fromJson.error) : "").toBe(
          true,
        );
        expect(fromJson._unsafeUnwrap()).toEqual(register);

        const groups = input.groups as { id: string; owner?: string }[];
        expect(register.groups.map((group) => group.id)).toEqual(groups.map((group) => group.id));
        expect(register.groups.map((group) => group.owner)).toEqual(
          groups.map((group) => group.owner),
        );
        for (const { path, expected } of dates) {
          const date = path(register);
          expect(date).toBeInstanceOf(Date);
          expect(date?.toISOString()).toBe(expected);
        }
        expect(register.organisation.technologies).toEqual([
          ...new Set(aliases.map((alias) => TECHNOLOGY_ALIASES[alias])),
        ]);
        expect(register.policy.registerReviewDays).toBe(policy.registerReviewDays ?? 90);
        expect(register.policy.triageWithinDays).toBe(policy.triageWithinDays ?? 5);
        expect(register.policy.minRelevance).toBe(policy.minRelevance ?? 30);
        expect(register.policy.groupReviewDays).toBe(365);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
