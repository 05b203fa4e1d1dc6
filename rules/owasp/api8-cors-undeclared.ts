import type { Rule } from '../../src/model/rule.js';
import { hasControl } from '../lib/limits.js';
import { declaresResponseHeader, isLibrary, opsDeclaringSuccessHeaders } from '../lib/ops.js';

export const rule: Rule = {
  meta: {
    id: 'api8-cors-undeclared',
    title: 'CORS policy not described',
    description:
      'The description declares headers on successful responses but no response declares `Access-Control-Allow-Origin`: which browser origins may call the API is left to whatever the server or gateway happens to do, and nobody reviews it. Reported once for the document (a CORS policy is set once, at the edge), only when the document declares headers on some 2xx response at all, and not when a gateway configuration given with it sets the CORS policy.',
    severity: 'info',
    owasp: ['API8:2023'],
    remediation: 'Decide which origins may call the API from a browser, configure exactly those at the gateway, and declare the header on responses: `headers: {Access-Control-Allow-Origin: {schema: {type: string, enum: ["https://app.example.com"]}}}`.',
    supersedes: ['owasp:api8:2023-define-cors-origin'],
    tests: { fail: [{ file: 'fail.yaml', pointer: '/paths' }], pass: ['pass.yaml', 'pass-no-headers.yaml'] },
  },
  check({ api, report }) {
    if (isLibrary(api)) return;
    const ops = opsDeclaringSuccessHeaders(api);
    if (!ops.length || declaresResponseHeader(api, /^access-control-allow-origin$/i)) return;
    // A gateway that sets the CORS policy describes it (the gateway pack checks what it allows).
    if (api.operations.some((o) => hasControl(o, 'cors'))) return;
    report({
      message: 'responses declare headers, but none declares Access-Control-Allow-Origin',
      loc: { file: api.loc.file, pointer: '/paths' },
      operations: ops,
    });
  },
};
