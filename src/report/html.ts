// The HTML audit report: one self-contained page for governance reviewers. Executive summary first (APIs per level,
// OWASP heat map, the ladder per API with its next step), then the detail per API, then the inputs with their digests.
// Nothing is loaded from anywhere: inline CSS, inline SVG, one inline script, all allowed by hash in a strict CSP.
// Input-derived strings reach the page only through handlebars' HTML escaping.

import { handlebarsLib } from '../lazy.js';
import type { Severity } from '../model/types.js';
import { SEVERITIES } from '../model/types.js';
import { OWASP_IDS } from './build.js';
import type { RenderOptions } from './formats.js';
import { TEMPLATE } from './html/template.js';
import { snippetFor, type Snippets } from './snippets.js';
import { plural, showInvisible, singleLineStrings, where } from './text.js';
import type { Location, Report, ReportApi, ReportCredential, ReportFinding } from './types.js';
import { CONTROLS } from '../inventory/controls.js';
import { controlList, evidenceText, lifetimeText, presentedText, riskFirst, riskOf, STATUS_MARKS } from './inventory.js';

/** Suppressed, baselined or excepted findings listed per API (active ones are grouped when many: see findingList). */
const MAX_FINDINGS_PER_API = 1000;
const MAX_OPERATIONS_PER_API = 5000;
const MAX_GATE_FAILURES = 20;
const MAX_INVENTORY_ROWS = 2000;
const MAX_CREDENTIALS_PER_API = 500;

export const OWASP_NAMES: Record<string, string> = {
  'API1:2023': 'Broken Object Level Authorization',
  'API2:2023': 'Broken Authentication',
  'API3:2023': 'Broken Object Property Level Authorization',
  'API4:2023': 'Unrestricted Resource Consumption',
  'API5:2023': 'Broken Function Level Authorization',
  'API6:2023': 'Unrestricted Access to Sensitive Business Flows',
  'API7:2023': 'Server Side Request Forgery',
  'API8:2023': 'Security Misconfiguration',
  'API9:2023': 'Improper Inventory Management',
  'API10:2023': 'Unsafe Consumption of APIs',
};

const LEVELS = [
  { level: 0, label: 'none', name: 'none', meaning: 'The operation accepts calls with no credential.', risk: 'Anyone can call it.' },
  { level: 1, label: 'api-key', name: 'API key', meaning: 'A static shared secret: an API key or HTTP Basic password.', risk: 'A leaked secret works forever, from anywhere, and says nothing about the user.', grades: '1a: the secret travels in the URL or over plain http · 1b: in a header, over TLS only' },
  { level: 2, label: 'bearer', name: 'bearer token', meaning: 'Access tokens issued by an OAuth 2.0 / OpenID Connect authorization server.', risk: 'A stolen token can be replayed by whoever holds it until it expires.', grades: '2a: tokens from an authorization server · 2b: also short-lived (an hour or less), audience-bound, in the header only, no implicit or password grant, PKCE with S256' },
  { level: 3, label: 'sender-constrained', name: 'sender-constrained', meaning: "Tokens bound to the client's key (mTLS certificate-bound tokens or DPoP): a copied token is useless elsewhere.", risk: "What is left depends on the authorization server's hygiene." },
  { level: 4, label: 'fapi', name: 'FAPI 2.0', meaning: 'Level 3, and the authorization server meets the FAPI 2.0 Security Profile.', risk: 'Message integrity (signed requests and responses) is reported as an extra, not a level.', grades: '4a: the FAPI 2.0 Security Profile (or FAPI 1.0 Advanced) · 4b: 4a plus message signing (JAR, JARM, HTTP signatures)' },
];

let template: ((view: unknown) => string) | undefined;
const compiled = (view: unknown): string =>
  (template ??= handlebarsLib().create().compile(TEMPLATE, { noEscape: false, strict: false, knownHelpersOnly: true, preventIndent: true }))(view);

export { CSP } from './html/template.js';

/** Text with backticked parts: segments the template shows as plain text or code, each escaped. */
export function rich(s: string | undefined): { t: string; c?: true }[] {
  if (!s) return [];
  const out: { t: string; c?: true }[] = [];
  let last = 0;
  for (const m of s.matchAll(/`([^`]+)`/g)) {
    if (m.index! > last) out.push({ t: s.slice(last, m.index) });
    out.push({ t: m[1]!, c: true });
    last = m.index! + m[0].length;
  }
  if (last < s.length) out.push({ t: s.slice(last) });
  return out;
}

/** The input a statement like "the authorization server's metadata (…): `field`" names, without the fields. */
function settleHead(s: string): string {
  return s.split(/:\s+(?=`)/)[0]!;
}

