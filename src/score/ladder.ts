// The maturity ladder (MATURITY.md): per operation, the status of every requirement from the evidence of every input;
// the level is the highest whose gates all pass, the ceiling the same with unknowns counted as passing.
// The scorer reads only the model: it never knows which file format a piece of evidence came from.

import type { Api, AuthPosture, AuthServer, Confidence, Credential, EvidenceKind, InputKind, Level, Loc, Operation, ProtectedResource } from '../model/types.js';
import { LEVEL_LABELS } from '../model/types.js';
import { governingPostures } from '../model/auth.js';
import { hintsName } from '../model/link.js';
import { isPlainHttp, minOf } from '../model/util.js';
import { evaluateFapi, FAPI_REQUIREMENTS, machineOnly, SIGNING_FEATURES, type FapiProfile, type MetadataEvaluator, type SigningFeature, type SigningStatus } from './fapi.js';
import { decider, fieldOf, listOf, RESOURCE_DEFAULTS, serverSupports, show } from './metadata.js';
import { REQUIREMENT_BY_ID, REQUIREMENTS, type Requirement } from './requirements.js';
import { fails, na, pass, unknown, worse, type Decider, type ReqStatus, type StatusValue } from './status.js';

export interface EvidenceOut {
  kind: EvidenceKind;
  source: InputKind;
  confidence: Confidence;
  summary: string;
  loc: Loc;
  requirement?: string;
}

export interface OperationScore {
  key: string;
  method: string;
  path: string;
  public?: Operation['public'];
  level: Level;
  ceiling: Level;
  sublevel?: string;
  binding?: 'mtls' | 'dpop';
  statuses: ReqStatus[];
  evidence: EvidenceOut[];
  loc: Loc;
  /** Level-4 detail when authorization-server metadata governs the operation's tokens. */
  fapi?: { profile: FapiProfile; alternative?: { profile: FapiProfile; unmet: string[] }; messageSigning: SigningStatus[]; signed: boolean };
}

/** A requirement's status merged over an API's operations (every status, passing ones included). */
export interface MergedStatus {
  requirement: string;
  level: number;
  title: string;
  role: Requirement['role'];
  status: StatusValue;
  reason: string;
  confidence?: Confidence;
  settleWith?: string;
  remediation: string;
  /** Operations where it is not met. */
  operations: string[];
  locs: Loc[];
  decidedBy: Decider[];
}

export interface MergedSigning {
  feature: SigningFeature;
  status: StatusValue;
  reason: string;
  locs: Loc[];
  decidedBy: Decider[];
}

/** The FAPI checklist of an API: every level-4 requirement, the profile, 4a/4b and the metadata it was read from. */
export interface ApiFapi {
  profile?: FapiProfile | 'mixed';
  sublevel?: '4a' | '4b';
  requirements: MergedStatus[];
  messageSigning: MergedSigning[];
  alternative?: { profile: FapiProfile; unmet: string[] };
  authServers: AuthServer[];
  protectedResources: ProtectedResource[];
}

export interface Unmet {
  level: number;
  requirement: string;
  title: string;
  role: Requirement['role'];
  status: 'fails' | 'unknown' | 'n/a';
  reason: string;
  settleWith?: string;
  remediation: string;
  /** Operations where it is not met (all of them when it is API-wide). */
  operations: string[];
  locs: Loc[];
}

export interface ApiScore {
  level: Level;
  label: string;
  sublevel?: string;
  described: boolean;
  authenticatedLevel: Level | null;
  ceiling: Level;
  binding?: 'mtls' | 'dpop' | 'mixed';
  evidence: EvidenceOut[];
  unmet: Unmet[];
  /** The first thing to do to reach the next level. */
  nextStep?: Unmet;
  operations: OperationScore[];
  /** Present when the API has linked authorization-server metadata or reaches level 2 on its authenticated operations. */
  fapi?: ApiFapi;
}

export interface ScoreOptions {
  /** Evaluates level-4 requirements from linked authorization-server metadata (`evaluateMetadata`, `./metadata.ts`). */
  metadataEvaluator?: MetadataEvaluator;
  /** Token lifetime (seconds) above which R2.3 fails; default 3600 (RFC 6750 §5.3). */
  maxTokenLifetime?: number;
}

