import type { Rule } from '../../src/model/rule.js';
import { locKey } from '../lib/schema.js';

export const rule: Rule = {
  meta: {
    id: 'api4-429-no-retry-after',
    title: '429 response without Retry-After',
    description:
      'A `429 Too Many Requests` response does not declare a `Retry-After` (or `RateLimit-Reset`) header, so well-behaved clients cannot tell when to retry and tend to retry at once, which makes the overload worse. Reported once per response definition.',
    severity: 'low',
    owasp: ['API4:2023'],
    remediation: 'Declare the header on the 429 response: `headers: {Retry-After: {description: Seconds to wait, schema: {type: integer, minimum: 0, maximum: 86400}}}`, and send it.',
    supersedes: ['owasp:api4:2023-rate-limit-retry-after'],
    tests: { fail: [{ file: 'fail.yaml', pointer: '/components/responses/TooMany' }, { file: 'fail-v2.yaml', pointer: '/paths/~1pets/get/responses/429' }], pass: ['pass.yaml'] },
  },
  check({ api, report }) {
    const byLoc = new Map<string, { loc: (typeof api.operations)[number]['loc']; ops: string[] }>();
    for (const op of api.operations) {
      for (const r of op.responses) {
        if (r.status !== '429') continue;
        if (r.headers.some((h) => /^(retry-after|ratelimit-reset|x-ratelimit-reset|x-rate-limit-reset|ratelimit)$/i.test(h.name))) continue;
        const k = locKey(r.loc);
        const e = byLoc.get(k) ?? { loc: r.loc, ops: [] };
        e.ops.push(op.key);
        byLoc.set(k, e);
      }
    }
    for (const { loc, ops } of byLoc.values()) {
      report({ message: `429 response without a Retry-After header (${ops.length === 1 ? ops[0] : `${ops.length} operations`})`, loc, operations: ops });
    }
  },
};
