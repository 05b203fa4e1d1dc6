import type { Rule } from '../../src/model/rule.js';
import type { Loc } from '../../src/model/types.js';
import { postureLevel } from '../../src/model/auth.js';

const NAMES = ['none', 'API key / static secret', 'bearer token', 'sender-constrained token', 'FAPI'];
const at = (l: Loc) => `${l.file}#${l.pointer}`;

export const rule: Rule = {
  meta: {
    id: 'api2-auth-drift',
    title: 'Declared and enforced authentication disagree',
    description:
      'The OpenAPI document declares one kind of authentication for an operation and the gateway configuration enforces another. The enforced one is what attackers meet, so it decides the level; a weaker enforcement than declared is a gap clients and reviewers do not know about.',
    severity: 'high',
    owasp: ['API2:2023', 'API9:2023'],
    remediation:
      'Make the gateway enforce what the description declares (for example replace `key-auth` with `openid-connect` on the route), or correct the description if the gateway is right.',
    tests: { fail: [{ file: 'fail', pointer: '/paths/~1orders/get' }], pass: ['pass'] },
  },
  check({ api, report }) {
    for (const op of api.operations) {
      const declared = op.auth.filter((p) => p.evidence === 'declared' && !p.silent);
      const configured = op.auth.filter((p) => p.evidence === 'configured' && !p.silent);
      if (!declared.length || !configured.length) continue;
      const d = Math.min(...declared.map(postureLevel));
      const c = Math.min(...configured.map(postureLevel));
      if (d === c) continue;
      const dp = declared.find((p) => postureLevel(p) === d)!;
      const cp = configured.find((p) => postureLevel(p) === c)!;
      const weaker = c < d;
      report({
        message: `${op.key}: declared ${NAMES[d]} (${at(dp.loc)}) but ${weaker ? 'only ' : ''}${NAMES[c]} is enforced (${at(cp.loc)})`,
        loc: op.loc,
        severity: weaker ? 'high' : 'info',
        operations: [op.key],
        ...(weaker ? {} : { remediation: 'The gateway enforces more than the description declares: update the description so clients and reviewers see the real requirement.' }),
      });
    }
  },
};
