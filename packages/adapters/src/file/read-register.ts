import {
  type Collection,
  ERROR_CODES,
  formatRegisterError,
  type JsonObject,
  PROFILE_ID,
  parseRegisterText,
  type Register,
  type RegisterIssue,
  recordIdOf,
  registerSchema,
  toJson,
} from "@sigreg/core";
import { parse } from "yaml";
import { FILE_STORAGE_ERROR_CODES, FileStorageError } from "./errors.js";

/** The collections kept as lists in the register file, in the file's order of keys. @internal */
export const LIST_COLLECTIONS = ["people", "groups", "activities", "alerts", "reviews"] as const;

/** One entity of the register: its record id and its stored JSON form. @internal */
export interface RegisterEntry {
  id: string;
  data: JsonObject;
}

/** Every entity of a register file, per collection, in file order (profile: none or one). @internal */
export type RegisterEntries = Record<Collection, RegisterEntry[]>;

/** What the register may lack while it is being filled through the port, one record at a time. */
const partialRegister = registerSchema.partial({ organisation: true, groups: true });

/**
 * Reads register text into entries. A file the adapter itself may leave incomplete (no profile
 * yet, no groups yet, a reference to a record not written yet) is read; any other problem throws
 * the core's precise error (`file:line:column path: message`).
 * @internal
 */
export function readRegister(text: string, file: string): RegisterEntries {
  const parsed = parseRegisterText(text, { file });
  if (parsed.isOk()) return entriesOf(parsed.value);
  const raw = rawOf(text);
  const blocking = parsed.error.issues.filter((issue) => !tolerated(issue, raw));
  if (blocking.length === 0) {
    const lenient = partialRegister.safeParse(raw ?? {});
    if (lenient.success) return entriesOf(lenient.data);
  }
  const error = { ...parsed.error, issues: blocking.length > 0 ? blocking : parsed.error.issues };
  throw new FileStorageError(
    FILE_STORAGE_ERROR_CODES.REGISTER_INVALID,
    file,
    formatRegisterError(error),
  );
}

function rawOf(text: string): Record<string, unknown> | null | undefined {
  try {
    const value: unknown = parse(text, { version: "1.2", maxAliasCount: 1000 });
    if (value === null || value === undefined) return null;
    return typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Problems that only mean the register is still being filled. */
function tolerated(issue: RegisterIssue, raw: Record<string, unknown> | null | undefined): boolean {
  if (issue.code === ERROR_CODES.UNKNOWN_REFERENCE) return true;
  if (raw === null) return issue.path === "" && issue.code === ERROR_CODES.SCHEMA_MISMATCH;
  if (raw === undefined || issue.code !== ERROR_CODES.SCHEMA_MISMATCH) return false;
  return (issue.path === "organisation" || issue.path === "groups") && !(issue.path in raw);
}

function entriesOf(register: Partial<Register>): RegisterEntries {
  const entries = { profile: [] } as unknown as RegisterEntries;
  if (register.organisation !== undefined)
    entries.profile.push({
      id: PROFILE_ID,
      data: toJson({ organisation: register.organisation, policy: register.policy }),
    });
  for (const collection of LIST_COLLECTIONS) {
    entries[collection] = (register[collection] ?? []).map((entity) => {
      const data = toJson(entity);
      return { id: recordIdOf(collection, data), data };
    });
  }
  return entries;
}
