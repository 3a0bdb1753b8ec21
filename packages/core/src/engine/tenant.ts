import { err, ok, type Result } from "neverthrow";
import { z } from "zod";
import { formatRegisterError } from "../errors.js";
import type { EvaluateOptions } from "../evaluate/evaluate.js";
import { type Evaluation, evaluate } from "../evaluate/evaluate.js";
import { type EvaluationInputs, readHealthInputs } from "../health/engine-inputs.js";
import type { Activity } from "../model/activity.js";
import type { Alert } from "../model/alert.js";
import type { Group } from "../model/group.js";
import type { Person } from "../model/person.js";
import type { Register } from "../model/register.js";
import type { Review } from "../model/review.js";
import { fromJson, PROFILE_ID, toJson } from "../storage/codec.js";
import type { EvidenceVerification } from "../storage/evidence.js";
import type { EvidenceEntry } from "../storage/port.js";
import type { ProfileRecord, profileRecordSchema } from "../storage/profile-record.js";
import { streamRecords } from "../storage/stream.js";
import { updateAlertContent } from "./alert-content.js";
import { type AttestSummary, attestState } from "./attest.js";
import { commit } from "./commit.js";
import type { EngineContext } from "./context.js";
import { type EntityApi, entityApi, type GroupInput, type PersonInput } from "./entities.js";
import {
  type ActivityInput,
  type AlertInput,
  type BulkResult,
  type RecordResult,
  type ReviewInput,
  recordEvent,
  recordEvents,
} from "./events.js";
import { loadKnownIds } from "./known.js";
import { containPluginRule } from "./plugin-rules.js";
import {
  checkImportArguments,
  formatRegister,
  type ImportOptions,
  type ImportSummary,
  importRegister,
  type RegisterSource,
  readSource,
} from "./register-io.js";
import { readRegister } from "./snapshot.js";
import { type TriageInput, triageAlert } from "./triage.js";
import type {
  EngineDiagnostic,
  SigregError,
  Versioned,
  VersionedWriteOptions,
  WriteOptions,
} from "./types.js";
import {
  checkArguments,
  invalidInput,
  parseInput,
  validateEntity,
  versionedWriteOptionsSchema,
  writeOptionsSchema,
} from "./validate.js";
import { type VerifyOptions, verifyTenantEvidence } from "./verify.js";

/** A tenant's profile as given to `profile.set`: the organisation and, optionally, its policy. */
export type ProfileInput = z.input<typeof profileRecordSchema>;

/** Options of a tenant's `evaluate`; the engine's policy, weights and plugin rules also apply. */
export type TenantEvaluateOptions = Pick<EvaluateOptions, "asOf" | "policy" | "weights">;

/** The formats `exportRegister` writes. */
const EXPORT_FORMATS = ["yaml", "json"] as const;
const exportOptionsSchema = z.object({ format: z.enum(EXPORT_FORMATS).optional() }).optional();
const verifyOptionsSchema = z.object({ records: z.boolean().optional() }).optional();
const mapping = z.looseObject({}).optional();

/**
 * Everything the engine does for one tenant. Every write appends evidence in its transaction.
 *
 * Input from JavaScript is checked before anything is read: an argument of the wrong type (no
 * input, `null`, a number, a list where a mapping is expected or the reverse, `options` that are
 * not a mapping, an `actor` that is not text, an `expectedVersion` that is not a whole number of 0
 * or more, an unknown export `format`) is the call's `REGISTER_INVALID` naming the path (`alert`,
 * `alerts`, `id`, `options.actor`, `options.format`…), and nothing is written. The calls that
 * return no `Result` throw instead, as documented on each.
 */
