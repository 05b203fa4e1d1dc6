import type { Rule } from '../../src/model/rule.js';
import { credentialGroups, opsLabel } from '../lib/gateway.js';

export const rule: Rule = {
  meta: {
    id: 'api2-authz-fail-open',
    title: 'External authorization fails open',
    description:
      'Requests are checked by an external authorization service, but when that service errors, times out or cannot be reached the gateway lets them through (Envoy `ext_authz` `failure_mode_allow: true`, Envoy Gateway `extAuth.failOpen: true`). An attacker who can slow down or overload the authorizer — or simply waits for an outage — reaches the API without any credential.',
    severity: 'high',
    owasp: ['API2:2023', 'API8:2023'],
    requirement: 'R1.1',
    remediation:
      'Fail closed: remove `failure_mode_allow` from the Envoy `ext_authz` filter (its default is `false`) and set `status_on_error: {code: 503}`; in Envoy Gateway set `extAuth.failOpen: false`. Keep the authorizer highly available instead (replicas, a short `timeout`, local caching of decisions).',
    tests: { fail: [{ file: 'fail.yaml', pointer: '/static_resources/listeners/0/filter_chains/0/filters/0/typed_config/http_filters/0' }], pass: ['pass.yaml'] },
  },
  check({ api, report }) {
    for (const { loc, ops, first } of credentialGroups(api, (c) => c.failOpen === true)) {
      report({ message: `${first.detail ?? 'external authorization'}: requests to ${opsLabel(ops)} pass without a decision when the authorization service fails`, loc, operations: ops });
    }
  },
};
