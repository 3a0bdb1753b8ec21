import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderHtmlReport } from "../src/report/index.js";
import {
  exampleInput,
  inputFor,
  kevInput,
  PROBES,
  probeRegister,
} from "./helpers/report-fixtures.js";

const CHROMIUM = "/usr/bin/chromium";
const corpus = process.env.SIGREG_CORPUS;
/** Flags this machine needs for headless Chromium (no sandbox, no GPU, nothing phoning home). */
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
/** Screenshots and PDFs land here (git-ignored), for a person to look at after the run. */
const ARTIFACTS = fileURLToPath(new URL("../../../test-artifacts/report/", import.meta.url));

/** What a page did while it was open. */
interface PageLog {
  console: string[];
  requests: string[];
  dialogs: string[];
}

// Debian's chromium is installed by .ci/run (apt-get install chromium), so CI always runs this;
// a developer machine without it skips, since there is no browser to drive.
describe.skipIf(!existsSync(CHROMIUM))("HTML report in Chromium", () => {
  let context: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    profile = await mkdtemp(join(tmpdir(), "sigreg-chromium-"));
    await mkdir(ARTIFACTS, { recursive: true });
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      viewport: { width: 1366, height: 900 },
    });
  });

  afterAll(async () => {
    await context?.close();
    if (profile !== undefined) await rm(profile, { recursive: true, force: true });
  });

  /** Writes the report to a file and opens it as a user would open an attachment. */
  async function open(
    name: string,
    html: string,
  ): Promise<{ page: Page; log: PageLog; url: string }> {
    const path = join(ARTIFACTS, `${name}.html`);
    await writeFile(path, html);
    const url = pathToFileURL(path).href;
    const page = await context.newPage();
    const log: PageLog = { console: [], requests: [], dialogs: [] };
    page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warning")
        log.console.push(`${message.type()}: ${message.text()}`);
    });
    page.on("pageerror", (error) => log.console.push(`pageerror: ${error.message}`));
    page.on("request", (request) => log.requests.push(request.url()));
    page.on("dialog", async (dialog) => {
      log.dialogs.push(dialog.message());
      await dialog.dismiss();
    });
    await page.goto(url, { waitUntil: "load" });
    return { page, log, url };
  }

  it("shows the example register's report with every section and chart, loading nothing", async () => {
    const { page, log, url } = await open("example", renderHtmlReport(await exampleInput()));
    expect(await page.title()).toContain("Northwind AI Ltd");
    const headings = await page.locator("main section > h2").allInnerTexts();
    expect(headings).toEqual([
      "Verdict and key figures",
      "Register of special interest groups",
      "Findings",
      "Engagement over the last 12 months",
      "Feedback-loop trails",
      "Review history",
      "Coverage against the organisation profile",
      "Controls this evidence serves",
    ]);
    await expect.poll(() => page.locator("svg.chart[role=img]").count()).toBe(3);
    const names = await page.locator("svg.chart > title").allTextContents();
    expect(names).toEqual(["Activity per group per month", "Alert funnel", "Time to triage"]);
    const box = await page.locator("svg.chart").first().boundingBox();
    expect(box?.width).toBeGreaterThan(400);
    expect(await page.locator("#register tbody tr").count()).toBeGreaterThanOrEqual(15);
    expect(await page.getByText("Minor nonconformity (4)").count()).toBe(1);

    // The relevance explanation opens on demand, without any script.
    const why = page.locator("#register details.why").first();
    await expect.poll(() => why.locator("table.factors").isVisible()).toBe(false);
    await why.locator("summary").click();
    await expect.poll(() => why.locator("table.factors").isVisible()).toBe(true);
    await why.locator("summary").click();

    expect(log.console).toEqual([]);
    expect(log.requests).toEqual([url]);
    expect(log.dialogs).toEqual([]);

    await page.screenshot({ path: join(ARTIFACTS, "example.png"), fullPage: true });
    await page.emulateMedia({ media: "print" });
    expect(await page.locator("nav.toc").isVisible()).toBe(false);
    await page.pdf({
      path: join(ARTIFACTS, "example.pdf"),
      printBackground: true,
      preferCSSPageSize: true,
    });
    const pdf = await readFile(join(ARTIFACTS, "example.pdf"));
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    // One page at least per section: each section starts a new page in print.
    expect(pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g)?.length).toBeGreaterThanOrEqual(8);
    expect(log.requests).toEqual([url]);
    await page.close();
  }, 60_000);

  // The KEV catalog is real data outside the repository; without SIGREG_CORPUS this case skips
  // (CI always sets it).
  it.skipIf(corpus === undefined)(
    "opens the report of 1,404 real KEV alerts from 230 vendors without an error or a request",
    async () => {
      const { input, entries, vendors } = await kevInput(corpus as string);
      const { page, log, url } = await open("kev", renderHtmlReport(input));
      expect(await page.locator("#trails tbody tr").count()).toBe(entries.length);
      // The heatmap is drawn in panels of 30 groups, plus the funnel and the triage histogram.
      await expect
        .poll(() => page.locator("svg.chart[role=img]").count())
        .toBe(Math.ceil(vendors.length / 30) + 2);
      expect(log.console).toEqual([]);
      expect(log.requests).toEqual([url]);
      expect(log.dialogs).toEqual([]);
      await page.screenshot({ path: join(ARTIFACTS, "kev.png") });
      await page.pdf({
        path: join(ARTIFACTS, "kev.pdf"),
        printBackground: true,
        preferCSSPageSize: true,
      });
      await page.close();
    },
    60_000,
  );

  it("keeps the XSS probes inert: shown as text, no dialog, no injected element, no javascript: link", async () => {
    const { page, log, url } = await open("probes", renderHtmlReport(inputFor(probeRegister())));
    // Hover and click where the probes sit, in case an injected handler waits for it.
    await page.locator("#register tbody th").first().hover();
    await page.locator("#register tbody td").nth(1).hover();
    // A string, evaluated in the page: core's typecheck has no DOM library, and should not get one.
    const injected = await page.evaluate(`({
      elements: document.querySelectorAll("script, iframe, img, object, embed, b, i").length,
      handlers: document.querySelectorAll("[onerror], [onload], [onmouseover], [onclick], [srcdoc]").length,
      svgs: [...document.querySelectorAll("svg")].map((svg) => svg.getAttribute("class")),
      jsLinks: [...document.querySelectorAll("a")].filter(
        (a) => a.protocol === "javascript:" || !/^(#|https?:\\/\\/|mailto:)/.test(a.getAttribute("href") ?? ""),
      ).length,
    })`);
    expect(injected).toEqual({
      elements: 0,
      handlers: 0,
      svgs: ["chart", "chart", "chart"],
      jsLinks: 0,
    });
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what a reader sees
    const text = await page.locator("body").innerText();
    for (const probe of [PROBES.group, PROBES.person, PROBES.channel, PROBES.notes, PROBES.summary])
      expect(text).toContain(probe);
    expect(await page.title()).toContain(PROBES.organisation);
    expect(log.dialogs).toEqual([]);
    expect(log.console).toEqual([]);
    expect(log.requests).toEqual([url]);
    await page.screenshot({ path: join(ARTIFACTS, "probes.png"), fullPage: true });
    await page.close();
  }, 60_000);
});
