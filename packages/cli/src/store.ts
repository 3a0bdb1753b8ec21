import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { StorageAdapter } from "@sigreg/core";
import { UsageError } from "./io.js";

/** The store commands use when `--store` is not given. @internal */
export const DEFAULT_STORE = "file:./register.yaml";

/** Where a command reads and writes, parsed from `--store`. @internal */
export type StoreSpec =
  /** A register file (one tenant), or a directory of them (`fileStorage({ directory })`). */
  | { kind: "file"; path: string; directory: boolean }
  /** A SQLite database file. */
  | { kind: "sqlite"; filename: string }
  /** A PostgreSQL server. */
  | { kind: "postgres"; url: string }
  /** A MySQL or MariaDB server. */
  | { kind: "mysql"; url: string };

/** A parsed `--store`: what it names, and how to show it without its password. @internal */
export interface StoreTarget {
  /** The store. */
  spec: StoreSpec;
  /** The URL as typed, password replaced by `***`: the only form that is ever printed. */
  shown: string;
  /** The password and its decoded form, cut out of every message the driver produces. */
  secrets: readonly string[];
}

const SCHEMES = "file:PATH, sqlite:PATH, postgres://…, postgresql://…, mysql://… or mariadb://…";

/**
 * Parses `--store`. A value without a scheme is a file path; a one-letter scheme is a Windows
 * drive (`C:\…`), not a scheme. Relative paths are resolved against `cwd`.
 * @internal
 */
export function parseStoreUrl(raw: string, cwd: string, command: string): StoreTarget {
  const shown = redactUrl(raw);
  const target = (spec: StoreSpec): StoreTarget => ({ spec, shown, secrets: secretsOf(raw) });
  const bad = (why: string) => new UsageError(`sigreg ${command}: --store ${shown}: ${why}`);
  const scheme = /^([a-z][a-z0-9+.-]+):/i.exec(raw)?.[1]?.toLowerCase();
  if (raw.trim() === "") throw bad("expected a store URL or a file path");
  if (scheme === undefined) return target(fileSpec(cwd, raw));
  const rest = raw.slice(scheme.length + 1);
  switch (scheme) {
    case "file": {
      if (rest === "") throw bad("expected a path, for example file:./register.yaml");
      if (!rest.startsWith("//")) return target(fileSpec(cwd, rest));
      try {
        return target(fileSpec(cwd, fileURLToPath(raw)));
      } catch (error) {
        throw bad((error as Error).message);
      }
    }
    case "sqlite": {
      const path = rest.startsWith("//") ? rest.slice(2) : rest;
      if (path === "") throw bad("expected a database file, for example sqlite:./sigreg.db");
      return target({ kind: "sqlite", filename: resolve(cwd, path) });
    }
    case "postgres":
    case "postgresql":
      return target({ kind: "postgres", url: serverUrl(raw, rest, bad) });
    case "mysql":
    case "mariadb":
      // mysql2 speaks to both; it expects the mysql: scheme.
      return target({
        kind: "mysql",
        url: `mysql:${serverUrl(raw, rest, bad).slice(scheme.length + 1)}`,
      });
    default:
      throw bad(`unknown scheme '${scheme}:'; expected ${SCHEMES}`);
  }
}

/** A file store; a path typed with a trailing separator names a directory even before it exists. */
function fileSpec(cwd: string, path: string): StoreSpec {
  return { kind: "file", path: resolve(cwd, path), directory: /[\\/]$/.test(path) };
}

function serverUrl(raw: string, rest: string, bad: (why: string) => UsageError): string {
  if (!rest.startsWith("//")) throw bad("expected a URL such as postgres://user@host:5432/db");
  try {
    new URL(raw);
  } catch {
    throw bad("not a valid URL");
  }
  return raw;
}

/** A URL with its password (in the authority or a `password=` parameter) replaced by `***`. @internal */
export function redactUrl(url: string): string {
  return url
    .replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@?#]*:)([^@/?#]*)@/i, "$1***@")
    .replace(/([?&]password=)[^&#]*/gi, "$1***");
}

/** The secrets of a URL: its password, as typed and percent-decoded. @internal */
export function secretsOf(url: string): string[] {
  const found = new Set<string>();
  const add = (value: string | undefined) => {
    if (value === undefined || value === "") return;
    found.add(value);
    try {
      found.add(decodeURIComponent(value));
    } catch {
      // Not valid percent-encoding: the raw form is all there is.
    }
  };
  add(/^[a-z][a-z0-9+.-]*:\/\/[^:/@?#]*:([^@/?#]*)@/i.exec(url)?.[1]);
  for (const match of url.matchAll(/[?&]password=([^&#]*)/gi)) add(match[1]);
  return [...found];
}

/** `text` with every secret replaced by `***`. @internal */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  // Longest first, so a password that contains another one is cut out whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length))
    out = out.split(secret).join("***");
  return out;
}

/**
 * Creates the storage adapter a target names. Each adapter's module is imported only here, on
 * demand, so checking a file never loads a database driver. Only `sigreg import` creates a missing
 * register file and only `sigreg migrate` a missing SQLite database: elsewhere a mistyped path is
 * an error, not a new empty store.
 * @internal
 */
export async function openStorage(
  target: StoreTarget,
  options: { tenant: string; command: string },
): Promise<StorageAdapter> {
  const { spec, shown } = target;
  const missing = (hint: string) =>
    new UsageError(`sigreg ${options.command}: ${shown}: no such ${hint}`);
  switch (spec.kind) {
    case "file": {
      const directory = spec.directory || (await isDirectory(spec.path));
      if (options.command !== "import" && !(await exists(spec.path)))
        throw missing(
          `${directory ? "directory" : "register file"}; create it with: sigreg init, or sigreg import FILE --store ${shown}`,
        );
      const { fileStorage } = await import("@sigreg/adapters/file");
      return directory
        ? fileStorage({ directory: spec.path })
        : fileStorage({ path: spec.path, tenant: options.tenant });
    }
    case "sqlite": {
      if (options.command !== "migrate" && !(await exists(spec.filename)))
        throw missing(`database file; create it with: sigreg migrate --store ${shown}`);
      const { sqliteStorage } = await import("@sigreg/adapters/sql");
      return sqliteStorage({ filename: spec.filename });
    }
    case "postgres": {
      const { postgresStorage } = await import("@sigreg/adapters/sql");
      return postgresStorage({ connectionString: spec.url });
    }
    case "mysql": {
      const { mysqlStorage } = await import("@sigreg/adapters/sql");
      return mysqlStorage({ uri: spec.url });
    }
  }
}

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() === true;
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined;
}
