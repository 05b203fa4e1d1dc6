import type { Rule } from '../../src/model/rule.js';
import { besideAllowed, protectedKeys } from '../lib/metadata.js';

export const rule: Rule = {
  meta: {
    id: 'fapi-token-response-type',
    title: 'Implicit or hybrid responses offered beside the code flow',
    description:
      'The authorization server offers `response_type=code`, but also response types that return tokens from the authorization endpoint (`token`, `id_token`, hybrid `code id_token`…) or the `implicit` grant. Tokens in front-channel responses leak through browser history and referrers and cannot be sender-constrained; FAPI 2.0 §5.3.2.2-1 allows only `code` (RFC 9700 §2.1.2).',
    severity: 'medium',
    owasp: ['API2:2023'],
    requirement: 'R4.5',
    remediation:
      'Offer only `response_types_supported: ["code"]` and drop `implicit` from `grant_types_supported` for the FAPI clients (Keycloak `implicitFlowEnabled: false`); clients use the authorization code flow with PKCE and PAR.',
    tests: {
      fail: [
        { file: 'fail', pointer: '/response_types_supported' },
        { file: 'fail', pointer: '/grant_types_supported' },
      ],
      pass: ['pass'],
    },
  },
  check({ api, report }) {
    for (const hit of besideAllowed(api, 'response_types_supported', ['code'], (v) => v !== 'none')) {
      report({ message: `${hit.server.issuer} offers response types ${hit.values.map((v) => `'${v}'`).join(', ')} beside 'code'`, loc: hit.loc, operations: protectedKeys(api), key: 'response-types' });
    }
    for (const hit of besideAllowed(api, 'grant_types_supported', ['authorization_code'], (v) => v === 'implicit')) {
      report({ message: `${hit.server.issuer} offers the implicit grant beside the authorization code grant`, loc: hit.loc, operations: protectedKeys(api), key: 'implicit' });
    }
  },
};
