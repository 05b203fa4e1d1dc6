// SARIF 2.1.0 for code-scanning tools (GitHub code scanning, Azure DevOps, IDE viewers): one run, every rule with its
// help text, every finding as a result with a physical location, and the maturity requirements that keep an API from
// its next level as results of their own rules (`maturity/R2.1`). Deterministic: no timestamps unless the report has one.

import { createHash } from 'node:crypto';
import type { RuleMeta } from '../model/rule.js';
import type { Severity } from '../model/types.js';
import type { Requirement } from '../score/requirements.js';
import type { RenderOptions } from './formats.js';
import type { Location, Report, ReportApi, ReportFinding, ReportUnmet } from './types.js';
import { escapeInvisibles } from './json.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const INFORMATION_URI = 'https://api-maturity.dev/';
export const MATURITY_RULE_PREFIX = 'maturity/';
const FINGERPRINT_KEY = 'apiMaturity/v1';

type Level = 'error' | 'warning' | 'note';

/** GitHub reads `security-severity` (0–10): ≥ 9 critical, ≥ 7 high, ≥ 4 medium, otherwise low. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '1.0' };
const LEVEL_OF: Record<Severity, Level> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
/** A missing rung low on the ladder is worse than one near the top. */
const REQUIREMENT_SEVERITY = ['9.0', '8.0', '6.5', '5.0', '3.5'];
const LEVEL_NAMES = ['none', 'API key', 'bearer (OAuth 2.0 / OIDC)', 'sender-constrained', 'FAPI 2.0'];

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  defaultConfiguration: { level: Level };
  properties: Record<string, unknown>;
}

/** Tags GitHub shows beside an alert: `security`, the OWASP ids, and the category names. */
function owaspTags(owasp: string[]): string[] {
  return [...owasp, ...owasp.map((o) => `owasp-${o.replace(/:2023$/, '').toLowerCase()}`)];
}

