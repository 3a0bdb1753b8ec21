import { readdir } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { FILE_STORAGE_ERROR_CODES, FileStorageError } from "./errors.js";
import { byCodePoint } from "./order.js";

/** Tuning shared by both layouts. */
export interface FileStorageTuning {
  /**
   * How long a lock may go without being refreshed before another process takes it over (a writer
   * that died holding it); at least 2000.
   * @default 10000
   */
  staleLockMs?: number;
  /**
   * How long a writer waits for the lock before failing with `LOCK_TIMEOUT`.
   * @default 30000
   */
  lockTimeoutMs?: number;
}

/** One register file serving one tenant. */
export interface SingleFileOptions extends FileStorageTuning {
  /** Path of the register file (YAML, or JSON when it ends in `.json`); created on first write. */
  path: string;
  /**
   * The tenant the file holds; reads of any other tenant are empty, writes fail.
   * @default "default"
   */
  tenant?: string;
}

/** One register file per tenant, `<directory>/<tenant>.<extension>`. */
export interface DirectoryOptions extends FileStorageTuning {
  /** Directory of the register files; created on first write. */
  directory: string;
  /**
   * Extension of the files: `yaml` (or `yml`) writes YAML, `json` writes JSON.
   * @default "yaml"
   */
  extension?: "yaml" | "yml" | "json";
}

/** Options of `fileStorage`: a single file, or a directory of one file per tenant. */
export type FileStorageOptions = SingleFileOptions | DirectoryOptions;

/** Where each tenant's register lives. @internal */
export interface Layout {
  /** The register file of a tenant; `undefined` when the layout does not serve it. */
  fileOf(tenant: string): string | undefined;
  /** Explains why a tenant is not served, for the error of a write. */
  notServed(tenant: string): FileStorageError;
  /** Every tenant that has a register file or a sidecar, ordered by tenant id. */
  tenants(): Promise<string[]>;
}

/** Tenant ids that can name a file: letters, digits, `.`, `_`, `:` and `-`, not starting with `.`. */
const TENANT_FILE = /^[A-Za-z0-9_:-][A-Za-z0-9._:-]{0,199}$/;

/** Rejects a tenant id that could leave the directory or name a hidden file. @internal */
export function checkTenant(tenant: string, directory: string): void {
  if (TENANT_FILE.test(tenant) && !tenant.includes("..")) return;
  throw new FileStorageError(
    FILE_STORAGE_ERROR_CODES.TENANT_INVALID,
    directory,
    `${directory}: tenant ${JSON.stringify(tenant)} cannot name a register file: expected letters, digits, '.', '_', ':' or '-', not starting with '.' and without '..', '/' or '\\'`,
  );
}

/** The layout described by the options. @internal */
export function layoutOf(options: FileStorageOptions): Layout {
  if ("path" in options) {
    const file = resolve(options.path);
    const served = options.tenant ?? "default";
    return {
      fileOf: (tenant) => (tenant === served ? file : undefined),
      notServed: (tenant) =>
        new FileStorageError(
          FILE_STORAGE_ERROR_CODES.TENANT_NOT_SERVED,
          file,
          `${file} holds the register of tenant "${served}" only; cannot write tenant ${JSON.stringify(tenant)} there`,
        ),
      tenants: async () => [served],
    };
  }
  const directory = resolve(options.directory);
  const suffix = `.${options.extension ?? "yaml"}`;
  return {
    fileOf(tenant) {
      checkTenant(tenant, directory);
      const file = join(directory, `${tenant}${suffix}`);
      // Belt and braces: whatever the id, the file is a direct child of the directory.
      if (dirname(file) !== directory || basename(file) !== `${tenant}${suffix}`)
        checkTenant("..", directory);
      return file;
    },
    notServed: (tenant) => {
      checkTenant(tenant, directory);
      return new FileStorageError(FILE_STORAGE_ERROR_CODES.TENANT_INVALID, directory, tenant);
    },
    async tenants() {
      let names: string[];
      try {
        names = await readdir(directory);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
        throw error;
      }
      // A tenant with no record yet may still have a sidecar (evidence, outbox messages).
      const sidecar = `${suffix}.sigreg`;
      const tenants = new Set<string>();
      for (const name of names) {
        if (name.endsWith(suffix)) tenants.add(name.slice(0, -suffix.length));
        else if (name.startsWith(".") && name.endsWith(sidecar))
          tenants.add(name.slice(1, -sidecar.length));
      }
      return [...tenants]
        .filter((tenant) => TENANT_FILE.test(tenant) && !tenant.includes(".."))
        .sort(byCodePoint);
    },
  };
}