const DEFAULT_MAX_TOKEN_LIFETIME = 3600;

const TOKEN_TYPES = new Set(['bearer', 'dpop']);
const STATIC_TYPES = new Set(['api-key', 'basic', 'signature', 'client-certificate', 'session-cookie']);

/** Gates per level; `R1.3` is a cap: it blocks only when it fails. */
const GATES: Record<number, string[]> = {
  1: ['R1.1'],
  2: ['R2.1', 'R2.2'],
  3: ['R3.1', 'R3.2', 'R3.3', 'R1.3'],
  4: FAPI_REQUIREMENTS.filter((r) => r.role === 'gate').map((r) => r.id),
};
const CAPS = new Set(['R1.3']);
/** RFC 9421 HTTP message signature headers (and the legacy Open Banking UK detached JWS). */
const SIGNATURE_HEADERS = /^(signature|signature-input|x-jws-signature)$/i;

function credLabel(c: Credential): string {
  const where = c.in ? ` in ${c.in}${c.name ? ` '${c.name}'` : ''}` : '';
  switch (c.type) {
    case 'api-key':
      return `API key${where}`;
    case 'basic':
      return c.detail ?? 'HTTP Basic';
    case 'bearer':
      return c.detail ?? 'bearer token';
    case 'dpop':
      return c.detail ?? 'DPoP-bound token';
    default:
      return c.detail ?? c.type;
  }
}

function confidenceOf(p: AuthPosture): Confidence {
  return p.confidence;
}

/**
 * The authorization servers that govern these tokens: those their issuer hints name, and those linked to the whole API
 * (explicit mapping, protected-resource metadata); when no token names any server, every server linked to the API.
 */
export function serversFor(api: Api, tokens: Credential[]): AuthServer[] {
  const named = api.authServers.filter((s) => tokens.some((t) => hintsName(t.issuerHints ?? [], s)));
  const apiWide = api.authServers.filter((s) => s.links?.some((l) => l.via === 'mapping' || l.via === 'protected-resource' || l.via === 'resource'));
  const out = api.authServers.filter((s) => named.includes(s) || apiWide.includes(s));
  if (out.length) return out;
  return tokens.some((t) => t.issuerHints?.length) ? [] : api.authServers;
}

const BINDING_NAMES = { mtls: 'mTLS certificate-bound tokens (RFC 8705)', dpop: 'DPoP-bound tokens (RFC 9449)' } as const;

/** What protected-resource metadata says about verifying a binding (RFC 9728 §2). */
function resourceBinding(r: ProtectedResource, b: 'mtls' | 'dpop'): { ok: boolean; f: ReturnType<typeof fieldOf> } {
  const f = fieldOf(r, b === 'mtls' ? 'tls_client_certificate_bound_access_tokens' : 'dpop_bound_access_tokens_required', RESOURCE_DEFAULTS);
  return { ok: f.value === true, f };
}

