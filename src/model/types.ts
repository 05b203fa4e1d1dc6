// The normalized model: what every input kind is turned into, and all that rules and the scorer ever read.
// Nothing here knows about files, parsers or formats; a location is a (file, JSON pointer) pair whose
// line and column are looked up only when a report needs them.

export type Level = 0 | 1 | 2 | 3 | 4;
export const LEVEL_LABELS = ['none', 'api-key', 'bearer', 'sender-constrained', 'fapi'] as const;
export type LevelLabel = (typeof LEVEL_LABELS)[number];

export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';
export const SEVERITIES: readonly Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

export type EvidenceKind = 'declared' | 'configured' | 'observed';
export type Confidence = 'low' | 'medium' | 'high';

export type InputKind = 'openapi' | 'kong' | 'envoy' | 'istio' | 'aws' | 'as-metadata' | 'rs-metadata' | 'har' | 'access-log';

/** A place in an input: file relative to the working directory, RFC 6901 pointer into the parsed document. */
export interface Loc {
  file: string;
  pointer: string;
  /** For multi-document YAML streams: index of the document. */
  doc?: number;
}

/** Resolves `$ref`s inside the documents an API came from. Injected by the loader; rules never parse. */
export interface Deref {
  /** Follows `$ref` chains from `value` (found at `loc`); returns the target and where it lives. */
  deref(value: unknown, loc: Loc): { value: unknown; loc: Loc };
  /** The raw value at a location (used for inline suppressions such as `x-api-maturity-ignore`). */
  valueAt(loc: Loc): unknown;
}

// ---------------------------------------------------------------- credentials and authentication postures

export type CredentialType =
  | 'api-key' // a static key in a header, query or cookie
  | 'basic' // HTTP Basic / Digest or another static-secret HTTP scheme
  | 'signature' // requests signed with a shared secret (HMAC, AWS SigV4)
  | 'client-certificate' // TLS client certificate (mTLS) on its own
  | 'bearer' // an access token: OAuth 2.0 / OIDC / http bearer / JWT
  | 'dpop' // a DPoP-bound access token (RFC 9449)
  | 'session-cookie'
  | 'unknown'; // something decides, but we cannot see what (custom authorizer, ext_authz)

export interface Credential {
  type: CredentialType;
  /** Where the client presents it. */
  in?: 'header' | 'query' | 'cookie' | 'path' | 'tls' | 'body';
  /** Header/parameter/cookie name, when known. */
  name?: string;
  /** Name of the security scheme (OpenAPI) or plugin/filter that defines it. */
  scheme?: string;
  /** For bearer tokens: how the token is bound to the client, if it is. */
  binding?: 'mtls' | 'dpop';
  /** OAuth flows offered for obtaining the token (authorizationCode, clientCredentials, implicit, password, deviceCode…). */
  flows?: string[];
  /** Scopes required by this use. */
  scopes?: string[];
  /** Whether the token is validated (signature/introspection): false = extract only (cap C1). */
  validated?: boolean;
  /** Static symmetric secret behind the token (HS* JWT per consumer, cap C6). */
  staticSecret?: boolean;
  /** URLs that identify the authorization server: openIdConnectUrl, authorizationUrl, tokenUrl, issuer. */
  issuerHints?: string[];
  /** Token lifetime in seconds where an input states it. */
  lifetimeSeconds?: number;
  /** False when the token's expiry (`exp`) is not checked where it is validated: tokens never expire (grade R2.3). */
  expiryChecked?: boolean;
  /** Audiences the validator requires, where an input states them (R2.4). */
  audiences?: string[];
  /** A key that identifies the caller for metering (usage plans, quotas); its vendor advises against it as authentication. */
  meteringOnly?: boolean;
  /** The check lets requests through when the service that decides fails or cannot be reached (fail open). */
  failOpen?: boolean;
  /**
   * A calling workload's mesh identity (mTLS peer principal), not an end-user credential: with type `unknown`, because
   * what those workloads ask of their users is not visible.
   */
  workloadIdentity?: boolean;
  /** Free-form detail shown to people (e.g. "http scheme 'negotiate'"). */
  detail?: string;
  /** For credentials seen in traffic: a redacted sample (`prefix…hash`), never the value. */
  fingerprint?: string;
  /** For tokens seen in traffic: what their decoded header and claims say (never the token). */
  token?: TokenInfo;
  /** Tokens the gateway mints itself, with no separate authorization server (Kong `oauth2`). */
  gatewayIssued?: boolean;
  /** How clients authenticate where this token is obtained, where an input states it (see `ClientAuth`). */
  clientAuth?: ClientAuth[];
  loc: Loc;
}

