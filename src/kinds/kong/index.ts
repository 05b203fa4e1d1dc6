// Kong declarative configuration (decK / DB-less `kong.yaml`, `_format_version` 1.1–3.0 or absent).
// Each service is an API and each route path an operation; the plugins that apply to a route are picked with Kong 3.x
// precedence (route+service > route > service > global; consumer-scoped instances never authenticate), and turned into
// a configured authentication posture plus typed controls. Credentials written into the config are kept redacted.

import type { Api, AuthPosture, Credential, Evidence, Loc, Operation, RouteMatch } from '../../model/types.js';
import { arr, get, isObj, keys, obj, str } from '../../model/util.js';
import { joinPointer, type ParsedFile } from '../../load/parse.js';
import type { AdapterContext, Contribution, KindAdapter } from '../types.js';
import { secretEvidence } from '../secrets.js';
import { gatewayApi, routeOperation } from '../gateway.js';
import { AUTH_PLUGINS, anonymousOf, controlOf, credentialOf, describeControl, looksLikeCustomAuth, popOptional, type PluginInstance } from './plugins.js';

type Obj = Record<string, unknown>;

const ENTITY_KEYS = ['services', 'routes', 'consumers', 'plugins', 'upstreams', 'consumer_groups', 'certificates'];
const FOREIGN_ROOTS = ['openapi', 'swagger', 'apiVersion', 'kind', 'Resources', 'static_resources', 'dynamic_resources', 'log'];

/** Kong-shaped: entity arrays whose items carry Kong fields. decK allows omitting `_format_version`. */
export function isKongConfig(doc: unknown): boolean {
  if (!isObj(doc)) return false;
  if (FOREIGN_ROOTS.some((k) => get(doc, k) !== undefined)) return false;
  const fv = get(doc, '_format_version');
  if (typeof fv === 'string' || typeof fv === 'number') return true;
  let shaped = 0;
  for (const k of ENTITY_KEYS) {
    const v = get(doc, k);
    if (v === undefined || v === null) continue;
    if (!Array.isArray(v) || !v.every(isObj)) return false;
    if (v.some((e) => kongShaped(k, e as Obj))) shaped++;
  }
  return shaped > 0;
}

function kongShaped(key: string, e: Obj): boolean {
  const has = (...ks: string[]) => ks.some((k) => get(e, k) !== undefined);
  switch (key) {
    case 'services':
      return has('url', 'host') || (has('name') && has('routes', 'plugins', 'protocol'));
    case 'routes':
      return has('paths', 'hosts', 'expression') || (has('name') && has('service', 'methods', 'protocols'));
    case 'plugins':
      return typeof get(e, 'name') === 'string' && has('config', 'enabled', 'service', 'route', 'consumer', 'protocols');
    case 'consumers':
      return has('username', 'custom_id') && !has('url');
    case 'upstreams':
      return has('name') && has('targets', 'algorithm', 'healthchecks');
    case 'consumer_groups':
      return has('name') && has('plugins', 'consumers');
    case 'certificates':
      return has('cert') && has('key', 'snis');
    default:
      return false;
  }
}

export const kongAdapter: KindAdapter = {
  kind: 'kong',
  title: 'Kong declarative config (decK)',
  sniff: /^_format_version\s*:/m,
  detect(pf) {
    return isKongConfig(pf.docs[0]);
  },
  toModel(pf, ctx) {
    return buildKong(pf, ctx);
  },
};

// ---------------------------------------------------------------- reading entities

interface Service {
  name: string;
  ids: string[];
  raw: Obj;
  loc: Loc;
}

interface Route {
  name?: string;
  ids: string[];
  raw: Obj;
  loc: Loc;
  service?: Service;
  plugins: PluginInstance[];
}

interface Consumer {
  ids: string[];
  name: string;
  loc: Loc;
  /** ACL groups (consumer `acls`, top-level `acls`) and consumer groups it belongs to. */
  groups: Set<string>;
  consumerGroups: Set<string>;
}

