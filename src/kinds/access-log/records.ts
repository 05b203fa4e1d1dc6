// One line of a JSON-lines access log → one call: Envoy / Istio (`json_format` with the usual keys, or Istio's fixed
// JSON encoding) and Kong (`file-log`, `http-log`, `tcp-log` serializer). Per line and with no state that changes a
// result: it runs in the reading thread or in the worker that parses large logs (`src/parallel/lines.ts`), alike.

import type { Loc } from '../../model/types.js';
import { get, isObj, keys, str, type Obj } from '../../model/util.js';
import { parseQuery, parseTime, splitAuthority, splitUrl, type Call, type NameValue } from '../traffic/call.js';

export type Profile = 'envoy' | 'kong';

export const F = {
  method: ['method', ':method', 'request_method', 'http_method', 'req_method'],
  path: ['x_envoy_original_path', 'x-envoy-original-path', 'path', ':path', 'request_path', 'uri', 'url', 'request_uri'],
  authority: ['authority', ':authority', 'host', 'x_forwarded_host', 'x-forwarded-host', 'requested_server_name'],
  scheme: ['scheme', ':scheme', 'x_forwarded_proto', 'x-forwarded-proto'],
  status: ['response_code', 'status', 'status_code', 'code', 'response_status'],
  time: ['start_time', 'timestamp', 'time', '@timestamp', 'startTime', 'start'],
  tls: ['downstream_tls_version', 'tls_version'],
  peerFingerprint: ['downstream_peer_fingerprint_256', 'downstream_peer_fingerprint', 'client_cert_fingerprint'],
  peerSubject: ['downstream_peer_subject', 'client_cert_subject'],
  flags: ['response_flags'],
};
/** Request headers an operator may log, under their name with `-` or `_`. */
const REQUEST_HEADERS = ['authorization', 'x-api-key', 'apikey', 'api-key', 'x-auth-token', 'cookie', 'dpop', 'origin'];
/** Response headers an operator may log. */
const RESPONSE_HEADERS = /^(www-authenticate|retry-after|ratelimit(-[a-z]+)?|x-ratelimit-[a-z-]+|x-rate-limit-[a-z-]+|strict-transport-security|access-control-allow-(origin|credentials))$/;

const REQUEST_HEADER_KEYS = new Map(REQUEST_HEADERS.flatMap((h) => [[h, h], [h.replace(/-/g, '_'), h]] as [string, string][]));
type Role = keyof typeof F | 'request-header' | 'response-header';
interface KeyClass {
  role: Role;
  /** The role's number (`ROLE_INDEX`), for fields of `F`. */
  index?: number;
  /** Position among the role's synonyms (lower wins). */
  rank: number;
  /** Header name, for header roles. */
  name?: string;
}
const classes = new Map<string, KeyClass | null>();

/** What a record key is: a field of the call or a logged header (keys repeat on every line: decided once). */
function classify(k: string): KeyClass | null {
  let c = classes.get(k);
  if (c !== undefined) return c;
  c = null;
  for (const [role, names] of Object.entries(F) as [keyof typeof F, string[]][]) {
    const rank = names.indexOf(k);
    if (rank >= 0) {
      c = { role, rank, index: ROLE_INDEX.get(role)! };
      break;
    }
  }
  if (!c) {
    const req = REQUEST_HEADER_KEYS.get(k.toLowerCase());
    const n = k.toLowerCase().replace(/_/g, '-');
    if (req) c = { role: 'request-header', rank: 0, name: req };
    else if (RESPONSE_HEADERS.test(n)) c = { role: 'response-header', rank: 0, name: n };
  }
  if (classes.size < 10_000) classes.set(k, c);
  return c;
}

/** A field's value as text, with Envoy's `-` for "absent" treated as absent. */
function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v === '-' || v === '' ? undefined : v;
  if (typeof v === 'number') return String(v);
  return undefined;
}

function isKong(o: Obj): boolean {
  const req = get(o, 'request');
  const res = get(o, 'response');
  return isObj(req) && isObj(res) && typeof get(req, 'method') === 'string' && (get(req, 'uri') !== undefined || get(req, 'url') !== undefined) && get(res, 'status') !== undefined;
}

