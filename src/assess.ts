// The whole run as plain functions from data to data:
// files ─load─▶ parsed documents ─detect─▶ kinds ─adapt─▶ model ─join─▶ APIs ─rules─▶ findings ─score─▶ levels ─build─▶ report.

import type { Finding, Rule } from './model/rule.js';
import type { Api, InputKind, Loc, LoadFinding, Model } from './model/types.js';
import { joinModel, uniqueIds, type ModelPart } from './model/join.js';
import { linkMetadata, mappingProblems, type MetadataMapping } from './model/link.js';
import { collectFiles, real, type Collected } from './load/collect.js';
import { maxOperations } from './load/limits.js';
import { selectShard } from './load/shard.js';
import { InputError, UsageError } from './load/errors.js';
import type { ParsedFile } from './load/parse.js';
import { Resolver } from './load/refs.js';
import { prefetchRemote } from './load/remote.js';
import { SourceStore, type LoadPolicy } from './load/store.js';
import { DEFAULT_MAX_BYTES, readLenientHead } from './load/text.js';
import { checkSize, DEFAULT_MAX_TRAFFIC_BYTES, readHead, type FileHead } from './load/stream.js';
import { ADAPTERS, adapterFor, detectKind, sniffKind, streamingKind, unsupportedReason } from './kinds/registry.js';
import type { KindAdapter, StreamContext } from './kinds/types.js';
import { DEFAULT_TRAFFIC_OPTIONS, type TrafficOptions } from './kinds/traffic/credentials.js';
import { DEFAULT_RULE_OPTIONS, runRules, type EngineOptions } from './engine/run.js';
import { scoreApi, type ApiScore } from './score/ladder.js';
import { metadataEvaluator } from './score/metadata.js';
import { inventoryOf, type ApiInventory } from './inventory/index.js';
import { ALL_RULES } from '../rules/index.js';
import type { PublicPattern } from './config/types.js';
import { evaluateGovernance, type GovernanceOptions, type GovernanceResult } from './governance/index.js';
import type { SensitivityResult } from './governance/sensitivity.js';
import { applyPublicPatterns } from './governance/public.js';
import { applyBaseline, type Baseline, type BaselineEntry } from './governance/baseline.js';
import { buildReport } from './report/build.js';
import type { Report } from './report/types.js';

/** Largest single HAR entry or access-log line read by default. */
export const DEFAULT_MAX_ENTRY_BYTES = 64 * 1024 * 1024;

export interface AssessOptions {
  cwd?: string;
  /** Force one kind for every file. */
  kind?: InputKind;
  maxBytes?: number;
  /** Largest traffic file (HAR, access log) read; traffic is streamed, so this may exceed `maxBytes` (default 4 GiB). */
  maxTrafficBytes?: number;
  /** Largest single HAR entry or log line (default 64 MiB); larger ones are skipped with a finding. */
  maxEntryBytes?: number;
  traffic?: Partial<TrafficOptions>;
  maxAliases?: number;
  allowRemoteRefs?: boolean;
  /** Extra directories `$ref`s may read from. */
  refRoots?: string[];
  /** Explicit links of authorization-server (issuer) or protected-resource (resource) metadata to APIs (`--as-map`, config `authServers`). */
  metadataMap?: MetadataMapping[];
  rules?: Rule[];
  engine?: Partial<EngineOptions>;
  /** Called after each file is loaded (progress). */
  onFile?: (done: number, total: number, file: string) => void;
  /** Operations public on purpose (configuration `public:`). */
  publicPatterns?: (string | PublicPattern)[];
  /** Sensitivity classes, targets and the exceptions register. */
  governance?: GovernanceOptions;
  /** Findings accepted earlier: reported as baselined, excluded from gates. */
  baseline?: Baseline;
  /** Worker threads for many files (1: everything in the calling thread). */
  jobs?: number;
  /**
   * Read large traffic files (32 MiB and more) with a worker thread beside the calling one: an access log's lines are
   * parsed there, a HAR's entries found there (default false; the command line: on with more than one core, unless
   * `--jobs 1`). The report is the same either way.
   */
  trafficWorker?: boolean;
  /** Traffic files from this size on use the worker (default 32 MiB). */
  parallelTrafficBytes?: number;
  /** From this many files on, a run in one thread releases each file when done (default `RELEASE_FILES`). */
  releaseFiles?: number;
  /** Worker threads for runs of that many files when `jobs` was not chosen by the user (the command line: every core). */
  manyFilesJobs?: number;
  /** For worker threads when the options hold functions: a module whose `workerOptions(data)` rebuilds them. */
  workerOptions?: { module: string; data: unknown };
  /** Assess only the inputs of this shard (1-based index of `count`); see `shardOf`. */
  shard?: { index: number; count: number };
}

