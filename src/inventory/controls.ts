// The security-control matrix of an API: the identity and protection building blocks a reviewer checks, each
// `evidenced`, `partial`, `absent` or `unknown`, with the records behind it and the input that would settle an unknown.
// Three-valued like the rest of the model: what no input speaks to is `unknown`, never `absent`.

import { governingPostures } from '../model/auth.js';
import type { Api, Credential, Loc, Operation } from '../model/types.js';
import { hostOf, isLoopback, isPlainHttp } from '../model/util.js';
import type { ApiScore } from '../score/ladder.js';
import { issuerOf } from './credentials.js';
import { fieldOf, listOf, serverSupports } from '../score/metadata.js';
import { MAX_CONTROL_EVIDENCE, type ControlEvidence, type ControlId, type ControlMatrix, type ControlResult, type ControlStatus, type CredentialPath } from './types.js';

/** The building blocks, in the order reports show them, with what each asks. */
export const CONTROLS: readonly { id: ControlId; title: string; short: string; question: string }[] = [
  { id: 'clientAuthentication', title: 'Client authentication', short: 'client auth', question: 'Does the calling application prove who it is with a credential of its own?' },
  { id: 'endUserAuthentication', title: 'End-user authentication', short: 'user auth', question: 'Do end users log in, so that calls carry a user context?' },
  { id: 'tokenIssuance', title: 'Token issuance', short: 'issuance', question: 'Are the credentials access tokens issued by an authorization server, rather than static secrets?' },
  { id: 'tokenBinding', title: 'Token binding', short: 'binding', question: "Are tokens bound to the client's key (mTLS or DPoP), so a stolen copy is useless?" },
  { id: 'fineGrainedAuthorization', title: 'Fine-grained authorization', short: 'scopes', question: 'Do operations require their own scopes or access rules, rather than one scope for all?' },
  { id: 'rateLimiting', title: 'Rate limiting', short: 'rate limits', question: 'Are request rates or quotas limited?' },
  { id: 'messageIntegrity', title: 'Message integrity', short: 'integrity', question: 'Are requests or responses signed (JWS, JAR, JARM, HTTP message signatures)?' },
  { id: 'identityFederation', title: 'Identity federation', short: 'federation', question: 'Do identities come from an identity provider (OpenID Connect, an external issuer)?' },
  { id: 'transportSecurity', title: 'Transport security', short: 'transport', question: 'Is every call over https, and are clients authenticated with mutual TLS?' },
];

export const CONTROL_STATUSES: readonly ControlStatus[] = ['evidenced', 'partial', 'absent', 'unknown'];

const TOKEN_KINDS = new Set(['bearer', 'dpop']);
const USER_FLOWS = new Set(['authorizationCode', 'implicit', 'deviceCode', 'urn:ietf:params:oauth:grant-type:device_code', 'ciba']);

interface Ctx {
  api: Api;
  paths: CredentialPath[];
  score: ApiScore | undefined;
  /** Operations that are not public by design. */
  protected: Operation[];
  /** The credentials of each protected operation's governing postures, per alternative. */
  alts: Map<Operation, Credential[][]>;
}

class Result {
  private readonly ev: ControlEvidence[] = [];
  private readonly seen = new Set<string>();
  add(summary: string, loc: Loc | undefined): this {
    if (!loc) return this;
    const k = `${summary}\u0000${loc.file}\u0000${loc.pointer}`;
    if (this.seen.has(k) || this.ev.length >= MAX_CONTROL_EVIDENCE) return this;
    this.seen.add(k);
    this.ev.push({ summary, loc });
    return this;
  }
  done(status: ControlStatus, reason: string, settleWith?: string): ControlResult {
    return { status, reason, evidence: this.ev, ...(settleWith ? { settleWith } : {}) };
  }
}