export function profileOf(o: unknown): Profile | undefined {
  if (!isObj(o)) return undefined;
  if (isKong(o)) return 'kong';
  const present = new Set(keys(o).map((k) => classify(k)?.role));
  return present.has('method') && present.has('path') && present.has('status') ? 'envoy' : undefined;
}

function time(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v > 1e12 ? v : v * 1000;
  if (typeof v === 'string') {
    const t = parseTime(v);
    return Number.isFinite(t) ? t : undefined;
  }
  return undefined;
}

function splitPath(p: string): { path: string; query: string } {
  const q = p.indexOf('?');
  return q < 0 ? { path: p, query: '' } : { path: p.slice(0, q), query: p.slice(q + 1) };
}

/** Each field of `F` by number: a record's best values are kept in two small arrays, not an object per field. */
const ROLE_INDEX = new Map(Object.keys(F).map((r, i) => [r, i]));
const ROLES = ROLE_INDEX.size;
const R = Object.fromEntries(ROLE_INDEX) as Record<keyof typeof F, number>;
const bestRank = new Int32Array(ROLES);
const bestValue: unknown[] = new Array(ROLES);
/** The keys of the last record, in order, and their classes. */
const lastKeys: string[] = [];
const lastClasses: (KeyClass | null)[] = [];

/** Whether the record has field `r` (a role of `F`). */
function present(r: number): boolean {
  return bestRank[r]! >= 0;
}

/** Field `r` as text, when present. */
function best(r: number): string | undefined {
  return bestRank[r]! >= 0 ? text(bestValue[r]) : undefined;
}

/** The string members of a logged header map, `-` (absent) left out. */
function headerMap(hs: Obj, target: NameValue[]): void {
  for (const [n, v] of Object.entries(hs)) if (typeof v === 'string' && v !== '-') target.push({ name: n, value: v });
}

function envoyCall(o: Obj, loc: Loc): Call | undefined {
  // One pass over the record's keys: each field takes the value of its best-ranked synonym present.
  bestRank.fill(-1);
  const headers: NameValue[] = [];
  const responseHeaders: NameValue[] = [];
  let visible = false;
  let i = 0;
  for (const k in o) {
    if (!Object.prototype.hasOwnProperty.call(o, k)) continue;
    // Lines repeat their keys in the same order, and JSON.parse gives each key as one shared string: the class of the
    // key at each place is remembered and reused when the same string is there again.
    let c: KeyClass | null;
    if (lastKeys[i] === k) c = lastClasses[i]!;
    else {
      c = classify(k);
      if (i < 256) {
        lastKeys[i] = k;
        lastClasses[i] = c;
      }
    }
    i++;
    if (c === null) continue;
    const v = o[k];
    if (c.role === 'request-header' || c.role === 'response-header') {
      if (c.role === 'request-header' && c.name !== 'origin') visible = true;
      const t = text(v);
      if (t !== undefined) (c.role === 'request-header' ? headers : responseHeaders).push({ name: c.name!, value: t });
      continue;
    }
    const r = c.index!;
    if (text(v) === undefined && c.role !== 'time') continue;
    if (bestRank[r]! < 0 || c.rank < bestRank[r]!) {
      bestRank[r] = c.rank;
      bestValue[r] = v;
    }
  }
  const method = best(R.method);
  const rawPath = best(R.path);
  if (!method || !rawPath || !present(R.status)) return undefined;
  const status = Number(best(R.status) ?? 0);
  let scheme: 'http' | 'https' | undefined;
  let host = best(R.authority);
  let { path, query } = splitPath(rawPath);
  // An absolute URL in place of the path (some formats log one); a path (most lines) cannot be one.
  const abs = rawPath.charCodeAt(0) === 0x2f ? undefined : splitUrl(rawPath);
  let port: string | undefined;
  if (abs) {
    scheme = abs.scheme;
    host = abs.host;
    port = abs.port;
    path = abs.path;
    query = abs.query;
  }
  const s = best(R.scheme)?.toLowerCase();
  if (!scheme) scheme = s === 'http' ? 'http' : 'https';
  if (host && !abs) {
    const a = splitAuthority(host, scheme);
    host = a.host;
    if (a.port) port = a.port;
  }
  // Header maps some formats log whole.
  const req = get(o, 'request_headers');
  if (isObj(req)) {
    visible = true;
    headerMap(req, headers);
  }
  const res = get(o, 'response_headers');
  if (isObj(res)) headerMap(res, responseHeaders);
  const call: Call = {
    loc,
    method: method.toLowerCase(),
    scheme,
    host: host ?? 'unknown-host',
    path: path || '/',
    query: query ? parseQuery(query) : [],
    headers,
    cookies: [],
    status: Number.isInteger(status) ? status : 0,
    responseHeaders,
    credentialsVisible: visible,
  };
  if (port) call.port = port;
  const t = present(R.time) ? time(bestValue[R.time]) : undefined;
  if (t !== undefined) call.time = t;
  const fp = best(R.peerFingerprint);
  if (fp || best(R.peerSubject)) call.clientCertificate = fp ? { fingerprint: fp.toLowerCase() } : {};
  const flags = best(R.flags);
  if (flags && /(^|,)RL(,|$)/.test(flags)) call.rateLimited = true;
  return call;
}