export interface InputRecord {
  file: string;
  kind: InputKind;
  sha256: string;
  bytes: number;
  /** For documents loaded because another one references them. */
  referencedBy?: string;
}

export interface SkippedRecord {
  file: string;
  reason: string;
}

/** What load, detect, adapt, join, rules and score give: the part of a result every later step starts from. */
export interface Assessed {
  inputs: InputRecord[];
  skipped: SkippedRecord[];
  model: Model;
  findings: Finding[];
  scores: Map<string, ApiScore>;
  /** Credential paths and the control matrix, by API id. */
  inventory: Map<string, ApiInventory>;
  store: SourceStore;
  rules: Rule[];
}

export interface AssessResult extends Assessed {
  governance: GovernanceResult;
  baseline?: { baselined: number; fixed: BaselineEntry[] };
  /** Line and column of a location, when files were parsed elsewhere (worker threads). */
  locate?: (loc: Loc) => { line: number; column: number } | undefined;
}

export async function assess(paths: string[], opts: AssessOptions = {}): Promise<AssessResult> {
  const cwd = opts.cwd ?? process.cwd();
  const { files, roots } = collectFiles(paths, cwd, opts.refRoots ?? []);
  const policy: LoadPolicy = {
    cwd,
    maxBytes: opts.maxBytes ?? DEFAULT_MAX_BYTES,
    roots: [...roots, ...(opts.refRoots ?? []).map(real)],
    allowRemote: opts.allowRemoteRefs === true,
  };
  if (opts.maxAliases !== undefined) policy.maxAliases = opts.maxAliases;
  const selected = opts.shard ? selectShard(files, policy, opts.shard, readTogether) : files;
  const many = selected.length >= Math.max(MIN_PARALLEL_FILES, opts.releaseFiles ?? RELEASE_FILES);
  // With every file released when done, workers beside the main thread pay off even on two cores (2,000 specs: 10 % faster).
  const jobs = Math.max(1, Math.floor(many ? Math.max(opts.jobs ?? 1, opts.manyFilesJobs ?? 1) : (opts.jobs ?? 1)));
  const threads = jobs > 1 && selected.length >= MIN_PARALLEL_FILES && workersCanRebuild(opts);
  if ((threads || many) && !policy.allowRemote) {
    const { assessInWorkers } = await import('./parallel/run.js');
    return assessInWorkers(selected, policy, opts, threads ? jobs : 1);
  }
  const core = await evaluate(selected, policy, opts);
  checkMetadataMap(core.model, opts);
  return finish(core, opts);
}

/** An explicit metadata link that names no document or no API of the whole run is a usage error. */
export function checkMetadataMap(model: Pick<Model, 'apis' | 'authServers' | 'protectedResources'>, opts: AssessOptions): void {
  const problems = mappingProblems(model, opts.metadataMap ?? []);
  if (problems.length) throw new UsageError(`--as-map / authServers: ${problems.join('; ')}`);
}

/** Fewer files than this are assessed in the calling thread even with `jobs` > 1 (starting workers costs more). */
export const MIN_PARALLEL_FILES = 4;

/**
 * From this many files on, a run in one thread assesses standalone descriptions file by file too, as workers do: each
 * file's documents are released when it is done, so memory follows the report, not the inputs. Below it, every document
 * stays loaded until the end, which is faster (locations are looked up only for what is reported).
 */
export const RELEASE_FILES = 500;

/** Workers rebuild the options: plain data is copied; functions (custom rules, adjust hooks) need `workerOptions`. */
function workersCanRebuild(opts: AssessOptions): boolean {
  if (opts.workerOptions) return true;
  return opts.rules === undefined && opts.engine?.adjust === undefined;
}

/** Everything up to findings and scores, with what a parallel run needs to merge it. */
export interface Evaluated extends Assessed {
  /** The input file each API came from (absolute path), in the order the APIs were contributed. */
  origin: Map<Api, string>;
  /** Each API's id before ids were made unique (`x` for `x~2`). */
  baseIds: Map<Api, string>;
  /** Files read only because a `$ref` named them (absolute path). */
  referenced: Set<string>;
  /** Whether any `$ref` named another document. */
  reachedOtherDocuments: boolean;
  /** Whether files of a kind read all together (`toModelBatch`) were among these: they must stay in one run. */
  batched: boolean;
}

