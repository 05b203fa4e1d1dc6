import type { Finding } from '../model/rule.js';
import type { Api, Loc, MetadataLink, Severity, TrafficStats } from '../model/types.js';
import { LEVEL_LABELS, SEVERITIES } from '../model/types.js';
import { cmp, HTTP_METHODS } from '../model/util.js';
import type { ApiFapi, ApiScore, EvidenceOut } from '../score/ladder.js';
import type { Decider } from '../score/status.js';
import type { ApiInventory, ControlMatrix, CredentialPath } from '../inventory/types.js';
import {
  SCHEMA_VERSION,
  type Location,
  type Report,
  type ReportApi,
  type ReportBaseline,
  type ReportControls,
  type ReportCredential,
  type ReportDecider,
  type ReportException,
  type ReportFapi,
  type ReportFinding,
  type ReportGovernance,
  type ReportInput,
  type ReportObserved,
  type ReportSummary,
} from './types.js';

export const OWASP_IDS = Array.from({ length: 10 }, (_, i) => `API${i + 1}:2023`);
const MAX_UNMET_OPS = 20;
const METHOD_ORDER: readonly string[] = HTTP_METHODS;
/** Position of a method in METHOD_ORDER; methods not in it (a gateway's `any`) come after those that are. */
const methodRank = (m: string): number => {
  const i = METHOD_ORDER.indexOf(m);
  return i < 0 ? METHOD_ORDER.length : i;
};

/** Locations not already given by a decider (metadata statuses are located by their `decidedBy`). */
function besides(locs: Loc[], decided: Decider[]): Loc[] {
  return locs.filter((l) => !decided.some((d) => d.loc.file === l.file && d.loc.pointer === l.pointer));
}

export interface BuildInput {
  toolVersion: string;
  inputs: ReportInput[];
  skipped: { file: string; reason: string }[];
  apis: Api[];
  scores: Map<string, ApiScore>;
  /** Credential paths and control matrix per API id (absent: reports carry none). */
  inventory?: Map<string, ApiInventory>;
  findings: Finding[];
  /** Line and column of a location (looked up only for what the report shows). */
  locate: (loc: Loc) => { line: number; column: number } | undefined;
  generatedAt?: string;
  /** Sensitivity, target and API-level exception per API id. */
  governance: Map<string, ReportGovernance>;
  exceptions?: ReportException[];
  baseline?: ReportBaseline;
  configFile?: string;
}


