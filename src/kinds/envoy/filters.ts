// Envoy HTTP filters with security meaning, identified by `typed_config["@type"]` (filter names are free-form), and
// what each one enforces on one route once listener config, virtual-host and route overrides are applied.

import type { Credential, Evidence } from '../../model/types.js';
import { secretEvidence } from '../secrets.js';
import type { View } from '../view.js';
import { pathHeaderMatches, readMatch, relation, samplePaths, stringMatches, type EnvoyMatch } from './match.js';
import { typeOf } from './resources.js';

export type FilterKind =
  | 'jwt_authn'
  | 'ext_authz'
  | 'rbac'
  | 'local_ratelimit'
  | 'ratelimit'
  | 'cors'
  | 'api_key_auth'
  | 'basic_auth'
  | 'oauth2'
  | 'buffer'
  | 'custom'
  | 'router'
  | 'other';

export interface HttpFilter {
  name: string;
  kind: FilterKind;
  /** `@type` of its configuration (unwrapped from a `TypedStruct`). */
  type: string;
  config: View;
  /** Disabled at the listener: only routes that configure it turn it on. */
  disabled: boolean;
  /** The configuration is not given (v2 untyped `config`, or discovered through ECDS). */
  opaque: boolean;
  v: View;
}

const KINDS: [RegExp, FilterKind][] = [
  [/\.jwt_authn\.v3\.JwtAuthentication$/, 'jwt_authn'],
  [/\.ext_authz\.v3\.ExtAuthz$/, 'ext_authz'],
  [/\.rbac\.v3\.RBAC$/, 'rbac'],
  [/\.local_ratelimit\.v3\.LocalRateLimit$/, 'local_ratelimit'],
  [/\.ratelimit\.v3\.RateLimit$/, 'ratelimit'],
  [/\.cors\.v3\.Cors$/, 'cors'],
  [/\.api_key_auth\.v3\.ApiKeyAuth$/, 'api_key_auth'],
  [/\.basic_auth\.v3\.BasicAuth$/, 'basic_auth'],
  [/\.oauth2\.v3\.OAuth2$/, 'oauth2'],
  [/\.buffer\.v3\.Buffer$/, 'buffer'],
  [/\.(lua\.v3\.Lua|wasm\.v3\.Wasm|ext_proc\.v3\.ExternalProcessor|golang\.v3alpha\.Config|composite\.v3\.Composite|dynamic_modules\.v3\.DynamicModuleFilter)$/, 'custom'],
  [/\.router\.v3\.Router$/, 'router'],
];

const NAME_KINDS: [RegExp, FilterKind][] = [
  [/^envoy\.(filters\.http\.)?router$/, 'router'],
  [/^envoy\.(filters\.http\.)?(lua|wasm|ext_proc)$/, 'custom'],
];

/** A v2 filter or connection manager (removed in Envoy 1.18). */
export function isLegacyType(t: string): boolean {
  return /^type\.googleapis\.com\/envoy\.config\.filter\.|envoy\.api\.v2\.|\.v2alpha\.|\.v2\.[A-Z]/.test(t) && !/\.v3/.test(t);
}

/** Unwraps `TypedStruct` (`udpa.type.v1` / `xds.type.v3`): its `type_url` and `value`. */
export function unwrap(v: View): { type: string; config: View } {
  const t = typeOf(v);
  if (/(udpa\.type\.v1|xds\.type\.v3)\.TypedStruct$/.test(t)) return { type: v.get('type_url').str() ?? '', config: v.get('value') };
  return { type: t, config: v };
}

export function readFilters(hcm: View): HttpFilter[] {
  return hcm
    .get('http_filters')
    .list()
    .map((f) => {
      const name = f.get('name').str() ?? '';
      const tc = f.get('typed_config');
      const { type, config } = tc.present ? unwrap(tc) : { type: '', config: tc };
      let kind: FilterKind = 'other';
      if (type) kind = KINDS.find(([re]) => re.test(type))?.[1] ?? 'other';
      else kind = NAME_KINDS.find(([re]) => re.test(name))?.[1] ?? 'other';
      const opaque = (!tc.present && (f.has('config') || f.has('config_discovery'))) || isLegacyType(type);
      return { name, kind, type, config, disabled: f.get('disabled').bool() === true, opaque, v: f };
    });
}

