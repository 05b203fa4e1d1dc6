// Observations from captured traffic: merging the statistics of calls that land on the same operation.

import type { Loc, ObservedCredential, ObservedProofs, ObservedToken, ResponseSignal, TrafficStats } from './types.js';
import { cmp } from './util.js';

/** Most entries kept per list of an operation's observations. */
export const MAX_OBSERVED = 32;

export function emptyTraffic(): TrafficStats {
  return {
    calls: 0,
    statuses: {},
    schemes: [],
    credentials: [],
    tokens: [],
    bindingBypassed: [],
    challenges: [],
    rateLimit: { headers: [], tooMany: 0, burst: 0, windowSeconds: 10 },
    signals: [],
    bodiesScanned: 0,
    cors: { wildcardWithCredentials: 0, nullWithCredentials: 0 },
    hsts: { https: 0, missing: 0 },
  };
}

export function credentialKey(c: Pick<ObservedCredential, 'label' | 'type' | 'in' | 'name'>): string {
  return `${c.type}\u0000${c.in ?? ''}\u0000${(c.name ?? '').toLowerCase()}\u0000${c.label}`;
}

export function tokenKey(t: ObservedToken): string {
  return [t.scheme, t.format, t.alg ?? '', t.typ ?? '', t.iss ?? '', (t.aud ?? []).join(' '), t.cnf ?? '', t.lifetimeSeconds ?? ''].join('\u0000');
}

function mergeList<T>(a: T[], b: T[], key: (x: T) => string, add: (into: T, from: T) => void): T[] {
  const out = a.map((x) => ({ ...x }));
  const by = new Map(out.map((x) => [key(x), x]));
  for (const x of b) {
    const cur = by.get(key(x));
    if (cur) add(cur, x);
    else if (out.length < MAX_OBSERVED) {
      const copy = { ...x };
      out.push(copy);
      by.set(key(x), copy);
    }
  }
  return out;
}

function sumRecord(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
  return out;
}

const firstLoc = (a: Loc | undefined, b: Loc | undefined) => a ?? b;

/** The observations of two sets of calls on one operation, combined. */
export function mergeTraffic(a: TrafficStats | undefined, b: TrafficStats): TrafficStats {
  if (!a) return b;
  const proofs = (x: ObservedProofs | undefined, y: ObservedProofs | undefined): ObservedProofs | undefined =>
    !x ? y : !y ? x : { calls: x.calls + y.calls, valid: x.valid + y.valid, failures: sumRecord(x.failures, y.failures), acceptedInvalid: x.acceptedInvalid + y.acceptedInvalid, loc: x.loc };
  const out: TrafficStats = {
    calls: a.calls + b.calls,
    statuses: sumRecord(a.statuses, b.statuses),
    schemes: [...new Set([...a.schemes, ...b.schemes])].sort(cmp),
    credentials: mergeList(a.credentials, b.credentials, credentialKey, (x, y) => {
      x.calls += y.calls;
      x.accepted += y.accepted;
      x.refused += y.refused;
      x.plaintext += y.plaintext;
      x.samples = [...new Set([...x.samples, ...y.samples])].slice(0, 3);
    }),
    tokens: mergeList(a.tokens, b.tokens, tokenKey, (x, y) => {
      x.calls += y.calls;
      x.accepted += y.accepted;
      x.acceptedExpired += y.acceptedExpired;
      x.acceptedUnsigned += y.acceptedUnsigned;
    }),
    bindingBypassed: [...new Set([...a.bindingBypassed, ...b.bindingBypassed])].sort(cmp).slice(0, MAX_OBSERVED),
    challenges: mergeList(a.challenges, b.challenges, (c) => c.value, (x, y) => (x.count += y.count)),
    rateLimit: {
      headers: [...new Set([...a.rateLimit.headers, ...b.rateLimit.headers])].sort(cmp),
      tooMany: a.rateLimit.tooMany + b.rateLimit.tooMany,
      burst: Math.max(a.rateLimit.burst, b.rateLimit.burst),
      windowSeconds: a.rateLimit.windowSeconds,
      ...((a.rateLimit.burst >= b.rateLimit.burst ? a.rateLimit.burstLoc : b.rateLimit.burstLoc) ? { burstLoc: (a.rateLimit.burst >= b.rateLimit.burst ? a.rateLimit.burstLoc : b.rateLimit.burstLoc)! } : {}),
    },
    signals: mergeList<ResponseSignal>(a.signals, b.signals, (s) => `${s.kind}\u0000${s.where}`, (x, y) => (x.count += y.count)),
    bodiesScanned: a.bodiesScanned + b.bodiesScanned,
    cors: { wildcardWithCredentials: a.cors.wildcardWithCredentials + b.cors.wildcardWithCredentials, nullWithCredentials: a.cors.nullWithCredentials + b.cors.nullWithCredentials },
    hsts: { https: a.hsts.https + b.hsts.https, missing: a.hsts.missing + b.hsts.missing },
  };
  const corsLoc = firstLoc(a.cors.loc, b.cors.loc);
  if (corsLoc) out.cors.loc = corsLoc;
  const hstsLoc = firstLoc(a.hsts.loc, b.hsts.loc);
  if (hstsLoc) out.hsts.loc = hstsLoc;
  const dpop = proofs(a.dpop, b.dpop);
  if (dpop) out.dpop = dpop;
  const first = [a.first, b.first].filter((x): x is string => !!x).sort(cmp)[0];
  const last = [a.last, b.last].filter((x): x is string => !!x).sort(cmp).pop();
  if (first) out.first = first;
  if (last) out.last = last;
  const en = [a.enumeration, b.enumeration].filter((x) => !!x).sort((x, y) => y!.longestRun - x!.longestRun)[0];
  if (en) out.enumeration = en;
  return out;
}
