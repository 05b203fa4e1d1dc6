// OAuth 2.0 protected-resource metadata (RFC 9728, `/.well-known/oauth-protected-resource`), also as the
// `metadata.oauth_resource` of an OpenID Federation entity statement: the one standard place where a resource server
// states which authorization servers it trusts, that it requires DPoP- or certificate-bound tokens, and how it accepts
// them (`bearer_methods_supported`).

import type { ProtectedResource } from '../../model/types.js';
import { get, isObj, obj, str, type Obj } from '../../model/util.js';
import type { ParsedFile } from '../../load/parse.js';
import type { Contribution, KindAdapter } from '../types.js';

const RS_FIELDS = ['authorization_servers', 'bearer_methods_supported', 'dpop_bound_access_tokens_required', 'tls_client_certificate_bound_access_tokens', 'resource_signing_alg_values_supported', 'resource_name'];

function looksLikeResource(o: Obj): boolean {
  const r = str(get(o, 'resource'));
  return r !== undefined && /^https?:\/\//i.test(r) && RS_FIELDS.some((k) => get(o, k) !== undefined);
}

/** The protected-resource metadata object of a parsed document, if it is one. */
export function findResourceMetadata(doc: unknown): { metadata: Obj; pointer: string } | undefined {
  if (!isObj(doc)) return undefined;
  if (looksLikeResource(doc)) return { metadata: doc, pointer: '' };
  const m = obj(get(obj(get(doc, 'metadata')), 'oauth_resource'));
  if (m && looksLikeResource(m)) return { metadata: m, pointer: '/metadata/oauth_resource' };
  return undefined;
}

export const rsMetadataAdapter: KindAdapter = {
  kind: 'rs-metadata',
  title: 'OAuth 2.0 protected-resource metadata (RFC 9728)',
  sniff: /"resource"\s*:\s*"https?:[^"]*"[\s\S]{0,4000}"(authorization_servers|bearer_methods_supported|dpop_bound_access_tokens_required)"\s*:/,
  detect(pf: ParsedFile) {
    return findResourceMetadata(pf.docs[0]) !== undefined;
  },
  toModel(pf: ParsedFile): Contribution {
    const f = findResourceMetadata(pf.docs[0])!;
    const pr: ProtectedResource = { resource: str(get(f.metadata, 'resource'))!, metadata: { ...f.metadata }, loc: { file: pf.file, pointer: f.pointer } };
    return { apis: [], protectedResources: [pr] };
  },
};