/** Requirement statuses for one alternative (a set of credentials required together) of one posture. */
function alternativeStatuses(alt: Credential[], p: AuthPosture, op: Operation, api: Api, opts: ScoreOptions): ReqStatus[] {
  const conf = confidenceOf(p);
  const out: ReqStatus[] = [];
  const locs = alt.length ? alt.map((c) => c.loc) : [p.loc];
  if (alt.length === 0) {
    const why =
      p.evidence === 'declared'
        ? op.security === undefined
          ? 'no security requirement applies to this operation'
          : op.security.length === 0
            ? '`security: []` removes authentication from this operation'
            : 'the security requirement includes `{}`: authentication is optional'
        : p.evidence === 'observed'
          ? 'a call without credentials was answered with success'
          : 'no authentication is enforced on this route';
    out.push(fails('R1.1', why, conf, [p.loc]));
    for (const id of ['R2.1', 'R2.2', 'R3.1', 'R3.2']) out.push(fails(id, 'no credential is required', conf, [p.loc]));
    out.push(na('R3.3', 'no credential is required'));
    return out;
  }
  const unvalidated = alt.find((c) => TOKEN_TYPES.has(c.type) && c.validated === false);
  if (unvalidated) out.push(fails('R1.1', `${credLabel(unvalidated)} is accepted without validation: anyone can mint one (cap C1)`, conf, [unvalidated.loc]));
  else out.push(pass('R1.1', `${p.evidence}: ${alt.map(credLabel).join(' + ')}`, conf, locs));

  const tokens = alt.filter((c) => TOKEN_TYPES.has(c.type));
  const goodTokens = tokens.filter((c) => !c.staticSecret);
  const unknowns = alt.filter((c) => c.type === 'unknown');
  if (goodTokens.length) out.push(pass('R2.1', `${p.evidence}: ${goodTokens.map(credLabel).join(' + ')}`, conf, goodTokens.map((c) => c.loc)));
  else if (tokens.length) out.push(fails('R2.1', `${credLabel(tokens[0]!)} is signed with a static per-consumer secret (cap C6)`, conf, tokens.map((c) => c.loc)));
  else if (unknowns.length) out.push(unknown('R2.1', `${credLabel(unknowns[0]!)}: what it accepts cannot be seen`));
  else out.push(fails('R2.1', `static credential: ${alt.filter((c) => STATIC_TYPES.has(c.type)).map(credLabel).join(' + ')}`, conf, locs));

  if (!tokens.length) {
    out.push(unknowns.length ? unknown('R2.2', 'no token visible') : fails('R2.2', 'no access token is used', conf, locs));
  } else if (unvalidated) out.push(fails('R2.2', `${credLabel(unvalidated)} is not validated`, conf, [unvalidated.loc]));
  else out.push(pass('R2.2', p.evidence === 'declared' ? 'declared token scheme (validation assumed)' : `${p.evidence}: token validated`, conf, tokens.map((c) => c.loc)));

  // Level 3: the token is bound to the client, and the binding is verified.
  const bound = goodTokens.filter((c) => c.binding);
  const clientCert = alt.find((c) => c.type === 'client-certificate');
  if (!goodTokens.length) {
    const why = tokens.length || !unknowns.length ? 'no access token to bind' : 'no token visible';
    out.push(unknowns.length && !tokens.length ? unknown('R3.1', why) : fails('R3.1', why, conf, locs));
    out.push(unknowns.length && !tokens.length ? unknown('R3.2', why) : fails('R3.2', why, conf, locs));
    out.push(na('R3.3', 'no access token to bind'));
  } else if (bound.length === goodTokens.length) {
    const how = bound.map((c) => (c.binding === 'mtls' ? 'mTLS certificate-bound token (RFC 8705)' : 'DPoP-bound token (RFC 9449)'));
    const boundLocs = [...bound.map((c) => c.loc), ...(clientCert ? [clientCert.loc] : [])];
    const bindings = [...new Set(bound.map((c) => c.binding!))];
    // Issuance is the authorization server's policy: linked metadata that does not offer the binding contradicts the declaration.
    const servers = serversFor(api, bound);
    const unsupported = servers.flatMap((s) => bindings.map((b) => ({ b, ...serverSupports(s, b) }))).filter((x) => !x.ok);
    if (unsupported.length) {
      const u = unsupported[0]!;
      out.push({ ...fails('R3.1', `the linked authorization server does not offer ${BINDING_NAMES[u.b]}: ${show(u.f)}`, u.f.present ? 'medium' : 'low', [u.f.loc, ...boundLocs]), decidedBy: unsupported.map((x) => decider(x.f)) });
    } else if (servers.length) {
      const fs = servers.flatMap((s) => bindings.map((b) => serverSupports(s, b).f));
      out.push({ ...pass('R3.1', `${p.evidence}: ${how.join(' + ')}, offered by the linked authorization server (${fs.map(show).join('; ')})`, 'medium', [...boundLocs, ...fs.map((f) => f.loc)]), decidedBy: fs.map(decider) });
    } else out.push(pass('R3.1', `${p.evidence}: ${how.join(' + ')}`, conf, boundLocs));
    // Verification is the resource server's: its RFC 9728 metadata, when given, must state it.
    const rsWrong = (api.protectedResources ?? []).flatMap((r) => bindings.map((b) => ({ b, ...resourceBinding(r, b) }))).filter((x) => !x.ok);
    if (p.bearerFallback) out.push(fails('R3.2', 'plain Bearer tokens are still accepted beside bound ones (cap C3)', conf, [p.loc]));
    else if (p.evidence === 'observed' && bound.some((c) => c.binding === 'mtls') && !clientCert)
      out.push(unknown('R3.2', 'the token is certificate-bound (cnf.x5t#S256), but the capture does not show the client certificate it was presented with', 'access logs with the client certificate fingerprint (Envoy `%DOWNSTREAM_PEER_FINGERPRINT_256%`) or the gateway config that checks the binding'));
    else if (rsWrong.length) {
      const u = rsWrong[0]!;
      const what = u.b === 'dpop' ? 'does not require DPoP: plain Bearer tokens are accepted' : 'does not support certificate-bound tokens';
      out.push({ ...fails('R3.2', `the protected-resource metadata ${what} (${show(u.f)})`, u.f.present ? 'medium' : 'low', [u.f.loc]), decidedBy: rsWrong.map((x) => decider(x.f)) });
    } else if (api.protectedResources?.length) {
      const fs = api.protectedResources.flatMap((r) => bindings.map((b) => resourceBinding(r, b).f));
      out.push({ ...pass('R3.2', `${p.evidence}: ${how.join(' + ')}; the protected-resource metadata states it (${fs.map(show).join('; ')})`, 'medium', [...boundLocs, ...fs.map((f) => f.loc)]), decidedBy: fs.map(decider) });
    } else out.push(pass('R3.2', `${p.evidence}: ${how.join(' + ')} verified`, conf, boundLocs));
    if (bound.some((c) => c.binding === 'mtls')) {
      out.push(clientCert || p.evidence === 'declared' ? pass('R3.3', `${p.evidence}: client certificate required`, conf, boundLocs) : unknown('R3.3', 'client certificate requirement not shown'));
    } else out.push(na('R3.3', 'DPoP path'));
  } else {
    // Support is not enforcement: metadata can show that the server issues bound tokens (R3.1), never that this API
    // requires them (R3.2), so it leaves the API at level 2 with ceiling 3.
    const servers = serversFor(api, goodTokens);
    const offered = servers.flatMap((s) => (['mtls', 'dpop'] as const).map((b) => serverSupports(s, b))).filter((x) => x.ok);
    if (offered.length) out.push({ ...pass('R3.1', `the linked authorization server supports sender-constrained tokens (${offered.map((x) => show(x.f)).join('; ')})`, 'medium', offered.map((x) => x.f.loc)), decidedBy: offered.map((x) => decider(x.f)) });
    else if (servers.length) {
      const fs = servers.flatMap((s) => (['mtls', 'dpop'] as const).map((b) => serverSupports(s, b).f));
      out.push({ ...fails('R3.1', `the linked authorization server offers neither mTLS-bound nor DPoP tokens (${fs.map(show).join('; ')})`, fs.some((f) => f.present) ? 'medium' : 'low', fs.map((f) => f.loc)), decidedBy: fs.map(decider) });
    } else out.push(unknown('R3.1', 'whether tokens are bound is not stated'));
    const rsDpop = (api.protectedResources ?? []).map((r) => resourceBinding(r, 'dpop')).find((x) => x.ok);
    if (clientCert) out.push(fails('R3.2', 'a client certificate is required but the token is not bound to it (cap C5)', conf, [clientCert.loc, ...tokens.map((c) => c.loc)]));
    else if (p.evidence === 'declared' && rsDpop)
      out.push({ ...unknown('R3.2', `the protected-resource metadata says DPoP is required (${show(rsDpop.f)}) but the API description declares plain bearer tokens: declare an \`http\` scheme \`DPoP\`, or show the check in a gateway config or traffic`), locs: [rsDpop.f.loc], decidedBy: [decider(rsDpop.f)] });
    else if (p.evidence === 'declared') out.push(unknown('R3.2', 'the description declares plain bearer tokens; enforcement of a binding is not shown'));
    else out.push(fails('R3.2', `${p.evidence}: plain bearer tokens are accepted`, conf, [p.loc]));
    out.push(clientCert ? pass('R3.3', `${p.evidence}: client certificate required`, conf, [clientCert.loc]) : na('R3.3', 'no mTLS path'));
  }

  // Grades of levels 1 and 2.
  const inUrl = alt.filter((c) => c.in === 'query' || c.in === 'path');
  out.push(inUrl.length ? fails('R1.2', `${credLabel(inUrl[0]!)}: credentials in the URL`, conf, inUrl.map((c) => c.loc)) : pass('R1.2', 'credentials outside the URL', conf));
  const legacy = goodTokens.flatMap((c) => (c.flows ?? []).filter((f) => f === 'implicit' || f === 'password').map((f) => ({ f, c })));
  if (legacy.length) out.push(fails('R2.6', `the ${[...new Set(legacy.map((l) => l.f))].join(' and ')} flow is offered`, conf, legacy.map((l) => l.c.loc)));
  const maxLifetime = opts.maxTokenLifetime ?? DEFAULT_MAX_TOKEN_LIFETIME;
  const longLived = goodTokens.filter((c) => (c.lifetimeSeconds ?? 0) > maxLifetime);
  if (longLived.length) out.push(fails('R2.3', `tokens live ${longLived[0]!.lifetimeSeconds} s`, conf, longLived.map((c) => c.loc)));
  const neverExpire = goodTokens.filter((c) => c.expiryChecked === false);
  if (neverExpire.length) out.push(fails('R2.3', `${credLabel(neverExpire[0]!)}: expiry (\`exp\`) is not checked, tokens never expire`, conf, neverExpire.map((c) => c.loc)));
  if (goodTokens.length && goodTokens.every((c) => c.audiences?.length)) out.push(pass('R2.4', `${p.evidence}: audience checked (${goodTokens[0]!.audiences!.join(', ')})`, conf, goodTokens.map((c) => c.loc)));
  const tokenInUrl = tokens.filter((c) => c.in === 'query' || c.in === 'body');
  if (tokenInUrl.length) out.push(fails('R2.5', `tokens accepted in the ${tokenInUrl[0]!.in}`, conf, tokenInUrl.map((c) => c.loc)));
  else if (tokens.length) for (const r of api.protectedResources ?? []) {
    const f = fieldOf(r, 'bearer_methods_supported');
    const methods = listOf(f);
    if (!methods?.length) continue;
    const outside = methods.filter((m) => m !== 'header');
    out.push({ ...(outside.length ? fails('R2.5', `the protected-resource metadata accepts tokens outside the header: ${show(f)}`, 'medium', [f.loc]) : pass('R2.5', `the protected-resource metadata accepts tokens in the header only: ${show(f)}`, 'medium', [f.loc])), decidedBy: [decider(f)] });
  }
  return out;
}

