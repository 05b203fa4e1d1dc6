import type { Rule } from '../../src/model/rule.js';
import { observedOps, plural } from '../lib/traffic.js';

export const rule: Rule = {
  meta: {
    id: 'api2-observed-weak-token-alg',
    title: 'Unsigned or HMAC-signed access tokens (observed)',
    description:
      'Access tokens seen in traffic are JWTs with `alg: none` (no signature at all) or an HMAC algorithm (`HS256`…): with HMAC, every service that validates tokens holds the key that mints them, and a weak or leaked secret forges any token (RFC 8725 §3.1, §3.5). FAPI 2.0 allows only PS256, ES256 and EdDSA (cap C7).',
    severity: 'high',
    owasp: ['API2:2023'],
    requirement: 'R2.2',
    remediation:
      'Sign access tokens with an asymmetric algorithm (ES256, PS256 or EdDSA) whose private key stays at the authorization server, publish the public keys (JWKS), and configure every validator to accept only those algorithms — never `none`, never HS* for access tokens.',
    tests: {
      fail: [
        { file: 'fail.har', pointer: '/log/entries/0/request/headers/0' },
        { file: 'fail-none.har', pointer: '/log/entries/0/request/headers/0' },
      ],
      pass: ['pass.har'],
    },
  },
  check({ api, report }) {
    for (const op of observedOps(api)) {
      for (const t of op.traffic.tokens) {
        const alg = t.alg ?? '';
        const none = alg.toLowerCase() === 'none';
        if (!none && !/^HS\d+$/i.test(alg)) continue;
        report({
          message: `${op.key}: ${t.scheme} JWT with alg ${alg}${t.iss ? ` (iss ${t.iss})` : ''} in ${plural(t.calls, 'call')}, ${t.accepted} answered 2xx${none ? ': the token is not signed at all' : ': whoever can validate it can mint it'}`,
          loc: t.loc,
          severity: none ? 'critical' : 'high',
          operations: [op.key],
          sensitive: true,
          key: `${t.scheme}|${alg}|${t.iss ?? ''}`,
        });
      }
    }
  },
};
