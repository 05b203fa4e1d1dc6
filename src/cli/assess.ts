import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { assess, type AssessOptions } from '../assess.js';
import { evaluateGates, parseLevel, parseSeverity, type GateOptions } from '../engine/gates.js';
import { UsageError } from '../load/errors.js';
import { knownKinds } from '../kinds/registry.js';
import type { InputKind } from '../model/types.js';
import { buildReport } from '../report/build.js';
import { formatByName, formatForFile, FORMATS } from '../report/formats.js';
import type { Report } from '../report/types.js';
import { toolVersion } from './version.js';

export interface AssessFlags {
  format?: string;
  output?: string[];
  failBelow?: string;
  failOn?: string;
  allowRemoteRefs?: boolean;
  refRoot?: string[];
  kind?: string;
  maxFileSize?: string;
  timestamp?: boolean;
  quiet?: boolean;
  color?: boolean;
}

export function parseSize(v: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|kib|k|mb|mib|m|gb|gib|g)?\s*$/i.exec(v);
  if (!m) throw new UsageError(`--max-file-size: '${v}' is not a size (e.g. 64MiB, 500KB, 1048576)`);
  const n = Number(m[1]);
  const unit = (m[2] ?? 'b').toLowerCase();
  const mult = unit.startsWith('g') ? 1024 ** 3 : unit.startsWith('m') ? 1024 ** 2 : unit.startsWith('k') ? 1024 : 1;
  return Math.floor(n * mult);
}

export function generatedAt(flag: boolean | undefined): string | undefined {
  const epoch = process.env['SOURCE_DATE_EPOCH'];
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000).toISOString();
  return flag ? new Date().toISOString() : undefined;
}

export function gateOptions(flags: { failBelow?: string; failOn?: string }): GateOptions {
  const g: GateOptions = {};
  if (flags.failBelow !== undefined) {
    const l = parseLevel(flags.failBelow);
    if (l === undefined) throw new UsageError(`--fail-below: '${flags.failBelow}' is not a level (0-4, or none, api-key, bearer, sender-constrained, fapi)`);
    g.failBelow = l;
  }
  if (flags.failOn !== undefined) {
    const s = parseSeverity(flags.failOn);
    if (!s) throw new UsageError(`--fail-on: '${flags.failOn}' is not a severity (info, low, medium, high, critical)`);
    g.failOn = s;
  }
  return g;
}

/** Runs `assess`; returns the exit code (0 gates passed, 1 a gate failed). Usage and input errors throw. */
export async function assessCommand(paths: string[], flags: AssessFlags): Promise<number> {
  if (paths.length === 0) throw new UsageError('assess: give at least one file or directory');
  const gates = gateOptions(flags);
  const outputs = (flags.output ?? []).map((file) => {
    const f = formatForFile(file);
    if (!f) throw new UsageError(`-o ${file}: cannot tell the format from the extension (use ${FORMATS.flatMap((x) => x.extensions).join(', ')})`);
    return { file, format: f };
  });
  let stdoutFormat = flags.format !== undefined ? formatByName(flags.format) : undefined;
  if (flags.format !== undefined && !stdoutFormat) throw new UsageError(`--format: '${flags.format}' is not one of ${FORMATS.map((f) => f.name).join(', ')}`);
  if (!stdoutFormat) stdoutFormat = formatByName(process.stdout.isTTY || outputs.length ? 'terminal' : 'json')!;
  if (flags.kind !== undefined && !knownKinds().includes(flags.kind as InputKind)) {
    throw new UsageError(`--kind: '${flags.kind}' is not one of ${knownKinds().join(', ')}`);
  }

  const opts: AssessOptions = { allowRemoteRefs: flags.allowRemoteRefs === true };
  if (flags.kind) opts.kind = flags.kind as InputKind;
  if (flags.maxFileSize) opts.maxBytes = parseSize(flags.maxFileSize);
  if (flags.refRoot?.length) opts.refRoots = flags.refRoot.map((r) => path.resolve(r));
  const result = await assess(paths, opts);

  const at = generatedAt(flags.timestamp);
  const report: Report = buildReport({
    toolVersion: toolVersion(),
    inputs: result.inputs,
    skipped: result.skipped,
    apis: result.model.apis,
    scores: result.scores,
    findings: result.findings,
    locate: (loc) => result.store.byFile(loc.file)?.locate(loc.pointer, loc.doc),
    ...(at ? { generatedAt: at } : {}),
  });
  const gateResults = evaluateGates(report, gates);
  const color = flags.color !== false && !process.env['NO_COLOR'] && process.stdout.isTTY === true;
  for (const o of outputs) {
    const text = o.format.render(report, { color: false, gates: gateResults });
    mkdirSync(path.dirname(path.resolve(o.file)), { recursive: true });
    writeFileSync(o.file, text);
  }
  if (!flags.quiet || flags.format !== undefined) {
    process.stdout.write(stdoutFormat.render(report, { color, gates: gateResults, ...(process.stdout.columns ? { width: Math.min(process.stdout.columns, 120) } : {}) }));
  }
  return gateResults.every((g) => g.passed) ? 0 : 1;
}
