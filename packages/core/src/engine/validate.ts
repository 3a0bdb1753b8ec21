import { z } from "zod";
import {
  ERROR_CODES,
  formatRegisterError,
  type RegisterError,
  type RegisterIssue,
} from "../errors.js";
import { type ExtensionCheck, extensionIssues } from "../load/load-register.js";
import type { DocPath } from "../load/path.js";
import { formatPath } from "../load/path.js";
import { toRegisterIssues } from "../load/zod-issues.js";
import type { Group } from "../model/group.js";
import { COLLECTION_SCHEMAS, type EntityOf, normaliseInput } from "../storage/codec.js";
import type { Collection } from "../storage/port.js";

/** Where an input came from, for error messages: a label in place of a file, and a path prefix. */
export interface InputSource {
  /** Cited as the "file" of the error, for example `tenant acme: recordActivity`. */
  file: string;
  /** Path of the input inside that source, for example `["activities", 3]`. */
  path: DocPath;
}

/** Ids a reference may point at. */
export interface KnownIds {
  /** Person ids. */
  people: ReadonlySet<string>;
  /** Group ids. */
  groups: ReadonlySet<string>;
  /** Rule ids a policy may configure. */
  rules: ReadonlySet<string>;
}

/**
 * Validates one entity with its collection's schema and checks its references, reporting problems
 * exactly as the register file loader does (same codes, same messages, paths from the source). A
 * group's `extensions` also go through the plugins' extension check, as on import.
 */
export function validateEntity<TCollection extends Collection>(
  collection: TCollection,
  input: unknown,
  source: InputSource,
  known: KnownIds,
  checkExtensions?: ExtensionCheck,
): { value: EntityOf<TCollection> } | { issues: RegisterIssue[] } {
  const schema = COLLECTION_SCHEMAS[collection] as z.ZodType;
  const normalised = normaliseInput(collection, input);
  const parsed = parseInput(schema, normalised, source.path);
  const issues = parsed.success ? [] : parsed.issues;
  issues.push(...checkEntityReferences(collection, normalised, source.path, known));
  // As the loader: the check sees groups the schema accepted; its paths are `groups[0].…`.
  if (parsed.success && collection === "groups" && checkExtensions !== undefined)
    issues.push(
      ...extensionIssues(checkExtensions, [parsed.data as Group], undefined, (path) => [
        ...source.path,
        ...path.slice(2),
      ]),
    );
  if (issues.length > 0 || !parsed.success) return { issues: unique(issues) };
  return { value: parsed.data as EntityOf<TCollection> };
}

/**
 * Checks an engine call's input with a zod schema, with the loader's wording; `path` is where the
 * input sits in the call (`["alert"]`, `[]` for the call's argument itself).
 * @internal
 */
export function parseInput<TSchema extends z.ZodType>(
  schema: TSchema,
  input: unknown,
  path: DocPath,
): { success: true; data: z.output<TSchema> } | { success: false; issues: RegisterIssue[] } {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { success: true, data: parsed.data };
  const issues = toRegisterIssues(
    parsed.error.issues.map((issue) => ({ ...issue, path: [...path, ...issue.path] })),
    wrap(path, input),
    undefined,
  );
  return { success: false, issues: unique(issues) };
}

/** The error for a list of issues found in one call's input. */
export function invalidInput(file: string, issues: RegisterIssue[]): RegisterError {
  return { code: ERROR_CODES.REGISTER_INVALID, file, issues };
}

/** A version a caller read, as `expectedVersion` takes it. @internal */
export const expectedVersionSchema = z.number().int().nonnegative();

/** `WriteOptions`, as a call from JavaScript may pass them. @internal */
export const writeOptionsSchema = z.object({ actor: z.string().optional() }).optional();

/** `VersionedWriteOptions`, as a call from JavaScript may pass them. @internal */
export const versionedWriteOptionsSchema = z
  .object({ actor: z.string().optional(), expectedVersion: expectedVersionSchema.optional() })
  .optional();

/**
 * Checks an engine call's arguments before anything is read, each with its schema at its path in
 * the call (`options`, `id`, `alerts`; `""` for the one argument that is the input itself), so that
 * a call from JavaScript with an argument of the wrong type (a JSON body passed straight through)
 * gets the call's `REGISTER_INVALID`, naming every path, rather than a `TypeError` or a write made
 * with something else. `undefined` when they are all as expected. (A call that returns no `Result`
 * throws the error's `formatRegisterError` text.)
 * @internal
 */
export function checkArguments(
  file: string,
  checks: ReadonlyArray<readonly [path: string, schema: z.ZodType, value: unknown]>,
): RegisterError | undefined {
  const issues: RegisterIssue[] = [];
  for (const [path, schema, value] of checks) {
    const parsed = parseInput(schema, value, path === "" ? [] : [path]);
    if (!parsed.success) issues.push(...parsed.issues);
  }
  return issues.length > 0 ? invalidInput(file, issues) : undefined;
}

/**
 * Checks an engine call's arguments as {@link checkArguments} does, for a call that returns no
 * `Result`: throws `ErrorType` (`TypeError` unless told) with the error's `formatRegisterError`
 * text, one line per problem (`sigreg.deliver options.batchSize: expected a whole number of at
 * least 1, got number -1 [SCHEMA_MISMATCH]`).
 * @internal
 */
export function assertArguments(
  file: string,
  checks: ReadonlyArray<readonly [path: string, schema: z.ZodType, value: unknown]>,
  ErrorType: new (message: string) => Error = TypeError,
): void {
  const invalid = checkArguments(file, checks);
  if (invalid !== undefined) throw new ErrorType(formatRegisterError(invalid));
}

