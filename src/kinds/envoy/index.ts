// Envoy v3 configuration → the model. Every virtual host of every HTTP connection manager is an API (per listener),
// every route an operation; what the route enforces comes from the HTTP filters in force on it after listener, virtual
// host and route overrides, plus the filter chain's TLS.

import type { Api, AuthPosture, Credential, Evidence, Operation } from '../../model/types.js';
import { cmp } from '../../model/util.js';
import { gatewayApi, matchFor, routeOperation, unroutedOperation } from '../gateway.js';
import type { ParsedFile } from '../../load/parse.js';
import type { AdapterContext, Contribution, KindAdapter } from '../types.js';
import type { View } from '../view.js';
import { activeFilters, apiKeySecrets, dataSourceSecret, effectOf, isLegacyType, product, readFilters, unwrap, type HttpFilter } from './filters.js';
import { readMatch, type EnvoyMatch } from './match.js';
import { collect, looksLikeEnvoy, typeOf, type EnvoyResources } from './resources.js';
import { chainTls, type ChainTls } from './tls.js';

export const envoyAdapter: KindAdapter = {
  kind: 'envoy',
  title: 'Envoy v3 (bootstrap, xDS resources, admin config dump)',
  sniff: /(static_resources|staticResources|envoy\.config\.(listener|route)\.v3\.|envoy\.admin\.v3\.\w+ConfigDump|http_connection_manager)/,
  detect(pf) {
    return pf.docs.some(looksLikeEnvoy);
  },
  toModel(pf, ctx) {
    return buildEnvoy([pf], ctx);
  },
  toModelBatch(pfs, ctx) {
    return buildEnvoy(pfs, ctx);
  },
};

const HCM = /HttpConnectionManager$/;
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/i;
const XFCC_FORWARDING = new Set(['FORWARD_ONLY', 'APPEND_FORWARD', 'ALWAYS_FORWARD_ONLY']);

interface Listener {
  v: View;
  label: string;
  port?: number;
  loopback: boolean;
}

interface Hcm {
  listener: Listener;
  chain: View;
  hcm: View;
  filters: HttpFilter[];
  tls: ChainTls;
  /** Evidence about the connection, shared by every virtual host of this connection manager. */
  evidence: Evidence[];
  serverNames: string[];
}

function listenerOf(l: View): Listener {
  const sa = l.at('address', 'socket_address');
  const addr = sa.get('address').str();
  const port = sa.get('port_value').num();
  const name = l.get('name').str();
  const label = [name, port !== undefined ? `:${port}` : undefined].filter(Boolean).join(' ') || 'listener';
  const out: Listener = { v: l, label, loopback: (addr !== undefined && LOOPBACK.test(addr)) || l.at('address', 'pipe').present };
  if (port !== undefined) out.port = port;
  return out;
}

function ev(summary: string, control: Evidence['control'], v: View, confidence: Evidence['confidence'] = 'medium'): Evidence {
  return { kind: 'configured', source: 'envoy', confidence, summary, ...(control ? { control } : {}), loc: v.loc };
}

/** Evidence about one connection manager on one filter chain: forwarded client certificates and secrets written inline. */
function connectionEvidence(h: Omit<Hcm, 'evidence'>): Evidence[] {
  const out: Evidence[] = [...h.tls.secrets];
  const xfcc = h.hcm.get('forward_client_cert_details');
  if (xfcc.present) {
    const mode = xfcc.str() ?? 'SANITIZE';
    const edge = h.hcm.get('use_remote_address').bool() === true;
    const spoofable = edge && XFCC_FORWARDING.has(mode);
    out.push(ev(`x-forwarded-client-cert: ${mode}${edge ? ' at the edge (use_remote_address)' : ''}`, { type: 'forwarded-client-cert', state: 'present', xfccMode: mode, edge, spoofable }, xfcc));
  }
  // Credentials written into the listener's filter configurations.
  for (const f of h.filters) {
    if (f.kind === 'api_key_auth') out.push(...apiKeySecrets(f.config));
    if (f.kind === 'basic_auth') {
      const s = dataSourceSecret('basic_auth password hashes (htpasswd)', f.config.get('users'));
      if (s) out.push(s);
    }
    if (f.kind === 'jwt_authn') {
      for (const [name, p] of f.config.get('providers').entries()) {
        const local = p.get('local_jwks');
        if (/"kty"\s*:\s*"oct"/.test(local.get('inline_string').str() ?? '')) {
          const s = dataSourceSecret('symmetric JWT signing key (JWKS "oct")', local, `jwt_authn provider '${name}'`);
          if (s) out.push(s);
        }
      }
    }
  }
  return out;
}