/**
 * OAuth client authentication (RFC 6749 §2.3, RFC 8414 `token_endpoint_auth_methods_supported` names): how the client
 * that obtains a token proves who it is — `client_secret_basic`, `client_secret_post`, `client_secret_jwt`,
 * `private_key_jwt`, `tls_client_auth`, `self_signed_tls_client_auth`.
 */
export interface ClientAuth {
  methods: string[];
  /** The gateway itself is that client: it exchanges the caller's login or credentials for tokens with its own credentials. */
  gateway?: boolean;
  /** Where the client presents them (a token endpoint URL or path), when the input says; absent: to the API itself. */
  endpoint?: string;
  loc: Loc;
}

/** What a token seen in traffic says about itself, decoded without verification. */
export interface TokenInfo {
  format: 'jwt' | 'opaque';
  /** JOSE header `alg` and `typ`. */
  alg?: string;
  typ?: string;
  iss?: string;
  aud?: string[];
  /** `exp − iat` in seconds. */
  lifetimeSeconds?: number;
  /** The confirmation method the token is bound to (RFC 7800 `cnf`): `jkt` (DPoP) or `x5t#S256` (mTLS). */
  cnf?: 'jkt' | 'x5t#S256';
  /** Scopes the token carries (RFC 9068 / RFC 8693 `scope`, or `scp`), sorted. */
  scopes?: string[];
}

/** One input's statement of how an operation authenticates callers. */
export interface AuthPosture {
  evidence: EvidenceKind;
  source: InputKind;
  confidence: Confidence;
  loc: Loc;
  /** Alternatives (OR); each is a set of credentials required together (AND). An empty set = anonymous access. */
  alternatives: Credential[][];
  /** The input says nothing about authentication for this operation (e.g. undescribed OpenAPI). */
  silent?: boolean;
  /** Credentials are accepted over plain http (cap C2). */
  plaintext?: boolean;
  /** Weaker bearer accepted beside a bound token (cap C3). */
  bearerFallback?: boolean;
  /**
   * FAPI 2.0 contradictions observed (cap C7: at most level 3): the level-4 requirement each one fails and why
   * (e.g. R4.9 for an RS256 or HS256 access token, R4.11 for a token in the query string).
   */
  fapiContradictions?: { requirement: string; reason: string }[];
  /** Short human text: "declared: oauth2 (authorizationCode) + mutualTLS". */
  summary: string;
}

// ---------------------------------------------------------------- OpenAPI-shaped detail (rules read it)

export interface SecurityScheme {
  name: string;
  type: 'apiKey' | 'http' | 'oauth2' | 'openIdConnect' | 'mutualTLS' | 'basic' | string;
  in?: string;
  paramName?: string;
  httpScheme?: string;
  bearerFormat?: string;
  description?: string;
  openIdConnectUrl?: string;
  oauth2MetadataUrl?: string;
  /** flow name → detail */
  flows?: Record<string, OAuthFlow>;
  extensions?: Record<string, unknown>;
  loc: Loc;
}

export interface OAuthFlow {
  authorizationUrl?: string;
  tokenUrl?: string;
  refreshUrl?: string;
  scopes: string[];
  loc: Loc;
}

export interface SchemeUse {
  scheme: string;
  scopes: string[];
  /** Undefined when the requirement names a scheme that is not defined. */
  def?: SecurityScheme;
}

/** A schema as found in the document: its raw (unresolved) node and where it lives. */
export interface SchemaRef {
  node: unknown;
  loc: Loc;
}

export interface Parameter {
  name: string;
  in: string;
  required: boolean;
  deprecated?: boolean;
  schema?: SchemaRef;
  description?: string;
  loc: Loc;
}

export interface MediaType {
  contentType: string;
  schema?: SchemaRef;
  loc: Loc;
}

export interface RequestBody {
  required: boolean;
  content: MediaType[];
  loc: Loc;
}

export interface ResponseHeader {
  name: string;
  schema?: SchemaRef;
  loc: Loc;
}

export interface Response {
  status: string;
  description?: string;
  headers: ResponseHeader[];
  content: MediaType[];
  loc: Loc;
}

export interface Callback {
  name: string;
  operations: Operation[];
  loc: Loc;
}

export interface Server {
  url: string;
  description?: string;
  extensions?: Record<string, unknown>;
  loc: Loc;
}

// ---------------------------------------------------------------- evidence

