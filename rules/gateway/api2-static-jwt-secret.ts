import type { Rule } from '../../src/model/rule.js';
import { credentialGroups, isToken, opsLabel } from '../lib/gateway.js';

export const rule: Rule = {
  meta: {
    id: 'api2-static-jwt-secret',
    title: 'JWTs signed with per-consumer shared secrets',
    description:
      'The gateway accepts JWTs signed with an HS* secret it shares with each consumer (Kong `jwt` with `jwt_secrets` using HS256, the default; an Envoy `jwt_authn` provider or Istio `jwtRules` whose JWKS holds a symmetric `oct` key). Whoever holds the secret mints any token, for as long as it lives: this is a static secret, not a token from an authorization server, and caps the operation at level 1 (cap C6).',
    severity: 'medium',
    owasp: ['API2:2023'],
    requirement: 'R2.1',
    remediation:
      'Validate tokens issued by an authorization server with asymmetric keys: Kong `jwt_secrets` with `algorithm: RS256`/`ES256` and the issuer\'s public key, or better `openid-connect` with the issuer\'s discovery document. Rotate the shared secrets.',
    tests: { fail: [{ file: 'fail.yaml', pointer: '/services/0/plugins/0' }], pass: ['pass.yaml'] },
  },
  check({ api, report }) {
    for (const { loc, ops } of credentialGroups(api, (c) => isToken(c) && c.staticSecret === true)) {
      report({ message: `JWTs on ${opsLabel(ops)} are signed with per-consumer HS* shared secrets (level capped at 1)`, loc, operations: ops });
    }
  },
};
