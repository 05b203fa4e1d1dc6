// Calls → APIs and operations. Calls are grouped by scheme + host + base path (an API) and method + inferred path
// template (an operation); each operation keeps bounded statistics and, at the end, gets one observed AuthPosture whose
// alternatives are the credential sets its 2xx calls carried. Memory is bounded by the number of distinct operations,
// never by the number of calls.

import type { Api, AuthPosture, Confidence, Credential, InputKind, LoadFinding, Loc, ObservedCredential, ObservedToken, Operation, ResponseSignal, TrafficStats } from '../../model/types.js';
import { alternativeLevel } from '../../model/auth.js';
import { emptyTraffic, MAX_OBSERVED, tokenKey } from '../../model/traffic.js';
import { cmp, slug } from '../../model/util.js';
import type { Call } from './call.js';
import { challengeSchemes, CredentialReader, plaintext, type Presented, type TrafficOptions } from './credentials.js';
import { scanBody, scannable } from './signals.js';
import { IdSet } from './idset.js';
import { templatePath } from './templates.js';
import { routeOperation } from '../gateway.js';

/** Bounds that keep memory flat whatever the size of the capture. */
const MAX_APIS = 1000;
const MAX_OPS_PER_API = 2000;
const MAX_SETS = 16;
const MAX_BODIES_PER_OP = 100;
const MAX_CLIENTS = 16;
const MAX_IDS = 4096;
const BURST_WINDOW_MS = 10_000;
const MAX_BURST_QUEUE = 4096;

const RATE_LIMIT_HEADER = /^(x-)?rate-?limit(-[a-z-]+)?$|^retry-after$|^x-ratelimit-[a-z-]+$/i;

const RESPONSE_HEADERS = new Set(['www-authenticate', 'access-control-allow-origin', 'access-control-allow-credentials', 'strict-transport-security']);
const responseNames = new Map<string, string | undefined>();

/** The lower-case name of a response header the observations use, or undefined (decided once per spelling). */
function responseHeader(name: string): string | undefined {
  if (responseNames.has(name)) return responseNames.get(name);
  const n = name.toLowerCase();
  const v = RESPONSE_HEADERS.has(n) || RATE_LIMIT_HEADER.test(n) ? n : undefined;
  if (responseNames.size < 10_000) responseNames.set(name, v);
  return v;
}

interface SetAcc {
  creds: Credential[];
  labels: string[];
  calls: number;
  accepted: number;
  refused: number;
  level: number;
}

interface OpAcc {
  method: string;
  template: string;
  concrete: string;
  loc: Loc;
  stats: TrafficStats;
  /** Calls by status (a number key: no string to build and hash per call); written to `stats.statuses` at the end. */
  statuses: Map<number, number>;
  creds: Map<string, ObservedCredential>;
  tokens: Map<string, ObservedToken>;
  sets: Map<string, SetAcc>;
  /** Calls whose credentials the capture does not show. */
  hidden: { calls: number; accepted: number; refused: number };
  plaintext: number;
  fallback: Set<string>;
  fapi: Map<string, { requirement: string; reason: string }>;
  challengeSchemes: Set<string>;
  challenges: Map<string, { value: string; count: number; loc: Loc }>;
  signals: Map<string, ResponseSignal>;
  times: number[];
  timesHead: number;
  ids: Map<string, IdSet>;
  enumLoc?: Loc;
  first?: number;
  last?: number;
}

interface ApiAcc {
  key: string;
  scheme: string;
  host: string;
  port?: string;
  base: string;
  loc: Loc;
  /** Operations in the order first seen. */
  ops: OpAcc[];
  /** The same operations by method, then template. */
  byMethod: Map<string, Map<string, OpAcc>>;
  dropped: number;
}

export interface CaptureCounts {
  entries: number;
  calls: number;
  /** Entries that are not API calls: static resources, HTML pages without credentials, non-http(s) URLs. */
  ignored: number;
  /** Entries without a usable request (no method or URL). */
  malformed: number;
}

