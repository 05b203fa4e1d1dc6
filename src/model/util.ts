// Small helpers for reading untrusted, loosely-shaped data without ever touching a prototype.

const hasOwn = Object.prototype.hasOwnProperty;

/** HTTP methods an operation can have, in the order OpenAPI lists them in a path item (3.2 adds `query`). */
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace', 'query'] as const;

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function obj(v: unknown): Obj | undefined {
  return isObj(v) ? v : undefined;
}

/** Own property only: `get(x, '__proto__')` is undefined unless the document really has such a key. */
export function get(o: unknown, key: string): unknown {
  return isObj(o) && hasOwn.call(o, key) ? o[key] : undefined;
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function keys(o: unknown): string[] {
  return isObj(o) ? Object.keys(o) : [];
}

export function extensionsOf(o: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!isObj(o)) return out;
  for (const k of Object.keys(o)) if (k.startsWith('x-')) out[k] = o[k];
  return out;
}

export function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'api'
  );
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[?::1\]?|0\.0\.0\.0)$/i;

/** Host of an absolute URL, or undefined. */
export function hostOf(url: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(url);
  if (!m) return undefined;
  const authority = m[1]!.replace(/^.*@/, '');
  return authority.replace(/:\d+$/, '').toLowerCase();
}

export function isLoopback(url: string): boolean {
  const h = hostOf(url);
  return h !== undefined && LOOPBACK.test(h);
}

/** An absolute `http://` URL to a host that is not loopback. */
export function isPlainHttp(url: string): boolean {
  return /^(http|ws):\/\//i.test(url) && !isLoopback(url);
}

/** Locale-independent string order (reports must be byte-identical on every machine). */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `target.push(...items)` for arrays of any length (spreading a large array overflows the call stack). */
export function pushAll<T>(target: T[], items: readonly T[]): T[] {
  for (const x of items) target.push(x);
  return target;
}

/** Smallest of a non-empty list of numbers, for lists of any length (unlike `Math.min(...xs)`). */
export function minOf(xs: readonly number[]): number {
  let m = Infinity;
  for (const x of xs) if (x < m) m = x;
  return m;
}
