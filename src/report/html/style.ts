// The stylesheet of the HTML report. It is inlined in a <style> element and allowed by its SHA-256 hash in the page's
// Content-Security-Policy, so it must stay free of `{{` (it is part of the template text) and of `</style`.

export const STYLE = `
:root {
  --ink: #1d2939; --muted: #667085; --line: #e4e7ec; --soft: #f6f7f9; --paper: #ffffff; --accent: #1f3a68;
  --l0: #b42318; --l1: #c4560a; --l2: #175cd3; --l3: #067647; --l4: #0b5566;
  --critical: #6e1a82; --high: #b42318; --medium: #d05a08; --low: #a16207; --info: #667085;
  --mono: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--soft); color: var(--ink); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 0 24px 48px; }
header.cover { background: var(--accent); color: #fff; padding: 28px 0 24px; margin-bottom: 24px; }
header.cover .inner { max-width: 1180px; margin: 0 auto; padding: 0 24px; }
header.cover h1 { margin: 0 0 4px; font-size: 28px; font-weight: 650; letter-spacing: -0.01em; }
header.cover p { margin: 0; opacity: 0.85; }
nav.toc { margin-top: 14px; display: flex; flex-wrap: wrap; gap: 6px 18px; font-size: 14px; }
nav.toc a { color: #fff; opacity: 0.9; text-decoration: none; border-bottom: 1px solid rgba(255,255,255,0.4); }
h2 { font-size: 21px; margin: 36px 0 12px; padding-bottom: 6px; border-bottom: 2px solid var(--line); }
h3 { font-size: 17px; margin: 22px 0 8px; }
h4 { font-size: 15px; margin: 18px 0 6px; color: var(--accent); }
p { margin: 6px 0 10px; }
.muted { color: var(--muted); }
.small { font-size: 13px; }
code, .mono { font-family: var(--mono); font-size: 0.88em; }
.mono { overflow-wrap: anywhere; }
code { background: var(--soft); border: 1px solid var(--line); border-radius: 4px; padding: 0 4px; overflow-wrap: anywhere; }
.card { background: var(--paper); border: 1px solid var(--line); border-radius: 10px; padding: 18px 20px; margin: 14px 0; }
.grid { display: grid; gap: 14px; }
.grid.kpis { grid-template-columns: repeat(auto-fit, minmax(120px, 1fr)); }
.grid.two { grid-template-columns: repeat(auto-fit, minmax(min(420px, 100%), 1fr)); }
.grid > * { min-width: 0; }
.kpi { background: var(--paper); border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px; }
.kpi .n { font-size: 28px; font-weight: 650; line-height: 1.1; }
.kpi .t { color: var(--muted); font-size: 13px; }
.kpi.bad .n { color: var(--high); }
.kpi.good .n { color: var(--l3); }
.badge { display: inline-block; border-radius: 999px; padding: 1px 10px; font-size: 12.5px; font-weight: 600; color: #fff; white-space: nowrap; vertical-align: middle; }
.badge.big { font-size: 14px; padding: 3px 12px; }
.lv0 { background: var(--l0); } .lv1 { background: var(--l1); } .lv2 { background: var(--l2); } .lv3 { background: var(--l3); } .lv4 { background: var(--l4); }
.sev { display: inline-block; border-radius: 4px; padding: 0 7px; font-size: 12px; font-weight: 650; text-transform: uppercase; letter-spacing: 0.03em; color: #fff; white-space: nowrap; }
.sev-critical { background: var(--critical); } .sev-high { background: var(--high); } .sev-medium { background: var(--medium); } .sev-low { background: var(--low); } .sev-info { background: var(--info); }
.status { display: inline-block; border-radius: 4px; padding: 0 7px; font-size: 12px; font-weight: 600; white-space: nowrap; }
.st-fails { background: #fee4e2; color: #912018; } .st-met { background: #dcfae6; color: #085d3a; }
.bad { color: var(--high); }
svg .tgt { fill: none; stroke: #101828; stroke-width: 2; } .st-unknown { background: #fef0c7; color: #93370d; } .st-na { background: var(--soft); color: var(--muted); }
.gate { padding: 8px 12px; border-radius: 8px; margin: 6px 0; border: 1px solid var(--line); background: var(--paper); }
.gate.pass { border-left: 5px solid var(--l3); } .gate.fail { border-left: 5px solid var(--high); }
.gate ul { margin: 4px 0 0; padding-left: 20px; font-size: 13.5px; }
table { width: 100%; border-collapse: collapse; font-size: 13.5px; }
th, td { text-align: left; vertical-align: top; padding: 7px 8px; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
th { background: var(--soft); font-weight: 600; color: #344054; font-size: 12.5px; text-transform: uppercase; letter-spacing: 0.03em; }
tr:last-child td { border-bottom: 0; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.nowrap { white-space: nowrap; }
.method { font-family: var(--mono); font-size: 12px; font-weight: 700; text-transform: uppercase; }
svg { display: block; max-width: 100%; height: auto; }
svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: var(--ink); }
svg .axis { font-size: 11px; fill: var(--muted); }
svg .val { font-size: 12px; font-weight: 600; }
svg .val.light { fill: #fff; }
svg .lbl { font-size: 12px; }
.f-lv0 { fill: var(--l0); } .f-lv1 { fill: var(--l1); } .f-lv2 { fill: var(--l2); } .f-lv3 { fill: var(--l3); } .f-lv4 { fill: var(--l4); }
.f-empty { fill: #eef0f3; }
.f-reach { fill: #ffffff; stroke: #98a2b3; stroke-width: 1.2; stroke-dasharray: 3 2; }
.f-track { fill: #f2f4f7; }
.hm0 { fill: #f6f7f9; stroke: #e4e7ec; }
.hm-critical { fill: var(--critical); } .hm-high { fill: var(--high); } .hm-medium { fill: var(--medium); } .hm-low { fill: var(--low); } .hm-info { fill: var(--info); }
.hm1 { fill-opacity: 0.35; } .hm2 { fill-opacity: 0.55; } .hm3 { fill-opacity: 0.78; } .hm4 { fill-opacity: 1; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 12.5px; color: var(--muted); margin-top: 8px; }
.legend span::before { content: ""; display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 5px; vertical-align: -1px; background: currentColor; }
.legend .k0 { color: var(--l0); } .legend .k1 { color: var(--l1); } .legend .k2 { color: var(--l2); } .legend .k3 { color: var(--l3); } .legend .k4 { color: var(--l4); }
.ladder-cell { width: 166px; } .ladder-cell svg { width: 150px; min-width: 150px; }
table.apis td:first-child { min-width: 150px; }
table.unmet th.w-req { width: 24%; } table.unmet th.w-lv { width: 6%; } table.unmet th.w-st { width: 9%; } table.unmet th.w-why { width: 24%; }
.settle { margin-top: 4px; color: #344054; }
.cs { white-space: nowrap; font-weight: 600; font-size: 12.5px; }
span.cs { display: inline-block; border-radius: 4px; padding: 0 7px; margin: 2px 6px 2px 0; }
.cs-evidenced { background: #dcfae6; color: #085d3a; } .cs-partial { background: #fef0c7; color: #93370d; } .cs-absent { background: #fee4e2; color: #912018; } .cs-unknown { background: #f2f4f7; color: #475467; }
table.matrix th { font-size: 11px; } table.matrix td.cs { border-left: 2px solid var(--paper); }
table.matrix td:first-child { min-width: 140px; overflow-wrap: break-word; }
table.inventory { table-layout: fixed; } table.inventory .w-api { width: 13%; } table.inventory .w-cred { width: 27%; } table.inventory .w-pres { width: 15%; } table.inventory .w-iss { width: 16%; } table.inventory .w-bind { width: 8%; } table.inventory .w-life { width: 8%; } table.inventory .w-store { width: 15%; } table.inventory .w-ops { width: 5%; }
table.inventory:not(.with-api) .w-cred { width: 32%; } table.inventory:not(.with-api) .w-store { width: 18%; }
table.inventory td { overflow-wrap: break-word; } table.inventory td.mono { overflow-wrap: anywhere; } table.inventory th, table.matrix th { overflow-wrap: normal; }
.legend-cs { color: var(--muted); line-height: 2; }
tr.risk > td:first-child { box-shadow: inset 3px 0 0 var(--high); }
table.controls th.w-ctl { width: 24%; } table.controls th.w-cst { width: 11%; } table.controls th.w-cev { width: 32%; }
td ul { margin: 0; padding-left: 18px; }
.next { border-left: 4px solid var(--accent); background: #f0f4fa; padding: 10px 14px; border-radius: 6px; margin: 10px 0; }
.next .h { font-weight: 650; }
.warn { border-left: 4px solid var(--medium); background: #fffaeb; padding: 10px 14px; border-radius: 6px; margin: 10px 0; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 3px 16px; font-size: 14px; margin: 8px 0; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.api-head { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; }
.api-head h2 { border: 0; margin: 0; padding: 0; }
section.api { background: var(--paper); border: 1px solid var(--line); border-radius: 12px; padding: 20px 24px; margin: 28px 0; }
.finding { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; margin: 10px 0; background: var(--paper); }
.finding .top { display: flex; gap: 10px; align-items: baseline; flex-wrap: wrap; }
.finding .title { font-weight: 650; }
.finding .msg { margin: 6px 0; }
.finding .fix { background: var(--soft); border-radius: 6px; padding: 8px 10px; margin: 8px 0 0; font-size: 14px; }
.finding .fix b { color: var(--l3); }
.finding.suppressed { opacity: 0.75; }
pre.src { margin: 8px 0 0; background: #101828; color: #e4e7ec; border-radius: 6px; padding: 8px 0; overflow-x: auto; font: 12.5px/1.55 var(--mono); }
pre.src span { display: block; padding: 0 12px; white-space: pre; }
pre.src span i { display: inline-block; width: 4.5em; color: #98a2b3; font-style: normal; user-select: none; }
pre.src span.hit { background: #7a271a; color: #fff; }
details { margin: 10px 0; }
details > summary { cursor: pointer; font-weight: 600; color: var(--accent); }
details.fgroup { border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; margin: 8px 0; background: var(--paper); }
details.fgroup > summary { color: var(--ink); }
.levels-explained td:first-child { white-space: nowrap; }
footer { color: var(--muted); font-size: 13px; margin-top: 36px; border-top: 1px solid var(--line); padding-top: 12px; }
@media (max-width: 720px) {
  main, header.cover .inner { padding-left: 12px; padding-right: 12px; }
  section.api { padding: 14px 12px; }
  table { display: block; overflow-x: auto; }
  .facts { grid-template-columns: 1fr; }
  .facts dt { margin-top: 6px; }
}
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  body { background: #fff; font-size: 10.5pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  main { max-width: none; padding: 0; }
  header.cover { margin-bottom: 10px; }
  nav.toc { display: none; }
  section.api { break-before: page; border: 0; padding: 0; margin: 0; }
  .card, .finding, .kpi, tr, .next, .warn, .gate, pre.src, svg { break-inside: avoid; }
  h2, h3, h4 { break-after: avoid; }
  details::details-content { content-visibility: visible; display: contents; }
  details > summary { list-style: none; }
  pre.src { white-space: pre-wrap; }
  pre.src span { white-space: pre-wrap; overflow-wrap: anywhere; }
  a { color: inherit; text-decoration: none; }
  /* The control grid fits the page width (nine status columns). */
  table.matrix td.cs, table.matrix th { font-size: 7pt; }
}
`;

/** Opens every folded section before printing, so a printed or PDF report is complete. */
export const SCRIPT = `addEventListener("beforeprint",function(){document.querySelectorAll("details").forEach(function(d){d.open=true})});`;
