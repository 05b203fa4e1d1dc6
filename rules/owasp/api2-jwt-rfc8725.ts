import type { Rule } from '../../src/model/rule.js';
import { opsUsingScheme, usedSchemes } from '../lib/ops.js';

export const rule: Rule = {
  meta: {
    id: 'api2-jwt-rfc8725',
    title: 'JWT handling not stated',
    description:
      'A scheme that uses JSON Web Tokens (`bearerFormat: JWT`, OpenID Connect) or OAuth 2.0 access tokens does not say in its description that tokens are validated per RFC 8725 (JWT Best Current Practices: explicit algorithms, no `none`, audience and issuer checks). Low for declared JWTs, info for OAuth 2.0 tokens whose format is not stated. A documentation finding: the description is where consumers and reviewers learn how tokens are checked.',
    severity: 'low',
    owasp: ['API2:2023'],
    remediation: 'Validate tokens per RFC 8725 (fixed algorithm allow-list, `aud`/`iss`/`exp` checked, no `none`, no HS* with shared secrets across parties) and say so in the scheme\'s `description`, e.g. `description: Access tokens are JWTs validated per RFC 8725 (ES256, aud and iss checked).`',
    supersedes: ['owasp:api2:2023-jwt-best-practices'],
    tests: { fail: [{ file: 'fail.yaml', pointer: '/components/securitySchemes/jwt' }, { file: 'fail-v2.yaml', pointer: '/securityDefinitions/oauth' }], pass: ['pass.yaml'] },
  },
  check({ api, report }) {
    for (const s of usedSchemes(api)) {
      const jwt = (s.type === 'http' && /jwt/i.test(s.bearerFormat ?? '')) || s.type === 'openIdConnect';
      if (!jwt && s.type !== 'oauth2') continue;
      if (/rfc\s*-?\s*8725|json web token best current practices|jwt best current practices/i.test(s.description ?? '')) continue;
      report({
        message: `security scheme '${s.name}' ${jwt ? 'uses JWTs' : 'issues OAuth 2.0 access tokens'} but its description does not state RFC 8725 validation`,
        loc: s.loc,
        severity: jwt ? 'low' : 'info',
        operations: opsUsingScheme(api, s),
        remediation: `Validate tokens per RFC 8725 and say so: \`${s.name}: {…, description: "Tokens are JWTs validated per RFC 8725: ES256 only, aud and iss checked, exp enforced."}\`.`,
      });
    }
  },
};
