import type { Rule } from '../../src/model/rule.js';
import type { Severity } from '../../src/model/types.js';
import { besideAllowed, FAPI2_ALGS, protectedKeys, SIGNING_ALG_FIELDS } from '../lib/metadata.js';

const WEAK = /^(none|HS\d+|RS\d+)$/;

export const rule: Rule = {
  meta: {
    id: 'fapi-weak-signing-alg',
    title: 'Weak or symmetric signing algorithms offered beside FAPI algorithms',
    description:
      'A `*_signing_alg_values_supported` list of the authorization server offers PS256, ES256 or EdDSA, but also `none` (unsigned), HMAC (`HS*`, a shared secret as signing key) or RSA PKCS#1 v1.5 (`RS*`). FAPI 2.0 §5.4.1 allows PS256, ES256 and EdDSA only; a client or attacker can pick the weaker algorithm.',
    severity: 'medium',
    owasp: ['API2:2023', 'API8:2023'],
    requirement: 'R4.9',
    remediation:
      'Restrict every `*_signing_alg_values_supported` list of the FAPI realm to PS256, ES256 or EdDSA (Keycloak `id.token.signed.response.alg: PS256`, `access.token.signed.response.alg: PS256`), and rotate RS256 and HS* keys out. `none` must never be accepted.',
    tests: {
      fail: [
        { file: 'fail', pointer: '/id_token_signing_alg_values_supported' },
        { file: 'fail', pointer: '/userinfo_signing_alg_values_supported' },
      ],
      pass: ['pass'],
    },
  },
  check({ api, report }) {
    for (const field of SIGNING_ALG_FIELDS) {
      for (const hit of besideAllowed(api, field, FAPI2_ALGS, (v) => WEAK.test(v))) {
        const severity: Severity = hit.values.includes('none') ? 'high' : hit.values.some((v) => v.startsWith('HS')) ? 'medium' : 'low';
        report({ message: `${hit.server.issuer} offers ${hit.values.join(', ')} in ${field} beside FAPI algorithms`, loc: hit.loc, operations: protectedKeys(api), severity, key: field });
      }
    }
  },
};
