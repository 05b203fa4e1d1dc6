import { Chalk, type ChalkInstance } from 'chalk';
import type { Severity } from '../model/types.js';
import { SEVERITIES } from '../model/types.js';
import type { GateResult } from '../engine/gates.js';
import type { Report, ReportApi, ReportFapi, ReportFinding } from './types.js';
import { clean, plural, truncate, where } from './text.js';
import { controlList, lifetimeText, riskFirst, risky, STATUS_MARKS } from './inventory.js';

export interface TerminalOptions {
  color: boolean;
  /** Findings listed per API (the rest are counted). */
  maxFindings?: number;
  gates?: GateResult[];
  /** Terminal width for wrapping remediation text. */
  width?: number;
}

const LEVEL_NAMES = ['none', 'API key / basic', 'bearer (OAuth 2.0 / OIDC)', 'sender-constrained', 'FAPI 2.0'];

function levelColor(c: ChalkInstance, level: number): ChalkInstance {
  return [c.bgRed.white.bold, c.bgYellow.black.bold, c.bgBlue.white.bold, c.bgGreen.black.bold, c.bgGreenBright.black.bold][level] ?? c.bold;
}

function sevColor(c: ChalkInstance, s: Severity): ChalkInstance {
  return ({ critical: c.magenta.bold, high: c.red.bold, medium: c.yellow, low: c.cyan, info: c.gray } as const)[s];
}

function wrap(text: string, width: number, indent: string): string {
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let cur = '';
  for (const w of words) {
    if (cur && cur.length + 1 + w.length > width - indent.length) {
      lines.push(cur);
      cur = w;
    } else cur = cur ? `${cur} ${w}` : w;
  }
  if (cur) lines.push(cur);
  return lines.map((l) => indent + l).join('\n');
}

function severityCounts(fs: ReportFinding[]): string {
  const counts = new Map<Severity, number>();
  for (const f of fs) counts.set(f.severity, (counts.get(f.severity) ?? 0) + 1);
  return [...SEVERITIES]
    .reverse()
    .filter((s) => counts.get(s))
    .map((s) => `${counts.get(s)} ${s}`)
    .join(', ');
}

const PROFILE_NAMES: Record<string, string> = { 'fapi2-security-profile': 'FAPI 2.0 Security Profile', 'fapi1-advanced': 'FAPI 1.0 Advanced', mixed: 'FAPI (mixed profiles)' };
const SIGNING_NAMES: Record<string, string> = { jar: 'JAR', jarm: 'JARM', 'signed-introspection': 'signed introspection', 'http-signatures': 'HTTP signatures' };

function mark(c: ChalkInstance, status: string): string {
  return status === 'pass' ? c.green('✔') : status === 'fails' ? c.red('✘') : status === 'n/a' ? c.dim('–') : c.yellow('?');
}

/** The FAPI checklist: one line per level-4 requirement (✔ pass, ✘ fails, ? unknown, – n/a), with the deciding value. */
function renderFapi(c: ChalkInstance, f: ReportFapi, width: number): string[] {
  const out: string[] = [];
  const servers = f.authorizationServers.map((s) => `${clean(s.id)} (${clean(where(s.location))})`).join(', ');
  const head = `${PROFILE_NAMES[f.profile ?? ''] ?? 'FAPI 2.0 Security Profile'}${f.sublevel ? ` ${f.sublevel}` : ''}`;
  out.push(`  ${c.bold(head)} ${c.dim(servers ? `· ${servers}` : '· no authorization-server metadata linked')}`);
  const linked = f.authorizationServers.length > 0;
  for (const r of f.requirements) {
    const title = `${r.requirement.padEnd(5)} ${clean(r.title)}`;
    // Without metadata every unknown has the same reason; the "Would settle" line above says what settles them.
    if (r.status === 'pass' || r.status === 'n/a' || (r.status === 'unknown' && !linked)) {
      out.push(`    ${mark(c, r.status)} ${truncate(title, width - 6)}`);
      continue;
    }
    out.push(`    ${mark(c, r.status)} ${truncate(title, width - 6)}${r.role === 'advisory' ? c.dim(' (advisory)') : ''}`);
    const at = r.decidedBy[0]?.location ?? r.locations[0];
    out.push(c.dim(wrap(`${at ? `${clean(where(at))}: ` : ''}${clean(r.reason)}`, width, '        ')));
    if (r.status === 'fails') out.push(c.dim(wrap(`→ ${clean(r.remediation)}`, width, '        ')));
  }
  if (f.messageSigning.length) out.push(`    ${c.dim('message signing (4b):')} ${f.messageSigning.map((m) => `${mark(c, m.status)} ${SIGNING_NAMES[m.feature]}`).join('  ')}`);
  if (f.alternative) {
    const alt = PROFILE_NAMES[f.alternative.profile] ?? f.alternative.profile;
    out.push(c.dim(`    ${alt}: ${f.alternative.unmet.length ? `not met (${f.alternative.unmet.join(', ')})` : 'met'}`));
  }
  return out;
}

