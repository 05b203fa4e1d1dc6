// AWS API Gateway in CloudFormation and SAM templates (JSON, or YAML with `!Ref`/`!Sub`/`!GetAtt`).
// Each REST or HTTP API resource is an API. An OpenAPI `Body`/`DefinitionBody` is read as an OpenAPI document with its
// API Gateway extensions; otherwise the operations come from `AWS::ApiGateway::Method`, `AWS::ApiGatewayV2::Route` and
// SAM function events, with their authorizers. Stages and usage plans say whether requests are throttled; custom domains
// say whether client certificates are required at the edge and whether the default endpoint bypasses them.
// Intrinsic functions are never evaluated: a value that is one stays unknown.

import type { Api, AuthPosture, Control, Credential, Evidence, Loc, Operation, RouteMatch } from '../../model/types.js';
import { arr, get, isObj, keys, obj, str } from '../../model/util.js';
import { joinPointer, type ParsedFile } from '../../load/parse.js';
import { ScopedDeref } from '../../load/refs.js';
import type { AdapterContext, Contribution, KindAdapter } from '../types.js';
import { buildOpenApiDocument, openapiVersion } from '../openapi/index.js';
import { secretEvidence } from '../secrets.js';
import { gatewayApi, routeOperation } from '../gateway.js';
import { applyAwsExtensions } from './openapi.js';

type Obj = Record<string, unknown>;

const REST_API = 'AWS::ApiGateway::RestApi';
const HTTP_API = 'AWS::ApiGatewayV2::Api';
const SAM_API = 'AWS::Serverless::Api';
const SAM_HTTP_API = 'AWS::Serverless::HttpApi';
const SAM_FUNCTION = 'AWS::Serverless::Function';
const API_TYPES = new Set([REST_API, HTTP_API, SAM_API, SAM_HTTP_API]);

function typeOf(r: unknown): string {
  return str(get(r, 'Type')) ?? '';
}

function functionEvents(r: unknown): [string, Obj][] {
  const events = get(get(r, 'Properties'), 'Events');
  return keys(events)
    .map((k) => [k, get(events, k)] as [string, unknown])
    .filter((e): e is [string, Obj] => isObj(e[1]) && (get(e[1], 'Type') === 'Api' || get(e[1], 'Type') === 'HttpApi'));
}

/** A CloudFormation or SAM template that defines API Gateway APIs (or SAM functions with API events). */
export function isApiTemplate(doc: unknown): boolean {
  const res = get(doc, 'Resources');
  if (!isObj(res)) return false;
  return Object.values(res).some((r) => {
    const t = typeOf(r);
    return t.startsWith('AWS::ApiGateway::') || t.startsWith('AWS::ApiGatewayV2::') || API_TYPES.has(t) || (t === SAM_FUNCTION && functionEvents(r).length > 0);
  });
}

export const awsTemplateAdapter: KindAdapter = {
  kind: 'aws',
  title: 'AWS API Gateway in CloudFormation / SAM templates',
  sniff: /AWS::(ApiGateway|ApiGatewayV2|Serverless)::/,
  detect(pf) {
    return isApiTemplate(pf.docs[0]);
  },
  toModel(pf, ctx) {
    return buildTemplate(pf, ctx);
  },
};

// ---------------------------------------------------------------- intrinsic functions, kept opaque

/** The logical id an intrinsic points at (`{Ref: X}`, `{"Fn::GetAtt": [X, …]}`, `"X.Arn"` forms), or a plain string. */
function target(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  const ref = str(get(v, 'Ref'));
  if (ref) return ref;
  const ga = get(v, 'Fn::GetAtt');
  if (Array.isArray(ga) && typeof ga[0] === 'string') return ga[0];
  if (typeof ga === 'string') return ga.split('.')[0];
  return undefined;
}

