import type { Rule } from '../../src/model/rule.js';

const GATEWAY_KINDS = new Set(['kong', 'envoy', 'istio', 'aws']);

export const rule: Rule = {
  meta: {
    id: 'api9-zombie-operation',
    title: 'Documented operation without a route',
    description:
      'The OpenAPI document describes an operation that no route of the given gateway configuration serves, while other operations of the same API are routed. Either the description is out of date (a zombie operation clients may still try), or the operation is served some other way that bypasses the gateway.',
    severity: 'low',
    owasp: ['API9:2023'],
    remediation: 'Remove the operation from the description if it is retired, or add the route to the gateway so that its authentication and rate limits apply.',
    tests: { fail: [{ file: 'fail', pointer: '/paths/~1legacy/get' }], pass: ['pass'] },
  },
  check({ api, report }) {
    if (!api.kinds.includes('openapi') || !api.kinds.some((k) => GATEWAY_KINDS.has(k))) return;
    const routed = (o: (typeof api.operations)[number]) => o.auth.some((p) => p.evidence === 'configured');
    if (!api.operations.some(routed)) return;
    for (const op of api.operations) {
      if (op.undocumented || routed(op)) continue;
      report({ message: `${op.key} is documented but no gateway route serves it`, loc: op.loc, operations: [op.key] });
    }
  },
};
