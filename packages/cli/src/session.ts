import { userInfo } from "node:os";
import {
  createSigreg,
  type EnginePlugin,
  formatSigregError,
  idSchema,
  type Notifier,
  type Router,
  type Sigreg,
  type SigregError,
  type SigregTenant,
  type StorageAdapter,
} from "@sigreg/core";
import { helpHint } from "./args.js";
import { type Context, EXIT, UsageError } from "./io.js";
import { DEFAULT_STORE, openStorage, parseStoreUrl, redact, type StoreTarget } from "./store.js";

/** The options of a command that reads a tenant's register. @internal */
export const READ_OPTIONS = {
  store: { type: "string" },
  tenant: { type: "string" },
} as const;

/** The options of a command that changes a tenant's register: who the change is attributed to, too. @internal */
export const WRITE_OPTIONS = { ...READ_OPTIONS, actor: { type: "string" } } as const;

/** Values of {@link WRITE_OPTIONS} as parsed. @internal */
export interface StoreFlags {
  store?: string | undefined;
  tenant?: string | undefined;
  actor?: string | undefined;
}

/** An open store, its engine and the tenant a command works on. @internal */
export interface Session {
  /** The engine. */
  sigreg: Sigreg;
  /** The tenant named by `--tenant`. */
  tenant: SigregTenant;
  /** The store, as parsed (print `target.shown`, never the raw URL). */
  target: StoreTarget;
  /** Who the changes are attributed to. */
  actor: string;
}

const DRIVERS = { sqlite: "better-sqlite3", postgres: "pg", mysql: "mysql2" } as const;

/**
 * Opens the store `--store` names, runs `work` on the tenant, and closes the store whatever
 * happens. Any failure of the store itself (missing driver, refused connection, schema not
 * migrated) becomes a {@link UsageError}, with the URL's password cut out of every message.
 * @internal
 */
export async function withStore<T>(
  command: string,
  flags: StoreFlags,
  context: Context,
  work: (session: Session) => Promise<T>,
  engine: {
    notifiers?: readonly Notifier[];
    router?: Router;
    plugins?: readonly EnginePlugin[];
  } = {},
): Promise<T> {
  const tenantId = flags.tenant ?? "default";
  if (!idSchema.safeParse(tenantId).success) {
    throw new UsageError(
      `sigreg ${command}: invalid --tenant ${JSON.stringify(tenantId)}: expected letters, digits, '.', '_', ':' or '-', starting with a letter or digit`,
      helpHint(command),
    );
  }
  const actor = actorOf(command, flags, context);
  const target = parseStoreUrl(flags.store ?? DEFAULT_STORE, context.cwd, command);
  let storage: StorageAdapter | undefined;
  try {
    storage = await openStorage(target, { tenant: tenantId, command });
    // A cheap read that fails on a server that is unreachable or a schema that is missing, before
    // the command says or does anything. File stores have no schema and need no probe.
    if (target.spec.kind !== "file" && command !== "migrate")
      await storage.listTenants({ limit: 1 });
    const sigreg = createSigreg({ storage, clock: context.now, actor, ...engine });
    return await work({ sigreg, tenant: sigreg.tenant(tenantId, { actor }), target, actor });
  } catch (error) {
    throw storeFailure(command, target, error);
  } finally {
    await storage?.close?.().catch(() => {
      // Closing after a failure must not hide the failure; after success there is nothing left to lose.
    });
  }
}

/** `--actor`, else `SIGREG_ACTOR`, else the OS user name, else `cli`. */
function actorOf(command: string, flags: StoreFlags, context: Context): string {
  if (flags.actor !== undefined) {
    if (flags.actor.trim() === "")
      throw new UsageError(`sigreg ${command}: --actor must not be empty`, helpHint(command));
    return flags.actor;
  }
  const fromEnv = context.env.SIGREG_ACTOR;
  if (fromEnv !== undefined && fromEnv.trim() !== "") return fromEnv;
  try {
    return userInfo().username || "cli";
  } catch {
    // No passwd entry for the uid (a container run as an arbitrary user).
    return "cli";
  }
}

/** A store's failure as a user-facing error without secrets; a bug stays a bug (with its stack). */
function storeFailure(command: string, target: StoreTarget, error: unknown): unknown {
  if (error instanceof UsageError) return error;
  const { shown, secrets } = target;
  const raw = error instanceof Error ? error.message : String(error);
  const message = citedAsTyped(redact(raw, secrets), target);
  const code = (error as { code?: unknown } | null)?.code;
  if (target.spec.kind !== "file" && isMissingDriver(raw, code, DRIVERS[target.spec.kind])) {
    const driver = DRIVERS[target.spec.kind];
    return new UsageError(
      `sigreg ${command}: ${shown}: this store needs the ${driver} package, which is not installed: npm install ${driver} [DRIVER_MISSING]`,
    );
  }
  if (isMissingSchema(raw, code))
    return new UsageError(
      `sigreg ${command}: ${shown}: the store has no sigreg tables yet; create them with: sigreg migrate --store ${shown}`,
    );
  if (typeof code === "string" || typeof code === "number")
    // A register file's problems come one per line, each with its position: keep them so.
    return new UsageError(
      message.includes("\n")
        ? `sigreg ${command}: ${shown}:\n${message}`
        : `sigreg ${command}: ${shown}: ${message}`,
    );
  const bug = new Error(message);
  bug.stack = redact(error instanceof Error ? (error.stack ?? raw) : raw, secrets);
  return bug;
}

/** A file store's messages name the resolved path; the user typed another: cite theirs, as check does. */
function citedAsTyped(message: string, target: StoreTarget): string {
  if (target.spec.kind !== "file" || target.shown.startsWith("file://")) return message;
  const typed = target.shown.replace(/^file:/i, "").replace(/[\\/]+$/, "");
  return typed === "" ? message : message.split(target.spec.path).join(typed);
}

function isMissingDriver(message: string, code: unknown, driver: string): boolean {
  return (
    code === "DRIVER_MISSING" ||
    ((code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") &&
      message.includes(`'${driver}'`))
  );
}

/** The error each database gives for a table that does not exist (or the adapter's own code). */
function isMissingSchema(message: string, code: unknown): boolean {
  return (
    code === "SCHEMA_MISSING" ||
    code === "42P01" ||
    code === "ER_NO_SUCH_TABLE" ||
    /no such table|relation "[^"]*" does not exist|Table '[^']*' doesn't exist/i.test(message)
  );
}

/** The error for a tenant the store has no register for. @internal */
export function noRegister(command: string, session: Session): UsageError {
  const { target, tenant } = session;
  return new UsageError(
    `sigreg ${command}: ${target.shown} has no register for tenant "${tenant.id}"; import one with: sigreg import FILE --store ${target.shown}${tenant.id === "default" ? "" : ` --tenant ${tenant.id}`}`,
  );
}

/** Prints an engine's refusal of a change (its precise errors) and returns exit code 1. @internal */
export function refused(command: string, error: SigregError, context: Context): number {
  context.stderr(`${formatSigregError(error)}\nsigreg ${command}: nothing was written.\n`);
  return EXIT.refused;
}
