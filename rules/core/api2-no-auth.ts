import type { Rule } from '../../src/model/rule.js';
import { acceptsAnonymous, governingPostures, isUndescribed, protectedOps, WRITE_METHODS } from '../lib/ops.js';

export const rule: Rule = {
  meta: {
    id: 'api2-no-auth',
    title: 'Operation accepts calls without a credential',
    description:
      'An operation that is not a login, sign-up or other authentication entry point, and is not declared public, can be called by anyone. Writes are high severity, reads medium.',
    severity: 'medium',
    owasp: ['API2:2023'],
    requirement: 'R1.1',
    remediation:
      'Add a security requirement to the operation (or a root `security` that it inherits), e.g. `security: [{ oauth: [orders:write] }]`. If the operation is public on purpose, mark it `x-api-maturity-public: true` so the intent is recorded.',
    supersedes: ['owasp:api2:2023-write-restricted', 'owasp:api2:2023-read-restricted'],
    tests: {
      fail: [
        { file: 'fail.yaml', pointer: '/paths/~1orders/post' },
        { file: 'fail.yaml', pointer: '/paths/~1orders/get/security' },
      ],
      pass: ['pass.yaml'],
    },
  },
  check({ api, report }) {
    for (const op of protectedOps(api)) {
      if (isUndescribed(op) || !acceptsAnonymous(op)) continue;
      // Optional authentication (anonymous beside real credentials) has rules of its own.
      const anonymous = governingPostures(op).filter((p) => p.alternatives.some((a) => a.length === 0));
      if (anonymous.every((p) => p.alternatives.some((a) => a.length > 0))) continue;
      const write = WRITE_METHODS.has(op.method) || op.method === 'any';
      const enforced = anonymous.find((p) => p.evidence !== 'declared');
      const how = enforced
        ? `no authentication is ${enforced.evidence === 'observed' ? 'seen' : 'enforced'} (${enforced.source}, ${enforced.loc.file}#${enforced.loc.pointer})`
        : op.security === undefined
          ? 'no security requirement applies'
          : '`security: []` removes authentication';
      report({
        message: `${op.key}: ${how}; anyone can call this ${write ? 'write ' : ''}operation`,
        loc: !enforced && op.securityFrom === 'operation' && op.securityLoc ? op.securityLoc : op.loc,
        severity: write ? 'high' : 'medium',
        operations: [op.key],
        // Several gateway operations can come from one place (a route with several methods or paths).
        ...(enforced ? { key: op.key } : {}),
        ...(enforced
          ? {
              remediation:
                'Enforce authentication on the route: attach an authentication plugin or authorizer to it, its service or globally (Kong `openid-connect` or `key-auth` without `anonymous`, an API Gateway JWT or Cognito authorizer, an Envoy `jwt_authn` rule covering the route, an Istio `RequestAuthentication` with an `AuthorizationPolicy` requiring `requestPrincipals`, an Envoy Gateway `SecurityPolicy` on the HTTPRoute), or block it if it should not be served.',
            }
          : {}),
      });
    }
  },
};
