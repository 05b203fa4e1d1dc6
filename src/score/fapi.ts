// Level 4: the FAPI 2.0 Security Profile requirements R4.1–R4.12 (research/maturity-standards.md §2, "Level 4").
// Without authorization-server metadata they are `unknown` (settled by the metadata), except where an OpenAPI
// declaration already contradicts them (password or implicit flows, plain-http endpoints).

import type { AuthServer, Credential, Loc, ProtectedResource } from '../model/types.js';
import { isPlainHttp } from '../model/util.js';
import { registerRequirements, type Requirement } from './requirements.js';
import { fails, na, pass, unknown, worse, type ReqStatus } from './status.js';

const AS_METADATA = "the authorization server's metadata (`/.well-known/openid-configuration`)";

export const FAPI_REQUIREMENTS: Requirement[] = [
  {
    id: 'R4.1',
    level: 4,
    role: 'gate',
    title: "authorization-server metadata is published and its `issuer` matches where it is served",
    source: 'FAPI 2.0 §5.3.2.1-1; RFC 8414 §3.3',
    settleWith: AS_METADATA,
    remediation:
      'Publish RFC 8414 / OpenID Connect discovery metadata whose `issuer` equals the URL prefix it is served from, and reference it from the API description (`openIdConnectUrl`, or OpenAPI 3.2 `oauth2MetadataUrl`).',
  },
  {
    id: 'R4.2',
    level: 4,
    role: 'gate',
    title: 'only sender-constrained access tokens (mTLS or DPoP); plain Bearer refused',
    source: 'FAPI 2.0 §5.3.2.1-4, -5; §5.3.4-5',
    settleWith: 'a gateway config or captured traffic showing plain Bearer refused',
    remediation:
      'Stop issuing bearer tokens to FAPI clients (a FAPI 2.0 client profile at the authorization server) and reject plain `Bearer` at the resource server (see R3.2).',
  },
  {
    id: 'R4.3',
    level: 4,
    role: 'gate',
    title: 'client authentication with `private_key_jwt` or mTLS (`tls_client_auth`, `self_signed_tls_client_auth`) only',
    source: 'FAPI 2.0 §5.3.2.1-6; RFC 8705 §2; OIDC Core §9',
    settleWith: AS_METADATA + ': `token_endpoint_auth_methods_supported`',
    remediation:
      'Replace client secrets with `private_key_jwt` (the client signs a JWT assertion whose `aud` is the issuer) or `tls_client_auth` (RFC 8705 §2.1), and advertise only those in `token_endpoint_auth_methods_supported`.',
  },
  {
    id: 'R4.4',
    level: 4,
    role: 'gate',
    title: 'no resource-owner password grant',
    source: 'FAPI 2.0 §5.3.2.1-2; RFC 9700 §2.4',
    settleWith: AS_METADATA + ': `grant_types_supported`',
    remediation: 'Remove the password grant from the authorization server and from the API description (`flows.password`); move clients to the authorization code flow.',
  },
  {
    id: 'R4.5',
    level: 4,
    role: 'gate',
    title: 'authorization code flow only (`response_type=code`)',
    source: 'FAPI 2.0 §5.3.2.2-1',
    settleWith: AS_METADATA + ': `response_types_supported`',
    remediation: 'Offer only `response_type=code` (plus client credentials for machine clients); remove `token`, `id_token` and hybrid response types and the implicit flow.',
  },
  {
    id: 'R4.6',
    level: 4,
    role: 'gate',
    title: 'pushed authorization requests (PAR) required',
    source: 'FAPI 2.0 §5.3.2.2-2, -3; RFC 9126 §5',
    settleWith: AS_METADATA + ': `pushed_authorization_request_endpoint`, `require_pushed_authorization_requests`',
    remediation:
      'Expose `pushed_authorization_request_endpoint` and set `require_pushed_authorization_requests: true`, so authorization requests without a `request_uri` from PAR are rejected; keep request URIs valid for under 600 s.',
  },
  {
    id: 'R4.7',
    level: 4,
    role: 'gate',
    title: 'PKCE with `S256`',
    source: 'FAPI 2.0 §5.3.2.2-5; RFC 7636',
    settleWith: AS_METADATA + ': `code_challenge_methods_supported`',
    remediation: 'Require PKCE with `S256` for every client and advertise `code_challenge_methods_supported: ["S256"]`.',
  },
  {
    id: 'R4.8',
    level: 4,
    role: 'gate',
    title: 'the `iss` parameter is returned in authorization responses',
    source: 'FAPI 2.0 §5.3.2.2-7; RFC 9207',
    settleWith: AS_METADATA + ': `authorization_response_iss_parameter_supported`',
    remediation: 'Return `iss` in every authorization response (RFC 9207) and advertise `authorization_response_iss_parameter_supported: true` (or use JARM).',
  },
  {
    id: 'R4.9',
    level: 4,
    role: 'gate',
    title: 'signing algorithms limited to PS256, ES256 or EdDSA',
    source: 'FAPI 2.0 §5.4.1',
    settleWith: AS_METADATA + ': `*_signing_alg_values_supported`',
    remediation: 'Sign with PS256, ES256 or EdDSA only: rotate RS256 and HS* keys out of the FAPI realm and restrict every `*_signing_alg_values_supported` list; RSA keys of at least 2048 bits.',
  },
  {
    id: 'R4.10',
    level: 4,
    role: 'gate',
    title: 'every endpoint is https (TLS 1.2 or later)',
    source: 'FAPI 2.0 §5.2.1, §5.2.2',
    settleWith: AS_METADATA + ' and the servers of the API',
    remediation: 'Serve every authorization-server and resource-server endpoint over https with TLS 1.2 or later and the BCP 195 cipher suites.',
  },
  {
    id: 'R4.11',
    level: 4,
    role: 'gate',
    title: 'the resource server accepts header-only tokens and checks validity, expiry, scope and binding',
    source: 'FAPI 2.0 §5.3.4',
    settleWith: 'a gateway config for this API or RFC 9728 protected-resource metadata',
    remediation: 'At the resource server accept tokens in the `Authorization` header only and verify signature or introspection, expiry, scope and the sender binding on every call (see R2.2, R2.5, R3.2).',
  },
  {
    id: 'R4.12',
    level: 4,
    role: 'advisory',
    title: 'short-lived codes and request URIs; high-entropy opaque tokens',
    source: 'FAPI 2.0 §5.3.2.1, §5.3.2.2, §5.4.1-4',
    settleWith: 'captured traffic of the authorization flow',
    remediation: 'Keep authorization codes valid for at most 60 s and single-use, PAR `expires_in` under 600 s, and opaque tokens with at least 128 bits of entropy.',
  },
];
registerRequirements(FAPI_REQUIREMENTS);