const firstLoc = (p: CredentialPath): Loc | undefined => p.sources[0]?.loc;
/** Tokens the API's operations accept (not client authentication at a token endpoint, not a secret no path presents). */
const isToken = (p: CredentialPath) => TOKEN_KINDS.has(p.kind) && p.presented !== undefined && p.presented.endpoint === undefined;
const tokenPaths = (c: Ctx) => c.paths.filter(isToken);
const credsOf = (c: Ctx, op: Operation) => (c.alts.get(op) ?? []).flat();
const fraction = (n: number, of: number) => `${n} of ${of} protected operation${of === 1 ? '' : 's'}`;

/** Whether the inputs say anything about how the API authenticates. */
function described(c: Ctx): boolean {
  return c.paths.length > 0 || c.protected.some((o) => (c.alts.get(o) ?? []).length > 0);
}

// ---------------------------------------------------------------- the building blocks

const CLIENT_AUTH_KINDS = new Set(['client-certificate', 'private-key-jwt', 'client-secret', 'signature']);

function clientAuthentication(c: Ctx): ControlResult {
  const r = new Result();
  const strongPaths = c.paths.filter((p) => CLIENT_AUTH_KINDS.has(p.kind) && p.presented !== undefined && p.presented.by === undefined);
  const keys = c.paths.filter((p) => (p.kind === 'api-key' || p.kind === 'basic') && !p.presented?.endpoint);
  for (const p of [...strongPaths, ...keys]) r.add(`${p.label}${p.issuedBy !== 'static' && p.issuedBy !== 'unknown' ? ` (${p.issuedBy})` : ''}`, firstLoc(p));
  // Tokens from a server at whose token endpoint clients authenticate (its metadata, or the gateway's token endpoint).
  const authenticatingIssuers = new Set(strongPaths.filter((p) => p.presented?.endpoint !== undefined).map((p) => p.issuedBy));
  const strong = (x: Credential) =>
    x.type === 'client-certificate' || x.type === 'signature' || x.workloadIdentity === true || ((x.type === 'bearer' || x.type === 'dpop') && (x.clientAuth?.some((a) => !a.gateway) === true || authenticatingIssuers.has(issuerOf(x, c.api))));
  const weak = (x: Credential) => strong(x) || x.type === 'api-key' || x.type === 'basic';
  const P = c.protected.length;
  const covered = c.protected.filter((o) => everyAlternative(c, o, strong));
  const identified = c.protected.filter((o) => everyAlternative(c, o, weak));
  const kinds = [...new Set(strongPaths.map((p) => p.kind))].join(', ');
  if (P && covered.length === P) return r.done('evidenced', `clients authenticate with credentials of their own${kinds ? ` (${kinds})` : ''} on every protected operation`);
  if (covered.length) return r.done('partial', `clients authenticate with credentials of their own on ${fraction(covered.length, P)}`);
  if (P && identified.length === P) return r.done('partial', 'static keys or passwords identify the calling application, but anyone holding a copy passes as it');
  if (identified.length) return r.done('partial', `static keys or passwords identify the calling application on ${fraction(identified.length, P)}`);
  if (tokenPaths(c).length) return r.done('unknown', 'access tokens are accepted, but no input shows how clients authenticate where they obtain them', "the authorization server's metadata (`token_endpoint_auth_methods_supported`), or the gateway's token endpoint configuration");
  if (!described(c)) return r.done('unknown', 'no input describes how callers authenticate', 'a gateway configuration, captured traffic, or security schemes in the description');
  if (c.protected.every((o) => (c.alts.get(o) ?? []).some((a) => a.length === 0))) return r.done('absent', 'no operation requires a credential of the caller');
  return r.done('unknown', 'the credentials accepted do not show who the client is (a check the inputs do not show)', 'the configuration of the custom authorizer or external check');
}

/** OAuth flows any input states for the protected operations (a description's flows hold where a gateway only validates tokens). */
function flowsOf(c: Ctx): Map<string, Loc> {
  const out = new Map<string, Loc>();
  for (const o of c.protected) for (const p of o.auth) for (const x of p.alternatives.flat()) for (const f of x.flows ?? []) if (!out.has(f)) out.set(f, x.loc);
  return out;
}

