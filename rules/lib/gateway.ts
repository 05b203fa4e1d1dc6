// Helpers for rules about gateway and mesh configuration. They read the model only: configured postures, their
// credentials, and typed controls (rate limits, CORS, TLS…), never a gateway's own format.
import type { Api, AuthPosture, Control, ControlType, Credential, Evidence, Loc, Operation } from '../../src/model/types.js';

/** Postures stated by a gateway or mesh configuration. */
export function configuredPostures(op: Operation): AuthPosture[] {
  return op.auth.filter((p) => p.evidence === 'configured' && !p.silent);
}

/** True when some gateway or mesh configuration speaks about this operation. */
export function isRouted(op: Operation): boolean {
  return configuredPostures(op).length > 0;
}

/** The evidence records carrying a control of the given type. */
export function controlsOf(op: Operation, type: ControlType): (Evidence & { control: Control })[] {
  return op.evidence.filter((e): e is Evidence & { control: Control } => e.control?.type === type);
}

/** Every credential of the configured postures, with the alternative it belongs to. */
export function configuredCredentials(op: Operation): { cred: Credential; alt: Credential[]; posture: AuthPosture }[] {
  return configuredPostures(op).flatMap((posture) => posture.alternatives.flatMap((alt) => alt.map((cred) => ({ cred, alt, posture }))));
}

export function locKey(loc: Loc): string {
  return `${loc.file}\u0000${loc.doc ?? 0}\u0000${loc.pointer}`;
}

/** Groups operations under a location (the plugin, route or setting a finding is about), in first-seen order. */
export class ByLoc<T> {
  private readonly groups = new Map<string, { loc: Loc; ops: string[]; first: T }>();
  add(loc: Loc, op: Operation, item: T): void {
    const k = locKey(loc);
    const g = this.groups.get(k);
    if (g) {
      if (!g.ops.includes(op.key)) g.ops.push(op.key);
    } else this.groups.set(k, { loc, ops: [op.key], first: item });
  }
  entries(): { loc: Loc; ops: string[]; first: T }[] {
    return [...this.groups.values()];
  }
}

/** `a, b and 3 more` for messages. */
export function opsLabel(ops: string[]): string {
  if (ops.length === 1) return ops[0]!;
  if (ops.length <= 3) return ops.join(', ');
  return `${ops.slice(0, 2).join(', ')} and ${ops.length - 2} more`;
}

/** Configured credentials that match, grouped by where they are configured (one finding per plugin or authorizer). */
export function credentialGroups(api: Api, match: (c: Credential) => boolean): { loc: Loc; ops: string[]; first: Credential }[] {
  const groups = new ByLoc<Credential>();
  for (const op of api.operations) for (const { cred } of configuredCredentials(op)) if (match(cred)) groups.add(cred.loc, op, cred);
  return groups.entries();
}

/** Controls of one type that match, grouped by where they are configured. */
export function controlGroups(api: Api, type: ControlType, match: (c: Control, op: Operation) => boolean): { loc: Loc; ops: string[]; first: Control }[] {
  const groups = new ByLoc<Control>();
  for (const op of api.operations) for (const e of controlsOf(op, type)) if (match(e.control, op)) groups.add(e.loc, op, e.control);
  return groups.entries();
}

/** A token credential (bearer or DPoP). */
export const isToken = (c: Credential): boolean => c.type === 'bearer' || c.type === 'dpop';