function loc(l: Location): string {
  return where(l) + (l.doc ? ` (document ${l.doc + 1})` : '');
}

function opsText(ops: string[], count = ops.length): string {
  if (count === 0) return '';
  const shown = ops.slice(0, 5).join(', ');
  return count === 1 ? shown : `${count} operations: ${shown}${count > 5 ? ', …' : ''}`;
}

/** Over this many findings an API's findings are grouped by rule, each group folded: a reader sees the rules first. */
const GROUP_FINDINGS_OVER = 12;
/** Findings shown per rule in a grouped list; the count says how many there are in all. */
const MAX_FINDINGS_PER_GROUP = 200;

/** Findings as the template lists them: one by one, or grouped by rule when there are many. */
function findingList(findings: ReportFinding[], snippets: Snippets | undefined) {
  return findings.length > GROUP_FINDINGS_OVER ? { groups: findingGroups(findings, snippets) } : { list: findings.map((f) => findingView(f, snippets)) };
}

/** Findings by rule, in the order of each rule's first finding (the report's order: most severe first). */
function findingGroups(findings: ReportFinding[], snippets: Snippets | undefined) {
  const groups = new Map<string, ReportFinding[]>();
  for (const f of findings) {
    const key = `${f.ruleId}\u0000${f.severity}`;
    const g = groups.get(key);
    if (g) g.push(f);
    else groups.set(key, [f]);
  }
  return [...groups.values()].map((fs) => ({
    ruleId: fs[0]!.ruleId,
    severity: fs[0]!.severity,
    title: rich(fs[0]!.title),
    count: plural(fs.length, 'finding'),
    findings: fs.slice(0, MAX_FINDINGS_PER_GROUP).map((f) => findingView(f, snippets)),
    more: Math.max(0, fs.length - MAX_FINDINGS_PER_GROUP),
  }));
}

function findingView(f: ReportFinding, snippets: Snippets | undefined) {
  const s = snippetFor(snippets, f.location);
  return {
    severity: f.severity,
    title: rich(f.title),
    ruleId: f.ruleId,
    owasp: f.owasp.map((o) => `${o.replace(':2023', '')} ${OWASP_NAMES[o] ?? ''}`.trim()),
    confidence: f.confidence,
    message: rich(f.message),
    remediation: rich(f.remediation),
    where: loc(f.location),
    pointer: f.location.pointer,
    operations: f.operations?.length ? opsText(f.operations) : '',
    suppressed: f.suppressed ? { by: SUPPRESSED_BY[f.suppressed.by] ?? f.suppressed.by, reason: f.suppressed.reason } : undefined,
    snippet: s ? { lines: s.lines.map((text, i) => ({ n: s.startLine + i, text, hit: s.startLine + i === s.line })) } : undefined,
  };
}

function credentialView(c: ReportCredential) {
  return {
    kind: c.kind,
    label: c.label,
    risk: riskOf(c),
    presented: presentedText(c),
    issuedBy: c.issuedBy,
    binding: c.binding,
    lifetime: lifetimeText(c.lifetimeSeconds) || '–',
    scopes: c.scopes.join(' '),
    storedIn: c.storedIn.map((st) => ({ what: `${st.kind}${st.owner ? ` of ${st.owner}` : ''}`, where: loc(st.location), redacted: st.redacted })),
    operations: c.operations,
    evidence: evidenceText(c),
    sources: c.sources.slice(0, 3).map((x) => `${x.evidence} (${x.source}) ${loc(x.location)}`),
    moreSources: Math.max(0, c.sourceCount - 3),
  };
}

function controlsView(a: ReportApi) {
  return controlList(a).map((x) => ({
    title: x.title,
    short: x.short,
    question: x.question,
    status: x.control.status,
    mark: STATUS_MARKS[x.control.status],
    reason: rich(x.control.reason),
    tip: `${x.title}: ${x.control.status} — ${x.control.reason}`,
    evidence: x.control.evidence.map((e) => ({ summary: rich(e.summary), where: loc(e.location) })),
    settleWith: x.control.settleWith ? rich(x.control.settleWith) : undefined,
  }));
}

function ladder(level: number, ceiling: number, target: number) {
  return [0, 1, 2, 3, 4].map((i) => {
    const h = 8 + i * 7;
    return { n: i, x: 2 + i * 30, tx: 15 + i * 30, y: 36 - h, h, cls: i <= level ? `f-lv${level}` : i <= ceiling ? 'f-reach' : 'f-empty', target: i === target };
  });
}

