import type { Rule } from '../../src/model/rule.js';
import { controlGroups, opsLabel } from '../lib/gateway.js';

export const rule: Rule = {
  meta: {
    id: 'api2-client-cert-optional',
    title: 'Client certificates asked for but not enforced',
    description:
      'The edge validates TLS client certificates but does not require them (Envoy `require_client_certificate: false` beside a validation context, Istio `OPTIONAL_MUTUAL`, Gateway API `AllowInsecureFallback`, Envoy Gateway `clientValidation.optional: true`), or accepts them without validating their chain (`trust_chain_verification: ACCEPT_UNTRUSTED`). Clients without a certificate, or with any self-made one, still get through: the mutual TLS the configuration suggests gives no assurance, and no certificate-bound token can rely on it.',
    severity: 'medium',
    owasp: ['API2:2023', 'API8:2023'],
    requirement: 'R3.3',
    remediation:
      'Require and validate client certificates where TLS terminates: Envoy `require_client_certificate: true` with a `validation_context` that has a `trusted_ca` (and never `ACCEPT_UNTRUSTED`); Istio Gateway `tls.mode: MUTUAL`; Gateway API frontend validation mode `AllowValidOnly`; Envoy Gateway `clientValidation` without `optional`.',
    tests: { fail: [{ file: 'fail.yaml', pointer: '/static_resources/listeners/0/filter_chains/0/transport_socket/typed_config' }], pass: ['pass.yaml'] },
  },
  check({ api, report }) {
    for (const { loc, ops, first } of controlGroups(api, 'tls', (c) => c.clientCertificate === 'optional' || c.clientCertificate === 'untrusted')) {
      const untrusted = first.clientCertificate === 'untrusted';
      report({
        message:
          untrusted
            ? `client certificates for ${opsLabel(ops)} are accepted without validating their chain: any self-signed certificate passes`
            : `client certificates for ${opsLabel(ops)} are validated when presented but not required: clients without one get through`,
        loc,
        operations: ops,
        severity: untrusted ? 'high' : 'medium',
      });
    }
  },
};
