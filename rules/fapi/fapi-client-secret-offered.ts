import type { Rule } from '../../src/model/rule.js';
import { metadataList } from '../../src/model/fapi.js';
import { besideAllowed, FAPI_CLIENT_AUTH, protectedKeys } from '../lib/metadata.js';

export const rule: Rule = {
  meta: {
    id: 'fapi-client-secret-offered',
    title: 'Client secrets offered beside FAPI client authentication',
    description:
      'The authorization server offers `private_key_jwt` or mTLS client authentication, but also shared client secrets (`client_secret_basic`, `client_secret_post`, `client_secret_jwt`) or no authentication at all (`none`). FAPI 2.0 §5.3.2.1-6 allows only the asymmetric methods: a shared secret can be phished, leaked from logs or replayed.',
    severity: 'medium',
    owasp: ['API2:2023'],
    requirement: 'R4.3',
    remediation:
      'Register FAPI clients with `private_key_jwt` or `tls_client_auth` only and remove `client_secret_*` and `none` from `token_endpoint_auth_methods_supported` of the realm or server the API trusts (Keycloak: a client policy with the `fapi-2-security-profile` profile).',
    tests: { fail: [{ file: 'fail', pointer: '/token_endpoint_auth_methods_supported' }], pass: ['pass'] },
  },
  check({ api, report }) {
    for (const hit of besideAllowed(api, 'token_endpoint_auth_methods_supported', FAPI_CLIENT_AUTH, (v) => v.startsWith('client_secret') || v === 'none')) {
      report({
        message: `${hit.server.issuer} offers ${hit.values.join(', ')} beside ${FAPI_CLIENT_AUTH.filter((m) => metadataList(hit.server, 'token_endpoint_auth_methods_supported')?.includes(m)).join(', ')}`,
        loc: hit.loc,
        operations: protectedKeys(api),
        severity: hit.values.includes('none') ? 'high' : 'medium',
      });
    }
  },
};
