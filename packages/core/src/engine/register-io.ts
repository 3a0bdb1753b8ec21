import { err, ok, type Result } from "neverthrow";
import { stringify } from "yaml";
import { z } from "zod";
import { ERROR_CODES, type RegisterError, type RegisterIssue } from "../errors.js";
import {
  type ExtensionCheck,
  loadRegisterFile,
  parseRegister,
  parseRegisterText,
} from "../load/load-register.js";
import type { Register, RegisterInput } from "../model/register.js";
import { digestOf } from "../storage/canonical.js";
import { PROFILE_ID, recordIdOf, toFileJson, toJson } from "../storage/codec.js";
import {
  COLLECTIONS,
  type Collection,
  type JsonObject,
  type StoredRecord,
} from "../storage/port.js";
import { streamRecords } from "../storage/stream.js";
import { commit } from "./commit.js";
import type { EngineContext } from "./context.js";
import type { SigregError, WriteOptions } from "./types.js";
import { invalidInput, parseInput } from "./validate.js";

/** Where `importRegister` reads a register from. */
export type RegisterSource =
  /** A register file (YAML or JSON). */
  | {
      /** Path of the file. */
      path: string;
    }
  /** Register text (YAML or JSON), with a name for error messages. */
  | {
      /** The text, or its UTF-8 bytes. */
      text: string | Uint8Array;
      /** Name used in error messages. @default "register" */
      file?: string;
    }
  /** Register data already parsed (an API body…), with a name for error messages. */
  | {
      /** The parsed data. */
      data: unknown;
      /** Name used in error messages. @default "register" */
      file?: string;
    };

/** Options of `importRegister`. */
export interface ImportOptions extends WriteOptions {
  /**
   * `replace` makes the tenant's data equal to the register (records the file no longer has are
   * removed); `merge` only adds and updates.
   * @default "replace"
   */
  mode?: "replace" | "merge";
}

/** Counts of what an import changed, per collection. */
export type ImportSummary = Record<
  Collection,
  {
    /** Records added. */
    created: number;
    /** Records replaced by a changed version. */
    updated: number;
    /** Records removed (`replace` mode only). */
    removed: number;
    /** Records already as the register has them. */
    unchanged: number;
  }
>;

const fileName = z.string().optional();
/** The shape of each kind of {@link RegisterSource}, by the key that picks it (as `readSource` does). */
const SOURCE_SCHEMAS = {
  path: z.object({ path: z.string() }),
  text: z.object({
    text: z.union([z.string(), z.instanceof(Uint8Array)], {
      error: "expected text or its UTF-8 bytes (a Uint8Array)",
    }),
    file: fileName,
  }),
  data: z.object({ data: z.unknown(), file: fileName }),
} as const;
const importOptionsSchema = z
  .object({ mode: z.enum(["replace", "merge"]).optional(), actor: z.string().optional() })
  .optional();

/**
 * Checks the arguments of `importRegister` before anything is read: a source that is a path or one
 * of `{ path }`, `{ text }`, `{ data }`, and a known `mode`, so a call from JavaScript gets an
 * error naming what was expected rather than a `TypeError` (or a typo read as another mode).
 * @internal
 */
export function checkImportArguments(
  file: string,
  source: unknown,
  options: unknown,
): Result<{ source: RegisterSource; mode: "replace" | "merge" }, RegisterError> {
  const issues: RegisterIssue[] = [];
  if (typeof source !== "string") {
    const key =
      source !== null && typeof source === "object" && !Array.isArray(source)
        ? (["path", "text", "data"] as const).find((k) => k in source)
        : undefined;
    if (key === undefined)
      issues.push({
        code: ERROR_CODES.SCHEMA_MISMATCH,
        path: "source",
        message:
          "expected the path of a register file, or a mapping with one of the keys path, text or data",
      });
    else {
      const checked = parseInput(SOURCE_SCHEMAS[key], source, ["source"]);
      if (!checked.success) issues.push(...checked.issues);
    }
  }
  const checkedOptions = parseInput(importOptionsSchema, options, ["options"]);
  if (!checkedOptions.success) issues.push(...checkedOptions.issues);
  if (issues.length > 0) return err(invalidInput(file, issues));
  const mode = (options as ImportOptions | undefined)?.mode ?? "replace";
  return ok({
    source: typeof source === "string" ? { path: source } : (source as RegisterSource),
    mode,
  });
}

