/**
 * Shared builders for rule and evaluation tests.
 *
 * Stable API (other test files import it):
 * - `day(iso)`            → UTC-midnight `Date` for `YYYY-MM-DD` (date-times are kept as given).
 * - `daysBefore(asOf, n)` → `YYYY-MM-DD` string `n` UTC days before `asOf` (negative `n`: after).
 * - `buildRegister(input)`→ a `Register` parsed by `registerSchema.parse` (defaults and
 *                           normalisation applied; references are NOT checked, unlike the loader).
 * - `findingsFor(register, ruleId, asOf, options?)` → `evaluate(register, { asOf, ...options })`
 *                           findings of that rule only.
 */
import { expect } from "vitest";
import {
  type EvaluateOptions,
  evaluate,
  type Finding,
  type Register,
  type RegisterInput,
  registerSchema,
} from "../../src/index.js";

const DAY_MS = 86_400_000;

/** UTC midnight of `YYYY-MM-DD`; a date-time string is parsed as given (no zone means UTC). */
export function day(iso: string): Date {
  const date = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(date.getTime())) throw new RangeError(`day: invalid date "${iso}"`);
  return date;
}

/** `YYYY-MM-DD` of the UTC day `days` before `asOf` (after it when `days` is negative). */
export function daysBefore(asOf: Date | string, days: number): string {
  const base = typeof asOf === "string" ? day(asOf) : asOf;
  const midnight = Math.floor(base.getTime() / DAY_MS) * DAY_MS;
  return new Date(midnight - days * DAY_MS).toISOString().slice(0, 10);
}

/** Register input where everything but what a test cares about may be left out. */
export type PartialRegisterInput = Partial<RegisterInput>;

/**
 * A parsed register from a partial input: `organisation` defaults to `{ name: "Test Org" }` and
 * `groups` to `[]`. Runs `registerSchema.parse`, so defaults and normalisation apply, but reference
 * checks (owners, groups named by activities…) do not: registers the file loader would refuse can
 * be built on purpose.
 */
export function buildRegister(input: PartialRegisterInput = {}): Register {
  return registerSchema.parse({
    organisation: { name: "Test Org" },
    groups: [],
    ...input,
  });
}

/** Findings of one rule when `register` is evaluated on `asOf` (with optional extra options). */
export function findingsFor(
  register: Register,
  ruleId: string,
  asOf: Date | string,
  options: Omit<EvaluateOptions, "asOf"> = {},
): Finding[] {
  const when = typeof asOf === "string" ? day(asOf) : asOf;
  return evaluate(register, { ...options, asOf: when }).findings.filter(
    (finding) => finding.ruleId === ruleId,
  );
}

/**
 * Asserts what a user sees when they override a rule in the policy: `enabled: false` silences it,
 * and `severity: "major"` re-grades every one of its findings. `register` must produce findings.
 */
export function expectPolicyOverrides(
  register: Register,
  ruleId: string,
  asOf: Date | string,
): void {
  const fired = findingsFor(register, ruleId, asOf);
  expect(fired.length).toBeGreaterThan(0);
  expect(
    findingsFor(register, ruleId, asOf, { policy: { rules: { [ruleId]: { enabled: false } } } }),
  ).toEqual([]);
  const regraded = findingsFor(register, ruleId, asOf, {
    policy: { rules: { [ruleId]: { severity: "major" } } },
  });
  expect(regraded.map((finding) => finding.severity)).toEqual(fired.map(() => "major"));
}
