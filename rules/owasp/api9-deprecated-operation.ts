import type { Rule } from '../../src/model/rule.js';
import { describedOps } from '../lib/ops.js';

export const rule: Rule = {
  meta: {
    id: 'api9-deprecated-operation',
    title: 'Deprecated operation still served',
    description:
      'An operation is marked `deprecated: true` but is still part of the API. Deprecated versions keep old, weaker behaviour reachable and are the first to be forgotten by patching and monitoring (improper inventory). Informational unless it also accepts anonymous calls, which other rules report.',
    severity: 'low',
    owasp: ['API9:2023'],
    remediation: 'Announce a retirement date (`x-sunset: 2025-06-30` and the `Sunset`/`Deprecation` response headers, RFC 8594/9745), monitor who still calls it, then remove the operation from the API and its gateway routes.',
    tests: { fail: [{ file: 'fail.yaml', pointer: '/paths/~1v1~1pets/get' }], pass: ['pass.yaml'] },
  },
  check({ api, report }) {
    for (const op of describedOps(api)) {
      if (!op.deprecated) continue;
      const sunset = Object.keys(op.extensions).some((k) => /sunset|removal|retire/i.test(k)) || op.responses.some((r) => r.headers.some((h) => /^(sunset|deprecation)$/i.test(h.name)));
      report({
        message: `${op.key} is deprecated but still part of the API${sunset ? ' (a sunset is announced)' : ', with no sunset announced'}`,
        loc: op.loc,
        severity: sunset ? 'info' : 'low',
        operations: [op.key],
        remediation: `${sunset ? 'Remove' : 'Announce a retirement date for'} ${op.key}${sunset ? ' once the sunset date has passed, along with its gateway routes' : ': `x-sunset: <date>` and the `Sunset`/`Deprecation` response headers; monitor remaining callers, then remove it and its gateway routes'}.`,
      });
    }
  },
};
