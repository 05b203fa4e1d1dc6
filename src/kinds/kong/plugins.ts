// What each Kong plugin means for the model: credentials for authentication plugins, typed controls for the rest.
// Defaults are Kong 3.x's (research/formats.md §1.4): a key omitted from `config` takes its default.

import type { ClientAuth, Control, Credential, Loc } from '../../model/types.js';
import { arr, get, isObj, str } from '../../model/util.js';
import { joinPointer } from '../../load/parse.js';

/** A plugin instance as read from the config, with where it is and what it is scoped to. */
export interface PluginInstance {
  name: string;
  config: Record<string, unknown>;
  loc: Loc;
  enabled: boolean;
  /** `protocols` of the plugin, lower-case; undefined = every protocol. */
  protocols?: string[];
  service?: string;
  route?: string;
  consumer?: string;
  consumerGroup?: string;
}

const strings = (v: unknown): string[] => arr(v).filter((x): x is string => typeof x === 'string');
const cfg = (p: PluginInstance, key: string): unknown => get(p.config, key);

/** `config.key`, or the default when the key is absent or null. */
function opt<T>(p: PluginInstance, key: string, dflt: T): T | unknown {
  const v = cfg(p, key);
  return v === undefined || v === null ? dflt : v;
}

function list(p: PluginInstance, key: string, dflt: string[]): string[] {
  const v = cfg(p, key);
  return v === undefined || v === null ? dflt : strings(v);
}

export const AUTH_PLUGINS = new Set([
  'key-auth',
  'key-auth-enc',
  'basic-auth',
  'ldap-auth',
  'ldap-auth-advanced',
  'hmac-auth',
  'jwt',
  'oauth2',
  'oauth2-introspection',
  'openid-connect',
  'mtls-auth',
  'vault-auth',
  'header-cert-auth',
]);

/** Plugins that are neither authentication nor anything we read, but whose names look like authentication. */
const NOT_AUTH = new Set(['acl', 'session', 'tls-handshake-modifier', 'jwt-signer', 'jwe-decrypt', 'oauth2-token-exchange', 'upstream-oauth', 'aws-lambda', 'azure-functions', 'ai-proxy', 'ai-proxy-advanced']);

/** A plugin we do not know that looks like authentication (custom plugins): something decides, but we cannot see what. */
export function looksLikeCustomAuth(name: string): boolean {
  return !AUTH_PLUGINS.has(name) && !NOT_AUTH.has(name) && /(^|-)(auth|authn|oidc|jwt|saml|oauth\d?|token|apikey|api-key)(-|$)/i.test(name);
}

/** The anonymous consumer an authentication plugin falls back to, if any (`config.anonymous`). */
export function anonymousOf(p: PluginInstance): string | undefined {
  const a = cfg(p, 'anonymous');
  return typeof a === 'string' && a.trim() !== '' ? a : undefined;
}

export interface CredentialContext {
  /** A `jwt_secrets` entry of the config uses HS* or omits `algorithm` (Kong's default is HS256): cap C6. */
  hsJwtSecrets: boolean;
  /** Issuers named by `jwt_secrets` keys (the `iss` claim Kong looks them up by), when they are URLs. */
  jwtIssuers?: string[];
  /** The route asks for or verifies client certificates (mtls-auth, tls-handshake-modifier). */
  clientCertificate?: Credential;
}

function where(inHeader: boolean, inQuery: boolean, inBody: boolean): Credential['in'] {
  return inQuery ? 'query' : inBody ? 'body' : inHeader ? 'header' : 'header';
}

