import type { Rule } from '../../src/model/rule.js';
import { memberLoc, metadataList } from '../../src/model/fapi.js';
import { protectedKeys } from '../lib/metadata.js';

export const rule: Rule = {
  meta: {
    id: 'fapi-rsa1-5-key-transport',
    title: 'RSA1_5 key transport offered for encryption',
    description:
      'An `*_encryption_alg_values_supported` list offers `RSA1_5` (RSAES-PKCS1-v1_5), which is open to padding-oracle (Bleichenbacher) attacks. FAPI 1.0 Advanced §8.6.1 forbids it and RFC 8725 §3.2 recommends against it.',
    severity: 'medium',
    owasp: ['API8:2023'],
    requirement: 'R4.9',
    remediation: 'Remove `RSA1_5` from every `*_encryption_alg_values_supported` list and use `RSA-OAEP` or `RSA-OAEP-256` (or ECDH-ES) for encrypted ID tokens, request objects and responses.',
    tests: { fail: [{ file: 'fail', pointer: '/id_token_encryption_alg_values_supported' }], pass: ['pass'] },
  },
  check({ api, report }) {
    for (const s of api.authServers) {
      for (const field of Object.keys(s.metadata).filter((k) => k.endsWith('_encryption_alg_values_supported')).sort()) {
        if (!metadataList(s, field)?.includes('RSA1_5')) continue;
        report({ message: `${s.issuer} offers RSA1_5 in ${field}`, loc: memberLoc(s, field), operations: protectedKeys(api), key: field });
      }
    }
  },
};
