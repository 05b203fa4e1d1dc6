import type { Rule } from '../../src/model/rule.js';
import { besideAllowed, protectedKeys } from '../lib/metadata.js';

export const rule: Rule = {
  meta: {
    id: 'fapi-pkce-plain',
    title: 'PKCE `plain` offered beside S256',
    description:
      'The authorization server accepts the `plain` PKCE method as well as `S256`. With `plain` the code challenge is the verifier itself, so an attacker who sees the authorization request can redeem a stolen code; FAPI 2.0 §5.3.2.2-5 and RFC 9700 §2.1.1 require S256.',
    severity: 'medium',
    owasp: ['API2:2023'],
    requirement: 'R4.7',
    remediation: 'Require `S256` for every client and advertise `code_challenge_methods_supported: ["S256"]` only (Keycloak client attribute `pkce.code.challenge.method: S256`).',
    tests: { fail: [{ file: 'fail', pointer: '/code_challenge_methods_supported' }], pass: ['pass'] },
  },
  check({ api, report }) {
    for (const hit of besideAllowed(api, 'code_challenge_methods_supported', ['S256'], (v) => v === 'plain')) {
      report({ message: `${hit.server.issuer} accepts PKCE 'plain' beside 'S256'`, loc: hit.loc, operations: protectedKeys(api) });
    }
  },
};