export interface Evidence {
  kind: EvidenceKind;
  source: InputKind;
  confidence: Confidence;
  /** Requirement this evidence speaks to (R1.1, R2.1, R3.1, …) when it does. */
  requirement?: string;
  /** Human text: what the input says. */
  summary: string;
  loc: Loc;
  /** A protective control on the requests it is attached to (typed, so rules never need to know the input format). */
  control?: Control;
  /** A credential written into the input itself. Only a redacted form is kept: the value never enters the model. */
  secret?: ConfigSecret;
}

export type ControlType =
  | 'rate-limit' // request rate or quota limits
  | 'cors' // cross-origin resource sharing policy
  | 'size-limit' // request body size limit
  | 'ip-restriction' // network allow/deny lists, private endpoints, resource policies
  | 'tls' // transport: plain http accepted, minimum TLS version, client certificates at the edge
  | 'access-control' // authorization after authentication: ACL groups, scopes, roles
  | 'request-validation' // request schema or parameter validation at the gateway
  | 'anti-automation' // bot detection, WAF
  | 'blocked' // every request is answered by the gateway itself with an error (request-termination)
  | 'custom-code' // code in the gateway (Lua, Wasm, Lambda) whose effect cannot be seen
  | 'workload-mtls' // mesh workload-to-workload mTLS (never end-user authentication)
  | 'forwarded-client-cert'; // how a proxy forwards the client certificate to upstreams (XFCC header)

/** A control a gateway or mesh applies; `state` is three-valued: never turn `unknown` into `present`. */
export interface Control {
  type: ControlType;
  /** `present`: configured; `absent`: proven missing; `unknown`: decided somewhere the inputs do not show. */
  state: 'present' | 'absent' | 'unknown';
  /** Applies to some callers only (consumer- or group-scoped plugin, usage plan of some keys). */
  partial?: boolean;
  /** Configured in a dry-run or shadow mode, or enforced on 0 % of requests: recorded, not applied (`state: absent`). */
  shadow?: boolean;
  /** rate-limit: the tightest limit, requests per period. */
  limit?: number;
  periodSeconds?: number;
  /** rate-limit: what the counter is keyed on (consumer, ip, credential…). */
  by?: string;
  /** rate-limit, access-control: requests pass when the service that decides fails (fail open). */
  failOpen?: boolean;
  /** cors: allowed origins (`*` = any) and whether credentials are allowed. */
  origins?: string[];
  credentials?: boolean;
  /** size-limit: the largest request body accepted, in bytes. */
  maxBytes?: number;
  /** tls: plain http accepted; the weakest TLS version offered; client certificates; a way around the edge. */
  plaintext?: boolean;
  minTlsVersion?: string;
  /** `untrusted`: certificates are asked for but their chain is not validated. */
  clientCertificate?: 'required' | 'optional' | 'untrusted';
  /** tls: how clients can bypass the edge that enforces this control (e.g. the default execute-api endpoint). */
  bypass?: string;
  /** workload-mtls: the PeerAuthentication mode in force, and whether authorization policies match on peer identities. */
  mtlsMode?: 'STRICT' | 'PERMISSIVE' | 'DISABLE';
  principalsRelied?: boolean;
  /** forwarded-client-cert: the forwarding mode, whether the proxy faces clients, and whether clients can forge the header. */
  xfccMode?: string;
  edge?: boolean;
  spoofable?: boolean;
  /** blocked: the status the gateway answers with. */
  status?: number;
}

/** A credential written into a config (a Kong key, a password, an HMAC or JWT secret, a private key). */
export interface ConfigSecret {
  /** What it is: `key-auth key`, `basic-auth password`, `jwt secret`, `private key`… */
  kind: string;
  /** Who it belongs to (consumer name, plugin), when known. */
  owner?: string;
  /** A short prefix and a SHA-256 prefix of the value, e.g. `ab…#1f2e3d4c`; never the value. */
  redacted: string;
}

// ---------------------------------------------------------------- operations and APIs

export type PublicReason = 'declared' | 'auth-entry-point';

/**
 * Which requests a gateway route or an observed call covers. The join uses it to attach configured and observed
 * evidence to the described operations.
 */
export interface RouteMatch {
  /**
   * `exact` path, string `prefix`, `regex` (JavaScript syntax, anchored at the start), OpenAPI-style `template`, or
   * `request`: one concrete path seen in traffic (it meets a described operation whose template matches it).
   */
  kind: 'exact' | 'prefix' | 'regex' | 'template' | 'request';
  value: string;
  /** Methods it accepts, lower-case; undefined = every method. */
  methods?: string[];
  /** Host names it serves (`*.example.com` wildcards allowed); undefined or empty = any host. */
  hosts?: string[];
}

