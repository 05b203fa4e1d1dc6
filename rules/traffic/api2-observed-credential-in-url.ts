import type { Rule } from '../../src/model/rule.js';
import { observedOps, plural } from '../lib/traffic.js';

export const rule: Rule = {
  meta: {
    id: 'api2-observed-credential-in-url',
    title: 'Credentials sent in the URL (observed)',
    description:
      'Captured calls carry an API key, token, password or session id in the query string. URLs end up in access logs, proxy and CDN logs, browser history and Referer headers, where whoever reads them can reuse the credential. RFC 9700 §4.3.2: access tokens MUST NOT be passed in a URI query parameter.',
    severity: 'high',
    owasp: ['API2:2023'],
    requirement: 'R1.2',
    remediation:
      'Send credentials in a header (`Authorization`, or `X-API-Key` for keys), refuse them in the query string at the gateway (Kong `key-auth.key_in_query: false`, no Envoy `from_params`), and rotate every credential that was ever sent in a URL.',
    tests: { fail: [{ file: 'fail.har', pointer: '/log/entries/0/request/queryString/1' }], pass: ['pass.har'] },
  },
  check({ api, report }) {
    for (const op of observedOps(api)) {
      for (const c of op.traffic.credentials) {
        if (c.in !== 'query') continue;
        report({
          message: `${op.key}: ${c.label} in ${plural(c.calls, 'call')} (${c.accepted} answered 2xx)${c.samples.length ? `, e.g. ${c.samples[0]}` : ''}`,
          loc: c.loc,
          operations: [op.key],
          sensitive: true,
          key: c.label,
        });
      }
    }
  },
};
