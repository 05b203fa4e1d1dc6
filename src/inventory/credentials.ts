// The credential paths of an API: every distinct way a credential is presented — to the API's operations, or to the
// token endpoint where its tokens are obtained — merged over every input that states it (declared in a description,
// configured in a gateway or in authorization-server metadata, observed in traffic), with the secrets written into the
// inputs that belong to it. Reads the model only; a secret's value never entered the model, so it cannot leave here.

import { createHash } from 'node:crypto';
import type { Api, AuthPosture, AuthServer, ClientAuth, ConfigSecret, Credential, EvidenceKind, InputKind, Loc, Model, Operation } from '../model/types.js';
import { cmp, get } from '../model/util.js';
import { hintsName, isMetadataUrl, normalizeUrl } from '../model/link.js';
import { fieldOf, listOf } from '../score/metadata.js';
import { serversFor } from '../score/ladder.js';
import { CREDENTIAL_KINDS, MAX_SOURCES, type Binding, type CredentialKind, type CredentialPath, type PathSource, type SecretPlace } from './types.js';

type Presented = NonNullable<CredentialPath['presented']>;

/** A path while it is being gathered: its identity, and what every input says about it. */
interface Draft {
  key: string;
  kind: CredentialKind;
  presented?: Presented;
  issuedBy: string;
  static: boolean;
  binding: Binding;
  qualifier?: string;
  lifetimeSeconds?: number;
  scopes: Set<string>;
  sources: Map<string, PathSource>;
  ops: Set<string>;
  /** Input kinds that state it (a secret written into a config belongs to paths its own kind of input states). */
  inputs: Set<InputKind>;
  storedIn: Map<string, SecretPlace>;
  /** Only for secrets no client path uses: the secret itself is the evidence. */
  orphan?: boolean;
}

const GATEWAY_OWN = "the gateway's own, to obtain tokens";
const EVIDENCE_ORDER: Record<EvidenceKind, number> = { declared: 0, configured: 1, observed: 2 };
const locKey = (l: Loc) => `${l.file}\u0000${l.doc ?? 0}\u0000${l.pointer}`;

// ---------------------------------------------------------------- what a credential is

function kindOf(c: Credential): CredentialKind {
  switch (c.type) {
    case 'api-key':
      // A "key" named client_secret (a header or query parameter seen in traffic) is an OAuth client secret.
      return /^(x-)?client[-_]?secret$/i.test(c.name ?? '') ? 'client-secret' : 'api-key';
    case 'bearer':
      return c.binding === 'dpop' ? 'dpop' : 'bearer';
    case 'unknown':
      return c.workloadIdentity ? 'client-certificate' : 'unknown';
    default:
      return c.type;
  }
}

function bindingOf(c: Credential, kind: CredentialKind): Binding {
  if (kind === 'dpop' || c.binding === 'dpop') return 'dpop';
  if (c.binding === 'mtls' || kind === 'client-certificate') return 'mtls';
  return 'none';
}

function presentedOf(c: Credential, kind: CredentialKind): Presented | undefined {
  if (kind === 'client-certificate') return { in: 'tls' };
  if (c.in) return { in: c.in, ...(c.name ? { name: c.name } : {}) };
  if (kind === 'bearer' || kind === 'dpop' || kind === 'basic') return { in: 'header', name: 'Authorization' };
  return undefined;
}


/** The issuer a metadata URL (`…/.well-known/openid-configuration`, RFC 8414's inserted form) stands for. */
function issuerOfMetadataUrl(url: string): string {
  const u = normalizeUrl(url);
  const m = /^(https?:\/\/[^/?#]*)(.*?)\/\.well-known\/(?:openid-configuration|oauth-authorization-server)(.*)$/i.exec(u);
  return m ? normalizeUrl(`${m[1]}${m[2] || m[3]}`) : u;
}

/** A relative URL (OpenAPI 3.1 lets flow URLs be relative) resolved against the API's first absolute base URL. */
function absolute(url: string, api: Api): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url)) return url;
  const base = api.baseUrls.find((b) => /^https?:\/\//i.test(b));
  if (!base) return url;
  try {
    return new URL(url, base.endsWith('/') ? base : `${base}/`).href;
  } catch {
    return url;
  }
}

