// The credential inventory as an audit sheet: a table for people, CSV for spreadsheets (one row per API × credential
// path), JSON for scripts; and the helpers every format shares to show credential paths and the control matrix.

import { Chalk, type ChalkInstance } from 'chalk';
import { CONTROLS } from '../inventory/controls.js';
import type { ControlStatus } from '../inventory/types.js';
import { clean, plural, truncate, where } from './text.js';
import type { Report, ReportApi, ReportControl, ReportCredential } from './types.js';

/** Static credentials and unbound bearer tokens: the paths a leaked copy is enough to use. */
export function risky(c: ReportCredential): boolean {
  return c.static || (c.kind === 'bearer' && c.binding === 'none');
}

/** Why a path is risky, in a few words (empty when it is not). */
export function riskOf(c: ReportCredential): string {
  if (!risky(c)) return '';
  return c.static ? 'static secret' : 'unbound bearer token';
}

/** The API's credential paths, risky ones first (the order of the inventory otherwise). */
export function riskFirst(list: ReportCredential[]): ReportCredential[] {
  return [...list.filter(risky), ...list.filter((c) => !risky(c))];
}

/** `30 d`, `2 h`, `15 min`, `300 s`. */
export function lifetimeText(s: number | undefined): string {
  if (s === undefined) return '';
  const units: [number, string][] = [[86400, 'd'], [3600, 'h'], [60, 'min']];
  for (const [n, u] of units) if (Math.abs(s) >= n && s % n === 0) return `${s / n} ${u}`;
  for (const [n, u] of units) if (Math.abs(s) >= 2 * n) return `${Math.round((s / n) * 10) / 10} ${u}`;
  return `${s} s`;
}

/** `header X-API-Key`, `tls`, `body client_secret at https://as.example/token`, `(not presented)`. */
export function presentedText(c: ReportCredential): string {
  const p = c.presented;
  if (!p) return '(not presented)';
  return `${p.by === 'gateway' ? 'gateway → ' : ''}${p.in}${p.name ? ` ${p.name}` : ''}${p.endpoint ? ` at ${p.endpoint}` : ''}`;
}

export function storedText(c: ReportCredential): string {
  return c.storedIn.map((s) => `${s.kind}${s.owner ? ` of ${s.owner}` : ''} at ${where(s.location)} (${s.redacted})`).join('; ');
}

/** The kinds of evidence behind a path: `declared`, `configured`, `observed`. */
export function evidenceText(c: ReportCredential): string {
  const kinds = new Set(c.sources.map((s) => s.evidence));
  return (['declared', 'configured', 'observed'] as const).filter((k) => kinds.has(k)).join(', ');
}

export const STATUS_MARKS: Record<ControlStatus, string> = { evidenced: '●', partial: '◐', absent: '○', unknown: '?' };

/** The control matrix of an API in catalogue order (empty for reports made before there was one). */
export function controlList(a: ReportApi): { id: string; title: string; short: string; question: string; control: ReportControl }[] {
  const m = a.controls;
  if (!m) return [];
  return CONTROLS.map((c) => ({ ...c, control: m[c.id] }));
}

// ---------------------------------------------------------------- table

function statusColor(c: ChalkInstance, s: ControlStatus): ChalkInstance {
  return ({ evidenced: c.green, partial: c.yellow, absent: c.red, unknown: c.dim } as const)[s];
}

function pad(s: string, n: number): string {
  const t = truncate(s, n);
  return t + ' '.repeat(Math.max(0, n - [...t].length));
}

