import { err, ok, type Result } from "neverthrow";

/** Codes of a plugin failure caught by the host. */
export const PLUGIN_FAILURE_CODES = {
  /** A handler threw synchronously. */
  PLUGIN_THREW: "PLUGIN_THREW",
  /** A handler returned a promise that rejected. */
  PLUGIN_REJECTED: "PLUGIN_REJECTED",
  /** A handler did not settle within its time budget. */
  PLUGIN_TIMEOUT: "PLUGIN_TIMEOUT",
  /** A handler returned something other than its contract promises. */
  PLUGIN_BAD_RESULT: "PLUGIN_BAD_RESULT",
} as const;

/** A plugin failure, attributed to the plugin and the hook (or contribution) that raised it. */
export interface PluginDiagnostic {
  /** One of {@link PLUGIN_FAILURE_CODES}. */
  code: keyof typeof PLUGIN_FAILURE_CODES;
  /** Id of the plugin. */
  plugin: string;
  /** The hook or contribution that failed, e.g. `onAlert` or `sources.cisa-kev.read`. */
  hook: string;
  /** What happened, in one sentence naming plugin and hook. */
  message: string;
}

/** Default time budget of one plugin call, in milliseconds. */
export const DEFAULT_PLUGIN_TIMEOUT_MS = 5000;

/**
 * Runs one plugin call so that a throw, a rejection or a call past `timeoutMs` becomes a
 * diagnostic instead of ending the run; the call's signal is aborted on timeout.
 */
export async function guardPluginCall<TValue>(
  plugin: string,
  hook: string,
  timeoutMs: number,
  call: (signal: AbortSignal) => TValue | Promise<TValue>,
): Promise<Result<TValue, PluginDiagnostic>> {
  const controller = new AbortController();
  let pending: TValue | Promise<TValue>;
  try {
    pending = call(controller.signal);
  } catch (error) {
    return err(diagnostic("PLUGIN_THREW", plugin, hook, `threw: ${describe(error)}`));
  }
  if (!isThenable(pending)) return ok(pending);
  const settling = Promise.resolve(pending);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  try {
    const settled = await Promise.race([settling.then((value) => ({ value })), timeout]);
    if (settled === "timeout") {
      controller.abort();
      settling.catch(() => undefined); // a late rejection must not become an unhandled one
      return err(
        diagnostic("PLUGIN_TIMEOUT", plugin, hook, `did not finish within ${timeoutMs} ms`),
      );
    }
    return ok(settled.value);
  } catch (error) {
    return err(diagnostic("PLUGIN_REJECTED", plugin, hook, `rejected: ${describe(error)}`));
  } finally {
    clearTimeout(timer);
  }
}

function isThenable<TValue>(value: TValue | PromiseLike<TValue>): value is PromiseLike<TValue> {
  return (
    value !== null &&
    (typeof value === "object" || typeof value === "function") &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

/** A diagnostic for a plugin call that returned the wrong shape. */
export function badResult(plugin: string, hook: string, expected: string): PluginDiagnostic {
  return diagnostic("PLUGIN_BAD_RESULT", plugin, hook, `returned ${expected}`);
}

function diagnostic(
  code: PluginDiagnostic["code"],
  plugin: string,
  hook: string,
  what: string,
): PluginDiagnostic {
  return { code, plugin, hook, message: `plugin "${plugin}" ${hook} ${what}` };
}

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