export type FapiProfile = 'fapi2-security-profile' | 'fapi1-advanced';
export const PROFILE_TITLES: Record<FapiProfile, string> = { 'fapi2-security-profile': 'FAPI 2.0 Security Profile', 'fapi1-advanced': 'FAPI 1.0 Advanced' };

/** FAPI 2.0 Message Signing features (sub-level 4b), each reported on its own like the conformance suite's variants. */
export type SigningFeature = 'jar' | 'jarm' | 'signed-introspection' | 'http-signatures';
export const SIGNING_FEATURES: SigningFeature[] = ['jar', 'jarm', 'signed-introspection', 'http-signatures'];

export interface SigningStatus extends Omit<ReqStatus, 'id'> {
  feature: SigningFeature;
}

export interface FapiInput {
  /** The credentials of the governing alternatives that carry a token. */
  tokens: Credential[];
  /** Server URLs of the operation. */
  serverUrls: { url: string; loc: Loc }[];
  /** Authorization-server metadata linked to the API that governs these tokens. */
  authServers: AuthServer[];
  /** Protected-resource metadata (RFC 9728) linked to the API. */
  protectedResources?: ProtectedResource[];
  /** Whether level 3 (sender-constrained, verified) is met. */
  level3: boolean;
  /** The resource-server checks R2.2, R2.5 and R3.2: all pass, one fails (with its status), or not shown. */
  rsChecks: boolean | ReqStatus;
  /** Request headers of RFC 9421 HTTP message signatures the operation declares (`Signature-Input`, `Signature`, …). */
  signatureHeaders?: { name: string; loc: Loc }[];
}

/** What linked metadata says, per profile (statuses for the R4 ids it can speak to), plus level-2 grades and 4b. */
export interface MetadataOutcome {
  fapi2: ReqStatus[];
  fapi1Advanced: ReqStatus[];
  /** Statuses of lower-level requirements the metadata also speaks to (R2.6, R2.7). */
  extra: ReqStatus[];
  messageSigning: SigningStatus[];
}

export type MetadataEvaluator = (input: FapiInput) => MetadataOutcome | undefined;

export interface FapiOutcome {
  statuses: ReqStatus[];
  /** The profile the statuses are for; only when metadata was evaluated. */
  profile?: FapiProfile;
  /** The other profile and the gates it does not pass. */
  alternative?: { profile: FapiProfile; unmet: string[] };
  messageSigning: SigningStatus[];
}

const FAPI_GATES = new Set(FAPI_REQUIREMENTS.filter((r) => r.role === 'gate').map((r) => r.id));

function gatesPass(list: ReqStatus[]): string[] {
  return list.filter((s) => FAPI_GATES.has(s.id) && s.status !== 'pass' && s.status !== 'n/a').map((s) => s.id);
}

/**
 * Declarations plus metadata (MATURITY.md, settled points): metadata adds to what the API description says, never
 * replaces it — a requirement the description already fails stays failed; otherwise what the metadata says wins.
 */
