// One observed HTTP exchange, whatever the capture format (HAR entry, access-log line). Values that may be secret
// (header values, query values, cookies, bodies) live only here, inside the adapter, for the time of one call.

import type { Loc } from '../../model/types.js';

export interface NameValue {
  name: string;
  value: string;
}

export interface Body {
  mimeType?: string;
  /** Decodes the text on demand (base64 bodies decoded); undefined when there is none or it is not text. */
  text(): string | undefined;
}

export interface Call {
  loc: Loc;
  /** Start time (ms since the epoch), when the capture has one. */
  time?: number;
  method: string;
  scheme: 'http' | 'https';
  /** Lower-case host name, no port. */
  host: string;
  /** Port when not the scheme's default. */
  port?: string;
  /** Path without query or fragment, as sent. */
  path: string;
  query: NameValue[];
  headers: NameValue[];
  cookies: NameValue[];
  requestBody?: Body;
  /** HTTP status; 0 = no response recorded. */
  status: number;
  responseHeaders: NameValue[];
  responseBody?: Body;
  /** Whether the capture records credentials at all: when false, a call without one is "not shown", not "none". */
  credentialsVisible: boolean;
  /** TLS client certificate presented (access logs): its SHA-256 fingerprint, lower-case hex, when logged. */
  clientCertificate?: { fingerprint?: string };
  /** An authenticated principal the gateway logged (Kong consumer) when the credential itself is not visible. */
  principal?: string;
  /** A response flag of the proxy that says the call was rate-limited (Envoy `RL`). */
  rateLimited?: boolean;
  /** Exporter's resource type (Chrome `_resourceType`). */
  resourceType?: string;
}

export function headers(hs: NameValue[], name: string): string[] {
  const n = name.toLowerCase();
  return hs.filter((h) => h.name.toLowerCase() === n).map((h) => h.value);
}

/** `https://host:8443/path` without query: the `htu` a DPoP proof must carry (RFC 9449 §4.3). */
export function callUrl(c: Call): string {
  return `${c.scheme}://${c.host}${c.port ? `:${c.port}` : ''}${c.path}`;
}

/** Parses `a=1&b=2` (values percent-decoded where possible). */
export function parseQuery(q: string): NameValue[] {
  if (!q) return [];
  return q.split('&').filter(Boolean).map((p) => {
    const i = p.indexOf('=');
    const dec = (s: string) => {
      try {
        return decodeURIComponent(s.replace(/\+/g, ' '));
      } catch {
        return s;
      }
    };
    return i < 0 ? { name: dec(p), value: '' } : { name: dec(p.slice(0, i)), value: dec(p.slice(i + 1)) };
  });
}

/** Parses a `Cookie` request header. */
export function parseCookieHeader(v: string): NameValue[] {
  return v
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const i = p.indexOf('=');
      return i < 0 ? { name: p, value: '' } : { name: p.slice(0, i).trim(), value: p.slice(i + 1).trim() };
    });
}

const DEFAULT_PORT: Record<string, string> = { http: '80', https: '443' };

export interface UrlParts {
  scheme: 'http' | 'https';
  host: string;
  port?: string;
  path: string;
  query: string;
}

/** Splits an absolute http(s) URL without the cost of `new URL` (user info dropped); undefined for other schemes. */
export function splitUrl(url: string): UrlParts | undefined {
  const m = /^(https?):\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?/i.exec(url);
  if (!m) return undefined;
  const scheme = m[1]!.toLowerCase() as 'http' | 'https';
  let authority = m[2]!;
  const at = authority.lastIndexOf('@');
  if (at >= 0) authority = authority.slice(at + 1);
  const { host, port } = splitAuthority(authority, scheme);
  if (!host) return undefined;
  const out: UrlParts = { scheme, host, path: m[3] || '/', query: m[4] ?? '' };
  if (port) out.port = port;
  return out;
}

/** `host[:port]`: the lower-case host, and the port (the digits after the last colon) when it is not the scheme's default. */
export function splitAuthority(authority: string, scheme: 'http' | 'https'): { host: string; port?: string } {
  const c = authority.lastIndexOf(':');
  const p = c >= 0 && c < authority.length - 1 && /^\d+$/.test(authority.slice(c + 1)) ? authority.slice(c + 1) : undefined;
  const out: { host: string; port?: string } = { host: (p === undefined ? authority : authority.slice(0, c)).toLowerCase() };
  if (p !== undefined && p !== DEFAULT_PORT[scheme]) out.port = p;
  return out;
}

/** Two ASCII digits at `i` as a number, or -1. */
function two(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

let lastDay = -1;
let lastDayMs = 0;

/**
 * `Date.parse`, with a fast path for the UTC timestamps captures write on every line (`2025-03-01T12:00:00Z`,
 * `2025-03-01T12:00:00.123Z`): the same number, without the general parser. Anything else goes to `Date.parse`.
 */
export function parseTime(s: string): number {
  const n = s.length;
  if ((n === 20 || n === 24) && s.charCodeAt(n - 1) === 90 /* Z */ && s[4] === '-' && s[7] === '-' && s[10] === 'T' && s[13] === ':' && s[16] === ':' && (n === 20 || s[19] === '.')) {
    const hi = two(s, 0);
    const lo = two(s, 2);
    const mo = two(s, 5);
    const d = two(s, 8);
    const h = two(s, 11);
    const mi = two(s, 14);
    const sec = two(s, 17);
    let ms = 0;
    if (n === 24) {
      const a = two(s, 20);
      const c = s.charCodeAt(22) - 48;
      ms = a < 0 || c < 0 || c > 9 ? -1 : a * 10 + c;
    }
    // Years before 1000 and out-of-range fields are left to Date.parse (Date.UTC reads years 0-99 as 1900-1999).
    if (hi >= 10 && lo >= 0 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && sec >= 0 && sec <= 59 && ms >= 0) {
      // Lines of a capture fall on few days: the day's start is worked out once per day, the time of day added to it
      // (Date.UTC's own arithmetic: day × 86,400,000 + time, exact in integers).
      const day = (hi * 100 + lo) * 10000 + mo * 100 + d;
      if (day !== lastDay) {
        lastDay = day;
        lastDayMs = Date.UTC(hi * 100 + lo, mo - 1, d);
      }
      return lastDayMs + ((h * 60 + mi) * 60 + sec) * 1000 + ms;
    }
  }
  return Date.parse(s);
}
