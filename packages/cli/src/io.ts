/** Where the CLI reads and writes; injected so {@link main} runs in tests without spawning. */
export interface CliIo {
  /** Writes to standard output (text already ends with a newline). */
  stdout: (text: string) => void;
  /** Writes to standard error (text already ends with a newline). */
  stderr: (text: string) => void;
  /** Writes bytes to standard output (`report --format xlsx` without `--out`); without it, binary output needs `--out`. */
  stdoutBytes?: (bytes: Uint8Array) => void;
  /** Environment variables (`NO_COLOR`, `FORCE_COLOR`, `TERM`, `SIGREG_ACTOR`). @default {} */
  env?: Readonly<Record<string, string | undefined>>;
  /** Directory relative paths are resolved against. @default process.cwd() */
  cwd?: string;
  /** Whether standard output is a terminal; colour is used only then. @default false */
  isTTY?: boolean;
  /**
   * The clock; the CLI is the only place that reads it (for the default `--as-of` and `--date`, and
   * the time of evidence entries). @default () => new Date()
   */
  now?: () => Date;
}

/** {@link CliIo} with every default applied. @internal */
export interface Context {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdoutBytes?: (bytes: Uint8Array) => void;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  isTTY: boolean;
  now: () => Date;
}

/**
 * Exit codes: success; findings at or above `--fail-on` (`check`), or a change the engine refused
 * and evidence that failed verification (the other commands); unusable input (bad arguments, an
 * unreadable file, an unknown or unreachable store).
 */
export const EXIT = {
  /** Success. */
  ok: 0,
  /** `check`: findings at or above `--fail-on`. */
  findings: 1,
  /** A change the engine refused, or evidence that failed verification. */
  refused: 1,
  /** Unusable input: bad arguments, an unreadable file, an unknown or unreachable store. */
  usage: 2,
} as const;

/**
 * A problem with what the user asked for: bad arguments, an unreadable or invalid file, a file in the
 * way. Reported on stderr with exit code 2, followed by `help` (a usage text or a hint line).
 * @internal
 */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly help?: string,
  ) {
    super(message);
    this.name = "UsageError";
  }
}
