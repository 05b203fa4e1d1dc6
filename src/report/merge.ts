// Merging the JSON reports of shards (`assess --shard i/n`) into the report one run over all inputs gives.

import { SEVERITIES } from '../model/types.js';
import { cmp } from '../model/util.js';
import { summarize } from './build.js';
import type { Report, ReportApi, ReportFinding, ReportInput } from './types.js';

const SEV_RANK = new Map<string, number>(SEVERITIES.map((s, i) => [s, i]));

/** The engine's order for findings that belong to no API. */
function byLocation(a: ReportFinding, b: ReportFinding): number {
  return (
    SEV_RANK.get(b.severity)! - SEV_RANK.get(a.severity)! ||
    cmp(a.location.file, b.location.file) ||
    (a.location.doc ?? 0) - (b.location.doc ?? 0) ||
    cmp(a.location.pointer, b.location.pointer) ||
    cmp(a.ruleId, b.ruleId) ||
    cmp(a.fingerprint, b.fingerprint)
  );
}

export class MergeError extends Error {}

/**
 * Combines shard reports. Every shard must come from the same tool version and configuration; an API id found in two
 * shards is an error (its inputs must be assessed in one shard for ids and fingerprints to be those of a single run).
 */
export function mergeReports(reports: Report[]): Report {
  if (!reports.length) throw new MergeError('no reports to merge');
  const first = reports[0]!;
  for (const r of reports) {
    if (r.schemaVersion !== first.schemaVersion || r.tool.version !== first.tool.version) throw new MergeError('the reports come from different versions of api-maturity');
    if ((r.config?.file ?? '') !== (first.config?.file ?? '')) throw new MergeError('the reports were made with different configuration files');
  }

  const inputs = new Map<string, ReportInput>();
  for (const i of reports.flatMap((r) => r.inputs)) {
    const had = inputs.get(i.file);
    // A fragment two shards' documents reference: a single run names the first referencing document.
    if (!had || (had.referencedBy !== undefined && (i.referencedBy === undefined || cmp(i.referencedBy, had.referencedBy) < 0))) inputs.set(i.file, i);
  }
  const skipped = new Map(reports.flatMap((r) => r.skipped).filter((s) => !inputs.has(s.file)).map((s) => [s.file, s]));

  const apis = new Map<string, ReportApi>();
  for (const a of reports.flatMap((r) => r.apis)) {
    if (apis.has(a.id)) throw new MergeError(`API id '${a.id}' is in more than one shard report; assess the inputs that describe it in one shard`);
    apis.set(a.id, a);
  }
  const apiList = [...apis.values()].sort((x, y) => cmp(x.id, y.id));
  const seen = new Set<string>();
  const orphans = reports
    .flatMap((r) => r.findings)
    .filter((f) => (seen.has(f.fingerprint) ? false : (seen.add(f.fingerprint), true)))
    .sort(byLocation);

  const out: Report = {
    schemaVersion: first.schemaVersion,
    tool: first.tool,
    ...(first.generatedAt ? { generatedAt: first.generatedAt } : {}),
    inputs: [...inputs.values()].sort((a, b) => cmp(a.file, b.file)),
    skipped: [...skipped.values()].sort((a, b) => cmp(a.file, b.file)),
    apis: apiList,
    findings: orphans,
    ...(first.config ? { config: first.config } : {}),
    summary: summarize(apiList, orphans),
  };
  if (first.exceptions?.length) {
    out.exceptions = first.exceptions.map((e, i) => {
      const all = reports.map((r) => r.exceptions?.[i]).filter((x) => x !== undefined);
      return { ...e, apis: [...new Set(all.flatMap((x) => x.apis))].sort(), findings: all.reduce((n, x) => n + x.findings, 0) };
    });
  }
  if (first.baseline) {
    // Fixed: recorded in the baseline and found by no shard.
    const fixedEverywhere = reports.map((r) => new Set((r.baseline?.fixed ?? []).map((f) => f.fingerprint)));
    out.baseline = {
      file: first.baseline.file,
      baselined: reports.reduce((n, r) => n + (r.baseline?.baselined ?? 0), 0),
      fixed: first.baseline.fixed.filter((f) => fixedEverywhere.every((s) => s.has(f.fingerprint))),
    };
  }
  // Key order as the report builder writes it.
  const { summary, ...rest } = out;
  return { ...rest, summary };
}
