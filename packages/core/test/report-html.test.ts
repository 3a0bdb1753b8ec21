import { describe, expect, it } from "vitest";
import { coverageGaps, evaluate } from "../src/index.js";
import { activityHeatmap, alertFunnel, triageTimes } from "../src/report/chart-data.js";
import { safeHref } from "../src/report/escape.js";
import { htmlExporter, REPORT_CSP, renderHtmlReport } from "../src/report/index.js";
import { buildRegister, daysBefore } from "./helpers/build.js";
import {
  AS_OF,
  dataRows,
  exampleInput,
  GENERATED_AT,
  inputFor,
  PROBES,
  probeRegister,
} from "./helpers/report-fixtures.js";

const SECTION_IDS = [
  "verdict",
  "register",
  "findings",
  "charts",
  "trails",
  "reviews",
  "coverage",
  "crosswalk",
];

/** Every value of an attribute in the document. */
function attributeValues(html: string, name: string): string[] {
  return [...html.matchAll(new RegExp(`\\s${name}="([^"]*)"`, "g"))].map((match) => match[1] ?? "");
}

describe("htmlExporter", () => {
  it("implements the Exporter contract with an HTML document", async () => {
    const exporter = htmlExporter();
    expect(exporter.id).toBe("html");
    const output = await exporter.export(await exampleInput());
    expect(output.mediaType).toBe("text/html; charset=utf-8");
    expect(output.extension).toBe("html");
    expect(typeof output.content).toBe("string");
    expect(String(output.content).startsWith("<!DOCTYPE html>")).toBe(true);
  });

  it("refuses a generation date that is not a valid date, saying which input is wrong", async () => {
    const input = await exampleInput();
    expect(() => renderHtmlReport({ ...input, generatedAt: new Date("not a date") })).toThrow(
      new RangeError("renderHtmlReport: input.generatedAt must be a valid Date"),
    );
    expect(() => htmlExporter().export({ ...input, generatedAt: new Date(Number.NaN) })).toThrow(
      RangeError,
    );
  });

  it("uses the title option", async () => {
    const html = renderHtmlReport(await exampleInput(), { title: "Q4 audit <draft>" });
    expect(html).toContain("<h1>Q4 audit &lt;draft&gt;</h1>");
  });
});