export interface SigregTenant {
  /** Tenant id. */
  readonly id: string;
  /** The organisation profile and policy. */
  profile: {
    /** The profile with its version, or `undefined` for a tenant not set up yet. */
    get(): Promise<Versioned<ProfileRecord> | undefined>;
    /** Creates or replaces the profile. */
    set(
      input: ProfileInput,
      options?: VersionedWriteOptions,
    ): Promise<Result<Versioned<ProfileRecord>, SigregError>>;
  };
  /** The special interest groups. */
  groups: EntityApi<Group, GroupInput>;
  /** The people who own, review and take part. */
  people: EntityApi<Person, PersonInput>;
  /** Activities, streamed in id order. */
  activities(): AsyncIterable<Activity>;
  /** Alerts, streamed in id order. */
  alerts(): AsyncIterable<Alert>;
  /**
   * One alert with its version (its trail included), or `undefined` when there is none (also for an
   * `id` that is not text: no record has it).
   */
  getAlert(id: string): Promise<Versioned<Alert> | undefined>;
  /** Reviews, streamed in id order. */
  reviews(): AsyncIterable<Review>;
  /** Records an activity; recording the same activity again (same id or content) changes nothing. */
  recordActivity(
    input: ActivityInput | Activity,
    options?: WriteOptions,
  ): Promise<Result<RecordResult<Activity>, SigregError>>;
  /** Records many activities in one transaction, idempotently; one bad input writes nothing. */
  recordActivities(
    inputs: readonly (ActivityInput | Activity)[],
    options?: WriteOptions,
  ): Promise<Result<BulkResult, SigregError>>;
  /** Records an alert; an alert id already stored is left as it is (its triage is kept). */
  recordAlert(
    input: AlertInput | Alert,
    options?: WriteOptions,
  ): Promise<Result<RecordResult<Alert>, SigregError>>;
  /** Records many alerts in one transaction, idempotently by alert id. */
  recordAlerts(
    inputs: readonly (AlertInput | Alert)[],
    options?: WriteOptions,
  ): Promise<Result<BulkResult, SigregError>>;
  /**
   * Replaces the content of a stored alert (title, link, severity, CVEs, summary, source,
   * relevance…) and keeps its triage (state, who triaged it, shares, actions, tickets, dismissal
   * reason);
   * `NOT_FOUND` for an unknown id, `CONFLICT` on a stale `expectedVersion`.
   */
  updateAlert(
    input: AlertInput | Alert,
    options?: VersionedWriteOptions,
  ): Promise<Result<Versioned<Alert>, SigregError>>;
  /** Shares, actions or dismisses (with a reason) an alert. */
  triageAlert(input: TriageInput): Promise<Result<Versioned<Alert>, SigregError>>;
  /** Records a review of the register (or of some groups). */
  recordReview(
    input: ReviewInput | Review,
    options?: WriteOptions,
  ): Promise<Result<RecordResult<Review>, SigregError>>;
  /** The whole register as stored, or `NOT_FOUND` for a tenant without a profile. */
  snapshot(): Promise<Result<Register, SigregError>>;
  /**
   * Runs the rules over the stored data, with the feed health read from the tenant's `feed:` state
   * documents and the state documents plugin rules ask for (`statePrefixes`).
   * @throws RangeError (the promise rejects) as `evaluate` does, before anything is read: when `options.asOf` is not a
   * valid `Date` (no `options` included), `options.policy` or `options.policy.rules` is not a
   * mapping or not a valid policy, or `options.weights` is not a mapping of valid weights
   * (programming errors, as for `evaluate`).
   */
  evaluate(options: TenantEvaluateOptions): Promise<Result<Evaluation, SigregError>>;
  /** Makes the stored data match a register file, with the loader's errors for a bad file. */
  importRegister(
    source: RegisterSource | string,
    options?: ImportOptions,
  ): Promise<Result<ImportSummary, SigregError>>;
  /**
   * The stored register as a register file (YAML by default); any other `format` is a
   * `REGISTER_INVALID` at `options.format`.
   */
  exportRegister(options?: { format?: "yaml" | "json" }): Promise<Result<string, SigregError>>;
  /**
   * Walks the evidence chain (and checks the records against it) and reports the first problem.
   * @throws RangeError (the promise rejects) when `options` is not a mapping or `options.records`
   * is not a boolean, with the message `formatSigregError` gives the problems.
   */
  verifyEvidence(options?: VerifyOptions): Promise<EvidenceVerification>;
  /** The evidence log, oldest first. */
  evidence(): AsyncIterable<EvidenceEntry>;
  /**
   * Vouches in the evidence log for the current state of every record the log does not account for
   * (a register file edited by hand, data written before the engine), so later checks start from it.
   */
  attest(options?: WriteOptions): Promise<Result<AttestSummary, SigregError>>;
}

