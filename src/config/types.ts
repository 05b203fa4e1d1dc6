import type { Severity } from '../model/types.js';

export type Sensitivity = 'public' | 'internal' | 'confidential' | 'restricted';
export const SENSITIVITIES: Sensitivity[] = ['public', 'internal', 'confidential', 'restricted'];
export const DEFAULT_TARGETS: Record<Sensitivity, number> = { public: 1, internal: 2, confidential: 3, restricted: 4 };

export interface RuleOverride {
  files?: string[];
  paths?: string[];
  disable?: string[];
  severity?: Record<string, Severity>;
}

export interface PublicPattern {
  api?: string;
  method?: string;
  path: string;
  reason?: string;
}

export interface ExceptionEntry {
  api: string;
  rule?: string;
  reason: string;
  owner: string;
  expires: string;
}

export interface Config {
  /** Where the configuration was read from (relative path), when it was. */
  file?: string;
  /** Directory of the configuration file: relative paths in it are resolved against it. */
  dir?: string;
  inputs?: string[];
  rules?: { disable?: string[]; severity?: Record<string, Severity>; overrides?: RuleOverride[] };
  public?: (string | PublicPattern)[];
  gates?: { failBelow?: number | string; failOn?: Severity; failBelowTarget?: boolean };
  authServers?: Record<string, string>;
  tokenLifetime?: number;
  rulePacks?: string[];
  sensitivity?: { api: string; class: Sensitivity; reason?: string }[];
  targets?: Partial<Record<Sensitivity, number | string>>;
  exceptions?: ExceptionEntry[];
}
