import type { Rule } from '../../src/model/rule.js';

export const rule: Rule = {
  meta: {
    id: 'api2-no-auth-described',
    title: 'No authentication described',
    description:
      'The document declares no security schemes and no security requirements. The API may well require tokens, but nothing here says so: it scores level 0 as described, and a gateway config, captured traffic or authorization-server metadata would settle it. Reported once for the document, not once per operation.',
    severity: 'high',
    owasp: ['API2:2023'],
    requirement: 'R1.1',
    remediation:
      'Describe how clients authenticate: add `components.securitySchemes` (for example `oauth: {type: oauth2, flows: {clientCredentials: {tokenUrl: https://as.example.com/token, scopes: {}}}}`) and a root `security: [{oauth: []}]`. Or assess it together with the gateway config that enforces authentication.',
    tests: { fail: [{ file: 'fail.yaml', pointer: '' }], pass: ['pass.yaml'] },
  },
  check({ api, report }) {
    if (api.described || !api.kinds.includes('openapi')) return;
    const enforced = api.operations.some((o) => o.auth.some((p) => !p.silent && p.evidence !== 'declared'));
    if (enforced) return;
    report({
      message: `${api.name}: no security schemes or requirements are described for its ${api.operations.length} operation${api.operations.length === 1 ? '' : 's'}`,
      loc: { file: api.loc.file, pointer: '' },
      operations: api.operations.filter((o) => !o.public).map((o) => o.key),
    });
  },
};
