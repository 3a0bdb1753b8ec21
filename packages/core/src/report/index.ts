export type { CrosswalkMapping, HtmlReportOptions } from "./context.js";
export { htmlExporter, REPORT_CSP, renderHtmlReport } from "./html-report.js";