/** A literal string, or undefined for intrinsics and placeholders. */
function literal(v: unknown): string | undefined {
  return typeof v === 'string' && !/\$\{/.test(v) ? v : undefined;
}

function bool(v: unknown): boolean | undefined {
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  return undefined;
}

function num(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\d+(\.\d+)?$/.test(v)) return Number(v);
  return undefined;
}

// ---------------------------------------------------------------- the template

interface Template {
  file: string;
  resources: Obj;
  globals: Obj;
  ctx: AdapterContext;
}

const at = (t: Template, ...segs: (string | number)[]): Loc => ({ file: t.file, pointer: joinPointer('', ...segs) });

function resourcesOf(t: Template, type: string): [string, Obj][] {
  return Object.entries(t.resources).filter((e): e is [string, Obj] => isObj(e[1]) && typeOf(e[1]) === type);
}

function props(r: unknown): Obj {
  return obj(get(r, 'Properties')) ?? {};
}

/** Properties of a SAM API merged over `Globals.Api` / `Globals.HttpApi` (one level deep, as SAM does for these keys). */
function samProps(t: Template, id: string, type: string): Obj {
  const g = obj(get(t.globals, type === SAM_HTTP_API ? 'HttpApi' : 'Api')) ?? {};
  const own = props(get(t.resources, id));
  const out: Obj = { ...g, ...own };
  for (const k of ['Auth', 'Domain']) if (isObj(g[k]) && isObj(own[k])) out[k] = { ...(g[k] as Obj), ...(own[k] as Obj) };
  return out;
}

function buildTemplate(pf: ParsedFile, ctx: AdapterContext): Contribution {
  const root = obj(pf.docs[0]) ?? {};
  const t: Template = { file: pf.file, resources: obj(get(root, 'Resources')) ?? {}, globals: obj(get(root, 'Globals')) ?? {}, ctx };
  const apis: Api[] = [];

  // SAM functions' events, grouped by the API they attach to (implicit APIs when none is named).
  const events = new Map<string, { fn: string; name: string; ev: Obj; http: boolean }[]>();
  for (const [fn, r] of resourcesOf(t, SAM_FUNCTION)) {
    for (const [name, ev] of functionEvents(r)) {
      const http = get(ev, 'Type') === 'HttpApi';
      const p = obj(get(ev, 'Properties')) ?? {};
      const api = target(http ? p['ApiId'] : p['RestApiId']) ?? (http ? 'ServerlessHttpApi' : 'ServerlessRestApi');
      const l = events.get(api) ?? [];
      l.push({ fn, name, ev, http });
      events.set(api, l);
    }
  }

  const ids = Object.keys(t.resources).filter((id) => API_TYPES.has(typeOf(get(t.resources, id))));
  for (const implicit of ['ServerlessRestApi', 'ServerlessHttpApi']) if (events.has(implicit) && !ids.includes(implicit)) ids.push(implicit);
  for (const id of ids) {
    const api = buildApi(t, id, events.get(id) ?? []);
    if (api) apis.push(api);
  }

  // API keys whose value is written into the template.
  const secrets: Evidence[] = [];
  for (const [id, r] of resourcesOf(t, 'AWS::ApiGateway::ApiKey')) {
    const ev = secretEvidence('aws', 'API key value', get(props(r), 'Value'), at(t, 'Resources', id, 'Properties', 'Value'), id);
    if (ev) secrets.push(ev);
  }
  if (secrets.length) {
    if (apis[0]) apis[0].evidence.push(...secrets);
    else for (const s of secrets) ctx.findings.push({ ruleId: 'api2-secret-in-config', severity: 'high', message: s.summary, loc: s.loc, sensitive: true });
  }
  return { apis };
}

function apiType(t: Template, id: string): string {
  const r = get(t.resources, id);
  if (r) return typeOf(r);
  return id === 'ServerlessHttpApi' ? SAM_HTTP_API : SAM_API;
}

