import type { Rule } from '../../src/model/rule.js';
import type { SchemeUse } from '../../src/model/types.js';
import { isAdminLike, isReadScope, protectedOps } from '../lib/ops.js';

function scopeKey(sec: SchemeUse[][] | undefined): string {
  return (sec ?? [])
    .map((req) => req.map((u) => `${u.scheme}[${[...u.scopes].sort().join(',')}]`).sort().join('+'))
    .sort()
    .join('|');
}

export const rule: Rule = {
  meta: {
    id: 'api5-delete-shares-read-scope',
    title: 'DELETE needs no more than reading',
    description:
      'A DELETE operation declares its own security, with scopes, yet requires exactly the same scopes as the GET on the same resource: whoever may read an object may destroy it. Privileged methods should need a privilege of their own. Operations whose scopes are all read-only are reported by `api2-write-accepts-read-scope` instead; admin paths by `api5-admin-unprotected`.',
    severity: 'medium',
    owasp: ['API5:2023'],
    remediation: 'Require a dedicated scope for deletion (`security: [{oauth: [orders:delete]}]`, or at least the write scope) and grant it only to clients that need it.',
    tests: { fail: [{ file: 'fail.yaml', pointer: '/paths/~1orders~1{id}/delete/security' }], pass: ['pass.yaml'] },
  },
  check({ api, report }) {
    const byPath = new Map<string, (typeof api.operations)[number][]>();
    for (const op of protectedOps(api)) {
      const l = byPath.get(op.path) ?? [];
      l.push(op);
      byPath.set(op.path, l);
    }
    for (const ops of byPath.values()) {
      const get = ops.find((o) => o.method === 'get');
      const del = ops.find((o) => o.method === 'delete');
      if (!get || !del || del.securityFrom !== 'operation' || !del.securityLoc || isAdminLike(del)) continue;
      const scopes = (del.security ?? []).flat().flatMap((u) => u.scopes);
      if (!scopes.length || scopes.every(isReadScope)) continue;
      if (scopeKey(del.security) !== scopeKey(get.security)) continue;
      report({
        message: `${del.key} requires exactly the scopes of ${get.key} (${[...new Set(scopes)].map((s) => `'${s}'`).join(', ')}): every client allowed to read may also delete`,
        loc: del.securityLoc,
        operations: [del.key],
        remediation: `Give ${del.key} a scope of its own: \`security: [{${(del.security ?? [])[0]?.[0]?.scheme ?? 'oauth'}: [${scopes[0]!.replace(/:(read|write|\w+)$/, '')}:delete]}]\`, granted only to clients that must delete.`,
      });
    }
  },
};