export interface RouteScope {
  route: View;
  vhost: View;
  rc: View;
}

/** The most specific `typed_per_filter_config` entry for a filter (route, then virtual host, then route configuration). */
function perRoute(scope: RouteScope, name: string): View | undefined {
  for (const s of [scope.route, scope.vhost, scope.rc]) {
    const v = s.get('typed_per_filter_config').key(name);
    if (v.present) return v;
  }
  return undefined;
}

export interface ActiveFilter {
  f: HttpFilter;
  /** The filter's own per-route configuration (`*PerRoute`, or the `config` of a `FilterConfig`), if any. */
  routeCfg?: View;
}

/** Filters in force on a route: disabled-by-default filters need a per-route entry; `FilterConfig.disabled` turns one off. */
export function activeFilters(filters: HttpFilter[], scope: RouteScope): ActiveFilter[] {
  const out: ActiveFilter[] = [];
  for (const f of filters) {
    const pr = perRoute(scope, f.name);
    if (!pr) {
      if (!f.disabled) out.push({ f });
      continue;
    }
    if (/envoy\.config\.route\.v3\.FilterConfig$/.test(typeOf(pr))) {
      if (pr.get('disabled').bool() === true) continue;
      const inner = pr.get('config');
      out.push(inner.present ? { f, routeCfg: unwrap(inner).config } : { f });
      continue;
    }
    out.push({ f, routeCfg: unwrap(pr).config });
  }
  return out;
}

/** Percentage of a `RuntimeFractionalPercent` / `FractionalPercent` (default when absent). */
export function percent(v: View, dflt: number): number {
  const fp = v.has('default_value') ? v.get('default_value') : v;
  if (!fp.present) return dflt;
  const n = fp.get('numerator').num() ?? 0;
  const d = fp.get('denominator').str() ?? 'HUNDRED';
  const div = d === 'TEN_THOUSAND' ? 100 : d === 'MILLION' ? 10_000 : 1;
  return n / div;
}

export interface FilterEffect {
  /** Alternatives (OR) of credentials required together (AND); undefined = the filter does not authenticate this route. */
  alts?: Credential[][];
  /** Human description of what it enforces, for the posture summary. */
  what?: string;
  evidence: Evidence[];
  /** Secrets in the per-route configuration (the listener's are collected once per connection manager). */
  secrets: Evidence[];
  /** RBAC requires metadata that only a validated JWT provides: anonymous alternatives are denied. */
  requiresJwt?: boolean;
}

const ev = (summary: string, control: Evidence['control'], v: View): Evidence => ({ kind: 'configured', source: 'envoy', confidence: 'medium', summary, ...(control ? { control } : {}), loc: v.loc });

const MAX_ALTS = 64;

export function product(a: Credential[][], b: Credential[][]): Credential[][] {
  const out: Credential[][] = [];
  for (const x of a) for (const y of b) if (out.length < MAX_ALTS) out.push([...x, ...y]);
  return out;
}

// ---------------------------------------------------------------- jwt_authn

function jwksIsSymmetric(local: View): boolean {
  const s = local.get('inline_string').str() ?? local.get('inline_bytes').str();
  return s !== undefined && /"kty"\s*:\s*"oct"/.test(s);
}

