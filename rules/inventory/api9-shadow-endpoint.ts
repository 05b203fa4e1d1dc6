import type { Rule } from '../../src/model/rule.js';
import { acceptsAnonymous } from '../lib/ops.js';

export const rule: Rule = {
  meta: {
    id: 'api9-shadow-endpoint',
    title: 'Shadow endpoint: routed or called, but not described',
    description:
      'A gateway route or a call seen in traffic reaches this API on a path that no given OpenAPI document describes. Undocumented endpoints escape review, testing and deprecation: they are where forgotten debug, admin and old-version routes live.',
    severity: 'medium',
    owasp: ['API9:2023'],
    remediation:
      'Describe the endpoint in the OpenAPI document (with its security requirement) or remove the route. If it must stay undocumented, record why with `x-api-maturity-ignore` on the route or in the exceptions register.',
    tests: {
      fail: [
        { file: 'fail', pointer: '/services/0/routes/1' },
        { file: 'fail-traffic', pointer: '/log/entries/1' },
      ],
      pass: ['pass', 'pass-traffic'],
    },
  },
  check({ api, report }) {
    for (const op of api.operations) {
      if (!op.undocumented) continue;
      const sources = [...new Set(op.auth.map((p) => p.source))].join(', ') || 'another input';
      const open = acceptsAnonymous(op);
      report({
        message: `${op.key} (${sources}) is not described in any given OpenAPI document${open ? ' and accepts calls without a credential' : ''}`,
        loc: op.loc,
        severity: open ? 'high' : 'medium',
        operations: [op.key],
      });
    }
  },
};