const SUPPRESSED_BY: Record<string, string> = { inline: 'suppressed in the source', config: 'suppressed by the configuration', baseline: 'in the baseline', exception: 'covered by an exception' };
const article = (cls: string) => (cls === 'internal' ? 'an' : 'a');

function apiView(a: ReportApi, index: number, snippets: Snippets | undefined) {
  const m = a.maturity;
  const g = a.governance;
  const active = a.findings.filter((f) => !f.suppressed);
  const listed = findingList(active, snippets);
  const perLevel = [0, 0, 0, 0, 0];
  let publicOps = 0;
  for (const o of a.operations) {
    if (o.public) publicOps++;
    else perLevel[o.level]!++;
  }
  const dist = perLevel.map((n, l) => (n ? `${n} at level ${l}` : '')).filter(Boolean);
  if (publicOps) dist.push(`${publicOps} public`);
  const settle = new Map<string, string[]>();
  for (const u of m.unmet) {
    if (u.status !== 'unknown' || !u.settleWith || u.level > m.level + 1) continue;
    const head = settleHead(u.settleWith);
    settle.set(head, [...(settle.get(head) ?? []), u.requirement]);
  }
  const unmet = m.unmet
    .filter((u) => u.status !== 'n/a')
    .map((u) => ({
      requirement: u.requirement,
      title: rich(u.title),
      level: u.level,
      status: u.status,
      statusCls: u.status,
      reason: rich(u.reason),
      remediation: rich(u.remediation),
      settleWith: u.status === 'unknown' ? rich(u.settleWith) : undefined,
      operations: opsText(u.operations, u.operationCount),
      locations: u.locations.slice(0, 3).map(loc),
    }));
  return {
    anchor: `api-${index + 1}`,
    id: a.id,
    name: a.name,
    version: a.version,
    sources: a.sources,
    baseUrls: a.baseUrls,
    kinds: a.kinds.join(', ') || '–',
    level: m.level,
    label: m.label,
    sublevel: m.sublevel,
    ceiling: m.ceiling,
    // Every piece of evidence for the level is a declaration: nothing shows it enforced (low confidence).
    declaredOnly: m.level > 0 && m.evidence.length > 0 && m.evidence.every((e) => e.kind === 'declared'),
    described: m.described,
    binding: m.binding,
    ladder: ladder(m.level, m.ceiling, g.target),
    target: g.target,
    meetsTarget: g.meetsTarget,
    sensitivity: g.sensitivity.class,
    sensitivityText: `${g.sensitivity.class}${g.sensitivity.source === 'config' ? ' (configured)' : g.sensitivity.source === 'inferred' ? ` (inferred: ${g.sensitivity.reasons.join('; ')})` : ' (default)'}`,
    targetText: `level ${g.target} (${LEVELS[g.target]!.name}), the target for ${article(g.sensitivity.class)} ${g.sensitivity.class} API — ${g.meetsTarget ? 'met' : 'not met'}`,
    exception: g.exception ? { ...g.exception, expired: g.exception.status === 'expired' } : undefined,
    authenticated: m.authenticatedLevel === null ? 'no operation requires a credential' : `the weakest is at level ${m.authenticatedLevel} (${LEVELS[m.authenticatedLevel]!.name})`,
    operationSummary: `${a.operations.length}${dist.length ? ` (${dist.join(', ')})` : ''}`,
    ceilingText: m.ceiling > m.level ? 'reachable if every unknown requirement turns out to be met' : 'the API cannot go higher without changes',
    nextStep: m.nextStep ? { level: m.nextStep.level, requirement: m.nextStep.requirement, title: rich(m.nextStep.title), remediation: rich(m.nextStep.remediation), levelName: LEVELS[m.nextStep.level]!.name } : undefined,
    nextLevel: Math.min(4, m.level + 1),
    settle: [...settle].map(([text, ids]) => ({ text: rich(text), ids: ids.join(', ') })),
    blocking: unmet.filter((u) => u.level <= m.level + 1),
    further: unmet.filter((u) => u.level > m.level + 1),
    evidence: m.evidence.map((e) => ({ summary: rich(e.summary), kind: e.kind, source: e.source, confidence: e.confidence, where: loc(e.location) })),
    findings: listed.list,
    findingGroups: listed.groups,
    findingCount: active.length,
    suppressedFindings: a.findings.filter((f) => f.suppressed).slice(0, MAX_FINDINGS_PER_API).map((f) => findingView(f, snippets)),
    operations: a.operations.slice(0, MAX_OPERATIONS_PER_API).map((o) => ({
      method: o.method,
      path: o.path,
      operationId: o.operationId,
      level: o.level,
      label: o.label,
      public: o.public === 'auth-entry-point' ? 'authentication entry point' : o.public === 'declared' ? 'declared public' : '',
      where: loc(o.location),
    })),
    moreOperations: Math.max(0, a.operations.length - MAX_OPERATIONS_PER_API),
    credentials: riskFirst(a.credentials ?? []).slice(0, MAX_CREDENTIALS_PER_API).map(credentialView),
    moreCredentials: Math.max(0, (a.credentials?.length ?? 0) - MAX_CREDENTIALS_PER_API),
    controls: controlsView(a),
    openOperations: a.operations.length <= 15,
  };
}

