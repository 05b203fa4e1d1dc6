import type { Rule } from '../../src/model/rule.js';
import { duration, observedOps } from '../lib/traffic.js';

export const rule: Rule = {
  meta: {
    id: 'api2-observed-long-lived-token',
    title: 'Long-lived access tokens (observed)',
    description:
      'Access tokens seen in traffic live longer than the configured limit (`exp − iat`, default one hour). A stolen bearer token can be replayed until it expires; RFC 6750 §5.3 recommends lifetimes of one hour or less, and sensitive APIs use minutes.',
    severity: 'medium',
    owasp: ['API2:2023'],
    requirement: 'R2.3',
    remediation:
      'Issue access tokens that expire within the limit (5–15 minutes for sensitive data) and use refresh tokens (sender-constrained or rotated) for longer sessions; reject longer-lived tokens at the edge (Envoy `max_lifetime_seconds`, Kong `jwt.maximum_expiration`).',
    tests: { fail: [{ file: 'fail.har', pointer: '/log/entries/0/request/headers/0' }], pass: ['pass.har'] },
  },
  check({ api, report, options }) {
    for (const op of observedOps(api)) {
      for (const t of op.traffic.tokens) {
        if (t.lifetimeSeconds === undefined || t.lifetimeSeconds <= options.maxTokenLifetime) continue;
        report({
          message: `${op.key}: ${t.scheme} JWT (${t.alg ?? 'no alg'}${t.iss ? `, iss ${t.iss}` : ''}) lives ${duration(t.lifetimeSeconds)} (exp − iat), over the ${duration(options.maxTokenLifetime)} limit; e.g. ${t.fingerprint}`,
          loc: t.loc,
          operations: [op.key],
          sensitive: true,
          key: `${t.scheme}|${t.alg}|${t.iss}|${t.lifetimeSeconds}`,
        });
      }
    }
  },
};
