// The credentials one call carried: Authorization schemes (Bearer, DPoP with its proof, Basic, signatures…), API-key
// headers, credentials in the query string, session cookies, client certificates. Tokens are decoded (claims, never
// the token); DPoP proofs are checked as RFC 9449 §4.3 and MATURITY.md require; every value is redacted here.

import type { Credential, Loc, TokenInfo } from '../../model/types.js';
import { get, isObj, isLoopback, type Obj } from '../../model/util.js';
import { callUrl, headers, parseCookieHeader, type Call, type NameValue } from './call.js';
import { accessTokenHash, ASYMMETRIC_ALGS, audiences, decodeJws, jwkThumbprint, num, verifyJws, type Jws } from './jwt.js';
import { Recent } from './recent.js';
import { identity, redact } from './redact.js';

export interface TrafficOptions {
  /** Largest distance, in seconds, between a DPoP proof's `iat` and the call's start (default 300). */
  dpopIatWindow: number;
}

export const DEFAULT_TRAFFIC_OPTIONS: TrafficOptions = { dpopIatWindow: 300 };

/** One credential a call presented. */
export interface Presented {
  cred: Credential;
  /** Label for the observation (no value in it). */
  label: string;
  /** Redacted sample of the value. */
  sample: string;
  /** Stable grouping key of the credential's shape (type, place, name, binding, validity…). */
  shape: string;
  /** Client identity (hash of the value) for grouping calls by client. */
  client: string;
  token?: {
    info: TokenInfo;
    scheme: string;
    /** Expired or not yet valid at the call's start. */
    outsideLifetime: boolean;
    unsigned: boolean;
  };
  /** DPoP proof result, for `Authorization: DPoP`. */
  proof?: { valid: boolean; failure?: string };
  /** A `cnf.jkt`-bound token presented as plain `Bearer` (RFC 9449 §7.2: must be refused). */
  jktUnderBearer?: boolean;
  /** The token's `cnf.x5t#S256` (a certificate thumbprint, not a secret), to compare with the client certificate. */
  x5t?: string;
  /** A certificate-bound token presented with another client certificate. */
  certMismatch?: boolean;
  /** FAPI 2.0 requirements this credential contradicts when accepted (cap C7). */
  fapi: { requirement: string; reason: string }[];
}

