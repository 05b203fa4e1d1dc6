// The report: the one data structure every output format renders (CONTRACT.md, schemaVersion 1.0).

import type { Confidence, EvidenceKind, InputKind, Severity, ObservedCredential, ObservedToken, ObservedProofs } from '../model/types.js';
import type { ControlId, ControlResult, CredentialPath, PathSource, SecretPlace } from '../inventory/types.js';

export const SCHEMA_VERSION = '1.0';

export interface Location {
  file: string;
  pointer: string;
  line?: number;
  column?: number;
  /** Document index in a multi-document YAML stream (omitted for the first). */
  doc?: number;
}

export interface ReportEvidence {
  kind: EvidenceKind;
  source: InputKind;
  confidence: Confidence;
  summary: string;
  location: Location;
}

export interface ReportUnmet {
  level: number;
  requirement: string;
  title: string;
  role: 'gate' | 'grade' | 'advisory';
  status: 'fails' | 'unknown' | 'n/a';
  reason: string;
  settleWith?: string;
  remediation: string;
  /** Up to 20 operations where it is not met; `operationCount` says how many in all. */
  operations: string[];
  operationCount: number;
  locations: Location[];
}

/** A field (or other input value) that decided a requirement. */
export interface ReportDecider {
  field: string;
  /** The value as published; when `default` is set, the RFC default that applied because the field is absent. */
  value?: unknown;
  location: Location;
  /** The field is absent from the document (the location is the document's). */
  absent?: boolean;
  /** The standard whose default applied (the field is absent from the document). */
  default?: string;
}

/** One requirement with its status, passing or not (the FAPI checklist). */
export interface ReportRequirementStatus {
  requirement: string;
  title: string;
  role: 'gate' | 'grade' | 'advisory';
  status: 'pass' | 'fails' | 'unknown' | 'n/a';
  reason: string;
  confidence?: Confidence;
  /** The fields and values that decided it. */
  decidedBy: ReportDecider[];
  locations: Location[];
  settleWith?: string;
  remediation: string;
  /** Operations where it is not met (up to 20; `operationCount` says how many). */
  operations: string[];
  operationCount: number;
}

export interface ReportMessageSigning {
  feature: 'jar' | 'jarm' | 'signed-introspection' | 'http-signatures';
  status: 'pass' | 'fails' | 'unknown' | 'n/a';
  reason: string;
  decidedBy: ReportDecider[];
  locations: Location[];
}

export interface ReportLinkedMetadata {
  /** The issuer (authorization server) or resource identifier (protected resource). */
  id: string;
  location: Location;
  /** How it was linked to the API. */
  linkedBy: { via: string; hint?: string; location?: Location }[];
}

/** Level 4: the FAPI checklist (every R4 requirement), the profile, sub-level 4a/4b and the metadata it was read from. */
export interface ReportFapi {
  /** `fapi2-security-profile`, `fapi1-advanced` (the alternative profile), or `mixed`; absent without metadata. */
  profile?: string;
  sublevel?: '4a' | '4b';
  requirements: ReportRequirementStatus[];
  /** FAPI 2.0 Message Signing features (sub-level 4b). */
  messageSigning: ReportMessageSigning[];
  /** The other profile and the gates it does not pass. */
  alternative?: { profile: string; unmet: string[] };
  authorizationServers: ReportLinkedMetadata[];
  protectedResources: ReportLinkedMetadata[];
}

export interface ReportMaturity {
  level: number;
  label: string;
  sublevel?: string;
  described: boolean;
  authenticatedLevel: number | null;
  ceiling: number;
  binding?: string;
  evidence: ReportEvidence[];
  unmet: ReportUnmet[];
  nextStep?: { level: number; requirement: string; title: string; remediation: string };
  /** Present when authorization-server metadata is linked or the API's authenticated operations reach level 2. */
  fapi?: ReportFapi;
}