/** The inventory as a table: per API its credential paths (risky ones marked `!`), then the control matrix. */
export function renderInventoryTable(report: Report, opts: { color: boolean; width?: number }): string {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const width = Math.max(100, opts.width ?? 140);
  const out: string[] = [];
  const total = report.apis.reduce((n, a) => n + (a.credentials?.length ?? 0), 0);
  out.push(c.bold(`api-maturity ${report.tool.version} credential inventory`) + c.dim(` · ${plural(report.apis.length, 'API')} · ${plural(total, 'credential path')}`), '');
  const all = report.apis.flatMap((a) => a.credentials ?? []);
  const fit = (texts: string[], min: number, max: number) => Math.min(max, Math.max(min, ...texts.map((t) => [...t].length)));
  const cols = { kind: fit(all.map((p) => p.kind), 4, 18), presented: fit(all.map(presentedText), 9, 44), issuer: fit(all.map((p) => p.issuedBy), 9, 44), binding: 7, life: 8, ops: 4 };
  const fixed = 2 + 2 + cols.kind + cols.presented + cols.issuer + cols.binding + cols.life + cols.ops + 8;
  const rest = Math.max(20, width - fixed);
  for (const a of report.apis) {
    out.push(`${c.bold(clean(a.name))}${a.version ? c.dim(` ${clean(a.version)}`) : ''} ${c.dim(`(${clean(a.id)})`)}  ${c.dim(truncate(a.sources.map(clean).join(', '), width - a.name.length - a.id.length - 8))}`);
    const creds = a.credentials ?? [];
    if (!creds.length) out.push(c.dim('    no credential path in the inputs'));
    else {
      out.push(c.dim(`    ${pad('KIND', cols.kind)} ${pad('PRESENTED', cols.presented)} ${pad('ISSUED BY', cols.issuer)} ${pad('BINDING', cols.binding)} ${pad('LIFETIME', cols.life)} ${'OPS'.padStart(cols.ops)}  EVIDENCE`));
      for (const p of creds) {
        const mark = risky(p) ? c.red('! ') : '  ';
        const tail = evidenceText(p);
        out.push(`  ${mark}${pad(p.kind, cols.kind)} ${pad(clean(presentedText(p)), cols.presented)} ${pad(clean(p.issuedBy), cols.issuer)} ${pad(p.binding, cols.binding)} ${pad(lifetimeText(p.lifetimeSeconds) || '-', cols.life)} ${String(p.operations).padStart(cols.ops)}  ${truncate(tail, rest)}`);
        if (p.scopes.length) out.push(c.dim(`      scopes ${truncate(clean(p.scopes.join(' ')), width - 13)}`));
        const shown = p.storedIn.slice(0, 3);
        for (const st of shown) out.push(c.dim(`      stored in ${truncate(clean(`${where(st.location)}: ${st.kind}${st.owner ? ` of ${st.owner}` : ''} (${st.redacted})`), width - 16)}`));
        if (p.storedIn.length > shown.length) out.push(c.dim(`      stored in ${p.storedIn.length - shown.length} more places`));
      }
    }
    out.push('');
  }
  const withControls = report.apis.filter((a) => a.controls);
  if (withControls.length) {
    const nameW = Math.min(36, Math.max(10, ...withControls.map((a) => a.name.length)));
    const colW = Math.max(...CONTROLS.map((x) => x.short.length)) + 1;
    out.push(c.bold('Security controls') + c.dim('  ● evidenced  ◐ partial  ○ absent  ? unknown'));
    out.push(c.dim(`  ${pad('API', nameW)} ${CONTROLS.map((x) => pad(x.short, colW)).join('')}`));
    for (const a of withControls) {
      out.push(`  ${pad(clean(a.name), nameW)} ${controlList(a).map((x) => statusColor(c, x.control.status)(pad(`${STATUS_MARKS[x.control.status]} ${x.control.status}`, colW))).join('')}`);
    }
    out.push('');
  }
  const risks = report.apis.reduce((n, a) => n + (a.credentials ?? []).filter(risky).length, 0);
  out.push(`${plural(total, 'credential path')}${risks ? `, ${c.red(`${risks} static or unbound`)} (marked !)` : ''}. Full detail: --format json; a sheet: --format csv.`);
  return out.join('\n') + '\n';
}

// ---------------------------------------------------------------- CSV (RFC 4180)

/** A CSV field: quoted when needed, quotes doubled; a leading `=`, `+`, `-`, `@`, tab or CR is prefixed with `'` (no formulas). */
export function csvField(v: string | number | boolean | undefined): string {
  let s = v === undefined ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const CSV_COLUMNS = [
  'api_id',
  'api_name',
  'api_version',
  'credential_id',
  'kind',
  'label',
  'presented_in',
  'presented_name',
  'presented_endpoint',
  'presented_by',
  'issued_by',
  'static',
  'binding',
  'lifetime_seconds',
  'scopes',
  'operations',
  'stored_in',
  'evidence',
  'sources',
] as const;

/** One row per API × credential path (an API without any path gets one row with its columns only), CRLF line ends. */
export function renderInventoryCsv(report: Report): string {
  const rows: string[][] = [[...CSV_COLUMNS]];
  for (const a of report.apis) {
    const api = [a.id, a.name, a.version ?? ''];
    const creds = a.credentials ?? [];
    if (!creds.length) rows.push([...api, ...CSV_COLUMNS.slice(3).map(() => '')]);
    for (const p of creds) {
      rows.push([
        ...api,
        p.id,
        p.kind,
        p.label,
        p.presented?.in ?? '',
        p.presented?.name ?? '',
        p.presented?.endpoint ?? '',
        p.presented?.by ?? '',
        p.issuedBy,
        String(p.static),
        p.binding,
        p.lifetimeSeconds === undefined ? '' : String(p.lifetimeSeconds),
        p.scopes.join(' '),
        String(p.operations),
        storedText(p),
        evidenceText(p),
        p.sources.map((s) => `${s.evidence} ${s.source} ${where(s.location)}${s.location.pointer ? ` ${s.location.pointer}` : ''}`).join('; ') + (p.sourceCount > p.sources.length ? `; and ${p.sourceCount - p.sources.length} more` : ''),
      ]);
    }
  }
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

// ---------------------------------------------------------------- JSON

/** The inventory part of the report: per API its identity, credential paths and control matrix. */
export function inventoryDocument(report: Report) {
  return {
    schemaVersion: report.schemaVersion,
    tool: report.tool,
    ...(report.generatedAt ? { generatedAt: report.generatedAt } : {}),
    apis: report.apis.map((a) => ({
      id: a.id,
      name: a.name,
      ...(a.version !== undefined ? { version: a.version } : {}),
      sources: a.sources,
      credentials: a.credentials ?? [],
      ...(a.controls ? { controls: a.controls } : {}),
    })),
  };
}

export function renderInventoryJson(report: Report): string {
  return JSON.stringify(inventoryDocument(report), null, 2) + '\n';
}
