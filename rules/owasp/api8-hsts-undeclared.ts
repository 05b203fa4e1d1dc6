import type { Rule } from '../../src/model/rule.js';
import { declaresResponseHeader, isLibrary, opsDeclaringSuccessHeaders } from '../lib/ops.js';

export const rule: Rule = {
  meta: {
    id: 'api8-hsts-undeclared',
    title: 'Strict-Transport-Security not described',
    description:
      'The description declares headers on successful responses but none declares `Strict-Transport-Security`: nothing records that browsers and clients are told to refuse plain http for this host, so a first request over http can be intercepted. Reported once for the document, and only when it declares headers on some 2xx response at all.',
    severity: 'info',
    owasp: ['API8:2023'],
    remediation: 'Send `Strict-Transport-Security: max-age=31536000; includeSubDomains` from the edge and declare it on responses: `headers: {Strict-Transport-Security: {schema: {type: string, enum: ["max-age=31536000; includeSubDomains"]}}}`.',
    tests: { fail: [{ file: 'fail.yaml', pointer: '/paths' }], pass: ['pass.yaml'] },
  },
  check({ api, report }) {
    if (isLibrary(api)) return;
    const ops = opsDeclaringSuccessHeaders(api);
    if (!ops.length || declaresResponseHeader(api, /^strict-transport-security$/i)) return;
    report({
      message: 'responses declare headers, but none declares Strict-Transport-Security',
      loc: { file: api.loc.file, pointer: '/paths' },
      operations: ops,
    });
  },
};
