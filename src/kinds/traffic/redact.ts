// Secrets seen in traffic never leave the adapter: keys, tokens, passwords and cookie values become a short prefix and
// a hash, enough to tell two values apart and to find them in one's own logs, useless to anyone else.

import { createHash } from 'node:crypto';

/** A short prefix (at most a quarter of the value, never more than 4 characters) and a SHA-256 prefix: `eyJh…#3f9a1c2e`. */
export function redact(value: string): string {
  const hash = createHash('sha256').update(value).digest('hex').slice(0, 8);
  const n = Math.min(4, Math.floor(value.length / 4));
  return `${value.slice(0, n)}…#${hash}`;
}

/** A short, stable, non-reversible identity for grouping calls by client (never shown). */
export function identity(value: string): string {
  return createHash('sha256').update(value).digest('base64').slice(0, 16);
}