function endUserAuthentication(c: Ctx): ControlResult {
  const r = new Result();
  const flows = flowsOf(c);
  const user = [...flows].filter(([f]) => USER_FLOWS.has(f));
  const oidc = c.api.securitySchemes.filter((s) => s.type === 'openIdConnect');
  const sessions = c.paths.filter((p) => p.kind === 'session-cookie');
  for (const [f, loc] of user) r.add(`OAuth ${f} flow: users log in at the authorization server`, loc);
  for (const s of oidc) r.add(`openIdConnect scheme '${s.name}'`, s.loc);
  for (const p of sessions) r.add(p.label, firstLoc(p));
  const servers = c.api.authServers.filter((s) => {
    const g = listOf(fieldOf(s, 'grant_types_supported')) ?? [];
    return g.includes('authorization_code') && typeof s.metadata['authorization_endpoint'] === 'string';
  });
  for (const s of servers) r.add(`${s.issuer} offers the authorization code flow (\`grant_types_supported\`)`, fieldOf(s, 'grant_types_supported').loc);
  const how = [...(user.length ? [`the OAuth ${user.map(([f]) => f).join(', ')} flow`] : []), ...(oidc.length ? ['OpenID Connect'] : []), ...(sessions.length ? ['a login session'] : []), ...(servers.length && !user.length ? ["the authorization code flow of the linked authorization server"] : [])];
  if (how.length) return r.done('evidenced', `end users authenticate: ${how.join(', ')}`);
  const password = flows.get('password');
  const basic = c.paths.filter((p) => p.kind === 'basic' && !p.presented?.endpoint);
  if (password) r.add('OAuth password flow: the client collects the user\'s password', password);
  for (const p of basic) r.add(p.label, firstLoc(p));
  if (password || basic.length) return r.done('partial', 'users are authenticated only by handing their password to the client or the API (password grant, HTTP Basic)');
  const tokens = tokenPaths(c);
  const machine = flows.has('clientCredentials') && tokens.length > 0;
  if (tokens.length && !machine) return r.done('unknown', 'access tokens are accepted, but no input says whether a user logged in to get them', "the OAuth flows of the description's security schemes, or the authorization server's metadata (`grant_types_supported`)");
  if (!described(c)) return r.done('unknown', 'no input describes how callers authenticate', 'a gateway configuration, captured traffic, or security schemes in the description');
  for (const p of c.paths.slice(0, 3)) r.add(p.label, firstLoc(p));
  return r.done('absent', machine ? 'only the client credentials flow is stated: calls carry no end-user context' : 'only credentials of applications (keys, certificates, signatures): calls carry no end-user context');
}

function tokenIssuance(c: Ctx): ControlResult {
  const r = new Result();
  const tokens = tokenPaths(c);
  for (const p of tokens) r.add(`${p.label}: issued by ${p.issuedBy}`, firstLoc(p));
  const P = c.protected.length;
  const tokenOnly = c.protected.filter((o) => everyAlternative(c, o, (x) => (x.type === 'bearer' || x.type === 'dpop') && !x.staticSecret));
  if (!tokens.length) {
    for (const p of c.paths.filter((x) => x.static).slice(0, 4)) r.add(p.label, firstLoc(p));
    if (!described(c)) return r.done('unknown', 'no input describes how callers authenticate', 'a gateway configuration, captured traffic, or security schemes in the description');
    return r.done('absent', c.paths.some((p) => p.static) ? 'no access tokens: only static credentials are accepted' : 'no access tokens are accepted');
  }
  const issuers = new Set(tokens.map((p) => p.issuedBy));
  const known = [...issuers].filter((i) => i !== 'unknown' && i !== 'static');
  if (tokenOnly.length < P) {
    for (const p of c.paths.filter((x) => x.static && !x.presented?.endpoint).slice(0, 3)) r.add(`${p.label}: static`, firstLoc(p));
    return r.done('partial', `${tokenOnly.length ? fraction(tokenOnly.length, P) : 'no protected operation'} accept${tokenOnly.length <= 1 ? 's' : ''} only access tokens; the others also accept static credentials, or no credential`);
  }
  if (issuers.has('static')) return r.done('partial', 'some tokens are signed with a static shared secret that clients hold: anyone with the secret can mint them');
  if (known.length && known.length === issuers.size) return r.done('evidenced', `every protected operation accepts only access tokens issued by ${known.map((i) => (i === 'gateway' ? 'the gateway' : i)).join(', ')}`);
  if (known.length) return r.done('partial', `the issuer of some tokens is not shown (${known.join(', ')} for the others)`, "the authorization server's metadata, or the issuer the gateway validates");
  return r.done('unknown', 'access tokens are accepted, but no input names the authorization server that issues them', "the authorization server's metadata (`/.well-known/openid-configuration`), or the issuer the gateway validates");
}