/** The credential an authentication plugin requires, or undefined for plugins that are not authentication. */
export function credentialOf(p: PluginInstance, ctx: CredentialContext): Credential | undefined {
  const loc = p.loc;
  switch (p.name) {
    case 'key-auth':
    case 'key-auth-enc': {
      const names = list(p, 'key_names', ['apikey']);
      const inHeader = opt(p, 'key_in_header', true) !== false;
      const inQuery = opt(p, 'key_in_query', true) !== false;
      const inBody = opt(p, 'key_in_body', false) === true;
      const places = [inHeader && 'header', inQuery && 'query', inBody && 'body'].filter(Boolean).join(', ');
      return { type: 'api-key', in: where(inHeader, inQuery, inBody), name: names[0] ?? 'apikey', scheme: p.name, detail: `${p.name}: API key '${names.join("', '")}' in ${places || 'header'}`, loc };
    }
    case 'vault-auth':
      return { type: 'api-key', in: 'query', name: 'access_token', scheme: p.name, detail: 'vault-auth: access token and secret in header or query', loc };
    case 'basic-auth':
      return { type: 'basic', in: 'header', name: 'Authorization', scheme: p.name, detail: 'basic-auth: HTTP Basic', loc };
    case 'ldap-auth':
    case 'ldap-auth-advanced':
      return { type: 'basic', in: 'header', name: str(cfg(p, 'header_type')) ?? 'Authorization', scheme: p.name, detail: `${p.name}: LDAP user and password`, loc };
    case 'hmac-auth':
      return { type: 'signature', in: 'header', name: 'Authorization', scheme: p.name, detail: 'hmac-auth: requests signed with a shared HMAC secret', loc };
    case 'mtls-auth':
    case 'header-cert-auth':
      return { type: 'client-certificate', in: 'tls', scheme: p.name, detail: `${p.name}: client certificate`, loc };
    case 'jwt': {
      const query = list(p, 'uri_param_names', ['jwt']);
      const cookies = list(p, 'cookie_names', []);
      const claims = list(p, 'claims_to_verify', []);
      const c: Credential = {
        type: 'bearer',
        in: query.length ? 'query' : cookies.length ? 'cookie' : 'header',
        name: query[0] ?? cookies[0] ?? 'Authorization',
        scheme: p.name,
        validated: true,
        expiryChecked: claims.includes('exp'),
        detail: `jwt: JWT signed with keys held by Kong${query.length ? ` (also accepted in the query parameter '${query.join("', '")}')` : ''}`,
        loc,
      };
      if (ctx.hsJwtSecrets) {
        c.staticSecret = true;
        c.detail = 'jwt: JWT signed with a per-consumer HS* shared secret';
      }
      // Kong finds the consumer's key by the claim `key_claim_name` (default `iss`): URL keys name the token issuers.
      if (opt(p, 'key_claim_name', 'iss') === 'iss' && ctx.jwtIssuers?.length) c.issuerHints = ctx.jwtIssuers;
      const max = cfg(p, 'maximum_expiration');
      if (typeof max === 'number' && max > 0) c.lifetimeSeconds = max;
      return c;
    }
    case 'oauth2': {
      const flows = [
        opt(p, 'enable_authorization_code', false) === true && 'authorizationCode',
        opt(p, 'enable_client_credentials', false) === true && 'clientCredentials',
        opt(p, 'enable_implicit_grant', false) === true && 'implicit',
        opt(p, 'enable_password_grant', false) === true && 'password',
      ].filter((f): f is string => typeof f === 'string');
      const ttl = opt(p, 'token_expiration', 7200);
      const c: Credential = {
        type: 'bearer',
        in: 'query',
        name: 'access_token',
        scheme: p.name,
        validated: true,
        flows,
        detail: `oauth2: tokens issued by Kong (${flows.join(', ') || 'no grant enabled'}), also accepted as the access_token parameter`,
        loc,
      };
      c.gatewayIssued = true;
      // Every grant but implicit authenticates the client at the plugin's token endpoint (client_id and client_secret
      // in the body or an HTTP Basic header).
      if (flows.some((f) => f !== 'implicit')) c.clientAuth = [{ methods: ['client_secret_basic', 'client_secret_post'], endpoint: '/oauth2/token', loc }];
      const scopes = strings(cfg(p, 'scopes'));
      if (scopes.length && opt(p, 'mandatory_scope', false) === true) c.scopes = scopes;
      if (typeof ttl === 'number') {
        if (ttl > 0) c.lifetimeSeconds = ttl;
        else c.expiryChecked = false;
      }
      return c;
    }
    case 'oauth2-introspection':
      return { type: 'bearer', in: 'header', name: 'Authorization', scheme: p.name, validated: true, detail: 'oauth2-introspection: opaque tokens checked by RFC 7662 introspection', loc, ...hints(str(cfg(p, 'introspection_url'))) };
    case 'openid-connect':
      return oidcCredential(p, ctx);
    default:
      if (looksLikeCustomAuth(p.name)) return { type: 'unknown', scheme: p.name, detail: `custom plugin '${p.name}': what it accepts cannot be seen`, loc };
      return undefined;
  }
}