function buildApi(t: Template, id: string, events: { fn: string; name: string; ev: Obj; http: boolean }[]): Api | undefined {
  const type = apiType(t, id);
  const sam = type === SAM_API || type === SAM_HTTP_API;
  const http = type === HTTP_API || type === SAM_HTTP_API;
  const p = sam ? samProps(t, id, type) : props(get(t.resources, id));
  const bodyKey = sam ? 'DefinitionBody' : 'Body';
  const body = p[bodyKey];
  const resLoc = get(t.resources, id) ? at(t, 'Resources', id) : at(t, 'Resources');
  const name = literal(p['Name']) ?? id;
  let api: Api;
  if (isObj(body) && openapiVersion(body)) {
    const base = joinPointer('', 'Resources', id, 'Properties', bodyKey);
    api = buildOpenApiDocument({ file: t.file, root: body, base, deref: new ScopedDeref(t.ctx.resolver, t.file, base), fallbackTitle: name, ...(t.ctx.operationBudget ? { budget: t.ctx.operationBudget } : {}) });
    if (!api.kinds.includes('aws')) applyAwsExtensions(api, body, base);
  } else {
    api = gatewayApi({ id: name, name, kind: 'aws', file: t.file, loc: resLoc, deref: t.ctx.resolver });
  }
  api.sources = [t.file];
  const ops = api.operations;
  const known = new Set(ops.map((o) => o.key));
  const add = (o: Operation) => {
    if (known.has(o.key)) return;
    known.add(o.key);
    ops.push(o);
  };
  if (sam) for (const e of events) add(samEventOperation(t, id, type, p, e));
  if (!sam) {
    for (const o of http ? v2Routes(t, id) : restMethods(t, id)) add(o);
    if (http && p['Target'] !== undefined && !ops.length) add(gatewayOperation('any', '$default', at(t, 'Resources', id, 'Properties', 'Target'), [[]], 'quick-create route $default: no authorizer'));
  }
  if (!ops.length) return undefined;

  // Controls from the rest of the template: throttling, custom domains (mTLS, TLS policy), CORS, resource policies.
  const controls = templateControls(t, id, type, p);
  for (const o of ops) {
    o.evidence = o.evidence.filter((e) => e.control?.type !== 'rate-limit' || e.control.state !== 'unknown');
    o.evidence.push(...controls.evidence.map((e) => ({ ...e })));
    if (controls.clientCertificate) {
      for (const posture of o.auth) {
        posture.alternatives = posture.alternatives.map((a) => [...a, { ...controls.clientCertificate! }]);
        posture.summary += ` + ${controls.clientCertificate.detail}`;
      }
    }
  }
  return api;
}

// ---------------------------------------------------------------- operations without an OpenAPI body

/** A route path as a match: `{proxy+}` (greedy) covers everything below it. */
function routeMatch(method: string, path: string): RouteMatch {
  const greedy = /\/\{[^}/]+\+\}$/.exec(path);
  const m: RouteMatch = path === '$default' ? { kind: 'prefix', value: '/' } : greedy ? { kind: 'prefix', value: path.slice(0, greedy.index + 1) } : { kind: 'template', value: path };
  if (method !== 'any') m.methods = [method];
  return m;
}

function gatewayOperation(method: string, path: string, loc: Loc, alternatives: Credential[][], summary: string): Operation {
  const posture: AuthPosture = { evidence: 'configured', source: 'aws', confidence: 'medium', loc, alternatives, summary: `configured (API Gateway): ${summary}` };
  const op = routeOperation(method, path, loc, routeMatch(method, path));
  op.auth.push(posture);
  op.evidence.push({ kind: 'configured', source: 'aws', confidence: 'medium', summary: 'API Gateway endpoints accept https only', loc, control: { type: 'tls', state: 'present', plaintext: false } });
  return op;
}

function altsSummary(alt: Credential[]): string {
  return alt.length ? alt.map((c) => c.detail ?? c.type).join(' + ') : 'no authorizer and no API key (authorization NONE)';
}

