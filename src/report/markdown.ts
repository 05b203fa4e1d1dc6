// Markdown for pull-request comments: the summary table, the level of each API, the top findings and, folded away,
// the detail per API. Stays under GitHub's comment limit (65,536 characters) on any input: what does not fit is cut
// and counted. Every input-derived string is escaped so that a hostile description cannot add links, images, HTML or
// mentions to the comment.

import type { GateResult } from '../engine/gates.js';
import type { Severity } from '../model/types.js';
import { SEVERITIES } from '../model/types.js';
import type { RenderOptions } from './formats.js';
import { plural, showInvisible } from './text.js';
import type { Report, ReportApi, ReportFinding } from './types.js';
import { controlList, lifetimeText, riskOf, risky } from './inventory.js';
import { CONTROLS } from '../inventory/controls.js';

export const MARKDOWN_LIMIT = 65_000;
const TOP_FINDINGS = 10;
const FINDINGS_PER_API = 25;
const UNMET_PER_API = 12;
const LEVEL_ICONS = ['🔴', '🟠', '🟡', '🟢', '🟢'];
const SEVERITY_ICONS: Record<Severity, string> = { critical: '🟣', high: '🔴', medium: '🟠', low: '🟡', info: '⚪' };
const LEVEL_NAMES = ['none', 'API key', 'bearer', 'sender-constrained', 'FAPI 2.0'];
const CREDENTIAL_ROWS = 30;
const CONTROL_ROWS = 30;
const STATUS_ICONS: Record<string, string> = { evidenced: '🟢', partial: '🟡', absent: '🔴', unknown: '⚪' };