/** @internal */
export function tenantApi(
  context: EngineContext,
  tenant: string,
  defaultActor: string,
): SigregTenant {
  const storage = context.storage;
  const actorOf = (options?: WriteOptions) => options?.actor ?? defaultActor;
  const fileOf = (operation: string) => `tenant ${tenant}: ${operation}`;
  const stream = <TCollection extends "activities" | "alerts" | "reviews">(
    collection: TCollection,
  ) =>
    async function* () {
      for await (const record of streamRecords(storage, { tenant, collection }))
        yield fromJson(collection, record.data);
    };
  const snapshot = async (): Promise<Result<Register, SigregError>> => {
    const register = await readRegister(storage, tenant);
    return register === undefined ? err(noProfile(tenant)) : ok(register);
  };
  return {
    id: tenant,
    profile: {
      async get() {
        const record = await storage.get({ tenant, collection: "profile", id: PROFILE_ID });
        return (
          record && {
            id: PROFILE_ID,
            version: record.version,
            value: fromJson("profile", record.data),
          }
        );
      },
      async set(input, options = {}) {
        const file = fileOf("profile.set");
        const invalid = checkArguments(file, [["options", versionedWriteOptionsSchema, options]]);
        if (invalid !== undefined) return err(invalid);
        return commit(context, tenant, actorOf(options), async (w) => {
          const known = await loadKnownIds(w.tx, tenant, context.ruleIds, "profile", [input]);
          const checked = validateEntity("profile", input, { file, path: [] }, known);
          if ("issues" in checked) return err(invalidInput(file, checked.issues));
          const current = await w.tx.get({ tenant, collection: "profile", id: PROFILE_ID });
          const data = toJson(checked.value);
          const version = options.expectedVersion ?? current?.version ?? 0;
          const written = await w.put(
            "profile",
            PROFILE_ID,
            data,
            version,
            current ? "profile.update" : "profile.create",
            current?.data ?? null,
          );
          if (written.isErr()) return err(written.error);
          return ok({ id: PROFILE_ID, version: written.value.version, value: checked.value });
        });
      },
    },
    groups: entityApi(context, tenant, defaultActor, "groups"),
    people: entityApi(context, tenant, defaultActor, "people"),
    activities: stream("activities"),
    alerts: stream("alerts"),
    async getAlert(id) {
      if (typeof id !== "string") return undefined;
      const record = await storage.get({ tenant, collection: "alerts", id });
      return record && { id, version: record.version, value: fromJson("alerts", record.data) };
    },
    reviews: stream("reviews"),
    recordActivity: (input, options) =>
      recordEvent(context, tenant, defaultActor, options, "activities", input, "recordActivity"),
    recordActivities: (inputs, options) =>
      recordEvents(
        context,
        tenant,
        defaultActor,
        options,
        "activities",
        inputs,
        "recordActivities",
      ),
    recordAlert: (input, options) =>
      recordEvent(context, tenant, defaultActor, options, "alerts", input, "recordAlert"),
    recordAlerts: (inputs, options) =>
      recordEvents(context, tenant, defaultActor, options, "alerts", inputs, "recordAlerts"),
    updateAlert: (input, options) =>
      updateAlertContent(context, tenant, defaultActor, input, options),
    triageAlert: (input) => triageAlert(context, tenant, defaultActor, input),
    async recordReview(input, options) {
      const recorded = await recordEvent(
        context,
        tenant,
        defaultActor,
        options,
        "reviews",
        input,
        "recordReview",
      );
      const onReviewRecorded = context.hooks.onReviewRecorded;
      if (recorded.isOk() && recorded.value.created && onReviewRecorded !== undefined)
        for (const diagnostic of await onReviewRecorded({ tenant, review: recorded.value.value }))
          context.onDiagnostic(diagnostic);
      return recorded;
    },
    snapshot,
    async evaluate(options) {
      checkEvaluateOptions(options);
      const input = await readEvaluationInput(context, tenant);
      if (input.isErr()) return err(input.error);
      return ok(await evaluateInput(context, tenant, input.value, options));
    },
    async importRegister(source, options) {
      const checked = checkImportArguments(`tenant ${tenant}: importRegister`, source, options);
      if (checked.isErr()) return err(checked.error);
      const read = await readSource(checked.value.source, context.checkExtensions);
      if (read.isErr()) return err(read.error);
      return importRegister(context, tenant, actorOf(options), read.value, checked.value.mode);
    },
    async exportRegister(options = {}) {
      const invalid = checkArguments(fileOf("exportRegister"), [
        ["options", exportOptionsSchema, options],
      ]);
      if (invalid !== undefined) return err(invalid);
      const register = await snapshot();
      return register.map((value) => formatRegister(value, options.format ?? "yaml"));
    },
    async attest(options) {
      const invalid = checkArguments(fileOf("attest"), [["options", writeOptionsSchema, options]]);
      if (invalid !== undefined) return err(invalid);
      return attestState(context, tenant, actorOf(options));
    },
    async verifyEvidence(options) {
      const invalid = checkArguments(fileOf("verifyEvidence"), [
        ["options", verifyOptionsSchema, options],
      ]);
      if (invalid !== undefined) throw new RangeError(formatRegisterError(invalid));
      return verifyTenantEvidence(storage, tenant, options);
    },
    async *evidence() {
      let afterSeq: number | undefined;
      for (;;) {
        const page = await storage.listEvidence({
          tenant,
          limit: 1000,
          ...(afterSeq === undefined ? {} : { afterSeq }),
        });
        yield* page;
        if (page.length < 1000) return;
        afterSeq = page.at(-1)?.seq;
      }
    },
  };
}

