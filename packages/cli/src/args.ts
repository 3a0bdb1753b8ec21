import { type ParseArgsConfig, parseArgs } from "node:util";
import { UsageError } from "./io.js";

type Options = NonNullable<ParseArgsConfig["options"]>;
type Parsed<TOptions extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: TOptions; allowPositionals: true; strict: true }>
>;

/**
 * `parseArgs` in strict mode, with its errors turned into {@link UsageError}s that print the
 * command's usage.
 * @internal
 */
export function parseCommandArgs<const TOptions extends Options>(
  command: string,
  args: readonly string[],
  options: TOptions,
  usage: string,
): Parsed<TOptions> {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`sigreg ${command}: ${describeParseError(error)}`, usage);
  }
}

function describeParseError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const option = /'([^']+)'/.exec(message)?.[1];
    return option === undefined ? message : `unknown option '${option}'`;
  }
  const option = /'(?:-\w, )?(--?[\w-]+)/.exec(message)?.[1];
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && option !== undefined) {
    return message.includes("argument missing")
      ? `option '${option}' expects a value`
      : `option '${option}' takes no value`;
  }
  return message;
}

/** The line pointing at a command's help, printed after a bad option value. @internal */
export function helpHint(command: string): string {
  return `Run 'sigreg help ${command}' for usage.\n`;
}

/** Checks a value against a closed list; a {@link UsageError} naming the accepted values otherwise. @internal */
export function oneOf<const TValue extends string>(
  command: string,
  option: string,
  value: string,
  accepted: readonly TValue[],
): TValue {
  if ((accepted as readonly string[]).includes(value)) return value as TValue;
  throw new UsageError(
    `sigreg ${command}: invalid --${option} '${value}': expected ${alternatives(accepted)}`,
    helpHint(command),
  );
}

/** `a, b or c`. */
function alternatives(values: readonly string[]): string {
  return values.length <= 1
    ? values.join("")
    : `${values.slice(0, -1).join(", ")} or ${values[values.length - 1]}`;
}

/** A required option's value; a {@link UsageError} with the command's usage when it is missing. @internal */
export function required(
  command: string,
  option: string,
  value: string | undefined,
  usage: string,
): string {
  if (value === undefined)
    throw new UsageError(`sigreg ${command}: --${option} is required`, usage);
  return value;
}