describe("renderHtmlReport on the example register", () => {
  it("has every section, in order, each with its heading", async () => {
    const html = renderHtmlReport(await exampleInput());
    const positions = SECTION_IDS.map((id) => html.indexOf(`<section id="${id}"`));
    expect(positions.every((position) => position > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    for (const id of SECTION_IDS) expect(html).toContain(`<h2 id="${id}-h">`);
    expect(html).toContain("Nonconformity");
    expect(html).toContain("Northwind AI Ltd");
  });

  it("is self-contained: a strict CSP, no script, no external resource", async () => {
    const html = renderHtmlReport(await exampleInput());
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`);
    expect(html).not.toMatch(/<script|<link|<iframe|<img|@import|url\(/i);
    expect(attributeValues(html, "src")).toEqual([]);
    for (const href of attributeValues(html, "href"))
      expect(href).toMatch(/^(#|https?:\/\/|mailto:)/);
  });

  it("draws three charts as images with a text alternative and a data table", async () => {
    const html = renderHtmlReport(await exampleInput());
    for (const id of ["chart-heatmap", "chart-funnel", "chart-triage"]) {
      expect(html).toMatch(
        new RegExp(`<svg class="chart" role="img" aria-labelledby="${id}-title ${id}-desc"`),
      );
      expect(html).toMatch(
        new RegExp(`<title id="${id}-title">[^<]+</title><desc id="${id}-desc">[^<]+</desc>`),
      );
    }
    expect(dataRows(html, "Alert funnel")[1]).toBe("Received|alerts received|12|100%");
    expect(dataRows(html, "Activity per group per month")[0]).toContain("Group|2025-12|");
  });

  it("shows each group's review state as a labelled badge and its relevance explanation on demand", async () => {
    const html = renderHtmlReport(await exampleInput());
    expect(html).toMatch(
      /<span class="rag rag-green"><span class="sym" aria-hidden="true">✓<\/span> Reviewed<\/span>/,
    );
    expect(html).toContain(`<details class="why"><summary><span class="score">`);
    expect(html).toContain("<caption>Relevance of MITRE ATLAS");
  });

  it("groups findings by severity, with remediation and controls", async () => {
    const html = renderHtmlReport(await exampleInput());
    expect(html).toContain(`<h3 class="sev-h sev-minor">Minor nonconformity (4)</h3>`);
    expect(html).toContain(`<h3 class="sev-h sev-observation">Observation (4)</h3>`);
    expect(html).not.toContain("sev-h sev-major");
    expect(html).toContain("<strong>Remediation:</strong> Triage the alert");
    expect(html).toContain("Rule alert-untriaged · ISO27001:2022/A.5.6, NIST-SP-800-53r5/SI-5");
  });

  it("is byte-for-byte the same for the same input, and leaves the input untouched", async () => {
    const input = await exampleInput();
    const before = JSON.stringify(input);
    expect(renderHtmlReport(input)).toBe(renderHtmlReport(await exampleInput()));
    expect(JSON.stringify(input)).toBe(before);
  });
});

describe("escaping", () => {
  const html = renderHtmlReport(inputFor(probeRegister()));

  it("renders every probe as text", () => {
    for (const probe of Object.values(PROBES)) expect(html).not.toContain(probe);
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).toContain("&lt;/title&gt;&lt;script&gt;alert(&#39;org&#39;)&lt;/script&gt;");
    expect(html).toContain("&quot;&gt;&lt;script&gt;alert(3)&lt;/script&gt;");
    expect(html).not.toMatch(/<script|<iframe|<img|<svg onload|<b onmouseover/i);
  });

  it("makes links only of http(s) and mailto URLs", () => {
    expect(html).not.toMatch(/href="\s*javascript/i);
    for (const href of attributeValues(html, "href"))
      expect(href).toMatch(/^(#|https?:\/\/|mailto:)/);
    // The group with a javascript: URL is shown by name, as text.
    expect(html).toContain(`<th scope="row">&lt;img src=x onerror=alert(1)&gt;<br>`);
    // The ticket's javascript: URL leaves its reference as text.
    expect(html).toContain(
      '<strong>ticket</strong> SEC-1 on <span class="nowrap">2026-11-03</span>',
    );
  });

  it("accepts only absolute http, https and mailto URLs as hrefs", () => {
    expect(safeHref("https://example.org/a?b=1")).toBe("https://example.org/a?b=1");
    expect(safeHref("mailto:soc@example.org")).toBe("mailto:soc@example.org");
    expect(safeHref('https://example.org/"onmouseover="x')).toBe(
      "https://example.org/%22onmouseover=%22x",
    );
    for (const bad of [
      "javascript:alert(1)",
      " JAVASCRIPT:alert(1)",
      "data:text/html,x",
      "/relative",
      "vbscript:x",
      "not a url",
      undefined,
    ])
      expect(safeHref(bad)).toBeUndefined();
  });

  it("escapes crosswalk rows and links their source only when it is http(s)", () => {
    const input = inputFor(probeRegister());
    const crosswalked = renderHtmlReport(input, {
      crosswalk: [
        {
          from: "ISO27001:2022/A.5.6",
          framework: "NIST SP 800-53 r5",
          control: "PM-15",
          relationship: "intersects",
          source: "NIST mapping",
          sourceUrl: "https://csrc.nist.gov/",
        },
        {
          from: "ISO27001:2022/A.5.6",
          framework: "<i>X</i>",
          control: "1",
          relationship: "related",
          source: "bad",
          sourceUrl: "javascript:alert(1)",
        },
      ],
    });
    expect(crosswalked).toContain(
      `<strong>NIST SP 800-53 r5 PM-15</strong> (intersects); source: <a href="https://csrc.nist.gov/" rel="noopener noreferrer">NIST mapping</a>`,
    );
    expect(crosswalked).toContain(
      "<strong>&lt;i&gt;X&lt;/i&gt; 1</strong> (related); source: bad</li>",
    );
  });
});

describe("register contents", () => {
  it("says when there is nothing to show", () => {
    const html = renderHtmlReport(inputFor(buildRegister()), { crosswalk: [] });
    expect(html).toContain("The register has no groups.");
    expect(html).toContain("No alerts are recorded.");
    expect(html).toContain("No review of the register is recorded.");
    expect(html).toContain("no crosswalk supplied");
    expect(html).toContain(
      `<desc id="chart-funnel-desc">Received: 0; Shared: 0; Ticketed: 0; Closed: 0.</desc>`,
    );
  });

  it("labels each review state red, amber or green in words", () => {
    const group = (id: string, extra: object) => ({
      id,
      name: `Group ${id}`,
      kind: "isac" as const,
      ...extra,
    });
    const html = renderHtmlReport(
      inputFor(
        buildRegister({
          groups: [
            group("ok", { lastReviewed: daysBefore(AS_OF, 100) }),
            group("soon", { lastReviewed: daysBefore(AS_OF, 358) }),
            group("late", { lastReviewed: daysBefore(AS_OF, 400) }),
            group("new", { membership: { status: "active", since: daysBefore(AS_OF, 30) } }),
            group("never", {}),
          ],
        }),
      ),
    );
    const badgeOf = (id: string) => {
      const row = html.slice(html.indexOf(`>Group ${id}<`));
      return /<span class="rag rag-(\w+)"><span class="sym" aria-hidden="true">.<\/span> ([^<]+)<\/span><br><span class="muted">([^<]+)<\/span>/
        .exec(row)
        ?.slice(1, 4);
    };
    expect(badgeOf("ok")).toEqual(["green", "Reviewed", "last 2026-08-15, due 2027-08-15"]);
    expect(badgeOf("soon")).toEqual(["amber", "Due soon", "last 2025-11-30, due 2026-11-30"]);
    expect(badgeOf("late")).toEqual(["red", "Overdue", "last 2025-10-19, due 2026-10-19"]);
    expect(badgeOf("new")).toEqual([
      "amber",
      "Not yet reviewed",
      "no review recorded, due 2027-10-24",
    ]);
    expect(badgeOf("never")).toEqual(["red", "Never reviewed", "no review recorded, due now"]);
  });

  it("renders 500 groups with their activity in well under two seconds", () => {
    const groups = Array.from({ length: 500 }, (_, index) => ({
      id: `g${index}`,
      name: `Group ${index}`,
      kind: "technical-forum" as const,
      lastReviewed: daysBefore(AS_OF, index % 400),
    }));
    const activities = groups.flatMap((group, index) =>
      [5, 40, 200].map((days) => ({
        group: group.id,
        date: daysBefore(AS_OF, days + (index % 20)),
        type: "newsletter" as const,
      })),
    );
    const register = buildRegister({ groups, activities });
    const input = {
      register,
      evaluation: evaluate(register, { asOf: AS_OF }),
      generatedAt: GENERATED_AT,
    };
    const started = performance.now();
    const html = renderHtmlReport(input);
    const elapsed = performance.now() - started;
    expect(html.match(/<tr><th scope="row"><span|<tr><th scope="row">Group \d+<br>/g)?.length).toBe(
      500,
    );
    expect(elapsed).toBeLessThan(2000);
  });
});

describe("coverage", () => {
  it("marks as gaps exactly what the coverage rule reports, and names the groups covering the rest", async () => {
    const input = await exampleInput();
    const html = renderHtmlReport(input);
    const section = html.slice(
      html.indexOf('<section id="coverage"'),
      html.indexOf('<section id="crosswalk"'),
    );
    const ruleTable = section.slice(0, section.indexOf("For information"));
    const gaps = [
      ...ruleTable.matchAll(
        /<tr><th scope="row">([^<]+)<\/th><td>([^<]+)<\/td><td><span class="rag rag-red">/g,
      ),
    ].map((match) => `${match[1]} ${match[2]}`);
    const expected = coverageGaps(input.register.groups, input.register.organisation).map(
      (gap) => `${gap.dimension} ${gap.value}`,
    );
    expect(gaps).toEqual(["Technology postgresql"]);
    expect(expected).toEqual(["technology postgresql"]);
    expect(ruleTable).toContain(
      `<td>GB</td><td><span class="rag rag-green"><span class="sym" aria-hidden="true">✓</span> Covered</span> NCSC UK (National Cyber Security Centre)</td>`,
    );
  });
});

describe("heatmap panels", () => {
  it("draws a long register as panels of 30 groups, each an image with its own name, and one data table", () => {
    const groups = Array.from({ length: 65 }, (_, index) => ({
      id: `g${index}`,
      name: `Group ${index}`,
      kind: "isac" as const,
    }));
    const register = buildRegister({
      groups,
      activities: [{ group: "g64", date: daysBefore(AS_OF, 3), type: "meeting" }],
    });
    const html = renderHtmlReport(inputFor(register));
    const titles = [
      ...html.matchAll(/<title id="(chart-heatmap[^"]*)-title">([^<]+)<\/title>/g),
    ].map((match) => `${match[1]}: ${match[2]}`);
    expect(titles).toEqual([
      "chart-heatmap: Activity per group per month, groups 1–30 of 65",
      "chart-heatmap-2: Activity per group per month, groups 31–60 of 65",
      "chart-heatmap-3: Activity per group per month, groups 61–65 of 65",
    ]);
    expect(html).toContain(
      `<desc id="chart-heatmap-3-desc">1 activity or alert across 5 groups from 2025-12 to 2026-11; 4 of them had none. The busiest cell has 1.</desc>`,
    );
    expect(html).toContain(
      "1 activity or alert across 65 groups from 2025-12 to 2026-11; 64 groups had none.",
    );
    expect(dataRows(html, "Activity per group per month")).toHaveLength(66);
  });
});

describe("chart data", () => {
  const alert = (id: string, received: number, extra: object = {}) => ({
    id,
    group: "g",
    title: id,
    received: daysBefore(AS_OF, received),
    ...extra,
  });
  const triaged = (received: number, after: number) => ({
    state: "triaged" as const,
    triagedOn: daysBefore(AS_OF, received - after),
  });
  const register = buildRegister({
    groups: [{ id: "g", name: "G", kind: "isac" }],
    activities: [
      { group: "g", date: "2026-11-02", type: "meeting" },
      { group: "g", date: "2025-11-30", type: "meeting" },
    ],
    alerts: [
      alert("a1", 10, {
        ...triaged(10, 0),
        sharedTo: [{ channel: "#sec", on: daysBefore(AS_OF, 10) }],
        actions: [{ type: "ticket", on: daysBefore(AS_OF, 9) }],
      }),
      alert("a2", 20, {
        ...triaged(20, 1),
        sharedTo: [{ channel: "#sec", on: daysBefore(AS_OF, 19) }],
        actions: [{ type: "ticket" }],
      }),
      alert("a3", 30, {
        ...triaged(30, 5),
        sharedTo: [{ channel: "#sec", on: daysBefore(AS_OF, 25) }],
        actions: [{ type: "no-action", on: daysBefore(AS_OF, 25) }],
      }),
      alert("a4", 60, triaged(60, 40)),
      alert("a5", 3),
      alert("old", 400, { sharedTo: [{ channel: "#sec", on: daysBefore(AS_OF, 400) }] }),
    ],
  });

  it("counts the funnel over the last 12 months: ticketed means an action, closed means every action dated", () => {
    expect(alertFunnel(register, AS_OF).map((stage) => `${stage.label} ${stage.count}`)).toEqual([
      "Received 5",
      "Shared 3",
      "Ticketed 2",
      "Closed 1",
    ]);
  });

  it("bins days to triage and counts the untriaged", () => {
    const times = triageTimes(register, AS_OF);
    expect(times.bins.map((bin) => bin.count)).toEqual([1, 1, 0, 1, 0, 0, 1]);
    expect(times).toMatchObject({ triaged: 4, untriaged: 1, median: 3 });
  });

  it("counts activities and alerts per group and month, ignoring what is older than the window", () => {
    const heatmap = activityHeatmap(register, AS_OF);
    expect(heatmap.months).toHaveLength(12);
    expect(heatmap.months[0]).toBe("2025-12");
    expect(heatmap.months[11]).toBe("2026-11");
    // November 2026: the meeting and a1, a2, a5; the 2025-11-30 meeting falls before the window.
    expect(heatmap.rows[0]?.counts[11]).toBe(4);
    expect(heatmap.rows[0]?.counts.reduce((a, b) => a + b, 0)).toBe(6);
  });
});

describe("the crosswalk by default", () => {
  it("shows sigreg's crosswalk of A.5.6 with each row's source", () => {
    const html = renderHtmlReport(inputFor(buildRegister()));
    expect(html).not.toContain("no crosswalk supplied");
    expect(html).toContain("NIST SP 800-53 Rev. 5 PM-15</strong> (intersects-with)");
    expect(html).toContain("ISO/IEC 27001:2013 A.6.1.4</strong> (predecessor)");
  });
});
