import type { Rule } from '../../src/model/rule.js';
import { isGoogleJwt } from '../../src/model/schemes.js';
import { get } from '../../src/model/util.js';
import { opsUsingScheme, usedSchemes } from '../lib/ops.js';

export const rule: Rule = {
  meta: {
    id: 'api2-oauth-no-refresh-url',
    title: 'No refresh endpoint for user tokens',
    description:
      'An OAuth 2.0 authorization-code (or device-code) flow declares no `refreshUrl`: nothing tells clients how to renew access tokens, which pushes implementers towards long-lived access tokens. Client-credentials flows get no refresh tokens (RFC 6749 §4.4.3), and implicit/password flows are reported by `api2-deprecated-oauth-flow`, so neither is judged here. Swagger 2.0 has no `refreshUrl` field: there an `x-refreshUrl` extension or a description that explains token refresh satisfies the rule.',
    severity: 'low',
    owasp: ['API2:2023'],
    confidence: 'low',
    remediation: 'Issue short-lived access tokens with refresh tokens, and declare where they are renewed: `authorizationCode: {authorizationUrl: …, tokenUrl: …, refreshUrl: https://as.example.com/token, scopes: {…}}`.',
    supersedes: ['owasp:api2:2023-short-lived-access-tokens'],
    tests: { fail: [{ file: 'fail.yaml', pointer: '/components/securitySchemes/oauth/flows/authorizationCode' }, { file: 'fail-v2.yaml', pointer: '/securityDefinitions/oauth' }], pass: ['pass.yaml', 'pass-v2.yaml'] },
  },
  check({ api, report }) {
    const v2 = api.openapi === '2.0';
    for (const s of usedSchemes(api)) {
      if (s.type !== 'oauth2' || isGoogleJwt(s)) continue;
      for (const [name, flow] of Object.entries(s.flows ?? {})) {
        if (name !== 'authorizationCode' && name !== 'deviceCode') continue;
        if (flow.refreshUrl) continue;
        if (v2) {
          const raw = api.deref.valueAt(s.loc);
          if (typeof get(raw, 'x-refreshUrl') === 'string' || typeof get(raw, 'x-refresh-url') === 'string' || /refresh/i.test(s.description ?? '')) continue;
        }
        report({
          message: `security scheme '${s.name}': the ${name} flow declares no ${v2 ? 'refresh endpoint' : '`refreshUrl`'}`,
          loc: flow.loc,
          operations: opsUsingScheme(api, s),
          key: name,
          remediation: v2
            ? `Swagger 2.0 has no \`refreshUrl\`: add \`x-refreshUrl: ${flow.tokenUrl ?? 'https://as.example.com/token'}\` to '${s.name}' (or explain token refresh in its description), and issue short-lived access tokens with refresh tokens.`
            : `Declare the refresh endpoint: \`${name}: {…, refreshUrl: ${flow.tokenUrl ?? 'https://as.example.com/token'}}\`, and issue short-lived access tokens with refresh tokens.`,
        });
      }
    }
  },
};
