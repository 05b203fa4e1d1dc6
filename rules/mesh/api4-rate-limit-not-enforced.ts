import type { Rule } from '../../src/model/rule.js';
import { ByLoc, controlsOf, opsLabel } from '../lib/gateway.js';

export const rule: Rule = {
  meta: {
    id: 'api4-rate-limit-not-enforced',
    title: 'Rate limit configured but not enforced',
    description:
      'A rate limit is configured but does not limit anything: Envoy `local_ratelimit` enforces on 0 % of requests unless `filter_enabled` and `filter_enforced` say otherwise (both default to 0 % "for safety"), and a global `ratelimit` filter without `rate_limits` actions on the route or virtual host never asks the rate-limit service. The configuration reads as protected while one client can still exhaust the backend.',
    severity: 'medium',
    owasp: ['API4:2023'],
    remediation:
      'Turn the limit on: give Envoy `local_ratelimit` `filter_enabled` and `filter_enforced` with `default_value: {numerator: 100, denominator: HUNDRED}` (keep the `token_bucket`), and add `rate_limits: [{actions: [...]}]` to the routes or virtual hosts a global `ratelimit` filter should cover.',
    tests: { fail: [{ file: 'fail.yaml', pointer: '/static_resources/listeners/0/filter_chains/0/filters/0/typed_config/http_filters/1/typed_config' }], pass: ['pass.yaml'] },
  },
  check({ api, report }) {
    const groups = new ByLoc<string>();
    for (const op of api.operations) for (const e of controlsOf(op, 'rate-limit')) if (e.control.shadow) groups.add(e.loc, op, e.summary);
    for (const { loc, ops, first } of groups.entries()) {
      report({ message: `${first} — nothing is limited on ${opsLabel(ops)}`, loc, operations: ops });
    }
  },
};