function providerAlts(name: string, p: View | undefined, at: View): Credential[][] {
  if (!p?.present) return [[{ type: 'bearer', scheme: name, detail: `JWT (jwt_authn provider '${name}', not defined)`, loc: at.loc }]];
  const issuer = p.get('issuer').str();
  const remote = p.get('remote_jwks');
  const local = p.get('local_jwks');
  const base: Omit<Credential, 'in' | 'name'> = {
    type: 'bearer',
    scheme: name,
    validated: remote.present || local.present,
    detail: `JWT validated by jwt_authn provider '${name}'${issuer ? ` (issuer ${issuer})` : ''}`,
    loc: p.loc,
  };
  if (local.present && jwksIsSymmetric(local)) base.staticSecret = true;
  const audiences = p.get('audiences').strings();
  if (audiences.length) base.audiences = audiences;
  const hints = [issuer, remote.at('http_uri', 'uri').str()].filter((x): x is string => !!x);
  if (hints.length) base.issuerHints = hints;
  const maxLife = p.get('max_lifetime_seconds').num();
  if (maxLife !== undefined && maxLife > 0) base.lifetimeSeconds = maxLife;
  const alts: Credential[][] = [];
  for (const h of p.get('from_headers').list()) alts.push([{ ...base, in: 'header', name: h.get('name').str() ?? 'Authorization', loc: h.loc }]);
  for (const q of p.get('from_params').list()) alts.push([{ ...base, in: 'query', name: q.str() ?? 'access_token', loc: q.loc }]);
  for (const c of p.get('from_cookies').list()) alts.push([{ ...base, in: 'cookie', name: c.str() ?? '', loc: c.loc }]);
  if (!alts.length) {
    // Envoy's default: `Authorization: Bearer <token>` and the `access_token` query parameter.
    alts.push([{ ...base, in: 'header', name: 'Authorization' }], [{ ...base, in: 'query', name: 'access_token' }]);
  }
  return alts;
}

function requirementAlts(req: View, providers: Map<string, View>, depth: number): Credential[][] {
  if (depth > 16) return [[{ type: 'unknown', detail: 'jwt_authn requirement nested too deep', loc: req.loc }]];
  const pn = req.get('provider_name').str();
  if (pn !== undefined) return providerAlts(pn, providers.get(pn), req);
  const pa = req.get('provider_and_audiences');
  if (pa.present) {
    const n = pa.get('provider_name').str() ?? '';
    return providerAlts(n, providers.get(n), pa);
  }
  if (req.has('requires_any')) return req.at('requires_any', 'requirements').list().flatMap((r) => requirementAlts(r, providers, depth + 1)).slice(0, MAX_ALTS);
  if (req.has('requires_all')) {
    let acc: Credential[][] = [[]];
    for (const r of req.at('requires_all', 'requirements').list()) acc = product(acc, requirementAlts(r, providers, depth + 1));
    return acc;
  }
  if (req.has('extract_only_without_validation')) {
    const alts: Credential[][] = [...providers.keys()].map((n) => [
      { type: 'bearer' as const, scheme: n, validated: false, detail: `JWT read without signature validation (jwt_authn extract_only_without_validation, provider '${n}')`, loc: req.get('extract_only_without_validation').loc },
    ]);
    // Missing and invalid tokens pass as well.
    return [...alts, []];
  }
  // allow_missing, allow_missing_or_failed, or an empty requirement: requests without a token pass.
  return [[]];
}

interface JwtConfig {
  providers: Map<string, View>;
  reqMap: Map<string, View>;
  /** Alternatives per named requirement, computed once per filter (config dumps repeat them on thousands of routes). */
  named: Map<string, Credential[][]>;
}

const jwtConfigs = new WeakMap<object, JwtConfig>();

function jwtConfig(f: HttpFilter): JwtConfig {
  const key = f.config.value;
  const hit = key !== null && typeof key === 'object' ? jwtConfigs.get(key) : undefined;
  if (hit) return hit;
  const c: JwtConfig = { providers: new Map(f.config.get('providers').entries()), reqMap: new Map(f.config.get('requirement_map').entries()), named: new Map() };
  if (key !== null && typeof key === 'object') jwtConfigs.set(key, c);
  return c;
}

