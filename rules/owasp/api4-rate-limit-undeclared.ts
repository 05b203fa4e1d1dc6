import type { Rule } from '../../src/model/rule.js';
import { apiDeclaresRateLimit } from '../lib/limits.js';
import { describedOps, isLibrary } from '../lib/ops.js';

export const rule: Rule = {
  meta: {
    id: 'api4-rate-limit-undeclared',
    title: 'No rate limiting declared anywhere',
    description:
      'No operation declares a `429 Too Many Requests` response or rate-limit headers (`RateLimit`, `RateLimit-Limit`, `X-RateLimit-Limit`, `X-Rate-Limit-Limit`, `Retry-After`), no rate-limit or throttling extension is present, and no gateway configuration given with the description limits its operations: nothing tells clients the API is limited, and nothing suggests it is. Reported once for the document, not on every response; operations a gateway routes are judged by the gateway pack.',
    severity: 'medium',
    owasp: ['API4:2023'],
    remediation:
      'Enforce rate limits at the gateway or server and declare them: add `"429": {description: Too Many Requests, headers: {Retry-After: {schema: {type: integer}}}}` to the operations (a shared `components/responses/TooManyRequests` keeps it short) and, on successful responses, `RateLimit-Limit`/`RateLimit-Remaining` headers.',
    supersedes: ['owasp:api4:2023-rate-limit', 'owasp:api4:2023-rate-limit-responses-429'],
    tests: { fail: [{ file: 'fail.yaml', pointer: '/paths' }], pass: ['pass.yaml', 'pass-headers.yaml', 'pass-gateway'] },
  },
  check({ api, report }) {
    if (isLibrary(api) || apiDeclaresRateLimit(api)) return;
    // Operations a gateway or mesh routes are judged by what it configures (the gateway pack's rate-limit rules).
    const ops = describedOps(api).filter((o) => !o.auth.some((p) => p.evidence === 'configured' && !p.silent)).map((o) => o.key);
    if (!ops.length) return;
    report({
      message: ops.length === 1 ? 'the operation declares no 429 response or rate-limit headers' : `none of the ${ops.length} operations declares a 429 response or rate-limit headers`,
      loc: { file: api.loc.file, pointer: '/paths' },
      operations: ops,
    });
  },
};