function combine(decl: ReqStatus[], meta: ReqStatus[]): ReqStatus[] {
  const byId = new Map(meta.map((m) => [m.id, m]));
  const out = decl.map((d) => {
    const m = byId.get(d.id);
    byId.delete(d.id);
    if (!m) return d;
    if (d.status === 'fails') return m.status === 'fails' ? worse(d, m) : d;
    return m;
  });
  return [...out, ...byId.values()];
}

/**
 * Evaluates R4.1–R4.12 for one operation: from the API description alone, and — when authorization-server metadata is
 * linked and an evaluator is given (`./metadata.ts`) — from the metadata for the FAPI 2.0 Security Profile and for
 * FAPI 1.0 Advanced. FAPI 2.0 is reported unless only FAPI 1.0 Advanced passes.
 */
export function evaluateFapi(input: FapiInput, metadataEval?: MetadataEvaluator): FapiOutcome {
  const decl = evaluateFromDeclarations(input);
  const meta = input.authServers.length && metadataEval ? metadataEval(input) : undefined;
  if (!meta) return { statuses: decl, messageSigning: [] };
  const fapi2 = combine(decl, meta.fapi2);
  const fapi1 = combine(decl, meta.fapi1Advanced);
  const unmet2 = gatesPass(fapi2);
  const unmet1 = gatesPass(fapi1);
  const useFapi1 = unmet2.length > 0 && unmet1.length === 0;
  return {
    statuses: [...(useFapi1 ? fapi1 : fapi2), ...meta.extra],
    profile: useFapi1 ? 'fapi1-advanced' : 'fapi2-security-profile',
    alternative: useFapi1 ? { profile: 'fapi2-security-profile', unmet: unmet2 } : { profile: 'fapi1-advanced', unmet: unmet1 },
    messageSigning: meta.messageSigning,
  };
}

export function flowsOf(tokens: Credential[]): Set<string> {
  const s = new Set<string>();
  for (const t of tokens) for (const f of t.flows ?? []) s.add(f);
  return s;
}

/** The client-credentials grant only: FAPI's authorization-endpoint requirements do not apply. */
export function machineOnly(tokens: Credential[]): boolean {
  const flows = flowsOf(tokens);
  return flows.size > 0 && [...flows].every((f) => f === 'clientCredentials');
}

function evaluateFromDeclarations(input: FapiInput): ReqStatus[] {
  const flows = flowsOf(input.tokens);
  const tokenLocs = input.tokens.map((t) => t.loc);
  const machine = machineOnly(input.tokens);
  const out: ReqStatus[] = [];
  out.push(unknown('R4.1', 'no authorization-server metadata linked to this API'));
  out.push(
    input.level3
      ? pass('R4.2', 'tokens are declared sender-constrained', 'low', tokenLocs)
      : unknown('R4.2', 'sender-constrained tokens not shown (see R3.1, R3.2)'),
  );
  out.push(unknown('R4.3', 'client authentication methods are not stated without metadata'));
  out.push(flows.has('password') ? fails('R4.4', 'the API description offers the password flow', 'low', tokenLocs) : unknown('R4.4', 'grant types are not stated without metadata'));
  if (machine) {
    for (const id of ['R4.5', 'R4.6', 'R4.7', 'R4.8']) out.push(na(id, 'client-credentials flow only: no authorization endpoint'));
  } else {
    out.push(flows.has('implicit') ? fails('R4.5', 'the API description offers the implicit flow', 'low', tokenLocs) : unknown('R4.5', 'response types are not stated without metadata'));
    out.push(unknown('R4.6', 'PAR is not stated without metadata'));
    out.push(unknown('R4.7', 'PKCE methods are not stated without metadata'));
    out.push(unknown('R4.8', 'RFC 9207 support is not stated without metadata'));
  }
  out.push(unknown('R4.9', 'signing algorithms are not stated without metadata'));
  const plain = [
    ...input.serverUrls.filter((s) => isPlainHttp(s.url)),
    ...input.tokens.flatMap((t) => (t.issuerHints ?? []).filter((u) => isPlainHttp(u)).map((url) => ({ url, loc: t.loc }))),
  ];
  out.push(
    plain.length
      ? fails('R4.10', `plain-http endpoint ${plain[0]!.url}`, 'low', plain.map((p) => p.loc))
      : unknown('R4.10', 'authorization-server endpoints are not known without metadata'),
  );
  const rs = input.rsChecks;
  if (rs === true) out.push(pass('R4.11', 'resource-server checks R2.2, R2.5 and R3.2 pass', 'low'));
  else if (rs === false) out.push(unknown('R4.11', 'resource-server checks not shown'));
  else out.push({ ...rs, id: 'R4.11', reason: `${rs.id}: ${rs.reason}` });
  out.push(unknown('R4.12', 'not observable without traffic of the authorization flow'));
  return out;
}