/**
 * Throws what `evaluate` throws for options it cannot use, before anything is read: its own
 * message for an `asOf` that is not a valid `Date`, and its messages' form for a `policy`,
 * `policy.rules` or `weights` that is not a mapping (which merging with the engine's would drop).
 * @internal
 */
export function checkEvaluateOptions(options: unknown): void {
  const asOf = isMapping(options) ? options.asOf : undefined;
  if (!(asOf instanceof Date) || Number.isNaN(asOf.getTime()))
    throw new RangeError("evaluate: options.asOf must be a valid Date");
  const { policy, weights } = options as Record<string, unknown>;
  const problems = (path: string[], value: unknown) => {
    const parsed = parseInput(mapping, value, path);
    return parsed.success ? [] : parsed.issues.map((issue) => `${issue.path}: ${issue.message}`);
  };
  const badPolicy = [
    ...problems(["policy"], policy),
    ...(isMapping(policy) ? problems(["policy", "rules"], policy.rules) : []),
  ];
  if (badPolicy.length > 0)
    throw new RangeError(`evaluate: invalid options.policy: ${badPolicy.join("; ")}`);
  const badWeights = problems(["weights"], weights);
  if (badWeights.length > 0)
    throw new RangeError(`invalid relevance weights: ${badWeights.join("; ")}`);
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A tenant without a profile: it has no register to read. */
function noProfile(tenant: string): SigregError {
  return { code: "NOT_FOUND", tenant, collection: "profile", id: PROFILE_ID };
}

/** What a tenant's evaluation reads from storage. @internal */
export interface EvaluationInput {
  /** The tenant's register. */
  register: Register;
  /** Its feed health and the rules' state documents. */
  inputs: EvaluationInputs;
}

/**
 * Reads what a tenant's evaluation needs: its register and its health inputs, both reads at once
 * (on a server database, two connections of the pool). @internal
 */
export async function readEvaluationInput(
  context: EngineContext,
  tenant: string,
): Promise<Result<EvaluationInput, SigregError>> {
  // Both settle before anything is returned or thrown, so no read is left running.
  const [read, health] = await Promise.allSettled([
    readRegister(context.storage, tenant),
    readHealthInputs(context.storage, tenant, context.rules),
  ]);
  if (read.status === "rejected") throw read.reason;
  if (health.status === "rejected") throw health.reason;
  const register = read.value;
  const inputs = health.value;
  if (register === undefined) return err(noProfile(tenant));
  if (inputs.isErr()) return err(inputs.error);
  return ok({ register, inputs: inputs.value });
}

/**
 * Evaluates what {@link readEvaluationInput} read, with the engine's policy, weights and rules, then
 * runs the `onFindings` hook. A plugin rule that fails gives no hits and a diagnostic, in
 * `evaluation.diagnostics` before the hook's. @internal
 */
export async function evaluateInput(
  context: EngineContext,
  tenant: string,
  input: EvaluationInput,
  options: TenantEvaluateOptions,
): Promise<Evaluation> {
  const diagnostics: EngineDiagnostic[] = [];
  const report = (diagnostic: EngineDiagnostic) => {
    diagnostics.push(diagnostic);
  };
  const evaluation = evaluate(input.register, {
    asOf: options.asOf,
    ...mergePolicy(context, options),
    ...((options.weights ?? context.weights)
      ? { weights: { ...context.weights, ...options.weights } }
      : {}),
    rules: context.pluginRules.map(({ plugin, rule }) => containPluginRule(plugin, rule, report)),
    ...input.inputs,
  });
  const onFindings = context.hooks.onFindings;
  if (onFindings !== undefined)
    diagnostics.push(...(await onFindings({ tenant, findings: evaluation.findings })));
  if (diagnostics.length > 0) evaluation.diagnostics = diagnostics;
  return evaluation;
}

function mergePolicy(
  context: EngineContext,
  options: TenantEvaluateOptions,
): { policy?: EvaluateOptions["policy"] } {
  if (context.policy === undefined && options.policy === undefined) return {};
  const base = context.policy ?? {};
  const override = options.policy ?? {};
  return { policy: { ...base, ...override, rules: { ...base.rules, ...override.rules } } };
}
