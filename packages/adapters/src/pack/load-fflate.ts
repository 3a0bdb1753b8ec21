import { err, ok, type Result } from "neverthrow";
import { importOptionalPeer } from "../optional-peer.js";

/** The part of an fflate ZIP entry's options the pack writer sets. @internal */
export interface ZipEntryOptions {
  mtime: Date;
  level: number;
}

/** The part of the fflate module the audit pack uses. @internal */
export interface FflateModule {
  zipSync(
    files: Record<string, [Uint8Array, ZipEntryOptions]>,
    options?: { level?: number },
  ): Uint8Array;
  unzipSync(
    data: Uint8Array,
    options?: { filter?: (file: { name: string; originalSize: number }) => boolean },
  ): Record<string, Uint8Array>;
}

/** Why fflate could not be loaded. @internal */
export interface FflateMissing {
  code: "DEPENDENCY_MISSING";
  message: string;
}

/**
 * Imports fflate on first use, so that importing `@sigreg/adapters/pack` loads no ZIP library;
 * when it is not installed the result says how to install it.
 * @internal
 */
export async function loadFflate(
  moduleName = "fflate",
): Promise<Result<FflateModule, FflateMissing>> {
  const loaded = await importOptionalPeer<FflateModule>(moduleName);
  if (loaded === undefined)
    return err({
      code: "DEPENDENCY_MISSING",
      message: `the audit pack needs ${moduleName}, an optional peer dependency that is not installed: install ${moduleName} (npm install ${moduleName})`,
    });
  return ok(typeof loaded.zipSync === "function" ? loaded : (loaded.default as FflateModule));
}
