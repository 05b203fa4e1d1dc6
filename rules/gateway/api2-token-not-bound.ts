import type { Rule } from '../../src/model/rule.js';
import type { Credential } from '../../src/model/types.js';
import { ByLoc, configuredPostures, opsLabel } from '../lib/gateway.js';

export const rule: Rule = {
  meta: {
    id: 'api2-token-not-bound',
    title: 'Client certificate required, but the token is not bound to it',
    description:
      'The route requires a client certificate and a bearer token, but nothing checks that the token was issued to that certificate (RFC 8705 `cnf.x5t#S256`). The certificate authenticates the connection; a stolen token still works from any client that has any valid certificate. This is level 2, not level 3 (cap C5).',
    severity: 'medium',
    owasp: ['API2:2023'],
    requirement: 'R3.2',
    remediation:
      'Bind tokens to the certificate and verify the binding where the token is checked: have the authorization server issue certificate-bound tokens (RFC 8705) and enable Kong `openid-connect` `proof_of_possession_mtls: strict`, or an authorizer that compares the certificate thumbprint with the token\'s `cnf.x5t#S256` (Envoy and Istio have no built-in check: an `ext_authz` service or a Wasm filter given the peer certificate).',
    tests: { fail: [{ file: 'fail.yaml', pointer: '/services/0/plugins/1' }], pass: ['pass.yaml'] },
  },
  check({ api, report }) {
    const groups = new ByLoc<Credential>();
    for (const op of api.operations) {
      for (const p of configuredPostures(op)) {
        for (const alt of p.alternatives) {
          if (!alt.some((c) => c.type === 'client-certificate')) continue;
          for (const c of alt) if ((c.type === 'bearer' || c.type === 'dpop') && !c.binding && !c.staticSecret && c.validated !== false) groups.add(c.loc, op, c);
        }
      }
    }
    for (const { loc, ops, first } of groups.entries()) {
      report({ message: `${first.detail ?? 'bearer token'} is checked beside a client certificate, but not bound to it, on ${opsLabel(ops)}`, loc, operations: ops });
    }
  },
};
