import type { Rule } from '../../src/model/rule.js';
import type { Operation, SchemeUse } from '../../src/model/types.js';
import { acceptsAnonymous, isAdminLike, isUndescribed, protectedOps } from '../lib/ops.js';

function securityKey(sec: SchemeUse[][] | undefined): string {
  if (!sec) return '';
  return sec
    .map((req) =>
      req
        .map((u) => `${u.scheme}[${[...u.scopes].sort().join(',')}]`)
        .sort()
        .join('+'),
    )
    .sort()
    .join('|');
}

export const rule: Rule = {
  meta: {
    id: 'api5-admin-unprotected',
    title: 'Admin operation no better protected than user operations',
    description:
      'Operations under admin, internal or management paths (or tagged so) that anyone can call, or that accept exactly the same credentials and scopes as ordinary user operations: any user, or anyone at all, can reach privileged functions.',
    severity: 'high',
    owasp: ['API5:2023'],
    requirement: 'R1.1',
    remediation:
      'Protect admin operations separately: require a dedicated scope or role (`security: [{oauth: [admin:write]}]`), or a different scheme (mTLS client certificates for operators), and never leave them without authentication.',
    supersedes: ['owasp:api5:2023-admin-security-unique'],
    tests: {
      fail: [
        { file: 'fail.yaml', pointer: '/paths/~1admin~1users/delete' },
        { file: 'fail-shared.yaml', pointer: '/paths/~1admin~1users/get' },
      ],
      pass: ['pass.yaml'],
    },
  },
  check({ api, report }) {
    const ops = protectedOps(api);
    const admin = ops.filter(isAdminLike);
    if (!admin.length) return;
    const userKeys = new Set(ops.filter((o) => !isAdminLike(o)).map((o) => securityKey(o.security)));
    for (const op of admin) {
      if (isUndescribed(op)) continue;
      if (acceptsAnonymous(op)) {
        report({ message: `${op.key}: admin operation accepts calls without a credential`, loc: op.loc, operations: [op.key] });
        continue;
      }
      const k = securityKey(op.security);
      if (k && userKeys.has(k)) {
        report({
          message: `${op.key}: admin operation accepts the same credentials and scopes as user operations`,
          loc: locOf(op),
          severity: 'medium',
          operations: [op.key],
        });
      }
    }
  },
};

function locOf(op: Operation) {
  return op.securityFrom === 'operation' && op.securityLoc ? op.securityLoc : op.loc;
}
