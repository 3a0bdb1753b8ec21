import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseCommandArgs } from "../args.js";
import { isoDay } from "../format/dates.js";
import { type Context, EXIT, UsageError } from "../io.js";
import { INIT_USAGE } from "../usage.js";
import { starterRegister } from "./starter.js";

/** The file `sigreg init` writes. */
export const REGISTER_FILE = "register.yaml";

/** `sigreg init [dir]`: writes a commented starter register, never over an existing file. @internal */
export async function initCommand(args: readonly string[], context: Context): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    "init",
    args,
    { help: { type: "boolean", short: "h" } },
    INIT_USAGE,
  );
  if (values.help === true) {
    context.stdout(INIT_USAGE);
    return EXIT.ok;
  }
  const [dir, ...extra] = positionals;
  if (extra.length > 0) {
    throw new UsageError(
      `sigreg init: expected at most one directory, got ${positionals.length}`,
      INIT_USAGE,
    );
  }
  // The path as the user would type it, for messages; the absolute one for the file system.
  const shown = dir === undefined ? REGISTER_FILE : join(dir, REGISTER_FILE);
  const target = resolve(context.cwd, shown);
  const content = starterRegister(isoDay(context.now()));
  try {
    if (dir !== undefined) await mkdir(resolve(context.cwd, dir), { recursive: true });
    // "wx": fail if the file exists, atomically, rather than check-then-write.
    await writeFile(target, content, { encoding: "utf8", flag: "wx" });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") {
      throw new UsageError(`sigreg init: ${shown} already exists; not overwriting it.`);
    }
    throw new UsageError(`sigreg init: cannot write ${shown}: ${(error as Error).message}`);
  }
  context.stdout(
    `Wrote ${shown}, a starter register with comments on every key.\nEdit it, then run: sigreg check ${shown}\n`,
  );
  return EXIT.ok;
}
