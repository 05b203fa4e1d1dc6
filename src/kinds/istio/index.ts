// Istio and Kubernetes Gateway API configuration → the model. APIs are: an Istio VirtualService bound to ingress
// Gateways, a set of HTTPRoutes serving the same host names on a Gateway API gateway, and a mesh workload (namespace +
// selector labels) that security policies select. Operations are routes (or the paths policies name, plus "every
// other path"); postures come from the policies that apply to the gateway or workload.

import type { Api, AuthPosture, Control, Credential, Evidence, Operation } from '../../model/types.js';
import { hostMatches } from '../../model/paths.js';
import { cmp } from '../../model/util.js';
import { gatewayApi, matchFor, routeOperation, unroutedOperation } from '../gateway.js';
import type { ParsedFile } from '../../load/parse.js';
import type { AdapterContext, Contribution, KindAdapter } from '../types.js';
import type { View } from '../view.js';
import { product } from '../envoy/filters.js';
import { fullMatchSource, regexMatch, type EnvoyMatch } from '../envoy/match.js';
import { attachmentRank, httpRouteMatch, rateLimitEvidence, securityPolicyEffect } from './gateway-api.js';
import { applies, evaluate, expandIngressLabels, jwksSecrets, patternMatch, peerMode, reliesOnPrincipals, type Scope } from './policies.js';
import { isKnownDoc, readResources, ROOT_NAMESPACE, selectorOf, targetRefsOf, type K8s } from './resources.js';