/** A value as an error message names it: `number 42`, `the text "x"`, `a list`, `null`. @internal */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return "a list";
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "an invalid Date" : "a Date";
  if (typeof value === "function") return "a function";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string")
    return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}

/**
 * A value zod has no type for (a function, a count, a valid `Date`), as `expected <what>, got
 * <value>`, or `is required: expected <what>` when it is missing; `explain` may say more about a
 * value of the right kind that is still wrong.
 * @internal
 */
export function expecting<TValue>(
  what: string,
  test: (value: unknown) => boolean,
  explain: (value: unknown) => string = describeValue,
): z.ZodType<TValue> {
  return z.custom<TValue>(test, {
    error: (issue) =>
      issue.input === undefined
        ? `is required: expected ${what}`
        : `expected ${what}, got ${explain(issue.input)}`,
  });
}

/** A function (a clock, a router, a hook). @internal */
export const functionSchema = expecting<(...args: never[]) => unknown>(
  "a function",
  (value) => typeof value === "function",
);

/** A whole number of at least `min` (a count: a batch size, a limit, attempts). @internal */
export function countSchema(min: number): z.ZodType<number> {
  return expecting(
    `a whole number of at least ${min}`,
    (value) => Number.isInteger(value) && (value as number) >= min,
  );
}

/** A finite number of milliseconds of at least `min`. @internal */
export function millisecondsSchema(min: number): z.ZodType<number> {
  return expecting(
    `a number of milliseconds of at least ${min}`,
    (value) => Number.isFinite(value) && (value as number) >= min,
  );
}

/** A `Date` that is a valid point in time. @internal */
export const validDateSchema = expecting<Date>(
  "a valid Date",
  (value) => value instanceof Date && !Number.isNaN(value.getTime()),
);

/** An `AbortSignal` (`new AbortController().signal`, `AbortSignal.timeout(ms)`). @internal */
export const abortSignalSchema = expecting<AbortSignal>(
  "an AbortSignal",
  (value) => value instanceof AbortSignal,
);

type Raw = Record<string, unknown>;

/** A reference an input makes: where, to what id, of which kind. */
interface Reference {
  path: DocPath;
  value: unknown;
  what: "person" | "group";
}

/** The ids an input refers to, so that only those are looked up. @internal */
export function referencedIds(
  collection: Collection,
  inputs: readonly unknown[],
): { people: Set<string>; groups: Set<string> } {
  const out = { people: new Set<string>(), groups: new Set<string>() };
  for (const input of inputs)
    for (const ref of referencesOf(collection, input))
      if (typeof ref.value === "string")
        (ref.what === "person" ? out.people : out.groups).add(ref.value);
  return out;
}

function referencesOf(collection: Collection, input: unknown): Reference[] {
  if (!isRecord(input)) return [];
  const refs: Reference[] = [];
  const person = (path: DocPath, value: unknown) => refs.push({ path, value, what: "person" });
  const group = (path: DocPath, value: unknown) => refs.push({ path, value, what: "group" });
  switch (collection) {
    case "groups":
      person(["owner"], input.owner);
      person(["deputy"], input.deputy);
      list(input.accounts).forEach((account, i) => {
        if (isRecord(account)) person(["accounts", i, "watchedBy"], account.watchedBy);
      });
      break;
    case "activities":
      group(["group"], input.group);
      person(["by"], input.by);
      break;
    case "alerts":
      group(["group"], input.group);
      person(["triagedBy"], input.triagedBy);
      break;
    case "reviews":
      person(["reviewer"], input.reviewer);
      list(input.scope).forEach((id, i) => {
        group(["scope", i], id);
      });
      list(input.decisions).forEach((decision, i) => {
        if (isRecord(decision)) group(["decisions", i, "group"], decision.group);
      });
      break;
    default:
      break;
  }
  return refs;
}

function checkEntityReferences(
  collection: Collection,
  input: unknown,
  base: DocPath,
  known: KnownIds,
): RegisterIssue[] {
  const issues: RegisterIssue[] = [];
  for (const { path, value, what } of referencesOf(collection, input)) {
    const ids = what === "person" ? known.people : known.groups;
    if (typeof value !== "string" || ids.has(value)) continue;
    issues.push({
      code: ERROR_CODES.UNKNOWN_REFERENCE,
      path: formatPath([...base, ...path]),
      message: `unknown ${what} "${value}": expected the id of an entry in ${what === "person" ? "people" : "groups"}`,
    });
  }
  const rules = isRecord(input) && isRecord(input.policy) ? input.policy.rules : undefined;
  if (collection === "profile" && isRecord(rules))
    for (const id of Object.keys(rules))
      if (!known.rules.has(id))
        issues.push({
          code: ERROR_CODES.SCHEMA_MISMATCH,
          path: formatPath([...base, "policy", "rules", id]),
          message: `unknown rule "${id}": expected one of the rule ids (sigreg rules lists them)`,
        });
  return issues;
}

function wrap(path: DocPath, input: unknown): unknown {
  let value = input;
  for (let i = path.length - 1; i >= 0; i--) {
    const key = path[i] as string | number;
    const parent = (typeof key === "number" ? [] : {}) as Record<string | number, unknown>;
    parent[key] = value;
    value = parent;
  }
  return value;
}

function unique(issues: RegisterIssue[]): RegisterIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function isRecord(value: unknown): value is Raw {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
