import type { Rule } from '../../src/model/rule.js';
import { credentialGroups, isToken, opsLabel } from '../lib/gateway.js';

export const rule: Rule = {
  meta: {
    id: 'api2-token-expiry-not-checked',
    title: 'Token expiry is not checked',
    description:
      'The gateway validates the token\'s signature but not its `exp` claim (Kong `jwt` without `exp` in `claims_to_verify`, its default), or tokens are issued without expiry. A leaked token then works forever.',
    severity: 'medium',
    owasp: ['API2:2023'],
    requirement: 'R2.3',
    remediation: 'Check expiry where tokens are validated: Kong `jwt` `claims_to_verify: [exp]` and `maximum_expiration: 3600`; issue access tokens that live at most an hour.',
    tests: { fail: [{ file: 'fail.yaml', pointer: '/services/0/plugins/0' }], pass: ['pass.yaml'] },
  },
  check({ api, report }) {
    for (const { loc, ops, first } of credentialGroups(api, (c) => isToken(c) && c.expiryChecked === false)) {
      report({ message: `${first.detail ?? 'token'}: expiry (\`exp\`) is not checked on ${opsLabel(ops)}; tokens never expire`, loc, operations: ops });
    }
  },
};
