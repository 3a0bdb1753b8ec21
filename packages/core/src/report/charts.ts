import type { ActivityHeatmap, FunnelStage, TriageTimes } from "./chart-data.js";
import { counted, esc } from "./escape.js";

/** Sequential blues, light to dark; readable in greyscale, and every cell also prints its count. */
const HEAT = ["#f4f7fb", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"];

function heatLevel(count: number, max: number): number {
  if (count === 0 || max === 0) return 0;
  return Math.min(HEAT.length - 1, Math.max(1, Math.ceil((count / max) * (HEAT.length - 1))));
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `2026-03` as `Mar 26`: short enough to sit above a cell. */
function monthLabel(key: string): string {
  return `${MONTHS[Number(key.slice(5, 7)) - 1] ?? key} ${key.slice(2, 4)}`;
}

function shorten(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

/** An SVG with its accessible name and description, as an image with a text alternative. */
function svg(id: string, width: number, height: number, title: string, desc: string, body: string) {
  return (
    `<svg class="chart" role="img" aria-labelledby="${id}-title ${id}-desc" viewBox="0 0 ${width} ${height}" ` +
    `width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="${id}-title">${esc(title)}</title><desc id="${id}-desc">${esc(desc)}</desc>${body}</svg>`
  );
}

/** A chart's data as a table, collapsed under the chart: the fallback for screen readers and paper. */
function dataTable(caption: string, head: string[], rows: string[][]): string {
  const th = head.map((cell) => `<th scope="col">${esc(cell)}</th>`).join("");
  const body = rows
    .map(
      ([first, ...rest]) =>
        `<tr><th scope="row">${esc(first ?? "")}</th>${rest.map((cell) => `<td class="num">${esc(cell)}</td>`).join("")}</tr>`,
    )
    .join("");
  return (
    `<details class="chart-data"><summary>Data table: ${esc(caption)}</summary>` +
    `<table><caption>${esc(caption)}</caption><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table></details>`
  );
}

/** Groups per heatmap panel: one panel fits a printed A4 landscape page. */
export const HEATMAP_ROWS_PER_PANEL = 30;

type HeatmapRow = ActivityHeatmap["rows"][number];

function sum(counts: readonly number[]): number {
  return counts.reduce((a, b) => a + b, 0);
}

/** One panel of the heatmap: the month axis, then one row of cells per group. */
function heatmapPanel(
  data: ActivityHeatmap,
  rows: HeatmapRow[],
  id: string,
  title: string,
): string {
  const label = 220;
  const cell = 46;
  const row = 20;
  const top = 24;
  const width = label + cell * data.months.length;
  const height = top + row * Math.max(1, rows.length) + 4;
  const parts: string[] = [];
  data.months.forEach((month, index) => {
    parts.push(
      `<text class="axis" x="${label + index * cell + cell / 2}" y="16" text-anchor="middle">${monthLabel(month)}</text>`,
    );
  });
  rows.forEach((entry, rowIndex) => {
    const y = top + rowIndex * row;
    parts.push(
      `<text class="axis" x="${label - 6}" y="${y + 14}" text-anchor="end">${esc(shorten(entry.name, 32))}</text>`,
    );
    entry.counts.forEach((count, index) => {
      const level = heatLevel(count, data.max);
      const x = label + index * cell;
      parts.push(
        `<rect x="${x + 1}" y="${y + 1}" width="${cell - 2}" height="${row - 2}" fill="${HEAT[level]}" stroke="#d0d7de"><title>${esc(entry.name)}, ${esc(data.months[index] ?? "")}: ${count}</title></rect>`,
      );
      if (count > 0) {
        parts.push(
          `<text class="cell${level >= 4 ? " on-dark" : ""}" x="${x + cell / 2}" y="${y + 14}" text-anchor="middle">${count}</text>`,
        );
      }
    });
  });
  const total = rows.reduce((acc, entry) => acc + sum(entry.counts), 0);
  const quiet = rows.filter((entry) => sum(entry.counts) === 0).length;
  const busiest = Math.max(0, ...rows.flatMap((entry) => entry.counts));
  const desc = `${counted(total, "activity or alert", "activities and alerts")} across ${counted(rows.length, "group")} from ${data.months[0]} to ${data.months.at(-1)}; ${quiet} of them had none. The busiest cell has ${busiest}.`;
  return svg(id, width, height, title, desc, parts.join(""));
}

/**
 * The activity heatmap: groups down, months across, each cell shaded and labelled with its count.
 * A long register is drawn as panels of {@link HEATMAP_ROWS_PER_PANEL} groups sharing one colour
 * scale, so each panel fits a printed page.
 */
export function heatmapChart(data: ActivityHeatmap): string {
  const panels: string[] = [];
  const count = Math.max(1, Math.ceil(data.rows.length / HEATMAP_ROWS_PER_PANEL));
  for (let index = 0; index < count; index++) {
    const first = index * HEATMAP_ROWS_PER_PANEL;
    const rows = data.rows.slice(first, first + HEATMAP_ROWS_PER_PANEL);
    const id = index === 0 ? "chart-heatmap" : `chart-heatmap-${index + 1}`;
    const title =
      count === 1
        ? "Activity per group per month"
        : `Activity per group per month, groups ${first + 1}–${first + rows.length} of ${data.rows.length}`;
    panels.push(heatmapPanel(data, rows, id, title));
  }
  const total = data.rows.reduce((acc, entry) => acc + sum(entry.counts), 0);
  const quiet = data.rows.filter((entry) => sum(entry.counts) === 0).length;
  return (
    `<figure class="figure wide heatmap">${panels.join("")}` +
    `<figcaption>Activities recorded plus alerts received, per group and month: ${counted(total, "activity or alert", "activities and alerts")} across ${counted(data.rows.length, "group")} from ${data.months[0]} to ${data.months.at(-1)}; ${counted(quiet, "group")} had none. Darker is busier; each cell shows its count, an empty cell means none.</figcaption>` +
    dataTable(
      "Activity per group per month",
      ["Group", ...data.months],
      data.rows.map((entry) => [entry.name, ...entry.counts.map(String)]),
    ) +
    `</figure>`
  );
}

const FUNNEL_FILL = ["#1f4e79", "#2e75b6", "#5b9bd5", "#9dc3e6"];

/** The alert funnel as horizontal bars, each labelled with its stage, count and share of received. */
export function funnelChart(stages: FunnelStage[]): string {
  const label = 110;
  const bar = 380;
  const row = 34;
  const width = label + bar + 130;
  const height = row * stages.length + 8;
  const received = stages[0]?.count ?? 0;
  const share = (count: number) =>
    received === 0 ? "—" : `${Math.round((count / received) * 100)}%`;
  const parts = stages.map((stage, index) => {
    const y = 4 + index * row;
    const length = received === 0 ? 0 : Math.max(2, Math.round((stage.count / received) * bar));
    return (
      `<text class="axis" x="${label - 8}" y="${y + 20}" text-anchor="end">${esc(stage.label)}</text>` +
      `<rect x="${label}" y="${y + 4}" width="${length}" height="${row - 10}" fill="${FUNNEL_FILL[index] ?? FUNNEL_FILL[0]}"><title>${esc(stage.label)}: ${stage.count}</title></rect>` +
      `<text class="value" x="${label + length + 8}" y="${y + 20}">${stage.count} (${share(stage.count)})</text>`
    );
  });
  const desc = stages.map((stage) => `${stage.label}: ${stage.count}`).join("; ");
  return (
    `<figure class="figure">${svg("chart-funnel", width, height, "Alert funnel", `${desc}.`, parts.join(""))}` +
    `<figcaption>Alerts received in the last 12 months, and how many were shared, ticketed and closed. Percentages are of alerts received.</figcaption>` +
    dataTable(
      "Alert funnel",
      ["Stage", "Meaning", "Alerts", "Share of received"],
      stages.map((stage) => [stage.label, stage.meaning, String(stage.count), share(stage.count)]),
    ) +
    `</figure>`
  );
}

/** Time to triage as a histogram of days from receipt to triage, each bar labelled with its count. */
export function triageChart(data: TriageTimes): string {
  const left = 36;
  const column = 78;
  const plot = 150;
  const top = 22;
  const width = left + column * data.bins.length + 8;
  const height = top + plot + 40;
  const max = Math.max(1, ...data.bins.map((bin) => bin.count));
  const parts: string[] = [
    `<line x1="${left}" y1="${top + plot}" x2="${width - 4}" y2="${top + plot}" stroke="#57606a"/>`,
  ];
  data.bins.forEach((bin, index) => {
    const x = left + index * column;
    const length = Math.round((bin.count / max) * plot);
    const y = top + plot - length;
    parts.push(
      `<rect x="${x + 8}" y="${y}" width="${column - 16}" height="${length}" fill="#2e75b6"><title>${esc(bin.label)}: ${bin.count}</title></rect>`,
      `<text class="value" x="${x + column / 2}" y="${y - 5}" text-anchor="middle">${bin.count}</text>`,
      `<text class="axis" x="${x + column / 2}" y="${top + plot + 16}" text-anchor="middle">${esc(bin.label)}</text>`,
    );
  });
  const median =
    data.median === null ? "no triaged alerts" : `median ${counted(data.median, "day")}`;
  const desc = `${counted(data.triaged, "alert")} triaged (${median}); ${data.untriaged} not yet triaged. ${data.bins.map((bin) => `${bin.label}: ${bin.count}`).join("; ")}.`;
  return (
    `<figure class="figure">${svg("chart-triage", width, height, "Time to triage", desc, parts.join(""))}` +
    `<figcaption>Days from receipt to triage, alerts received in the last 12 months: ${esc(median)}; ${data.untriaged} still without a triage date.</figcaption>` +
    dataTable(
      "Time to triage",
      ["Days to triage", "Alerts"],
      data.bins.map((bin) => [bin.label, String(bin.count)]),
    ) +
    `</figure>`
  );
}
