// The requirements of the maturity ladder (MATURITY.md; ids and sources from research/maturity-standards.md).
// A gate must pass for its level to be reached; a grade only refines the level (sub-levels 1a/1b, 2a/2b, 4a/4b);
// an advisory item never blocks a level.

export type RequirementRole = 'gate' | 'grade' | 'advisory';

export interface Requirement {
  id: string;
  level: number;
  role: RequirementRole;
  title: string;
  source: string;
  /** What would settle it when no input speaks to it. */
  settleWith: string;
  remediation: string;
}

const AS_METADATA = "the authorization server's metadata (`/.well-known/openid-configuration` or `/.well-known/oauth-authorization-server`)";
const ENFORCEMENT = 'a gateway or mesh config for this API (Kong, Envoy, Istio, AWS API Gateway) or captured traffic (HAR)';

export const REQUIREMENTS: Requirement[] = [
  {
    id: 'R1.1',
    level: 1,
    role: 'gate',
    title: 'every operation requires a credential',
    source: 'OWASP API2:2023; OpenAPI Security Requirement Object',
    settleWith: `security schemes in the OpenAPI document, ${ENFORCEMENT}`,
    remediation:
      'Require authentication on every operation: declare a root `security` requirement and remove empty `{}` entries; mark operations that are public on purpose with `x-api-maturity-public: true`. At the gateway attach an authentication plugin or filter to every route with no anonymous fallback.',
  },
  {
    id: 'R1.2',
    level: 1,
    role: 'grade',
    title: 'credentials are not sent in the URL',
    source: 'RFC 6750 §2.3; RFC 9700 §4.3.2',
    settleWith: ENFORCEMENT,
    remediation:
      'Send keys and tokens in a header, never in the query string or path: URLs end up in logs, browser history and Referer headers. In OpenAPI use `in: header` (for example `name: X-API-Key`); in Kong set `key-auth` `key_in_query: false`. Rotate every key that was ever sent in a URL.',
  },
  {
    id: 'R1.3',
    level: 3,
    role: 'gate',
    title: 'credentials travel only over TLS (cap C2: plain http limits the level to 2)',
    source: 'RFC 6750 §5.3; RFC 9449 §2; FAPI 2.0 §5.2.1',
    settleWith: ENFORCEMENT,
    remediation:
      'Serve authenticated operations over https only: list only `https://` server URLs, redirect plain http to https at the edge (Kong route `protocols: [https]`, Envoy `https_redirect`), and send `Strict-Transport-Security`.',
  },
  {
    id: 'R2.1',
    level: 2,
    role: 'gate',
    title: 'the credential is an access token issued by an OAuth 2.0 / OpenID Connect authorization server',
    source: 'RFC 6749 §1.4; RFC 6750 §2.1',
    settleWith: `${ENFORCEMENT}, or the custom authorizer's configuration`,
    remediation:
      'Replace static keys and passwords with OAuth 2.0 access tokens from an authorization server: declare an `openIdConnect` scheme (`openIdConnectUrl: https://as.example.com/.well-known/openid-configuration`) or an `oauth2` scheme with the `authorizationCode` or `clientCredentials` flow, and validate the tokens at the gateway. Keep API keys, if at all, for metering only.',
  },
  {
    id: 'R2.2',
    level: 2,
    role: 'gate',
    title: "tokens are validated (signature with the server's keys or introspection; `exp` checked; `alg: none` never accepted)",
    source: 'RFC 8725 §3.1–3.2; RFC 9068 §4; RFC 7662',
    settleWith: ENFORCEMENT,
    remediation:
      'Validate every token cryptographically: fetch the JWKS of the authorization server (with caching), accept only asymmetric algorithms, enforce `exp`, and never run a JWT filter in extract-only mode; use RFC 7662 introspection for opaque tokens.',
  },
  {
    id: 'R2.3',
    level: 2,
    role: 'grade',
    title: 'access tokens live at most one hour',
    source: 'RFC 6750 §5.3',
    settleWith: `${AS_METADATA} is silent on lifetimes: captured traffic (JWT \`exp − iat\`) or the gateway's token settings`,
    remediation:
      'Issue access tokens that expire within an hour (5–15 minutes for sensitive data) and use refresh tokens; reject longer-lived tokens at the edge (Envoy `max_lifetime_seconds`, Kong `jwt.maximum_expiration`).',
  },
  {
    id: 'R2.4',
    level: 2,
    role: 'grade',
    title: 'tokens are audience-restricted and the audience is checked',
    source: 'RFC 9700 §2.3; RFC 9068 §2.2, §4; RFC 8707',
    settleWith: `${ENFORCEMENT}, or RFC 9728 protected-resource metadata`,
    remediation:
      'Bind tokens to this API: request them with `resource=https://api.example.com` (RFC 8707) or an audience mapper, and check `aud` where tokens are validated (Envoy `audiences`, Istio `jwtRules[].audiences`, Kong OIDC `audience_required`, AWS `jwtConfiguration.audience`).',
  },
  {
    id: 'R2.5',
    level: 2,
    role: 'grade',
    title: 'tokens are accepted in the Authorization header only',
    source: 'RFC 6750 §2.1, §2.3; RFC 9700 §4.3.2; FAPI 2.0 §5.3.4',
    settleWith: ENFORCEMENT,
    remediation:
      'Accept tokens only in the `Authorization` header: drop query and form-body token parameters (Kong OIDC `bearer_token_param_type: [header]`, `jwt.uri_param_names: []`, Envoy/Istio without `from_params`/`fromParams`).',
  },
  {
    id: 'R2.6',
    level: 2,
    role: 'grade',
    title: 'no implicit and no resource-owner password grant',
    source: 'RFC 9700 §2.1.2, §2.4; FAPI 2.0 §5.3.2.1, §5.3.2.2',
    settleWith: AS_METADATA,
    remediation:
      'Remove the implicit and password flows: delete `flows.implicit` and `flows.password` from the security scheme, disable both grants at the authorization server, and move clients to the authorization code flow with PKCE (users) or client credentials (machines).',
  },
  {
    id: 'R2.7',
    level: 2,
    role: 'grade',
    title: 'PKCE with S256 for authorization-code clients',
    source: 'RFC 7636 §4.2; RFC 9700 §2.1.1; FAPI 2.0 §5.3.2.2',
    settleWith: `${AS_METADATA}: \`code_challenge_methods_supported\``,
    remediation:
      'Require PKCE with `S256` for every authorization-code client and advertise `code_challenge_methods_supported: ["S256"]` (drop `plain`).',
  },
  {
    id: 'R3.1',
    level: 3,
    role: 'gate',
    title: 'the authorization server issues sender-constrained tokens (mTLS certificate-bound, RFC 8705, or DPoP, RFC 9449)',
    source: 'RFC 8705 §3; RFC 9449 §5–6',
    settleWith: `${AS_METADATA}: \`tls_client_certificate_bound_access_tokens\` or \`dpop_signing_alg_values_supported\``,
    remediation:
      'Have the authorization server bind tokens to the client: enable RFC 8705 certificate-bound tokens (tokens carry `cnf.x5t#S256`, metadata `tls_client_certificate_bound_access_tokens: true`) or DPoP (tokens carry `cnf.jkt`, metadata `dpop_signing_alg_values_supported`). In OpenAPI 3.1 declare it by putting a `mutualTLS` scheme and the OAuth scheme in the same security requirement, or use an `http` scheme `DPoP`.',
  },
  {
    id: 'R3.2',
    level: 3,
    role: 'gate',
    title: 'the resource server verifies the binding on every call (certificate thumbprint = `cnf.x5t#S256`, or a valid DPoP proof)',
    source: 'RFC 8705 §3, §6.2; RFC 9449 §4.3, §7.1',
    settleWith: `${ENFORCEMENT} showing the binding checked (e.g. Kong openid-connect \`proof_of_possession_mtls: strict\`, DPoP proofs on every call)`,
    remediation:
      'Verify the binding where the token is checked, in strict mode: Kong `openid-connect` `proof_of_possession_mtls: strict` or `proof_of_possession_dpop: strict`; for Envoy and Istio an external authorizer that compares `cnf` with the client certificate or DPoP proof. Reject plain `Bearer` on these APIs and answer proof-less calls with `401 WWW-Authenticate: DPoP`.',
  },
  {
    id: 'R3.3',
    level: 3,
    role: 'gate',
    title: 'on the mTLS path, the client certificate is required and validated at the edge',
    source: 'RFC 8705 §7.4; RFC 9700 §4.13',
    settleWith: ENFORCEMENT,
    remediation:
      'Require and validate client certificates where TLS terminates (Envoy `require_client_certificate: true` with a trusted CA, Istio Gateway `tls.mode: MUTUAL`, AWS custom domain `MutualTlsAuthentication` with `DisableExecuteApiEndpoint: true`), and sanitise forwarded-certificate headers.',
  },
];

export const REQUIREMENT_BY_ID = new Map(REQUIREMENTS.map((r) => [r.id, r]));

export function registerRequirements(list: Requirement[]): void {
  for (const r of list) {
    if (!REQUIREMENT_BY_ID.has(r.id)) {
      REQUIREMENTS.push(r);
      REQUIREMENT_BY_ID.set(r.id, r);
    }
  }
}
