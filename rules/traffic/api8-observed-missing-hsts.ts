import type { Rule } from '../../src/model/rule.js';
import { observedOps, plural } from '../lib/traffic.js';

export const rule: Rule = {
  meta: {
    id: 'api8-observed-missing-hsts',
    title: 'No Strict-Transport-Security on https responses (observed)',
    description:
      'https responses seen in traffic carry no `Strict-Transport-Security` header. Without HSTS a client that is sent to, or types, an http:// URL makes one plain-text request first, which an attacker on the network can intercept (SSL stripping) — credentials included.',
    severity: 'low',
    owasp: ['API8:2023'],
    remediation: 'Send `Strict-Transport-Security: max-age=31536000; includeSubDomains` on every https response (at the gateway or load balancer), and redirect plain http to https.',
    tests: { fail: [{ file: 'fail.har', pointer: '/log/entries/0' }], pass: ['pass.har'] },
  },
  check({ api, report }) {
    const ops = observedOps(api).filter((o) => o.traffic.hsts.missing > 0);
    if (!ops.length) return;
    const missing = ops.reduce((n, o) => n + o.traffic.hsts.missing, 0);
    const https = ops.reduce((n, o) => n + o.traffic.hsts.https, 0);
    report({
      message: `${plural(missing, 'https response')} of ${https} on ${plural(ops.length, 'operation')} carry no Strict-Transport-Security header`,
      loc: ops[0]!.traffic.hsts.loc ?? ops[0]!.loc,
      operations: ops.map((o) => o.key),
    });
  },
};