export async function evaluate(files: Collected[], policy: LoadPolicy, opts: AssessOptions): Promise<Evaluated> {
  const store = new SourceStore(policy);
  const loadFindings: LoadFinding[] = [];
  const resolver = new Resolver(store, loadFindings);
  const forced = opts.kind ? adapterFor(opts.kind) : undefined;

  // Load and detect every file. Traffic recognised from its first bytes is streamed later, never loaded whole.
  type Job = { pf: ParsedFile; adapter: KindAdapter } | { head: FileHead; adapter: KindAdapter };
  const jobs: Job[] = [];
  const skipped: SkippedRecord[] = [];
  const traffic: TrafficOptions = { ...DEFAULT_TRAFFIC_OPTIONS, ...opts.traffic };
  const maxTraffic = opts.maxTrafficBytes ?? DEFAULT_MAX_TRAFFIC_BYTES;
  let done = 0;
  for (const f of files) {
    const display = store.display(f.abs);
    done++;
    opts.onFile?.(done, files.length, display);
    let head: FileHead;
    try {
      head = readHead(f.abs, display);
    } catch (e) {
      if (!(e instanceof InputError) || f.explicit || forced) throw e;
      skipped.push({ file: display, reason: e.detail });
      continue;
    }
    if (!forced) {
      const why = unsupportedReason({ head });
      if (why) {
        skipped.push({ file: display, reason: why });
        continue;
      }
    }
    const streamer = forced ? (forced.streaming && !head.binary && !head.bom?.startsWith('utf-16') ? forced : undefined) : head.binary ? undefined : streamingKind(head);
    if (streamer) {
      checkSize(head, maxTraffic, '--max-traffic-size');
      jobs.push({ head, adapter: streamer });
      continue;
    }
    let pf: ParsedFile;
    try {
      pf = store.loadLocal(f.abs);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      if (f.explicit || forced || looksLikeKnownKind(f.abs)) throw e;
      skipped.push({ file: display, reason: e.detail });
      continue;
    }
    const adapter = forced ?? detectKind(pf);
    if (!adapter) {
      skipped.push({ file: display, reason: unsupportedReason({ pf }) ?? 'not a recognised input kind' });
      continue;
    }
    jobs.push({ pf, adapter });
  }

  if (policy.allowRemote) {
    await prefetchRemote(store, (url, why) => loadFindings.push({ ruleId: 'ref-unresolved', severity: 'medium', message: `remote document ${url} could not be fetched: ${why}`, loc: { file: url, pointer: '' } }));
  }

  // Normalize (streaming the traffic files; kinds whose files refer to each other get all their files at once), then join.
  // The operations of the whole run are bounded (memory grows with them).
  const parts: ModelPart[] = [];
  const inputs: InputRecord[] = [];
  const origin = new Map<Api, string>();
  const batched = new Set<KindAdapter>();
  const notAssessed = new Map<string, string>();
  const limit = maxOperations(policy.maxBytes);
  const operationBudget = { left: limit, limit };
  const ctx = { resolver, findings: loadFindings, traffic, operationBudget };
  /** Adapters that do not count as they build are charged here for what they returned. */
  const charge = (part: ModelPart, counted: number, file: string) => {
    const returned = part.apis.reduce((n, a) => n + a.operations.length + a.webhooks.length, 0);
    if (returned > counted) operationBudget.left -= returned - counted;
    if (operationBudget.left < 0) throw new InputError(file, `the inputs describe more than ${limit.toLocaleString('en-US')} operations (raise the limit with --max-file-size)`);
  };
  for (const job of jobs) {
    const { adapter } = job;
    const file = 'pf' in job ? job.pf.file : job.head.file;
    try {
      const before = operationBudget.left;
      if ('pf' in job) {
        if (batched.has(adapter)) continue;
        const batch = adapter.toModelBatch ? jobs.flatMap((t) => ('pf' in t && t.adapter === adapter ? [t.pf] : [])) : [job.pf];
        if (adapter.toModelBatch) batched.add(adapter);
        const part = adapter.toModelBatch ? adapter.toModelBatch(batch, ctx) : adapter.toModel(job.pf, ctx);
        charge(part, before - operationBudget.left, file);
        // The input an API came from: the file of its location (for a batch, the one that holds it).
        for (const api of part.apis) origin.set(api, (batch.find((b) => b.file === api.loc.file) ?? job.pf).abs);
        parts.push(part);
        for (const sk of part.skipped ?? []) notAssessed.set(sk.file, sk.reason);
        for (const b of batch) inputs.push({ file: b.file, kind: adapter.kind, sha256: b.sha256, bytes: b.bytes });
      } else {
        const ctx: StreamContext = { findings: loadFindings, traffic, maxEntryBytes: opts.maxEntryBytes ?? DEFAULT_MAX_ENTRY_BYTES };
        if (opts.trafficWorker) ctx.trafficWorker = true;
        if (opts.parallelTrafficBytes !== undefined) ctx.parallelTrafficBytes = opts.parallelTrafficBytes;
        const r = await adapter.streaming!.read(job.head, ctx);
        charge(r.contribution, 0, file);
        for (const api of r.contribution.apis) origin.set(api, job.head.abs);
        parts.push(r.contribution);
        store.addLocator(file, r.locate);
        inputs.push({ file, kind: adapter.kind, sha256: r.sha256, bytes: r.bytes });
      }
    } catch (e) {
      if (e instanceof InputError) throw e;
      if (e instanceof RangeError) throw new InputError(file, `${adapter.title}: nesting too deep`);
      throw e;
    }
  }
  const model = joinModel(parts, loadFindings, { keepIds: true });
  linkMetadata(model, opts.metadataMap ?? []);
  const baseIds = new Map(model.apis.map((a) => [a, a.id]));
  for (const [api, id] of uniqueIds(model.apis)) api.id = id;
  for (const [file, reason] of notAssessed) skipped.push({ file, reason });

  // Files pulled in by `$ref`s are part of the document that references them, not skipped inputs.
  const typedFiles = new Set(jobs.map((t) => ('pf' in t ? t.pf.abs : t.head.abs)));
  const referenced = new Map([...store.referenced].filter(([abs]) => !typedFiles.has(abs)).map(([abs, by]) => [store.display(abs), by]));
  const stillSkipped = skipped.filter((s) => !referenced.has(s.file));
  for (let i = inputs.length - 1; i >= 0; i--) if (notAssessed.has(inputs[i]!.file)) inputs.splice(i, 1);
  for (const [file, by] of referenced) {
    const pf = store.byFile(file);
    const byKind = inputs.find((i) => i.file === by)?.kind ?? 'openapi';
    if (pf) inputs.push({ file, kind: byKind, sha256: pf.sha256, bytes: pf.bytes, referencedBy: by });
  }
  inputs.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));

  if (opts.publicPatterns?.length) applyPublicPatterns(model.apis, opts.publicPatterns);
  const rules = opts.rules ?? ALL_RULES;
  const engine = { ...DEFAULT_RULE_OPTIONS, ...opts.engine };
  const findings = runRules(model, rules, engine);
  const evaluator = metadataEvaluator();
  const scores = new Map(model.apis.map((a) => [a.id, scoreApi(a, { metadataEvaluator: evaluator, maxTokenLifetime: engine.maxTokenLifetime })]));
  const inventory = inventoryOf(model, scores);
  return { inputs, skipped: stillSkipped, model, findings, scores, inventory, store, rules, origin, baseIds, referenced: new Set(store.referenced.keys()), reachedOtherDocuments: resolver.reachedOtherDocuments, batched: batched.size > 0 };
}