function headerList(v: unknown): NameValue[] {
  const out: NameValue[] = [];
  if (!isObj(v)) return out;
  for (const [name, val] of Object.entries(v)) {
    if (typeof val === 'string') out.push({ name, value: val });
    else if (Array.isArray(val)) for (const x of val) if (typeof x === 'string') out.push({ name, value: x });
  }
  return out;
}

function kongCall(o: Obj, loc: Loc): Call | undefined {
  const req = get(o, 'request') as Obj;
  const res = get(o, 'response') as Obj;
  const method = str(get(req, 'method'));
  const url = str(get(req, 'url'));
  const uri = str(get(req, 'uri'));
  const headers = headerList(get(req, 'headers'));
  let parts = url ? splitUrl(url) : undefined;
  if (!parts && uri) {
    const host = headers.find((h) => h.name.toLowerCase() === 'host')?.value ?? str(get(get(o, 'service'), 'host')) ?? 'unknown-host';
    const proto = str(get(get(o, 'service'), 'protocol')) === 'http' ? 'http' : 'https';
    parts = splitUrl(`${proto}://${host}${uri}`);
  }
  if (!method || !parts) return undefined;
  const qs = get(req, 'querystring');
  const query: NameValue[] = isObj(qs)
    ? Object.entries(qs).flatMap(([name, v]) => (typeof v === 'string' ? [{ name, value: v }] : v === true ? [{ name, value: '' }] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').map((value) => ({ name, value })) : []))
    : parseQuery(parts.query);
  const statusV = get(res, 'status');
  const call: Call = {
    loc,
    method: method.toLowerCase(),
    scheme: parts.scheme,
    host: parts.host,
    path: parts.path,
    query,
    headers,
    cookies: [],
    status: typeof statusV === 'number' ? statusV : Number(statusV) || 0,
    responseHeaders: headerList(get(res, 'headers')),
    credentialsVisible: isObj(get(req, 'headers')),
  };
  if (parts.port) call.port = parts.port;
  const t = time(get(o, 'started_at'));
  if (t !== undefined) call.time = t;
  const consumer = get(o, 'consumer');
  const principal = str(get(consumer, 'id')) ?? str(get(consumer, 'username')) ?? str(get(get(o, 'authenticated_entity'), 'id'));
  if (principal) call.principal = principal;
  const tls = get(req, 'tls');
  if (isObj(tls) && String(get(tls, 'client_verify') ?? '').toUpperCase() === 'SUCCESS') call.clientCertificate = {};
  return call;
}

/** The call a (trimmed, non-empty) line records, or undefined when it records none (invalid JSON, another shape). */
export function lineCall(t: string, loc: Loc): Call | undefined {
  let o: unknown;
  try {
    o = JSON.parse(t);
  } catch {
    return undefined;
  }
  return !isObj(o) ? undefined : isKong(o) ? kongCall(o, loc) : envoyCall(o, loc);
}

/**
 * What one line of a log is (the one rule for both readers, in one thread or in the worker): a call, a line that records
 * none (`not-record`), a line over the size limit (`too-long`, passed as undefined), or a blank line (undefined).
 */
export function lineOutcome(line: string | undefined, loc: Loc): Call | 'not-record' | 'too-long' | undefined {
  if (line === undefined) return 'too-long';
  const t = line.trim();
  if (!t) return undefined;
  return lineCall(t, loc) ?? 'not-record';
}