/** One line of HTML-escaped text with no control characters (C1 and bidirectional controls shown as \uXXXX). */
function safeLine(s: string): string {
  return showInvisible(
    s
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ')
      .replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' '),
  )
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Input-derived text for Markdown (tables included): no markup, no HTML, no links, no mentions, one line. */
export function mdText(s: string): string {
  return safeLine(s)
    .replace(/[\\`*_[\]#|~]/g, (c) => `\\${c}`)
    .replace(/@/g, '@&#8203;')
    .replace(/:\/\//g, '&#58;//');
}

/** Input-derived text inside raw HTML (`<summary>`): HTML-escaped, one line, no mentions. */
export function htmlText(s: string): string {
  return safeLine(s).replace(/"/g, '&quot;').replace(/@/g, '@&#8203;');
}

/** A code span for identifiers of our own (rule ids, gate names): only the characters they are made of. */
function code(s: string): string {
  return `\`${s.replace(/[^A-Za-z0-9 ./()_:-]/g, '')}\``;
}

function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

function where(l: { file: string; line?: number; column?: number }): string {
  return mdText(`${l.file}${l.line !== undefined ? `:${l.line}` : ''}`);
}

function severityCounts(fs: ReportFinding[]): string {
  const n = new Map<Severity, number>();
  for (const f of fs) n.set(f.severity, (n.get(f.severity) ?? 0) + 1);
  const parts = [...SEVERITIES]
    .reverse()
    .filter((s) => n.get(s))
    .map((s) => `${n.get(s)} ${s}`);
  return parts.length ? parts.join(', ') : 'none';
}

function levelCell(a: ReportApi): string {
  const m = a.maturity;
  return `${LEVEL_ICONS[m.level]} **${m.level}** ${m.label}${m.sublevel ? ` (${m.sublevel})` : ''}${m.described ? '' : ' — security not described'}`;
}

function targetCell(a: ReportApi): string {
  const g = a.governance;
  const ex = g.exception ? (g.exception.status === 'active' ? ` (excepted until ${mdText(g.exception.expires)})` : ' (exception expired)') : '';
  return `${g.target} ${g.meetsTarget ? '✅' : '❌'} ${g.sensitivity.class}${ex}`;
}

function gateLine(g: GateResult): string {
  return `${g.passed ? '✅' : '❌'} ${code(`--${g.gate} ${g.threshold}`)} ${g.passed ? 'passed' : `failed (${plural(g.failures.length, 'failure')})`}`;
}

function apiDetails(a: ReportApi): string {
  const m = a.maturity;
  const active = a.findings.filter((f) => !f.suppressed);
  const out: string[] = [];
  out.push(
    `<details><summary><b>${htmlText(clip(a.name, 120))}</b>${a.version ? ` ${htmlText(clip(a.version, 40))}` : ''} — level ${m.level} (${m.label}), ceiling ${m.ceiling}, ${plural(active.length, 'finding')}</summary>`,
    '',
  );
  out.push(`Sources: ${a.sources.slice(0, 10).map((x) => mdText(clip(x, 200))).join(', ') || '–'}${a.sources.length > 10 ? `, and ${a.sources.length - 10} more` : ''}  `);
  out.push(`Sensitivity: ${a.governance.sensitivity.class} · target level ${a.governance.target} ${a.governance.meetsTarget ? 'met' : 'not met'}${a.governance.exception ? ` · exception ${a.governance.exception.status} (${mdText(a.governance.exception.expires)}, owner ${mdText(clip(a.governance.exception.owner, 60))}): ${mdText(clip(a.governance.exception.reason, 200))}` : ''}  `);
  out.push(`Operations: ${a.operations.length}${a.operations.some((o) => o.public) ? ` (${a.operations.filter((o) => o.public).length} public)` : ''} · authenticated operations at level ${m.authenticatedLevel ?? '–'}${m.binding ? ` · binding ${m.binding}` : ''}`);
  if (!m.described) out.push('', '> Security is not described in this API\'s inputs: level 0 *as described*. A gateway config, captured traffic or authorization-server metadata would settle it.');
  if (m.nextStep) out.push('', `**Next step → level ${m.nextStep.level}** (${LEVEL_NAMES[m.nextStep.level]}): ${m.nextStep.requirement} ${mdText(m.nextStep.title)}. ${mdText(m.nextStep.remediation)}`);
  const unmet = m.unmet.filter((u) => u.status !== 'n/a' && u.level <= m.level + 1);
  if (unmet.length) {
    out.push('', '| Requirement | Level | Status | Why | Would settle it |', '| --- | --- | --- | --- | --- |');
    for (const u of unmet.slice(0, UNMET_PER_API)) {
      out.push(`| ${u.requirement} ${mdText(clip(u.title, 120))} | ${u.level} | ${u.status} | ${mdText(clip(u.reason, 200))} | ${u.status === 'unknown' && u.settleWith ? mdText(clip(u.settleWith, 200)) : '–'} |`);
    }
    if (unmet.length > UNMET_PER_API) out.push(`| … ${unmet.length - UNMET_PER_API} more | | | | |`);
  }
  if (active.length) {
    out.push('', '| Severity | Rule | Where | Finding | Remediation |', '| --- | --- | --- | --- | --- |');
    for (const f of active.slice(0, FINDINGS_PER_API)) {
      out.push(`| ${SEVERITY_ICONS[f.severity]} ${f.severity} | ${code(f.ruleId)} | ${where(f.location)} | ${mdText(clip(f.message, 300))} | ${mdText(clip(f.remediation, 300))} |`);
    }
    if (active.length > FINDINGS_PER_API) out.push(`| … | ${active.length - FINDINGS_PER_API} more findings | | | |`);
  }
  const suppressed = a.findings.length - active.length;
  if (suppressed) out.push('', `${plural(suppressed, 'finding')} suppressed.`);
  out.push('', '</details>', '');
  return out.join('\n');
}

/**
 * The credential inventory, static credentials and unbound bearer tokens first, and the control matrix: each capped,
 * with what was left out counted.
 */
function inventoryLines(report: Report): string[] {
  const rows = report.apis.flatMap((a) => (a.credentials ?? []).map((c) => ({ a, c })));
  const out: string[] = [];
  if (rows.length) {
    const ordered = [...rows.filter((x) => risky(x.c)), ...rows.filter((x) => !risky(x.c))];
    const risks = rows.filter((x) => risky(x.c)).length;
    out.push('', `### Credentials${risks ? ` (${risks} static or unbound first)` : ''}`, '', '| API | Credential | Issued by | Binding | Lifetime | Stored in | Operations |', '| --- | --- | --- | --- | --- | --- | --- |');
    for (const { a, c } of ordered.slice(0, CREDENTIAL_ROWS)) {
      const risk = riskOf(c);
      out.push(`| ${mdText(clip(a.name, 60))} | ${risk ? `⚠️ **${risk}:** ` : ''}${mdText(clip(c.label, 160))} | ${mdText(clip(c.issuedBy, 80))} | ${c.binding} | ${lifetimeText(c.lifetimeSeconds) || '–'} | ${c.storedIn.length ? `${plural(c.storedIn.length, 'secret')} in ${mdText(clip([...new Set(c.storedIn.map((st) => st.location.file))].join(', '), 100))}` : '–'} | ${c.operations} |`);
    }
    if (ordered.length > CREDENTIAL_ROWS) out.push(`| … ${ordered.length - CREDENTIAL_ROWS} more credential paths | | | | | | |`);
  }
  const apis = report.apis.filter((a) => a.controls);
  if (apis.length) {
    out.push('', '### Security controls', '', `| API | ${CONTROLS.map((c) => c.title).join(' | ')} |`, `| --- |${CONTROLS.map(() => ' --- |').join('')}`);
    for (const a of apis.slice(0, CONTROL_ROWS)) out.push(`| ${mdText(clip(a.name, 60))} | ${controlList(a).map((x) => `${STATUS_ICONS[x.control.status]} ${x.control.status}`).join(' | ')} |`);
    if (apis.length > CONTROL_ROWS) out.push(`| … ${plural(apis.length - CONTROL_ROWS, 'more API')} |${CONTROLS.map(() => ' |').join('')}`);
    out.push('', '<sub>🟢 evidenced · 🟡 partial · 🔴 absent · ⚪ unknown (no input speaks to it)</sub>');
  }
  return out;
}

/** Renders the pull-request summary; never longer than `MARKDOWN_LIMIT` characters. */
export function renderMarkdown(report: Report, opts: Pick<RenderOptions, 'gates'>, limit = MARKDOWN_LIMIT): string {
  const s = report.summary;
  const all = [...report.apis.flatMap((a) => a.findings), ...report.findings].filter((f) => !f.suppressed);
  const head: string[] = [];
  head.push('## API security maturity', '');
  head.push(
    `**${plural(s.apis, 'API')}** · ${plural(s.operations, 'operation')} · findings: ${severityCounts(all)}${s.suppressed ? ` (${s.suppressed} suppressed)` : ''} · api-maturity ${mdText(report.tool.version)}${report.generatedAt ? ` · ${report.generatedAt}` : ''}`,
    '',
  );
  for (const g of opts.gates) head.push(`${gateLine(g)}  `);
  if (opts.gates.length) head.push('');
  const expired = (report.exceptions ?? []).filter((e) => e.status === 'expired');
  if (expired.length) {
    head.push(`**${plural(expired.length, 'expired exception')}:** ${expired.slice(0, 5).map((e) => `${mdText(clip(e.api, 60))}${e.rule ? ` / ${code(e.rule)}` : ''} (expired ${mdText(e.expires)}, owner ${mdText(clip(e.owner, 60))})`).join('; ')}${expired.length > 5 ? `; and ${expired.length - 5} more` : ''}`, '');
  }
  if (report.baseline) {
    const b = report.baseline;
    head.push(`Baseline ${mdText(clip(b.file, 120))}: ${plural(b.baselined, 'finding')} baselined${b.fixed.length ? `, ${b.fixed.length} of them fixed` : ''}.`, '');
  }
  head.push(`| Level | ${[0, 1, 2, 3, 4].map((l) => `${l} ${LEVEL_NAMES[l]}`).join(' | ')} |`, '| --- | --- | --- | --- | --- | --- |');
  head.push(`| APIs | ${[0, 1, 2, 3, 4].map((l) => s.byLevel[String(l)] ?? 0).join(' | ')} |`, '');

  const footer = (omittedApis: number, omittedDetails: number) => {
    const notes: string[] = [];
    if (omittedApis) notes.push(`${plural(omittedApis, 'more API')} not listed`);
    if (omittedDetails) notes.push(`details of ${plural(omittedDetails, 'API')} not shown`);
    return `${notes.length ? `_Truncated to fit a comment: ${notes.join('; ')}. The HTML, SARIF or JSON report has everything._\n\n` : ''}<sub>Levels: 0 none · 1 API key · 2 bearer (OAuth 2.0 / OIDC) · 3 sender-constrained (mTLS-bound or DPoP) · 4 FAPI 2.0.</sub>\n`;
  };
  const reserve = 600;

  // The table of APIs: one row each, as many as fit in half the budget.
  const table: string[] = ['| API | Level | Target | Ceiling | Operations | Findings | Next step |', '| --- | --- | --- | --- | --- | --- | --- |'];
  let used = head.join('\n').length + table.join('\n').length + reserve;
  let listed = 0;
  for (const a of report.apis) {
    const m = a.maturity;
    const row = `| ${mdText(clip(a.name, 80))}${a.version ? ` ${mdText(clip(a.version, 20))}` : ''} | ${levelCell(a)} | ${targetCell(a)} | ${m.ceiling} | ${a.operations.length} | ${severityCounts(a.findings.filter((f) => !f.suppressed))} | ${m.nextStep ? `${m.nextStep.requirement} ${mdText(clip(m.nextStep.title, 100))}` : '–'} |`;
    if (used + row.length + 1 > limit / 2) break;
    table.push(row);
    used += row.length + 1;
    listed++;
  }
  if (listed < report.apis.length) table.push(`| … ${plural(report.apis.length - listed, 'more API')} | | | | | | |`);

  // The most severe findings across every API.
  const apiName = new Map<ReportFinding, string>();
  for (const a of report.apis) for (const f of a.findings) apiName.set(f, a.name);
  const rank = (f: ReportFinding) => SEVERITIES.indexOf(f.severity);
  const top = [...all].sort((x, y) => rank(y) - rank(x)).slice(0, TOP_FINDINGS);
  const topLines: string[] = [];
  if (top.length) {
    topLines.push('', `### Top findings${all.length > top.length ? ` (${top.length} of ${all.length})` : ''}`, '', '| Severity | Rule | API | Where | Finding |', '| --- | --- | --- | --- | --- |');
    for (const f of top) topLines.push(`| ${SEVERITY_ICONS[f.severity]} ${f.severity} | ${code(f.ruleId)} | ${mdText(clip(apiName.get(f) ?? '–', 60))} | ${where(f.location)} | ${mdText(clip(f.message, 240))} |`);
  }

  const inventory = inventoryLines(report);
  const fits = head.join('\n').length + table.join('\n').length + topLines.join('\n').length + inventory.join('\n').length + reserve < limit * 0.75;
  const out = [...head, ...table, ...topLines, ...(fits ? inventory : []), '', '### Details', ''].join('\n') + '\n';
  let body = out;
  let shown = 0;
  for (const a of report.apis) {
    const d = apiDetails(a);
    if (body.length + d.length + 1 + reserve > limit) break;
    body += d + '\n';
    shown++;
  }
  if (report.findings.length) {
    const others = report.findings.filter((f) => !f.suppressed).slice(0, FINDINGS_PER_API);
    const lines = ['<details><summary><b>Findings outside any API</b></summary>', '', '| Severity | Rule | Where | Finding |', '| --- | --- | --- | --- |'];
    for (const f of others) lines.push(`| ${SEVERITY_ICONS[f.severity]} ${f.severity} | ${code(f.ruleId)} | ${where(f.location)} | ${mdText(clip(f.message, 240))} |`);
    lines.push('', '</details>', '', '');
    const block = lines.join('\n');
    if (body.length + block.length + reserve <= limit) body += block;
  }
  return body + footer(report.apis.length - listed, report.apis.length - shown);
}
