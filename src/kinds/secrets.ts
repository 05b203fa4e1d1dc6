// Credentials written into configs: recognised, then kept only as a redacted form. The value itself never enters the
// model, so no renderer can ever print it.

import { createHash } from 'node:crypto';
import type { ConfigSecret, Evidence, InputKind, Loc } from '../model/types.js';

/**
 * Values that stand for a secret kept elsewhere: environment or template variables (`$VAR`, `${VAR}`, `{{ var }}`),
 * vault references (`{vault://…}`), angle-bracket placeholders (`<client-secret>`), and CloudFormation intrinsics
 * (objects such as `{Ref: …}`).
 */
export function isPlaceholder(v: unknown): boolean {
  if (typeof v !== 'string') return true;
  const s = v.trim();
  if (s === '') return true;
  return /^\$[A-Za-z_][A-Za-z0-9_]*$/.test(s) || /\$\{[^}]*\}/.test(s) || /\{\{.*\}\}/.test(s) || /^\{vault:\/\/[^}]*\}$/.test(s) || /^<[^<>]+>$/.test(s) || /^\*+$/.test(s);
}

/** A short prefix (at most a quarter of the value, never more than 4 characters) and a SHA-256 prefix. */
export function redact(value: string): string {
  const hash = createHash('sha256').update(value).digest('hex').slice(0, 8);
  if (/^-----BEGIN /.test(value)) return `PEM…#${hash}`;
  const n = Math.min(4, Math.floor(value.length / 4));
  return `${value.slice(0, n)}…#${hash}`;
}

/**
 * Evidence for a secret found at `loc`, or undefined when the value is a placeholder. Callers pass the raw value here
 * and nowhere else.
 */
export function secretEvidence(source: InputKind, kind: string, value: unknown, loc: Loc, owner?: string): Evidence | undefined {
  if (isPlaceholder(value)) return undefined;
  const secret: ConfigSecret = { kind, redacted: redact(value as string) };
  if (owner) secret.owner = owner;
  return {
    kind: 'configured',
    source,
    confidence: 'high',
    summary: `${kind}${owner ? ` of ${owner}` : ''} written into the config (${secret.redacted})`,
    loc,
    secret,
  };
}
