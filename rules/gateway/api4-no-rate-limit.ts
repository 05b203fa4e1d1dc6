import type { Rule } from '../../src/model/rule.js';
import type { Loc } from '../../src/model/types.js';
import { ByLoc, configuredPostures, controlsOf, opsLabel } from '../lib/gateway.js';

export const rule: Rule = {
  meta: {
    id: 'api4-no-rate-limit',
    title: 'No rate limiting at the gateway',
    description:
      'The gateway serves the route without any request rate limit or quota (no Kong `rate-limiting` plugin on the route, its service or globally; no API Gateway stage or usage-plan throttling beyond the account defaults; no enforced Envoy `local_ratelimit` or `ratelimit` actions, no Envoy Gateway `BackendTrafficPolicy` `rateLimit`). One client can exhaust the backend, run up costs, or brute-force credentials and identifiers.',
    severity: 'medium',
    owasp: ['API4:2023'],
    remediation:
      'Limit request rates per consumer or credential at the gateway: Kong `rate-limiting` (`limit_by: consumer`, `minute: 600`) on the service or globally; API Gateway stage `MethodSettings` `ThrottlingRateLimit`/`ThrottlingBurstLimit`, HTTP API `DefaultRouteSettings`, or a usage plan `Throttle`; Envoy `local_ratelimit` with a `token_bucket` and `filter_enabled`/`filter_enforced` at 100 %, or `ratelimit` with route `rate_limits`; Envoy Gateway `BackendTrafficPolicy` `rateLimit`. Keep tighter limits on login, sign-up and other costly operations.',
    tests: { fail: [{ file: 'fail.yaml', pointer: '/services/0/routes/0' }], pass: ['pass.yaml'] },
  },
  check({ api, report }) {
    const groups = new ByLoc<boolean>();
    for (const op of api.operations) {
      const postures = configuredPostures(op);
      if (!postures.length) continue;
      const limits = controlsOf(op, 'rate-limit');
      if (limits.some((e) => e.control.state !== 'absent')) continue;
      const absent = limits.find((e) => e.control.state === 'absent');
      const loc: Loc = absent ? absent.loc : postures[0]!.loc;
      groups.add(loc, op, true);
    }
    for (const { loc, ops } of groups.entries()) {
      report({ message: `${opsLabel(ops)}: no rate limit or quota is configured at the gateway`, loc, operations: ops });
    }
  },
};