/** The transport of a virtual host on a connection manager, as a `tls` control every operation carries. */
function transportEvidence(h: Hcm, plaintext: boolean, httpsRedirect: boolean): Evidence {
  const t = h.tls;
  const certText = { none: '', required: ', client certificates required and validated', optional: ', client certificates validated when presented but not required', untrusted: ', client certificates accepted without chain validation' }[t.clientCert];
  const summary = t.tls
    ? `${h.listener.label}: TLS (minimum TLS ${t.minTlsVersion})${certText}`
    : h.listener.loopback
      ? `${h.listener.label}: plain http on a loopback address`
      : `${h.listener.label}: plain http${httpsRedirect ? ', redirected to https' : ''}`;
  const control: Evidence['control'] = { type: 'tls', state: plaintext ? 'absent' : 'present', plaintext };
  if (t.tls && t.minTlsVersion) control.minTlsVersion = t.minTlsVersion;
  if (t.clientCert !== 'none') control.clientCertificate = t.clientCert;
  return ev(summary, control, t.tls ? t.at : h.listener.v);
}

interface Built {
  apis: Api[];
  usedRouteConfigs: Set<unknown>;
  /** Files with at least one HTTP connection manager. */
  httpFiles: Set<string>;
}

export function buildEnvoy(pfs: ParsedFile[], ctx: AdapterContext): Contribution {
  const files = pfs.map((pf) => ({ pf, res: collect(pf) }));
  const routeConfigs = new Map<string, View>();
  for (const { res } of files) for (const rc of res.routeConfigs) {
    const n = rc.get('name').str();
    if (n !== undefined && !routeConfigs.has(n)) routeConfigs.set(n, rc);
  }
  const staticSecrets: Evidence[] = [];
  for (const { res } of files) for (const s of res.secrets) staticSecrets.push(...secretsOfSdsSecret(s));

  const built: Built = { apis: [], usedRouteConfigs: new Set(), httpFiles: new Set() };
  const legacyFiles = new Set<string>();
  for (const { pf, res } of files) {
    for (const l of res.listeners) buildListener(l, routeConfigs, built, ctx, legacyFiles, pf.file);
  }
  // Route configurations no listener among the inputs uses: their routes are known, their filters are not.
  for (const rc of routeConfigs.values()) {
    if (built.usedRouteConfigs.has(rc.value)) continue;
    for (const vh of rc.get('virtual_hosts').list()) addApi(built, vhostApi(undefined, rc, vh, ctx));
  }
  // Inline SDS secrets belong to the APIs of the same file.
  for (const e of staticSecrets) {
    const home = built.apis.find((a) => a.sources.includes(e.loc.file));
    if (home) home.evidence.push(e);
  }

  const used = new Set(built.apis.flatMap((a) => a.sources));
  const skipped: { file: string; reason: string }[] = [];
  for (const { pf, res } of files) {
    if (used.has(pf.file)) continue;
    skipped.push({ file: pf.file, reason: skipReason(res, legacyFiles.has(pf.file), built.httpFiles.has(pf.file)) });
  }
  built.apis.sort((a, b) => cmp(a.id, b.id));
  return { apis: built.apis, skipped };
}

function skipReason(res: EnvoyResources, legacy: boolean, http: boolean): string {
  if (legacy || res.legacy.length) return 'Envoy v2 configuration (legacy, removed in Envoy 1.18): not analysed';
  if (http || res.routeConfigs.length) return 'Envoy routes that only redirect or answer with a fixed error: no API to assess';
  if (res.listeners.length) return 'Envoy configuration without an HTTP listener (TCP proxy or other network filters only): no HTTP routes to assess';
  if (res.dynamic) return 'Envoy bootstrap whose listeners come from LDS (dynamic_resources), which is not among the inputs';
  return 'Envoy configuration without listeners or route configurations';
}