/** A SAM authorizer definition (`Auth.Authorizers.X`) as a credential. */
function samAuthorizer(http: boolean, name: string, def: unknown, loc: Loc): Credential {
  if (name === 'AWS_IAM') return { type: 'signature', in: 'header', name: 'Authorization', scheme: 'AWS_IAM', detail: 'AWS IAM: requests signed with SigV4', loc };
  if (!isObj(def)) return { type: 'unknown', scheme: name, detail: `authorizer '${name}' is not defined in the template`, loc };
  if (def['UserPoolArn'] !== undefined) return { type: 'bearer', in: 'header', name: str(get(get(def, 'Identity'), 'Header')) ?? 'Authorization', scheme: name, validated: true, detail: `Cognito user pool authorizer '${name}'`, loc };
  const jwt = get(def, 'JwtConfiguration');
  if (isObj(jwt)) {
    const issuer = literal(get(jwt, 'issuer') ?? get(jwt, 'Issuer'));
    const c: Credential = { type: 'bearer', in: 'header', name: 'Authorization', scheme: name, validated: true, detail: `JWT authorizer '${name}'${issuer ? ` (issuer ${issuer})` : ''}`, loc };
    if (issuer) c.issuerHints = [issuer];
    const aud = arr(get(jwt, 'audience') ?? get(jwt, 'Audience')).filter((x): x is string => typeof x === 'string');
    if (aud.length) c.audiences = aud;
    return c;
  }
  if (def['FunctionArn'] !== undefined) {
    const payload = (str(def['FunctionPayloadType']) ?? (http ? 'REQUEST' : 'TOKEN')).toUpperCase();
    const identity = get(def, 'Identity');
    const inQuery = arr(get(identity, 'QueryStrings')).length > 0;
    const c: Credential = { type: 'unknown', scheme: name, detail: `Lambda ${payload} authorizer '${name}': what it accepts is decided by its code`, loc };
    c.in = inQuery ? 'query' : 'header';
    return c;
  }
  return { type: 'unknown', scheme: name, detail: `authorizer '${name}'`, loc };
}

function samEventOperation(t: Template, apiId: string, type: string, p: Obj, e: { fn: string; name: string; ev: Obj; http: boolean }): Operation {
  const ep = obj(get(e.ev, 'Properties')) ?? {};
  const path = literal(ep['Path']) ?? '$default';
  const method = (literal(ep['Method']) ?? 'any').toLowerCase().replace(/^any$/, 'any');
  const loc = at(t, 'Resources', e.fn, 'Properties', 'Events', e.name);
  const http = type === SAM_HTTP_API;
  const auth = obj(p['Auth']) ?? {};
  const evAuth = obj(ep['Auth']) ?? {};
  const authorizers = obj(auth['Authorizers']) ?? {};
  const authLoc = isObj(get(props(get(t.resources, apiId)), 'Auth')) ? at(t, 'Resources', apiId, 'Properties', 'Auth') : at(t, 'Globals', http ? 'HttpApi' : 'Api', 'Auth');
  const chosen = literal(evAuth['Authorizer']) ?? literal(auth['DefaultAuthorizer']);
  const alt: Credential[] = [];
  if (chosen && chosen !== 'NONE') {
    const defLoc = get(authorizers, chosen) !== undefined ? { ...authLoc, pointer: joinPointer(authLoc.pointer, 'Authorizers', chosen) } : authLoc;
    const c = samAuthorizer(http, chosen, get(authorizers, chosen), defLoc);
    const scopes = arr(evAuth['AuthorizationScopes'] ?? get(get(authorizers, chosen), 'AuthorizationScopes')).filter((x): x is string => typeof x === 'string');
    if (scopes.length) c.scopes = scopes;
    alt.push(c);
  }
  const keyRequired = bool(evAuth['ApiKeyRequired']) ?? bool(auth['ApiKeyRequired']) ?? false;
  if (keyRequired && !http) alt.push({ type: 'api-key', in: 'header', name: 'x-api-key', scheme: 'api_key', meteringOnly: true, detail: "API Gateway API key 'x-api-key' (usage plans)", loc: authLoc });
  return gatewayOperation(method, path, loc, [alt], altsSummary(alt));
}