function levelChart(byLevel: Record<string, number>) {
  const x0 = 170;
  const track = 250;
  const max = Math.max(1, ...[0, 1, 2, 3, 4].map((l) => byLevel[String(l)] ?? 0));
  const bars = LEVELS.map((L, i) => {
    const count = byLevel[String(i)] ?? 0;
    const y = 6 + i * 32;
    const w = count ? Math.max(4, Math.round((count / max) * track)) : 0;
    return { level: i, name: L.name, count, y, h: 22, w, textY: y + 15, valueX: x0 + w + 8 };
  });
  return { width: x0 + track + 50, height: 6 + 5 * 32, x0, track, bars };
}

function heatmap(findings: ReportFinding[]) {
  const sevs = [...SEVERITIES].reverse() as Severity[];
  const counts = new Map<string, number>();
  let uncategorized = 0;
  for (const f of findings) {
    if (!f.owasp.some((o) => OWASP_IDS.includes(o))) uncategorized++;
    for (const o of f.owasp) counts.set(`${o}\u0000${f.severity}`, (counts.get(`${o}\u0000${f.severity}`) ?? 0) + 1);
  }
  const labelW = 350;
  const cw = 58;
  const gap = 4;
  const h = 24;
  const top = 22;
  const cols = sevs.map((s, i) => ({ name: s, cx: labelW + i * (cw + gap) + cw / 2 }));
  const rows = OWASP_IDS.map((id, r) => {
    const y = top + r * (h + gap);
    return {
      id: id.replace(':2023', ''),
      name: OWASP_NAMES[id],
      y,
      textY: y + 16,
      cells: sevs.map((s, i) => {
        const count = counts.get(`${id}\u0000${s}`) ?? 0;
        const band = count === 0 ? 0 : count === 1 ? 1 : count < 5 ? 2 : count < 10 ? 3 : 4;
        return {
          count,
          x: labelW + i * (cw + gap),
          cx: labelW + i * (cw + gap) + cw / 2,
          w: cw,
          h,
          cls: band === 0 ? 'hm0' : `hm-${s} hm${band}`,
          light: band >= 2,
          tip: `${id} ${OWASP_NAMES[id]}: ${plural(count, `${s} finding`)}`,
        };
      }),
    };
  });
  const note = `${plural(findings.length, 'finding')} in all${uncategorized ? `; ${uncategorized} outside the OWASP categories (input and rule problems)` : ''}. A finding may belong to several categories.`;
  return { width: labelW + sevs.length * (cw + gap), height: top + OWASP_IDS.length * (h + gap), cols, rows, note };
}

function summarySentence(report: Report): string {
  const s = report.summary;
  // Level 0 "as described" is not the same as open: say how many of them describe no security at all.
  const undescribed = report.apis.filter((a) => !a.maturity.described).length;
  const parts = LEVELS.filter((L) => (s.byLevel[String(L.level)] ?? 0) > 0).map(
    (L) => `${s.byLevel[String(L.level)]} at level ${L.level} (${L.name}${L.level === 0 && undescribed ? `; ${undescribed === s.byLevel['0'] ? 'security not described' : `${undescribed} of them with security not described`}` : ''})`,
  );
  const apis = s.apis === 0 ? 'No API was found in the inputs.' : `${plural(s.apis, 'API was', 'APIs were')} assessed: ${parts.join(', ')}.`;
  const sev = [...SEVERITIES].reverse().filter((x) => s.bySeverity[x]).map((x) => `${s.bySeverity[x]} ${x}`);
  return `${apis} ${s.findings ? `The rules raised ${plural(s.findings, 'finding')} (${sev.join(', ')}).` : 'The rules raised no findings.'}${s.suppressed ? ` ${plural(s.suppressed, 'finding was', 'findings were')} suppressed with a stated reason.` : ''}`;
}

