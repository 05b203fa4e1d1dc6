import { availableParallelism } from 'node:os';
import path from 'node:path';
import { parseShard } from '../load/shard.js';
import { assess, toReport, type AssessOptions, type AssessResult } from '../assess.js';
import { discoverConfig, loadConfig } from '../config/load.js';
import type { Config } from '../config/types.js';
import { globMatch } from '../config/glob.js';
import { evaluateGates, parseLevel, parseSeverity, type GateOptions } from '../engine/gates.js';
import { loadRulePacks } from '../engine/packs.js';
import { UsageError } from '../load/errors.js';
import { knownKinds } from '../kinds/registry.js';
import type { MetadataMapping } from '../model/link.js';
import type { Finding } from '../model/rule.js';
import type { InputKind, Severity } from '../model/types.js';
import { readBaseline } from '../governance/baseline.js';
import { REQUIREMENTS } from '../score/requirements.js';
import { formatByName, formatForFile, formatPieces, FORMATS, type RenderOptions } from '../report/formats.js';
import { writeOutputFile } from './output.js';
import { collectSnippets } from '../report/snippets.js';
import type { Report } from '../report/types.js';
import { ALL_RULES } from '../../rules/index.js';
import { startProgress } from './progress.js';
import { ruleMetaOf } from './rules.js';
import { toolVersion } from './version.js';

export interface AssessFlags {
  format?: string;
  output?: string[];
  failBelow?: string;
  failOn?: string;
  failBelowTarget?: boolean;
  config?: string | false;
  baseline?: string;
  allowRemoteRefs?: boolean;
  refRoot?: string[];
  kind?: string;
  asMap?: string[];
  maxFileSize?: string;
  maxTrafficSize?: string;
  maxTokenLifetime?: string;
  dpopIatWindow?: string;
  timestamp?: boolean;
  quiet?: boolean;
  color?: boolean;
  progress?: boolean;
  jobs?: string;
  shard?: string;
}

export function parseSize(v: string, flag = '--max-file-size'): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|kib|k|mb|mib|m|gb|gib|g)?\s*$/i.exec(v);
  if (!m) throw new UsageError(`${flag}: '${v}' is not a size (e.g. 64MiB, 500KB, 1048576)`);
  const n = Number(m[1]);
  const unit = (m[2] ?? 'b').toLowerCase();
  const mult = unit.startsWith('g') ? 1024 ** 3 : unit.startsWith('m') ? 1024 ** 2 : unit.startsWith('k') ? 1024 : 1;
  return Math.floor(n * mult);
}

/** Seconds, or a duration with a unit (`90s`, `15m`, `1h`, `2d`). */
export function parseSeconds(v: string, flag: string): number {
  const m = /^\s*(\d+)\s*(s|m|h|d)?\s*$/i.exec(v);
  if (!m || Number(m[1]) <= 0) throw new UsageError(`${flag}: '${v}' is not a duration in seconds (e.g. 3600, 15m, 1h)`);
  return Number(m[1]) * ({ s: 1, m: 60, h: 3600, d: 86400 } as const)[(m[2] ?? 's').toLowerCase() as 's' | 'm' | 'h' | 'd'];
}

export function generatedAt(flag: boolean | undefined): string | undefined {
  const epoch = process.env['SOURCE_DATE_EPOCH'];
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000).toISOString();
  return flag ? new Date().toISOString() : undefined;
}

/** `--as-map <issuer or resource>=<api id or name glob>` entries. */
export function parseMetadataMap(values: string[]): MetadataMapping[] {
  return values.map((v) => {
    const i = v.indexOf('=');
    const key = i > 0 ? v.slice(0, i).trim() : '';
    const api = i > 0 ? v.slice(i + 1).trim() : '';
    if (!/^https?:\/\/\S+$/i.test(key) || !api) throw new UsageError(`--as-map: '${v}' is not <issuer or resource URL>=<api id or name> (e.g. https://as.example.com=payments-api@2.3.0)`);
    return { key, api };
  });
}

export function gateOptions(flags: { failBelow?: string | number; failOn?: string; failBelowTarget?: boolean }): GateOptions {
  const g: GateOptions = {};
  if (flags.failBelow !== undefined) {
    const l = typeof flags.failBelow === 'number' ? flags.failBelow : parseLevel(flags.failBelow);
    if (l === undefined) throw new UsageError(`--fail-below: '${flags.failBelow}' is not a level (0-4, or none, api-key, bearer, sender-constrained, fapi)`);
    g.failBelow = l;
  }
  if (flags.failOn !== undefined) {
    const s = parseSeverity(flags.failOn);
    if (!s) throw new UsageError(`--fail-on: '${flags.failOn}' is not a severity (info, low, medium, high, critical)`);
    g.failOn = s;
  }
  if (flags.failBelowTarget) g.failBelowTarget = true;
  return g;
}

/** The configuration in effect: `--config FILE`, else `.api-maturity.yaml` discovered upward, unless `--no-config`. */
export function configFor(flags: { config?: string | false }, cwd = process.cwd()): Config | undefined {
  if (flags.config === false) return undefined;
  const file = flags.config ?? discoverConfig(cwd);
  return file ? loadConfig(file, cwd) : undefined;
}