function tokenBinding(c: Ctx): ControlResult {
  const r = new Result();
  const tokens = tokenPaths(c);
  if (!tokens.length) return r.done(described(c) ? 'absent' : 'unknown', described(c) ? 'no access tokens: nothing is bound to the client' : 'no input describes how callers authenticate', described(c) ? undefined : 'a gateway configuration, captured traffic, or security schemes in the description');
  const bound = tokens.filter((p) => p.binding !== 'none');
  const unbound = tokens.filter((p) => p.binding === 'none');
  for (const p of bound) r.add(`${p.label}: bound (${p.binding})`, firstLoc(p));
  for (const p of unbound) r.add(`${p.label}: not bound`, firstLoc(p));
  if (!unbound.length) return r.done('evidenced', `every accepted token is bound to the client (${[...new Set(bound.map((p) => p.binding))].join(', ')})`);
  if (bound.length) return r.done('partial', 'some accepted tokens are bound to the client, others are plain bearer tokens');
  const supporting = c.api.authServers.flatMap((s) => (['mtls', 'dpop'] as const).map((b) => ({ s, b, ...serverSupports(s, b) }))).filter((x) => x.ok);
  for (const x of supporting) r.add(`${x.s.issuer} issues ${x.b === 'mtls' ? 'certificate-bound' : 'DPoP-bound'} tokens (\`${x.f.name}\`)`, x.f.loc);
  const declaredOnly = unbound.every((p) => p.sources.every((s) => s.evidence === 'declared'));
  if (supporting.length && declaredOnly) return r.done('unknown', 'the authorization server issues bound tokens, but no input shows the API requiring the binding', 'a gateway configuration that checks the binding (DPoP proofs, `cnf`), or captured traffic');
  // A description that declares plain bearer tokens does not say the tokens are unbound, as the ladder's R3.1 and R3.2
  // do not: without the server's metadata, a gateway or traffic, binding is unknown, not absent.
  if (declaredOnly && !c.api.authServers.length) return r.done('unknown', 'the description declares plain bearer tokens; whether they are bound to the client is not stated', "the authorization server's metadata (`tls_client_certificate_bound_access_tokens`, `dpop_signing_alg_values_supported`), a gateway configuration that checks the binding, or captured traffic");
  return r.done('absent', 'only plain bearer tokens: a stolen token works for whoever holds it');
}

/** Every way the inputs allow to call the operation presents a credential that `f` accepts (and there is one). */
function everyAlternative(c: Ctx, o: Operation, f: (x: Credential) => boolean): boolean {
  const alts = c.alts.get(o) ?? [];
  return alts.length > 0 && alts.every((a) => a.some(f));
}
/** Any credential: with it, `everyAlternative` says the operation requires one. */
const ANY = (): boolean => true;