interface Config {
  file: string;
  v3: boolean;
  services: Service[];
  routes: Route[];
  plugins: PluginInstance[];
  consumers: Consumer[];
  consumerById: Map<string, Consumer>;
  secrets: Evidence[];
  hsJwtSecrets: boolean;
  /** `key`s of `jwt_secrets` that are URLs: the issuers (`iss`) whose tokens the jwt plugin accepts. */
  jwtIssuers: Set<string>;
}

/** A reference to another entity: a name or id string, or `{name}` / `{id}`. */
function refOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  return str(get(v, 'name')) ?? str(get(v, 'id')) ?? str(get(v, 'username'));
}

function idsOf(e: unknown, ...fields: string[]): string[] {
  return fields.map((f) => get(e, f)).filter((x): x is string => typeof x === 'string' && x !== '');
}

function readPlugin(raw: unknown, loc: Loc, scope: Partial<PluginInstance>): PluginInstance | undefined {
  const name = str(get(raw, 'name'));
  if (!name) return undefined;
  const p: PluginInstance = { name, config: obj(get(raw, 'config')) ?? {}, loc, enabled: get(raw, 'enabled') !== false, ...scope };
  const protos = arr(get(raw, 'protocols')).filter((x): x is string => typeof x === 'string');
  if (protos.length) p.protocols = protos.map((x) => x.toLowerCase());
  for (const k of ['service', 'route', 'consumer', 'consumer_group'] as const) {
    const r = refOf(get(raw, k));
    if (r === undefined) continue;
    if (k === 'consumer_group') p.consumerGroup = r;
    else p[k] = r;
  }
  return p;
}

function pluginsAt(list: unknown, base: string, file: string, scope: Partial<PluginInstance>): PluginInstance[] {
  return arr(list).flatMap((raw, i) => {
    const p = readPlugin(raw, { file, pointer: joinPointer(base, i) }, scope);
    return p ? [p] : [];
  });
}

const CREDENTIALS: [string, string, string][] = [
  ['keyauth_credentials', 'key', 'key-auth key'],
  ['basicauth_credentials', 'password', 'basic-auth password'],
  ['hmacauth_credentials', 'secret', 'hmac-auth secret'],
  ['oauth2_credentials', 'client_secret', 'oauth2 client secret'],
  ['jwt_secrets', 'secret', 'jwt secret'],
];

const SECRET_KEYS = /^(secret|password|passwd|client_secret|session_secret|aws_secret|private_key|api_key|apikey|access_token|refresh_token|token|[a-z_]*_(password|secret))$/i;

