import { type NotifyError, notifyError } from "@sigreg/core";
import { err, ok, type Result } from "neverthrow";
import { importOptionalPeer } from "../optional-peer.js";
import type { LoadedMailer } from "./mail-transport.js";

/**
 * Imports nodemailer on first use, so that importing the adapter loads no mail library; when it
 * is not installed the send fails with `DEPENDENCY_MISSING` saying how to install it.
 * @internal
 */
export async function loadMailer(options: {
  notifier: string;
  moduleName?: string;
}): Promise<Result<LoadedMailer, NotifyError>> {
  const moduleName = options.moduleName ?? "nodemailer";
  const loaded = await importOptionalPeer<LoadedMailer>(moduleName);
  if (loaded === undefined)
    return err(
      notifyError({
        code: "DEPENDENCY_MISSING",
        notifier: options.notifier,
        message: `${options.notifier}: install ${moduleName} to use emailNotifier with smtp options: pnpm add ${moduleName}`,
      }),
    );
  // nodemailer is CommonJS: its API is the default export under ESM.
  return ok(loaded.default ?? loaded);
}
