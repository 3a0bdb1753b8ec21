import { randomBytes } from "node:crypto";
import { mkdir, open, readdir, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

const TEMP_MARK = ".sigreg-tmp-";

/** Name prefix of the temporary files written next to `file`. */
function tempPrefix(file: string): string {
  return `.${basename(file)}${TEMP_MARK}`;
}

/** Makes a directory's entries (a rename, a new file) durable. @internal */
export async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces `file` with `text` so that a crash leaves either the old file or the new one, never a
 * mix: the text goes to a temporary file in the same directory, is flushed to disk, renamed over
 * the target, and the rename is flushed with the directory.
 * @internal
 */
export async function writeAtomic(file: string, text: string): Promise<void> {
  const directory = dirname(file);
  await makeDirectory(directory);
  const temp = join(
    directory,
    `${tempPrefix(file)}${process.pid}-${randomBytes(4).toString("hex")}`,
  );
  // The replacement keeps the permissions of the file it replaces.
  const mode = ((await stat(file).catch(() => undefined))?.mode ?? 0o644) & 0o777;
  const handle = await open(temp, "wx", mode);
  try {
    await handle.chmod(mode);
    await handle.writeFile(text, "utf8");
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(directory);
}

/** Creates a directory and its missing parents, each flushed into the directory that holds it. @internal */
export async function makeDirectory(directory: string): Promise<void> {
  const first = await mkdir(directory, { recursive: true });
  if (first === undefined) return;
  const created: string[] = [];
  for (let at = directory; at.length >= first.length; at = dirname(at)) created.push(at);
  for (const made of created.reverse()) await syncDirectory(dirname(made));
}

/** Appends text to a file and flushes it to disk before resolving. @internal */
export async function appendDurable(file: string, text: string): Promise<void> {
  await makeDirectory(dirname(file));
  const handle = await open(file, "a", 0o644);
  try {
    await handle.writeFile(text, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Removes a commit's journal once everything it lists is on disk. The removal is not flushed: if
 * power is lost before it reaches the disk, the journal is found again and rolled forward a second
 * time, which changes nothing.
 * @internal
 */
export async function removeJournal(file: string): Promise<void> {
  await rm(file, { force: true });
}

/**
 * Removes the temporary files a writer killed mid-write left next to `file`. Call it only while
 * holding the file's lock, when no other writer can be writing one.
 * @internal
 */
export async function removeLeftoverTemps(file: string): Promise<number> {
  const prefix = tempPrefix(file);
  let names: string[];
  try {
    names = await readdir(dirname(file));
  } catch {
    return 0;
  }
  const leftovers = names.filter((name) => name.startsWith(prefix));
  await Promise.all(leftovers.map((name) => rm(join(dirname(file), name), { force: true })));
  return leftovers.length;
}