export class TrafficAggregator {
  readonly counts: CaptureCounts = { entries: 0, calls: 0, ignored: 0, malformed: 0 };
  /** Whether any request carried an Authorization or Cookie header (a sanitized browser export carries none). */
  sawCredentialHeaders = false;
  private readonly apis = new Map<string, ApiAcc>();
  /** The same APIs by scheme, host, port ('' for the default) and base path. */
  private readonly index: Record<Call['scheme'], Map<string, Map<string, Map<string, ApiAcc>>>> = { http: new Map(), https: new Map() };
  private readonly reader: CredentialReader;
  private droppedApis = 0;

  constructor(
    private readonly file: string,
    private readonly source: InputKind,
    opts: TrafficOptions,
    private readonly findings: LoadFinding[],
  ) {
    this.reader = new CredentialReader(opts);
  }

  add(call: Call): void {
    this.counts.calls++;
    if (!this.sawCredentialHeaders && call.headers.some((h) => /^(authorization|cookie)$/i.test(h.name))) this.sawCredentialHeaders = true;
    const { template, firstId, base } = templatePath(call.path);
    // Found through maps keyed by the parts as they come (no key string to build and hash per call).
    const byHost = this.index[call.scheme];
    let byPort = byHost.get(call.host);
    if (!byPort) byHost.set(call.host, (byPort = new Map()));
    let byBase = byPort.get(call.port ?? '');
    if (!byBase) byPort.set(call.port ?? '', (byBase = new Map()));
    let api = byBase.get(base);
    if (!api) {
      if (this.apis.size >= MAX_APIS) {
        this.droppedApis++;
        return;
      }
      const apiKey = `${call.scheme}://${call.host}${call.port ? `:${call.port}` : ''}${base}`;
      api = { key: apiKey, scheme: call.scheme, host: call.host, base, loc: call.loc, ops: [], byMethod: new Map(), dropped: 0 };
      if (call.port) api.port = call.port;
      this.apis.set(apiKey, api);
      byBase.set(base, api);
    }
    let byTemplate = api.byMethod.get(call.method);
    if (!byTemplate) api.byMethod.set(call.method, (byTemplate = new Map()));
    let op = byTemplate.get(template);
    if (!op) {
      if (api.ops.length >= MAX_OPS_PER_API) {
        api.dropped++;
        return;
      }
      op = newOp(call, template);
      api.ops.push(op);
      byTemplate.set(template, op);
    }
    this.observe(op, call, firstId);
  }