/** `AWS::ApiGateway::Authorizer` / `AWS::ApiGatewayV2::Authorizer` as a credential. */
function authorizerResource(t: Template, id: string | undefined, fallbackType: string, loc: Loc): Credential {
  const r = id ? get(t.resources, id) : undefined;
  const p = props(r);
  const rloc = r ? at(t, 'Resources', id!) : loc;
  const type = (str(p['Type']) ?? str(p['AuthorizerType']) ?? fallbackType).toUpperCase();
  if (type === 'COGNITO_USER_POOLS') return { type: 'bearer', in: 'header', name: 'Authorization', scheme: id ?? 'cognito', validated: true, detail: `Cognito user pool authorizer${id ? ` '${id}'` : ''}`, loc: rloc };
  if (type === 'JWT') {
    const jwt = get(p, 'JwtConfiguration');
    const issuer = literal(get(jwt, 'Issuer'));
    const c: Credential = { type: 'bearer', in: 'header', name: 'Authorization', scheme: id ?? 'jwt', validated: true, detail: `JWT authorizer${id ? ` '${id}'` : ''}${issuer ? ` (issuer ${issuer})` : ''}`, loc: rloc };
    if (issuer) c.issuerHints = [issuer];
    const aud = arr(get(jwt, 'Audience')).filter((x): x is string => typeof x === 'string');
    if (aud.length) c.audiences = aud;
    return c;
  }
  const source = arr(p['IdentitySource']).concat(typeof p['IdentitySource'] === 'string' ? [p['IdentitySource']] : []).filter((x): x is string => typeof x === 'string').join(',');
  const c: Credential = { type: 'unknown', scheme: id ?? 'custom', detail: `Lambda ${type === 'CUSTOM' ? '' : `${type} `}authorizer${id ? ` '${id}'` : ''}: what it accepts is decided by its code`, loc: rloc };
  c.in = /querystring\./i.test(source) ? 'query' : 'header';
  return c;
}

function credentialsFor(t: Template, authType: string, authorizerId: string | undefined, keyRequired: boolean, scopes: string[], loc: Loc, http: boolean): Credential[] {
  const alt: Credential[] = [];
  const a = authType.toUpperCase();
  if (a === 'AWS_IAM') alt.push({ type: 'signature', in: 'header', name: 'Authorization', scheme: 'AWS_IAM', detail: 'AWS IAM: requests signed with SigV4', loc });
  else if (a === 'COGNITO_USER_POOLS' || a === 'CUSTOM' || a === 'JWT') {
    const c = authorizerResource(t, authorizerId, a === 'CUSTOM' ? 'TOKEN' : a, loc);
    if (scopes.length) c.scopes = scopes;
    alt.push(c);
  }
  if (keyRequired && !http) alt.push({ type: 'api-key', in: 'header', name: 'x-api-key', scheme: 'api_key', meteringOnly: true, detail: "API Gateway API key 'x-api-key' (usage plans)", loc });
  return alt;
}