function transportStatus(p: AuthPosture, op: Operation): ReqStatus {
  if (p.plaintext) {
    const plain = op.servers.filter((s) => isPlainHttp(s.url));
    return fails('R1.3', plain.length ? `credentials accepted over plain http (${plain[0]!.url})` : 'credentials accepted over plain http', p.confidence, plain.length ? plain.map((s) => s.loc) : [p.loc]);
  }
  if (p.evidence === 'declared' && op.servers.length === 0) return unknown('R1.3', 'the description lists no server URL');
  return pass('R1.3', 'https only', p.confidence);
}

function levelFrom(st: Map<string, ReqStatus>, countUnknown: boolean): Level {
  let level: Level = 0;
  for (const L of [1, 2, 3, 4] as const) {
    const ok = GATES[L]!.every((id) => {
      const s = st.get(id);
      if (!s || s.status === 'pass' || s.status === 'n/a') return true;
      if (CAPS.has(id)) return s.status !== 'fails';
      return countUnknown && s.status === 'unknown';
    });
    if (!ok) break;
    level = L;
  }
  return level;
}

export function scoreOperation(op: Operation, api: Api, opts: ScoreOptions = {}): OperationScore {
  const postures = governingPostures(op);
  const st = new Map<string, ReqStatus>();
  const put = (s: ReqStatus) => st.set(s.id, worse(st.get(s.id), s));
  const evidence: EvidenceOut[] = op.auth.filter((p) => !p.silent).map((p) => ({ kind: p.evidence, source: p.source, confidence: p.confidence, summary: p.summary, loc: p.loc }));
  // Controls a gateway or mesh applies (rate limits, CORS, TLS…) are evidence too; secrets are findings, not evidence.
  for (const e of op.evidence) if (!e.secret) evidence.push({ kind: e.kind, source: e.source, confidence: e.confidence, summary: e.summary, loc: e.loc, ...(e.requirement ? { requirement: e.requirement } : {}) });

  if (postures.length === 0) {
    put(unknown('R1.1', 'security is not described for this operation'));
    for (const id of ['R2.1', 'R2.2', 'R3.1', 'R3.2', 'R3.3', 'R1.3']) put(unknown(id, 'security is not described'));
  } else {
    for (const p of postures) {
      for (const alt of p.alternatives) for (const s of alternativeStatuses(alt, p, op, api, opts)) put(s);
      put(transportStatus(p, op));
    }
  }
  // Cap C7: a FAPI 2.0 contradiction observed fails the level-4 requirement it contradicts.
  for (const p of postures) for (const c of p.fapiContradictions ?? []) put(fails(c.requirement, `${p.evidence}: ${c.reason} (cap C7)`, p.confidence, [p.loc]));

  // Level 4 (FAPI 2.0), evaluated from the tokens of the governing alternatives.
  const tokens = postures.flatMap((p) => p.alternatives.flat()).filter((c) => TOKEN_TYPES.has(c.type));
  const l3 = levelFrom(st, false) >= 3;
  const rsFailed = ['R2.2', 'R2.5', 'R3.2'].map((id) => st.get(id)).find((x) => x?.status === 'fails');
  const rsChecks = rsFailed ?? (['R2.2', 'R3.2'].every((id) => st.get(id)?.status === 'pass') && st.get('R2.5')?.status !== 'fails');
  const signatureHeaders = op.parameters.filter((p) => p.in === 'header' && SIGNATURE_HEADERS.test(p.name)).map((p) => ({ name: p.name, loc: p.loc }));
  const fapi = evaluateFapi(
    { tokens, serverUrls: op.servers.map((s) => ({ url: s.url, loc: s.loc })), authServers: serversFor(api, tokens), protectedResources: api.protectedResources ?? [], level3: l3, rsChecks, signatureHeaders },
    opts.metadataEvaluator,
  );
  for (const s of fapi.statuses) put(s);

  const level = levelFrom(st, false);
  const ceiling = Math.max(level, levelFrom(st, true)) as Level;
  const score: OperationScore = { key: op.key, method: op.method, path: op.path, level, ceiling, statuses: [...st.values()], evidence, loc: op.loc };
  if (op.public) score.public = op.public;
  if (fapi.profile) {
    const sig = new Map(fapi.messageSigning.map((m) => [m.feature, m.status]));
    const signed = machineOnly(tokens) ? sig.get('http-signatures') === 'pass' : sig.get('jar') === 'pass' && sig.get('jarm') === 'pass';
    score.fapi = { profile: fapi.profile, messageSigning: fapi.messageSigning, signed, ...(fapi.alternative ? { alternative: fapi.alternative } : {}) };
  }
  const sub = sublevel(level, st, score.fapi?.signed === true);
  if (sub) score.sublevel = sub;
  if (level >= 3) {
    const bindings = new Set(tokens.map((t) => t.binding).filter((b): b is 'mtls' | 'dpop' => !!b));
    if (bindings.size === 1) score.binding = [...bindings][0]!;
  }
  return score;
}

