import type { AuthPosture, Credential, EvidenceKind, Operation } from './types.js';

function nonSilent(op: Operation, kind: EvidenceKind): AuthPosture[] {
  return op.auth.filter((p) => p.evidence === kind && !p.silent);
}

/**
 * The postures that decide an operation's level: a gateway's configuration replaces the description's declaration
 * (MATURITY.md: gateway evidence replaces a spec-only level), and calls observed in traffic always count, because a
 * weaker credential accepted proves the weaker level.
 */
export function governingPostures(op: Operation): AuthPosture[] {
  const cfg = nonSilent(op, 'configured');
  const decl = nonSilent(op, 'declared');
  const obs = nonSilent(op, 'observed');
  const base = cfg.length ? cfg : decl.length ? decl : [];
  return [...base, ...obs];
}

/** Every alternative of the governing postures. */
export function governingAlternatives(op: Operation): Credential[][] {
  return governingPostures(op).flatMap((p) => p.alternatives);
}

/** True when some governing alternative accepts anonymous calls. */
export function acceptsAnonymous(op: Operation): boolean {
  return governingPostures(op).some((p) => p.alternatives.some((a) => a.length === 0));
}

/** True when no input describes how the operation authenticates. */
export function isUndescribed(op: Operation): boolean {
  return governingPostures(op).length === 0;
}

export const WRITE_METHODS = new Set(['post', 'put', 'patch', 'delete']);

/** The level one credential set reaches on its own (the ladder's rough shape; the scorer has the full rules). */
export function alternativeLevel(alt: Credential[]): number {
  if (alt.length === 0) return 0;
  if (alt.some((c) => (c.type === 'bearer' || c.type === 'dpop') && c.validated === false)) return 0;
  let best = 1;
  for (const c of alt) {
    if (c.type === 'dpop' || (c.type === 'bearer' && c.binding)) best = Math.max(best, c.staticSecret ? 1 : 3);
    else if (c.type === 'bearer') best = Math.max(best, c.staticSecret ? 1 : 2);
  }
  return best;
}

/** The level a posture reaches: its weakest alternative, capped by plain http and bearer fallback. */
export function postureLevel(p: AuthPosture): number {
  if (p.silent || p.alternatives.length === 0) return 0;
  let l = Math.min(...p.alternatives.map(alternativeLevel));
  if (p.plaintext || p.bearerFallback) l = Math.min(l, 2);
  return l;
}
