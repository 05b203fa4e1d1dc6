import type { Rule } from '../../src/model/rule.js';
import { protectedOps } from '../lib/ops.js';

export const rule: Rule = {
  meta: {
    id: 'api2-optional-auth',
    title: 'Authentication is optional',
    description:
      'A security requirement list that contains an empty object `{}` lets clients skip authentication: the operation accepts anonymous calls beside authenticated ones.',
    severity: 'high',
    owasp: ['API2:2023'],
    requirement: 'R1.1',
    remediation: 'Remove the empty `{}` entry from the `security` list so that one of the real requirements must be met.',
    tests: { fail: [{ file: 'fail.yaml', pointer: '/security' }], pass: ['pass.yaml'] },
  },
  check({ api, report }) {
    // Reported once where the optional requirement is written, listing the operations that inherit it.
    const byLoc = new Map<string, { loc: NonNullable<(typeof api.operations)[number]['securityLoc']>; ops: string[] }>();
    for (const op of protectedOps(api)) {
      const sec = op.security;
      if (!sec || !op.securityLoc) continue;
      if (!(sec.some((r) => r.length === 0) && sec.some((r) => r.length > 0))) continue;
      const k = `${op.securityLoc.file}#${op.securityLoc.pointer}`;
      const e = byLoc.get(k) ?? { loc: op.securityLoc, ops: [] };
      e.ops.push(op.key);
      byLoc.set(k, e);
    }
    for (const { loc, ops } of byLoc.values()) {
      report({
        message: `security includes \`{}\`: ${ops.length === 1 ? ops[0] : `${ops.length} operations`} accept${ops.length === 1 ? 's' : ''} anonymous calls`,
        loc,
        operations: ops,
      });
    }
  },
};
