import type { Rule } from '../../src/model/rule.js';
import type { Credential } from '../../src/model/types.js';
import { ByLoc, configuredPostures, opsLabel } from '../lib/gateway.js';

export const rule: Rule = {
  meta: {
    id: 'api2-anonymous-fallback',
    title: 'Authentication falls back to anonymous access',
    description:
      'The gateway runs an authentication plugin with an anonymous fallback (Kong `config.anonymous`) and nothing refuses the anonymous consumer afterwards, or validates tokens only when they are sent (Envoy `jwt_authn` `allow_missing` / `allow_missing_or_failed` or no rule for the route, an Istio `RequestAuthentication` that no `AuthorizationPolicy` backs with `requestPrincipals`, Envoy Gateway `jwt.optional`): a call without any credential is passed upstream. Authentication is optional, so the route is level 0.',
    severity: 'high',
    owasp: ['API2:2023'],
    requirement: 'R1.1',
    remediation:
      'Remove `anonymous` from the authentication plugins, or refuse the anonymous consumer explicitly: a `request-termination` plugin scoped to it (status 401), or an `acl` plugin whose `allow` list excludes its groups. Envoy: require a provider (`requires: {provider_name: idp}`) instead of `allow_missing`, with a rule that covers every route. Istio: add an `AuthorizationPolicy` that allows only `requestPrincipals: ["*"]` (or denies `notRequestPrincipals: ["*"]`) for the workload or gateway. Envoy Gateway: drop `jwt.optional`.',
    tests: { fail: [{ file: 'fail.yaml', pointer: '/plugins/0' }], pass: ['pass.yaml'] },
  },
  check({ api, report }) {
    const groups = new ByLoc<Credential>();
    for (const op of api.operations) {
      if (op.public) continue;
      for (const p of configuredPostures(op)) {
        if (!p.alternatives.some((a) => a.length === 0)) continue;
        const real = p.alternatives.find((a) => a.length > 0);
        if (real) groups.add(real[0]!.loc, op, real[0]!);
      }
    }
    for (const { loc, ops, first } of groups.entries()) {
      report({
        message: `${first.detail ?? first.type} falls back to anonymous access: ${opsLabel(ops)} accept${ops.length === 1 ? 's' : ''} calls without a credential`,
        loc,
        operations: ops,
      });
    }
  },
};