/** `api2-key-in-url` → `Api2KeyInUrl` (SARIF `name`: a readable identifier). */
function pascal(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

/** SARIF messages are plain sentences: one line, ending with a full stop. */
function sentence(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

function ruleFromMeta(m: RuleMeta): SarifRule {
  const tags = ['security', ...owaspTags(m.owasp)];
  return {
    id: m.id,
    name: pascal(m.id),
    shortDescription: { text: sentence(m.title) },
    fullDescription: { text: sentence(m.description) },
    help: {
      text: `${sentence(m.description)} Remediation: ${sentence(m.remediation)}`,
      markdown: `${sentence(m.description)}\n\n**Remediation.** ${sentence(m.remediation)}${m.owasp.length ? `\n\nOWASP API Security Top 10 (2023): ${m.owasp.join(', ')}.` : ''}${m.requirement ? `\n\nMaturity requirement: ${m.requirement}.` : ''}`,
    },
    defaultConfiguration: { level: LEVEL_OF[m.severity] },
    properties: {
      tags,
      'security-severity': SECURITY_SEVERITY[m.severity],
      precision: m.confidence === 'low' ? 'medium' : 'high',
      'problem.severity': LEVEL_OF[m.severity] === 'note' ? 'recommendation' : LEVEL_OF[m.severity],
      ...(m.requirement ? { requirement: m.requirement } : {}),
    },
  };
}

function ruleFromRequirement(r: Pick<Requirement, 'id' | 'level' | 'title' | 'remediation' | 'role'> & { source?: string; settleWith?: string }): SarifRule {
  const title = `Maturity level ${r.level} (${LEVEL_NAMES[r.level]}): ${r.title}`;
  const full = `${r.id} is a ${r.role === 'gate' ? 'requirement' : r.role === 'grade' ? 'grading requirement' : 'recommendation'} of maturity level ${r.level} (${LEVEL_NAMES[r.level]})${r.source ? `, from ${r.source}` : ''}: ${r.title}`;
  return {
    id: `${MATURITY_RULE_PREFIX}${r.id}`,
    name: `MaturityRequirement${r.id.replace(/[^0-9]+/g, '_').replace(/^_|_$/g, '')}`,
    shortDescription: { text: sentence(title) },
    fullDescription: { text: sentence(full) },
    help: {
      text: `${sentence(full)} Remediation: ${sentence(r.remediation)}${r.settleWith ? ` When it is unknown, this input would settle it: ${sentence(r.settleWith)}` : ''}`,
      markdown: `${sentence(full)}\n\n**Remediation.** ${sentence(r.remediation)}${r.settleWith ? `\n\n**When it is unknown**, this input would settle it: ${sentence(r.settleWith)}` : ''}`,
    },
    defaultConfiguration: { level: r.level <= 2 ? 'error' : 'warning' },
    properties: {
      tags: ['security', 'maturity', `maturity-level-${r.level}`],
      'security-severity': REQUIREMENT_SEVERITY[r.level] ?? '5.0',
      precision: 'medium',
      'problem.severity': r.level <= 2 ? 'error' : 'warning',
    },
  };
}

/** A relative path as a URI reference: each segment percent-encoded, `/` kept. Remote documents keep their URL. */
export function fileUri(file: string): string {
  if (/^https?:\/\//i.test(file)) return file;
  return file
    .split('/')
    .map((seg) => encodeURIComponent(seg).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}

function hash(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

/** Renders the report as a SARIF 2.1.0 log. */
export function renderSarif(report: Report, opts: RenderOptions): string {
  // Rules: every known rule and requirement, then any rule id a finding carries that the metadata does not know.
  const rules: SarifRule[] = [];
  const ruleIndex = new Map<string, number>();
  const addRule = (r: SarifRule) => {
    if (ruleIndex.has(r.id)) return;
    ruleIndex.set(r.id, rules.length);
    rules.push(r);
  };
  for (const m of opts.rules ?? []) addRule(ruleFromMeta(m));
  const allFindings = [...report.apis.flatMap((a) => a.findings), ...report.findings];
  for (const f of allFindings) {
    if (!ruleIndex.has(f.ruleId)) {
      addRule(ruleFromMeta({ id: f.ruleId, title: f.title, description: f.title, severity: f.severity, owasp: f.owasp, remediation: f.remediation, tests: { fail: [], pass: [] } }));
    }
  }
  for (const r of opts.requirements ?? []) addRule(ruleFromRequirement(r));
  for (const a of report.apis) for (const u of a.maturity.unmet) if (!ruleIndex.has(`${MATURITY_RULE_PREFIX}${u.requirement}`)) addRule(ruleFromRequirement({ ...u, id: u.requirement }));

  // Artifacts: the inputs, with their hashes.
  const artifactIndex = new Map<string, number>();
  const artifacts = report.inputs.map((i, n) => {
    artifactIndex.set(i.file, n);
    return {
      location: { uri: fileUri(i.file) },
      length: i.bytes,
      hashes: { 'sha-256': i.sha256 },
      properties: { kind: i.kind, ...(i.referencedBy ? { referencedBy: i.referencedBy } : {}) },
    };
  });

  const physical = (l: Location) => {
    const idx = artifactIndex.get(l.file);
    return {
      physicalLocation: {
        artifactLocation: { uri: fileUri(l.file), ...(idx !== undefined ? { index: idx } : {}) },
        region: { startLine: l.line ?? 1, ...(l.column !== undefined ? { startColumn: l.column } : {}) },
      },
      logicalLocations: [{ fullyQualifiedName: `${l.file}#${l.pointer}${l.doc ? ` (document ${l.doc + 1})` : ''}`, kind: 'object' }],
    };
  };

  const results: unknown[] = [];
  const findingResult = (f: ReportFinding, api: ReportApi | undefined) => {
    const where = f.operations?.length ? ` (${f.operations.slice(0, 5).join(', ')}${f.operations.length > 5 ? `, and ${f.operations.length - 5} more` : ''})` : '';
    results.push({
      ruleId: f.ruleId,
      ruleIndex: ruleIndex.get(f.ruleId)!,
      level: LEVEL_OF[f.severity],
      message: { text: sentence(`${api ? `${api.name}: ` : ''}${f.message}${where}. Remediation: ${f.remediation}`) },
      locations: [physical(f.location)],
      partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
      ...(f.suppressed ? { suppressions: [{ kind: f.suppressed.by === 'inline' ? 'inSource' : 'external', justification: f.suppressed.reason }] } : {}),
      properties: {
        severity: f.severity,
        owasp: f.owasp,
        pointer: f.location.pointer,
        ...(api ? { api: api.id } : {}),
        ...(f.confidence ? { confidence: f.confidence } : {}),
        ...(f.requirement ? { requirement: f.requirement } : {}),
      },
    });
  };

  for (const a of report.apis) {
    for (const f of a.findings) findingResult(f, a);
    for (const u of frontier(a)) {
      const id = `${MATURITY_RULE_PREFIX}${u.requirement}`;
      const ops = u.operationCount > 1 ? ` (${u.operationCount} operations, e.g. ${u.operations[0]})` : u.operations.length ? ` (${u.operations[0]})` : '';
      const text =
        u.status === 'fails'
          ? `${a.name} is at maturity level ${a.maturity.level}: requirement ${u.requirement} of level ${u.level} is not met${ops}: ${u.reason}. Remediation: ${u.remediation}`
          : `${a.name} is at maturity level ${a.maturity.level}: requirement ${u.requirement} of level ${u.level} is unknown${ops}: ${u.reason}.${u.settleWith ? ` It would be settled by ${u.settleWith}.` : ''}`;
      results.push({
        ruleId: id,
        ruleIndex: ruleIndex.get(id)!,
        level: u.status === 'fails' ? (u.level <= 2 && u.role === 'gate' ? 'error' : 'warning') : 'note',
        message: { text: sentence(text) },
        locations: [physical(unmetLocation(a, u))],
        partialFingerprints: { [FINGERPRINT_KEY]: hash('maturity', a.id, u.requirement, u.status) },
        properties: { api: a.id, level: a.maturity.level, requirementLevel: u.level, status: u.status, operationCount: u.operationCount },
      });
    }
  }
  for (const f of report.findings) findingResult(f, undefined);

  const run: Record<string, unknown> = {
    tool: {
      driver: {
        name: report.tool.name,
        version: report.tool.version,
        ...(/^\d+\.\d+\.\d+/.test(report.tool.version) ? { semanticVersion: report.tool.version } : {}),
        informationUri: INFORMATION_URI,
        rules,
      },
    },
    ...(report.generatedAt ? { invocations: [{ executionSuccessful: true, endTimeUtc: report.generatedAt }] } : {}),
    artifacts,
    results,
    columnKind: 'utf16CodeUnits',
    properties: {
      schemaVersion: report.schemaVersion,
      apis: report.apis.map((a) => ({
        id: a.id,
        name: a.name,
        level: a.maturity.level,
        label: a.maturity.label,
        ceiling: a.maturity.ceiling,
        described: a.maturity.described,
        sensitivity: a.governance.sensitivity.class,
        target: a.governance.target,
        meetsTarget: a.governance.meetsTarget,
        ...(a.credentials
          ? {
              credentials: a.credentials.map((c) => ({
                id: c.id,
                kind: c.kind,
                ...(c.presented ? { presented: c.presented } : {}),
                issuedBy: c.issuedBy,
                static: c.static,
                binding: c.binding,
                ...(c.lifetimeSeconds !== undefined ? { lifetimeSeconds: c.lifetimeSeconds } : {}),
                storedIn: c.storedIn.length,
                operations: c.operations,
              })),
            }
          : {}),
        ...(a.controls ? { controls: Object.fromEntries(Object.entries(a.controls).map(([id, c]) => [id, c.status])) } : {}),
      })),
      byLevel: report.summary.byLevel,
      gates: opts.gates.map((g) => ({ gate: g.gate, threshold: g.threshold, passed: g.passed })),
    },
  };
  return escapeInvisibles(JSON.stringify({ $schema: SARIF_SCHEMA, version: '2.1.0', runs: [run] }, null, 2)) + '\n';
}

/** The requirements that keep an API from its next level: not met (`fails` or `unknown`) at a level up to level + 1. */
function frontier(a: ReportApi): ReportUnmet[] {
  return a.maturity.unmet.filter((u) => u.status !== 'n/a' && u.level <= a.maturity.level + 1);
}

/** Where an unmet requirement shows: its own location, else the first operation it concerns, else the API's document. */
function unmetLocation(a: ReportApi, u: ReportUnmet): Location {
  if (u.locations[0]) return u.locations[0];
  for (const key of u.operations) {
    const op = a.operations.find((o) => `${o.method.toUpperCase()} ${o.path}` === key);
    if (op) return op.location;
  }
  return { file: a.sources[0] ?? a.operations[0]?.location.file ?? '', pointer: '' };
}
