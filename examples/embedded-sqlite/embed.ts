/**
 * The README's storage example, runnable: the engine on a SQLite file, no server.
 *
 *   pnpm tsx examples/embedded-sqlite/embed.ts ./sigreg.db
 */
import { fileURLToPath } from "node:url";
import { sqliteStorage } from "@sigreg/adapters/sql";
import { createSigreg, formatSigregError } from "@sigreg/core";

const register = fileURLToPath(new URL("../ai-company/register.yaml", import.meta.url));

/** Imports the example register into `filename`, records an activity, evaluates and verifies. */
export async function embed(filename: string, asOf = new Date("2026-11-23T00:00:00Z")) {
  const sigreg = createSigreg({ storage: sqliteStorage({ filename }) });
  try {
    await sigreg.migrate();
    const northwind = sigreg.tenant("northwind", { actor: "eleanor.hughes@northwind.example" });
    const imported = await northwind.importRegister(register);
    if (imported.isErr()) throw new Error(formatSigregError(imported.error));
    const recorded = await northwind.recordActivity({
      group: "cisa",
      date: "2026-11-20",
      type: "newsletter",
      by: "sam-okafor",
    });
    if (recorded.isErr()) throw new Error(formatSigregError(recorded.error));
    const evaluation = await northwind.evaluate({ asOf });
    if (evaluation.isErr()) throw new Error(formatSigregError(evaluation.error));
    const evidence = await northwind.verifyEvidence();
    return { findings: evaluation.value.findings, evidence };
  } finally {
    await sigreg.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { findings, evidence } = await embed(process.argv[2] ?? "sigreg.db");
  console.log(
    `${findings.length} findings; evidence log ok: ${evidence.ok}, ${evidence.entries} entries`,
  );
}