function readConfig(pf: ParsedFile): Config {
  const root = obj(pf.docs[0]) ?? {};
  const file = pf.file;
  const fv = get(root, '_format_version');
  const major = typeof fv === 'number' ? Math.floor(fv) : typeof fv === 'string' ? Number.parseInt(fv, 10) : 3;
  const cfg: Config = { file, v3: !(major < 3), services: [], routes: [], plugins: [], consumers: [], consumerById: new Map(), secrets: [], hsJwtSecrets: false, jwtIssuers: new Set() };
  const at = (...segs: (string | number)[]): Loc => ({ file, pointer: joinPointer('', ...segs) });

  // Services, with their nested routes and plugins.
  arr(get(root, 'services')).forEach((s, i) => {
    if (!isObj(s)) return;
    const svc: Service = { name: str(get(s, 'name')) ?? str(get(s, 'id')) ?? str(get(s, 'host')) ?? `service ${i}`, ids: idsOf(s, 'name', 'id'), raw: s, loc: at('services', i) };
    cfg.services.push(svc);
    cfg.plugins.push(...pluginsAt(get(s, 'plugins'), joinPointer('/services', i, 'plugins'), file, { service: svc.ids[0] ?? svc.name }));
    arr(get(s, 'routes')).forEach((r, j) => {
      if (!isObj(r)) return;
      const loc = at('services', i, 'routes', j);
      const route = readRoute(r, loc, svc);
      cfg.routes.push(route);
      route.plugins.push(...pluginsAt(get(r, 'plugins'), joinPointer(loc.pointer, 'plugins'), file, { route: route.ids[0] ?? loc.pointer }));
    });
  });
  // Top-level routes name their service.
  const serviceById = new Map<string, Service>();
  for (const sv of cfg.services) for (const id of sv.ids) if (!serviceById.has(id)) serviceById.set(id, sv);
  arr(get(root, 'routes')).forEach((r, j) => {
    if (!isObj(r)) return;
    const ref = refOf(get(r, 'service'));
    const svc = ref === undefined ? undefined : serviceById.get(ref);
    const loc = at('routes', j);
    const route = readRoute(r, loc, svc);
    cfg.routes.push(route);
    route.plugins.push(...pluginsAt(get(r, 'plugins'), joinPointer(loc.pointer, 'plugins'), file, { route: route.ids[0] ?? loc.pointer }));
  });
  cfg.plugins.push(...pluginsAt(get(root, 'plugins'), '/plugins', file, {}));

  // Consumers, their ACL groups, consumer groups, plugins and credentials.
  const consumerGroups = new Map<string, Set<string>>();
  arr(get(root, 'consumer_groups')).forEach((g, i) => {
    const name = str(get(g, 'name')) ?? str(get(g, 'id'));
    if (!name) return;
    cfg.plugins.push(...pluginsAt(get(g, 'plugins'), joinPointer('/consumer_groups', i, 'plugins'), file, { consumerGroup: name }));
    for (const c of arr(get(g, 'consumers'))) {
      const ref = refOf(c);
      if (!ref) continue;
      const set = consumerGroups.get(ref) ?? new Set<string>();
      set.add(name);
      for (const id of idsOf(g, 'id')) set.add(id);
      consumerGroups.set(ref, set);
    }
  });
  arr(get(root, 'consumers')).forEach((c, i) => {
    if (!isObj(c)) return;
    const ids = idsOf(c, 'username', 'id', 'custom_id');
    const name = ids[0] ?? `consumer ${i}`;
    const consumer: Consumer = { ids, name, loc: at('consumers', i), groups: new Set(), consumerGroups: new Set() };
    for (const a of arr(get(c, 'acls'))) {
      const g = str(get(a, 'group'));
      if (g) consumer.groups.add(g);
    }
    for (const g of arr(get(c, 'groups'))) {
      const r = refOf(g);
      if (r) consumer.consumerGroups.add(r);
    }
    cfg.consumers.push(consumer);
    cfg.plugins.push(...pluginsAt(get(c, 'plugins'), joinPointer('/consumers', i, 'plugins'), file, { consumer: ids[0] ?? name }));
    for (const [key, field, kind] of CREDENTIALS) readCredentials(cfg, c[key], joinPointer('/consumers', i, key), field, kind, name);
  });
  for (const c of cfg.consumers) {
    for (const id of c.ids) {
      for (const g of consumerGroups.get(id) ?? []) c.consumerGroups.add(g);
      if (!cfg.consumerById.has(id)) cfg.consumerById.set(id, c);
    }
  }
  for (const a of arr(get(root, 'acls'))) {
    const ref = refOf(get(a, 'consumer'));
    const g = str(get(a, 'group'));
    const c = ref === undefined ? undefined : cfg.consumerById.get(ref);
    if (c && g) c.groups.add(g);
  }
  for (const [key, field, kind] of CREDENTIALS) {
    arr(get(root, key)).forEach((e, i) => readCredentials(cfg, [e], joinPointer('', key, i), field, kind, refOf(get(e, 'consumer')), true));
  }

  // Private keys of certificates and key sets, and secrets inside plugin configs.
  arr(get(root, 'certificates')).forEach((c, i) => {
    const ev = secretEvidence('kong', 'TLS private key', get(c, 'key'), at('certificates', i, 'key'));
    if (ev) cfg.secrets.push(ev);
  });
  arr(get(root, 'keys')).forEach((k, i) => {
    const ev = secretEvidence('kong', 'private key', get(get(k, 'pem'), 'private_key'), at('keys', i, 'pem', 'private_key'));
    if (ev) cfg.secrets.push(ev);
  });
  for (const p of [...cfg.plugins, ...cfg.routes.flatMap((r) => r.plugins)]) scanPluginSecrets(cfg, p.config, joinPointer(p.loc.pointer, 'config'), `plugin ${p.name}`, 0);
  return cfg;
}