/**
 * Sub-levels: 1a/1b (credentials outside the URL and over TLS), 2a/2b (R2.3–R2.7), 4a/4b (4b: FAPI 2.0 Message Signing —
 * signed authorization requests (JAR) and responses (JARM), or for client-credentials-only APIs RFC 9421 HTTP signatures).
 */
function sublevel(level: Level, st: Map<string, ReqStatus>, signed = false): string | undefined {
  const ok = (ids: string[]) => ids.every((id) => st.get(id)?.status === 'pass' || st.get(id)?.status === 'n/a');
  const notFailed = (ids: string[]) => ids.every((id) => st.get(id)?.status !== 'fails');
  if (level === 1) return notFailed(['R1.2', 'R1.3']) ? '1b' : '1a';
  if (level === 2) return ok(['R2.3', 'R2.4', 'R2.5', 'R2.6', 'R2.7']) ? '2b' : '2a';
  if (level === 4) return signed ? '4b' : '4a';
  return undefined;
}

export function scoreApi(api: Api, opts: ScoreOptions = {}): ApiScore {
  const ops = api.operations.map((op) => scoreOperation(op, api, opts));
  const considered = ops.filter((o) => !o.public);
  const basis = considered.length ? considered : ops;
  const level = (basis.length ? minOf(basis.map((o) => o.level)) : 0) as Level;
  const ceiling = (basis.length ? minOf(basis.map((o) => o.ceiling)) : 0) as Level;
  const authenticated = considered.filter((o) => o.statuses.find((s) => s.id === 'R1.1')?.status === 'pass');
  const authenticatedLevel = authenticated.length ? (minOf(authenticated.map((o) => o.level)) as Level) : null;
  const described = api.described || api.operations.some((o) => o.auth.some((p) => !p.silent && p.evidence !== 'declared'));

  // Unmet requirements, merged across the operations that count, for every level above the API's.
  const merged = new Map<string, Unmet>();
  for (const o of basis) {
    for (const s of o.statuses) {
      if (s.status === 'pass') continue;
      const req = REQUIREMENT_BY_ID.get(s.id);
      if (!req) continue;
      if (req.role !== 'gate' && s.status !== 'fails') continue;
      if (req.role === 'gate' && !CAPS.has(req.id) && req.level <= o.level) continue;
      if (CAPS.has(req.id) && s.status !== 'fails') continue;
      const cur = merged.get(s.id);
      const status = s.status as Unmet['status'];
      if (!cur) {
        merged.set(s.id, {
          level: req.level,
          requirement: req.id,
          title: req.title,
          role: req.role,
          status,
          reason: s.reason,
          ...(status === 'unknown' ? { settleWith: s.settleWith ?? req.settleWith } : {}),
          remediation: req.remediation,
          operations: [o.key],
          locs: [...(s.locs ?? [])],
        });
      } else {
        const rank = { fails: 2, unknown: 1, 'n/a': 0 } as const;
        if (rank[status] > rank[cur.status]) {
          cur.status = status;
          cur.reason = s.reason;
          if (status !== 'unknown') delete cur.settleWith;
        }
        if (cur.operations[cur.operations.length - 1] !== o.key) cur.operations.push(o.key);
        for (const l of s.locs ?? []) if (cur.locs.length < 10 && !cur.locs.some((x) => x.file === l.file && x.pointer === l.pointer)) cur.locs.push(l);
      }
    }
  }
  const order = new Map(REQUIREMENTS.map((r, i) => [r.id, i]));
  const unmet = [...merged.values()].sort((a, b) => a.level - b.level || (order.get(a.requirement) ?? 0) - (order.get(b.requirement) ?? 0));

  const evidence = new Map<string, EvidenceOut>();
  const apiWide: EvidenceOut[] = api.evidence.filter((e) => !e.secret).map((e) => ({ kind: e.kind, source: e.source, confidence: e.confidence, summary: e.summary, loc: e.loc }));
  for (const e of [...ops.flatMap((o) => o.evidence), ...apiWide]) {
    const k = `${e.kind}\u0000${e.summary}\u0000${e.loc.file}\u0000${e.loc.pointer}`;
    if (!evidence.has(k) && evidence.size < 200) evidence.set(k, e);
  }
  const score: ApiScore = {
    level,
    label: LEVEL_LABELS[level],
    described,
    authenticatedLevel,
    ceiling: Math.max(ceiling, level) as Level,
    evidence: [...evidence.values()],
    unmet,
    operations: ops,
  };
  const weakest = basis.filter((o) => o.level === level);
  const subs = new Set(weakest.map((o) => o.sublevel).filter(Boolean));
  if (subs.size) score.sublevel = [...subs].sort()[0]!;
  if (level >= 3) {
    const b = new Set(basis.map((o) => o.binding ?? 'none'));
    score.binding = b.size === 1 && !b.has('none') ? ([...b][0] as 'mtls' | 'dpop') : 'mixed';
  }
  const next = unmet.find((u) => u.level > level && u.role === 'gate' && u.status !== 'n/a') ?? unmet.find((u) => u.status === 'fails');
  if (next) score.nextStep = next;
  if (api.authServers.length || (authenticatedLevel ?? 0) >= 2) score.fapi = fapiSummary(api, basis, level);
  return score;
}

