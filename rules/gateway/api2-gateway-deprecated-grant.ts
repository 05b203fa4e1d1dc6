import type { Rule } from '../../src/model/rule.js';
import { credentialGroups, opsLabel } from '../lib/gateway.js';

const DEPRECATED = new Set(['implicit', 'password']);

export const rule: Rule = {
  meta: {
    id: 'api2-gateway-deprecated-grant',
    title: 'Gateway accepts the password or implicit grant',
    description:
      'The gateway issues or accepts tokens through the resource-owner password grant or the implicit grant (Kong `oauth2` `enable_password_grant`/`enable_implicit_grant`, `openid-connect` `auth_methods` containing `password`, which it does by default). Clients then handle users\' passwords, or tokens travel in redirect URLs; RFC 9700 says the password grant MUST NOT be used and the implicit grant SHOULD NOT.',
    severity: 'high',
    owasp: ['API2:2023'],
    requirement: 'R2.6',
    remediation:
      'Turn the grants off: Kong `oauth2` `enable_password_grant: false` and `enable_implicit_grant: false`; list `openid-connect` `auth_methods` explicitly without `password` (for APIs usually `[bearer]` or `[bearer, introspection]`). Move clients to the authorization code flow with PKCE, or client credentials for machines.',
    tests: { fail: [{ file: 'fail.yaml', pointer: '/plugins/0' }], pass: ['pass.yaml'] },
  },
  check({ api, report }) {
    for (const { loc, ops, first } of credentialGroups(api, (c) => (c.flows ?? []).some((f) => DEPRECATED.has(f)))) {
      const flows = (first.flows ?? []).filter((f) => DEPRECATED.has(f));
      report({ message: `${first.scheme ?? 'the gateway'} accepts the ${flows.join(' and ')} grant on ${opsLabel(ops)}`, loc, operations: ops });
    }
  },
};