/** Builds the report every renderer consumes. Deterministic: the same inputs give the same object, key order included. */
export function buildReport(b: BuildInput): Report {
  const location = (loc: Loc): Location => {
    const out: Location = { file: loc.file, pointer: loc.pointer };
    const p = b.locate(loc);
    if (p) {
      out.line = p.line;
      out.column = p.column;
    }
    if (loc.doc) out.doc = loc.doc;
    return out;
  };
  const finding = (f: Finding): ReportFinding => {
    const out: ReportFinding = {
      ruleId: f.ruleId,
      title: f.title,
      severity: f.severity,
      owasp: f.owasp,
      message: f.message,
      remediation: f.remediation,
      location: location(f.loc),
      fingerprint: f.fingerprint,
    };
    if (f.operations) out.operations = f.operations;
    if (f.confidence) out.confidence = f.confidence;
    if (f.requirement) out.requirement = f.requirement;
    if (f.sensitive) out.sensitive = true;
    if (f.suppressed) out.suppressed = { by: f.suppressed.by, reason: f.suppressed.reason, ...(f.suppressed.loc ? { location: location(f.suppressed.loc) } : {}) };
    return out;
  };
  const decided = (d: Decider): ReportDecider => ({
    field: d.field,
    ...(d.value !== undefined ? { value: d.value } : {}),
    location: location(d.loc),
    ...(d.absent ? { absent: true } : {}),
    ...(d.default ? { default: d.default } : {}),
  });
  const fapi = (f: ApiFapi): ReportFapi => ({
    ...(f.profile ? { profile: f.profile } : {}),
    ...(f.sublevel ? { sublevel: f.sublevel } : {}),
    requirements: f.requirements.map((r) => ({
      requirement: r.requirement,
      title: r.title,
      role: r.role,
      status: r.status,
      reason: r.reason,
      ...(r.confidence ? { confidence: r.confidence } : {}),
      decidedBy: r.decidedBy.map(decided),
      locations: besides(r.locs, r.decidedBy).map(location),
      ...(r.settleWith ? { settleWith: r.settleWith } : {}),
      remediation: r.remediation,
      operations: r.operations.slice(0, MAX_UNMET_OPS),
      operationCount: r.operations.length,
    })),
    messageSigning: f.messageSigning.map((m) => ({
      feature: m.feature,
      status: m.status,
      reason: m.reason,
      decidedBy: m.decidedBy.map(decided),
      locations: besides(m.locs, m.decidedBy).map(location),
    })),
    ...(f.alternative ? { alternative: f.alternative } : {}),
    authorizationServers: f.authServers.map((s) => ({ id: s.issuer, location: location(s.loc), linkedBy: (s.links ?? []).map(link) })),
    protectedResources: f.protectedResources.map((r) => ({ id: r.resource, location: location(r.loc), linkedBy: (r.links ?? []).map(link) })),
  });
  const link = (l: MetadataLink) => ({ via: l.via, ...(l.hint !== undefined ? { hint: l.hint } : {}), ...(l.loc ? { location: location(l.loc) } : {}) });
  const credential = (p: CredentialPath): ReportCredential => ({
    id: p.id,
    kind: p.kind,
    label: p.label,
    ...(p.presented ? { presented: p.presented } : {}),
    issuedBy: p.issuedBy,
    static: p.static,
    storedIn: p.storedIn.map(({ loc, ...rest }) => ({ ...rest, location: location(loc) })),
    binding: p.binding,
    ...(p.lifetimeSeconds !== undefined ? { lifetimeSeconds: p.lifetimeSeconds } : {}),
    scopes: p.scopes,
    sources: p.sources.map(({ loc, ...rest }) => ({ ...rest, location: location(loc) })),
    sourceCount: p.sourceCount,
    operations: p.operations,
  });
  const controls = (m: ControlMatrix): ReportControls =>
    Object.fromEntries(
      Object.entries(m).map(([id, c]) => [id, { status: c.status, reason: c.reason, evidence: c.evidence.map((e) => ({ summary: e.summary, location: location(e.loc) })), ...(c.settleWith ? { settleWith: c.settleWith } : {}) }]),
    ) as ReportControls;
  const evidence = (e: EvidenceOut) => ({ kind: e.kind, source: e.source, confidence: e.confidence, summary: e.summary, location: location(e.loc) });

  const byApi = new Map<string, Finding[]>();
  const orphan: Finding[] = [];
  for (const f of b.findings) {
    if (f.apiId && b.scores.has(f.apiId)) {
      const l = byApi.get(f.apiId) ?? [];
      l.push(f);
      byApi.set(f.apiId, l);
    } else orphan.push(f);
  }

  const apis: ReportApi[] = [...b.apis]
    .sort((x, y) => cmp(x.id, y.id))
    .map((api) => {
      const s = b.scores.get(api.id)!;
      const ops = [...s.operations].sort((x, y) => cmp(x.path, y.path) || methodRank(x.method) - methodRank(y.method) || cmp(x.method, y.method));
      const opIds = new Map(api.operations.map((o) => [o.key, o.operationId]));
      const traffic = new Map(api.operations.filter((o) => o.traffic).map((o) => [o.key, o.traffic!]));
      const out: ReportApi = {
        id: api.id,
        name: api.name,
        ...(api.version !== undefined ? { version: api.version } : {}),
        sources: [...api.sources].sort(cmp),
        kinds: [...new Set(api.kinds)].sort(cmp),
        baseUrls: [...new Set(api.baseUrls)],
        maturity: {
          level: s.level,
          label: s.label,
          ...(s.sublevel ? { sublevel: s.sublevel } : {}),
          described: s.described,
          authenticatedLevel: s.authenticatedLevel,
          ceiling: s.ceiling,
          ...(s.binding ? { binding: s.binding } : {}),
          evidence: s.evidence.map(evidence),
          unmet: s.unmet.map((u) => ({
            level: u.level,
            requirement: u.requirement,
            title: u.title,
            role: u.role,
            status: u.status,
            reason: u.reason,
            ...(u.settleWith ? { settleWith: u.settleWith } : {}),
            remediation: u.remediation,
            operations: u.operations.slice(0, MAX_UNMET_OPS),
            operationCount: u.operations.length,
            locations: u.locs.map(location),
          })),
          ...(s.nextStep ? { nextStep: { level: s.nextStep.level, requirement: s.nextStep.requirement, title: s.nextStep.title, remediation: s.nextStep.remediation } } : {}),
          ...(s.fapi ? { fapi: fapi(s.fapi) } : {}),
        },
        governance: b.governance.get(api.id)!,
        operations: ops.map((o) => ({
          method: o.method,
          path: o.path,
          ...(opIds.get(o.key) ? { operationId: opIds.get(o.key)! } : {}),
          level: o.level,
          label: LEVEL_LABELS[o.level],
          ...(o.sublevel ? { sublevel: o.sublevel } : {}),
          ceiling: o.ceiling,
          ...(o.public ? { public: o.public } : {}),
          location: location(o.loc),
          ...(traffic.has(o.key) ? { observed: observed(traffic.get(o.key)!) } : {}),
        })),
        findings: (byApi.get(api.id) ?? []).map(finding),
      };
      const inv = b.inventory?.get(api.id);
      if (inv) {
        out.credentials = inv.credentials.map(credential);
        out.controls = controls(inv.controls);
      }
      return out;
    });

  const orphans = orphan.map(finding);
  const report: Report = {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'api-maturity', version: b.toolVersion },
    ...(b.generatedAt ? { generatedAt: b.generatedAt } : {}),
    inputs: b.inputs,
    skipped: [...b.skipped].sort((x, y) => cmp(x.file, y.file)),
    apis,
    findings: orphans,
    ...(b.configFile ? { config: { file: b.configFile } } : {}),
    ...(b.exceptions?.length ? { exceptions: b.exceptions } : {}),
    ...(b.baseline ? { baseline: b.baseline } : {}),
    summary: summarize(apis, orphans),
  };
  return report;
}