function secretsOfSdsSecret(s: View): Evidence[] {
  const out: Evidence[] = [];
  const name = s.get('name').str() ?? '?';
  const key = dataSourceSecret(`TLS private key (SDS secret '${name}')`, s.at('tls_certificate', 'private_key'));
  if (key) out.push(key);
  const generic = dataSourceSecret(`secret '${name}'`, s.at('generic_secret', 'secret'));
  if (generic) out.push(generic);
  return out;
}

function findHcm(chain: View): View | undefined {
  for (const f of chain.get('filters').list()) {
    const tc = f.get('typed_config');
    const t = unwrap(tc).type;
    if (HCM.test(t)) return tc;
    if (!t && /http_connection_manager$/.test(f.get('name').str() ?? '')) return f.has('config') ? f.get('config') : tc;
  }
  return undefined;
}

function buildListener(l: View, routeConfigs: Map<string, View>, built: Built, ctx: AdapterContext, legacyFiles: Set<string>, file: string): void {
  const listener = listenerOf(l);
  const chains = [...l.get('filter_chains').list(), ...(l.has('default_filter_chain') ? [l.get('default_filter_chain')] : [])];
  for (const chain of chains) {
    const hcm = findHcm(chain);
    if (!hcm) continue;
    built.httpFiles.add(file);
    if (isLegacyType(typeOf(hcm)) || hcm.get('http_filters').list().some((f) => f.has('config') && !f.has('typed_config'))) {
      legacyFiles.add(file);
      continue;
    }
    const base = {
      listener,
      chain,
      hcm,
      filters: readFilters(hcm),
      tls: chainTls(chain),
      serverNames: chain.at('filter_chain_match', 'server_names').strings(),
    };
    const h: Hcm = { ...base, evidence: connectionEvidence(base) };
    const inline = hcm.get('route_config');
    const rdsName = hcm.at('rds', 'route_config_name').str();
    const rc = inline.present ? inline : rdsName !== undefined ? routeConfigs.get(rdsName) : undefined;
    if (!rc) {
      built.apis.push(unroutedApi(h, rdsName, ctx));
      continue;
    }
    built.usedRouteConfigs.add(rc.value);
    for (const vh of rc.get('virtual_hosts').list()) addApi(built, vhostApi(h, rc, vh, ctx));
  }
}

/** Virtual hosts whose routes all redirect or answer with a fixed error serve no API. */
function addApi(built: Built, api: Api): void {
  if (api.operations.length) built.apis.push(api);
}

/** A connection manager whose routes are not among the inputs (RDS, scoped routes): one operation that says so. */
function unroutedApi(h: Hcm, rdsName: string | undefined, ctx: AdapterContext): Api {
  const why = rdsName !== undefined ? `routes come from RDS route configuration '${rdsName}', which is not among the inputs` : 'routes are not given (scoped RDS or no route configuration)';
  const name = `${rdsName ?? 'routes'} (${h.listener.label})`;
  const op = unroutedOperation('envoy', h.hcm.loc, why);
  op.evidence.push(transportEvidence(h, !h.tls.tls && !h.listener.loopback, false));
  const api = gatewayApi({ id: `envoy ${name}`, name, kind: 'envoy', file: h.hcm.file, loc: h.hcm.loc, deref: ctx.resolver });
  api.described = false;
  api.operations.push(op);
  api.evidence.push(...h.evidence);
  return api;
}