/** REST API methods from `AWS::ApiGateway::Resource` / `Method` resources (paths rebuilt from `ParentId` chains). */
function restMethods(t: Template, apiId: string): Operation[] {
  const pathOf = (resId: string | undefined, depth = 0): string | undefined => {
    if (!resId || depth > 50) return '';
    const r = get(t.resources, resId);
    if (!r || typeOf(r) !== 'AWS::ApiGateway::Resource') return ''; // the RestApi's root resource
    const part = literal(props(r)['PathPart']);
    const parent = pathOf(target(props(r)['ParentId']), depth + 1);
    return part === undefined || parent === undefined ? undefined : `${parent}/${part}`;
  };
  const out: Operation[] = [];
  for (const [mid, r] of resourcesOf(t, 'AWS::ApiGateway::Method')) {
    const p = props(r);
    if (target(p['RestApiId']) !== apiId) continue;
    const path = pathOf(target(p['ResourceId']));
    const method = (literal(p['HttpMethod']) ?? 'ANY').toLowerCase();
    if (path === undefined) continue;
    const loc = at(t, 'Resources', mid);
    const scopes = arr(p['AuthorizationScopes']).filter((x): x is string => typeof x === 'string');
    const alt = credentialsFor(t, literal(p['AuthorizationType']) ?? 'NONE', target(p['AuthorizerId']), bool(p['ApiKeyRequired']) ?? false, scopes, loc, false);
    out.push(gatewayOperation(method === 'any' ? 'any' : method, path || '/', loc, [alt], altsSummary(alt)));
  }
  return out;
}

/** HTTP API routes from `AWS::ApiGatewayV2::Route` resources (`RouteKey: "GET /items"`). */
function v2Routes(t: Template, apiId: string): Operation[] {
  const out: Operation[] = [];
  for (const [rid, r] of resourcesOf(t, 'AWS::ApiGatewayV2::Route')) {
    const p = props(r);
    if (target(p['ApiId']) !== apiId) continue;
    const key = literal(p['RouteKey']);
    if (!key) continue;
    const [m, path] = key === '$default' ? ['ANY', '$default'] : key.split(/\s+/, 2);
    const loc = at(t, 'Resources', rid);
    const scopes = arr(p['AuthorizationScopes']).filter((x): x is string => typeof x === 'string');
    const alt = credentialsFor(t, literal(p['AuthorizationType']) ?? 'NONE', target(p['AuthorizerId']), false, scopes, loc, true);
    out.push(gatewayOperation(m!.toLowerCase() === 'any' ? 'any' : m!.toLowerCase(), path ?? '/', loc, [alt], altsSummary(alt)));
  }
  return out;
}

// ---------------------------------------------------------------- template-wide controls

interface TemplateControls {
  evidence: Evidence[];
  /** Required at every entry point of the API (custom domain with mTLS and the default endpoint disabled). */
  clientCertificate?: Credential;
}

function ev(summary: string, loc: Loc, control: Control): Evidence {
  return { kind: 'configured', source: 'aws', confidence: 'medium', summary, loc, control };
}

function refsTo(v: unknown, id: string): boolean {
  return target(v) === id;
}