export const istioAdapter: KindAdapter = {
  kind: 'istio',
  title: 'Istio security and networking resources, Kubernetes Gateway API, Envoy Gateway policies',
  sniff: /apiVersion:\s*["']?(security\.istio\.io|networking\.istio\.io|gateway\.networking\.k8s\.io|gateway\.envoyproxy\.io)\//,
  detect(pf) {
    return pf.docs.some(isKnownDoc);
  },
  toModel(pf, ctx) {
    return buildIstio([pf], ctx);
  },
  toModelBatch(pfs, ctx) {
    return buildIstio(pfs, ctx);
  },
};

interface World {
  /** Why a file's routes produced no operation (every request denied), for its skip reason. */
  notes: Map<string, string>;
  all: K8s[];
  secrets: K8s[];
  ra: K8s[];
  ap: K8s[];
  pa: K8s[];
  ctx: AdapterContext;
}

const of = (w: World, group: string, kind: string) => w.all.filter((r) => r.group === group && r.kind === kind);
const ev = (summary: string, control: Evidence['control'], v: View): Evidence => ({ kind: 'configured', source: 'istio', confidence: 'medium', summary, ...(control ? { control } : {}), loc: v.loc });
const TLS_VERSIONS: Record<string, string> = { TLSV1_0: '1.0', TLSV1_1: '1.1', TLSV1_2: '1.2', TLSV1_3: '1.3', '1.0': '1.0', '1.1': '1.1', '1.2': '1.2', '1.3': '1.3' };

export function buildIstio(pfs: ParsedFile[], ctx: AdapterContext): Contribution {
  const w: World = { notes: new Map(), all: [], secrets: [], ra: [], ap: [], pa: [], ctx };
  for (const pf of pfs) {
    const r = readResources(pf);
    w.all.push(...r.known);
    w.secrets.push(...r.secrets);
  }
  w.ra = of(w, 'security.istio.io', 'RequestAuthentication');
  w.ap = of(w, 'security.istio.io', 'AuthorizationPolicy');
  w.pa = of(w, 'security.istio.io', 'PeerAuthentication');

  const apis: Api[] = [];
  const consumedScopes = new Set<string>();
  apis.push(...istioEdgeApis(w, consumedScopes));
  apis.push(...gatewayApiApis(w));
  apis.push(...workloadApis(w, consumedScopes));

  const used = new Set(apis.flatMap((a) => a.sources));
  const skipped: { file: string; reason: string }[] = [];
  for (const pf of pfs) if (!used.has(pf.file)) skipped.push({ file: pf.file, reason: w.notes.get(pf.file) ?? skipReason(w.all.filter((r) => r.file === pf.file)) });
  const seen = new Map<string, number>();
  for (const a of apis.sort((x, y) => cmp(x.id, y.id))) {
    const n = (seen.get(a.id) ?? 0) + 1;
    seen.set(a.id, n);
    if (n > 1) a.id = `${a.id}-${n}`;
  }
  return { apis, skipped };
}

function skipReason(rs: K8s[]): string {
  const kinds = new Set(rs.map((r) => r.kind));
  if (kinds.size === 1 && kinds.has('PeerAuthentication')) {
    const modes = [...new Set(rs.map((r) => r.spec.at('mtls', 'mode').str() ?? 'UNSET'))].join(', ');
    return `PeerAuthentication only (${modes}): workload-to-workload mTLS is not end-user authentication, and no route or workload policy here to score`;
  }
  if (kinds.size === 1 && kinds.has('AuthorizationPolicy')) return 'AuthorizationPolicies that deny every request they select (or select nothing that is routed): no reachable operation to score';
  if (kinds.has('VirtualService')) return 'VirtualServices for mesh-internal traffic only (no ingress Gateway): no edge route to score';
  return 'Kubernetes resources with no HTTP route or workload policy to assess';
}

// ---------------------------------------------------------------- shared pieces

function blockedBy(w: World, file: string, what: string[]): void {
  if (!w.notes.has(file)) w.notes.set(file, `every request its routes or policies select is denied (${what.join(', ') || 'AuthorizationPolicy'}): no reachable operation to score`);
}

function makeOp(method: string, m: EnvoyMatch, at: View, hosts: string[] | undefined): Operation {
  return routeOperation(method, m.path, at.loc, m.refused ? undefined : matchFor(m.model, method, hosts));
}

function posture(alts: Credential[][], what: string[], at: View, plaintext: boolean, where: string): AuthPosture {
  const p: AuthPosture = {
    evidence: 'configured',
    source: 'istio',
    confidence: 'medium',
    loc: at.loc,
    alternatives: alts,
    summary: `configured: ${what.length ? what.join(' + ') : 'no authentication policy'}${where ? ` (${where})` : ''}${plaintext ? ', plain http' : ''}`,
  };
  if (plaintext && alts.some((a) => a.length > 0)) p.plaintext = true;
  return p;
}

function newApi(id: string, name: string, at: View, ctx: AdapterContext, hosts: string[]): Api {
  const api = gatewayApi({ id, name, kind: 'istio', file: at.file, loc: at.loc, deref: ctx.resolver });
  const concrete = hosts.filter((h) => h !== '*');
  if (concrete.length && concrete.length === hosts.length) api.hosts = concrete;
  return api;
}

function addSource(api: Api, file: string): void {
  if (!api.sources.includes(file)) api.sources.push(file);
}

function addOp(api: Api, op: Operation): void {
  if (api.operations.some((o) => o.key === op.key)) return; // the first matching route wins
  api.operations.push(op);
}

/**
 * Finishes an edge route's operation: the Istio policies of its gateways are ANDed with what it already requires, a
 * required client certificate is added, and the operation joins the API — unless the policies deny all of it.
 */
function addEdgeOp(
  w: World,
  api: Api,
  op: Operation,
  shape: { match: EnvoyMatch; method: string },
  base: { alts: Credential[][]; what: string[] },
  scopes: Scope[],
  edge: { at: View; file: string; transport: { plaintext: boolean; certRequired?: View } | undefined; cert: string; where: string },
): void {
  let alts = base.alts;
  const what = [...base.what];
  for (const s of scopes) {
    const e = istioPosture(w, s, shape, false, api);
    if (!e.what.length) continue;
    if (e.blocked) return blockedBy(w, edge.file, [...what, ...e.what]);
    alts = product(alts, e.alts);
    what.push(...e.what);
    op.evidence.push(...e.evidence);
  }
  const cert = edge.transport?.certRequired;
  if (cert) alts = alts.map((a) => [{ type: 'client-certificate', in: 'tls', detail: edge.cert, loc: cert.loc }, ...a]);
  op.auth.push(posture(alts, what, edge.at, edge.transport?.plaintext ?? false, edge.where));
  addOp(api, op);
}

/** The Istio policies of a scope, evaluated for one operation, with the files they come from. */
function istioPosture(w: World, scope: Scope, op: { match: EnvoyMatch; method: string }, catchAll: boolean, api: Api) {
  const ras = w.ra.filter((p) => applies(p, scope));
  const aps = w.ap.filter((p) => applies(p, scope));
  for (const p of [...ras, ...aps]) addSource(api, p.file);
  return evaluate(ras, aps, op, catchAll);
}

function corsOf(policy: View): Evidence | undefined {
  if (!policy.present) return undefined;
  const list = [...policy.get('allowOrigins').list(), ...policy.get('allowOrigin').list()];
  const names = list.map((o) => o.str() ?? o.get('exact').str() ?? o.get('prefix').str() ?? o.get('regex').str() ?? '?');
  const anyOrigin = list.some((o) => o.str() === '*' || o.get('exact').str() === '*' || o.get('prefix').str() === '' || ['.*', '.+', '*'].includes(o.get('regex').str() ?? ''));
  const credentials = policy.get('allowCredentials').bool() === true;
  if (!list.length) return undefined;
  return ev(`CORS: ${anyOrigin ? 'any origin' : `origins ${names.join(', ')}`}${credentials ? ', with credentials' : ''}`, { type: 'cors', state: 'present', origins: anyOrigin ? ['*', ...names.filter((n) => n !== '*')] : names, credentials }, policy);
}

// ---------------------------------------------------------------- Istio Gateway + VirtualService

interface Server {
  v: View;
  hosts: string[];
  plaintext: boolean;
  redirect: boolean;
  mode?: string;
  minTls?: string;
}

function serversOf(gw: K8s): Server[] {
  return gw.spec
    .get('servers')
    .list()
    .map((s) => {
      const protocol = (s.at('port', 'protocol').str() ?? 'HTTP').toUpperCase();
      const tls = s.get('tls');
      const out: Server = {
        v: s,
        hosts: s.get('hosts').strings().map((h) => h.replace(/^[^/]*\//, '')),
        plaintext: ['HTTP', 'HTTP2', 'GRPC'].includes(protocol) && tls.get('httpsRedirect').bool() !== true,
        redirect: tls.get('httpsRedirect').bool() === true,
      };
      if (protocol === 'HTTPS' || protocol === 'TLS') out.mode = tls.get('mode').str() ?? 'SIMPLE';
      const min = tls.get('minProtocolVersion').str();
      if (out.mode) out.minTls = (min && TLS_VERSIONS[min.toUpperCase()]) || '1.2';
      return out;
    })
    .filter((s) => !s.mode || s.mode !== 'PASSTHROUGH');
}

const hostsMeet = (a: string[], b: string[]) => !a.length || !b.length || a.some((x) => b.some((y) => x === '*' || y === '*' || hostMatches(x, y) || hostMatches(y, x)));

function gatewayScope(gw: K8s): Scope {
  const labels = expandIngressLabels(selectorOf(gw.spec) ?? []);
  const ingress = labels.some((l) => l === 'istio=ingressgateway');
  return { namespace: ingress ? ROOT_NAMESPACE : gw.namespace, labels };
}

function scopeKey(s: Scope): string {
  return `${s.namespace}|${(s.labels ?? []).join(',')}|${s.service ?? ''}`;
}

/** One way in: an Istio Gateway server or a Gateway API listener. */
interface Edge {
  v: View;
  label: string;
  plaintext: boolean;
  redirect: boolean;
  tls: boolean;
  minTls?: string;
  minTlsAt?: View;
  clientCert?: 'required' | 'optional';
  certAt?: View;
}

function serverEdge(s: Server): Edge {
  const e: Edge = { v: s.v, label: `server ${s.hosts.join(', ') || '*'}${s.mode ? ` (TLS ${s.mode})` : ''}`, plaintext: s.plaintext, redirect: s.redirect, tls: s.mode !== undefined };
  if (s.minTls) {
    e.minTls = s.minTls;
    e.minTlsAt = s.v.at('tls', 'minProtocolVersion').present ? s.v.at('tls', 'minProtocolVersion') : s.v.get('tls');
  }
  if (s.mode === 'MUTUAL' || s.mode === 'OPTIONAL_MUTUAL') {
    e.clientCert = s.mode === 'MUTUAL' ? 'required' : 'optional';
    e.certAt = s.v.at('tls', 'mode');
  }
  return e;
}

/**
 * The transport of a route over every way in that serves it, as one `tls` control: plain http if any way in accepts
 * it (and the route does not redirect), the weakest TLS version, and client certificates `required` only when every
 * way in requires them.
 */
function edgeTransport(edges: Edge[], redirected: boolean): { evidence: Evidence; plaintext: boolean; certRequired?: View } {
  const plainEdge = redirected ? undefined : edges.find((e) => e.plaintext);
  const tlsEdges = edges.filter((e) => e.tls);
  const weakest = [...tlsEdges].filter((e) => e.minTls).sort((a, b) => cmp(a.minTls!, b.minTls!))[0];
  const allRequired = tlsEdges.length > 0 && tlsEdges.every((e) => e.clientCert === 'required');
  const cert: Control['clientCertificate'] = allRequired && !plainEdge ? 'required' : tlsEdges.some((e) => e.clientCert) ? 'optional' : undefined;
  const control: Control = { type: 'tls', state: plainEdge ? 'absent' : 'present', plaintext: plainEdge !== undefined };
  if (weakest?.minTls) control.minTlsVersion = weakest.minTls;
  if (cert) control.clientCertificate = cert;
  const at = plainEdge?.v ?? (weakest && weakest.minTls !== '1.2' && weakest.minTls !== '1.3' ? weakest.minTlsAt : undefined) ?? tlsEdges.find((e) => e.clientCert)?.certAt ?? edges[0]!.v;
  const parts = edges.map((e) => `${e.label}: ${e.tls ? `TLS (minimum ${e.minTls ?? '1.2'})${e.clientCert ? `, client certificates ${e.clientCert}` : ''}` : `plain http${e.redirect || redirected ? ', redirected to https' : ''}`}`);
  const out: { evidence: Evidence; plaintext: boolean; certRequired?: View } = { evidence: ev(parts.join('; '), control, at ?? edges[0]!.v), plaintext: plainEdge !== undefined };
  if (cert === 'required') out.certRequired = tlsEdges[0]!.certAt ?? tlsEdges[0]!.v;
  return out;
}

function istioEdgeApis(w: World, consumed: Set<string>): Api[] {
  const gateways = of(w, 'networking.istio.io', 'Gateway');
  const vss = of(w, 'networking.istio.io', 'VirtualService');
  const apis: Api[] = [];
  const routedGateways = new Set<K8s>();
  for (const vs of vss) {
    const refs = vs.spec.get('gateways').strings().filter((g) => g !== 'mesh');
    if (!refs.length) continue;
    const gws = refs.map((r) => {
      const [ns, name] = r.includes('/') ? r.split('/', 2) : [vs.namespace, r];
      return gateways.find((g) => g.name === name && (g.namespace === ns || g.namespace === '' || ns === ''));
    });
    const hosts = vs.spec.get('hosts').strings();
    const api = newApi(`istio ${vs.namespace} ${vs.name}`, `${vs.name} (VirtualService${vs.namespace ? ` in ${vs.namespace}` : ''})`, vs.root, w.ctx, hosts);
    const known = gws.filter((g): g is K8s => !!g);
    for (const g of known) {
      routedGateways.add(g);
      addSource(api, g.file);
    }
    const edges = known.flatMap(serversOf).filter((s) => hostsMeet(s.hosts, hosts)).map(serverEdge);
    const routes = vs.spec.get('http').list();
    const redirected = routes.some((r) => r.at('redirect', 'scheme').str() === 'https');
    const t = edges.length ? edgeTransport(edges, redirected) : undefined;
    const scopes = known.map(gatewayScope);
    for (const route of routes) {
      if (route.has('redirect')) continue;
      const status = route.at('directResponse', 'status').num();
      if (status !== undefined && status >= 300) continue;
      const matches = route.get('match').list();
      const shapes = matches.length ? matches.map((m) => ({ m: vsMatch(m), v: m })) : [{ m: catchAllMatch(), v: route }];
      const cors = corsOf(route.get('corsPolicy'));
      for (const { m, v } of shapes) {
        if (!m) continue;
        const method = m.model.methods?.[0] ?? 'any';
        const op = makeOp(method, m, v, api.hosts);
        if (t) op.evidence.push(t.evidence);
        if (cors) op.evidence.push(cors);
        addEdgeOp(w, api, op, { match: m, method }, { alts: [[]], what: [] }, scopes, {
          at: v,
          file: vs.file,
          transport: t,
          cert: 'TLS client certificate required (Gateway tls.mode MUTUAL)',
          where: known.length ? `Gateway ${known.map((g) => g.name).join(', ')}` : 'Gateway not among the inputs',
        });
      }
    }
    if (api.operations.length) {
      apis.push(api);
      for (const s of scopes) consumed.add(scopeKey(s));
    }
  }
  // Gateways without a VirtualService among the inputs: their servers are known, their routes are not.
  for (const g of gateways) {
    if (routedGateways.has(g)) continue;
    const servers = serversOf(g);
    if (!servers.length) continue;
    const hosts = [...new Set(servers.flatMap((s) => s.hosts))];
    const api = newApi(`istio ${g.namespace} gateway ${g.name}`, `${g.name} (Istio Gateway${g.namespace ? ` in ${g.namespace}` : ''})`, g.root, w.ctx, hosts);
    api.described = false;
    const op = unroutedOperation('istio', g.spec.loc, 'routes (VirtualServices) for this Gateway are not among the inputs');
    op.evidence.push(edgeTransport(servers.map(serverEdge), false).evidence);
    api.operations.push(op);
    apis.push(api);
  }
  return apis;
}

function catchAllMatch(): EnvoyMatch {
  return { model: { kind: 'prefix', value: '/' }, path: '/', prefix: '/', partial: false };
}

function vsMatch(m: View): EnvoyMatch | undefined {
  const uri = m.get('uri');
  let out: EnvoyMatch;
  if (!uri.present) out = catchAllMatch();
  else if (uri.get('exact').str() !== undefined) {
    const e = uri.get('exact').str()!;
    out = { model: { kind: 'exact', value: e }, path: e, prefix: e, exact: e, partial: false };
  } else if (uri.get('prefix').str() !== undefined) {
    const p = uri.get('prefix').str()!;
    out = { model: { kind: 'prefix', value: p }, path: p, prefix: p, partial: false };
  } else if (uri.get('regex').str() !== undefined) {
    const re = uri.get('regex').str()!;
    out = regexMatch(fullMatchSource(re), re, '', false);
  } else return undefined;
  const method = m.get('method').get('exact').str();
  if (method) out.model.methods = [method.toLowerCase()];
  if (m.has('headers') || m.has('queryParams') || m.has('port') || m.has('sourceLabels') || m.has('authority')) out.partial = true;
  return out;
}

// ---------------------------------------------------------------- Gateway API

interface GwListener {
  gw: K8s;
  v: View;
  name: string;
  hostname?: string;
  port?: number;
  protocol: string;
}

function listenersOf(gw: K8s): GwListener[] {
  return gw.spec
    .get('listeners')
    .list()
    .map((l) => {
      const out: GwListener = { gw, v: l, name: l.get('name').str() ?? '', protocol: (l.get('protocol').str() ?? 'HTTP').toUpperCase() };
      const h = l.get('hostname').str();
      if (h) out.hostname = h;
      const p = l.get('port').num();
      if (p !== undefined) out.port = p;
      return out;
    })
    .filter((l) => l.protocol === 'HTTP' || l.protocol === 'HTTPS');
}

/** Client-certificate validation of an HTTPS listener (Gateway API frontend validation, Istio option, ClientTrafficPolicy). */
function listenerClientCert(l: GwListener, ctps: K8s[]): { mode?: 'required' | 'optional'; v?: View } {
  const tls = l.gw.spec.get('tls').get('frontend');
  const perPort = tls.get('perPort').list().find((p) => p.get('port').num() === l.port);
  const validation = perPort?.at('tls', 'validation').present ? perPort.at('tls', 'validation') : tls.at('default', 'validation');
  const experimental = l.v.at('tls', 'frontendValidation');
  const option = l.v.at('tls', 'options').key('gateway.istio.io/tls-terminate-mode').str();
  const ctp = ctps.find((c) => targetRefsOf(c.spec).some((r) => r.kind === 'Gateway' && r.name === l.gw.name && (r.sectionName === undefined || r.sectionName === l.name)));
  const cv = ctp?.spec.at('tls', 'clientValidation');
  if (cv?.present && cv.has('caCertificateRefs')) return { mode: cv.get('optional').bool() === true ? 'optional' : 'required', v: cv };
  if (option === 'MUTUAL') return { mode: 'required', v: l.v.at('tls', 'options') };
  if (option === 'OPTIONAL_MUTUAL') return { mode: 'optional', v: l.v.at('tls', 'options') };
  for (const v of [validation, experimental]) {
    if (v.present && v.get('caCertificateRefs').list().length) return { mode: v.get('mode').str() === 'AllowInsecureFallback' ? 'optional' : 'required', v };
  }
  return {};
}

function listenerMinTls(l: GwListener, ctps: K8s[]): { version: string; v?: View } {
  const ctp = ctps.find((c) => targetRefsOf(c.spec).some((r) => r.kind === 'Gateway' && r.name === l.gw.name && (r.sectionName === undefined || r.sectionName === l.name)));
  const mv = ctp?.spec.at('tls', 'minVersion');
  const v = mv?.str();
  return v && TLS_VERSIONS[v] ? { version: TLS_VERSIONS[v]!, v: mv! } : { version: '1.2' };
}

function listenerEdge(l: GwListener, ctps: K8s[]): Edge {
  const e: Edge = { v: l.v, label: `listener ${l.gw.name}/${l.name}`, plaintext: l.protocol === 'HTTP', redirect: false, tls: l.protocol === 'HTTPS' };
  if (e.tls) {
    const min = listenerMinTls(l, ctps);
    e.minTls = min.version;
    e.minTlsAt = min.v ?? l.v;
    const c = listenerClientCert(l, ctps);
    if (c.mode) {
      e.clientCert = c.mode;
      e.certAt = c.v ?? l.v;
    }
  }
  return e;
}

function xfccOf(l: GwListener, ctps: K8s[]): Evidence | undefined {
  const ctp = ctps.find((c) => targetRefsOf(c.spec).some((r) => r.kind === 'Gateway' && r.name === l.gw.name && (r.sectionName === undefined || r.sectionName === l.name)));
  const x = ctp?.spec.at('headers', 'xForwardedClientCert', 'mode');
  const mode = x?.str();
  if (!mode || !x) return undefined;
  const spoofable = ['ForwardOnly', 'AppendForward', 'AlwaysForwardOnly'].includes(mode);
  return ev(`x-forwarded-client-cert: ${mode} at the gateway`, { type: 'forwarded-client-cert', state: 'present', xfccMode: mode, edge: true, spoofable }, x);
}

function gatewayApiApis(w: World): Api[] {
  const gateways = of(w, 'gateway.networking.k8s.io', 'Gateway');
  const routes = of(w, 'gateway.networking.k8s.io', 'HTTPRoute');
  const sps = of(w, 'gateway.envoyproxy.io', 'SecurityPolicy');
  const ctps = of(w, 'gateway.envoyproxy.io', 'ClientTrafficPolicy');
  const btps = of(w, 'gateway.envoyproxy.io', 'BackendTrafficPolicy');
  const apis = new Map<string, Api>();
  const routedGateways = new Set<K8s>();

  for (const route of routes) {
    const hostnames = route.spec.get('hostnames').strings();
    const parents = route.spec.get('parentRefs').list().filter((p) => (p.get('kind').str() ?? 'Gateway') === 'Gateway');
    const parentNames = parents.map((p) => `${p.get('namespace').str() ?? route.namespace}/${p.get('name').str() ?? ''}`).sort();
    const key = `${parentNames.join(',')}|${[...hostnames].sort().join(',')}`;
    let api = apis.get(key);
    if (!api) {
      const label = hostnames.length ? hostnames.join(', ') : 'all host names';
      api = newApi(`gateway ${parentNames.join(' ')} ${hostnames.join(' ')}`, `${label} (Gateway ${parentNames.map((p) => p.replace(/^\//, '')).join(', ') || '?'})`, route.root, w.ctx, hostnames);
      apis.set(key, api);
    }
    addSource(api, route.file);
    // The listeners this route is attached to.
    const listeners: GwListener[] = [];
    const gws: K8s[] = [];
    for (const p of parents) {
      const name = p.get('name').str();
      const ns = p.get('namespace').str() ?? route.namespace;
      const gw = gateways.find((g) => g.name === name && (g.namespace === ns || g.namespace === '' || ns === ''));
      if (!gw) continue;
      gws.push(gw);
      routedGateways.add(gw);
      addSource(api, gw.file);
      const section = p.get('sectionName').str();
      const port = p.get('port').num();
      listeners.push(...listenersOf(gw).filter((l) => (section === undefined || l.name === section) && (port === undefined || l.port === port) && (!hostnames.length || !l.hostname || hostsMeet([l.hostname], hostnames))));
    }
    const gwInfo = gws.map((g) => ({ name: g.name, namespace: g.namespace, listeners: listeners.filter((l) => l.gw === g).map((l) => l.name) }));
    const rules = route.spec.get('rules').list();
    const redirected = rules.some((r) => r.get('filters').list().some((f) => f.get('type').str() === 'RequestRedirect' && f.at('requestRedirect', 'scheme').str() === 'https'));
    const t = listeners.length ? edgeTransport(listeners.map((l) => listenerEdge(l, ctps)), redirected) : undefined;
    for (const l of listeners) {
      const x = xfccOf(l, ctps);
      if (x && !api.evidence.includes(x)) api.evidence.push(x);
    }

    for (const rule of rules) {
      const ruleName = rule.get('name').str();
      const filters = rule.get('filters').list();
      if (filters.some((f) => f.get('type').str() === 'RequestRedirect')) continue;
      const corsFilter = filters.find((f) => f.get('type').str() === 'CORS');
      const matches = rule.get('matches').list();
      const shapes = matches.length ? matches.map((m) => ({ m: httpRouteMatch(m), v: m })) : [{ m: catchAllMatch(), v: rule }];
      // Envoy Gateway SecurityPolicy: the most specific attachment wins.
      const ranked = sps.map((p) => ({ p, rank: attachmentRank(p, route, ruleName, gwInfo) })).filter((x) => x.rank > 0).sort((a, b) => b.rank - a.rank);
      const sp = ranked[0]?.p;
      const spEffect = sp ? securityPolicyEffect(sp, w.secrets) : undefined;
      if (sp) addSource(api!, sp.file);
      const btp = btps.map((p) => ({ p, rank: attachmentRank(p, route, ruleName, gwInfo) })).filter((x) => x.rank > 0).sort((a, b) => b.rank - a.rank)[0]?.p;
      if (btp) addSource(api!, btp.file);
      for (const { m, v } of shapes) {
        const method = m.model.methods?.[0] ?? 'any';
        const op = makeOp(method, m, v, api!.hosts);
        if (t) op.evidence.push(t.evidence);
        if (corsFilter) {
          const c = corsOf(corsFilter.get('cors'));
          if (c) op.evidence.push(c);
        }
        if (btp) op.evidence.push(...rateLimitEvidence(btp));
        if (spEffect) op.evidence.push(...spEffect.evidence, ...spEffect.secrets);
        const scopes = gws.map((g): Scope => ({ namespace: g.namespace, labels: [`gateway.networking.k8s.io/gateway-name=${g.name}`], gateway: { name: g.name, namespace: g.namespace, istio: /istio/.test(g.spec.get('gatewayClassName').str() ?? '') } }));
        addEdgeOp(w, api!, op, { match: m, method }, { alts: spEffect ? spEffect.alts : [[]], what: spEffect?.what.length ? [`SecurityPolicy '${sp!.name}' (${spEffect.what.join(', ')})`] : [] }, scopes, {
          at: v,
          file: route.file,
          transport: t,
          cert: 'TLS client certificate required at the gateway listener',
          where: gws.length ? `Gateway ${gws.map((g) => g.name).join(', ')}` : 'parent Gateway not among the inputs',
        });
      }
    }
  }
  const out = [...apis.values()].filter((a) => a.operations.length);
  // Gateways without routes among the inputs: one API per listener host name, routes unknown.
  for (const g of gateways) {
    if (routedGateways.has(g)) continue;
    for (const l of listenersOf(g)) {
      const api = newApi(`gateway ${g.namespace}/${g.name} ${l.name}`, `${l.hostname ?? 'all host names'} (Gateway ${g.name}, listener ${l.name})`, l.v, w.ctx, l.hostname ? [l.hostname] : []);
      api.described = false;
      const op = unroutedOperation('istio', l.v.loc, 'routes (HTTPRoutes) for this listener are not among the inputs');
      op.evidence.push(edgeTransport([listenerEdge(l, ctps)], false).evidence);
      api.operations.push(op);
      out.push(api);
    }
  }
  return out;
}

// ---------------------------------------------------------------- mesh workloads

const HTTP_METHODS = new Set(['get', 'head', 'post', 'put', 'delete', 'patch', 'options', 'trace', 'connect']);

/** HTTP method names of a policy (wildcards and non-method values dropped). */
function httpMethods(list: string[]): string[] {
  return [...new Set(list.map((m) => m.toLowerCase()).filter((m) => HTTP_METHODS.has(m)))];
}

function workloadApis(w: World, consumed: Set<string>): Api[] {
  const scopes = new Map<string, Scope>();
  const add = (s: Scope) => {
    const k = scopeKey(s);
    if (!consumed.has(k) && !scopes.has(k)) scopes.set(k, s);
  };
  const policies = [...w.ra, ...w.ap];
  for (const p of policies) {
    const refs = targetRefsOf(p.spec);
    if (refs.length) {
      for (const r of refs) if (r.kind === 'Service') add({ namespace: r.namespace ?? p.namespace, service: r.name });
      continue;
    }
    const sel = selectorOf(p.spec);
    if (sel?.length) add({ namespace: p.namespace, labels: expandIngressLabels(sel) });
  }
  // Namespace-wide policies where no workload of the namespace is named; mesh-wide ones where nothing else is.
  for (const p of policies) {
    if (targetRefsOf(p.spec).length || selectorOf(p.spec)?.length) continue;
    if (p.namespace === ROOT_NAMESPACE) continue;
    if (![...scopes.values()].some((s) => s.namespace === p.namespace)) add({ namespace: p.namespace });
  }
  if (!scopes.size && policies.some((p) => p.namespace === ROOT_NAMESPACE && !selectorOf(p.spec)?.length && !targetRefsOf(p.spec).length)) add({ namespace: ROOT_NAMESPACE });

  const apis: Api[] = [];
  for (const scope of scopes.values()) {
    const ras = w.ra.filter((p) => applies(p, scope));
    const aps = w.ap.filter((p) => applies(p, scope));
    if (!ras.length && !aps.length) continue;
    const label = scope.service ? `service ${scope.service}` : scope.labels?.length ? scope.labels.join(',') : scope.namespace === ROOT_NAMESPACE ? 'every workload of the mesh' : 'every workload';
    const nsLabel = scope.namespace ? ` in ${scope.namespace}` : '';
    const first = [...ras, ...aps][0]!;
    const api = newApi(`istio ${scope.namespace} ${label}`, `${label}${nsLabel} (mesh workload)`, first.root, w.ctx, []);
    for (const p of [...ras, ...aps]) addSource(api, p.file);
    // Operations: the paths the policies name, and every other path.
    const shapes: { m: EnvoyMatch; method: string; v: View; catchAll: boolean }[] = [];
    for (const p of aps)
      for (const rule of p.spec.get('rules').list())
        for (const t of rule.get('to').list()) {
          const o = t.get('operation');
          const methods = httpMethods(o.get('methods').strings());
          for (const pv of o.get('paths').list()) {
            const path = pv.str();
            if (path === undefined) continue;
            const m = patternMatch(path);
            for (const method of methods.length ? methods : ['any']) shapes.push({ m, method, v: pv, catchAll: false });
          }
          if (!o.has('paths') && methods.length) for (const method of methods) shapes.push({ m: catchAllMatch(), method, v: o, catchAll: false });
        }
    shapes.push({ m: catchAllMatch(), method: 'any', v: first.spec, catchAll: true });
    for (const s of shapes) {
      const e = evaluate(ras, aps, { match: s.m, method: s.method }, s.catchAll);
      if (e.blocked) {
        for (const p of aps) blockedBy(w, p.file, e.what);
        continue;
      }
      const op = makeOp(s.method, s.m, s.v, undefined);
      // A workload carries no host names, and paths alone do not say which description it serves: it stays an API of
      // its own instead of lending its posture to every described operation on a matching path.
      delete op.match;
      op.evidence.push(...e.evidence);
      op.auth.push(posture(e.alts, e.what, s.v, false, 'mesh workload'));
      addOp(api, op);
    }
    const mtls = peerMode(w.pa, scope);
    if (mtls) {
      addSource(api, mtls.p.file);
      const relied = reliesOnPrincipals(aps);
      api.evidence.push(ev(`workload mTLS ${mtls.mode} (PeerAuthentication '${mtls.p.name}')${relied && mtls.mode !== 'STRICT' ? ': plain-text peers have no identity, yet policies match on principals' : ''}`, { type: 'workload-mtls', state: 'present', mtlsMode: mtls.mode, principalsRelied: relied }, mtls.p.spec.at('mtls', 'mode').present ? mtls.p.spec.at('mtls', 'mode') : mtls.p.spec));
    }
    api.evidence.push(...jwksSecrets(ras));
    if (api.operations.length) apis.push(api);
  }
  return apis;
}