function jwtEffect(a: ActiveFilter, route: EnvoyMatch): FilterEffect {
  const cfg = a.f.config;
  const jc = jwtConfig(a.f);
  const { providers, reqMap } = jc;
  const out: FilterEffect = { evidence: [], secrets: [] };
  const rc = a.routeCfg;
  if (rc) {
    if (rc.get('disabled').bool() === true) return out;
    const rn = rc.get('requirement_name').str();
    if (rn !== undefined) {
      const req = reqMap.get(rn);
      let alts = jc.named.get(rn);
      if (!alts && req) {
        alts = requirementAlts(req, providers, 0);
        jc.named.set(rn, alts);
      }
      out.alts = alts ?? [[{ type: 'unknown', detail: `jwt_authn requirement '${rn}' is not defined`, loc: rc.loc }]];
      out.what = `jwt_authn requirement '${rn}'`;
      return out;
    }
  }
  const alts: Credential[][] = [];
  let covered = false;
  const names: string[] = [];
  cfg
    .get('rules')
    .list()
    .some((rule, i) => {
      const m = readMatch(rule.get('match'));
      if (!m) return false;
      const rel = relation(route, m);
      if (rel === 'none') return false;
      const req = rule.get('requires');
      const rn = rule.get('requirement_name').str();
      const r = req.present ? requirementAlts(req, providers, 0) : rn !== undefined && reqMap.get(rn) ? requirementAlts(reqMap.get(rn)!, providers, 0) : [[]];
      alts.push(...r);
      names.push(`rule ${i}`);
      covered = rel === 'all';
      return covered;
    });
  // Requests that match no rule are not checked.
  if (!covered) alts.push([]);
  out.alts = alts.slice(0, MAX_ALTS);
  out.what = names.length ? `jwt_authn ${names.join(', ')}${covered ? '' : ' (part of the route only)'}` : 'jwt_authn (no rule matches this route)';
  return out;
}

// ---------------------------------------------------------------- other authenticators

function extAuthzEffect(a: ActiveFilter): FilterEffect {
  const cfg = a.f.config;
  const out: FilterEffect = { evidence: [], secrets: [] };
  if (a.routeCfg?.get('disabled').bool() === true) return out;
  const enabled = percent(cfg.get('filter_enabled'), 100);
  if (enabled <= 0) return out;
  const target = cfg.at('grpc_service', 'envoy_grpc', 'cluster_name').str() ?? cfg.at('grpc_service', 'google_grpc', 'target_uri').str() ?? cfg.at('http_service', 'server_uri', 'uri').str();
  const cred: Credential = {
    type: 'unknown',
    scheme: 'ext_authz',
    detail: `external authorization service (ext_authz${target ? ` → ${target}` : ''}${cfg.get('include_peer_certificate').bool() ? ', receives the client certificate' : ''})`,
    loc: a.f.v.loc,
  };
  if (cfg.get('failure_mode_allow').bool() === true) cred.failOpen = true;
  out.alts = enabled < 100 ? [[cred], []] : [[cred]];
  out.what = `ext_authz${cred.failOpen ? ' (fails open)' : ''}${enabled < 100 ? ` on ${enabled}% of requests` : ''}`;
  return out;
}

function keySources(list: View[]): { in: 'header' | 'query' | 'cookie'; name: string; v: View }[] {
  const out: { in: 'header' | 'query' | 'cookie'; name: string; v: View }[] = [];
  for (const s of list) {
    const h = s.get('header').str();
    const q = s.get('query').str();
    const c = s.get('cookie').str();
    if (h !== undefined) out.push({ in: 'header', name: h, v: s });
    if (q !== undefined) out.push({ in: 'query', name: q, v: s });
    if (c !== undefined) out.push({ in: 'cookie', name: c, v: s });
  }
  return out;
}

/** API keys written into an api_key_auth configuration (listener or per-route override). */
export function apiKeySecrets(cfg: View): Evidence[] {
  return cfg
    .get('credentials')
    .list()
    .map((c) => secretEvidence('envoy', 'api_key_auth key', c.get('key').value, c.get('key').loc, `client '${c.get('client').str() ?? '?'}'`))
    .filter((e): e is Evidence => !!e);
}