function fineGrainedAuthorization(c: Ctx): ControlResult {
  const r = new Result();
  const scoped = new Map<Operation, string>();
  const acl: Operation[] = [];
  for (const o of c.protected) {
    // Scopes any input requires (a description's scopes hold even where a gateway only validates the token).
    const scopes = [...new Set(o.auth.flatMap((p) => p.alternatives.flat()).flatMap((x) => x.scopes ?? []))].sort();
    if (scopes.length) scoped.set(o, scopes.join(' '));
    const rule = o.evidence.find((e) => e.control?.type === 'access-control' && e.control.state === 'present' && !e.control.shadow);
    // An access rule decides per caller only when the caller is known: on an operation open to anonymous calls it
    // authorizes nobody in particular.
    if (rule && everyAlternative(c, o, ANY)) {
      acl.push(o);
      r.add(`${o.key}: ${rule.summary}`, rule.loc);
    }
  }
  for (const [o, s] of [...scoped].slice(0, MAX_CONTROL_EVIDENCE)) r.add(`${o.key} requires ${s}`, o.auth.flatMap((p) => p.alternatives.flat()).find((x) => x.scopes?.length)?.loc);
  const P = c.protected.length;
  const sets = new Set(scoped.values());
  const covered = new Set([...scoped.keys(), ...acl]);
  if (P && covered.size === P && (sets.size > 1 || P === 1 || acl.length === P)) {
    const why = acl.length === P ? 'an access rule applies to every protected operation' : P === 1 ? `the one protected operation requires ${[...sets][0] ?? 'an access rule'}` : `operations require their own scopes (${sets.size} different sets over ${P} operations)`;
    return r.done('evidenced', why);
  }
  if (P && scoped.size === P && sets.size === 1) return r.done('partial', `every protected operation requires the same scopes (${[...sets][0]}): one scope for all`);
  if (covered.size) return r.done('partial', `${fraction(covered.size, P)} require scopes or an access rule`);
  if (!described(c)) return r.done('unknown', 'no input describes how callers authenticate', 'a gateway configuration, captured traffic, or security schemes in the description');
  const oauthDeclared = c.protected.some((o) => (o.security ?? []).some((req) => req.some((u) => u.def?.type === 'oauth2' || u.def?.type === 'openIdConnect')));
  const tokens = tokenPaths(c);
  if (tokens.length && !oauthDeclared) return r.done('unknown', 'tokens are accepted, but no input shows which scopes or rules an operation requires', 'scopes on the OAuth security requirements of each operation, or the gateway\'s scope and ACL checks');
  if (P && !c.protected.some((o) => everyAlternative(c, o, ANY))) return r.done('absent', 'no operation requires a credential, so no scope or access rule can tell callers apart');
  return r.done('absent', oauthDeclared ? 'the OAuth security requirements name no scopes' : P ? 'no scopes or access rules: any valid credential reaches every operation' : 'no protected operation');
}

const RATE_HEADERS = /^(x-)?rate-?limit(-limit|-remaining|-reset|-policy)?$|^x-rate-limit-(limit|remaining|reset)$|^retry-after$/i;

/** Where an operation's description declares a rate limit: a 429 response or rate-limit response headers. */
function declaredLimit(o: Operation): Loc | undefined {
  for (const res of o.responses) {
    if (res.status === '429') return res.loc;
    const h = res.headers.find((x) => RATE_HEADERS.test(x.name));
    if (h) return h.loc;
  }
  return undefined;
}

