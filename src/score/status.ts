import type { Confidence, Loc } from '../model/types.js';

export type StatusValue = 'pass' | 'fails' | 'unknown' | 'n/a';

/** A metadata field (or other input value) that decided a requirement: its name, value and place. */
export interface Decider {
  field: string;
  /** The value as published, or the default that applies when the field is absent (undefined: absent, no default). */
  value: unknown;
  loc: Loc;
  /** The field is absent from the document (`loc` is then the document's). */
  absent?: boolean;
  /** Set when the field is absent and `value` is the default of this standard (e.g. `RFC 8414 §2`). */
  default?: string;
}

/** One requirement's outcome for one operation (or, merged, for an API). */
export interface ReqStatus {
  id: string;
  status: StatusValue;
  /** Why: the value or declaration that decided it. */
  reason: string;
  confidence?: Confidence;
  /** Where the deciding evidence is. */
  locs?: Loc[];
  /** Overrides the requirement's default settle-with text. */
  settleWith?: string;
  /** The fields and values that decided it (metadata evaluations). */
  decidedBy?: Decider[];
}

const RANK: Record<StatusValue, number> = { fails: 3, unknown: 2, pass: 1, 'n/a': 0 };

/** The worse of two statuses (fails > unknown > pass > n/a); reasons of the worse one are kept. */
export function worse(a: ReqStatus | undefined, b: ReqStatus): ReqStatus {
  if (!a) return b;
  if (RANK[b.status] > RANK[a.status]) return b;
  if (RANK[b.status] === RANK[a.status] && b.status !== 'pass' && a.reason !== b.reason && !a.reason.includes(b.reason)) {
    const locs = [...(a.locs ?? []), ...(b.locs ?? [])];
    const decidedBy = [...(a.decidedBy ?? []), ...(b.decidedBy ?? [])];
    return { ...a, reason: `${a.reason}; ${b.reason}`, ...(locs.length ? { locs } : {}), ...(decidedBy.length ? { decidedBy } : {}) };
  }
  return a;
}

export function pass(id: string, reason: string, confidence: Confidence = 'low', locs?: Loc[]): ReqStatus {
  return { id, status: 'pass', reason, confidence, ...(locs ? { locs } : {}) };
}
export function fails(id: string, reason: string, confidence: Confidence = 'low', locs?: Loc[]): ReqStatus {
  return { id, status: 'fails', reason, confidence, ...(locs ? { locs } : {}) };
}
export function unknown(id: string, reason: string, settleWith?: string): ReqStatus {
  return { id, status: 'unknown', reason, ...(settleWith ? { settleWith } : {}) };
}
export function na(id: string, reason: string): ReqStatus {
  return { id, status: 'n/a', reason };
}