function apiKeyEffect(a: ActiveFilter): FilterEffect {
  const out: FilterEffect = { evidence: [], secrets: [] };
  const over = a.routeCfg?.get('override_config');
  const src = over?.has('key_sources') ? over : a.f.config;
  let sources = keySources(src.get('key_sources').list());
  if (!sources.length) sources = [{ in: 'header', name: 'Authorization', v: a.f.v }];
  out.alts = sources.map((s) => [{ type: 'api-key', in: s.in, name: s.name, scheme: a.f.name, detail: `API key in ${s.in} '${s.name}' (api_key_auth)`, loc: s.v.loc }]);
  out.what = `api_key_auth (${sources.map((s) => `${s.in} ${s.name}`).join(', ')})`;
  if (over?.present) out.secrets.push(...apiKeySecrets(over));
  const allowed = a.routeCfg?.get('allowed_clients');
  if (allowed?.present) out.evidence.push(ev(`only API-key clients ${allowed.strings().join(', ')} are allowed`, { type: 'access-control', state: 'present' }, allowed));
  return out;
}

/** A secret written inline into a `DataSource` (`inline_string` / `inline_bytes`); files and environment variables are fine. */
export function dataSourceSecret(what: string, ds: View, owner?: string): Evidence | undefined {
  for (const f of ['inline_string', 'inline_bytes']) {
    const v = ds.get(f);
    if (v.str() !== undefined) return secretEvidence('envoy', what, v.str(), v.loc, owner);
  }
  return undefined;
}

function basicAuthEffect(a: ActiveFilter): FilterEffect {
  const out: FilterEffect = { evidence: [], secrets: [] };
  out.alts = [[{ type: 'basic', in: 'header', name: 'Authorization', scheme: a.f.name, detail: 'HTTP Basic (basic_auth filter)', loc: a.f.v.loc }]];
  out.what = 'basic_auth';
  const users = a.routeCfg?.get('users');
  if (users?.present) {
    const s = dataSourceSecret('basic_auth password hashes (htpasswd)', users);
    if (s) out.secrets.push(s);
  }
  return out;
}

function oauth2Effect(a: ActiveFilter, route: EnvoyMatch): FilterEffect {
  const out: FilterEffect = { evidence: [], secrets: [] };
  const conf = a.routeCfg?.get('config').present ? a.routeCfg.get('config') : a.f.config.get('config');
  if (!conf.isObject || !conf.get('token_endpoint').present) return out;
  const cookie = conf.at('credentials', 'cookie_names', 'bearer_token').str() ?? 'BearerToken';
  const hints = [conf.at('token_endpoint', 'uri').str(), conf.get('authorization_endpoint').str()].filter((x): x is string => !!x);
  const cred: Credential = {
    type: 'bearer',
    in: 'cookie',
    name: cookie,
    scheme: a.f.name,
    validated: true,
    flows: ['authorizationCode'],
    detail: 'OAuth 2.0 login session (oauth2 filter: authorization code flow, HMAC-signed session cookies)',
    loc: conf.loc,
  };
  if (hints.length) cred.issuerHints = hints;
  out.alts = [[cred]];
  // Requests matching a pass-through matcher skip the filter.
  const samples = samplePaths(route);
  const passes = conf
    .get('pass_through_matcher')
    .list()
    .some((h) => samples.some((p) => pathHeaderMatches(h, p) === true) || (h.get('name').str() !== ':path' && h.get('name').present));
  if (passes) out.alts.push([]);
  out.what = `oauth2 login${passes ? ' (some requests pass through)' : ''}`;
  return out;
}

// ---------------------------------------------------------------- authorization, rate limits, CORS, sizes

/** True when the RBAC configuration can only allow requests that carry metadata from a validated JWT. */
function mentionsJwtMetadata(v: View, depth = 0): boolean {
  if (depth > 40) return false;
  if (v.get('filter').str() === 'envoy.filters.http.jwt_authn') return true;
  if (Array.isArray(v.value)) return v.list().some((x) => mentionsJwtMetadata(x, depth + 1));
  return v.entries().some(([, x]) => x.isObject || Array.isArray(x.value) ? mentionsJwtMetadata(x, depth + 1) : false);
}

