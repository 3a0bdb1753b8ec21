/** The report's stylesheet: system fonts only, screen and print, colours kept when printed. @internal */
export const REPORT_CSS = `
:root{--fg:#1f2328;--muted:#59636e;--line:#d0d7de;--red:#b42318;--red-bg:#fde8e7;--amber:#8a5300;--amber-bg:#fff4d6;--green:#1a7f37;--green-bg:#dafbe1;--accent:#1f4e79}
*{box-sizing:border-box}
html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{margin:0 auto;max-width:1200px;padding:24px 32px;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:#fff}
header.top{border-bottom:3px solid var(--accent);margin-bottom:16px}
h1{font-size:1.7rem;margin:0 0 4px}
h2{font-size:1.3rem;margin:32px 0 8px;padding-bottom:4px;border-bottom:1px solid var(--line);color:var(--accent)}
h3{font-size:1.05rem;margin:20px 0 6px}
a{color:#0550ae}
.muted{color:var(--muted);font-size:.9em}
nav.toc ol{display:flex;flex-wrap:wrap;gap:4px 18px;padding:0;margin:8px 0;list-style:none}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;margin:8px 0 16px;font-size:.9rem}
caption{text-align:left;font-weight:600;padding:4px 0;color:var(--muted)}
th,td{border:1px solid var(--line);padding:5px 8px;vertical-align:top;text-align:left}
thead th{background:#f6f8fa}
tbody th{font-weight:600}
td.date,th.date,.nowrap{white-space:nowrap}
td.num{text-align:right;font-variant-numeric:tabular-nums}
td ul,td ol{margin:0;padding-left:18px}
.rag{display:inline-block;padding:1px 8px;border-radius:10px;font-weight:600;font-size:.85rem;white-space:nowrap;border:1px solid}
.rag-red{color:var(--red);background:var(--red-bg);border-color:var(--red)}
.rag-amber{color:var(--amber);background:var(--amber-bg);border-color:var(--amber)}
.rag-green{color:var(--green);background:var(--green-bg);border-color:var(--green)}
.verdict{font-size:1.15rem;padding:10px 14px;border-left:6px solid;margin:8px 0}
.verdict .rag{font-size:1.05rem}
.verdict-red{border-color:var(--red);background:var(--red-bg)}
.verdict-amber{border-color:var(--amber);background:var(--amber-bg)}
.verdict-green{border-color:var(--green);background:var(--green-bg)}
ul.counts{display:flex;flex-wrap:wrap;gap:4px 20px;list-style:none;padding:0;margin:6px 0}
dl.kpis{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:8px;margin:12px 0}
dl.kpis div{border:1px solid var(--line);border-radius:6px;padding:8px 10px}
dl.kpis dt{font-size:.8rem;color:var(--muted)}
dl.kpis dd{margin:0;font-size:1.3rem;font-weight:600}
details.why summary{cursor:pointer;white-space:nowrap}
details.why .score{font-weight:700;font-variant-numeric:tabular-nums}
details.why table{min-width:380px;font-size:.8rem}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
ol.findings{list-style:none;padding:0;margin:0}
li.finding{border:1px solid var(--line);border-left-width:6px;border-radius:4px;padding:6px 12px;margin:6px 0}
li.finding p{margin:3px 0}
li.finding .subject{font-weight:600}
h3.sev-h{border-left:6px solid;padding-left:8px}
:is(li.finding,h3.sev-h).sev-major{border-left-color:var(--red)}
:is(li.finding,h3.sev-h).sev-minor{border-left-color:#d1242f}
:is(li.finding,h3.sev-h).sev-observation{border-left-color:var(--amber)}
:is(li.finding,h3.sev-h).sev-opportunity{border-left-color:var(--accent)}
.charts{display:flex;flex-wrap:wrap;gap:16px 32px}
figure.figure{margin:8px 0 16px;max-width:100%}
figure.wide{flex-basis:100%}
figure.heatmap svg.chart+svg.chart{margin-top:12px}
.charts figure:not(.wide){flex:1 1 40%;min-width:300px}
figure .scroll-x{overflow-x:auto}
svg.chart{display:block;max-width:100%;height:auto;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
svg.chart .axis{font-size:11px;fill:#424a53}
svg.chart .value{font-size:12px;font-weight:600;fill:#1f2328}
svg.chart .cell{font-size:11px;fill:#1f2328}
svg.chart .cell.on-dark{fill:#fff}
figcaption{font-size:.85rem;color:var(--muted)}
details.chart-data summary{cursor:pointer;font-size:.85rem;color:#0550ae}
footer{margin-top:32px;border-top:1px solid var(--line);padding-top:8px;font-size:.8rem;color:var(--muted)}
@media (max-width:640px){body{padding:12px}}
@page{size:A4 landscape;margin:12mm}
@media print{
body{max-width:none;padding:0;font-size:10.5pt}
nav.toc{display:none}
a{color:inherit;text-decoration:none}
main a[href^="http"]::after,main a[href^="mailto"]::after{content:" <" attr(href) ">";font-size:.8em;color:var(--muted);word-break:break-all}
h2{break-after:avoid;page-break-after:avoid}
h3{break-after:avoid}
section{break-before:page;page-break-before:always}
section#verdict{break-before:auto;page-break-before:auto}
tr,li.finding,figure:not(.heatmap),svg.chart,dl.kpis div{break-inside:avoid;page-break-inside:avoid}
thead{display:table-header-group}
.scroll{overflow:visible}
details.chart-data{display:none}
svg.chart{max-height:none}
}
`;
