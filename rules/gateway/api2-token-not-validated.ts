import type { Rule } from '../../src/model/rule.js';
import { credentialGroups, isToken, opsLabel } from '../lib/gateway.js';

export const rule: Rule = {
  meta: {
    id: 'api2-token-not-validated',
    title: 'Tokens accepted without signature validation',
    description:
      'The gateway reads the token but does not verify its signature (Envoy `jwt_authn` `extract_only_without_validation`, Kong `openid-connect` `verify_signature: false`). Anyone can mint a token with any claims; the operation is level 0 (cap C1).',
    severity: 'critical',
    owasp: ['API2:2023'],
    requirement: 'R2.2',
    remediation:
      'Validate every token cryptographically against the issuer\'s keys (JWKS with caching), accept only asymmetric algorithms and check `exp`: remove `extract_only_without_validation`, set `verify_signature: true`.',
    tests: { fail: [{ file: 'fail.yaml', pointer: '/plugins/0' }], pass: ['pass.yaml'] },
  },
  check({ api, report }) {
    for (const { loc, ops, first } of credentialGroups(api, (c) => isToken(c) && c.validated === false)) {
      report({ message: `${first.detail ?? 'token'}: tokens are accepted without signature validation on ${opsLabel(ops)} (level 0)`, loc, operations: ops });
    }
  },
};