/** Per-path rule overrides from the configuration, as the engine's adjustment hook. */
function overrideHook(cfg: Config, cwd: string): ((f: Finding) => 'drop' | Severity | undefined) | undefined {
  const overrides = cfg.rules?.overrides;
  if (!overrides?.length) return undefined;
  const base = cfg.dir ?? cwd;
  return (f) => {
    let out: 'drop' | Severity | undefined;
    const rel = path.relative(base, path.resolve(cwd, f.loc.file)).split(path.sep).join('/');
    const paths = (f.operations ?? []).map((k) => k.slice(k.indexOf(' ') + 1));
    for (const o of overrides) {
      const fileHit = o.files?.some((g) => globMatch(g, rel) || globMatch(g, f.loc.file));
      const pathHit = o.paths?.some((g) => paths.some((p) => globMatch(g, p)));
      if (!fileHit && !pathHit) continue;
      if (o.disable?.includes(f.ruleId)) out = 'drop';
      else if (o.severity?.[f.ruleId] && out !== 'drop') out = o.severity[f.ruleId];
    }
    return out;
  };
}

export function parseJobs(v: string | undefined): number {
  // One core is left to the main thread (it merges and renders) and to V8's collector and compiler threads: on two
  // cores a worker beside the main thread costs 40 % more CPU and 18 % more wall time than one thread.
  if (v === undefined) return Math.max(1, availableParallelism() - 1);
  if (!/^\d+$/.test(v.trim()) || Number(v) < 1) throw new UsageError(`--jobs: '${v}' is not a positive number`);
  return Number(v);
}

interface WorkerOptionsData {
  args: string[];
  flags: AssessFlags;
  cwd: string;
}

/** In a worker thread: the same options the command line built (rule packs, overrides and hooks included). */
export function workerOptions(data: unknown): AssessOptions {
  const d = data as WorkerOptionsData;
  const { jobs: _j, workerOptions: _w, shard: _s, onFile: _o, ...options } = prepare(d.args, { ...d.flags, jobs: '1' }, d.cwd).options;
  return options;
}

export interface PreparedRun {
  paths: string[];
  options: AssessOptions;
  config?: Config;
  gates: GateOptions;
}

/** Turns flags and configuration into the pipeline's options (shared by `assess` and `baseline`). */
export function prepare(args: string[], flags: AssessFlags, cwd = process.cwd()): PreparedRun {
  const cfg = configFor(flags, cwd);
  let paths = args;
  if (!paths.length && cfg?.inputs?.length) paths = cfg.inputs.map((p) => path.relative(cwd, path.resolve(cfg.dir ?? cwd, p)) || '.');
  if (!paths.length) throw new UsageError('assess: give at least one file or directory (or `inputs:` in .api-maturity.yaml)');
  if (flags.kind !== undefined && !knownKinds().includes(flags.kind as InputKind)) {
    throw new UsageError(`--kind: '${flags.kind}' is not one of ${knownKinds().join(', ')}`);
  }
  const opts: AssessOptions = { cwd, allowRemoteRefs: flags.allowRemoteRefs === true };
  if (flags.kind) opts.kind = flags.kind as InputKind;
  if (flags.maxFileSize) opts.maxBytes = parseSize(flags.maxFileSize);
  if (flags.maxTrafficSize) opts.maxTrafficBytes = parseSize(flags.maxTrafficSize, '--max-traffic-size');
  if (flags.dpopIatWindow) opts.traffic = { dpopIatWindow: parseSeconds(flags.dpopIatWindow, '--dpop-iat-window') };
  if (flags.refRoot?.length) opts.refRoots = flags.refRoot.map((r) => path.resolve(cwd, r));
  // Explicit metadata links: `authServers:` of the configuration, then `--as-map`.
  const mapping = [...Object.entries(cfg?.authServers ?? {}).map(([key, api]) => ({ key, api })), ...parseMetadataMap(flags.asMap ?? [])];
  if (mapping.length) opts.metadataMap = mapping;
  if (cfg) {
    const packs = cfg.rulePacks ?? [];
    const custom = loadRulePacks(packs, cfg.dir ?? cwd);
    const builtin = new Set(ALL_RULES.map((r) => r.meta.id));
    const clash = custom.find((r) => builtin.has(r.meta.id));
    if (clash) throw new UsageError(`rule pack rule id '${clash.meta.id}' is a built-in rule id; choose another`);
    opts.rules = [...ALL_RULES, ...custom];
    opts.engine = {
      ...(cfg.rules?.disable?.length ? { disabled: new Set(cfg.rules.disable) } : {}),
      ...(cfg.rules?.severity ? { severity: new Map(Object.entries(cfg.rules.severity)) } : {}),
      ...(cfg.tokenLifetime ? { maxTokenLifetime: cfg.tokenLifetime } : {}),
    };
    const hook = overrideHook(cfg, cwd);
    if (hook) opts.engine.adjust = hook;
    if (cfg.public?.length) opts.publicPatterns = cfg.public;
    opts.governance = {
      ...(cfg.sensitivity ? { sensitivity: cfg.sensitivity } : {}),
      ...(cfg.targets ? { targets: cfg.targets } : {}),
      ...(cfg.exceptions ? { exceptions: cfg.exceptions } : {}),
    };
  }
  if (flags.maxTokenLifetime) opts.engine = { ...opts.engine, maxTokenLifetime: parseSeconds(flags.maxTokenLifetime, '--max-token-lifetime') };
  if (flags.baseline) opts.baseline = readBaseline(path.resolve(cwd, flags.baseline));
  opts.jobs = parseJobs(flags.jobs);
  if (flags.jobs === undefined) opts.manyFilesJobs = availableParallelism();
  // A large traffic file is read with a worker thread beside this one, unless one thread was asked for.
  if (opts.jobs > 1 || (flags.jobs === undefined && availableParallelism() > 1)) opts.trafficWorker = true;
  // This module as compiled (not the command-line bundle, which exports only `main`): workers import it for `workerOptions`.
  if (Math.max(opts.jobs, opts.manyFilesJobs ?? 1) > 1) opts.workerOptions = { module: new URL('../cli/assess.js', import.meta.url).href, data: { args, flags, cwd } satisfies WorkerOptionsData };
  if (flags.shard !== undefined) {
    const shard = parseShard(flags.shard);
    if (!shard) throw new UsageError(`--shard: '${flags.shard}' is not i/n with 1 <= i <= n (e.g. 2/4)`);
    opts.shard = shard;
  }
  const gates = gateOptions({
    ...(cfg?.gates?.failBelow !== undefined ? { failBelow: cfg.gates.failBelow } : {}),
    ...(cfg?.gates?.failOn !== undefined ? { failOn: cfg.gates.failOn } : {}),
    ...(cfg?.gates?.failBelowTarget ? { failBelowTarget: true } : {}),
    ...(flags.failBelow !== undefined ? { failBelow: flags.failBelow } : {}),
    ...(flags.failOn !== undefined ? { failOn: flags.failOn } : {}),
    ...(flags.failBelowTarget ? { failBelowTarget: true } : {}),
  });
  const run: PreparedRun = { paths, options: opts, gates };
  if (cfg) run.config = cfg;
  return run;
}