  private observe(op: OpAcc, call: Call, firstId: number | undefined): void {
    const st = op.stats;
    const status = call.status;
    const ok = status >= 200 && status < 300;
    const refused = status === 401 || status === 403;
    st.calls++;
    op.statuses.set(status, (op.statuses.get(status) ?? 0) + 1);
    if (!st.schemes.includes(call.scheme)) st.schemes.push(call.scheme);
    if (call.time !== undefined && Number.isFinite(call.time)) {
      if (op.first === undefined || call.time < op.first) op.first = call.time;
      if (op.last === undefined || call.time > op.last) op.last = call.time;
    }

    const presented = this.reader.read(call);
    const clear = plaintext(call);
    for (const p of presented) {
      if (ok && p.token && (p.token.outsideLifetime || p.token.unsigned)) {
        p.cred.validated = false;
        p.cred.detail = `${p.cred.detail}, ${p.token.unsigned ? 'unsigned (alg: none)' : 'expired or not yet valid at the time of the call'},`;
        p.shape += '|unvalidated';
      }
      this.recordCredential(op, p, ok, refused, clear);
      if (p.token) this.recordToken(op, p, ok);
      if (p.proof) {
        const d = (st.dpop ??= { calls: 0, valid: 0, failures: {}, acceptedInvalid: 0, loc: p.cred.loc });
        d.calls++;
        if (p.proof.valid) d.valid++;
        else {
          d.failures[p.proof.failure!] = (d.failures[p.proof.failure!] ?? 0) + 1;
          if (ok) d.acceptedInvalid++;
        }
      }
      if (ok) {
        if (p.jktUnderBearer) op.fallback.add('a DPoP-bound token (cnf.jkt) was accepted as a plain Bearer token');
        if (p.proof && !p.proof.valid) op.fallback.add(`a DPoP token was accepted with an invalid proof (${p.proof.failure})`);
        if (p.certMismatch) op.fallback.add('a certificate-bound token was accepted with another client certificate');
        for (const f of p.fapi) if (op.fapi.size < 8) op.fapi.set(`${f.requirement}\u0000${f.reason}`, f);
      }
    }
    if (presented.length && clear) op.plaintext++;
    if (presented.length === 0 && !call.credentialsVisible) {
      op.hidden.calls++;
      if (ok) op.hidden.accepted++;
      if (refused) op.hidden.refused++;
    } else this.recordSet(op, presented, ok, refused);
    if (presented.length === 0 && call.credentialsVisible) this.recordNone(op, call, ok, refused);

    // One pass over the response headers: challenges, rate limiting, CORS, HSTS.
    let acao: string | undefined;
    let acac = false;
    let hsts = false;
    for (const h of call.responseHeaders) {
      const n = responseHeader(h.name);
      if (n === undefined) continue;
      if (n === 'www-authenticate') {
        if (status === 401) this.challenge(op, h.value, call.loc);
      } else if (n === 'access-control-allow-origin') acao = h.value.trim();
      else if (n === 'access-control-allow-credentials') acac = h.value.trim().toLowerCase() === 'true';
      else if (n === 'strict-transport-security') hsts = true;
      else if (!st.rateLimit.headers.includes(n) && st.rateLimit.headers.length < 16) st.rateLimit.headers.push(n);
    }
    if (status === 429 || call.rateLimited) st.rateLimit.tooMany++;
    if (call.time !== undefined && Number.isFinite(call.time)) {
      const q = op.times;
      q.push(call.time);
      while (op.timesHead < q.length && q[op.timesHead]! < call.time - BURST_WINDOW_MS) op.timesHead++;
      if (q.length - op.timesHead > MAX_BURST_QUEUE) op.timesHead = q.length - MAX_BURST_QUEUE;
      const n = q.length - op.timesHead;
      if (n > st.rateLimit.burst) {
        st.rateLimit.burst = n;
        st.rateLimit.burstLoc = call.loc;
      }
      if (op.timesHead > 1024) {
        q.splice(0, op.timesHead);
        op.timesHead = 0;
      }
    }
    if (status > 0) {
      if (acac && (acao === '*' || acao === 'null')) {
        if (acao === '*') st.cors.wildcardWithCredentials++;
        else st.cors.nullWithCredentials++;
        st.cors.loc ??= call.loc;
      }
      if (call.scheme === 'https') {
        st.hsts.https++;
        if (!hsts) {
          st.hsts.missing++;
          st.hsts.loc ??= call.loc;
        }
      }
    }

    if (ok && firstId !== undefined) {
      const client = presented[0]?.client ?? 'anonymous';
      let ids = op.ids.get(client);
      if (!ids && op.ids.size < MAX_CLIENTS) op.ids.set(client, (ids = new IdSet()));
      if (ids && ids.size < MAX_IDS) ids.add(firstId);
      op.enumLoc ??= call.loc;
    }

    if (status > 0 && call.responseBody && st.bodiesScanned < MAX_BODIES_PER_OP && scannable(call.responseBody.mimeType)) {
      const text = call.responseBody.text();
      if (text) {
        st.bodiesScanned++;
        for (const f of scanBody(text)) {
          const k = `${f.kind}\u0000body`;
          const s = op.signals.get(k);
          if (s) s.count++;
          else op.signals.set(k, { kind: f.kind, where: 'body', sample: f.sample, count: 1, loc: { ...call.loc, pointer: `${call.loc.pointer}/response/content` } });
        }
      }
    }
  }

  private challenge(op: OpAcc, v: string, loc: Loc): void {
    const value = v.length > 200 ? `${v.slice(0, 200)}…` : v;
    const c = op.challenges.get(value);
    if (c) c.count++;
    else if (op.challenges.size < 8) op.challenges.set(value, { value, count: 1, loc });
    for (const s of challengeSchemes([v])) op.challengeSchemes.add(s);
  }

  private recordCredential(op: OpAcc, p: Presented, ok: boolean, refused: boolean, clear: boolean): void {
    const c = p.cred;
    const k = p.label;
    let o = op.creds.get(k);
    if (!o) {
      if (op.creds.size >= MAX_OBSERVED) return;
      o = { label: p.label, type: c.type, samples: [], calls: 0, accepted: 0, refused: 0, plaintext: 0, loc: c.loc };
      if (c.in) o.in = c.in;
      if (c.name) o.name = c.name;
      op.creds.set(k, o);
    }
    o.calls++;
    if (ok) o.accepted++;
    if (refused) o.refused++;
    if (clear) o.plaintext++;
    if (p.sample && o.samples.length < 3 && !o.samples.includes(p.sample)) o.samples.push(p.sample);
  }