function readCredentials(cfg: Config, list: unknown, base: string, field: string, kind: string, owner: string | undefined, flat = false): void {
  arr(list).forEach((e, j) => {
    if (kind === 'jwt secret') {
      const key = str(get(e, 'key'));
      if (key && /^https?:\/\/\S+$/i.test(key)) cfg.jwtIssuers.add(key);
      const alg = str(get(e, 'algorithm'));
      if (alg === undefined || /^HS/i.test(alg)) cfg.hsJwtSecrets = true;
      else return; // an RS/ES/PS entry verifies with a public key
    }
    const ev = secretEvidence('kong', kind, get(e, field), { file: cfg.file, pointer: flat ? joinPointer(base, field) : joinPointer(base, j, field) }, owner);
    if (ev) cfg.secrets.push(ev);
  });
}

function scanPluginSecrets(cfg: Config, v: unknown, pointer: string, owner: string, depth: number): void {
  if (depth > 8 || !isObj(v)) return;
  for (const k of keys(v)) {
    const x = v[k];
    const at = joinPointer(pointer, k);
    if (SECRET_KEYS.test(k)) {
      const values = Array.isArray(x) ? x.map((y, i) => [y, joinPointer(at, i)] as const) : [[x, at] as const];
      for (const [val, ptr] of values) {
        const ev = secretEvidence('kong', `${k.replace(/_/g, ' ')}`, val, { file: cfg.file, pointer: ptr }, owner);
        if (ev) cfg.secrets.push(ev);
      }
    } else if (k === 'header_value' && /^(authorization|x-api-key|apikey|api-key)$/i.test(str(get(v, 'header_name')) ?? '')) {
      const ev = secretEvidence('kong', `${str(get(v, 'header_name'))} header value`, x, { file: cfg.file, pointer: at }, owner);
      if (ev) cfg.secrets.push(ev);
    } else if (isObj(x)) scanPluginSecrets(cfg, x, at, owner, depth + 1);
    else if (Array.isArray(x)) x.forEach((y, i) => scanPluginSecrets(cfg, y, joinPointer(at, i), owner, depth + 1));
  }
}

function readRoute(r: Obj, loc: Loc, service: Service | undefined): Route {
  const route: Route = { ids: idsOf(r, 'name', 'id'), raw: r, loc, plugins: [] };
  const name = str(get(r, 'name'));
  if (name) route.name = name;
  if (service) route.service = service;
  return route;
}

// ---------------------------------------------------------------- plugins that apply to a route

const HTTP_PROTOCOLS = new Set(['http', 'https', 'grpc', 'grpcs', 'ws', 'wss']);
const PLAIN = new Set(['http', 'grpc', 'ws']);

function routeProtocols(r: Route): string[] {
  const p = arr(get(r.raw, 'protocols')).filter((x): x is string => typeof x === 'string').map((x) => x.toLowerCase());
  return p.length ? p : ['http', 'https'];
}

