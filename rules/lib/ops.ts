import type { Api, Loc, Operation, SecurityScheme } from '../../src/model/types.js';
import { governingAlternatives, isUndescribed } from '../../src/model/auth.js';
export { acceptsAnonymous, governingAlternatives, governingPostures, isUndescribed, WRITE_METHODS } from '../../src/model/auth.js';

/** Operations that are not public by design (declared public or authentication entry points). */
export function protectedOps(api: Api): Operation[] {
  return api.operations.filter((o) => !o.public);
}

const ADMIN_SEGMENT = /^(admin|admins|administration|administrator|internal|management|manage|mgmt|backoffice|back-office|staff|superuser|sudo|ops|debug|system|sys|root|actuator)$/i;
const ADMIN_ID = /(^|[_\-\s.])(admin|administer|administrat|internal|impersonat|superuser|sudo|backoffice)/i;

/** Admin, internal or management operations, from the path, tags or operationId. */
export function isAdminLike(op: Operation): boolean {
  const segs = op.path.split('/').filter(Boolean);
  if (segs.some((s) => ADMIN_SEGMENT.test(s))) return true;
  if (op.tags.some((t) => /^(admin|administration|internal|management)$/i.test(t.trim()))) return true;
  if (op.operationId && ADMIN_ID.test(op.operationId.replace(/([a-z])([A-Z])/g, '$1_$2'))) return true;
  return false;
}

/** Operations (keys) whose effective security uses the scheme. */
export function opsUsingScheme(api: Api, scheme: SecurityScheme): string[] {
  return securedOperations(api)
    .filter(({ op }) => op.security?.some((req) => req.some((u) => u.scheme === scheme.name)))
    .map(({ key }) => key);
}

/**
 * Operations whose security says which schemes are in use: the API's operations, the callbacks they register and the
 * webhooks it sends (a webhook's `security` is how the API authenticates to the receiver, still a scheme it uses).
 */
function securedOperations(api: Api): { op: Operation; key: string }[] {
  const out = api.operations.map((op) => ({ op, key: op.key }));
  for (const op of api.operations) for (const cb of op.callbacks) for (const c of cb.operations) out.push({ op: c, key: op.key });
  for (const w of api.webhooks) out.push({ op: w, key: `WEBHOOK ${w.path}` });
  return out;
}

/**
 * Schemes actually referenced by some operation's effective security, webhooks and callbacks included (unused
 * definitions are not findings). A document with no operations at all is a library of definitions that other
 * documents use: all of its schemes count.
 */
export function usedSchemes(api: Api): SecurityScheme[] {
  if (isLibrary(api)) return api.securitySchemes;
  const used = new Set<string>();
  for (const { op } of securedOperations(api)) for (const req of op.security ?? []) for (const u of req) used.add(u.scheme);
  return api.securitySchemes.filter((s) => used.has(s.name));
}

export function opLabel(op: Operation): string {
  return op.key;
}

/** An OpenAPI document with no operations and no webhooks: a library of schemas and schemes other documents use. */
export function isLibrary(api: Api): boolean {
  return api.openapi !== undefined && api.operations.length === 0 && api.webhooks.length === 0;
}

/**
 * Operations an OpenAPI description declares (not gateway routes, mesh workloads or calls seen only in traffic): what
 * the rules that read descriptions judge. Other inputs have packs of their own.
 */
export function describedOps(api: Api): Operation[] {
  return api.operations.filter((o) => !o.undocumented && o.auth.some((p) => p.source === 'openapi'));
}

/** Where an operation's effective security is written: its own `security`, the root's, or the operation itself. */
export function securitySite(op: Operation): Loc {
  return op.securityLoc ?? op.loc;
}

/** Request and response statuses. */
export function isErrorStatus(status: string): boolean {
  return /^[45]/.test(status) || status === 'default';
}

/** The operation can be called without a credential, or with one that carries no scope. */
export function weaklyAuthorized(op: Operation): 'anonymous' | 'no-scopes' | undefined {
  if (isUndescribed(op)) return undefined;
  const alts = governingAlternatives(op);
  if (alts.some((a) => a.length === 0)) return 'anonymous';
  if (alts.some((a) => a.every((c) => !c.scopes || c.scopes.length === 0))) return 'no-scopes';
  return undefined;
}

/** The location of a scope in the scheme that defines it (`…/flows/authorizationCode/scopes/read`), if it does. */
export function scopeLoc(s: SecurityScheme | undefined, scope: string): Loc | undefined {
  for (const f of Object.values(s?.flows ?? {})) {
    if (f.scopes.includes(scope)) return { file: f.loc.file, pointer: `${f.loc.pointer}/scopes/${scope.replace(/~/g, '~0').replace(/\//g, '~1')}` };
  }
  return undefined;
}

/** Scheme types whose requirements carry OAuth scopes. */
export function isOAuthLike(s: SecurityScheme | undefined): boolean {
  return s?.type === 'oauth2' || s?.type === 'openIdConnect';
}

const READ_WORD = /^(read|reads|readonly|ro|view|viewer|get|list|reader|query|search|browse|public)$/;
const WRITE_WORD = /^(write|writes|rw|admin|manage|management|create|update|delete|edit|modify|full|all|owner|post|put|patch|remove|send|execute|transfer)$/;

/** A scope that only grants reading (`read`, `pets:read`, `…/drive.readonly`). */
export function isReadScope(scope: string): boolean {
  const w = scope.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  return w.some((x) => READ_WORD.test(x)) && !w.some((x) => WRITE_WORD.test(x));
}

const successHeaders = new WeakMap<Api, string[]>();

/** Operations whose 2xx responses declare headers (a `headers` object, even an empty one). Memoised per API. */
export function opsDeclaringSuccessHeaders(api: Api): string[] {
  const known = successHeaders.get(api);
  if (known) return known;
  const out = new Set<string>();
  for (const o of api.operations) {
    for (const r of o.responses) {
      if (!/^2/.test(r.status)) continue;
      const raw = api.deref.valueAt(r.loc);
      const h = raw !== null && typeof raw === 'object' && !Array.isArray(raw) && Object.prototype.hasOwnProperty.call(raw, 'headers') ? (raw as Record<string, unknown>)['headers'] : undefined;
      if (r.headers.length > 0 || (h !== null && typeof h === 'object')) out.add(o.key);
    }
  }
  const list = [...out];
  successHeaders.set(api, list);
  return list;
}

/** Some response of some operation declares a header with this name (case-insensitive). */
export function declaresResponseHeader(api: Api, name: RegExp): boolean {
  return api.operations.some((o) => o.responses.some((r) => r.headers.some((h) => name.test(h.name))));
}