export interface Operation {
  /** `METHOD path` — unique inside its API. */
  key: string;
  method: string;
  path: string;
  operationId?: string;
  summary?: string;
  description?: string;
  tags: string[];
  deprecated: boolean;
  /** Why the operation is reachable without a credential by design. */
  public?: PublicReason;
  /** For gateway routes and observed calls: the requests covered (the join matches it against described operations). */
  match?: RouteMatch;
  /** Set by the join: a route or observed call that no input describes (shadow endpoint). */
  undocumented?: boolean;
  /** Effective security: alternatives (OR) of scheme uses (AND). `undefined` = none declared anywhere. */
  security?: SchemeUse[][];
  /** Where the effective security was declared: the operation, the document root, or nowhere. */
  securityFrom: 'operation' | 'root' | 'none';
  securityLoc?: Loc;
  parameters: Parameter[];
  requestBody?: RequestBody;
  responses: Response[];
  callbacks: Callback[];
  servers: Server[];
  /** Every input's statement of how this operation authenticates. */
  auth: AuthPosture[];
  /** What captured traffic showed for this operation (calls, credentials, tokens, response signals). */
  traffic?: TrafficStats;
  evidence: Evidence[];
  extensions: Record<string, unknown>;
  loc: Loc;
}

export interface Api {
  /** Stable id: derived from the name and version, unique in a run. */
  id: string;
  name: string;
  version?: string;
  /** Input files that contributed. */
  sources: string[];
  /** Kinds of the inputs that contributed. */
  kinds: InputKind[];
  /** Base URLs (scheme://host/basePath) used to join inputs describing the same API. */
  baseUrls: string[];
  /** Host names a gateway or traffic API serves (`*.example.com` allowed); for described APIs they come from `baseUrls`. */
  hosts?: string[];
  /** OpenAPI version string when the API comes from an OpenAPI document. */
  openapi?: string;
  /** False when no input describes this API's authentication at all. */
  described: boolean;
  servers: Server[];
  securitySchemes: SecurityScheme[];
  /** Root-level security requirement, if any. */
  rootSecurity?: SchemeUse[][];
  operations: Operation[];
  /** OpenAPI 3.1 `webhooks`: requests the API sends to its consumers. */
  webhooks: Operation[];
  evidence: Evidence[];
  /** Authorization-server metadata linked to this API (filled by `linkMetadata`, `link.ts`). */
  authServers: AuthServer[];
  /** RFC 9728 protected-resource metadata linked to this API (filled by `linkMetadata`, `link.ts`). */
  protectedResources?: ProtectedResource[];
  extensions: Record<string, unknown>;
  /** Location of the API's root (document root, gateway service…). */
  loc: Loc;
  /** Resolver for `$ref`s in the documents this API came from. */
  deref: Deref;
}

// ---------------------------------------------------------------- captured traffic

/** One kind of credential presented to an operation in captured traffic, with what the calls that carried it got. */
export interface ObservedCredential {
  /** `METHOD`-independent label: "Bearer JWT (ES256)", "API key in query 'api_key'", "no credential". */
  label: string;
  type: CredentialType | 'none';
  in?: Credential['in'];
  name?: string;
  /** Up to three redacted samples (`prefix…hash`) of the values seen. */
  samples: string[];
  calls: number;
  /** Calls answered 2xx. */
  accepted: number;
  /** Calls answered 401 or 403. */
  refused: number;
  /** Calls carrying it over plain http to a host that is not loopback. */
  plaintext: number;
  loc: Loc;
}

/** One shape of token (scheme, format, algorithm, issuer, binding) seen in traffic. */
export interface ObservedToken extends TokenInfo {
  /** Authorization scheme it was presented under (`Bearer`, `DPoP`), or where else it was sent. */
  scheme: string;
  /** Redacted sample of the first such token. */
  fingerprint: string;
  calls: number;
  accepted: number;
  /** 2xx answers to the token when it had expired or was not yet valid (judged at each call's start time). */
  acceptedExpired: number;
  /** 2xx answers to an unsigned (`alg: none`) token. */
  acceptedUnsigned: number;
  loc: Loc;
}

/** DPoP proofs seen on an operation (RFC 9449 §4.3 checks). */
export interface ObservedProofs {
  calls: number;
  valid: number;
  /** Failed check → calls. */
  failures: Record<string, number>;
  /** Calls with a failing proof answered 2xx. */
  acceptedInvalid: number;
  loc: Loc;
}