/** The summary of a report: counts over its APIs and its findings (suppressed ones counted apart). */
export function summarize(apis: ReportApi[], orphans: ReportFinding[]): ReportSummary {
  const all = [...apis.flatMap((a) => a.findings), ...orphans];
  const active = all.filter((f) => !f.suppressed);
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const byOwasp: Record<string, number> = Object.fromEntries(OWASP_IDS.map((id) => [id, 0]));
  for (const f of active) {
    bySeverity[f.severity]++;
    for (const o of f.owasp) if (o in byOwasp) byOwasp[o]!++;
  }
  const byLevel: Record<string, number> = { '0': 0, '1': 0, '2': 0, '3': 0, '4': 0 };
  for (const a of apis) byLevel[String(a.maturity.level)]!++;
  return {
    apis: apis.length,
    operations: apis.reduce((n, a) => n + a.operations.length, 0),
    byLevel,
    bySeverity,
    byOwasp,
    findings: active.length,
    suppressed: all.length - active.length,
  };
}

/** The report's view of an operation's traffic observations (counts, decoded claims, redacted samples). */
function observed(t: TrafficStats): ReportObserved {
  return {
    calls: t.calls,
    statuses: Object.fromEntries(Object.entries(t.statuses).sort((a, b) => cmp(a[0], b[0]))),
    ...(t.first ? { first: t.first } : {}),
    ...(t.last ? { last: t.last } : {}),
    credentials: t.credentials.map((c) => ({
      label: c.label,
      type: c.type,
      ...(c.in ? { in: c.in } : {}),
      ...(c.name ? { name: c.name } : {}),
      samples: c.samples,
      calls: c.calls,
      accepted: c.accepted,
      refused: c.refused,
      plaintext: c.plaintext,
    })),
    tokens: t.tokens.map((k) => ({
      scheme: k.scheme,
      format: k.format,
      ...(k.alg !== undefined ? { alg: k.alg } : {}),
      ...(k.typ !== undefined ? { typ: k.typ } : {}),
      ...(k.iss !== undefined ? { iss: k.iss } : {}),
      ...(k.aud !== undefined ? { aud: k.aud } : {}),
      ...(k.lifetimeSeconds !== undefined ? { lifetimeSeconds: k.lifetimeSeconds } : {}),
      ...(k.cnf !== undefined ? { cnf: k.cnf } : {}),
      fingerprint: k.fingerprint,
      calls: k.calls,
      accepted: k.accepted,
      acceptedExpired: k.acceptedExpired,
      acceptedUnsigned: k.acceptedUnsigned,
    })),
    ...(t.dpop ? { dpop: { calls: t.dpop.calls, valid: t.dpop.valid, failures: Object.fromEntries(Object.entries(t.dpop.failures).sort((a, b) => cmp(a[0], b[0]))), acceptedInvalid: t.dpop.acceptedInvalid } } : {}),
    bindingBypassed: t.bindingBypassed,
    challenges: t.challenges.map((c) => ({ value: c.value, count: c.count })),
    rateLimit: { headers: t.rateLimit.headers, tooMany: t.rateLimit.tooMany, burst: t.rateLimit.burst, windowSeconds: t.rateLimit.windowSeconds },
    bodiesScanned: t.bodiesScanned,
  };
}