/** How much of the route's traffic a plugin sees: every protocol, some, or none. */
function coverage(p: PluginInstance, protocols: string[]): 'all' | 'some' | 'none' {
  if (!p.protocols) return 'all';
  const n = protocols.filter((x) => p.protocols!.includes(x)).length;
  return n === protocols.length ? 'all' : n > 0 ? 'some' : 'none';
}

interface Effective {
  /** The instance per plugin name that applies to every caller (no consumer scope), most specific first. */
  byName: Map<string, PluginInstance>;
  /** Consumer- and consumer-group-scoped instances bound to this route or its service, and those bound to neither. */
  scoped: PluginInstance[];
  scopedGlobal: PluginInstance[];
  partial: Set<PluginInstance>;
}

/**
 * Plugin instances by what they are attached to (route, service, nothing), so each route looks only at its own
 * candidates; instances scoped to consumers or consumer groups are kept apart (they never authenticate).
 */
interface PluginIndex {
  byKey: Map<string, PluginInstance[]>;
  order: Map<PluginInstance, number>;
}

function scopeKey(p: PluginInstance): string {
  const who = p.consumer !== undefined || p.consumerGroup !== undefined ? 'scoped' : 'all';
  return p.route !== undefined ? `${who}\u0000route\u0000${p.route}` : p.service !== undefined ? `${who}\u0000service\u0000${p.service}` : `${who}\u0000global`;
}

function indexPlugins(cfg: Config): PluginIndex {
  const byKey = new Map<string, PluginInstance[]>();
  const order = new Map<PluginInstance, number>();
  [...cfg.plugins, ...cfg.routes.flatMap((r) => r.plugins)].forEach((p, i) => {
    if (!p.enabled) return;
    order.set(p, i);
    const key = scopeKey(p);
    const l = byKey.get(key) ?? [];
    l.push(p);
    byKey.set(key, l);
  });
  return { byKey, order };
}

function effectivePlugins(idx: PluginIndex, r: Route, protocols: string[]): Effective {
  const routeIds = new Set([...r.ids, r.loc.pointer]);
  const svcIds = new Set(r.service ? [...r.service.ids, r.service.name] : []);
  const gather = (who: string): PluginInstance[] => {
    const found = new Set<PluginInstance>();
    for (const id of routeIds) for (const p of idx.byKey.get(`${who}\u0000route\u0000${id}`) ?? []) found.add(p);
    for (const id of svcIds) for (const p of idx.byKey.get(`${who}\u0000service\u0000${id}`) ?? []) found.add(p);
    return [...found];
  };
  // A plugin bound to a route and a service applies only where both match.
  const applies = (p: PluginInstance) => (p.route === undefined || routeIds.has(p.route)) && (p.service === undefined || svcIds.has(p.service));
  const rank = (p: PluginInstance) => (p.route !== undefined && p.service !== undefined ? 3 : p.route !== undefined ? 2 : p.service !== undefined ? 1 : 0);
  const byName = new Map<string, { p: PluginInstance; rank: number }>();
  const partial = new Set<PluginInstance>();
  const own = [...gather('all'), ...(idx.byKey.get('all\u0000global') ?? [])].sort((a, b) => idx.order.get(a)! - idx.order.get(b)!);
  for (const p of own) {
    if (!applies(p)) continue;
    const cov = coverage(p, protocols);
    if (cov === 'none') continue;
    const k = rank(p);
    const cur = byName.get(p.name);
    if (!cur || k > cur.rank) {
      byName.set(p.name, { p, rank: k });
      if (cov === 'some') partial.add(p);
    }
  }
  const scoped = gather('scoped').filter(applies);
  return { byName: new Map([...byName].map(([n, v]) => [n, v.p])), scoped, scopedGlobal: idx.byKey.get('scoped\u0000global') ?? [], partial };
}