function templateControls(t: Template, id: string, type: string, p: Obj): TemplateControls {
  const out: TemplateControls = { evidence: [] };
  const http = type === HTTP_API || type === SAM_HTTP_API;
  const sam = type === SAM_API || type === SAM_HTTP_API;
  const apiLoc = get(t.resources, id) ? at(t, 'Resources', id) : at(t, 'Resources');

  // Throttling: stages, deployments, usage plans, SAM MethodSettings / route settings / usage plans.
  const limits: { rate: number; loc: Loc; partial?: boolean }[] = [];
  const rateOf = (o: unknown): number | undefined => num(get(o, 'ThrottlingRateLimit')) ?? num(get(o, 'RateLimit'));
  const methodSettings = (list: unknown, base: Loc) =>
    arr(list).forEach((m, i) => {
      const r = rateOf(m);
      if (r !== undefined) limits.push({ rate: r, loc: { ...base, pointer: joinPointer(base.pointer, i) } });
    });
  for (const [sid, s] of [...resourcesOf(t, 'AWS::ApiGateway::Stage'), ...resourcesOf(t, 'AWS::ApiGateway::Deployment')]) {
    const sp = props(s);
    if (!refsTo(sp['RestApiId'], id)) continue;
    methodSettings(sp['MethodSettings'], at(t, 'Resources', sid, 'Properties', 'MethodSettings'));
    methodSettings(get(sp['StageDescription'], 'MethodSettings'), at(t, 'Resources', sid, 'Properties', 'StageDescription', 'MethodSettings'));
    const r = rateOf(sp['StageDescription']);
    if (r !== undefined) limits.push({ rate: r, loc: at(t, 'Resources', sid, 'Properties', 'StageDescription') });
  }
  for (const [sid, s] of resourcesOf(t, 'AWS::ApiGatewayV2::Stage')) {
    const sp = props(s);
    if (!refsTo(sp['ApiId'], id)) continue;
    const r = rateOf(sp['DefaultRouteSettings']);
    if (r !== undefined) limits.push({ rate: r, loc: at(t, 'Resources', sid, 'Properties', 'DefaultRouteSettings') });
    for (const k of keys(sp['RouteSettings'])) {
      const rr = rateOf(get(sp['RouteSettings'], k));
      if (rr !== undefined) limits.push({ rate: rr, loc: at(t, 'Resources', sid, 'Properties', 'RouteSettings', k), partial: true });
    }
  }
  for (const [uid, u] of resourcesOf(t, 'AWS::ApiGateway::UsagePlan')) {
    const up = props(u);
    if (!arr(up['ApiStages']).some((s) => refsTo(get(s, 'ApiId'), id))) continue;
    const r = rateOf(up['Throttle']);
    const q = num(get(up['Quota'], 'Limit'));
    if (r !== undefined || q !== undefined) limits.push({ rate: r ?? 0, loc: at(t, 'Resources', uid, 'Properties', r !== undefined ? 'Throttle' : 'Quota'), partial: true });
  }
  if (sam) {
    methodSettings(p['MethodSettings'], at(t, 'Resources', id, 'Properties', 'MethodSettings'));
    const r = rateOf(p['DefaultRouteSettings']);
    if (r !== undefined) limits.push({ rate: r, loc: at(t, 'Resources', id, 'Properties', 'DefaultRouteSettings') });
    const plan = get(get(p['Auth'], 'UsagePlan'), 'Throttle');
    const pr = rateOf(plan);
    if (pr !== undefined) limits.push({ rate: pr, loc: at(t, 'Resources', id, 'Properties', 'Auth', 'UsagePlan', 'Throttle'), partial: true });
  }
  if (limits.length) {
    const best = limits.find((l) => !l.partial) ?? limits[0]!;
    out.evidence.push(ev(`throttling: ${best.rate} requests per second${best.partial ? ' (usage plan: callers with an API key of the plan)' : ''}`, best.loc, { type: 'rate-limit', state: 'present', limit: best.rate, periodSeconds: 1, ...(best.partial ? { partial: true } : {}) }));
  } else {
    out.evidence.push(ev('no stage or usage-plan throttling: account-level defaults only', apiLoc, { type: 'rate-limit', state: 'absent' }));
  }

  // Custom domains: mutual TLS and the TLS policy, and whether the default execute-api endpoint bypasses them.
  const disabled = bool(p['DisableExecuteApiEndpoint']) === true || bool(get(get(p['Body'] ?? p['DefinitionBody'], 'x-amazon-apigateway-endpoint-configuration'), 'disableExecuteApiEndpoint')) === true;
  const domains: { loc: Loc; mtls: boolean; policy?: string }[] = [];
  const readDomain = (d: unknown, loc: Loc) => {
    const policy = literal(get(d, 'SecurityPolicy')) ?? literal(get(arr(get(d, 'DomainNameConfigurations'))[0], 'SecurityPolicy'));
    domains.push({ loc, mtls: isObj(get(d, 'MutualTlsAuthentication')), ...(policy ? { policy } : {}) });
  };
  const mappings = http ? ['AWS::ApiGatewayV2::ApiMapping'] : ['AWS::ApiGateway::BasePathMapping', 'AWS::ApiGateway::BasePathMappingV2'];
  const seen = new Set<string>();
  for (const mt of mappings) {
    for (const [, m] of resourcesOf(t, mt)) {
      const mp = props(m);
      if (!refsTo(mp['RestApiId'] ?? mp['ApiId'], id)) continue;
      const dn = target(mp['DomainName'] ?? mp['DomainNameArn']);
      // The mapping names the domain by its logical id, or by the same value the domain resource's DomainName holds.
      const hit = Object.entries(t.resources).find(([did, d]) => /DomainName(V2)?$/.test(typeOf(d)) && (did === dn || target(props(d)['DomainName']) === dn));
      if (hit && !seen.has(hit[0])) {
        seen.add(hit[0]);
        readDomain(props(hit[1]), at(t, 'Resources', hit[0]));
      }
    }
  }
  if (sam && isObj(p['Domain'])) {
    const own = isObj(get(props(get(t.resources, id)), 'Domain'));
    readDomain(p['Domain'], own ? at(t, 'Resources', id, 'Properties', 'Domain') : at(t, 'Globals', http ? 'HttpApi' : 'Api', 'Domain'));
  }
  for (const d of domains) {
    const tls: Control = { type: 'tls', state: 'present', plaintext: false };
    if (d.policy) tls.minTlsVersion = d.policy;
    if (d.mtls) {
      tls.clientCertificate = 'required';
      if (!disabled) tls.bypass = 'the default execute-api endpoint is enabled, so clients can call the API without a client certificate';
    }
    out.evidence.push(ev(`custom domain${d.mtls ? ' with mutual TLS' : ''}${d.policy ? `, security policy ${d.policy}` : ''}${tls.bypass ? '; the default endpoint bypasses it' : ''}`, d.loc, tls));
  }
  const mtlsDomain = domains.find((d) => d.mtls);
  if (mtlsDomain && disabled && domains.every((d) => d.mtls)) {
    out.clientCertificate = { type: 'client-certificate', in: 'tls', scheme: 'MutualTlsAuthentication', detail: 'client certificate required by the custom domain (mutual TLS)', loc: mtlsDomain.loc };
  }

  // CORS and resource policies written on the API resource.
  const cors = p['CorsConfiguration'] ?? p['Cors'];
  if (cors !== undefined) {
    const corsLoc = at(t, 'Resources', id, 'Properties', p['CorsConfiguration'] !== undefined ? 'CorsConfiguration' : 'Cors');
    const unquote = (s: string) => s.replace(/^'(.*)'$/, '$1');
    const origins = typeof cors === 'string' ? [unquote(cors)] : arr(get(cors, 'AllowOrigins')).concat(typeof get(cors, 'AllowOrigin') === 'string' ? [get(cors, 'AllowOrigin')] : []).filter((x): x is string => typeof x === 'string').map(unquote);
    const credentials = bool(get(cors, 'AllowCredentials')) === true;
    out.evidence.push(ev(`CORS: origins ${origins.join(', ') || '(none)'}${credentials ? ', credentials allowed' : ''}`, corsLoc, { type: 'cors', state: 'present', origins, credentials }));
  }
  const endpointType = literal(p['EndpointConfiguration']) ?? arr(get(p['EndpointConfiguration'], 'Types')).concat([get(p['EndpointConfiguration'], 'Type')]).find((x): x is string => typeof x === 'string');
  if (p['Policy'] !== undefined || get(p['Auth'], 'ResourcePolicy') !== undefined || endpointType === 'PRIVATE') {
    out.evidence.push(ev(endpointType === 'PRIVATE' ? 'private endpoint: reachable from VPC endpoints only' : 'a resource policy restricts who may call the API', apiLoc, { type: 'ip-restriction', state: 'present' }));
  }
  return out;
}
