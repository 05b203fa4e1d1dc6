// The exceptions register: documented, owned, expiring exceptions from the configuration. An active exception for a
// rule suppresses that rule's findings on the API; one without a rule excuses the API from the level gates
// (`--fail-below`, `--fail-below-target`) and from level regressions in `diff`. Expired exceptions apply to nothing,
// are listed, and fail the run when any gate is set.

import type { ExceptionEntry } from '../config/types.js';
import { apiMatches } from '../config/glob.js';
import type { Finding } from '../model/rule.js';
import type { Api } from '../model/types.js';

export interface ExceptionStatus extends ExceptionEntry {
  status: 'active' | 'expired';
  /** APIs it matched. */
  apis: string[];
  /** Findings it suppressed (rule exceptions). */
  findings: number;
}

/** Today's date (UTC, YYYY-MM-DD); `SOURCE_DATE_EPOCH` pins it for reproducible runs. */
export function today(): string {
  const epoch = process.env['SOURCE_DATE_EPOCH'];
  const d = epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : new Date();
  return d.toISOString().slice(0, 10);
}

export function isActive(e: ExceptionEntry, on: string): boolean {
  return e.expires >= on;
}

/** Applies the register: marks excepted findings, and returns each entry's status and the API-level exceptions. */
export function applyExceptions(
  entries: ExceptionEntry[],
  apis: Api[],
  findings: Finding[],
  on: string,
): { statuses: ExceptionStatus[]; apiExceptions: Map<string, ExceptionStatus> } {
  const statuses: ExceptionStatus[] = [];
  const apiExceptions = new Map<string, ExceptionStatus>();
  for (const e of entries) {
    const st: ExceptionStatus = { ...e, status: isActive(e, on) ? 'active' : 'expired', apis: [], findings: 0 };
    const matched = apis.filter((a) => apiMatches(e.api, a));
    st.apis = matched.map((a) => a.id).sort();
    if (st.status === 'active') {
      const ids = new Set(st.apis);
      if (e.rule) {
        for (const f of findings) {
          if (f.ruleId !== e.rule || !f.apiId || !ids.has(f.apiId) || f.suppressed) continue;
          f.suppressed = { by: 'exception', reason: `${e.reason} (owner ${e.owner}, until ${e.expires})` };
          st.findings++;
        }
      } else for (const id of st.apis) if (!apiExceptions.has(id)) apiExceptions.set(id, st);
    } else if (!e.rule) for (const id of st.apis) if (!apiExceptions.has(id)) apiExceptions.set(id, st);
    statuses.push(st);
  }
  return { statuses, apiExceptions };
}
