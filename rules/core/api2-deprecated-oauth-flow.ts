import type { Rule } from '../../src/model/rule.js';
import { isGoogleJwt } from '../../src/model/schemes.js';
import { opsUsingScheme, usedSchemes } from '../lib/ops.js';

export const rule: Rule = {
  meta: {
    id: 'api2-deprecated-oauth-flow',
    title: 'Implicit or password OAuth flow',
    description:
      'The implicit flow returns tokens in the browser URL where they leak and cannot be sender-constrained; the resource-owner password flow hands user passwords to the client. OAuth 2.0 Security BCP (RFC 9700 §2.1.2, §2.4) says not to use them, and FAPI forbids them.',
    severity: 'high',
    owasp: ['API2:2023'],
    requirement: 'R2.6',
    remediation:
      'Delete the `implicit` and `password` flows and move clients to the authorization code flow with PKCE (`authorizationCode: {authorizationUrl: …, tokenUrl: …}`), or to `clientCredentials` for machine clients; disable both grants at the authorization server.',
    tests: { fail: [{ file: 'fail.yaml', pointer: '/components/securitySchemes/oauth/flows/implicit' }, { file: 'fail-v2.yaml', pointer: '/securityDefinitions/legacy' }], pass: ['pass.yaml', 'pass-google.yaml'] },
  },
  check({ api, report }) {
    for (const s of usedSchemes(api)) {
      if (s.type !== 'oauth2' || isGoogleJwt(s)) continue;
      for (const [name, flow] of Object.entries(s.flows ?? {})) {
        if (name !== 'implicit' && name !== 'password') continue;
        report({
          message: `security scheme '${s.name}' offers the ${name === 'implicit' ? 'implicit' : 'resource-owner password'} flow`,
          loc: flow.loc,
          operations: opsUsingScheme(api, s),
          key: name,
        });
      }
    }
  },
};
