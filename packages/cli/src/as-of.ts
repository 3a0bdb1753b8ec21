import { parseAsOf } from "@sigreg/core";
import { helpHint } from "./args.js";
import { isoDay } from "./format/dates.js";
import { UsageError } from "./io.js";

/** `--as-of` parsed with core's parser, or UTC midnight of the clock's day when it is absent. @internal */
export function asOfFrom(value: string | undefined, command: string, now: () => Date): Date {
  if (value === undefined) {
    const today = now();
    if (Number.isNaN(today.getTime())) throw new RangeError("the clock returned an invalid date");
    return new Date(`${isoDay(today)}T00:00:00.000Z`);
  }
  const parsed = parseAsOf(value);
  if (parsed.isErr())
    throw new UsageError(`sigreg ${command}: invalid --as-of: ${parsed.error}`, helpHint(command));
  return parsed.value;
}
