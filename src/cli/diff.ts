import type { Ajv } from 'ajv';
import { ajvLib } from '../lazy.js';
import { readFileSync } from 'node:fs';
import { parseSeverity } from '../engine/gates.js';
import { InputError, UsageError } from '../load/errors.js';
import { SEVERITIES, type Severity } from '../model/types.js';
import { cmp } from '../model/util.js';
import { REPORT_SCHEMA } from '../report/schema.js';
import { clean, where } from '../report/text.js';
import type { Report, ReportFinding } from '../report/types.js';

let validate: ReturnType<Ajv['compile']> | undefined;

export function readReport(file: string): Report {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InputError(file, `cannot read the report: ${(e as Error).message.split('\n')[0]}`);
  }
  validate ??= new (ajvLib().Ajv)({ strict: false, validateFormats: false }).compile(REPORT_SCHEMA);
  if (!validate(doc)) throw new InputError(file, `not an api-maturity JSON report (${validate.errors?.[0]?.instancePath || '/'} ${validate.errors?.[0]?.message})`);
  return doc as Report;
}

export interface DiffResult {
  regressions: { apiId: string; name: string; from: number; to: number; excused?: string }[];
  improvements: { apiId: string; name: string; from: number; to: number }[];
  added: { apiId: string; name: string; level: number }[];
  removed: { apiId: string; name: string; level: number }[];
  newFindings: (ReportFinding & { apiId: string | null })[];
  fixedFindings: (ReportFinding & { apiId: string | null })[];
}

function active(r: Report): Map<string, ReportFinding & { apiId: string | null }> {
  const m = new Map<string, ReportFinding & { apiId: string | null }>();
  for (const a of r.apis) for (const f of a.findings) if (!f.suppressed) m.set(f.fingerprint, { ...f, apiId: a.id });
  for (const f of r.findings) if (!f.suppressed) m.set(f.fingerprint, { ...f, apiId: null });
  return m;
}

/** Compares two reports: level changes per API and findings that appeared or disappeared. */
export function diffReports(oldR: Report, newR: Report): DiffResult {
  const before = new Map(oldR.apis.map((a) => [a.id, a]));
  const after = new Map(newR.apis.map((a) => [a.id, a]));
  const res: DiffResult = { regressions: [], improvements: [], added: [], removed: [], newFindings: [], fixedFindings: [] };
  for (const a of newR.apis) {
    const o = before.get(a.id);
    if (!o) {
      res.added.push({ apiId: a.id, name: a.name, level: a.maturity.level });
      continue;
    }
    if (a.maturity.level < o.maturity.level) {
      const ex = a.governance.exception;
      res.regressions.push({ apiId: a.id, name: a.name, from: o.maturity.level, to: a.maturity.level, ...(ex?.status === 'active' ? { excused: `${ex.reason} (owner ${ex.owner}, until ${ex.expires})` } : {}) });
    } else if (a.maturity.level > o.maturity.level) res.improvements.push({ apiId: a.id, name: a.name, from: o.maturity.level, to: a.maturity.level });
  }
  for (const o of oldR.apis) if (!after.has(o.id)) res.removed.push({ apiId: o.id, name: o.name, level: o.maturity.level });
  const fo = active(oldR);
  const fn = active(newR);
  for (const [fp, f] of fn) if (!fo.has(fp)) res.newFindings.push(f);
  for (const [fp, f] of fo) if (!fn.has(fp)) res.fixedFindings.push(f);
  const order = (x: { apiId: string | null; fingerprint: string }, y: { apiId: string | null; fingerprint: string }) => cmp(x.apiId ?? '', y.apiId ?? '') || cmp(x.fingerprint, y.fingerprint);
  res.newFindings.sort(order);
  res.fixedFindings.sort(order);
  return res;
}

/** `api-maturity diff OLD NEW`: exit 1 on a level regression not covered by an active exception (or on new findings at `--fail-on-new`). */
export function diffCommand(oldFile: string, newFile: string, flags: { failOnNew?: string; format?: string }): number {
  const sev = flags.failOnNew !== undefined ? parseSeverity(flags.failOnNew) : undefined;
  if (flags.failOnNew !== undefined && !sev) throw new UsageError(`--fail-on-new: '${flags.failOnNew}' is not a severity`);
  const d = diffReports(readReport(oldFile), readReport(newFile));
  const blocking = d.regressions.filter((r) => !r.excused);
  const newBlocking = sev ? d.newFindings.filter((f) => SEVERITIES.indexOf(f.severity) >= SEVERITIES.indexOf(sev as Severity)) : [];
  if (flags.format === 'json') {
    process.stdout.write(JSON.stringify(d, null, 2) + '\n');
  } else {
    const out: string[] = [];
    for (const r of d.regressions) out.push(`${r.excused ? 'excused ' : ''}regression: ${clean(r.name)} level ${r.from} → ${r.to}${r.excused ? ` — ${clean(r.excused)}` : ''}`);
    for (const r of d.improvements) out.push(`improved:   ${clean(r.name)} level ${r.from} → ${r.to}`);
    for (const a of d.added) out.push(`new API:    ${clean(a.name)} at level ${a.level}`);
    for (const a of d.removed) out.push(`removed:    ${clean(a.name)} (was level ${a.level})`);
    for (const f of d.newFindings) out.push(`new finding: ${f.severity} ${f.ruleId} ${clean(where(f.location))} ${clean(f.message)}`);
    if (d.fixedFindings.length) out.push(`${d.fixedFindings.length} finding${d.fixedFindings.length === 1 ? '' : 's'} fixed`);
    if (!out.length) out.push('no change in levels or findings');
    out.push(blocking.length || newBlocking.length ? `diff: failed (${blocking.length} regression${blocking.length === 1 ? '' : 's'}${sev ? `, ${newBlocking.length} new finding${newBlocking.length === 1 ? '' : 's'} at ${sev} or above` : ''})` : 'diff: passed');
    process.stdout.write(out.join('\n') + '\n');
  }
  return blocking.length || newBlocking.length ? 1 : 0;
}
