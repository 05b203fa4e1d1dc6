import type {
  Api,
  Deref,
  AuthPosture,
  Callback,
  Loc,
  MediaType,
  Operation,
  Parameter,
  RequestBody,
  Response,
  ResponseHeader,
  SchemeUse,
  SecurityScheme,
  Server,
} from '../../model/types.js';
import { arr, extensionsOf, get, HTTP_METHODS, isObj, isPlainHttp, keys, obj, slug, str } from '../../model/util.js';
import { isAuthEntryPoint } from '../../model/public.js';
import { InputError } from '../../load/errors.js';
import { joinPointer, type ParsedFile } from '../../load/parse.js';
import type { AdapterContext, Contribution, KindAdapter } from '../types.js';
import { credentialsOfRequirement, describeRequirement, readRequirements, readSchemes } from './security.js';
import { applyAwsExtensions, AWS_ANY_METHOD, hasAwsExtensions } from '../aws/openapi.js';

const METHODS = HTTP_METHODS;

export function openapiVersion(doc: unknown): string | undefined {
  if (!isObj(doc)) return undefined;
  const sw = doc['swagger'];
  if (sw === '2.0' || sw === 2 || sw === 2.0) return '2.0';
  const oa = doc['openapi'];
  if (typeof oa === 'string' && /^3\.\d+(\.\d+)?/.test(oa)) return oa;
  return undefined;
}

