import { z } from "zod";
import { ERROR_CODES, formatRegisterError, type RegisterIssue } from "../errors.js";
import { policySchema, ruleOverrideSchema } from "../model/policy.js";
import { NOTIFY_CHANNELS } from "../notify/port.js";
import { relevanceWeightsSchema } from "../scoring/weights.js";
import type { StorageAdapter } from "../storage/port.js";
import {
  checkArguments,
  describeValue,
  expecting,
  functionSchema,
  invalidInput,
} from "./validate.js";

/** The methods every storage adapter has (the storage port), checked by `createSigreg`. */
const STORAGE_METHODS = [
  "get",
  "list",
  "put",
  "remove",
  "insertMany",
  "listTenants",
  "lastEvidence",
  "appendEvidence",
  "listEvidence",
  "enqueue",
  "listOutbox",
  "updateOutbox",
  "getState",
  "putState",
  "listState",
  "claimOutbox",
  "settleOutbox",
  "transaction",
] as const satisfies readonly (keyof StorageAdapter)[];

/** The methods an adapter may leave out, but that must be functions when it has them. */
const OPTIONAL_STORAGE_METHODS = [
  "readCollections",
  "migrate",
  "close",
] as const satisfies readonly (keyof StorageAdapter)[];

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The port's methods a value lacks (or has as something other than a function). */
function missingMethods(value: Record<string, unknown>): string[] {
  return [
    ...STORAGE_METHODS.filter((name) => typeof value[name] !== "function"),
    ...OPTIONAL_STORAGE_METHODS.filter(
      (name) => value[name] !== undefined && typeof value[name] !== "function",
    ),
  ];
}

const storageSchema = expecting<StorageAdapter>(
  "a storage adapter (memoryStorage(), sqliteStorage(…), postgresStorage(…)…)",
  (value) => isMapping(value) && missingMethods(value).length === 0,
  (value) => {
    if (!isMapping(value)) return describeValue(value);
    const missing = missingMethods(value);
    const named =
      missing.length <= 3
        ? missing.join(", ")
        : `${missing.slice(0, 3).join(", ")} and ${missing.length - 3} other`;
    return `a mapping without ${named} ${missing.length === 1 ? "method" : "methods"} of the storage port`;
  },
);

/**
 * The engine's policy overrides: the policy's fields, each optional, with `rules` a mapping of rule
 * ids to overrides (the loader's schema and messages).
 */
const enginePolicySchema = policySchema.partial().extend({
  rules: z.looseObject({}).pipe(z.record(z.string(), ruleOverrideSchema)).optional(),
});

const pluginSchema = z.looseObject({
  id: z.string(),
  rules: z.array(z.looseObject({ id: z.string(), check: functionSchema })).optional(),
});

const notifierSchema = z.looseObject({
  name: z.string(),
  channel: z.enum(NOTIFY_CHANNELS),
  send: functionSchema,
  status: functionSchema.optional(),
});

/** `CreateSigregOptions`, as a call from JavaScript may pass them. */
const createSigregOptionsSchema = z.object({
  storage: storageSchema,
  clock: functionSchema.optional(),
  policy: enginePolicySchema.optional(),
  weights: relevanceWeightsSchema.partial().optional(),
  plugins: z.array(pluginSchema).optional(),
  checkExtensions: functionSchema.optional(),
  hooks: z
    .looseObject({
      onFindings: functionSchema.optional(),
      onReviewRecorded: functionSchema.optional(),
    })
    .optional(),
  onDiagnostic: functionSchema.optional(),
  notifiers: z.array(notifierSchema).optional(),
  router: functionSchema.optional(),
  actor: z.string().optional(),
});

/**
 * Checks `createSigreg`'s options before the engine is built, so that a bad one is a `TypeError`
 * naming its path at once, not a `TypeError` deep inside a later call, a value silently ignored,
 * or (for an `actor` that is not text) evidence written with it. Two notifiers with one name are
 * refused too (`DUPLICATE_ID` at the second one's `name`). Every problem is one line of the message.
 * @internal
 */
export function assertCreateSigregOptions(options: unknown): void {
  const file = "createSigreg";
  const invalid = checkArguments(file, [["options", createSigregOptionsSchema, options]]);
  const issues: RegisterIssue[] = [...(invalid?.issues ?? [])];
  const notifiers = isMapping(options) ? options.notifiers : undefined;
  if (Array.isArray(notifiers)) {
    const names = new Set<string>();
    notifiers.forEach((notifier: unknown, index) => {
      const name = isMapping(notifier) ? notifier.name : undefined;
      if (typeof name !== "string") return;
      if (names.has(name))
        issues.push({
          code: ERROR_CODES.DUPLICATE_ID,
          path: `options.notifiers[${index}].name`,
          message: `two notifiers are named "${name}"; give each a unique name`,
        });
      names.add(name);
    });
  }
  if (issues.length > 0) throw new TypeError(formatRegisterError(invalidInput(file, issues)));
}