/** Reads a register source, with the loader's precise errors. @internal */
export async function readSource(
  source: RegisterSource,
  checkExtensions?: ExtensionCheck,
): Promise<Result<Register, RegisterError>> {
  const check = checkExtensions === undefined ? {} : { checkExtensions };
  if ("path" in source) return loadRegisterFile(source.path, check);
  if ("text" in source)
    return parseRegisterText(source.text, { file: source.file ?? "register", ...check });
  return parseRegister(source.data, { file: source.file ?? "register", ...check });
}

/** The records a register is stored as, per collection. @internal */
export function recordsOf(register: Register): Record<Collection, Map<string, JsonObject>> {
  const out = Object.fromEntries(
    COLLECTIONS.map((c) => [c, new Map<string, JsonObject>()]),
  ) as Record<Collection, Map<string, JsonObject>>;
  out.profile.set(
    PROFILE_ID,
    toJson({ organisation: register.organisation, policy: register.policy }),
  );
  for (const collection of ["people", "groups", "activities", "alerts", "reviews"] as const)
    for (const entity of register[collection]) {
      const data = toJson(entity);
      out[collection].set(recordIdOf(collection, data), data);
    }
  return out;
}

/**
 * Makes the tenant's stored data match a register in one transaction: new records are created
 * (events in bulk), changed ones replaced, and, in `replace` mode, missing ones removed.
 * @internal
 */
export async function importRegister(
  context: EngineContext,
  tenant: string,
  actor: string,
  register: Register,
  mode: "replace" | "merge",
): Promise<Result<ImportSummary, SigregError>> {
  const wanted = recordsOf(register);
  return commit(context, tenant, actor, async (w) => {
    const summary = {} as ImportSummary;
    for (const collection of COLLECTIONS) {
      const counts = { created: 0, updated: 0, removed: 0, unchanged: 0 };
      summary[collection] = counts;
      const stored = new Map<string, StoredRecord>();
      for await (const record of streamRecords(w.tx, { tenant, collection }))
        stored.set(record.id, record);
      const fresh: { id: string; data: JsonObject }[] = [];
      for (const [id, data] of wanted[collection]) {
        const current = stored.get(id);
        if (current === undefined) fresh.push({ id, data });
        else if (digestOf(current.data) === digestOf(data)) counts.unchanged++;
        else {
          const written = await w.put(
            collection,
            id,
            data,
            current.version,
            "register.import",
            current.data,
          );
          if (written.isErr()) return err(written.error);
          counts.updated++;
        }
      }
      counts.created = (await w.insertMany(collection, fresh, "register.import")).length;
      if (mode === "replace")
        for (const [id, current] of stored)
          if (!wanted[collection].has(id)) {
            const removed = await w.remove(
              collection,
              id,
              current.version,
              "register.import",
              current.data,
            );
            if (removed.isErr()) return err(removed.error);
            counts.removed++;
          }
    }
    return ok(summary);
  });
}

/** A register as a file writes it: dates shortened, empty lists and defaults of lists left out. */
export function registerToInput(register: Register): RegisterInput {
  const { organisation, policy } = toFileJson("profile", {
    organisation: register.organisation,
    policy: register.policy,
  });
  return {
    organisation,
    people: register.people.map((p) => toFileJson("people", p)),
    groups: register.groups.map((g) => toFileJson("groups", g)),
    activities: register.activities.map((a) => toFileJson("activities", a)),
    alerts: register.alerts.map((a) => toFileJson("alerts", a)),
    reviews: register.reviews.map((r) => toFileJson("reviews", r)),
    policy,
  } as unknown as RegisterInput;
}

/** Writes a register as YAML or JSON text. */
export function formatRegister(register: Register, format: "yaml" | "json"): string {
  const input = registerToInput(register);
  return format === "json"
    ? `${JSON.stringify(input, null, 2)}\n`
    : stringify(input, { lineWidth: 100 });
}

/** `ok` for a found register, `NOT_FOUND` otherwise. @internal */
export function found(
  tenant: string,
  register: Register | undefined,
): Result<Register, SigregError> {
  return register === undefined
    ? err({ code: "NOT_FOUND", tenant, collection: "profile", id: PROFILE_ID })
    : ok(register);
}
