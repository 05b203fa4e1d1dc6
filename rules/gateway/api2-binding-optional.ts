import type { Rule } from '../../src/model/rule.js';
import { ByLoc, configuredPostures, opsLabel } from '../lib/gateway.js';

export const rule: Rule = {
  meta: {
    id: 'api2-binding-optional',
    title: 'Sender-constrained tokens are optional',
    description:
      'The gateway verifies mTLS- or DPoP-bound tokens when they come, but still accepts plain bearer tokens (Kong `openid-connect` `proof_of_possession_mtls: optional` or `proof_of_possession_dpop: optional`). An attacker replays a stolen token as a plain bearer token: the binding protects nothing, and the level is 2 (cap C3).',
    severity: 'medium',
    owasp: ['API2:2023'],
    requirement: 'R3.2',
    remediation: 'Require the binding: `proof_of_possession_mtls: strict` or `proof_of_possession_dpop: strict`, once every client obtains bound tokens.',
    tests: { fail: [{ file: 'fail.yaml', pointer: '/services/0/routes/0' }], pass: ['pass.yaml'] },
  },
  check({ api, report }) {
    const groups = new ByLoc<boolean>();
    for (const op of api.operations) for (const p of configuredPostures(op)) if (p.bearerFallback) groups.add(p.loc, op, true);
    for (const { loc, ops } of groups.entries()) {
      report({ message: `${opsLabel(ops)}: plain bearer tokens are accepted beside bound ones (level capped at 2)`, loc, operations: ops });
    }
  },
};
