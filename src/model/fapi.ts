// What the FAPI profiles allow in authorization-server metadata: shared by the scorer (level 4) and the `fapi` rule pack
// (disallowed values offered beside allowed ones).

import type { Loc } from './types.js';
import { get } from './util.js';

/** FAPI 2.0 Security Profile §5.4.1-1: PS256, ES256, or EdDSA with Ed25519. */
export const FAPI2_ALGS = ['PS256', 'ES256', 'EdDSA', 'Ed25519'];
/** FAPI 1.0 Advanced §8.6: PS256 or ES256. */
export const FAPI1_ALGS = ['PS256', 'ES256'];
/** FAPI 2.0 §5.3.2.1-6 and FAPI 1.0 Advanced §5.2.2-14: client authentication methods. */
export const FAPI_CLIENT_AUTH = ['private_key_jwt', 'tls_client_auth', 'self_signed_tls_client_auth'];

/** The signing-algorithm lists of RFC 8414 / OIDC discovery / RFC 9449 / JARM / RFC 9701 metadata. */
export const SIGNING_ALG_FIELDS = [
  'id_token_signing_alg_values_supported',
  'token_endpoint_auth_signing_alg_values_supported',
  'request_object_signing_alg_values_supported',
  'userinfo_signing_alg_values_supported',
  'authorization_signing_alg_values_supported',
  'introspection_signing_alg_values_supported',
  'dpop_signing_alg_values_supported',
];

/** Where a member of a metadata object is (or would be). */
export function memberLoc(doc: { loc: Loc }, name: string): Loc {
  return { ...doc.loc, pointer: `${doc.loc.pointer}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}` };
}

/** The string entries of a list member of a metadata object; undefined when absent or not a list. */
export function metadataList(doc: { metadata: Record<string, unknown> }, name: string): string[] | undefined {
  const v = get(doc.metadata, name);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
}
