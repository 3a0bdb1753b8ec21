import { escapeMarkdown } from "./escape.js";
import { FINDING_COLUMNS, findingRows, isoDate, REGISTER_COLUMNS, registerRows } from "./rows.js";
import type { Exporter, ExportInput } from "./types.js";

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [line(headers), line(headers.map(() => "---")), ...rows.map(line)].join("\n");
}

const cell = (value: string | number | null) =>
  value === null ? "" : typeof value === "number" ? String(value) : escapeMarkdown(value);

/** The register and its findings as GitHub-flavoured Markdown, every user string escaped. */
export function toMarkdown({ register, evaluation, generatedAt }: ExportInput): string {
  const { kpis } = evaluation;
  const counts = kpis.findings;
  const groups = registerRows(register, evaluation).map((row) =>
    REGISTER_COLUMNS.map((column) => cell(row[column.key])),
  );
  const findings = findingRows(evaluation).map((row) =>
    FINDING_COLUMNS.map((column) => cell(row[column.key])),
  );
  return [
    `# A.5.6 special interest groups: ${escapeMarkdown(register.organisation.name)}`,
    "",
    `Evaluated as of ${isoDate(evaluation.asOf)}; generated ${generatedAt.toISOString()}.`,
    "",
    `**Verdict: ${evaluation.verdict}** · ${kpis.liveGroups} live groups of ${kpis.groups} · findings: ${counts.major} major, ${counts.minor} minor, ${counts.observation} observations, ${counts.opportunity} opportunities · register last reviewed ${isoDate(kpis.registerLastReviewed) ?? "never"}`,
    "",
    "## Register",
    "",
    groups.length === 0
      ? "_No groups._"
      : table(
          REGISTER_COLUMNS.map((column) => column.header),
          groups,
        ),
    "",
    "## Findings",
    "",
    findings.length === 0
      ? "_No findings._"
      : table(
          FINDING_COLUMNS.map((column) => column.header),
          findings,
        ),
    "",
  ].join("\n");
}

/** Markdown exporter: the register table and the findings, for a wiki page or a pull request. */
export const markdownExporter = {
  id: "md",
  description: "Register and findings as Markdown tables, for a wiki page or a pull request",
  export: (input) => ({
    content: toMarkdown(input),
    mediaType: "text/markdown; charset=utf-8",
    extension: "md",
  }),
} satisfies Exporter;