  private recordNone(op: OpAcc, call: Call, ok: boolean, refused: boolean): void {
    const k = 'no credential';
    let o = op.creds.get(k);
    if (!o) {
      o = { label: 'no credential', type: 'none', samples: [], calls: 0, accepted: 0, refused: 0, plaintext: 0, loc: call.loc };
      op.creds.set(k, o);
    }
    o.calls++;
    if (ok) o.accepted++;
    if (refused) o.refused++;
  }

  private recordToken(op: OpAcc, p: Presented, ok: boolean): void {
    const t = p.token!;
    let o = op.tokens.get(p.shape);
    if (!o) {
      if (op.tokens.size >= MAX_OBSERVED) return;
      o = { ...t.info, scheme: t.scheme, fingerprint: p.sample, calls: 0, accepted: 0, acceptedExpired: 0, acceptedUnsigned: 0, loc: p.cred.loc };
      op.tokens.set(p.shape, o);
    }
    o.calls++;
    if (ok) {
      o.accepted++;
      if (t.outsideLifetime) o.acceptedExpired++;
      if (t.unsigned) o.acceptedUnsigned++;
    }
  }

  private recordSet(op: OpAcc, presented: Presented[], ok: boolean, refused: boolean): void {
    // Most calls carry one credential or none: no copy, sort or join for those.
    const sorted = presented.length < 2 ? presented : [...presented].sort((a, b) => cmp(a.shape, b.shape));
    const key = sorted.length === 0 ? '' : sorted.length === 1 ? sorted[0]!.shape : sorted.map((p) => p.shape).join('\u0001');
    let s = op.sets.get(key);
    if (!s) {
      if (op.sets.size >= MAX_SETS) return;
      const creds = sorted.map((p) => ({ ...p.cred }));
      s = { creds, labels: sorted.map((p) => p.label), calls: 0, accepted: 0, refused: 0, level: alternativeLevel(creds) };
      op.sets.set(key, s);
    } else {
      // Keep the longest lifetime seen for tokens of this shape.
      sorted.forEach((p, i) => {
        const lt = p.cred.lifetimeSeconds;
        const cur = s!.creds[i];
        if (cur && lt !== undefined && (cur.lifetimeSeconds === undefined || lt > cur.lifetimeSeconds)) {
          cur.lifetimeSeconds = lt;
          if (cur.token && p.cred.token) cur.token = { ...p.cred.token };
          cur.detail = p.cred.detail;
        }
      });
    }
    s.calls++;
    if (ok) s.accepted++;
    if (refused) s.refused++;
  }

  /** The APIs observed, with one operation per method + template. `sanitized`: a call without credentials proves nothing. */
  finish(sanitized: boolean): Api[] {
    const out: Api[] = [];
    for (const api of [...this.apis.values()].sort((a, b) => cmp(a.key, b.key))) {
      const baseUrl = api.key;
      const ops: Operation[] = [];
      for (const op of [...api.ops].sort((a, b) => cmp(a.template, b.template) || cmp(a.method, b.method))) ops.push(this.operation(api, op, sanitized));
      if (api.dropped) {
        this.findings.push({ ruleId: 'traffic-truncated', severity: 'info', message: `${api.dropped} calls to ${baseUrl} on more than ${MAX_OPS_PER_API} distinct paths were not assessed`, loc: api.loc });
      }
      const counted = ops.reduce((n, o) => n + (o.traffic?.calls ?? 0), 0);
      const name = `${baseUrl}`;
      const a: Api = {
        id: slug(`${api.scheme === 'http' ? 'http ' : ''}${api.host}${api.port ? ` ${api.port}` : ''} ${api.base}`),
        name,
        sources: [this.file],
        kinds: [this.source],
        baseUrls: [baseUrl],
        hosts: [api.host],
        described: ops.some((o) => o.auth.some((p) => !p.silent)),
        servers: [],
        securitySchemes: [],
        operations: ops,
        webhooks: [],
        evidence: [{ kind: 'observed', source: this.source, confidence: 'medium', summary: `captured traffic: ${counted} calls to ${ops.length} operations`, loc: api.loc }],
        authServers: [],
        extensions: {},
        loc: api.loc,
        deref: { deref: (value, loc) => ({ value, loc }), valueAt: () => undefined },
      };
      out.push(a);
    }
    if (this.droppedApis) {
      this.findings.push({ ruleId: 'traffic-truncated', severity: 'info', message: `calls to more than ${MAX_APIS} distinct APIs (scheme, host, base path): ${this.droppedApis} calls were not assessed`, loc: { file: this.file, pointer: '' } });
    }
    return out;
  }