function vhostApi(h: Hcm | undefined, rc: View, vh: View, ctx: AdapterContext): Api {
  const vname = vh.get('name').str() ?? 'virtual host';
  const where = h ? h.listener.label : 'listener not given';
  const name = `${vname} (${where})`;
  const domains = vh.get('domains').strings();
  const concrete = domains.filter((d) => d !== '*');
  const hostList = domains.includes('*') ? (h?.serverNames.length ? h.serverNames : []) : concrete;
  const requireTls = vh.get('require_tls').str() ?? 'NONE';
  const redirects = requireTls === 'ALL' || requireTls === 'EXTERNAL_ONLY';
  const plaintext = h ? !h.tls.tls && !h.listener.loopback && !redirects : false;
  const scheme = h?.tls.tls ? 'https' : 'http';
  const sources = [...new Set([...(h ? [h.hcm.file] : []), rc.file])];

  const apiEvidence: Evidence[] = [...(h?.evidence ?? [])];
  const ops: Operation[] = [];
  const keys = new Set<string>();
  let httpsRedirect = redirects;
  for (const r of vh.get('routes').list()) {
    if (r.at('redirect', 'https_redirect').bool() === true || r.at('redirect', 'scheme_redirect').str() === 'https') {
      httpsRedirect = true;
      continue;
    }
    if (r.has('redirect') || r.has('filter_action') || r.has('non_forwarding_action')) continue;
    const status = r.at('direct_response', 'status').num();
    if (status !== undefined && status >= 300) continue;
    const m = readMatch(r.get('match'));
    if (!m) continue;
    for (const method of m.model.methods ?? ['any']) {
      const key = `${method.toUpperCase()} ${m.path}`;
      if (keys.has(key)) continue; // Envoy takes the first matching route: a later duplicate is never reached.
      keys.add(key);
      ops.push(routeOp(h, rc, vh, r, m, method, plaintext, hostList));
    }
  }
  if (h) {
    const transport = transportEvidence(h, plaintext && !httpsRedirect, httpsRedirect);
    for (const op of ops) op.evidence.unshift(transport);
  }

  const api = gatewayApi({ id: `envoy ${vname} ${h?.listener.port ?? ''}`, name, kind: 'envoy', file: rc.file, loc: vh.loc, deref: ctx.resolver });
  api.sources = sources;
  api.baseUrls = concrete.filter((d) => !d.includes('*')).map((d) => `${scheme}://${d}`);
  api.described = h !== undefined;
  api.operations = ops;
  api.evidence = apiEvidence;
  if (hostList.length) api.hosts = hostList;
  return api;
}

function routeOp(h: Hcm | undefined, rc: View, vh: View, r: View, m: EnvoyMatch, method: string, plaintext: boolean, hosts: string[]): Operation {
  const op = routeOperation(method, m.path, r.loc, m.refused ? undefined : matchFor(m.model, method, hosts), r.get('name').str());
  if (!h) {
    op.auth.push({ evidence: 'configured', source: 'envoy', confidence: 'low', loc: r.loc, alternatives: [], silent: true, summary: 'configured: route configuration given without its listener: the HTTP filters that apply are unknown' });
    return op;
  }

  const scope = { route: r, vhost: vh, rc };
  let alts: Credential[][] = [[]];
  const what: string[] = [];
  let requiresJwt = false;
  let custom: Credential[][] | undefined;
  const seen = new Set<string>();
  for (const a of activeFilters(h.filters, scope)) {
    const eff = effectOf(a, m, scope);
    for (const e of eff.evidence) op.evidence.push(e);
    for (const s of eff.secrets) {
      const k = `${s.loc.file}#${s.loc.pointer}`;
      if (!seen.has(k)) {
        seen.add(k);
        op.evidence.push(s);
      }
    }
    if (eff.requiresJwt) requiresJwt = true;
    if (!eff.alts) continue;
    if (a.f.kind === 'custom') {
      custom = eff.alts;
      if (eff.what) what.push(eff.what);
      continue;
    }
    alts = product(alts, eff.alts);
    if (eff.what) what.push(eff.what);
  }
  if (requiresJwt) {
    const withJwt = alts.filter((alt) => alt.some((c) => c.type === 'bearer'));
    if (withJwt.length) alts = withJwt;
  }
  const anonymousOnly = alts.length === 1 && alts[0]!.length === 0;
  if (anonymousOnly && custom) alts = custom;
  if (h.tls.clientCert === 'required') {
    const cert: Credential = { type: 'client-certificate', in: 'tls', detail: `TLS client certificate required by ${h.listener.label}`, loc: h.tls.at.loc };
    alts = alts.map((alt) => [cert, ...alt]);
  }
  const posture: AuthPosture = {
    evidence: 'configured',
    source: 'envoy',
    confidence: 'medium',
    loc: r.loc,
    alternatives: alts,
    summary: `configured: ${what.length ? what.join(' + ') : 'no authentication filter'} on ${h.listener.label}${h.tls.clientCert === 'required' ? ' (client certificate required)' : ''}${plaintext ? ', plain http' : ''}`,
  };
  if (plaintext && alts.some((a) => a.length > 0)) posture.plaintext = true;
  op.auth.push(posture);
  return op;
}
