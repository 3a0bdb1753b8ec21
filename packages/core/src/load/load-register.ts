import { readFile } from "node:fs/promises";
import { err, ok, type Result } from "neverthrow";
import { ERROR_CODES, type RegisterError, type RegisterIssue } from "../errors.js";
import type { Group } from "../model/group.js";
import { type Register, registerSchema } from "../model/register.js";
import { type DocPath, formatPath } from "./path.js";
import { checkReferences } from "./references.js";
import { decodeText, parseSource, type SourceDocument } from "./source.js";
import { toRegisterIssues } from "./zod-issues.js";

/** A problem in a plugin-defined `group.extensions` field, found by an {@link ExtensionCheck}. */
export interface ExtensionIssue {
  /** Path inside the register, e.g. `["groups", 2, "extensions", "tier"]`. */
  path: readonly (string | number)[];
  /** What is wrong and what was expected, in one sentence. */
  message: string;
}

/** Checks the groups' `extensions` fields (a plugin host's schemas); returns every problem. */
export type ExtensionCheck = (
  groups: readonly Pick<Group, "id" | "extensions">[],
) => readonly ExtensionIssue[];

/** Where a register came from, for error messages, and what else to check. */
export interface LoadOptions {
  /**
   * Name of the file (or other source) to cite in errors.
   * @default "register"
   */
  file?: string;
  /** Checks `group.extensions` against plugin schemas; its issues fail the load like schema errors. */
  checkExtensions?: ExtensionCheck;
}

/**
 * Validates plain data (already parsed, for example from a database or an API body) as a register.
 * Never throws; on failure every problem is listed with its path.
 * @example
 * const result = parseRegister(body, { file: "request body" });
 */
export function parseRegister(
  data: unknown,
  options: LoadOptions = {},
): Result<Register, RegisterError> {
  return validate(data, undefined, options.file ?? "register", options.checkExtensions);
}

/**
 * Parses register text (YAML or JSON) or bytes. Never throws, whatever the input; every problem is
 * reported at once with its line, column and path.
 * @example
 * const result = parseRegisterText(readFileSync("register.yaml"), { file: "register.yaml" });
 * if (result.isOk()) console.log(result.value.groups.length);
 */
export function parseRegisterText(
  input: string | Uint8Array,
  options: LoadOptions = {},
): Result<Register, RegisterError> {
  const file = options.file ?? "register";
  try {
    const decoded = decodeText(input);
    if ("issue" in decoded)
      return err({ code: ERROR_CODES.SYNTAX_ERROR, file, issues: [decoded.issue] });
    const parsed = parseSource(decoded.text);
    if ("issues" in parsed)
      return err({ code: ERROR_CODES.SYNTAX_ERROR, file, issues: parsed.issues.sort(byPosition) });
    // YAML reads JSON with every syntax error at once; what it forgives, JSON.parse does not.
    if (file.toLowerCase().endsWith(".json")) {
      const strict = checkStrictJson(decoded.text);
      if (strict !== undefined)
        return err({ code: ERROR_CODES.SYNTAX_ERROR, file, issues: [strict] });
    }
    return validate(parsed.doc.data, parsed.doc, file, options.checkExtensions);
  } catch (error) {
    return err(unexpected(file, error));
  }
}

/**
 * Reads and parses a register file (YAML or JSON).
 * @example
 * const result = await loadRegisterFile("register.yaml");
 */
export async function loadRegisterFile(
  path: string,
  options: Omit<LoadOptions, "file"> = {},
): Promise<Result<Register, RegisterError>> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === "ENOENT"
        ? "no such file"
        : String((error as Error).message);
    return err({
      code: ERROR_CODES.FILE_UNREADABLE,
      file: path,
      issues: [
        {
          code: ERROR_CODES.FILE_UNREADABLE,
          path: "",
          message: `expected a readable register file: ${reason}`,
        },
      ],
    });
  }
  return parseRegisterText(bytes, { ...options, file: path });
}

function validate(
  data: unknown,
  doc: SourceDocument | undefined,
  file: string,
  checkExtensions: ExtensionCheck | undefined,
): Result<Register, RegisterError> {
  try {
    if (data === null || typeof data !== "object" || Array.isArray(data)) {
      return err({
        code: ERROR_CODES.REGISTER_INVALID,
        file,
        issues: [
          {
            code: ERROR_CODES.SCHEMA_MISMATCH,
            path: "",
            message: "expected a mapping with at least the keys organisation and groups",
            ...(doc?.locate([]) ?? {}),
          },
        ],
      });
    }
    const parsed = registerSchema.safeParse(data);
    const issues = unique([
      ...(parsed.success ? [] : toRegisterIssues(parsed.error.issues, data, doc)),
      ...checkReferences(data, doc),
      ...(parsed.success && checkExtensions
        ? extensionIssues(checkExtensions, parsed.data.groups, doc)
        : []),
    ]);
    if (issues.length > 0 || !parsed.success) {
      issues.sort(byPosition);
      return err({ code: ERROR_CODES.REGISTER_INVALID, file, issues });
    }
    return ok(parsed.data);
  } catch (error) {
    return err(unexpected(file, error));
  }
}

/**
 * Runs an extension check over groups and words what it finds as register issues (`SCHEMA_MISMATCH`
 * at the field's path, the check's message naming field and plugin). `relocate` turns a check's path
 * (`["groups", i, "extensions", …]`) into where the group is in the input: the engine checks one
 * group of a call, not a register.
 * @internal
 */
export function extensionIssues(
  check: ExtensionCheck,
  groups: readonly Pick<Group, "id" | "extensions">[],
  doc: SourceDocument | undefined,
  relocate: (path: DocPath) => DocPath = (path) => path,
): RegisterIssue[] {
  return check(groups).map((issue) => {
    const path = relocate(issue.path);
    return {
      code: ERROR_CODES.SCHEMA_MISMATCH,
      path: formatPath(path),
      message: issue.message,
      ...(doc?.locate(path) ?? {}),
    };
  });
}

/**
 * A `.json` file must be JSON, not merely YAML that looks like it (trailing commas, comments,
 * single quotes): JSON.parse decides, and its position becomes a line and column.
 */
function checkStrictJson(text: string): RegisterIssue | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    const message = String((error as Error).message);
    const offset = Number(/position (\d+)/.exec(message)?.[1] ?? Number.NaN);
    const detail = message.replace(/\s*(in JSON )?at position \d+.*$/, "");
    const issue: RegisterIssue = {
      code: ERROR_CODES.SYNTAX_ERROR,
      path: "",
      message: `expected valid JSON: ${detail}`,
    };
    if (Number.isNaN(offset)) return issue;
    const before = text.slice(0, offset).split("\n");
    return { ...issue, line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
  }
}

/** Drops an issue reported twice (by the schema and by the raw cross-checks). */
function unique(issues: RegisterIssue[]): RegisterIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function byPosition(a: RegisterIssue, b: RegisterIssue): number {
  return (
    (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER) ||
    (a.column ?? 0) - (b.column ?? 0)
  );
}

// Safety net for "never throws": a parser bug must still come back as data, not as an exception.
function unexpected(file: string, error: unknown): RegisterError {
  const message = error instanceof Error ? error.message : String(error);
  return {
    code: ERROR_CODES.REGISTER_INVALID,
    file,
    issues: [
      {
        code: ERROR_CODES.SYNTAX_ERROR,
        path: "",
        message: `expected a readable register: ${message}`,
      },
    ],
  };
}
