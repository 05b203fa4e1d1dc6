import type { Rule } from '../../src/model/rule.js';
import { observedOps } from '../lib/traffic.js';

export const rule: Rule = {
  meta: {
    id: 'api2-observed-token-not-validated',
    title: 'Expired or unsigned token accepted (observed)',
    description:
      'A call whose token had expired (or was not yet valid) at the time of the call, or was unsigned (`alg: none`), was answered 2xx. The resource server does not validate tokens: anyone can present any token (cap C1: level 0). Times are judged against each call\'s own start time, never the clock of the run.',
    severity: 'critical',
    owasp: ['API2:2023'],
    requirement: 'R2.2',
    remediation:
      'Validate every token on every call: signature with the authorization server\'s keys (JWKS, allowed algorithms only) or introspection, `exp` and `nbf` with a small leeway, `iss` and `aud`. Never run a JWT filter in extract-only mode.',
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
        if (!t.acceptedExpired && !t.acceptedUnsigned) continue;
        const what = [t.acceptedExpired ? `${t.acceptedExpired} with an expired or not yet valid token` : '', t.acceptedUnsigned ? `${t.acceptedUnsigned} with an unsigned (alg: none) token` : ''].filter(Boolean).join(', ');
        report({
          message: `${op.key}: calls answered 2xx ${what} (${t.scheme} ${t.fingerprint})`,
          loc: t.loc,
          operations: [op.key],
          sensitive: true,
          key: `${t.scheme}|${t.alg}|${t.iss ?? ''}|${t.fingerprint}`,
        });
      }
    }
  },
};
