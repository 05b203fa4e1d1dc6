import type { Rule } from '../../src/model/rule.js';
import { observedOps, plural } from '../lib/traffic.js';

export const rule: Rule = {
  meta: {
    id: 'api8-observed-cors-credentials',
    title: 'CORS allows any origin with credentials (observed)',
    description:
      'Responses carry `Access-Control-Allow-Credentials: true` with `Access-Control-Allow-Origin: *` or `null`. Browsers refuse `*` with credentials, so this usually means the policy is generated loosely (and often reflects any origin elsewhere); `null` is sent by sandboxed iframes and local files any page can create, so it grants credentialed access to anyone.',
    severity: 'medium',
    owasp: ['API8:2023'],
    remediation:
      'Allow credentials only for an explicit list of trusted origins and echo the matching origin (with `Vary: Origin`); never `*` or `null` together with `Access-Control-Allow-Credentials: true`.',
    tests: { fail: [{ file: 'fail.har', pointer: '/log/entries/0' }], pass: ['pass.har'] },
  },
  check({ api, report }) {
    for (const op of observedOps(api)) {
      const c = op.traffic.cors;
      if (!c.wildcardWithCredentials && !c.nullWithCredentials) continue;
      const parts = [c.wildcardWithCredentials ? `origin * in ${plural(c.wildcardWithCredentials, 'response')}` : '', c.nullWithCredentials ? `origin null in ${plural(c.nullWithCredentials, 'response')}` : ''].filter(Boolean);
      report({
        message: `${op.key}: Access-Control-Allow-Credentials: true with ${parts.join(' and ')}`,
        loc: c.loc ?? op.loc,
        severity: c.nullWithCredentials ? 'high' : 'medium',
        operations: [op.key],
      });
    }
  },
};
