// The shapes every gateway and mesh adapter builds: an API per service / virtual host / workload and an operation per
// route, with nothing of OpenAPI's detail (parameters, bodies, responses) that a route does not have.

import type { Api, Deref, InputKind, Loc, Operation, RouteMatch } from '../model/types.js';
import { isAuthEntryPoint } from '../model/public.js';
import { slug } from '../model/util.js';

/**
 * A route as an operation `METHOD path` (method lower-case, `any`, or several joined by commas), covering `match`.
 * It is public when it is an authentication entry point (login, token, …) for any of its methods.
 */
export function routeOperation(method: string, path: string, loc: Loc, match?: RouteMatch, name?: string): Operation {
  const op: Operation = {
    key: `${method.toUpperCase()} ${path}`,
    method,
    path,
    tags: [],
    deprecated: false,
    securityFrom: 'none',
    parameters: [],
    responses: [],
    callbacks: [],
    servers: [],
    auth: [],
    evidence: [],
    extensions: {},
    loc,
  };
  if (match) op.match = match;
  if (name) op.operationId = name;
  const tried = method === 'any' ? ['get', 'post'] : method.split(',');
  if (tried.some((m) => isAuthEntryPoint(m, path.replace(/^~/, ''), name))) op.public = 'auth-entry-point';
  return op;
}

/** A route's match for one of its methods (`any` = every method) on the given host names. */
export function matchFor(m: RouteMatch, method: string, hosts?: string[]): RouteMatch {
  const out: RouteMatch = { kind: m.kind, value: m.value };
  if (method !== 'any') out.methods = [method];
  if (hosts?.length) out.hosts = hosts;
  return out;
}

/**
 * The one operation of a gateway whose routes are not among the inputs (RDS not given, a Gateway without routes): its
 * posture is `silent`, so the report says "not described" instead of guessing a level.
 */
export function unroutedOperation(source: InputKind, loc: Loc, why: string): Operation {
  const op = routeOperation('any', '/', loc);
  op.auth.push({ evidence: 'configured', source, confidence: 'low', loc, alternatives: [], silent: true, summary: `configured: ${why}` });
  return op;
}

/** An API a gateway or mesh configuration contributes (a service, a virtual host, a workload). */
export function gatewayApi(p: { id: string; name: string; kind: InputKind; file: string; loc: Loc; deref: Deref }): Api {
  return {
    id: slug(p.id),
    name: p.name,
    sources: [p.file],
    kinds: [p.kind],
    baseUrls: [],
    described: true,
    servers: [],
    securitySchemes: [],
    operations: [],
    webhooks: [],
    evidence: [],
    authServers: [],
    extensions: {},
    loc: p.loc,
    deref: p.deref,
  };
}
