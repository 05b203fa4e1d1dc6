import type { Rule } from '../../src/model/rule.js';
import { controlGroups, opsLabel } from '../lib/gateway.js';

export const rule: Rule = {
  meta: {
    id: 'api8-cors-credentials-wildcard',
    title: 'CORS allows any origin with credentials',
    description:
      'The gateway answers cross-origin requests from any origin (`*`, or no origin list, which Kong treats as `*`) and allows credentials. Gateways implement this by reflecting the caller\'s origin, so any web page a user visits can call the API with the user\'s cookies or HTTP authentication and read the answers. Any origin without credentials is reported at low severity.',
    severity: 'high',
    owasp: ['API8:2023'],
    remediation:
      'List the origins that may call the API (Kong `cors` `origins: [https://app.example.com]`; API Gateway `AllowOrigins`; Envoy `allow_origin_string_match` with `exact` origins; Istio `corsPolicy.allowOrigins`; Envoy Gateway `cors.allowOrigins`), and allow credentials only for those. Never combine `*` with `credentials: true`.',
    tests: { fail: [{ file: 'fail.yaml', pointer: '/plugins/0' }], pass: ['pass.yaml'] },
  },
  check({ api, report }) {
    for (const { loc, ops, first } of controlGroups(api, 'cors', (c) => c.state === 'present' && (c.origins ?? []).includes('*'))) {
      const credentials = first.credentials === true;
      report({
        message: credentials
          ? `CORS allows any origin with credentials on ${opsLabel(ops)}: any web page can call the API as the signed-in user`
          : `CORS allows any origin on ${opsLabel(ops)}`,
        loc,
        operations: ops,
        severity: credentials ? 'high' : 'low',
      });
    }
  },
};
