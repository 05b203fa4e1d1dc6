import type { Severity } from '../model/types.js';
import { LEVEL_LABELS, SEVERITIES } from '../model/types.js';
import type { Report } from '../report/types.js';

export interface GateOptions {
  failBelow?: number;
  failOn?: Severity;
  /** Fail when an API is below the target level of its sensitivity class. */
  failBelowTarget?: boolean;
}

export interface GateFailure {
  apiId: string | null;
  detail: string;
}

export interface GateResult {
  gate: 'fail-below' | 'fail-on' | 'fail-below-target' | 'exceptions';
  /** The threshold, as the user wrote it, normalized. */
  threshold: string;
  passed: boolean;
  /** Per API: whether this API passed the gate (for one test case per API per gate). */
  perApi: { apiId: string; passed: boolean; details: string[] }[];
  failures: GateFailure[];
}

export function parseLevel(v: string): number | undefined {
  const t = v.trim().toLowerCase();
  if (/^[0-4]$/.test(t)) return Number(t);
  const i = (LEVEL_LABELS as readonly string[]).indexOf(t);
  return i >= 0 ? i : undefined;
}

export function parseSeverity(v: string): Severity | undefined {
  const t = v.trim().toLowerCase();
  return (SEVERITIES as readonly string[]).includes(t) ? (t as Severity) : undefined;
}

const excused = (a: Report['apis'][number]) => a.governance.exception?.status === 'active';

/**
 * Evaluates the gates against a report. Suppressed findings (inline, baseline, exceptions) never fail a gate; an API with
 * an active exception is excused from the level gates; expired exceptions fail the run whenever a gate is set.
 */
export function evaluateGates(report: Report, opts: GateOptions): GateResult[] {
  const out: GateResult[] = [];
  if (opts.failBelow !== undefined) {
    const min = opts.failBelow;
    const perApi = report.apis.map((a) => {
      const ok = a.maturity.level >= min || excused(a);
      return { apiId: a.id, passed: ok, details: ok ? [] : [`${a.name}: level ${a.maturity.level} (${a.maturity.label}) is below ${min} (${LEVEL_LABELS[min]})`] };
    });
    out.push({
      gate: 'fail-below',
      threshold: `${min} (${LEVEL_LABELS[min]})`,
      passed: perApi.every((p) => p.passed),
      perApi,
      failures: perApi.filter((p) => !p.passed).map((p) => ({ apiId: p.apiId, detail: p.details[0]! })),
    });
  }
  if (opts.failOn !== undefined) {
    const rank = SEVERITIES.indexOf(opts.failOn);
    const hit = (s: Severity) => SEVERITIES.indexOf(s) >= rank;
    const perApi = report.apis.map((a) => {
      const bad = a.findings.filter((f) => !f.suppressed && hit(f.severity));
      return { apiId: a.id, passed: bad.length === 0, details: bad.map((f) => `${f.severity} ${f.ruleId}: ${f.message}`) };
    });
    const orphan = report.findings.filter((f) => !f.suppressed && hit(f.severity));
    const failures: GateFailure[] = [
      ...perApi.flatMap((p) => p.details.map((d) => ({ apiId: p.apiId, detail: d }))),
      ...orphan.map((f) => ({ apiId: null, detail: `${f.severity} ${f.ruleId}: ${f.message}` })),
    ];
    out.push({ gate: 'fail-on', threshold: opts.failOn, passed: failures.length === 0, perApi, failures });
  }
  if (opts.failBelowTarget) {
    const perApi = report.apis.map((a) => {
      const g = a.governance;
      const ok = a.maturity.level >= g.target || excused(a);
      return {
        apiId: a.id,
        passed: ok,
        details: ok ? [] : [`${a.name}: level ${a.maturity.level} (${a.maturity.label}) is below the target ${g.target} (${LEVEL_LABELS[g.target]}) for ${g.sensitivity.class === 'internal' ? 'an' : 'a'} ${g.sensitivity.class} API`],
      };
    });
    out.push({ gate: 'fail-below-target', threshold: 'sensitivity targets', passed: perApi.every((p) => p.passed), perApi, failures: perApi.filter((p) => !p.passed).map((p) => ({ apiId: p.apiId, detail: p.details[0]! })) });
  }
  const expired = (report.exceptions ?? []).filter((e) => e.status === 'expired');
  if (out.length && expired.length) {
    const failures = expired.map((e) => ({ apiId: e.apis[0] ?? null, detail: `exception for ${e.api}${e.rule ? ` / ${e.rule}` : ''} (owner ${e.owner}) expired on ${e.expires}: ${e.reason}` }));
    const perApi = report.apis.map((a) => {
      const mine = expired.filter((e) => e.apis.includes(a.id));
      return { apiId: a.id, passed: mine.length === 0, details: mine.map((e) => `exception expired on ${e.expires}: ${e.reason}`) };
    });
    out.push({ gate: 'exceptions', threshold: 'no expired exceptions', passed: false, perApi, failures });
  }
  return out;
}