/** What a response carried that it should not (found in a sample of bodies and headers). */
export interface ResponseSignal {
  kind: 'card-number' | 'national-id' | 'iban' | 'email' | 'token' | 'secret' | 'stack-trace' | 'sql-error' | 'debug-output';
  /** `body` or `header <name>`. */
  where: string;
  /** Redacted sample, or the name of what was recognised (e.g. "Java stack trace"). */
  sample: string;
  count: number;
  loc: Loc;
}

/** What captured traffic showed for one operation. Holds counts, decoded claims and redacted samples only. */
export interface TrafficStats {
  calls: number;
  /** Calls per HTTP status ("0": no response). */
  statuses: Record<string, number>;
  /** Schemes the calls used. */
  schemes: string[];
  /** Earliest and latest call start (ISO 8601), when the input has times. */
  first?: string;
  last?: string;
  credentials: ObservedCredential[];
  tokens: ObservedToken[];
  dpop?: ObservedProofs;
  /** Why a bound credential was accepted without its binding (an invalid DPoP proof, a `cnf.jkt` token as Bearer…). */
  bindingBypassed: string[];
  /** `WWW-Authenticate` challenges of 401 answers. */
  challenges: { value: string; count: number; loc: Loc }[];
  rateLimit: {
    /** Rate-limit response headers seen (lower-case names). */
    headers: string[];
    /** 429 answers. */
    tooMany: number;
    /** Most calls within any `windowSeconds`-second window, and where that burst ended. */
    burst: number;
    windowSeconds: number;
    burstLoc?: Loc;
  };
  /** Responses that carried secrets, personal data or error internals (a sample of bodies is scanned). */
  signals: ResponseSignal[];
  /** Bodies scanned for signals. */
  bodiesScanned: number;
  cors: { wildcardWithCredentials: number; nullWithCredentials: number; loc?: Loc };
  /** https answers, and those without `Strict-Transport-Security`. */
  hsts: { https: number; missing: number; loc?: Loc };
  /** The longest run of consecutive numeric ids one client read (2xx) through this operation. */
  enumeration?: { longestRun: number; distinctIds: number; from: number; to: number; loc: Loc };
}


/** How a metadata document came to speak for an API (MATURITY.md, "Joining inputs into APIs"). */
export interface MetadataLink {
  /**
   * `metadata-url`: a declared `openIdConnectUrl` / `oauth2MetadataUrl` (or a gateway's discovery URL) is the document's
   * well-known URL; `issuer`: a declared issuer equals it; `endpoint`: a declared `authorizationUrl`/`tokenUrl` equals one
   * of its endpoints or `mtls_endpoint_aliases`; `mapping`: an explicit `issuer=api` mapping; `protected-resource`: the
   * API's RFC 9728 metadata lists it in `authorization_servers`; `resource`: the API's base URL lies under an RFC 9728
   * `resource`.
   */
  via: 'metadata-url' | 'issuer' | 'endpoint' | 'mapping' | 'protected-resource' | 'resource';
  /** The URL in the API's inputs that matched (absent for `mapping`). */
  hint?: string;
  /** Where the API names it. */
  loc?: Loc;
}

/** Normalized authorization-server metadata (RFC 8414 / OIDC discovery, or an OpenID Federation entity statement). */
export interface AuthServer {
  issuer: string;
  /** The metadata fields as published. */
  metadata: Record<string, unknown>;
  /** Location of the metadata object (the document root, or `/metadata/openid_provider` in an entity statement). */
  loc: Loc;
  /** `oidc` when the document is OpenID Connect discovery (it names `id_token` things or came as `openid_provider`). */
  flavour?: 'oauth' | 'oidc';
  /** How it was linked to the API (human text; filled by `linkMetadata` on the API's copy). */
  linkedBy?: string;
  /** How it was linked to the API (filled by `linkMetadata` on the API's copy). */
  links?: MetadataLink[];
}

/** RFC 9728 OAuth 2.0 protected-resource metadata: what a resource server states about the tokens it accepts. */
export interface ProtectedResource {
  /** The `resource` identifier (a URL). */
  resource: string;
  metadata: Record<string, unknown>;
  loc: Loc;
  /** How it was linked to the API (filled by `linkMetadata` on the API's copy). */
  links?: MetadataLink[];
}

/** Everything the run knows, after loading and joining. */
export interface Model {
  apis: Api[];
  authServers: AuthServer[];
  /** RFC 9728 protected-resource metadata documents. */
  protectedResources?: ProtectedResource[];
  /** Findings produced while loading (unresolvable $refs, refused remote refs, …). */
  loadFindings: LoadFinding[];
}

export interface LoadFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  loc: Loc;
  /** The API the problem belongs to, when known. */
  apiId?: string;
  /** The location holds a credential: outputs never show its source text. */
  sensitive?: boolean;
}
