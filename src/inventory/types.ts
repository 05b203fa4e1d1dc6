// The credential inventory and the security-control matrix of an API: where every credential is presented, who issues
// it, where a secret sits in the inputs, how it is bound and how long it lives; and, per identity building block, whether
// the inputs evidence it. Plain data with model locations; the report builder turns locations into file:line.

import type { EvidenceKind, InputKind, Loc } from '../model/types.js';

/**
 * What a credential is. `signature` (requests signed with a shared secret: HMAC, AWS SigV4) and `private-key-jwt`
 * (RFC 7523 client assertions signed with the client's private key) are credential paths the other kinds do not name.
 */
export type CredentialKind =
  | 'api-key'
  | 'basic'
  | 'client-secret'
  | 'private-key-jwt'
  | 'bearer'
  | 'dpop'
  | 'client-certificate'
  | 'session-cookie'
  | 'signature'
  | 'unknown';

export const CREDENTIAL_KINDS: readonly CredentialKind[] = ['api-key', 'basic', 'client-secret', 'private-key-jwt', 'bearer', 'dpop', 'client-certificate', 'session-cookie', 'signature', 'unknown'];

export type Binding = 'none' | 'mtls' | 'dpop';

/** One piece of evidence for a credential path: which input states it, and where. */
export interface PathSource {
  evidence: EvidenceKind;
  source: InputKind;
  /** The security scheme, plugin or filter that defines it, when it has a name. */
  scheme?: string;
  /** What the input says, in a few words. */
  detail?: string;
  loc: Loc;
}

/** Where a secret of this path is written into the inputs (a gateway consumer credential, a config literal). Never its value. */
export interface SecretPlace {
  kind: string;
  owner?: string;
  /** A short prefix and a SHA-256 prefix, as the adapter redacted it. */
  redacted: string;
  loc: Loc;
}

/** One distinct way of presenting a credential to an API (or to the authorization server that issues its tokens). */
export interface CredentialPath {
  /** Stable id: a hash of what makes the path distinct (kind, place, name, issuer, binding). */
  id: string;
  kind: CredentialKind;
  /** Human text: "API key in header 'X-API-Key'", "bearer token from https://as.example.com, DPoP-bound". */
  label: string;
  /**
   * Where the client sends it. `endpoint` is set when it is presented to another endpoint than the API's operations
   * (client authentication at a token endpoint); `by: 'gateway'` when the gateway presents it (its own client credentials at
   * an identity provider), not the API's clients. Absent for a secret written into a config that no client path uses.
   */
  presented?: { in: 'header' | 'query' | 'cookie' | 'tls' | 'body' | 'path'; name?: string; endpoint?: string; by?: 'gateway' };
  /**
   * Who issues it: an authorization server's issuer (or its token endpoint when only that is known), `gateway` for tokens
   * the gateway mints itself, `static` for keys and secrets nobody issues per session, or `unknown`.
   */
  issuedBy: string;
  /** A static secret: a leaked copy works until someone replaces it (API keys, passwords, client secrets, HS* JWT secrets). */
  static: boolean;
  storedIn: SecretPlace[];
  binding: Binding;
  /** The longest lifetime an input states (gateway or token-server setting, JWT `exp − iat` in traffic). */
  lifetimeSeconds?: number;
  /** Scopes declared or required on the operations that accept it, sorted. */
  scopes: string[];
  /** Up to `MAX_SOURCES` of the inputs that state it (declared, configured, observed); `sourceCount` counts them all. */
  sources: PathSource[];
  sourceCount: number;
  /** Operations of the API that accept it (for client authentication at a token endpoint: the operations using its tokens). */
  operations: number;
}

export const MAX_SOURCES = 10;

export type ControlId =
  | 'clientAuthentication'
  | 'endUserAuthentication'
  | 'tokenIssuance'
  | 'tokenBinding'
  | 'fineGrainedAuthorization'
  | 'rateLimiting'
  | 'messageIntegrity'
  | 'identityFederation'
  | 'transportSecurity';

export type ControlStatus = 'evidenced' | 'partial' | 'absent' | 'unknown';

export interface ControlEvidence {
  summary: string;
  loc: Loc;
}

/** One building block of the matrix for one API. */
export interface ControlResult {
  status: ControlStatus;
  /** One sentence: why this status. */
  reason: string;
  /** Up to `MAX_CONTROL_EVIDENCE` records behind it. */
  evidence: ControlEvidence[];
  /** For `unknown` (and `partial` when more input would tell): the input that would settle it. */
  settleWith?: string;
}

export const MAX_CONTROL_EVIDENCE = 8;

export type ControlMatrix = Record<ControlId, ControlResult>;

export interface ApiInventory {
  credentials: CredentialPath[];
  controls: ControlMatrix;
}