function rateLimiting(c: Ctx): ControlResult {
  const r = new Result();
  const ops = c.api.operations;
  const routed = ops.filter((o) => o.auth.some((p) => p.evidence === 'configured' && !p.silent));
  const limited: Operation[] = [];
  const partial: Operation[] = [];
  const declared: Operation[] = [];
  for (const o of ops) {
    const rl = o.evidence.filter((e) => e.control?.type === 'rate-limit');
    const present = rl.find((e) => e.control!.state === 'present' && !e.control!.shadow);
    if (present) {
      (present.control!.partial ? partial : limited).push(o);
      r.add(present.summary, present.loc);
    } else if (rl.some((e) => e.control!.state === 'unknown')) partial.push(o);
    for (const e of rl.filter((x) => x.control!.shadow || x.control!.state === 'absent')) r.add(`${e.summary} (not enforced)`, e.loc);
    const seen = o.traffic?.rateLimit;
    if (!present && seen && (seen.tooMany > 0 || seen.headers.length > 0)) {
      limited.push(o);
      r.add(`${o.key}: traffic shows ${seen.tooMany ? `${seen.tooMany} answers 429` : ''}${seen.tooMany && seen.headers.length ? ' and ' : ''}${seen.headers.length ? `rate-limit headers (${seen.headers.join(', ')})` : ''}`, seen.burstLoc ?? o.loc);
    }
    const d = declaredLimit(o);
    if (d) {
      declared.push(o);
      r.add(`${o.key} declares a 429 response or rate-limit headers`, d);
    }
  }
  const N = ops.length;
  if (N && limited.length === N) return r.done('evidenced', 'a rate limit applies to every operation');
  if (routed.length && limited.length + partial.length === 0) return r.done('absent', `the gateway configuration sets no enforced rate limit on ${routed.length === N ? 'any operation' : `${routed.length} routed operations`}`);
  if (limited.length || partial.length) return r.done('partial', `${limited.length} of ${N} operations have a rate limit for every caller${partial.length ? `, ${partial.length} for some callers or decided elsewhere` : ''}`);
  if (N && declared.length === N) return r.done('evidenced', 'every operation declares a 429 response or rate-limit headers (declared, not shown enforced)');
  if (declared.length) return r.done('partial', `${declared.length} of ${N} operations declare a 429 response or rate-limit headers`, 'the gateway configuration (rate-limiting plugin, usage plan), or captured traffic');
  return r.done('unknown', 'no input shows a rate limit or says there is none', 'the gateway configuration (rate-limiting plugin, usage plan, local_ratelimit), or captured traffic (429 answers, RateLimit headers)');
}

const SIGNATURE_HEADERS = /^(x-jws-signature|jws-signature|x-jws|signature|signature-input|content-digest|digest|x-signature|x-request-signature|tpp-signature-certificate)$/i;

function messageIntegrity(c: Ctx): ControlResult {
  const r = new Result();
  const sig = c.score?.fapi?.messageSigning ?? [];
  const passed = sig.filter((m) => m.status === 'pass');
  for (const m of passed) r.add(`${m.feature}: ${m.reason}`, m.decidedBy[0]?.loc ?? m.locs[0]);
  const headerOps: Operation[] = [];
  for (const o of c.api.operations) {
    const p = o.parameters.find((x) => x.in === 'header' && SIGNATURE_HEADERS.test(x.name));
    const h = o.responses.flatMap((res) => res.headers).find((x) => SIGNATURE_HEADERS.test(x.name));
    if (p || h) {
      headerOps.push(o);
      r.add(`${o.key}: signature header '${(p ?? h)!.name}'`, (p ?? h)!.loc);
    }
  }
  const signed = c.paths.filter((p) => p.kind === 'signature');
  for (const p of signed) r.add(p.label, firstLoc(p));
  const features = new Set(passed.map((m) => m.feature));
  const writes = c.api.operations.filter((o) => !['get', 'head', 'options'].includes(o.method));
  const headerCover = writes.length ? writes.every((o) => headerOps.includes(o)) : headerOps.length > 0 && headerOps.length === c.api.operations.length;
  if ((features.has('jar') && features.has('jarm')) || features.has('http-signatures') || headerCover) {
    return r.done('evidenced', features.has('http-signatures') ? 'HTTP message signatures are offered' : features.has('jar') && features.has('jarm') ? 'authorization requests and responses are signed (JAR and JARM)' : 'every write operation carries a signature header');
  }
  if (passed.length || headerOps.length || signed.length) return r.done('partial', passed.length ? `only some messages are signed (${[...features].join(', ')})` : headerOps.length ? `${headerOps.length} of ${c.api.operations.length} operations carry a signature header` : 'requests are signed with a shared secret; responses are not');
  const failing = sig.filter((m) => m.status === 'fails');
  for (const m of failing) r.add(`${m.feature}: ${m.reason}`, m.decidedBy[0]?.loc ?? m.locs[0]);
  if (failing.length) return r.done('absent', "the authorization server's metadata offers no message signing, and no operation carries a signature");
  return r.done('unknown', 'no input shows signed requests or responses', "the authorization server's metadata (`require_signed_request_object`, `authorization_signing_alg_values_supported`), or signature headers in the description");
}

