import type { Api, Operation, SecurityScheme } from '../../src/model/types.js';
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
  return api.operations.filter((o) => o.security?.some((req) => req.some((u) => u.scheme === scheme.name))).map((o) => o.key);
}

/** Schemes actually referenced by some operation's effective security (unused definitions are not findings). */
export function usedSchemes(api: Api): SecurityScheme[] {
  const used = new Set<string>();
  for (const o of api.operations) for (const req of o.security ?? []) for (const u of req) used.add(u.scheme);
  return api.securitySchemes.filter((s) => used.has(s.name));
}

export function opLabel(op: Operation): string {
  return op.key;
}
