// From concrete request paths to operation templates and API base paths.

const NUMERIC = /^\d+$/;
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const HEX = /^(?=.*\d)[0-9a-f]{8,}$/i;
/** Opaque identifiers and tokens: long, URL-safe, with digits or mixed case (`cus_9s6XKzkNRiz8i3`, JWTs, keys). */
const OPAQUE = /^[A-Za-z0-9_~.+=-]{16,}$/;
const VERSION = /^v\d+(\.\d+)*$/i;
const BASE_SEGMENT = /^(api|apis|rest|services?)$/i;

function isOpaque(seg: string): boolean {
  if (!OPAQUE.test(seg)) return false;
  const digits = /\d/.test(seg);
  const mixed = /[a-z]/.test(seg) && /[A-Z]/.test(seg);
  return digits || mixed || seg.length >= 32;
}

/** Whether a path segment is a value (id, key, token, e-mail) rather than a name. */
export function isValueSegment(seg: string): boolean {
  if (seg === '') return false;
  if (NUMERIC.test(seg) || UUID.test(seg) || HEX.test(seg)) return true;
  if (seg.includes('@')) return true;
  if (VERSION.test(seg)) return false;
  return isOpaque(seg);
}

export interface Templated {
  template: string;
  /** The numeric value of the first templated segment, when it is an integer (for enumeration). */
  firstId?: number;
}

/**
 * `/v1/users/42/orders/9f8e…` → `/v1/users/{id}/orders/{id2}`. Value segments (numbers, UUIDs, hex, opaque ids and
 * tokens, e-mail addresses) become parameters, so that a template never carries an id or a secret.
 */
export function templatePath(path: string): Templated {
  const segs = path.split('/');
  let n = 0;
  let firstId: number | undefined;
  const out = segs.map((raw) => {
    let seg = raw;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      /* keep as is */
    }
    if (!isValueSegment(seg) && seg.length <= 64) return raw;
    n++;
    if (n === 1 && NUMERIC.test(seg) && seg.length <= 15) firstId = Number(seg);
    return n === 1 ? '{id}' : `{id${n}}`;
  });
  const t: Templated = { template: out.join('/') || '/' };
  if (firstId !== undefined) t.firstId = firstId;
  return t;
}

/** The API base path of a request path: leading `api`/`rest`/`services` and version segments (`/api/v2`, `/v1`). */
export function basePathOf(path: string): string {
  const segs = path.split('/').filter(Boolean);
  const base: string[] = [];
  for (const s of segs.slice(0, -1)) {
    if (BASE_SEGMENT.test(s) || VERSION.test(s)) base.push(s);
    else break;
  }
  return base.length ? `/${base.join('/')}` : '';
}
