// Authorization-server metadata: RFC 8414 (`/.well-known/oauth-authorization-server`), OpenID Connect Discovery 1.0
// (`/.well-known/openid-configuration`), and OpenID Federation entity statements that carry either under
// `metadata.openid_provider` / `metadata.oauth_authorization_server`. The document says what the server supports; the
// scorer decides what that proves (MATURITY.md: support is not enforcement).

import type { AuthServer } from '../../model/types.js';
import { get, isObj, obj, str, type Obj } from '../../model/util.js';
import type { ParsedFile } from '../../load/parse.js';
import type { Contribution, KindAdapter } from '../types.js';

const ENDPOINTS = ['authorization_endpoint', 'token_endpoint', 'jwks_uri', 'pushed_authorization_request_endpoint'];
const OIDC_MARKERS = ['id_token_signing_alg_values_supported', 'userinfo_endpoint', 'subject_types_supported', 'claims_supported'];

interface Found {
  metadata: Obj;
  pointer: string;
  issuer: string;
  flavour: 'oauth' | 'oidc';
}

function looksLikeServer(o: Obj): boolean {
  return typeof get(o, 'issuer') === 'string' && ENDPOINTS.some((k) => typeof get(o, k) === 'string');
}

function flavourOf(o: Obj, fromEntity?: 'openid_provider' | 'oauth_authorization_server'): 'oauth' | 'oidc' {
  if (fromEntity) return fromEntity === 'openid_provider' ? 'oidc' : 'oauth';
  if (OIDC_MARKERS.some((k) => get(o, k) !== undefined)) return 'oidc';
  const scopes = get(o, 'scopes_supported');
  return Array.isArray(scopes) && scopes.includes('openid') ? 'oidc' : 'oauth';
}

/** The metadata object of a parsed document, if it is authorization-server metadata. */
export function findServerMetadata(doc: unknown): Found | undefined {
  if (!isObj(doc)) return undefined;
  if (looksLikeServer(doc)) return { metadata: doc, pointer: '', issuer: str(get(doc, 'issuer'))!, flavour: flavourOf(doc) };
  const md = obj(get(doc, 'metadata'));
  for (const k of ['openid_provider', 'oauth_authorization_server'] as const) {
    const m = obj(get(md, k));
    if (!m) continue;
    const issuer = str(get(m, 'issuer')) ?? str(get(doc, 'sub')) ?? str(get(doc, 'iss'));
    if (issuer === undefined || !ENDPOINTS.some((e) => typeof get(m, e) === 'string')) continue;
    return { metadata: m, pointer: `/metadata/${k}`, issuer, flavour: flavourOf(m, k) };
  }
  return undefined;
}

export const asMetadataAdapter: KindAdapter = {
  kind: 'as-metadata',
  title: 'OAuth 2.0 authorization-server metadata (RFC 8414) / OpenID Connect discovery',
  sniff: /"issuer"\s*:\s*"[^"]*"[\s\S]{0,4000}"(authorization_endpoint|token_endpoint)"\s*:|"(authorization_endpoint|token_endpoint)"\s*:[\s\S]{0,4000}"issuer"\s*:\s*"/,
  detect(pf: ParsedFile) {
    return findServerMetadata(pf.docs[0]) !== undefined;
  },
  toModel(pf: ParsedFile): Contribution {
    const f = findServerMetadata(pf.docs[0])!;
    const server: AuthServer = { issuer: f.issuer, metadata: { ...f.metadata }, loc: { file: pf.file, pointer: f.pointer }, flavour: f.flavour };
    return { apis: [], authServers: [server] };
  },
};