export interface ReportOperation {
  method: string;
  path: string;
  operationId?: string;
  level: number;
  label: string;
  sublevel?: string;
  ceiling: number;
  public?: 'declared' | 'auth-entry-point';
  location: Location;
  /** What captured traffic showed for this operation (no secret value: samples are redacted). */
  observed?: ReportObserved;
}

export interface ReportObserved {
  calls: number;
  statuses: Record<string, number>;
  first?: string;
  last?: string;
  credentials: Omit<ObservedCredential, 'loc'>[];
  tokens: Omit<ObservedToken, 'loc'>[];
  dpop?: Omit<ObservedProofs, 'loc'>;
  bindingBypassed: string[];
  challenges: { value: string; count: number }[];
  rateLimit: { headers: string[]; tooMany: number; burst: number; windowSeconds: number };
  bodiesScanned: number;
}

export interface ReportFinding {
  ruleId: string;
  title: string;
  severity: Severity;
  owasp: string[];
  message: string;
  remediation: string;
  location: Location;
  fingerprint: string;
  operations?: string[];
  confidence?: Confidence;
  requirement?: string;
  /** The location holds a credential (a key or password written into a config): its source text is never shown. */
  sensitive?: boolean;
  suppressed?: { by: string; reason: string; location?: Location };
}

export interface ReportGovernance {
  sensitivity: { class: 'public' | 'internal' | 'confidential' | 'restricted'; source: 'config' | 'inferred' | 'default'; reasons: string[] };
  /** The level this API must reach for its sensitivity class. */
  target: number;
  meetsTarget: boolean;
  /** An exception from the register that covers the whole API (level gates, regressions). */
  exception?: { reason: string; owner: string; expires: string; status: 'active' | 'expired' };
}

export interface ReportException {
  api: string;
  rule?: string;
  reason: string;
  owner: string;
  expires: string;
  status: 'active' | 'expired';
  apis: string[];
  findings: number;
}

export interface ReportBaseline {
  file: string;
  baselined: number;
  /** Baseline entries whose finding is gone: remove them to shrink the baseline. */
  fixed: { fingerprint: string; ruleId: string; apiId?: string; file: string; pointer: string; message: string }[];
}

/** One distinct credential path of an API (`CredentialPath` in `src/inventory/types.ts`), with locations for pointers. */
export type ReportCredential = Omit<CredentialPath, 'storedIn' | 'sources'> & {
  storedIn: (Omit<SecretPlace, 'loc'> & { location: Location })[];
  sources: (Omit<PathSource, 'loc'> & { location: Location })[];
};

export type ReportControl = Omit<ControlResult, 'evidence'> & { evidence: { summary: string; location: Location }[] };

export type ReportControls = Record<ControlId, ReportControl>;

export interface ReportApi {
  id: string;
  name: string;
  version?: string;
  sources: string[];
  kinds: InputKind[];
  baseUrls: string[];
  maturity: ReportMaturity;
  governance: ReportGovernance;
  operations: ReportOperation[];
  findings: ReportFinding[];
  /** The credential inventory: one entry per distinct credential path. */
  credentials?: ReportCredential[];
  /** The security-control matrix. */
  controls?: ReportControls;
}

export interface ReportInput {
  file: string;
  kind: InputKind;
  sha256: string;
  bytes: number;
  referencedBy?: string;
}

export interface ReportSummary {
  apis: number;
  operations: number;
  byLevel: Record<string, number>;
  bySeverity: Record<Severity, number>;
  byOwasp: Record<string, number>;
  findings: number;
  suppressed: number;
}

export interface Report {
  schemaVersion: string;
  tool: { name: string; version: string };
  generatedAt?: string;
  inputs: ReportInput[];
  skipped: { file: string; reason: string }[];
  apis: ReportApi[];
  /** Findings that belong to no API (e.g. a document that could not be joined). */
  findings: ReportFinding[];
  /** The configuration file used, if any. */
  config?: { file: string };
  exceptions?: ReportException[];
  baseline?: ReportBaseline;
  summary: ReportSummary;
}