/** The last two labels of a host: a rough registrable domain, so that `as.bank.example` is first-party to `api.bank.example`. */
function site(host: string): string {
  return host.split('.').slice(-2).join('.');
}

function identityFederation(c: Ctx): ControlResult {
  const r = new Result();
  const oidc = c.api.securitySchemes.filter((s) => s.type === 'openIdConnect' && c.api.operations.some((o) => (o.security ?? []).some((req) => req.some((u) => u.scheme === s.name))));
  for (const s of oidc) r.add(`openIdConnect scheme '${s.name}'${s.openIdConnectUrl ? ` (${s.openIdConnectUrl})` : ''}`, s.loc);
  const own = new Set([...c.api.baseUrls.map(hostOf), ...(c.api.hosts ?? [])].filter((h): h is string => !!h && !/[*{$<]/.test(h) && !isLoopback(`https://${h}/`)).map(site));
  const tokens = tokenPaths(c);
  // An issuer is external when its site differs from every host the API is served at (unknown when no host is known).
  const external = own.size
    ? tokens.filter((p) => {
        const h = hostOf(p.issuedBy);
        return h !== undefined && !own.has(site(h));
      })
    : [];
  const oidcServers = c.api.authServers.filter((s) => s.flavour === 'oidc');
  for (const p of external) r.add(`${p.label}: issued by ${p.issuedBy}`, firstLoc(p));
  for (const s of oidcServers) r.add(`OpenID Provider ${s.issuer}`, s.loc);
  const federated = tokens.filter((p) => external.includes(p) || oidcServers.some((s) => p.issuedBy === s.issuer.replace(/\/+$/, '')));
  if (oidc.length || federated.length) {
    const rest = tokens.filter((p) => !federated.includes(p) && p.issuedBy !== 'unknown');
    if (rest.length && !oidc.length) return r.done('partial', 'some tokens come from an identity provider, others from the gateway, a static secret or the API\'s own domain');
    const from = [...new Set(federated.map((p) => p.issuedBy))].join(', ');
    return r.done('evidenced', oidc.length ? 'OpenID Connect: identities come from an identity provider' : external.length ? `tokens come from ${from}, an identity provider outside the API's domain` : `tokens come from the OpenID Provider ${from}`);
  }
  if (tokens.some((p) => p.issuedBy === 'unknown')) return r.done('unknown', 'access tokens are accepted, but no input names their issuer', 'the issuer of the tokens: an OpenID Connect discovery URL, the issuer the gateway validates, or tokens in captured traffic');
  const issuers = tokens.filter((p) => hostOf(p.issuedBy) !== undefined);
  if (issuers.length && !own.size) {
    for (const p of issuers) r.add(`${p.label}: issued by ${p.issuedBy}`, firstLoc(p));
    return r.done('unknown', "no input says where the API is served, so whether its tokens' issuer is a third party cannot be told", "the API's host: absolute server URLs in the description, or route hosts in the gateway configuration");
  }
  if (!described(c)) return r.done('unknown', 'no input describes how callers authenticate', 'a gateway configuration, captured traffic, or security schemes in the description');
  for (const p of tokens) r.add(`${p.label}: issued by ${p.issuedBy}`, firstLoc(p));
  const origins = [...new Set(tokens.map((p) => (p.issuedBy === 'gateway' ? 'the gateway' : p.issuedBy === 'static' ? 'a static shared secret' : `${p.issuedBy} (the API's own domain)`)))];
  return r.done('absent', tokens.length ? `tokens come from ${origins.join(', ')}: no external identity provider` : 'no access tokens: identities are not federated');
}

function transportSecurity(c: Ctx): ControlResult {
  const r = new Result();
  const api = c.api;
  const urls = [...api.servers.map((s) => ({ url: s.url, loc: s.loc })), ...api.operations.flatMap((o) => o.servers.map((s) => ({ url: s.url, loc: s.loc })))];
  // APIs without server URLs of their own (traffic, gateways): the base URLs they were seen or configured at.
  if (!api.servers.length) for (const u of api.baseUrls) urls.push({ url: u, loc: api.loc });
  const plain = urls.filter((u) => isPlainHttp(u.url));
  const https = urls.filter((u) => /^(https|wss):\/\//i.test(u.url));
  for (const u of plain.slice(0, 3)) r.add(`plain http server ${u.url}`, u.loc);
  const tls = api.operations.flatMap((o) => o.evidence.filter((e) => e.control?.type === 'tls'));
  const plainRoutes = tls.filter((e) => e.control!.plaintext || e.control!.state === 'absent');
  for (const e of plainRoutes.slice(0, 3)) r.add(e.summary, e.loc);
  const plainPostures = api.operations.flatMap((o) => o.auth.filter((p) => p.plaintext));
  for (const p of plainPostures.slice(0, 2)) r.add(p.summary, p.loc);
  const mtlsOps = c.protected.filter((o) => credsOf(c, o).some((x) => x.type === 'client-certificate' || x.binding === 'mtls') || o.evidence.some((e) => e.control?.type === 'tls' && e.control.clientCertificate === 'required'));
  for (const o of mtlsOps.slice(0, 3)) r.add(`${o.key}: client certificate required (mutual TLS)`, credsOf(c, o).find((x) => x.type === 'client-certificate' || x.binding === 'mtls')?.loc ?? o.loc);
  const secure = https.length + tls.filter((e) => e.control!.state === 'present' && !e.control!.plaintext).length;
  for (const u of https.slice(0, 2)) r.add(`https server ${u.url}`, u.loc);
  const observedPlain = api.operations.filter((o) => o.traffic?.credentials.some((x) => x.plaintext > 0));
  for (const o of observedPlain.slice(0, 2)) r.add(`${o.key}: credentials seen over plain http`, o.traffic!.credentials.find((x) => x.plaintext > 0)!.loc);
  const insecure = plain.length + plainRoutes.length + plainPostures.length + observedPlain.length;
  const P = c.protected.length;
  if (insecure && !secure) return r.done('absent', 'plain http is accepted and no input shows https: credentials and data can travel in clear text');
  if (insecure) return r.done('partial', 'https is offered, but plain http is accepted too');
  if (!secure && !mtlsOps.length) return r.done('unknown', 'no input states the scheme of the API\'s URLs', 'absolute server URLs in the description, or the gateway\'s listener and route protocols');
  if (P && mtlsOps.length === P) return r.done('evidenced', 'https only, and every protected operation requires a client certificate (mutual TLS)');
  if (mtlsOps.length) return r.done('partial', `https only; mutual TLS on ${fraction(mtlsOps.length, P)}`);
  return r.done('partial', 'https only, without mutual TLS: clients are not authenticated at the transport');
}

const BUILDERS: Record<ControlId, (c: Ctx) => ControlResult> = {
  clientAuthentication,
  endUserAuthentication,
  tokenIssuance,
  tokenBinding,
  fineGrainedAuthorization,
  rateLimiting,
  messageIntegrity,
  identityFederation,
  transportSecurity,
};

/** The control matrix of one API, from the model, its credential paths and its score (message signing from metadata). */
export function controlMatrix(api: Api, paths: CredentialPath[], score: ApiScore | undefined): ControlMatrix {
  const prot = api.operations.filter((o) => !o.public);
  // Secrets written into a config that no client path presents are inventory, not evidence of a control.
  const c: Ctx = { api, paths: paths.filter((p) => p.presented !== undefined), score, protected: prot, alts: new Map(prot.map((o) => [o, governingPostures(o).flatMap((p) => p.alternatives)])) };
  const out = {} as ControlMatrix;
  for (const { id } of CONTROLS) out[id] = BUILDERS[id](c);
  return out;
}
