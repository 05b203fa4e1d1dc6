import type { Rule } from '../../src/model/rule.js';
import { credentialGroups, isToken, opsLabel } from '../lib/gateway.js';

export const rule: Rule = {
  meta: {
    id: 'api2-gateway-credential-in-url',
    title: 'Gateway accepts credentials in the URL',
    description:
      'The gateway accepts the API key or token in the query string. URLs end up in access logs, proxy logs, browser history and Referer headers, where anyone who reads them can reuse the credential. Kong `key-auth` does this by default (`key_in_query: true`), as do `jwt` (`uri_param_names: [jwt]`), `openid-connect` (`bearer_token_param_type` includes `query`) and `oauth2`; Envoy `jwt_authn` and Istio `RequestAuthentication` also read the `access_token` query parameter when no token location is configured.',
    severity: 'high',
    owasp: ['API2:2023'],
    requirement: 'R1.2',
    remediation:
      'Accept credentials in headers only: Kong `key-auth` `key_in_query: false`, `jwt` `uri_param_names: []`, `openid-connect` `bearer_token_param_type: [header]`; read Lambda authorizer identities from headers, not query strings; give Envoy `jwt_authn` providers `from_headers` (and no `from_params`), Istio `jwtRules` `fromHeaders`, and Envoy `api_key_auth` header `key_sources`. Rotate every key that was ever sent in a URL.',
    tests: { fail: [{ file: 'fail.yaml', pointer: '/services/0/plugins/0' }], pass: ['pass.yaml'] },
  },
  check({ api, report }) {
    for (const { loc, ops, first } of credentialGroups(api, (c) => c.in === 'query' || c.in === 'path')) {
      const what = first.type === 'api-key' ? 'API key' : isToken(first) ? 'token' : 'credential';
      report({
        message: `${first.detail ?? first.type}: the ${what}${first.name ? ` '${first.name}'` : ''} is accepted in the query string on ${opsLabel(ops)}`,
        loc,
        operations: ops,
      });
    }
  },
};