export async function runWithProgress(run: PreparedRun, flags: AssessFlags): Promise<AssessResult> {
  const progress = startProgress(flags.progress === true);
  try {
    return await assess(run.paths, { ...run.options, onFile: progress.update });
  } finally {
    progress.done();
  }
}

/** Runs `assess`; returns the exit code (0 gates passed, 1 a gate failed). Usage and input errors throw. */
export async function assessCommand(args: string[], flags: AssessFlags): Promise<number> {
  const outputs = (flags.output ?? []).map((file) => {
    const f = formatForFile(file);
    if (!f) throw new UsageError(`-o ${file}: cannot tell the format from the extension (use ${FORMATS.flatMap((x) => x.extensions).join(', ')})`);
    return { file, format: f };
  });
  let stdoutFormat = flags.format !== undefined ? formatByName(flags.format) : undefined;
  if (flags.format !== undefined && !stdoutFormat) throw new UsageError(`--format: '${flags.format}' is not one of ${FORMATS.map((f) => f.name).join(', ')}`);
  if (!stdoutFormat) stdoutFormat = formatByName(process.stdout.isTTY || outputs.length ? 'terminal' : 'json')!;

  const run = prepare(args, flags);
  const result = await runWithProgress(run, flags);
  const at = generatedAt(flags.timestamp);
  const report: Report = toReport(result, {
    toolVersion: toolVersion(),
    ...(at ? { generatedAt: at } : {}),
    ...(run.config?.file ? { configFile: run.config.file } : {}),
    ...(flags.baseline ? { baselineFile: flags.baseline } : {}),
  });
  const gateResults = evaluateGates(report, run.gates);
  const color = flags.color !== false && !process.env['NO_COLOR'] && process.stdout.isTTY === true;
  // What renderers need beyond the report: rule and requirement texts, and source lines around findings (taken from
  // the files read in this run, never read again).
  const ctx: RenderOptions = { color: false, gates: gateResults, rules: ruleMetaOf(result.rules), requirements: [...REQUIREMENTS] };
  const wanted = [...outputs.map((o) => o.format), stdoutFormat];
  if (wanted.some((f) => f.usesSnippets)) ctx.snippets = collectSnippets(report, (file) => result.store.byFile(file)?.text);
  for (const o of outputs) {
    writeOutputFile(o.file, formatPieces(o.format, report, ctx));
  }
  if (!flags.quiet || flags.format !== undefined) {
    process.stdout.write(stdoutFormat.render(report, { ...ctx, color, ...(process.stdout.columns ? { width: Math.min(process.stdout.columns, 120) } : {}) }));
  }
  return gateResults.every((g) => g.passed) ? 0 : 1;
}
