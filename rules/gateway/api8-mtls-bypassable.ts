import type { Rule } from '../../src/model/rule.js';
import { controlGroups, opsLabel } from '../lib/gateway.js';

export const rule: Rule = {
  meta: {
    id: 'api8-mtls-bypassable',
    title: 'Mutual TLS can be bypassed',
    description:
      'Client certificates are required on one entry point of the API, but another entry point serves the same API without them: an API Gateway custom domain with mutual TLS while the default `execute-api` endpoint stays enabled. Clients skip the certificate by calling the default endpoint.',
    severity: 'high',
    owasp: ['API8:2023', 'API2:2023'],
    requirement: 'R3.3',
    remediation: 'Disable the default endpoint (`DisableExecuteApiEndpoint: true` on the REST or HTTP API, or `x-amazon-apigateway-endpoint-configuration.disableExecuteApiEndpoint: true`) so every call goes through the mutual-TLS domain.',
    tests: { fail: [{ file: 'fail.yaml', pointer: '/Resources/Domain' }], pass: ['pass.yaml'] },
  },
  check({ api, report }) {
    for (const { loc, ops, first } of controlGroups(api, 'tls', (c) => c.clientCertificate === 'required' && !!c.bypass)) {
      report({ message: `mutual TLS on ${opsLabel(ops)} can be bypassed: ${first.bypass}`, loc, operations: ops });
    }
  },
};