const KEY_HEADERS = /^(x-)?(api[-_]?key|apikey|api[-_]?token|auth[-_]?token|access[-_]?token|app[-_]?key|app[-_]?token|client[-_]?secret|secret[-_]?key|subscription[-_]?key|token|session[-_]?token|csrf-bypass-key)$|^(ocp-apim-subscription-key|x-goog-api-key|x-functions-key|x-parse-rest-api-key|x-algolia-api-key|private-token|x-vault-token|x-jfrog-art-api)$/i;
const QUERY_CREDENTIALS = /^(api[-_]?key|apikey|key|token|access[-_]?token|accesstoken|id[-_]?token|jwt|auth|auth[-_]?token|sig|signature|client[-_]?secret|password|passwd|pwd|secret|session[-_]?id|sessionid|sid|private[-_]?token|subscription[-_]?key)$/i;
const SESSION_COOKIES = /(^|[_.-])(sess|session|sessionid|sid|auth|token|jwt|login|remember[-_]?me|identity|access[-_]?token|id[-_]?token)([_.-]|$)|^(jsessionid|phpsessid|asp\.net_sessionid|connect\.sid|laravel_session|_session_id|\.aspxauth|\.aspnetcore\.cookies|__host-session|__secure-session)$|session/i;
const JWT_LIKE = /^[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*$/;
const SIGNATURE_SCHEMES = new Set(['aws4-hmac-sha256', 'hawk', 'signature', 'hmac', 'hmac-sha256', 'mac', 'oauth', 'sharedkey', 'sharedkeylite']);
const KEY_SCHEMES = new Set(['token', 'apikey', 'api-key', 'key', 'sso-key', 'ssws', 'klaviyo-api-key']);

const AUTHORIZATION = 1;
const KEY = 2;
const COOKIE = 3;
const headerClasses = new Map<string, number>();

/** What a request header carries (names repeat on every call: decided once per spelling). */
function headerClass(name: string): number {
  let c = headerClasses.get(name);
  if (c === undefined) {
    const n = name.toLowerCase();
    c = n === 'authorization' ? AUTHORIZATION : n === 'cookie' ? COOKIE : KEY_HEADERS.test(n) ? KEY : 0;
    if (headerClasses.size < 10_000) headerClasses.set(name, c);
  }
  return c;
}

/** What a value is, computed once per distinct value (values repeat across calls). */
interface Facts {
  sample: string;
  client: string;
  jws?: Jws | null;
  token?: { info: TokenInfo; desc: string; x5t?: string; exp?: number; nbf?: number; presented: Map<string, Presented> };
}

/** An Authorization header value: trimmed, the index of its first space, its scheme (lower case) and the rest. */
interface Authorization {
  v: string;
  sp: number;
  scheme: string;
  rest: string;
}

const NONE: readonly NameValue[] = [];

const CACHE = 4096;
/** Values in the front cache of recent ones. */
const RECENT = 16;

/** Per-capture state: DPoP `jti`s seen (pruned outside the acceptance window), a bounded cache of value facts. */
export class CredentialReader {
  private readonly jtis = new Map<string, number>();
  private readonly facts = new Map<string, Facts>();
  private readonly recentFacts = new Recent<Facts>(RECENT);
  private readonly recentSplits = new Recent<Authorization>(RECENT);

  constructor(private readonly opts: TrafficOptions) {}

  private factsOf(value: string): Facts {
    // Most calls repeat a recent value (a token used for many calls): the last few values are compared with ===, which
    // stops at the first differing byte, before the map, which would hash the whole value on every call.
    const recent = this.recentFacts.get(value);
    if (recent) return recent;
    let f = this.facts.get(value);
    if (!f) {
      if (this.facts.size >= CACHE) this.facts.clear();
      f = { sample: redact(value), client: identity(value) };
      this.facts.set(value, f);
    }
    this.recentFacts.set(value, f);
    return f;
  }

  private jws(token: string): Jws | undefined {
    const f = this.factsOf(token);
    if (f.jws === undefined) f.jws = decodeJws(token) ?? null;
    return f.jws ?? undefined;
  }

  /** Everything the call presented. */
  read(call: Call): Presented[] {
    const out: Presented[] = [];
    const loc = (sub: string): Loc => ({ ...call.loc, pointer: `${call.loc.pointer}${sub}` });
    let cookieHeaders: string[] | undefined;
    const hs = call.headers;
    for (let i = 0; i < hs.length; i++) {
      const h = hs[i]!;
      const c = headerClass(h.name);
      if (c === 0) continue;
      if (c === AUTHORIZATION) {
        const p = this.authorization(call, h.value, loc(`/request/headers/${i}`));
        if (p) out.push(p);
      } else if (c === KEY) {
        if (h.value.trim()) out.push(this.keyLike(call, h.value.trim(), 'header', h.name, loc(`/request/headers/${i}`)));
      } else (cookieHeaders ??= []).push(h.value);
    }
    for (let i = 0; i < call.query.length; i++) {
      const q = call.query[i]!;
      if (QUERY_CREDENTIALS.test(q.name) && q.value) out.push(this.keyLike(call, q.value, 'query', q.name, loc(`/request/queryString/${i}`)));
    }
    const cookies = call.cookies.length ? call.cookies : cookieHeaders ? cookieHeaders.flatMap(parseCookieHeader) : NONE;
    // Most calls carry no cookie: nothing below is built for them.
    const seenCookies = cookies.length ? new Set<string>() : undefined;
    cookies.forEach((c, i) => {
      if (!c.value || !SESSION_COOKIES.test(c.name) || /csrf|xsrf/i.test(c.name) || seenCookies!.has(c.name)) return;
      seenCookies!.add(c.name);
      out.push(this.plain('session-cookie', 'cookie', c.name, c.value, `session cookie '${c.name}'`, loc(call.cookies.length ? `/request/cookies/${i}` : '/request')));
    });
    if (call.clientCertificate) {
      const fp = call.clientCertificate.fingerprint;
      out.push({
        cred: { type: 'client-certificate', in: 'tls', detail: 'TLS client certificate', loc: loc('') },
        label: 'TLS client certificate',
        sample: fp ? redact(fp) : '',
        shape: 'client-certificate',
        client: fp ? identity(fp) : 'certificate',
        fapi: [],
      });
    }
    // mTLS-bound tokens: compare cnf.x5t#S256 with the certificate the capture shows (access logs), if it shows one.
    const fp = call.clientCertificate?.fingerprint;
    if (fp) {
      const thumb = hexToB64url(fp);
      for (const p of out) {
        if (p.x5t === undefined || p.cred.binding !== 'mtls') continue;
        if (p.x5t === thumb) p.cred.detail = `${p.cred.detail}, bound to the client certificate presented`;
        else {
          delete p.cred.binding;
          p.certMismatch = true;
          p.cred.detail = `${p.cred.detail}, but presented with another client certificate`;
          p.label = `${p.label} with another certificate`;
          p.shape = tokenShape(p);
        }
      }
    }
    if (!out.length && call.principal) {
      out.push({
        cred: { type: 'unknown', detail: 'authenticated by the gateway (credential not logged)', loc: loc('') },
        label: 'gateway-authenticated principal (credential not logged)',
        sample: '',
        shape: 'principal',
        client: identity(call.principal),
        fapi: [],
      });
    }
    return out;
  }

  private plain(type: Credential['type'], where: NonNullable<Credential['in']>, name: string, value: string, label: string, loc: Loc, detail?: string): Presented {
    const { sample, client } = this.factsOf(value);
    const cred: Credential = { type, in: where, name, detail: detail ?? label, fingerprint: sample, loc };
    return { cred, label, sample, shape: `${type}|${where}|${name.toLowerCase()}`, client, fapi: [] };
  }

  /** A value in a key-like header or query parameter: a JWT there is a bearer token, anything else an API key. */
  private keyLike(call: Call, value: string, where: 'header' | 'query', name: string, loc: Loc): Presented {
    if (JWT_LIKE.test(value) && this.jws(value)) {
      return this.token(call, value, `token in ${where} '${name}'`, loc, where, name);
    }
    return this.plain('api-key', where, name, value, `API key in ${where} '${name}'`, loc);
  }

  /** An Authorization value split into its scheme and the rest (values repeat: the last few are kept, see `factsOf`). */
  private splitAuthorization(value: string): Authorization {
    const recent = this.recentSplits.get(value);
    if (recent) return recent;
    const v = value.trim();
    const sp = v.indexOf(' ');
    const a: Authorization = { v, sp, scheme: (sp < 0 ? '' : v.slice(0, sp)).toLowerCase(), rest: sp < 0 ? v : v.slice(sp + 1).trim() };
    this.recentSplits.set(value, a);
    return a;
  }

  private authorization(call: Call, value: string, loc: Loc): Presented | undefined {
    // The same string object for a repeated value: `factsOf` then finds the token's facts without comparing texts.
    const { v, sp, scheme, rest } = this.splitAuthorization(value);
    if (!v) return undefined;
    if (sp < 0) {
      // A bare value: a JWT is a bearer token, anything else a static key.
      if (JWT_LIKE.test(v) && this.jws(v)) return this.token(call, v, 'token in Authorization (no scheme)', loc, 'header', 'Authorization');
      return this.plain('api-key', 'header', 'Authorization', v, 'API key in Authorization (no scheme)', loc);
    }
    if (scheme === 'bearer') return this.token(call, rest, 'Bearer', loc, 'header', 'Authorization');
    if (scheme === 'dpop') return this.dpop(call, rest, loc);
    if (scheme === 'basic') return this.plain('basic', 'header', 'Authorization', rest, 'HTTP Basic', loc);
    if (scheme === 'digest') return this.plain('basic', 'header', 'Authorization', rest, 'HTTP Digest', loc);
    if (scheme === 'negotiate' || scheme === 'ntlm') return this.plain('basic', 'header', 'Authorization', rest, `HTTP ${scheme === 'ntlm' ? 'NTLM' : 'Negotiate'}`, loc);
    if (SIGNATURE_SCHEMES.has(scheme)) return this.plain('signature', 'header', 'Authorization', rest, `signed request (${scheme.toUpperCase()})`, loc);
    if (KEY_SCHEMES.has(scheme)) return this.plain('api-key', 'header', 'Authorization', rest, `API key in Authorization (${scheme})`, loc);
    const p = this.plain('unknown', 'header', 'Authorization', rest, `Authorization scheme '${scheme.slice(0, 30)}'`, loc);
    return p;
  }

  private tokenFacts(token: string): Facts & { token: NonNullable<Facts['token']> } {
    const f = this.factsOf(token);
    if (!f.token) {
      const { info, jws } = this.tokenInfo(token);
      f.token = { info, desc: describeToken(info), presented: new Map() };
      if (jws) {
        const exp = num(jws.payload, 'exp');
        const nbf = num(jws.payload, 'nbf');
        if (exp !== undefined) f.token.exp = exp;
        if (nbf !== undefined) f.token.nbf = nbf;
      }
      if (info.cnf === 'x5t#S256' && jws) {
        const cnf = get(jws.payload, 'cnf');
        const x5t = isObj(cnf) ? get(cnf, 'x5t#S256') : undefined;
        if (typeof x5t === 'string') f.token.x5t = x5t;
      }
    }
    return f as Facts & { token: NonNullable<Facts['token']> };
  }

  private tokenInfo(token: string): { info: TokenInfo; jws?: Jws } {
    const jws = JWT_LIKE.test(token) ? this.jws(token) : undefined;
    if (!jws) return { info: { format: 'opaque' } };
    const info: TokenInfo = { format: 'jwt' };
    const alg = get(jws.header, 'alg');
    const typ = get(jws.header, 'typ');
    if (typeof alg === 'string') info.alg = alg.slice(0, 20);
    if (typeof typ === 'string') info.typ = typ.slice(0, 40);
    const iss = get(jws.payload, 'iss');
    if (typeof iss === 'string') info.iss = iss.slice(0, 200);
    const aud = audiences(jws.payload);
    if (aud) info.aud = aud.map((a) => a.slice(0, 200));
    const exp = num(jws.payload, 'exp');
    const iat = num(jws.payload, 'iat');
    if (exp !== undefined && iat !== undefined) info.lifetimeSeconds = Math.round(exp - iat);
    const cnf = get(jws.payload, 'cnf');
    if (isObj(cnf)) {
      if (typeof get(cnf, 'jkt') === 'string') info.cnf = 'jkt';
      else if (typeof get(cnf, 'x5t#S256') === 'string') info.cnf = 'x5t#S256';
    }
    const scopes = scopesOf(jws.payload);
    if (scopes.length) info.scopes = scopes;
    return { info, jws };
  }

  /** A token presented as a bearer credential (Bearer scheme, key header or query). */
  /**
   * A token presented as a bearer credential (Bearer scheme, key header or query). What depends only on the token and
   * where it was presented is built once; each call gets fresh objects with its own location and time judgment.
   */
  private token(call: Call, token: string, label: string, loc: Loc, where: 'header' | 'query', name: string): Presented {
    const facts = this.tokenFacts(token);
    const ft = facts.token;
    // The label names where the token was presented ('Bearer' is always the Authorization header): it is the key.
    const key = label;
    let tpl = ft.presented.get(key);
    if (!tpl) {
      const { info, desc } = ft;
      const scheme = label === 'Bearer' ? 'Bearer' : `${where} '${name}'`;
      const cred: Credential = { type: 'bearer', in: where, name, detail: `${label === 'Bearer' ? 'Bearer' : label}: ${desc}`, fingerprint: facts.sample, token: info, loc };
      if (info.lifetimeSeconds !== undefined) cred.lifetimeSeconds = info.lifetimeSeconds;
      if (info.cnf === 'x5t#S256') cred.binding = 'mtls';
      tpl = {
        cred,
        label: `${label === 'Bearer' ? 'Bearer' : label} ${desc}`,
        sample: facts.sample,
        shape: '',
        client: facts.client,
        token: { info, scheme, outsideLifetime: false, unsigned: info.format === 'jwt' && (info.alg ?? '').toLowerCase() === 'none' },
        fapi: [],
      };
      if (info.cnf === 'jkt' && label === 'Bearer') tpl.jktUnderBearer = true;
      if (ft.x5t !== undefined) tpl.x5t = ft.x5t;
      if (where === 'query') tpl.fapi.push({ requirement: 'R4.11', reason: `an access token was sent in the query parameter '${name}'` });
      if (info.alg && /^(RS|HS)\d+$/.test(info.alg)) tpl.fapi.push({ requirement: 'R4.9', reason: `an access token signed with ${info.alg} was accepted (FAPI 2.0 allows PS256, ES256, EdDSA)` });
      tpl.shape = tokenShape(tpl);
      if (ft.presented.size < 16) ft.presented.set(key, tpl);
    }
    const p: Presented = { ...tpl, cred: { ...tpl.cred, loc }, token: { ...tpl.token! } };
    // Judged at the call's own start time (MATURITY.md: the traffic clock), never the clock of the run.
    const t = call.time;
    if (t !== undefined) {
      const now = t / 1000;
      if ((ft.exp !== undefined && now >= ft.exp) || (ft.nbf !== undefined && now < ft.nbf)) p.token!.outsideLifetime = true;
    }
    return p;
  }

  /** `Authorization: DPoP <token>` with its `DPoP` proof, checked as MATURITY.md's settled points require. */
  private dpop(call: Call, token: string, loc: Loc): Presented {
    const p = this.token(call, token, 'Bearer', loc, 'header', 'Authorization');
    p.jktUnderBearer = false;
    p.token!.scheme = 'DPoP';
    const failure = this.checkProof(call, token, p.token!.info);
    const desc = describeToken(p.token!.info);
    if (failure === undefined) {
      p.cred.type = 'dpop';
      p.cred.binding = 'dpop';
      p.cred.detail = `DPoP: ${desc} with a valid DPoP proof`;
      p.label = `DPoP ${desc} + valid proof`;
      p.proof = { valid: true };
    } else {
      delete p.cred.binding;
      p.cred.detail = `DPoP: ${desc}, proof invalid (${failure}): no better than a bearer token`;
      p.label = `DPoP ${desc} + invalid proof`;
      p.proof = { valid: false, failure };
    }
    p.shape = tokenShape(p);
    return p;
  }

  private checkProof(call: Call, token: string, info: TokenInfo): string | undefined {
    const proofs = headers(call.headers, 'dpop');
    if (proofs.length !== 1) return proofs.length ? 'more than one DPoP header' : 'no DPoP proof header';
    const jws = this.jws(proofs[0]!.trim());
    if (!jws) return 'the proof is not a signed JWT';
    const h = jws.header;
    if (get(h, 'typ') !== 'dpop+jwt') return "the proof's typ is not dpop+jwt";
    const alg = get(h, 'alg');
    if (typeof alg !== 'string' || !ASYMMETRIC_ALGS.has(alg)) return "the proof's alg is not asymmetric";
    const jwk = get(h, 'jwk');
    if (!isObj(jwk) || get(jwk, 'd') !== undefined || get(jwk, 'k') !== undefined) return 'the proof carries no public jwk';
    if (!verifyJws(jws, jwk)) return "the proof's signature does not verify with its jwk";
    const pl = jws.payload;
    if (String(get(pl, 'htm') ?? '').toUpperCase() !== call.method.toUpperCase()) return 'htm does not match the request method';
    if (!sameHtu(String(get(pl, 'htu') ?? ''), callUrl(call))) return 'htu does not match the request URL';
    const iat = num(pl, 'iat');
    if (iat === undefined) return 'the proof has no iat';
    if (call.time === undefined) return 'no call time to judge iat against';
    if (Math.abs(call.time / 1000 - iat) > this.opts.dpopIatWindow) return `iat is more than ${this.opts.dpopIatWindow} s from the call`;
    const jti = get(pl, 'jti');
    if (typeof jti !== 'string' || !jti) return 'the proof has no jti';
    const key = identity(jti);
    if (this.jtis.has(key)) return 'jti reused (replayed proof)';
    this.rememberJti(key, iat);
    if (get(pl, 'ath') !== accessTokenHash(token)) return 'ath does not match the access token';
    if (info.format !== 'jwt') return "the token is opaque: its cnf.jkt cannot be compared with the proof's key";
    const tjws = this.jws(token)!;
    const cnf = get(tjws.payload, 'cnf');
    const jkt = isObj(cnf) ? get(cnf, 'jkt') : undefined;
    if (typeof jkt !== 'string') return 'the token has no cnf.jkt';
    if (jkt !== jwkThumbprint(jwk as Obj)) return "the token's cnf.jkt is not the proof key's thumbprint";
    return undefined;
  }

  private rememberJti(key: string, iat: number): void {
    this.jtis.set(key, iat);
    if (this.jtis.size > 100_000) {
      // Proofs outside the window are refused anyway; their jtis need not be remembered (RFC 9449 §11.1).
      const cutoff = iat - 2 * this.opts.dpopIatWindow;
      for (const [k, t] of this.jtis) if (t < cutoff) this.jtis.delete(k);
    }
  }
}

/** A token's scopes: the space-separated `scope` claim, or `scp` (a list or a string); at most 50, each cut to 100 characters. */
function scopesOf(payload: unknown): string[] {
  const raw = get(payload, 'scope') ?? get(payload, 'scp');
  const list = typeof raw === 'string' ? raw.split(/\s+/) : Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : [];
  return [...new Set(list.filter(Boolean).slice(0, 50).map((x) => x.slice(0, 100)))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function hexToB64url(hex: string): string {
  const h = hex.replace(/[^0-9a-f]/gi, '');
  return Buffer.from(h, 'hex').toString('base64url');
}

function sameHtu(htu: string, url: string): boolean {
  try {
    const a = new URL(htu);
    const b = new URL(url);
    return a.protocol === b.protocol && a.host === b.host && a.pathname === b.pathname;
  } catch {
    return false;
  }
}

export function describeToken(info: TokenInfo): string {
  if (info.format === 'opaque') return 'opaque token';
  const bits = [info.alg ?? 'no alg'];
  if (info.iss) bits.push(`iss ${info.iss}`);
  if (info.lifetimeSeconds !== undefined) bits.push(`lives ${info.lifetimeSeconds} s`);
  if (info.cnf) bits.push(`cnf.${info.cnf}`);
  return `JWT (${bits.join(', ')})`;
}

function tokenShape(p: Presented): string {
  const i = p.token!.info;
  return ['token', p.cred.type, p.cred.in, (p.cred.name ?? '').toLowerCase(), p.token!.scheme, i.format, i.alg ?? '', i.iss ?? '', i.cnf ?? '', p.cred.binding ?? '', p.proof ? (p.proof.valid ? 'proof-ok' : 'proof-bad') : '', p.certMismatch ? 'other-cert' : ''].join('|');
}

/** Whether credentials on this call travel in clear text to a host that is not loopback. */
export function plaintext(call: Call): boolean {
  return call.scheme === 'http' && !isLoopback(`http://${call.host}/`);
}

/** The schemes a 401 challenge offers (`Bearer`, `DPoP`, `Basic`…), lower-case. */
export function challengeSchemes(values: string[]): string[] {
  const out = new Set<string>();
  for (const v of values) for (const m of v.matchAll(/(?:^|,)\s*([A-Za-z][\w-]*)(?=\s+[\w-]+=|\s*$|\s*,)/g)) out.add(m[1]!.toLowerCase());
  return [...out];
}

