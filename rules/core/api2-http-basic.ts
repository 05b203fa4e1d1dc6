import type { Rule } from '../../src/model/rule.js';
import { opsUsingScheme, usedSchemes } from '../lib/ops.js';

export const rule: Rule = {
  meta: {
    id: 'api2-http-basic',
    title: 'HTTP Basic or another password-style scheme',
    description:
      'HTTP Basic (and Digest) send a long-lived shared secret with every request: no expiry, no scopes, no user consent, and anyone who captures it can replay it. The Negotiate and OAuth 1.0 http schemes are also reported.',
    severity: 'medium',
    owasp: ['API2:2023'],
    requirement: 'R2.1',
    remediation:
      'Replace the password-style scheme with OAuth 2.0 access tokens: `{type: oauth2, flows: {clientCredentials: {tokenUrl: https://as.example.com/token, scopes: {}}}}` for machine clients, the authorization code flow with PKCE for users.',
    supersedes: ['owasp:api2:2023-no-http-basic', 'owasp:api2:2023-auth-insecure-schemes'],
    tests: {
      fail: [
        { file: 'fail.yaml', pointer: '/components/securitySchemes/basic' },
        { file: 'fail-v2.yaml', pointer: '/securityDefinitions/basicAuth' },
        { file: 'fail-webhook.yaml', pointer: '/components/securitySchemes/basicAuth' },
      ],
      pass: ['pass.yaml'],
    },
  },
  check({ api, report }) {
    for (const s of usedSchemes(api)) {
      const hs = s.type === 'basic' ? 'basic' : s.type === 'http' ? (s.httpScheme ?? '') : undefined;
      if (hs === undefined || hs === 'bearer' || hs === 'dpop') continue;
      const kind = hs === 'basic' ? 'HTTP Basic' : hs === '' ? 'an http scheme with no name' : `the http '${hs}' scheme`;
      report({ message: `security scheme '${s.name}' uses ${kind}`, loc: s.loc, operations: opsUsingScheme(api, s) });
    }
  },
};
