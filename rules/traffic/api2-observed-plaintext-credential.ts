import type { Rule } from '../../src/model/rule.js';
import { observedOps, plural } from '../lib/traffic.js';

export const rule: Rule = {
  meta: {
    id: 'api2-observed-plaintext-credential',
    title: 'Credentials sent over plain http (observed)',
    description:
      'Captured calls carry credentials over plain http to a host that is not loopback: anyone on the path can read and replay them. Credentials over plain http also cap the maturity level at 2 (cap C2).',
    severity: 'high',
    owasp: ['API2:2023', 'API8:2023'],
    requirement: 'R1.3',
    remediation:
      'Serve the API over https only: redirect plain http to https at the edge (and never answer an authenticated call over http), send `Strict-Transport-Security`, and rotate the credentials that travelled in clear text.',
    tests: { fail: [{ file: 'fail.har', pointer: '/log/entries/0/request/headers/0' }], pass: ['pass.har'] },
  },
  check({ api, report }) {
    for (const op of observedOps(api)) {
      const clear = op.traffic.credentials.filter((c) => c.plaintext > 0);
      if (!clear.length) continue;
      const calls = clear.reduce((n, c) => n + c.plaintext, 0);
      report({
        message: `${op.key}: ${clear.map((c) => c.label).join(', ')} sent over plain http in ${plural(calls, 'call')}`,
        loc: clear[0]!.loc,
        operations: [op.key],
        sensitive: true,
      });
    }
  },
};
