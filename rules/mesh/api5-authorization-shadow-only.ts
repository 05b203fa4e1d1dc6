import type { Rule } from '../../src/model/rule.js';
import { controlGroups, controlsOf, opsLabel } from '../lib/gateway.js';

export const rule: Rule = {
  meta: {
    id: 'api5-authorization-shadow-only',
    title: 'Authorization policy in dry-run mode only',
    description:
      'The only authorization policy on these routes runs in shadow (dry-run) mode: Envoy RBAC `shadow_rules` or `shadow_matcher` without `rules` or `matcher` only record what would be denied. Every authenticated — or anonymous — caller reaches every function the policy was meant to restrict.',
    severity: 'medium',
    owasp: ['API5:2023', 'API1:2023'],
    remediation:
      'Promote the policy once its shadow statistics look right: copy `shadow_rules` into `rules` (or `shadow_matcher` into `matcher`) in the RBAC filter, and keep the shadow copy only for the next change you are testing.',
    tests: { fail: [{ file: 'fail.yaml', pointer: '/static_resources/listeners/0/filter_chains/0/filters/0/typed_config/http_filters/1/typed_config' }], pass: ['pass.yaml'] },
  },
  check({ api, report }) {
    const enforced = (op: Parameters<typeof controlsOf>[0]) => controlsOf(op, 'access-control').some((e) => e.control.state === 'present');
    for (const { loc, ops } of controlGroups(api, 'access-control', (c, op) => c.shadow === true && !enforced(op))) {
      report({ message: `the authorization policy for ${opsLabel(ops)} only records decisions (shadow rules): nothing is denied`, loc, operations: ops });
    }
  },
};