function renderApi(c: ChalkInstance, a: ReportApi, opts: TerminalOptions): string[] {
  const out: string[] = [];
  const m = a.maturity;
  const width = opts.width ?? 100;
  const badge = levelColor(c, m.level)(` L${m.level} ${m.label}${m.sublevel ? ` ${m.sublevel}` : ''} `);
  out.push(`${badge} ${c.bold(clean(a.name))}${a.version ? c.dim(` ${clean(a.version)}`) : ''}  ${c.dim(a.sources.map(clean).join(', '))}`);
  const g = a.governance;
  const tgt = `target L${g.target} for ${g.sensitivity.class === "internal" ? "an" : "a"} ${g.sensitivity.class} API${g.sensitivity.source === 'inferred' ? ` (${clean(g.sensitivity.reasons[0] ?? 'inferred')})` : g.sensitivity.source === 'config' ? ' (configured)' : ''}`;
  const ex = g.exception ? (g.exception.status === 'active' ? c.cyan(` · excepted until ${g.exception.expires} (${clean(g.exception.owner)})`) : c.red(` · exception expired ${g.exception.expires}`)) : '';
  out.push(`  ${g.meetsTarget ? c.green('meets') : c.red('below')} ${tgt}${ex}`);
  if (!m.described) out.push(c.yellow('  security not described') + c.dim(' — level 0 as described; a gateway config, traffic or authorization-server metadata would settle it'));
  const perLevel = [0, 0, 0, 0, 0];
  let publicOps = 0;
  for (const o of a.operations) {
    if (o.public) publicOps++;
    else perLevel[o.level]!++;
  }
  const dist = perLevel
    .map((n, l) => (n ? `L${l}: ${n}` : ''))
    .filter(Boolean)
    .join(' · ');
  const authLevel = m.authenticatedLevel === null ? 'none require a credential' : `authenticated operations at level ${m.authenticatedLevel}`;
  out.push(`  ${plural(a.operations.length, 'operation')}${dist ? ` (${dist}${publicOps ? ` · public: ${publicOps}` : ''})` : publicOps ? ` (public: ${publicOps})` : ''} · ${authLevel} · ceiling ${m.ceiling}${m.binding ? ` · binding ${m.binding}` : ''}`);
  if (m.nextStep) {
    out.push(`  ${c.bold('Next step')} → level ${m.nextStep.level} (${LEVEL_NAMES[m.nextStep.level]}): ${m.nextStep.requirement} ${clean(m.nextStep.title)}`);
    out.push(c.dim(wrap(clean(m.nextStep.remediation), width, '    ')));
  }
  const unknowns = m.unmet.filter((u) => u.status === 'unknown' && u.level <= m.level + 1);
  if (unknowns.length) out.push(c.dim(`  Would settle ${unknowns.map((u) => u.requirement).join(', ')}: ${clean(unknowns[0]!.settleWith ?? '')}`));
  if (m.fapi && m.level >= 3) out.push(...renderFapi(c, m.fapi, width));
  out.push(...renderCredentials(c, a, width));
  const active = a.findings.filter((f) => !f.suppressed);
  if (active.length) {
    out.push(`  Findings: ${severityCounts(active)}`);
    const max = opts.maxFindings ?? 8;
    const shown = active.slice(0, max);
    // The rule-id column fits the longest id shown (rule ids are ours: short, plain ASCII).
    const idWidth = Math.max(28, ...shown.map((f) => f.ruleId.length));
    for (const f of shown) {
      const sev = sevColor(c, f.severity)(f.severity.toUpperCase().padEnd(8));
      out.push(`    ${sev} ${c.cyan(f.ruleId.padEnd(idWidth))} ${c.dim(clean(where(f.location)))}`);
      out.push(`             ${truncate(clean(f.message), width - 13)}`);
    }
    if (active.length > max) out.push(c.dim(`    … ${active.length - max} more (full list: --format json, or -o report.json)`));
  } else out.push(`  ${c.green('No findings')}`);
  const suppressed = a.findings.length - active.length;
  if (suppressed) out.push(c.dim(`  ${plural(suppressed, 'finding')} suppressed`));
  return out;
}

const MAX_CREDENTIAL_LINES = 6;