export const openapiAdapter: KindAdapter = {
  kind: 'openapi',
  title: 'OpenAPI 2.0 / 3.0 / 3.1',
  sniff: /(^|[{,\s])["']?(openapi|swagger)["']?\s*:\s*["']?(2\.0|3\.\d)/m,
  detect(pf) {
    return openapiVersion(pf.docs[0]) !== undefined;
  },
  toModel(pf, ctx) {
    return buildOpenApi(pf, ctx);
  },
};

interface Build {
  file: string;
  v2: boolean;
  root: Record<string, unknown>;
  resolver: Deref;
  /** Pointer of the document's root inside its file ('' for a standalone document, a template's `Body` otherwise). */
  base: string;
  schemes: Map<string, SecurityScheme>;
  described: boolean;
  consumes: string[];
  produces: string[];
  budget: { left: number; limit: number };
}

/** An OpenAPI document: a whole file, or one embedded in another (a CloudFormation `Body`) at `base`. */
export interface DocumentView {
  file: string;
  root: Record<string, unknown>;
  base: string;
  /** Resolves `$ref`s; for an embedded document, local references are relative to its root. */
  deref: Deref;
  /** Name to use when `info.title` is not a plain string (templates often put an intrinsic there). */
  fallbackTitle?: string;
  /** Operations the run may still add (`AdapterContext.operationBudget`). */
  budget?: { left: number; limit: number };
}

function buildOpenApi(pf: ParsedFile, ctx: AdapterContext): Contribution {
  ctx.resolver.scan(pf.file);
  const api = buildOpenApiDocument({ file: pf.file, root: obj(pf.docs[0])!, base: '', deref: ctx.resolver, ...(ctx.operationBudget ? { budget: ctx.operationBudget } : {}) });
  return { apis: [api] };
}

/** The API an OpenAPI document describes; `x-amazon-apigateway-*` extensions add the gateway's configured evidence. */
export function buildOpenApiDocument(view: DocumentView): Api {
  const { root, file, base } = view;
  const version = openapiVersion(root)!;
  const v2 = version === '2.0';
  const resolver = view.deref;
  const at = (...segs: string[]) => joinPointer(base, ...segs);
  const schemeList = readSchemes(root, file, v2, resolver, base);
  const schemes = new Map(schemeList.map((s) => [s.name, s]));
  const info = obj(get(root, 'info'));
  const title = str(get(info, 'title'))?.trim() || view.fallbackTitle || file.replace(/^.*\//, '').replace(/\.(ya?ml|json)$/i, '');
  const apiVersion = str(get(info, 'version')) ?? (typeof get(info, 'version') === 'number' ? String(get(info, 'version')) : undefined);

  const b: Build = {
    file,
    v2,
    root,
    resolver,
    base,
    schemes,
    described: schemeList.length > 0 || hasAnySecurity(root),
    consumes: arr(get(root, 'consumes')).filter((x): x is string => typeof x === 'string'),
    produces: arr(get(root, 'produces')).filter((x): x is string => typeof x === 'string'),
    budget: view.budget ?? { left: Infinity, limit: Infinity },
  };
  const rootSecurityRaw = get(root, 'security');
  const rootSecurity = Array.isArray(rootSecurityRaw) ? readRequirements(rootSecurityRaw, schemes) : undefined;
  const servers = v2 ? serversV2(root, file, base) : serversV3(get(root, 'servers'), { file, pointer: at('servers') });

  const operations: Operation[] = [];
  const paths = get(root, 'paths');
  for (const p of keys(paths)) {
    if (p.startsWith('x-')) continue;
    const itemLoc: Loc = { file, pointer: at('paths', p) };
    operations.push(...pathItemOperations(b, p, get(paths, p), itemLoc, rootSecurity, servers, false));
  }
  const webhooks: Operation[] = [];
  const wh = get(root, 'webhooks');
  for (const name of keys(wh)) {
    webhooks.push(...pathItemOperations(b, name, get(wh, name), { file, pointer: at('webhooks', name) }, undefined, [], true));
  }

  const api: Api = {
    id: slug(title) + (apiVersion ? '@' + apiVersion : ''),
    name: title,
    sources: [file],
    kinds: ['openapi'],
    baseUrls: servers.map((s) => s.url).filter((u) => /^[a-z]+:\/\//i.test(u)),
    openapi: version,
    described: b.described,
    servers,
    securitySchemes: schemeList,
    operations,
    webhooks,
    evidence: [],
    authServers: [],
    extensions: extensionsOf(root),
    loc: { file, pointer: base },
    deref: resolver,
  };
  if (apiVersion !== undefined) api.version = apiVersion;
  if (rootSecurity) api.rootSecurity = rootSecurity;
  if (hasAwsExtensions(root)) applyAwsExtensions(api, root, base);
  return api;
}

function hasAnySecurity(root: unknown): boolean {
  if (Array.isArray(get(root, 'security')) && arr(get(root, 'security')).some((r) => keys(r).length > 0)) return true;
  const paths = get(root, 'paths');
  for (const p of keys(paths)) {
    const item = get(paths, p);
    for (const m of METHODS) {
      const sec = get(get(item, m), 'security');
      if (Array.isArray(sec) && sec.some((r) => keys(r).length > 0)) return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------- servers

function substituteVariables(url: string, vars: unknown): string {
  return url.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const v = get(get(vars, name), 'default');
    return typeof v === 'string' || typeof v === 'number' ? String(v) : whole;
  });
}

function serversV3(raw: unknown, at: Loc): Server[] {
  return arr(raw).flatMap((s, i) => {
    const url = str(get(s, 'url'));
    if (url === undefined) return [];
    const server: Server = { url: substituteVariables(url, get(s, 'variables')), loc: { file: at.file, pointer: joinPointer(at.pointer, i, 'url') } };
    const d = str(get(s, 'description'));
    if (d !== undefined) server.description = d;
    const ext = extensionsOf(s);
    if (Object.keys(ext).length) server.extensions = ext;
    return [server];
  });
}

function serversV2(root: unknown, file: string, base: string): Server[] {
  const host = str(get(root, 'host'));
  const basePath = str(get(root, 'basePath')) ?? '';
  const schemes = arr(get(root, 'schemes')).filter((s): s is string => typeof s === 'string');
  if (!host) return basePath ? [{ url: basePath, loc: { file, pointer: joinPointer(base, 'basePath') } }] : [];
  const list = schemes.length ? schemes : ['https'];
  return list.map((sc, i) => ({
    url: `${sc.toLowerCase()}://${host}${basePath}`,
    loc: { file, pointer: schemes.length ? joinPointer(base, 'schemes', i) : joinPointer(base, 'host') },
    ...(schemes.length ? {} : { description: 'scheme not stated (schemes absent)' }),
  }));
}

// ---------------------------------------------------------------- operations

function pathItemOperations(
  b: Build,
  path: string,
  rawItem: unknown,
  itemLoc: Loc,
  rootSecurity: SchemeUse[][] | undefined,
  apiServers: Server[],
  isWebhook: boolean,
): Operation[] {
  const r = b.resolver.deref(rawItem, itemLoc);
  const item = r.value;
  if (!isObj(item)) return [];
  const at = r.loc;
  const itemParams = arr(item['parameters']);
  const itemServers = b.v2 ? [] : serversV3(item['servers'], { file: at.file, pointer: joinPointer(at.pointer, 'servers') });
  const out: Operation[] = [];
  const methods: [string, unknown, Loc][] = [];
  for (const m of METHODS) {
    if (m in item && Object.prototype.hasOwnProperty.call(item, m)) methods.push([m, item[m], { file: at.file, pointer: joinPointer(at.pointer, m) }]);
  }
  // API Gateway's catch-all method: one operation for every method.
  if (get(item, AWS_ANY_METHOD) !== undefined) methods.push(['any', get(item, AWS_ANY_METHOD), { file: at.file, pointer: joinPointer(at.pointer, AWS_ANY_METHOD) }]);
  const extra = get(item, 'additionalOperations');
  for (const m of keys(extra)) methods.push([m.toLowerCase(), get(extra, m), { file: at.file, pointer: joinPointer(at.pointer, 'additionalOperations', m) }]);
  for (const [method, rawOp, opLoc] of methods) {
    const rop = b.resolver.deref(rawOp, opLoc);
    if (!isObj(rop.value)) continue;
    out.push(buildOperation(b, method, path, rop.value, rop.loc, itemParams, at, rootSecurity, itemServers.length ? itemServers : apiServers, isWebhook));
  }
  return out;
}

function buildOperation(
  b: Build,
  method: string,
  path: string,
  op: Record<string, unknown>,
  loc: Loc,
  itemParams: unknown[],
  itemLoc: Loc,
  rootSecurity: SchemeUse[][] | undefined,
  inherited: Server[],
  isWebhook: boolean,
): Operation {
  // Shared callbacks (`$ref`) multiply: a small document can stand for millions of operations.
  if (--b.budget.left < 0) throw new InputError(b.file, `more than ${b.budget.limit.toLocaleString('en-US')} operations, callbacks and webhooks included (raise the limit with --max-file-size)`);
  const opServers = b.v2 ? [] : serversV3(op['servers'], { file: loc.file, pointer: joinPointer(loc.pointer, 'servers') });
  const servers = opServers.length ? opServers : inherited;
  const params = mergeParameters(b, itemParams, itemLoc, arr(op['parameters']), loc);
  const operation: Operation = {
    key: `${method.toUpperCase()} ${path}`,
    method,
    path,
    tags: arr(op['tags']).filter((t): t is string => typeof t === 'string'),
    deprecated: op['deprecated'] === true,
    securityFrom: 'none',
    parameters: [],
    responses: readResponses(b, op['responses'], { file: loc.file, pointer: joinPointer(loc.pointer, 'responses') }, op),
    callbacks: [],
    servers,
    auth: [],
    evidence: [],
    extensions: extensionsOf(op),
    loc,
  };
  const opId = str(op['operationId']);
  if (opId !== undefined) operation.operationId = opId;
  const summary = str(op['summary']);
  if (summary !== undefined) operation.summary = summary;
  const description = str(op['description']);
  if (description !== undefined) operation.description = description;

  // Parameters and request body (Swagger 2.0 `in: body` becomes the request body).
  const bodyParams = params.filter((p) => p.raw && get(p.raw, 'in') === 'body');
  operation.parameters = params.filter((p) => !(p.raw && get(p.raw, 'in') === 'body')).map((p) => p.param);
  if (b.v2) {
    const bp = bodyParams[0];
    if (bp) {
      const consumes = arr(op['consumes']).filter((x): x is string => typeof x === 'string');
      const types = consumes.length ? consumes : b.consumes.length ? b.consumes : ['application/json'];
      const schemaRaw = get(bp.raw, 'schema');
      const sloc = { file: bp.param.loc.file, pointer: joinPointer(bp.param.loc.pointer, 'schema') };
      operation.requestBody = {
        required: get(bp.raw, 'required') === true,
        content: types.map((t) => ({ contentType: t, ...(schemaRaw !== undefined ? { schema: { node: schemaRaw, loc: sloc } } : {}), loc: bp.param.loc })),
        loc: bp.param.loc,
      };
    }
  } else if (op['requestBody'] !== undefined) {
    const rb = b.resolver.deref(op['requestBody'], { file: loc.file, pointer: joinPointer(loc.pointer, 'requestBody') });
    if (isObj(rb.value)) {
      const body: RequestBody = { required: rb.value['required'] === true, content: readContent(rb.value['content'], rb.loc), loc: rb.loc };
      operation.requestBody = body;
    }
  }

  // Callbacks (3.x): requests this API makes to the consumer.
  if (!b.v2) {
    const cbs = op['callbacks'];
    for (const name of keys(cbs)) {
      const cbLoc: Loc = { file: loc.file, pointer: joinPointer(loc.pointer, 'callbacks', name) };
      const cb = b.resolver.deref(get(cbs, name), cbLoc);
      const ops: Operation[] = [];
      for (const expr of keys(cb.value)) {
        if (expr.startsWith('x-')) continue;
        ops.push(...pathItemOperations(b, expr, get(cb.value, expr), { file: cb.loc.file, pointer: joinPointer(cb.loc.pointer, expr) }, undefined, [], true));
      }
      const callback: Callback = { name, operations: ops, loc: cb.loc };
      operation.callbacks.push(callback);
    }
  }

  // Effective security: the operation's own list overrides the root's; `[]` removes it; `{}` makes it optional.
  const ownSec = op['security'];
  if (Array.isArray(ownSec)) {
    operation.security = readRequirements(ownSec, b.schemes);
    operation.securityFrom = 'operation';
    operation.securityLoc = { file: loc.file, pointer: joinPointer(loc.pointer, 'security') };
  } else if (rootSecurity && !isWebhook) {
    operation.security = rootSecurity;
    operation.securityFrom = 'root';
    operation.securityLoc = { file: b.file, pointer: joinPointer(b.base, 'security') };
  }
  if (op['x-api-maturity-public'] === true) operation.public = 'declared';
  else if (!isWebhook && isAuthEntryPoint(method, path, opId, summary)) operation.public = 'auth-entry-point';
  operation.auth.push(declaredPosture(b, operation));
  return operation;
}

function declaredPosture(b: Build, op: Operation): AuthPosture {
  const at = op.securityLoc ?? op.loc;
  const plaintext = op.servers.some((s) => isPlainHttp(s.url));
  if (!b.described) {
    return { evidence: 'declared', source: 'openapi', confidence: 'low', loc: { file: b.file, pointer: b.base }, alternatives: [], silent: true, summary: 'security not described' };
  }
  const reqs = op.security ?? [];
  const alternatives = reqs.length === 0 ? [[]] : reqs.map((req) => credentialsOfRequirement(req, at));
  const summary =
    op.security === undefined
      ? 'declared: no security requirement'
      : reqs.length === 0
        ? 'declared: security [] (none)'
        : 'declared: ' + reqs.map(describeRequirement).join(' OR ');
  const posture: AuthPosture = { evidence: 'declared', source: 'openapi', confidence: 'low', loc: at, alternatives, summary };
  if (plaintext) posture.plaintext = true;
  return posture;
}

// ---------------------------------------------------------------- parameters, content, responses

interface RawParam {
  raw: unknown;
  param: Parameter;
}

function mergeParameters(b: Build, itemParams: unknown[], itemLoc: Loc, opParams: unknown[], opLoc: Loc): RawParam[] {
  const byKey = new Map<string, RawParam>();
  const add = (list: unknown[], base: Loc) => {
    list.forEach((raw, i) => {
      const r = b.resolver.deref(raw, { file: base.file, pointer: joinPointer(base.pointer, 'parameters', i) });
      const p = r.value;
      if (!isObj(p)) return;
      const name = str(p['name']) ?? '';
      const inn = str(p['in']) ?? '';
      const param: Parameter = { name, in: inn, required: p['required'] === true || inn === 'path', loc: r.loc };
      if (p['deprecated'] === true) param.deprecated = true;
      const d = str(p['description']);
      if (d !== undefined) param.description = d;
      if (b.v2 && inn !== 'body') param.schema = { node: p, loc: r.loc };
      else if (p['schema'] !== undefined) param.schema = { node: p['schema'], loc: { file: r.loc.file, pointer: joinPointer(r.loc.pointer, 'schema') } };
      else if (isObj(p['content'])) {
        const first = Object.keys(p['content'])[0];
        const s = first !== undefined ? get(get(p['content'], first), 'schema') : undefined;
        if (s !== undefined) param.schema = { node: s, loc: { file: r.loc.file, pointer: joinPointer(r.loc.pointer, 'content', first!, 'schema') } };
      }
      byKey.set(`${inn}\u0000${name}`, { raw: p, param });
    });
  };
  add(itemParams, itemLoc);
  add(opParams, opLoc);
  return [...byKey.values()];
}

function readContent(raw: unknown, at: Loc): MediaType[] {
  return keys(raw).map((ct) => {
    const mloc: Loc = { file: at.file, pointer: joinPointer(at.pointer, 'content', ct) };
    const s = get(get(raw, ct), 'schema');
    const mt: MediaType = { contentType: ct, loc: mloc };
    if (s !== undefined) mt.schema = { node: s, loc: { file: mloc.file, pointer: joinPointer(mloc.pointer, 'schema') } };
    return mt;
  });
}

function readResponses(b: Build, raw: unknown, at: Loc, op: Record<string, unknown>): Response[] {
  const out: Response[] = [];
  for (const status of keys(raw)) {
    if (status.startsWith('x-')) continue;
    const r = b.resolver.deref(get(raw, status), { file: at.file, pointer: joinPointer(at.pointer, status) });
    const v = r.value;
    if (!isObj(v)) {
      out.push({ status, headers: [], content: [], loc: r.loc });
      continue;
    }
    const headers: ResponseHeader[] = keys(v['headers']).map((h) => {
      const hl: Loc = { file: r.loc.file, pointer: joinPointer(r.loc.pointer, 'headers', h) };
      const hr = b.resolver.deref(get(v['headers'], h), hl);
      const header: ResponseHeader = { name: h, loc: hr.loc };
      if (b.v2) header.schema = { node: hr.value, loc: hr.loc };
      else if (get(hr.value, 'schema') !== undefined) header.schema = { node: get(hr.value, 'schema'), loc: { file: hr.loc.file, pointer: joinPointer(hr.loc.pointer, 'schema') } };
      return header;
    });
    let content: MediaType[];
    if (b.v2) {
      const produces = arr(op['produces']).filter((x): x is string => typeof x === 'string');
      const types = produces.length ? produces : b.produces.length ? b.produces : ['application/json'];
      content =
        v['schema'] !== undefined
          ? types.map((t) => ({ contentType: t, schema: { node: v['schema'], loc: { file: r.loc.file, pointer: joinPointer(r.loc.pointer, 'schema') } }, loc: r.loc }))
          : [];
    } else {
      content = readContent(v['content'], r.loc);
    }
    const resp: Response = { status, headers, content, loc: r.loc };
    const d = str(v['description']);
    if (d !== undefined) resp.description = d;
    out.push(resp);
  }
  return out;
}