/**
 * Issuers an API's inputs name outright: linked servers, `iss` claims of tokens seen in traffic, the issuers of metadata
 * URLs. An endpoint URL under one of them (`https://id.example/oauth2/token` under `https://id.example`) is that issuer's.
 */
const ISSUERS = new WeakMap<Api, string[]>();
function knownIssuers(api: Api): string[] {
  let out = ISSUERS.get(api);
  if (!out) {
    const set = new Set(api.authServers.map((s) => normalizeUrl(s.issuer)));
    for (const op of api.operations)
      for (const p of op.auth)
        for (const alt of p.alternatives)
          for (const c of alt) {
            if (c.token?.iss) set.add(normalizeUrl(c.token.iss));
            for (const h of c.issuerHints ?? []) if (isMetadataUrl(h)) set.add(issuerOfMetadataUrl(h));
          }
    for (const s of api.securitySchemes) for (const u of [s.openIdConnectUrl, s.oauth2MetadataUrl]) if (u && isMetadataUrl(u)) set.add(issuerOfMetadataUrl(u));
    out = [...set].filter((i) => /^https?:\/\//i.test(i)).sort((a, b) => b.length - a.length || cmp(a, b));
    ISSUERS.set(api, out);
  }
  return out;
}

/**
 * Who issues a token: the linked authorization server its hints (or `iss`) name; else what the hints themselves say (an
 * issuer, a metadata URL's issuer, a known issuer an endpoint lies under, a token endpoint, any URL); else the one
 * server linked to the whole API; else unknown.
 */
function tokenIssuer(c: Credential, api: Api): string {
  if (c.staticSecret) return 'static';
  if (c.gatewayIssued) return 'gateway';
  const iss = c.token?.iss || undefined;
  const hints = [...(c.issuerHints ?? []), ...(iss ? [iss] : [])];
  const named = api.authServers.filter((s) => hintsName(hints, s));
  if (named.length) return normalizeUrl([...named].sort((a, b) => cmp(a.issuer, b.issuer))[0]!.issuer);
  if (iss) return normalizeUrl(iss);
  const meta = hints.find(isMetadataUrl);
  if (meta) return issuerOfMetadataUrl(meta);
  const known = knownIssuers(api);
  for (const h of hints.map(normalizeUrl)) {
    const under = known.find((k) => h === k || h.startsWith(`${k}/`));
    if (under) return under;
  }
  const token = hints.find((h) => /\/token\b/i.test(h.replace(/[?#].*$/, '')));
  if (token ?? hints[0]) return normalizeUrl(absolute((token ?? hints[0])!, api));
  const servers = serversFor(api, [c]);
  return servers.length === 1 ? normalizeUrl(servers[0]!.issuer) : 'unknown';
}

/** Who issues a credential of the API (see `CredentialPath.issuedBy`). */
export function issuerOf(c: Credential, api: Api, kind: CredentialKind = kindOf(c)): string {
  switch (kind) {
    case 'api-key':
    case 'basic':
    case 'signature':
    case 'client-secret':
      return 'static';
    case 'bearer':
    case 'dpop':
      return tokenIssuer(c, api);
    default:
      return 'unknown';
  }
}

const STATIC_KINDS = new Set<CredentialKind>(['api-key', 'basic', 'signature', 'client-secret']);

const IN_WORDS: Record<Presented['in'], string> = { header: 'header', query: 'query parameter', cookie: 'cookie', tls: 'TLS handshake', body: 'request body', path: 'path' };

function where(p: Presented | undefined): string {
  if (!p) return '';
  if (p.in === 'tls') return '';
  return ` in ${IN_WORDS[p.in]}${p.name ? ` '${p.name}'` : ''}`;
}

/** Human text for a path, from its own fields (the issuer and binding have columns of their own). */
function labelOf(d: Pick<Draft, 'kind' | 'presented' | 'binding' | 'qualifier' | 'orphan'>): string {
  const p = d.presented;
  const at = p?.endpoint ? ` at ${p.endpoint}` : '';
  let text: string;
  switch (d.kind) {
    case 'api-key':
      text = `API key${where(p)}`;
      break;
    case 'basic':
      text = `password (HTTP Basic or similar)${where(p)}`;
      break;
    case 'client-secret':
      text = `client secret${where(p)}${at}`;
      break;
    case 'private-key-jwt':
      text = `client assertion signed with the client's private key (private_key_jwt)${at}`;
      break;
    case 'bearer':
      text = `${d.binding === 'mtls' ? 'certificate-bound access token' : 'bearer token'}${where(p)}`;
      break;
    case 'dpop':
      text = `DPoP-bound access token${where(p)}`;
      break;
    case 'client-certificate':
      text = `TLS client certificate${at}`;
      break;
    case 'session-cookie':
      text = `session cookie${p?.name ? ` '${p.name}'` : ''}`;
      break;
    case 'signature':
      text = `request signature with a shared secret${where(p)}`;
      break;
    default:
      text = `credential checked where the inputs do not show${where(p)}`;
  }
  if (d.orphan) return `${d.qualifier ?? text} written into the inputs: no client path of this API shows where it is presented`;
  if (d.qualifier) text += ` (${d.qualifier})`;
  return text;
}

// ---------------------------------------------------------------- gathering

class Paths {
  readonly drafts = new Map<string, Draft>();

  constructor(private readonly api: Api) {}

  add(p: { kind: CredentialKind; presented?: Presented; issuedBy: string; binding: Binding; qualifier?: string; static?: boolean; orphan?: boolean }): Draft {
    const pr = p.presented;
    const name = pr?.name === undefined ? '' : pr.in === 'header' ? pr.name.toLowerCase() : pr.name;
    const key = [p.kind, pr?.in ?? '', name, pr?.endpoint ?? '', pr?.by ?? '', p.issuedBy, p.binding, p.qualifier ?? '', p.orphan ? 'orphan' : ''].join('\u0000');
    let d = this.drafts.get(key);
    if (!d) {
      d = { key, kind: p.kind, issuedBy: p.issuedBy, static: p.static ?? (STATIC_KINDS.has(p.kind) || p.issuedBy === 'static'), binding: p.binding, scopes: new Set(), sources: new Map(), ops: new Set(), inputs: new Set(), storedIn: new Map() };
      if (pr) d.presented = pr;
      if (p.qualifier) d.qualifier = p.qualifier;
      if (p.orphan) d.orphan = true;
      this.drafts.set(key, d);
    }
    return d;
  }

  /** Records that `posture` states credential `c` (as path `d`) for operation `op`. */
  note(d: Draft, posture: Pick<AuthPosture, 'evidence' | 'source'>, c: Pick<Credential, 'scheme' | 'detail' | 'loc' | 'lifetimeSeconds' | 'scopes' | 'token'>, op?: Operation): void {
    const k = `${posture.evidence}\u0000${locKey(c.loc)}`;
    if (!d.sources.has(k)) {
      const s: PathSource = { evidence: posture.evidence, source: posture.source, loc: c.loc };
      if (c.scheme) s.scheme = c.scheme;
      if (c.detail) s.detail = c.detail;
      d.sources.set(k, s);
    }
    d.inputs.add(posture.source);
    if (op) d.ops.add(op.key);
    if (c.lifetimeSeconds !== undefined && (d.lifetimeSeconds === undefined || c.lifetimeSeconds > d.lifetimeSeconds)) d.lifetimeSeconds = c.lifetimeSeconds;
    for (const s of c.scopes ?? []) d.scopes.add(s);
    for (const s of c.token?.scopes ?? []) d.scopes.add(s);
  }

  credential(c: Credential, posture: AuthPosture, op: Operation, fallback: boolean): Draft {
    const kind = fallback ? 'bearer' : kindOf(c);
    const binding = fallback ? 'none' : bindingOf(c, kind);
    const qualifier = c.workloadIdentity ? 'mesh workload identity' : fallback ? 'also accepted without proof of possession' : undefined;
    const d = this.add({ kind, presented: presentedOf(c, kind), issuedBy: issuerOf(c, this.api, kind), binding, ...(qualifier ? { qualifier } : {}) });
    this.note(d, posture, c, op);
    return d;
  }
}

/** Client authentication a token's input states: one path per method, presented where the token is obtained. */
function clientAuthPaths(paths: Paths, token: Draft, ca: ClientAuth, posture: Pick<AuthPosture, 'evidence' | 'source'>, issuer: string): void {
  for (const m of ca.methods) {
    const spec = METHOD_PATHS[m];
    if (!spec) continue;
    const presented: Presented = { ...spec.presented, ...(ca.endpoint ? { endpoint: ca.endpoint } : {}), ...(ca.gateway ? { by: 'gateway' as const } : {}) };
    const d = paths.add({ kind: spec.kind, presented, issuedBy: issuer, binding: spec.kind === 'client-certificate' ? 'mtls' : 'none', static: spec.kind === 'client-secret', ...(ca.gateway ? { qualifier: GATEWAY_OWN } : {}) });
    paths.note(d, posture, { scheme: m, detail: `${m}${ca.gateway ? ': the gateway authenticates as an OAuth client' : ''}`, loc: ca.loc });
    for (const o of token.ops) d.ops.add(o);
  }
}

/** Where each OAuth client authentication method puts the client's credential (RFC 6749 §2.3, RFC 7523, RFC 8705). */
const METHOD_PATHS: Record<string, { kind: CredentialKind; presented: Presented }> = {
  client_secret_basic: { kind: 'client-secret', presented: { in: 'header', name: 'Authorization' } },
  client_secret_post: { kind: 'client-secret', presented: { in: 'body', name: 'client_secret' } },
  client_secret_jwt: { kind: 'client-secret', presented: { in: 'body', name: 'client_assertion' } },
  private_key_jwt: { kind: 'private-key-jwt', presented: { in: 'body', name: 'client_assertion' } },
  tls_client_auth: { kind: 'client-certificate', presented: { in: 'tls' } },
  self_signed_tls_client_auth: { kind: 'client-certificate', presented: { in: 'tls' } },
};

/** The client authentication methods a linked authorization server offers at its token endpoint (RFC 8414 default when absent). */
function serverClientAuth(paths: Paths, s: AuthServer, tokenOps: Set<string>): void {
  const f = fieldOf(s, 'token_endpoint_auth_methods_supported');
  const methods = listOf(f) ?? [];
  const endpoint = typeof s.metadata['token_endpoint'] === 'string' ? (s.metadata['token_endpoint'] as string) : undefined;
  const aliases = s.metadata['mtls_endpoint_aliases'];
  const mtlsEndpoint = get(aliases, 'token_endpoint');
  const issuer = normalizeUrl(s.issuer);
  for (const m of methods) {
    const spec = METHOD_PATHS[m];
    if (!spec) continue;
    const ep = spec.kind === 'client-certificate' && typeof mtlsEndpoint === 'string' ? mtlsEndpoint : endpoint;
    const d = paths.add({ kind: spec.kind, presented: { ...spec.presented, ...(ep ? { endpoint: ep } : {}) }, issuedBy: issuer, binding: spec.kind === 'client-certificate' ? 'mtls' : 'none', static: spec.kind === 'client-secret' });
    const detail = f.present ? `token_endpoint_auth_methods_supported offers ${m}` : `token_endpoint_auth_methods_supported absent: ${m} by default (${f.default})`;
    paths.note(d, { evidence: 'configured', source: 'as-metadata' }, { scheme: m, detail, loc: f.loc });
    for (const o of tokenOps) d.ops.add(o);
  }
}

// ---------------------------------------------------------------- secrets written into the inputs

/** A secret of the model with the API that carries it. */
export interface SecretRecord {
  secret: ConfigSecret;
  source: InputKind;
  loc: Loc;
  carrier: Api;
}

/** What a secret written into a config is for: the kind of credential, and the paths that can use it. */
interface SecretUse {
  kind: CredentialKind;
  fits(d: Draft): boolean;
}

/**
 * The use of a secret written into a config (by the adapters' `ConfigSecret.kind` and `owner` names), or undefined for
 * secrets that are not credentials of the API's clients: TLS server keys, keys and passwords of the services a gateway
 * plugin calls, credentials a gateway adds to upstream requests, session secrets.
 */
function secretUse(s: ConfigSecret): SecretUse | undefined {
  const k = s.kind.toLowerCase();
  const gatewayOwn = /^plugin /.test(s.owner ?? '') || /^oidc client secret$/.test(k);
  if (/client[ _]?secret/.test(k)) {
    // A consumer's oauth2 credential works at the gateway's own token endpoint; a plugin's is the gateway's at its provider.
    return gatewayOwn ? { kind: 'client-secret', fits: (d) => d.kind === 'client-secret' && d.presented?.by === 'gateway' } : { kind: 'client-secret', fits: (d) => d.kind === 'client-secret' && d.presented?.by === undefined && d.issuedBy === 'gateway' };
  }
  if (gatewayOwn || /header value$/.test(k)) return undefined;
  if (/jwt secret|symmetric jwt signing key/.test(k)) return { kind: 'bearer', fits: (d) => (d.kind === 'bearer' || d.kind === 'dpop') && d.issuedBy === 'static' };
  if (/hmac/.test(k)) return { kind: 'signature', fits: (d) => d.kind === 'signature' };
  if (/basic-auth password|basic_auth password|htpasswd/.test(k)) return { kind: 'basic', fits: (d) => d.kind === 'basic' };
  if (/key-auth key|api_key_auth key|api key value|^api keys$/.test(k)) return { kind: 'api-key', fits: (d) => d.kind === 'api-key' };
  return undefined;
}

export function secretsOf(model: Pick<Model, 'apis'>): SecretRecord[] {
  const out: SecretRecord[] = [];
  const seen = new Set<string>();
  for (const api of model.apis) {
    for (const e of [...api.evidence, ...api.operations.flatMap((o) => o.evidence)]) {
      if (!e.secret) continue;
      const k = locKey(e.loc);
      if (seen.has(k)) continue;
      seen.add(k);
      out.push({ secret: e.secret, source: e.source, loc: e.loc, carrier: api });
    }
  }
  return out;
}

// ---------------------------------------------------------------- the inventory of every API

function finish(d: Draft): CredentialPath {
  const sources = [...d.sources.values()].sort((a, b) => EVIDENCE_ORDER[a.evidence] - EVIDENCE_ORDER[b.evidence] || cmp(a.loc.file, b.loc.file) || (a.loc.doc ?? 0) - (b.loc.doc ?? 0) || cmp(a.loc.pointer, b.loc.pointer));
  const out: CredentialPath = {
    id: createHash('sha256').update(d.key).digest('hex').slice(0, 12),
    kind: d.kind,
    label: labelOf(d),
    issuedBy: d.issuedBy,
    static: d.static,
    storedIn: [...d.storedIn.values()].sort((a, b) => cmp(a.loc.file, b.loc.file) || (a.loc.doc ?? 0) - (b.loc.doc ?? 0) || cmp(a.loc.pointer, b.loc.pointer)),
    binding: d.binding,
    scopes: [...d.scopes].sort(cmp),
    sources: sources.slice(0, MAX_SOURCES),
    sourceCount: sources.length,
    operations: d.ops.size,
  };
  if (d.presented) out.presented = d.presented;
  if (d.lifetimeSeconds !== undefined) out.lifetimeSeconds = d.lifetimeSeconds;
  // Key order of the JSON report: as the schema lists the fields.
  return {
    id: out.id,
    kind: out.kind,
    label: out.label,
    ...(out.presented ? { presented: out.presented } : {}),
    issuedBy: out.issuedBy,
    static: out.static,
    storedIn: out.storedIn,
    binding: out.binding,
    ...(out.lifetimeSeconds !== undefined ? { lifetimeSeconds: out.lifetimeSeconds } : {}),
    scopes: out.scopes,
    sources: out.sources,
    sourceCount: out.sourceCount,
    operations: out.operations,
  };
}

const KIND_ORDER = new Map(CREDENTIAL_KINDS.map((k, i) => [k, i]));

function order(a: CredentialPath, b: CredentialPath): number {
  return (
    KIND_ORDER.get(a.kind)! - KIND_ORDER.get(b.kind)! ||
    cmp(a.presented?.in ?? '', b.presented?.in ?? '') ||
    cmp((a.presented?.name ?? '').toLowerCase(), (b.presented?.name ?? '').toLowerCase()) ||
    cmp(a.presented?.endpoint ?? '', b.presented?.endpoint ?? '') ||
    cmp(a.issuedBy, b.issuedBy) ||
    cmp(a.binding, b.binding) ||
    cmp(a.label, b.label) ||
    cmp(a.id, b.id)
  );
}

/** The drafts of one API: every credential its postures state, client authentication, and the linked servers' methods. */
function draftsOf(api: Api): Paths {
  const paths = new Paths(api);
  for (const op of api.operations) {
    for (const posture of op.auth) {
      if (posture.silent) continue;
      for (const alt of posture.alternatives) {
        for (const c of alt) {
          const d = paths.credential(c, posture, op, false);
          // A configuration that binds tokens but still takes them without proof has a second, unbound path; traffic
          // shows such calls as credentials of their own.
          if (posture.bearerFallback && posture.evidence !== 'observed' && c.binding && (c.type === 'bearer' || c.type === 'dpop')) paths.credential(c, posture, op, true);
          for (const ca of c.clientAuth ?? []) clientAuthPaths(paths, d, ca, posture, d.issuedBy);
        }
      }
    }
  }
  for (const s of api.authServers) {
    const issuer = normalizeUrl(s.issuer);
    const ops = new Set<string>();
    for (const d of paths.drafts.values()) if ((d.kind === 'bearer' || d.kind === 'dpop') && d.issuedBy === issuer) for (const o of d.ops) ops.add(o);
    serverClientAuth(paths, s, ops);
  }
  return paths;
}

/**
 * The credential paths of every API of the model, by API. Secrets written into a config are attached to the paths of
 * the APIs that share the config's files and use that kind of credential; a secret no such path uses is listed on the
 * API that carries it, as a path of its own with no presentation.
 */
export function credentialInventory(model: Pick<Model, 'apis'>): Map<Api, CredentialPath[]> {
  const drafts = new Map(model.apis.map((api) => [api, draftsOf(api)]));
  const secrets = secretsOf(model);
  const used = new Set<SecretRecord>();
  const byFile = new Map<string, Api[]>();
  for (const api of model.apis) for (const f of new Set(api.sources)) byFile.set(f, [...(byFile.get(f) ?? []), api]);
  const place = (r: SecretRecord): SecretPlace => ({ kind: r.secret.kind, ...(r.secret.owner ? { owner: r.secret.owner } : {}), redacted: r.secret.redacted, loc: r.loc });
  for (const r of secrets) {
    const use = secretUse(r.secret);
    if (!use) continue;
    const apis = new Set([r.carrier, ...r.carrier.sources.flatMap((f) => byFile.get(f) ?? [])]);
    for (const api of apis) {
      for (const d of drafts.get(api)!.drafts.values()) {
        if (d.orphan || !d.inputs.has(r.source) || !use.fits(d)) continue;
        d.storedIn.set(locKey(r.loc), place(r));
        used.add(r);
      }
    }
  }
  for (const r of secrets) {
    const use = secretUse(r.secret);
    if (!use || used.has(r)) continue;
    const paths = drafts.get(r.carrier)!;
    const d = paths.add({ kind: use.kind, issuedBy: 'static', binding: 'none', static: true, orphan: true, qualifier: r.secret.kind });
    paths.note(d, { evidence: 'configured', source: r.source }, { detail: `${r.secret.kind}${r.secret.owner ? ` of ${r.secret.owner}` : ''}`, loc: r.loc });
    d.storedIn.set(locKey(r.loc), place(r));
  }
  return new Map([...drafts].map(([api, p]) => [api, [...p.drafts.values()].map(finish).sort(order)]));
}
