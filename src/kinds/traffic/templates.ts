// From concrete request paths to operation templates and API base paths.

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const HEX = /^(?=.*\d)[0-9a-f]{8,}$/i;
/** Opaque identifiers and tokens: long, URL-safe, with digits or mixed case (`cus_9s6XKzkNRiz8i3`, JWTs, keys). */
const OPAQUE = /^[A-Za-z0-9_~.+=-]{16,}$/;
const VERSION = /^v\d+(\.\d+)*$/i;
const BASE_SEGMENT = /^(api|apis|rest|services?)$/i;

/** `v` or `V` then a digit: what `VERSION` needs to match. */
function maybeVersion(seg: string): boolean {
  const c = seg.charCodeAt(0) | 0x20;
  const d = seg.charCodeAt(1);
  return c === 0x76 && d >= 0x30 && d <= 0x39;
}

/** The first letter `BASE_SEGMENT` or `VERSION` needs: a, r, s or v, in either case. */
function maybeBase(seg: string): boolean {
  const c = seg.charCodeAt(0) | 0x20;
  return c === 0x61 || c === 0x72 || c === 0x73 || c === 0x76;
}

/** `^\d+$`, without an expression. */
function allDigits(seg: string): boolean {
  if (seg === '') return false;
  for (let i = 0; i < seg.length; i++) {
    const c = seg.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

function isOpaque(seg: string): boolean {
  if (seg.length < 16 || !OPAQUE.test(seg)) return false;
  const digits = /\d/.test(seg);
  const mixed = /[a-z]/.test(seg) && /[A-Z]/.test(seg);
  return digits || mixed || seg.length >= 32;
}

/** Whether a path segment is a value (id, key, token, e-mail) rather than a name. */
export function isValueSegment(seg: string): boolean {
  if (seg === '') return false;
  // Most segments are short lower-case names or plain numbers: decided without a regular expression. The counts also
  // rule out the expressions that cannot match (a UUID or hex id is hex digits and dashes only).
  let digits = 0;
  let lower = 0;
  let hex = 0;
  for (let i = 0; i < seg.length; i++) {
    const c = seg.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) digits++;
    else {
      if ((c >= 0x61 && c <= 0x7a) || c === 0x2d || c === 0x5f) lower++;
      if ((c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46) || c === 0x2d) hex++;
    }
  }
  if (digits === seg.length) return true;
  if (digits === 0 && lower === seg.length && seg.length < 16) return false;
  if (digits + hex === seg.length && (UUID.test(seg) || HEX.test(seg))) return true;
  if (seg.includes('@')) return true;
  if (maybeVersion(seg) && VERSION.test(seg)) return false;
  return isOpaque(seg);
}

export interface Templated {
  template: string;
  /** The numeric value of the first templated segment, when it is an integer (for enumeration). */
  firstId?: number;
  /** The API base path: leading `api`/`rest`/`services` and version segments (`/api/v2`, `/v1`), or ''. */
  base: string;
}

/**
 * `/v1/users/42/orders/9f8e…` → `/v1/users/{id}/orders/{id2}`. Value segments (numbers, UUIDs, hex, opaque ids and
 * tokens, e-mail addresses) become parameters, so that a template never carries an id or a secret. One pass over the
 * path (it runs for every call).
 */
export function templatePath(path: string): Templated {
  let template = '';
  let base = '';
  let inBase = true;
  let n = 0;
  let firstId: number | undefined;
  let from = 0;
  for (;;) {
    const slash = path.indexOf('/', from);
    const end = slash < 0 ? path.length : slash;
    const raw = path.slice(from, end);
    let seg = raw;
    if (raw.includes('%')) {
      try {
        seg = decodeURIComponent(raw);
      } catch {
        /* keep as is */
      }
    }
    let out = raw;
    if (isValueSegment(seg) || seg.length > 64) {
      n++;
      if (n === 1 && seg.length <= 15 && allDigits(seg)) firstId = Number(seg);
      out = n === 1 ? '{id}' : `{id${n}}`;
    }
    // The base path: leading base segments, never the last one.
    if (inBase && raw !== '') {
      if (slash >= 0 && maybeBase(raw) && (BASE_SEGMENT.test(raw) || VERSION.test(raw))) base += `/${raw}`;
      else inBase = false;
    }
    template += from === 0 ? out : `/${out}`;
    if (slash < 0) break;
    from = slash + 1;
  }
  // Nothing replaced: the path itself (one flat string, cheaper to hash than the pieces joined again).
  const t: Templated = { template: n === 0 && path !== '' ? path : template || '/', base };
  if (firstId !== undefined) t.firstId = firstId;
  return t;
}

/** The API base path of a request path: leading `api`/`rest`/`services` and version segments (`/api/v2`, `/v1`). */
export function basePathOf(path: string): string {
  return templatePath(path).base;
}
