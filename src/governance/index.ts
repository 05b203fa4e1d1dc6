import type { Config, ExceptionEntry, Sensitivity } from '../config/types.js';
import { DEFAULT_TARGETS, SENSITIVITIES } from '../config/types.js';
import { apiMatches } from '../config/glob.js';
import type { Finding } from '../model/rule.js';
import type { Api } from '../model/types.js';
import type { ApiScore } from '../score/ladder.js';
import type { ReportException, ReportGovernance } from '../report/types.js';
import { parseLevel } from '../engine/gates.js';
import { UsageError } from '../load/errors.js';
import { applyExceptions, today } from './exceptions.js';
import { inferSensitivity, type SensitivityResult } from './sensitivity.js';

export interface GovernanceOptions {
  sensitivity?: Config['sensitivity'];
  targets?: Config['targets'];
  exceptions?: ExceptionEntry[];
  /** YYYY-MM-DD; defaults to today (SOURCE_DATE_EPOCH honoured). */
  on?: string;
}

export interface GovernanceResult {
  perApi: Map<string, ReportGovernance>;
  exceptions: ReportException[];
}

export function targetsOf(t: Config['targets']): Record<Sensitivity, number> {
  const out = { ...DEFAULT_TARGETS };
  for (const c of SENSITIVITIES) {
    const v = t?.[c];
    if (v === undefined) continue;
    const l = typeof v === 'number' ? v : parseLevel(v);
    if (l === undefined) throw new UsageError(`targets.${c}: '${v}' is not a level`);
    out[c] = l;
  }
  return out;
}

/** Sensitivity, target and exceptions for every API; marks findings covered by active rule exceptions. */
export function evaluateGovernance(
  apis: Api[],
  scores: Map<string, ApiScore>,
  findings: Finding[],
  opts: GovernanceOptions = {},
  /** Inferred sensitivity of an API (parallel runs infer it where the API's documents are loaded). */
  sensitivityOf: (api: Api) => SensitivityResult = inferSensitivity,
): GovernanceResult {
  const targets = targetsOf(opts.targets);
  const { statuses, apiExceptions } = applyExceptions(opts.exceptions ?? [], apis, findings, opts.on ?? today());
  const perApi = new Map<string, ReportGovernance>();
  for (const api of apis) {
    const configured = opts.sensitivity?.find((s) => apiMatches(s.api, api));
    const sens: SensitivityResult = configured
      ? { class: configured.class, source: 'config', reasons: [configured.reason ?? `configured for '${configured.api}'`] }
      : sensitivityOf(api);
    const level = scores.get(api.id)?.level ?? 0;
    const target = targets[sens.class];
    const g: ReportGovernance = { sensitivity: sens, target, meetsTarget: level >= target };
    const ex = apiExceptions.get(api.id);
    if (ex) g.exception = { reason: ex.reason, owner: ex.owner, expires: ex.expires, status: ex.status };
    perApi.set(api.id, g);
  }
  const exceptions: ReportException[] = statuses.map((s) => ({
    api: s.api,
    ...(s.rule ? { rule: s.rule } : {}),
    reason: s.reason,
    owner: s.owner,
    expires: s.expires,
    status: s.status,
    apis: s.apis,
    findings: s.findings,
  }));
  return { perApi, exceptions };
}