  private operation(api: ApiAcc, op: OpAcc, sanitized: boolean): Operation {
    const stats = op.stats;
    for (const [code, n] of [...op.statuses].sort((a, b) => a[0] - b[0])) stats.statuses[String(code)] = n;
    stats.credentials = [...op.creds.values()].sort((a, b) => b.calls - a.calls || cmp(a.label, b.label));
    const tokens = new Map<string, ObservedToken>();
    for (const t of op.tokens.values()) {
      const k = tokenKey(t);
      const cur = tokens.get(k);
      if (!cur) tokens.set(k, { ...t });
      else {
        cur.calls += t.calls;
        cur.accepted += t.accepted;
        cur.acceptedExpired += t.acceptedExpired;
        cur.acceptedUnsigned += t.acceptedUnsigned;
      }
    }
    stats.tokens = [...tokens.values()].sort((a, b) => b.calls - a.calls || cmp(tokenKey(a), tokenKey(b)));
    stats.challenges = [...op.challenges.values()].sort((a, b) => b.count - a.count || cmp(a.value, b.value));
    stats.signals = [...op.signals.values()].sort((a, b) => cmp(a.kind, b.kind));
    stats.schemes.sort(cmp);
    stats.rateLimit.headers.sort(cmp);
    stats.rateLimit.windowSeconds = BURST_WINDOW_MS / 1000;
    if (op.first !== undefined) stats.first = new Date(op.first).toISOString();
    if (op.last !== undefined) stats.last = new Date(op.last).toISOString();
    const en = enumeration(op);
    if (en) stats.enumeration = en;

    // An observed request is an operation the way a gateway route is: the same defaults, public when it is a login or
    // token endpoint.
    const o = routeOperation(op.method, op.template, op.loc, { kind: 'request', value: op.concrete, methods: [op.method], hosts: [api.host] });
    o.auth = [this.posture(op, sanitized)];
    o.traffic = stats;
    return o;
  }

  private posture(op: OpAcc, sanitized: boolean): AuthPosture {
    const sets = [...op.sets.values()];
    // A sanitized browser export drops Authorization and cookies: a call without credentials there shows nothing.
    const visible = sets.filter((s) => !(sanitized && s.creds.length === 0));
    const hidden = { ...op.hidden };
    for (const s of sets) if (sanitized && s.creds.length === 0) {
      hidden.calls += s.calls;
      hidden.accepted += s.accepted;
      hidden.refused += s.refused;
    }
    const accepted = visible.filter((s) => s.accepted > 0);
    const loc = op.loc;
    let alternatives: Credential[][] = [];
    let confidence: Confidence = 'medium';
    let silent = false;
    if (accepted.length) {
      alternatives = accepted.map((s) => s.creds);
      const weakestOk = Math.min(...accepted.map((s) => s.level));
      if (visible.some((s) => s.refused > 0 && (s.level < weakestOk || s.creds.length === 0)) || hidden.refused > 0) confidence = 'high';
    } else if (visible.some((s) => s.creds.length)) {
      alternatives = visible.filter((s) => s.creds.length).map((s) => s.creds);
      confidence = 'low';
    } else if (visible.some((s) => s.refused > 0) || hidden.refused > 0) {
      alternatives = [[this.challenged(op, loc)]];
      confidence = 'medium';
    } else silent = true;

    const p: AuthPosture = {
      evidence: 'observed',
      source: this.source,
      confidence,
      loc,
      alternatives,
      summary: '',
    };
    if (silent) p.silent = true;
    if (op.plaintext) p.plaintext = true;
    const bound = accepted.some((s) => s.creds.some((c) => c.binding));
    const unboundToken = accepted.some((s) => s.creds.some((c) => (c.type === 'bearer' || c.type === 'dpop') && !c.binding));
    if (bound && unboundToken) op.fallback.add('plain bearer tokens are accepted beside sender-constrained ones');
    if (op.fallback.size) p.bearerFallback = true;
    op.stats.bindingBypassed = [...op.fallback].sort(cmp);
    if (op.fapi.size) p.fapiContradictions = [...op.fapi.values()].sort((a, b) => cmp(a.requirement, b.requirement) || cmp(a.reason, b.reason));
    p.summary = summary(op, visible, hidden, silent, sanitized);
    return p;
  }

