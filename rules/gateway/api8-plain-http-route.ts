import type { Rule } from '../../src/model/rule.js';
import { ByLoc, configuredPostures, controlsOf, opsLabel } from '../lib/gateway.js';

export const rule: Rule = {
  meta: {
    id: 'api8-plain-http-route',
    title: 'Route accepts plain http',
    description:
      'A gateway route accepts unencrypted http (Kong routes accept `http` and `https` unless `protocols` says otherwise; an Envoy listener without a TLS transport socket, an Istio Gateway server or Gateway API listener with protocol `HTTP`, none of them redirecting). Everything on it can be read and changed on the way; when the route requires a credential, the credential itself travels in clear text, which also caps the maturity level at 2 (cap C2).',
    severity: 'medium',
    owasp: ['API8:2023', 'API2:2023'],
    requirement: 'R1.3',
    remediation:
      'Accept https only: Kong route `protocols: [https]` with `https_redirect_status_code: 308` so plain http is redirected, not served; Envoy `DownstreamTlsContext` on the listener, or `redirect: {https_redirect: true}` / virtual host `require_tls: ALL` on the plain one; Istio server `tls.httpsRedirect: true`; an HTTPRoute `RequestRedirect` to `https` on the HTTP listener. Send `Strict-Transport-Security` on responses.',
    tests: { fail: [{ file: 'fail.yaml', pointer: '/services/0/routes/0' }], pass: ['pass.yaml'] },
  },
  check({ api, report }) {
    const groups = new ByLoc<boolean>();
    for (const op of api.operations) {
      const postures = configuredPostures(op);
      if (!postures.length) continue;
      const withCreds = postures.some((p) => p.alternatives.some((a) => a.length > 0));
      for (const e of controlsOf(op, 'tls')) if (e.control.plaintext) groups.add(e.loc, op, withCreds);
    }
    for (const { loc, ops, first: withCreds } of groups.entries()) {
      report({
        message: `${opsLabel(ops)} ${ops.length === 1 ? 'is' : 'are'} served over plain http${withCreds ? ': the credentials they require travel in clear text (level capped at 2)' : ''}`,
        loc,
        operations: ops,
        severity: withCreds ? 'high' : 'medium',
      });
    }
  },
};