/** The inventory across APIs (static credentials and unbound bearer tokens first) and the control matrix, APIs × controls. */
function inventoryView(report: Report, apis: ReturnType<typeof apiView>[]) {
  const rows = report.apis.flatMap((a, i) => (a.credentials ?? []).map((c) => ({ api: apis[i]!.name, anchor: apis[i]!.anchor, c })));
  const ordered = [...rows.filter((r) => riskOf(r.c)), ...rows.filter((r) => !riskOf(r.c))];
  const withControls = report.apis.map((a, i) => ({ a, v: apis[i]! })).filter((x) => x.a.controls);
  const counts = Object.fromEntries(['evidenced', 'partial', 'absent', 'unknown'].map((s) => [s, 0]));
  for (const { v } of withControls) for (const c of v.controls) counts[c.status]!++;
  return {
    any: rows.length > 0 || withControls.length > 0,
    total: rows.length,
    risky: rows.filter((r) => riskOf(r.c)).length,
    rows: ordered.slice(0, MAX_INVENTORY_ROWS).map((r) => ({ api: r.api, anchor: r.anchor, ...credentialView(r.c) })),
    more: Math.max(0, ordered.length - MAX_INVENTORY_ROWS),
    columns: CONTROLS.map((c) => ({ title: c.title, short: c.short, question: c.question })),
    matrix: withControls.map(({ v }) => ({ name: v.name, anchor: v.anchor, cells: v.controls })),
    counts: `${counts['evidenced']} evidenced, ${counts['partial']} partial, ${counts['absent']} absent, ${counts['unknown']} unknown`,
  };
}

/** Renders the HTML audit report. Deterministic: the same report gives the same bytes. */
export function renderHtml(input: Report, opts: Pick<RenderOptions, 'gates' | 'snippets'>): string {
  const report = singleLineStrings(input);
  const gates = singleLineStrings(opts.gates);
  const s = report.summary;
  const referenced = report.inputs.filter((i) => i.referencedBy).length;
  const others = findingList(report.findings, opts.snippets);
  const active = [...report.apis.flatMap((a) => a.findings), ...report.findings].filter((f) => !f.suppressed);
  // Two APIs of one name (two Kong services called svc1) are told apart by their id.
  const nameCount = new Map<string, number>();
  for (const a of report.apis) nameCount.set(a.name, (nameCount.get(a.name) ?? 0) + 1);
  const shown = (a: ReportApi) => ((nameCount.get(a.name) ?? 0) > 1 ? `${a.name} (${a.id})` : a.name);
  const apis = report.apis.map((a, i) => ({ ...apiView(a, i, opts.snippets), name: shown(a) }));
  const view = {
    tool: report.tool,
    schemaVersion: report.schemaVersion,
    generatedAt: report.generatedAt,
    single: report.apis.length === 1 ? report.apis[0]!.name : undefined,
    summary: {
      apis: plural(s.apis, 'API'),
      apiCount: s.apis,
      operations: plural(s.operations, 'operation'),
      inputs: `${plural(report.inputs.length, 'input file')}${referenced ? ` (${referenced} referenced)` : ''}`,
      sentence: summarySentence(report),
      belowBearer: report.apis.filter((a) => a.maturity.level < 2).length,
      belowTarget: report.apis.filter((a) => !a.governance.meetsTarget).length,
      severities: (['critical', 'high', 'medium', 'low', 'info'] as Severity[]).map((x) => ({ name: x[0]!.toUpperCase() + x.slice(1), count: s.bySeverity[x], bad: s.bySeverity[x] > 0 && (x === 'critical' || x === 'high') })),
    },
    gates: gates.map((g) => ({
      gate: g.gate,
      threshold: g.threshold,
      passed: g.passed,
      failures: g.failures.slice(0, MAX_GATE_FAILURES).map((f) => f.detail),
      more: Math.max(0, g.failures.length - MAX_GATE_FAILURES),
    })),
    levelChart: levelChart(s.byLevel),
    heatmap: heatmap(active),
    levels: LEVELS,
    apis,
    inventory: inventoryView(report, apis),
    hasOthers: report.findings.length > 0,
    others: others.list,
    otherGroups: others.groups,
    inputs: report.inputs,
    skipped: report.skipped,
    config: report.config?.file,
    exceptions: (report.exceptions ?? []).map((e) => ({ ...e, expired: e.status === 'expired' })),
    baseline: report.baseline ? { file: report.baseline.file, baselined: report.baseline.baselined, fixed: report.baseline.fixed.length } : undefined,
  };
  // The template holds none of these characters: any in the page came from an input, and is shown, not obeyed.
  return showInvisible(compiled(view));
}