  /** The credential a 401/403 challenge asks for, when calls without one were refused. */
  private challenged(op: OpAcc, loc: Loc): Credential {
    const s = op.challengeSchemes;
    if (s.has('dpop')) return { type: 'dpop', binding: 'dpop', in: 'header', name: 'Authorization', detail: 'DPoP required (401 WWW-Authenticate: DPoP)', loc };
    if (s.has('bearer')) return { type: 'bearer', in: 'header', name: 'Authorization', detail: 'Bearer token required (401 WWW-Authenticate: Bearer)', loc };
    if (s.has('basic') || s.has('digest')) return { type: 'basic', in: 'header', name: 'Authorization', detail: 'HTTP Basic required (401 WWW-Authenticate)', loc };
    return { type: 'unknown', detail: 'a credential is required (calls without one were refused); which one is not shown', loc };
  }
}

function newOp(call: Call, template: string): OpAcc {
  return {
    method: call.method.toLowerCase(),
    template,
    concrete: call.path,
    loc: call.loc,
    stats: emptyTraffic(),
    statuses: new Map(),
    creds: new Map(),
    tokens: new Map(),
    sets: new Map(),
    hidden: { calls: 0, accepted: 0, refused: 0 },
    plaintext: 0,
    fallback: new Set(),
    fapi: new Map(),
    challengeSchemes: new Set(),
    challenges: new Map(),
    signals: new Map(),
    times: [],
    timesHead: 0,
    ids: new Map(),
  };
}

function enumeration(op: OpAcc): TrafficStats['enumeration'] {
  let best: TrafficStats['enumeration'];
  for (const ids of op.ids.values()) {
    const sorted = ids.values().sort((a, b) => a - b);
    let run = 1;
    let start = sorted[0]!;
    for (let i = 1; i <= sorted.length; i++) {
      if (i < sorted.length && sorted[i] === sorted[i - 1]! + 1) {
        run++;
        continue;
      }
      if (!best || run > best.longestRun) best = { longestRun: run, distinctIds: ids.size, from: start, to: sorted[i - 1]!, loc: op.enumLoc! };
      if (i < sorted.length) {
        run = 1;
        start = sorted[i]!;
      }
    }
  }
  return best && best.longestRun >= 2 ? best : undefined;
}

function summary(op: OpAcc, sets: SetAcc[], hidden: { calls: number; accepted: number; refused: number }, silent: boolean, sanitized: boolean): string {
  const st = op.stats;
  const statuses = Object.entries(st.statuses)
    .sort((a, b) => cmp(a[0], b[0]))
    .map(([s, n]) => `${s === '0' ? 'no response' : s} ×${n}`)
    .join(', ');
  const label = (s: SetAcc) => (s.labels.length ? s.labels.join(' + ') : 'no credential');
  const acc = sets.filter((s) => s.accepted > 0).map(label);
  const ref = sets.filter((s) => s.refused > 0).map(label);
  const parts = [`observed: ${st.calls} call${st.calls === 1 ? '' : 's'} (${statuses})`];
  if (acc.length) parts.push(`2xx with ${acc.join('; ')}`);
  if (ref.length) parts.push(`401/403 with ${ref.join('; ')}`);
  if (hidden.calls) parts.push(`${hidden.calls} call${hidden.calls === 1 ? '' : 's'} whose credentials ${sanitized ? 'the sanitized export removed' : 'the capture does not show'}`);
  if (op.challenges.size) parts.push(`401 WWW-Authenticate: ${[...op.challenges.keys()].slice(0, 2).join(' | ')}`);
  if (silent) parts.push('nothing shows which credential is required');
  return parts.join('; ');
}
