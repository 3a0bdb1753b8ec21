/**
 * The self-contained HTML audit report (`@sigreg/core/report`): verdict, register, findings, trails
 * and charts in one file with a strict Content-Security-Policy.
 * @example
 * import { evaluate } from "@sigreg/core";
 * import { renderHtmlReport } from "@sigreg/core/report";
 *
 * const html = renderHtmlReport({ register, evaluation: evaluate(register, { asOf }), generatedAt: new Date() });
 * @packageDocumentation
 */
export type { CrosswalkMapping, HtmlReportOptions } from "./context.js";
export { htmlExporter, REPORT_CSP, renderHtmlReport } from "./html-report.js";
