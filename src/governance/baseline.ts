// Baselines: the findings a team accepts today, recorded by fingerprint (stable when lines move), so that only new
// findings fail the gate while the baseline shrinks as old ones are fixed.

import { readFileSync } from 'node:fs';
import { InputError } from '../load/errors.js';
import type { Finding } from '../model/rule.js';
import { cmp } from '../model/util.js';

export const BASELINE_KIND = 'api-maturity-baseline';

export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  apiId?: string;
  file: string;
  pointer: string;
  message: string;
}

export interface Baseline {
  kind: typeof BASELINE_KIND;
  schemaVersion: '1.0';
  findings: BaselineEntry[];
}

export function makeBaseline(findings: Finding[]): Baseline {
  const entries = findings
    .filter((f) => !f.suppressed || f.suppressed.by === 'baseline')
    .map((f) => ({ fingerprint: f.fingerprint, ruleId: f.ruleId, ...(f.apiId ? { apiId: f.apiId } : {}), file: f.loc.file, pointer: f.loc.pointer, message: f.message }))
    .sort((a, b) => cmp(a.fingerprint, b.fingerprint));
  return { kind: BASELINE_KIND, schemaVersion: '1.0', findings: entries };
}

export function readBaseline(file: string): Baseline {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InputError(file, `cannot read the baseline: ${(e as Error).message.split('\n')[0]}`);
  }
  const b = doc as Partial<Baseline>;
  if (b?.kind !== BASELINE_KIND || !Array.isArray(b.findings) || !b.findings.every((f) => f && typeof f.fingerprint === 'string')) {
    throw new InputError(file, `not an api-maturity baseline (write one with \`api-maturity baseline -o ${file}\`)`);
  }
  return b as Baseline;
}

/** Marks baselined findings; returns the baseline entries no longer found (fixed), so the baseline can shrink. */
export function applyBaseline(baseline: Baseline, findings: Finding[]): { baselined: number; fixed: BaselineEntry[] } {
  const known = new Map(baseline.findings.map((f) => [f.fingerprint, f]));
  const seen = new Set<string>();
  let baselined = 0;
  for (const f of findings) {
    if (!known.has(f.fingerprint)) continue;
    seen.add(f.fingerprint);
    if (f.suppressed) continue;
    f.suppressed = { by: 'baseline', reason: 'recorded in the baseline' };
    baselined++;
  }
  const fixed = baseline.findings.filter((f) => !seen.has(f.fingerprint)).sort((a, b) => cmp(a.fingerprint, b.fingerprint));
  return { baselined, fixed };
}
