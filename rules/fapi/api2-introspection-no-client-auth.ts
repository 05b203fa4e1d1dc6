import type { Rule } from '../../src/model/rule.js';
import { memberLoc, metadataList } from '../../src/model/fapi.js';
import { protectedKeys } from '../lib/metadata.js';

export const rule: Rule = {
  meta: {
    id: 'api2-introspection-no-client-auth',
    title: 'Token introspection without client authentication',
    description:
      'The authorization server lists `none` in `introspection_endpoint_auth_methods_supported`: anyone holding a token can ask whether it is valid and read its claims, which turns the endpoint into a token-scanning oracle. RFC 7662 §2.1 requires the caller to be authorized and §4 warns about exactly this.',
    severity: 'medium',
    owasp: ['API2:2023'],
    remediation: 'Require resource servers to authenticate at the introspection endpoint (`private_key_jwt` or `tls_client_auth`) and remove `none` from `introspection_endpoint_auth_methods_supported`.',
    tests: { fail: [{ file: 'fail', pointer: '/introspection_endpoint_auth_methods_supported' }], pass: ['pass'] },
  },
  check({ api, report }) {
    for (const s of api.authServers) {
      if (!metadataList(s, 'introspection_endpoint_auth_methods_supported')?.includes('none')) continue;
      report({ message: `${s.issuer} accepts unauthenticated introspection requests`, loc: memberLoc(s, 'introspection_endpoint_auth_methods_supported'), operations: protectedKeys(api) });
    }
  },
};