function hints(url: string | undefined): { issuerHints?: string[] } {
  return url && !/\$\{|^\$|^</.test(url) ? { issuerHints: [url] } : {};
}

const OIDC_FLOWS: Record<string, string> = { authorization_code: 'authorizationCode', client_credentials: 'clientCredentials', password: 'password' };

function oidcCredential(p: PluginInstance, ctx: CredentialContext): Credential {
  const methods = list(p, 'auth_methods', ['password', 'client_credentials', 'authorization_code', 'bearer', 'introspection', 'userinfo', 'kong_oauth2', 'refresh_token', 'session']);
  const params = list(p, 'bearer_token_param_type', ['header', 'query', 'body']);
  const flows = [...new Set(methods.map((m) => OIDC_FLOWS[m]).filter((f): f is string => !!f))].sort();
  const c: Credential = {
    type: 'bearer',
    in: params.includes('query') ? 'query' : params.includes('body') ? 'body' : 'header',
    name: params.includes('query') ? 'access_token' : 'Authorization',
    scheme: p.name,
    validated: opt(p, 'verify_signature', true) !== false,
    flows,
    detail: `openid-connect: tokens from ${str(cfg(p, 'issuer')) ?? 'the configured issuer'} (${methods.join(', ')})`,
    loc: p.loc,
    ...hints(str(cfg(p, 'issuer'))),
  };
  if (opt(p, 'verify_claims', true) === false) c.expiryChecked = false;
  const aud = strings(cfg(p, 'audience_required'));
  if (aud.length) c.audiences = aud;
  const scopes = strings(cfg(p, 'scopes_required'));
  if (scopes.length) c.scopes = scopes;
  const clientAuth = oidcClientAuth(p, methods);
  if (clientAuth.length) c.clientAuth = clientAuth;
  const mtls = str(cfg(p, 'proof_of_possession_mtls'));
  const dpop = str(cfg(p, 'proof_of_possession_dpop'));
  if (mtls === 'strict' || mtls === 'optional') {
    c.binding = 'mtls';
    c.detail += `; proof_of_possession_mtls: ${mtls}`;
  } else if (dpop === 'strict' || dpop === 'optional') {
    c.type = 'dpop';
    c.binding = 'dpop';
    c.detail += `; proof_of_possession_dpop: ${dpop}`;
  }
  void ctx;
  return c;
}

/**
 * Client authentication around an openid-connect instance: the caller's own client credentials, which the plugin accepts
 * and exchanges at the identity provider (`auth_methods: client_credentials`, in a Basic header or the body), and the
 * plugin's own, with which the gateway calls the provider's token endpoint (`client_auth`; a `client_secret` alone
 * means `client_secret_basic`, a `client_jwk` `private_key_jwt`).
 */
function oidcClientAuth(p: PluginInstance, methods: string[]): ClientAuth[] {
  const out: ClientAuth[] = [];
  if (methods.includes('client_credentials')) out.push({ methods: ['client_secret_basic', 'client_secret_post'], loc: p.loc });
  const listed = list(p, 'client_auth', []);
  const secret = cfg(p, 'client_secret');
  const own = listed.length ? listed : secret !== undefined && secret !== null ? ['client_secret_basic'] : cfg(p, 'client_jwk') !== undefined && cfg(p, 'client_jwk') !== null ? ['private_key_jwt'] : [];
  if (own.length) {
    const at = listed.length ? 'client_auth' : secret !== undefined && secret !== null ? 'client_secret' : 'client_jwk';
    const endpoint = str(cfg(p, 'token_endpoint'));
    out.push({ methods: [...new Set(own)], gateway: true, ...(endpoint ? { endpoint } : {}), loc: { file: p.loc.file, pointer: joinPointer(p.loc.pointer, 'config', at) } });
  }
  return out;
}

/** True when an openid-connect instance still accepts plain bearer tokens beside bound ones (`optional`, cap C3). */
export function popOptional(p: PluginInstance): boolean {
  if (p.name !== 'openid-connect') return false;
  const mtls = str(cfg(p, 'proof_of_possession_mtls'));
  const dpop = str(cfg(p, 'proof_of_possession_dpop'));
  if (mtls === 'strict' || (mtls !== 'optional' && dpop === 'strict')) return false;
  return mtls === 'optional' || dpop === 'optional';
}

const PERIODS: [string, number][] = [
  ['second', 1],
  ['minute', 60],
  ['hour', 3600],
  ['day', 86400],
  ['month', 2592000],
  ['year', 31536000],
];

const SIZE_UNITS: Record<string, number> = { bytes: 1, kilobytes: 1024, megabytes: 1024 * 1024 };

/** The typed control a non-authentication plugin applies, or undefined. */
export function controlOf(p: PluginInstance): Control | undefined {
  switch (p.name) {
    case 'rate-limiting':
    case 'response-ratelimiting': {
      const c: Control = { type: 'rate-limit', state: 'present', by: str(opt(p, 'limit_by', 'consumer')) ?? 'consumer' };
      const holder = p.name === 'response-ratelimiting' ? undefined : p.config;
      for (const [k, secs] of PERIODS) {
        const v = get(holder, k);
        if (typeof v === 'number' && v > 0) {
          c.limit = v;
          c.periodSeconds = secs;
          break;
        }
      }
      return c;
    }
    case 'rate-limiting-advanced':
    case 'graphql-rate-limiting-advanced':
    case 'ai-rate-limiting-advanced': {
      const c: Control = { type: 'rate-limit', state: 'present', by: str(opt(p, 'identifier', 'consumer')) ?? 'consumer' };
      const lim = arr(cfg(p, 'limit'))[0];
      const win = arr(cfg(p, 'window_size'))[0];
      if (typeof lim === 'number') c.limit = lim;
      if (typeof win === 'number') c.periodSeconds = win;
      return c;
    }
    case 'cors': {
      const origins = strings(cfg(p, 'origins'));
      return { type: 'cors', state: 'present', origins: origins.length ? origins : ['*'], credentials: cfg(p, 'credentials') === true };
    }
    case 'request-size-limiting': {
      const size = opt(p, 'allowed_payload_size', 128);
      const unit = str(opt(p, 'size_unit', 'megabytes')) ?? 'megabytes';
      return { type: 'size-limit', state: 'present', ...(typeof size === 'number' ? { maxBytes: size * (SIZE_UNITS[unit] ?? 1) } : {}) };
    }
    case 'ip-restriction':
      return { type: 'ip-restriction', state: 'present' };
    case 'acl':
      return { type: 'access-control', state: 'present' };
    case 'request-validator':
    case 'oas-validation':
      return { type: 'request-validation', state: 'present' };
    case 'bot-detection':
      return { type: 'anti-automation', state: 'present' };
    case 'pre-function':
    case 'post-function':
    case 'serverless-functions':
      return hasCode(p.config) ? { type: 'custom-code', state: 'unknown' } : undefined;
    default:
      return undefined;
  }
}

function hasCode(config: unknown): boolean {
  if (!isObj(config)) return false;
  return Object.keys(config).some((k) => arr(config[k]).some((x) => typeof x === 'string' && x.trim() !== ''));
}

/** Human text for a control, for evidence summaries. */
export function describeControl(name: string, c: Control): string {
  switch (c.type) {
    case 'rate-limit':
      return `${name}: ${c.limit !== undefined ? `${c.limit} requests per ${c.periodSeconds ?? '?'} s` : 'limits set by the upstream'}${c.by ? ` by ${c.by}` : ''}${c.partial ? ' (some consumers only)' : ''}`;
    case 'cors':
      return `${name}: origins ${c.origins!.join(', ')}${c.credentials ? ', credentials allowed' : ''}`;
    case 'size-limit':
      return `${name}: bodies up to ${c.maxBytes ?? '?'} bytes`;
    case 'custom-code':
      return `${name}: custom code runs on this route; its effect is not assessed`;
    default:
      return name;
  }
}
