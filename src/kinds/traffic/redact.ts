// Secrets seen in traffic never leave the adapter: keys, tokens, passwords and cookie values become a short prefix and
// a hash (the same form as secrets written into configs), enough to tell two values apart and to find them in one's
// own logs, useless to anyone else.

import { createHash } from 'node:crypto';

export { redact } from '../secrets.js';

/** A short, stable, non-reversible identity for grouping calls by client (never shown). */
export function identity(value: string): string {
  return createHash('sha256').update(value).digest('base64').slice(0, 16);
}