/** The inventory in short: the credential paths (static and unbound ones first, marked `!`) and the control matrix. */
function renderCredentials(c: ChalkInstance, a: ReportApi, width: number): string[] {
  const out: string[] = [];
  const creds = riskFirst(a.credentials ?? []);
  if (creds.length) {
    out.push(`  Credentials (${creds.length}):`);
    for (const p of creds.slice(0, MAX_CREDENTIAL_LINES)) {
      const bits = [p.issuedBy === 'static' || p.issuedBy === 'unknown' ? p.issuedBy : `from ${p.issuedBy}`, p.binding !== 'none' ? `${p.binding}-bound` : '', lifetimeText(p.lifetimeSeconds), p.storedIn.length ? `${plural(p.storedIn.length, 'secret')} in the inputs` : ''].filter(Boolean);
      const line = truncate(clean(`${p.label} — ${bits.join(', ')}`), width - 6);
      out.push(risky(p) ? `    ${c.red(`! ${line}`)}` : `      ${line}`);
    }
    if (creds.length > MAX_CREDENTIAL_LINES) out.push(c.dim(`      … ${creds.length - MAX_CREDENTIAL_LINES} more (api-maturity inventory)`));
  }
  const controls = controlList(a);
  if (controls.length) {
    const marks = controls.map((x) => {
      const s = x.control.status;
      const paint = s === 'evidenced' ? c.green : s === 'partial' ? c.yellow : s === 'absent' ? c.red : c.dim;
      return paint(`${STATUS_MARKS[s]} ${x.short}`);
    });
    out.push(`  Controls: ${marks.join('  ')}`);
  }
  return out;
}

/** The summary a person reads in a terminal: per API the level, operations per level, top findings and the next step. */
export function renderTerminal(report: Report, opts: TerminalOptions): string {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const out: string[] = [];
  const s = report.summary;
  out.push(
    c.bold(`api-maturity ${report.tool.version}`) +
      c.dim(` · ${plural(report.inputs.filter((i) => !i.referencedBy).length, 'input')} · ${plural(s.apis, 'API')} · ${plural(s.operations, 'operation')}${report.skipped.length ? ` · ${report.skipped.length} skipped` : ''}`),
  );
  out.push('');
  for (const a of report.apis) {
    out.push(...renderApi(c, a, opts));
    out.push('');
  }
  if (report.findings.length) {
    out.push(c.bold('Other findings'));
    for (const f of report.findings.slice(0, 10)) out.push(`    ${sevColor(c, f.severity)(f.severity.toUpperCase().padEnd(8))} ${c.cyan(f.ruleId)} ${c.dim(clean(where(f.location)))} ${clean(f.message)}`);
    out.push('');
  }
  const expired = (report.exceptions ?? []).filter((e) => e.status === 'expired');
  if (expired.length) {
    out.push(c.red.bold('Expired exceptions'));
    for (const e of expired) out.push(c.red(`    ${clean(e.api)}${e.rule ? ` / ${e.rule}` : ''}: expired ${e.expires} (owner ${clean(e.owner)}) — ${clean(e.reason)}`));
    out.push('');
  }
  if (report.baseline) {
    const b = report.baseline;
    out.push(c.dim(`Baseline ${clean(b.file)}: ${plural(b.baselined, 'finding')} baselined${b.fixed.length ? `; ${b.fixed.length} baselined finding${b.fixed.length === 1 ? ' is' : 's are'} fixed — regenerate the baseline to shrink it` : ''}`));
  }
  if (report.skipped.length) {
    out.push(c.dim(`Skipped: ${report.skipped.slice(0, 5).map((k) => `${clean(k.file)} (${clean(k.reason)})`).join('; ')}${report.skipped.length > 5 ? `; … ${report.skipped.length - 5} more` : ''}`));
  }
  const lv = [0, 1, 2, 3, 4].map((l) => `L${l}: ${s.byLevel[String(l)]}`).join(' · ');
  out.push(`${c.bold('Summary')} ${plural(s.apis, 'API')} (${lv}) · ${s.findings ? severityCounts(report.apis.flatMap((a) => a.findings).concat(report.findings).filter((f) => !f.suppressed)) : 'no findings'}`);
  for (const g of opts.gates ?? []) {
    const head = g.passed ? c.green(`✔ gate --${g.gate} ${g.threshold} passed`) : c.red.bold(`✘ gate --${g.gate} ${g.threshold} failed`);
    out.push(head);
    for (const f of g.failures.slice(0, 10)) out.push(c.red(`    ${truncate(clean(f.detail), 120)}`));
    if (g.failures.length > 10) out.push(c.red(`    … ${g.failures.length - 10} more`));
  }
  return out.join('\n') + '\n';
}
