import { removeJournal, removeLeftoverTemps, writeAtomic } from "./atomic.js";
import { appendEvidence, readEvidence, repairTail } from "./evidence-log.js";
import { readJournal, type SidecarPaths } from "./sidecar.js";
import { readText, shaOf } from "./snapshot.js";

/**
 * Finishes or undoes a commit a crash interrupted; call it holding the register's lock.
 *
 * A commit writes, in order: the journal (`commit.json`, everything it will write), the register
 * (renamed into place: the commit point), the evidence lines, `state.json`, then removes the
 * journal. So a journal whose register hash is the file's is rolled forward (missing evidence lines
 * appended, a line cut short repaired, the state rewritten), and any other journal is dropped: the
 * register was never replaced, and nothing else was written. Temporary files a killed writer left
 * are removed.
 * @internal
 */
export async function recover(file: string, paths: SidecarPaths): Promise<void> {
  await removeLeftoverTemps(file);
  await removeLeftoverTemps(paths.state);
  await removeLeftoverTemps(paths.journal);
  const journal = await readJournal(paths);
  if (journal === undefined) return;
  // A line cut short can only be the interrupted commit's; it goes whichever way the commit goes.
  await repairTail(paths.evidence);
  if (journal.registerSha256 === shaOf(await readText(file))) {
    const top = (await readEvidence(paths.evidence)).at(-1)?.seq ?? 0;
    await appendEvidence(
      paths.evidence,
      journal.evidence.filter((entry) => entry.seq > top),
    );
    await writeAtomic(paths.state, JSON.stringify(journal.state));
  }
  await removeJournal(paths.journal);
}
