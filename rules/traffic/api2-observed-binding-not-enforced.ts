import type { Rule } from '../../src/model/rule.js';
import { observedOps } from '../lib/traffic.js';

export const rule: Rule = {
  meta: {
    id: 'api2-observed-binding-not-enforced',
    title: 'Sender-constrained token accepted without its binding (observed)',
    description:
      'The API issues sender-constrained tokens, but a call was answered 2xx without a valid proof of possession: a DPoP proof failing an RFC 9449 §4.3 check (type, algorithm, signature, `htm`, `htu`, `iat` window, replayed `jti`, `ath`, key thumbprint = `cnf.jkt`), a DPoP-bound token presented as plain Bearer (RFC 9449 §7.2), or a certificate-bound token with another client certificate. A stolen token works without the key: the API is no better than bearer tokens (cap C3: level 2).',
    severity: 'high',
    owasp: ['API2:2023'],
    requirement: 'R3.2',
    remediation:
      'Verify the binding on every call and refuse the call when it fails: check the DPoP proof completely (RFC 9449 §4.3, with a `jti` replay cache for the `iat` window), refuse `Bearer` for tokens that carry `cnf`, and compare the TLS client certificate thumbprint with `cnf.x5t#S256` (RFC 8705 §3).',
    tests: {
      fail: [
        { file: 'fail.har', pointer: '/log/entries/0' },
        { file: 'fail-fallback.har', pointer: '/log/entries/0' },
      ],
      pass: ['pass.har'],
    },
  },
  check({ api, report }) {
    for (const op of observedOps(api)) {
      const why = op.traffic.bindingBypassed;
      if (!why.length) continue;
      report({ message: `${op.key}: ${why.join('; ')}`, loc: op.loc, operations: [op.key] });
    }
  },
};
