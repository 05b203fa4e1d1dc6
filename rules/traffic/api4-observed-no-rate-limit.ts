import type { Rule } from '../../src/model/rule.js';
import { observedOps } from '../lib/traffic.js';

/** Calls within the burst window above which an unthrottled operation is reported. */
export const BURST_CALLS = 20;

export const rule: Rule = {
  meta: {
    id: 'api4-observed-no-rate-limit',
    title: 'Bursts served without any sign of rate limiting (observed)',
    description:
      'An operation answered a burst of calls (20 or more within 10 seconds) without a single 429 and without rate-limit headers (`RateLimit`, `RateLimit-Policy`, `X-RateLimit-*`, `Retry-After`). Nothing in the traffic shows a limit: one client can exhaust the backend, run up costs or brute-force identifiers. The limit may exist above what was captured, so confidence is low.',
    severity: 'medium',
    owasp: ['API4:2023'],
    remediation:
      'Limit request rates per client or credential at the gateway (Kong `rate-limiting`, Envoy `local_ratelimit`/`ratelimit`, API Gateway throttling), answer 429 with `Retry-After` when a limit is hit, and advertise limits with the `RateLimit` and `RateLimit-Policy` headers.',
    confidence: 'low',
    tests: { fail: [{ file: 'fail.har', pointer: '/log/entries/29' }], pass: ['pass.har'] },
  },
  check({ api, report }) {
    for (const op of observedOps(api)) {
      const rl = op.traffic.rateLimit;
      if (rl.burst < BURST_CALLS || rl.tooMany > 0 || rl.headers.length > 0) continue;
      report({
        message: `${op.key}: ${rl.burst} calls within ${rl.windowSeconds} s, no 429 and no rate-limit headers in ${op.traffic.calls} responses`,
        loc: rl.burstLoc ?? op.loc,
        operations: [op.key],
      });
    }
  },
};