/** Whether calls that fall back to the anonymous consumer are refused (request-termination on it, or an ACL it fails). */
function anonymousBlocked(cfg: Config, eff: Effective, anonymous: string): boolean {
  const consumer = cfg.consumerById.get(anonymous);
  const ids = new Set([anonymous, ...(consumer?.ids ?? [])]);
  const groups = consumer?.consumerGroups ?? new Set<string>();
  const terminated = [eff.scoped, eff.scopedGlobal].some((list) => list.some(
    (p) => p.name === 'request-termination' && ((p.consumer !== undefined && ids.has(p.consumer)) || (p.consumerGroup !== undefined && groups.has(p.consumerGroup))) && statusOf(p) >= 400,
  ));
  if (terminated) return true;
  const acl = eff.byName.get('acl');
  if (acl) {
    const aclGroups = new Set([...(consumer?.groups ?? []), ...(get(acl.config, 'include_consumer_groups') === true ? groups : [])]);
    const allow = arr(get(acl.config, 'allow') ?? get(acl.config, 'whitelist')).filter((x): x is string => typeof x === 'string');
    const deny = arr(get(acl.config, 'deny') ?? get(acl.config, 'blacklist')).filter((x): x is string => typeof x === 'string');
    if (allow.length && !allow.some((g) => aclGroups.has(g))) return true;
    if (deny.some((g) => aclGroups.has(g))) return true;
  }
  return false;
}

function statusOf(p: PluginInstance): number {
  const s = get(p.config, 'status_code');
  return typeof s === 'number' ? s : 503;
}

// ---------------------------------------------------------------- routes → operations

const REGEX_CHARS = /[^a-zA-Z0-9.\-_~/%]/;

function pathMatch(cfg: Config, path: string): { kind: RouteMatch['kind']; value: string } {
  if (cfg.v3) return path.startsWith('~') ? { kind: 'regex', value: path.slice(1) } : { kind: 'prefix', value: path };
  return REGEX_CHARS.test(path) ? { kind: 'regex', value: path } : { kind: 'prefix', value: path };
}

/** Paths a Kong 3 expression route matches, where the expression says so plainly (`http.path == "/x"`, `^=`, `~`). */
function expressionPaths(expr: string): { kind: RouteMatch['kind']; value: string }[] {
  const out: { kind: RouteMatch['kind']; value: string }[] = [];
  const re = /http\.path\s*(==|\^=|~)\s*r?#?"((?:[^"\\]|\\.)*)"/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(expr)) && out.length < 20) {
    const v = m[2]!;
    out.push({ kind: m[1] === '==' ? 'exact' : m[1] === '^=' ? 'prefix' : 'regex', value: v });
  }
  return out;
}

function lower(v: unknown): string[] {
  return arr(v).filter((x): x is string => typeof x === 'string').map((x) => x.toLowerCase());
}

function describeAlternatives(alts: Credential[][]): string {
  return alts.map((a) => (a.length ? a.map((c) => c.detail ?? c.type).join(' + ') : 'anonymous')).join(' OR ');
}

