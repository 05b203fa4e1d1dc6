import type { Api, Confidence, Loc, Model, Severity } from './types.js';

/** One rule: its metadata beside its check. Rules read the normalized model only. */
export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): void;
}

export interface RuleMeta {
  /** Stable id, `apiN-…` for OWASP rules. */
  id: string;
  title: string;
  /** Why it matters, in a few sentences. */
  description: string;
  severity: Severity;
  /** OWASP API Security Top 10 (2023) categories, e.g. `API2:2023`. */
  owasp: string[];
  /** The maturity requirement it speaks to, when it does (R1.1, R2.6…). */
  requirement?: string;
  /** What to change, generically; findings may carry a more specific text. */
  remediation: string;
  /** Rules of other tools this one replaces (e.g. `owasp:api2:2023-write-restricted`). */
  supersedes?: string[];
  confidence?: Confidence;
  /** Fixtures under `fixtures/rules/<id>/`: failing ones with the pointer the finding must have, and passing ones. */
  tests: { fail: { file: string; pointer: string }[]; pass: string[] };
}

export interface RuleOptions {
  /** Token lifetime above which tokens count as long-lived, in seconds. */
  maxTokenLifetime: number;
}

export interface RuleContext {
  api: Api;
  model: Model;
  options: RuleOptions;
  report(f: FindingInput): void;
}

export interface FindingInput {
  message: string;
  loc: Loc;
  severity?: Severity;
  remediation?: string;
  /** Operations (`METHOD path`) the finding concerns, when it is reported once for several. */
  operations?: string[];
  confidence?: Confidence;
  /** Distinguishes several findings of one rule at one location (part of the fingerprint). */
  key?: string;
  /** The location holds a credential: outputs never show its source text. */
  sensitive?: boolean;
}

export interface Suppression {
  by: 'inline' | 'config' | 'baseline' | 'exception';
  reason: string;
  loc?: Loc;
}

/** A finding, as every report format receives it. */
export interface Finding {
  ruleId: string;
  title: string;
  severity: Severity;
  owasp: string[];
  message: string;
  remediation: string;
  loc: Loc;
  apiId?: string;
  operations?: string[];
  confidence?: Confidence;
  requirement?: string;
  fingerprint: string;
  /** What tells findings of one rule at one location apart (part of the fingerprint; not reported). */
  key?: string;
  /** The location holds a credential: outputs never show its source text. */
  sensitive?: boolean;
  suppressed?: Suppression;
}
