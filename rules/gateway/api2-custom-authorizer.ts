import type { Rule } from '../../src/model/rule.js';
import { credentialGroups, opsLabel } from '../lib/gateway.js';

export const rule: Rule = {
  meta: {
    id: 'api2-custom-authorizer',
    title: 'Authentication decided by custom code',
    description:
      'A custom authorizer decides who may call the route (an API Gateway Lambda authorizer, a custom gateway plugin, an external authorization service such as Envoy `ext_authz`, Envoy Gateway `extAuth` or an Istio `CUSTOM` policy, or Lua/Wasm filters). What it accepts cannot be seen in the configuration, so the operation\'s level stays at 1 with its bearer-token requirements `unknown`.',
    severity: 'info',
    owasp: ['API2:2023'],
    requirement: 'R2.1',
    remediation: 'Prefer a declarative validator (API Gateway JWT or Cognito authorizer, Kong `openid-connect`, Envoy `jwt_authn`, Istio `RequestAuthentication` with a requiring `AuthorizationPolicy`) where the token checks are visible; otherwise document what the authorizer checks and assess captured traffic to confirm it.',
    tests: { fail: [{ file: 'fail.yaml', pointer: '/Resources/Api/Properties/Auth/Authorizers/Custom' }], pass: ['pass.yaml'] },
  },
  check({ api, report }) {
    for (const { loc, ops, first } of credentialGroups(api, (c) => c.type === 'unknown' && !c.workloadIdentity)) {
      report({ message: `${first.detail ?? 'custom authorizer'} (${opsLabel(ops)})`, loc, operations: ops });
    }
  },
};