const STATUS_RANK: Record<StatusValue, number> = { fails: 3, unknown: 2, pass: 1, 'n/a': 0 };

/** The FAPI checklist of an API: every R4 requirement merged over the operations that count (the weakest wins). */
function fapiSummary(api: Api, basis: OperationScore[], level: Level): ApiFapi {
  const requirements: MergedStatus[] = [];
  for (const req of FAPI_REQUIREMENTS) {
    let cur: MergedStatus | undefined;
    for (const o of basis) {
      const s = o.statuses.find((x) => x.id === req.id);
      if (!s) continue;
      if (!cur || STATUS_RANK[s.status] > STATUS_RANK[cur.status]) {
        cur = {
          requirement: req.id,
          level: req.level,
          title: req.title,
          role: req.role,
          status: s.status,
          reason: s.reason,
          ...(s.confidence ? { confidence: s.confidence } : {}),
          ...(s.status === 'unknown' ? { settleWith: s.settleWith ?? req.settleWith } : {}),
          remediation: req.remediation,
          operations: cur?.operations ?? [],
          locs: [...(s.locs ?? [])].slice(0, 10),
          decidedBy: [...(s.decidedBy ?? [])].slice(0, 10),
        };
      }
      if (s.status !== 'pass' && s.status !== 'n/a' && cur.operations[cur.operations.length - 1] !== o.key) cur.operations.push(o.key);
    }
    if (cur) requirements.push(cur);
  }
  const messageSigning: MergedSigning[] = [];
  for (const feature of SIGNING_FEATURES) {
    let cur: MergedSigning | undefined;
    for (const o of basis) {
      const m = o.fapi?.messageSigning.find((x) => x.feature === feature);
      if (m && (!cur || STATUS_RANK[m.status] > STATUS_RANK[cur.status])) cur = { feature, status: m.status, reason: m.reason, locs: [...(m.locs ?? [])].slice(0, 10), decidedBy: [...(m.decidedBy ?? [])].slice(0, 10) };
    }
    if (cur) messageSigning.push(cur);
  }
  const out: ApiFapi = { requirements, messageSigning, authServers: api.authServers, protectedResources: api.protectedResources ?? [] };
  const profiles = new Set(basis.map((o) => o.fapi?.profile).filter((p): p is FapiProfile => !!p));
  if (profiles.size) out.profile = profiles.size === 1 ? [...profiles][0]! : 'mixed';
  const alt = basis.find((o) => o.fapi?.alternative)?.fapi?.alternative;
  if (alt && profiles.size === 1) {
    const unmet = [...new Set(basis.flatMap((o) => (o.fapi?.alternative?.profile === alt.profile ? o.fapi.alternative.unmet : [])))].sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)));
    out.alternative = { profile: alt.profile, unmet };
  }
  if (level === 4) out.sublevel = basis.every((o) => o.fapi?.signed) ? '4b' : '4a';
  return out;
}