function routeOperations(cfg: Config, idx: PluginIndex, r: Route, blockedEvidence: Evidence[]): Operation[] {
  const protocols = routeProtocols(r);
  if (!protocols.some((p) => HTTP_PROTOCOLS.has(p))) return []; // stream routes (tcp, tls, udp) carry no HTTP API
  const eff = effectivePlugins(idx, r, protocols);
  const routeLabel = r.name ?? r.loc.pointer;

  const termination = eff.byName.get('request-termination');
  if (termination && statusOf(termination) >= 400) {
    blockedEvidence.push({
      kind: 'configured',
      source: 'kong',
      confidence: 'medium',
      summary: `route ${routeLabel}: request-termination answers every call with ${statusOf(termination)}`,
      loc: termination.loc,
      control: { type: 'blocked', state: 'present', status: statusOf(termination) },
    });
    return [];
  }

  // Authentication: every auth plugin that applies, each as one credential.
  const certPlugin = eff.byName.get('mtls-auth') ?? eff.byName.get('tls-handshake-modifier');
  const ctx = { hsJwtSecrets: cfg.hsJwtSecrets, jwtIssuers: [...cfg.jwtIssuers].sort() };
  const required: Credential[] = [];
  const optional: Credential[] = [];
  let anonymousOpen = false;
  let fallback = false;
  const auth = [...eff.byName.values()].filter((p) => AUTH_PLUGINS.has(p.name) || looksLikeCustomAuth(p.name)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const p of auth) {
    const c = credentialOf(p, ctx);
    if (!c) continue;
    if (popOptional(p)) fallback = true;
    const anon = anonymousOf(p);
    if (anon !== undefined) {
      optional.push(c);
      if (!anonymousBlocked(cfg, eff, anon)) anonymousOpen = true;
    } else required.push(c);
    if (eff.partial.has(p)) anonymousOpen = true; // the plugin skips some of the route's protocols
  }
  // A client certificate asked for by tls-handshake-modifier is what proof_of_possession_mtls checks the token against.
  const bindsMtls = [...required, ...optional].some((c) => c.binding === 'mtls');
  if (certPlugin?.name === 'tls-handshake-modifier' && bindsMtls) {
    required.push({ type: 'client-certificate', in: 'tls', scheme: 'tls-handshake-modifier', detail: 'tls-handshake-modifier: client certificate requested', loc: certPlugin.loc });
  }
  let alternatives: Credential[][];
  if (required.length) alternatives = [required];
  else if (optional.length) alternatives = [...optional.map((c) => [c]), ...(anonymousOpen ? [[]] : [])];
  else alternatives = [[]];
  if (required.length && anonymousOpen && !optional.length) alternatives.push([]);

  const plaintext = protocols.some((p) => PLAIN.has(p));
  const posture: AuthPosture = {
    evidence: 'configured',
    source: 'kong',
    confidence: 'medium',
    loc: r.loc,
    alternatives,
    summary: `configured (kong route ${routeLabel}): ${alternatives.length === 1 && alternatives[0]!.length === 0 ? 'no authentication plugin' : describeAlternatives(alternatives)}${plaintext ? '; accepts plain http' : ''}`,
  };
  if (plaintext) posture.plaintext = true;
  if (fallback) posture.bearerFallback = true;

  // Controls: the effective instance of each plugin, and consumer-scoped limits as partial ones.
  const evidence: Evidence[] = [];
  const ev = (summary: string, loc: Loc, control: Evidence['control']): void => {
    evidence.push({ kind: 'configured', source: 'kong', confidence: 'medium', summary, loc, ...(control ? { control } : {}) });
  };
  for (const p of [...eff.byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const c = controlOf(p);
    if (c) ev(describeControl(p.name, c), p.loc, c);
  }
  if (!evidence.some((e) => e.control?.type === 'rate-limit')) {
    const scopedLimit = eff.scoped.find((p) => controlOf(p)?.type === 'rate-limit') ?? eff.scopedGlobal.find((p) => controlOf(p)?.type === 'rate-limit');
    if (scopedLimit) {
      const c = { ...controlOf(scopedLimit)!, partial: true };
      ev(describeControl(scopedLimit.name, c), scopedLimit.loc, c);
    }
  }
  const tls = { type: 'tls' as const, state: plaintext ? ('absent' as const) : ('present' as const), plaintext, ...(certPlugin?.name === 'mtls-auth' ? { clientCertificate: 'required' as const } : {}) };
  ev(plaintext ? `route ${routeLabel} accepts ${protocols.join(', ')}: plain http` : `route ${routeLabel}: ${protocols.join(', ')} only`, r.loc, tls);

  // One operation per path (a route without paths covers everything under its hosts).
  const methods = lower(get(r.raw, 'methods'));
  const hosts = arr(get(r.raw, 'hosts')).filter((x): x is string => typeof x === 'string');
  const rawPaths = arr(get(r.raw, 'paths')).filter((x): x is string => typeof x === 'string');
  const expr = str(get(r.raw, 'expression'));
  let paths: { kind: RouteMatch['kind']; value: string; display: string; loc: Loc }[] = rawPaths.map((p, i) => ({
    ...pathMatch(cfg, p),
    display: p,
    loc: rawPaths.length > 1 ? { file: r.loc.file, pointer: joinPointer(r.loc.pointer, 'paths', i) } : r.loc,
  }));
  if (!paths.length && expr) paths = expressionPaths(expr).map((m, i, all) => ({ ...m, display: m.kind === 'regex' ? `~${m.value}` : m.value, loc: all.length > 1 ? { ...r.loc, pointer: joinPointer(r.loc.pointer, 'expression') } : r.loc }));
  if (!paths.length) paths = [{ kind: 'prefix', value: '/', display: '/', loc: r.loc }];
  const method = methods.length === 1 ? methods[0]! : methods.length === 0 ? 'any' : methods.join(',');
  return paths.map((p, i) => {
    const match: RouteMatch = { kind: p.kind, value: p.value };
    if (methods.length) match.methods = methods;
    if (hosts.length) match.hosts = hosts;
    const op = routeOperation(method, p.display, p.loc, match, r.name);
    op.auth.push(i === 0 ? posture : { ...posture });
    op.evidence = i === 0 ? evidence : evidence.map((e) => ({ ...e }));
    return op;
  });
}

// ---------------------------------------------------------------- APIs

function buildKong(pf: ParsedFile, ctx: AdapterContext): Contribution {
  const cfg = readConfig(pf);
  const idx = indexPlugins(cfg);
  const apis: Api[] = [];
  const groups = new Map<Service | undefined, Route[]>();
  for (const r of cfg.routes) {
    const l = groups.get(r.service) ?? [];
    l.push(r);
    groups.set(r.service, l);
  }
  for (const [svc, routes] of groups) {
    const blocked: Evidence[] = [];
    const operations: Operation[] = [];
    const seen = new Map<string, number>();
    for (const r of routes) {
      for (const op of routeOperations(cfg, idx, r, blocked)) {
        const n = (seen.get(op.key) ?? 0) + 1;
        seen.set(op.key, n);
        if (n > 1) op.key = `${op.key} [${op.operationId ?? n}]`;
        operations.push(op);
      }
    }
    if (!operations.length) continue; // every route is blocked: the service serves nothing
    const everyRouteHasHosts = routes.every((r) => arr(get(r.raw, 'hosts')).length > 0);
    const hosts = everyRouteHasHosts ? [...new Set(routes.flatMap((r) => arr(get(r.raw, 'hosts')).filter((x): x is string => typeof x === 'string')))] : [];
    const name = svc?.name ?? `${pf.file.replace(/^.*\//, '')} (routes without a service)`;
    const plainOnly = routes.every((r) => routeProtocols(r).every((p) => PLAIN.has(p)));
    const api = gatewayApi({ id: name, name, kind: 'kong', file: pf.file, loc: svc?.loc ?? { file: pf.file, pointer: '/routes' }, deref: ctx.resolver });
    api.baseUrls = hosts.filter((h) => !/[*$<{]/.test(h)).map((h) => `${plainOnly ? 'http' : 'https'}://${h}`);
    api.hosts = hosts;
    api.operations = operations;
    api.evidence = blocked;
    apis.push(api);
  }
  // Secrets belong to the config: they are reported with its first API (or, with no API, as findings of the file).
  if (cfg.secrets.length) {
    const first = apis[0];
    if (first) first.evidence.push(...cfg.secrets);
    else for (const s of cfg.secrets) ctx.findings.push({ ruleId: 'api2-secret-in-config', severity: 'high', message: s.summary, loc: s.loc, sensitive: true });
  }
  return { apis };
}