function rbacRequiresJwt(rbac: View): boolean {
  const rules = rbac.get('rules');
  if (rules.present) {
    const action = rules.get('action').str() ?? 'ALLOW';
    const policies = rules.get('policies').entries();
    return action === 'ALLOW' && policies.length > 0 && policies.every(([, p]) => p.get('principals').list().every((pr) => mentionsJwtMetadata(pr)));
  }
  const matcher = rbac.get('matcher');
  if (matcher.present) {
    const noMatch = matcher.at('on_no_match', 'action', 'typed_config', 'action').str();
    const matchers = matcher.at('matcher_list', 'matchers').list();
    return (noMatch === 'DENY' || noMatch === undefined) && matchers.length > 0 && matchers.every((m) => m.at('on_match', 'action', 'typed_config', 'action').str() === 'DENY' || mentionsJwtMetadata(m.get('predicate')));
  }
  return false;
}

function rbacEffect(a: ActiveFilter): FilterEffect {
  const out: FilterEffect = { evidence: [], secrets: [] };
  let rbac = a.f.config;
  if (a.routeCfg) {
    rbac = a.routeCfg.get('rbac');
    if (!rbac.present) return out;
  }
  const enforced = rbac.has('rules') || rbac.has('matcher');
  const shadow = rbac.has('shadow_rules') || rbac.has('shadow_matcher');
  if (!enforced && !shadow) return out;
  out.evidence.push(ev(enforced ? 'RBAC policy enforced' : 'RBAC shadow rules only (dry run: nothing is denied)', enforced ? { type: 'access-control', state: 'present' } : { type: 'access-control', state: 'absent', shadow: true }, rbac));
  if (enforced && rbacRequiresJwt(rbac)) out.requiresJwt = true;
  return out;
}

/** Seconds of a protobuf `Duration` (`5s`, `0.250s`). */
export function seconds(v: View): number | undefined {
  const m = /^(\d+(?:\.\d+)?)s$/.exec(v.str() ?? '');
  return m ? Number(m[1]) : v.get('seconds').num();
}

function localRateLimitEffect(a: ActiveFilter): FilterEffect {
  const out: FilterEffect = { evidence: [], secrets: [] };
  const cfg = a.routeCfg ?? a.f.config;
  const bucket = cfg.get('token_bucket');
  if (!bucket.present && !cfg.has('descriptors')) return out;
  const enabled = percent(cfg.get('filter_enabled'), 0);
  const enforcedPct = percent(cfg.get('filter_enforced'), 0);
  const enforced = enabled > 0 && enforcedPct > 0;
  const perFill = bucket.get('tokens_per_fill').num() ?? 1;
  const period = seconds(bucket.get('fill_interval'));
  const limit = bucket.present ? `${bucket.get('max_tokens').num() ?? '?'} requests (burst), ${perFill} more every ${bucket.get('fill_interval').str() ?? '?'}` : 'per-descriptor limits';
  const why = enforced ? '' : ` but not enforced (filter_enabled ${enabled}%, filter_enforced ${enforcedPct}%; both default to 0%)`;
  const control: Evidence['control'] = enforced ? { type: 'rate-limit', state: 'present' } : { type: 'rate-limit', state: 'absent', shadow: true };
  if (bucket.present) {
    control.limit = perFill;
    if (period !== undefined) control.periodSeconds = period;
  }
  out.evidence.push(ev(`local rate limit ${limit}${why}`, control, cfg));
  return out;
}

function globalRateLimitEffect(a: ActiveFilter, scope: RouteScope): FilterEffect {
  const out: FilterEffect = { evidence: [], secrets: [] };
  const actions = [...scope.route.at('route', 'rate_limits').list(), ...scope.vhost.get('rate_limits').list()];
  const failOpen = a.f.config.get('failure_mode_deny').bool() !== true;
  const enforced = actions.length > 0;
  const domain = a.f.config.get('domain').str() ?? '?';
  const summary = enforced ? `global rate limit service (domain ${domain})${failOpen ? ', fails open' : ''}` : `global rate limit filter (domain ${domain}) without rate_limits actions on this route: nothing is limited`;
  out.evidence.push(ev(summary, enforced ? { type: 'rate-limit', state: 'present', failOpen } : { type: 'rate-limit', state: 'absent', shadow: true }, actions[0] ?? a.f.config));
  return out;
}

const PROBE_ORIGIN = 'https://attacker.invalid';