/** Governance and baseline: the steps that look at every API and finding of the run at once. */
export function finish(core: Assessed, opts: AssessOptions, sensitivityOf?: (api: Api) => SensitivityResult, locate?: AssessResult['locate']): AssessResult {
  const { inputs, skipped, model, findings, scores, inventory, store, rules } = core;
  const governance = evaluateGovernance(model.apis, scores, findings, opts.governance, sensitivityOf);
  const result: AssessResult = { inputs, skipped, model, findings, scores, inventory, store, rules, governance };
  if (locate) result.locate = locate;
  if (opts.baseline) result.baseline = applyBaseline(opts.baseline, findings);
  return result;
}

export interface ReportExtras {
  toolVersion: string;
  generatedAt?: string;
  configFile?: string;
  baselineFile?: string;
}

/** The last step: the report every renderer consumes (line and column looked up only for what it shows). */
export function toReport(res: AssessResult, x: ReportExtras): Report {
  return buildReport({
    toolVersion: x.toolVersion,
    inputs: res.inputs,
    skipped: res.skipped,
    apis: res.model.apis,
    scores: res.scores,
    inventory: res.inventory,
    findings: res.findings,
    locate: res.locate ?? ((loc) => res.store.locate(loc)),
    governance: res.governance.perApi,
    exceptions: res.governance.exceptions,
    ...(x.generatedAt ? { generatedAt: x.generatedAt } : {}),
    ...(x.configFile ? { configFile: x.configFile } : {}),
    ...(res.baseline && x.baselineFile ? { baseline: { file: x.baselineFile, ...res.baseline } } : {}),
  });
}

/** Files of kinds read all together (and the files beside them) go to one shard, wherever they are. */
function readTogether(head: string): boolean {
  return ADAPTERS.some((a) => a.toModelBatch && a.sniff?.test(head));
}

/**
 * For a file found by walking that failed to load: does its beginning look like a known kind? Then the failure is
 * fatal, not a skip — also when it is not valid text (a stray NUL or invalid byte must not make a spec vanish).
 */
function looksLikeKnownKind(abs: string): boolean {
  const head = readLenientHead(abs);
  return head !== undefined && sniffKind(head) !== undefined;
}
