import type { Rule } from '../../src/model/rule.js';
import { observedOps, plural } from '../lib/traffic.js';

const KINDS = new Set(['stack-trace', 'sql-error', 'debug-output']);

export const rule: Rule = {
  meta: {
    id: 'api8-observed-verbose-error',
    title: 'Stack traces or internal errors in responses (observed)',
    description:
      'Responses seen in traffic carry stack traces (Java, .NET, Python, Node.js, PHP, Ruby, Go), SQL error messages or framework debug pages. They show attackers the code paths, libraries, versions and queries behind the API, and often how to break it.',
    severity: 'medium',
    owasp: ['API8:2023'],
    remediation:
      'Return generic error bodies (RFC 9457 problem details with a correlation id) and log the details server-side; switch off debug modes and detailed error pages in production.',
    tests: { fail: [{ file: 'fail.har', pointer: '/log/entries/0/response/content' }], pass: ['pass.har'] },
  },
  check({ api, report }) {
    for (const op of observedOps(api)) {
      for (const s of op.traffic.signals) {
        if (!KINDS.has(s.kind)) continue;
        report({ message: `${op.key}: ${s.sample} in ${plural(s.count, 'response')}`, loc: s.loc, operations: [op.key], key: s.kind });
      }
    }
  },
};