function corsEffect(a: ActiveFilter, scope: RouteScope): FilterEffect {
  const out: FilterEffect = { evidence: [], secrets: [] };
  // Field by field, the most specific policy that sets a field wins (route, virtual host, route configuration).
  const policies = [scope.route, scope.vhost, scope.rc].map((s) => unwrap(s.get('typed_per_filter_config').key(a.f.name)).config).filter((p) => p.present && !/FilterConfig$/.test(typeOf(p)));
  for (const legacy of [scope.route.at('route', 'cors'), scope.vhost.get('cors')]) if (legacy.present) policies.push(legacy);
  if (!policies.length) return out;
  const field = (name: string) => policies.map((p) => p.get(name)).find((f) => f.present);
  const origins = field('allow_origin_string_match')?.list() ?? [];
  const anyOrigin = origins.some((m) => stringMatches(m, '*') === true || stringMatches(m, PROBE_ORIGIN) === true);
  const names = origins.map((m) => m.get('exact').str() ?? m.get('prefix').str() ?? m.get('suffix').str() ?? m.at('safe_regex', 'regex').str() ?? '?');
  const credentials = field('allow_credentials')?.bool() === true;
  const enabled = field('filter_enabled');
  const enforced = (enabled ? percent(enabled, 100) : 100) > 0;
  if (!origins.length) return out;
  const at = field('allow_origin_string_match')!;
  out.evidence.push(
    ev(
      `CORS: ${anyOrigin ? 'any origin' : `origins ${names.join(', ')}`}${credentials ? ', with credentials' : ''}${enforced ? '' : ' (disabled on this route)'}`,
      { type: 'cors', state: enforced ? 'present' : 'absent', ...(enforced ? {} : { shadow: true }), origins: anyOrigin ? ['*', ...names.filter((n) => n !== '*')] : names, credentials },
      at,
    ),
  );
  return out;
}

function bufferEffect(a: ActiveFilter): FilterEffect {
  const out: FilterEffect = { evidence: [], secrets: [] };
  if (a.routeCfg?.get('disabled').bool() === true) return out;
  const cfg = a.routeCfg?.get('buffer').present ? a.routeCfg.get('buffer') : a.f.config;
  const max = cfg.get('max_request_bytes').num();
  if (max !== undefined) out.evidence.push(ev(`request bodies limited to ${max} bytes`, { type: 'size-limit', state: 'present', maxBytes: max }, cfg.get('max_request_bytes')));
  return out;
}

function customEffect(a: ActiveFilter): FilterEffect {
  const out: FilterEffect = { evidence: [], secrets: [] };
  if (a.routeCfg?.get('disabled').bool() === true) return out;
  out.what = `${a.f.name || a.f.type.replace(/^.*\//, '')} (custom code, not analysed)`;
  const what = a.f.type.replace(/^.*\.filters\.http\./, '') || a.f.name;
  out.alts = [[{ type: 'unknown', scheme: a.f.name, detail: `custom code (${what}) may enforce authentication; it is not analysed`, loc: a.f.v.loc }]];
  out.evidence.push(ev(`custom code filter ${what}: its effect is not analysed`, { type: 'custom-code', state: 'unknown' }, a.f.v));
  return out;
}

/** What one active filter does on one route. */
export function effectOf(a: ActiveFilter, route: EnvoyMatch, scope: RouteScope): FilterEffect {
  switch (a.f.kind) {
    case 'jwt_authn':
      return jwtEffect(a, route);
    case 'ext_authz':
      return extAuthzEffect(a);
    case 'api_key_auth':
      return apiKeyEffect(a);
    case 'basic_auth':
      return basicAuthEffect(a);
    case 'oauth2':
      return oauth2Effect(a, route);
    case 'rbac':
      return rbacEffect(a);
    case 'local_ratelimit':
      return localRateLimitEffect(a);
    case 'ratelimit':
      return globalRateLimitEffect(a, scope);
    case 'cors':
      return corsEffect(a, scope);
    case 'buffer':
      return bufferEffect(a);
    case 'custom':
      return customEffect(a);
    default:
      return { evidence: [], secrets: [] };
  }
}
