// A run over many files on every core: worker threads assess standalone OpenAPI descriptions file by file; whatever may
// join or reference other files is assessed together on the main thread; the results are merged into exactly what a
// run in one thread gives (same API ids, fingerprints, order: byte-identical reports).

import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { checkMetadataMap, evaluate, finish, type AssessOptions, type AssessResult, type Evaluated, type InputRecord, type SkippedRecord } from '../assess.js';
import type { Collected } from '../load/collect.js';
import { SourceStore, type LoadPolicy } from '../load/store.js';
import { InputError } from '../load/errors.js';
import { maxOperations } from '../load/limits.js';
import { fingerprint, sortFindings } from '../engine/run.js';
import { uniqueIds } from '../model/join.js';
import { hostsOfUrls, hostsOverlap } from '../model/paths.js';
import type { Finding } from '../model/rule.js';
import type { Api, Loc } from '../model/types.js';
import type { ApiScore } from '../score/ladder.js';
import type { ApiInventory } from '../inventory/index.js';
import { inferSensitivity, type SensitivityResult } from '../governance/sensitivity.js';
import { asApi, assessUnit, locKey, type ApiSummary, type Position, type UnitResult } from './unit.js';
import type { WorkerInit } from './worker.js';
import { ALL_RULES } from '../../rules/index.js';

type Done = Extract<UnitResult, { status: 'done' }>;

/** Options as plain data for a worker (functions are rebuilt there through `workerOptions`). */
function plainOptions(opts: AssessOptions): AssessOptions {
  const out: AssessOptions = {};
  if (opts.cwd !== undefined) out.cwd = opts.cwd;
  if (opts.kind !== undefined) out.kind = opts.kind;
  if (opts.maxBytes !== undefined) out.maxBytes = opts.maxBytes;
  if (opts.maxAliases !== undefined) out.maxAliases = opts.maxAliases;
  if (!opts.workerOptions) {
    if (opts.engine) out.engine = opts.engine;
    if (opts.publicPatterns) out.publicPatterns = opts.publicPatterns;
  }
  return out;
}

/** Runs every file through the workers (largest first, so that one big file does not finish last). */
async function runUnits(files: Collected[], policy: LoadPolicy, opts: AssessOptions, jobs: number): Promise<UnitResult[]> {
  const results: UnitResult[] = new Array(files.length);
  const size = (f: Collected) => {
    try {
      return statSync(f.abs).size;
    } catch {
      return 0;
    }
  };
  const sizes = files.map(size);
  const queue = files.map((_, i) => i).sort((a, b) => sizes[b]! - sizes[a]! || a - b);
  const init: WorkerInit = { policy, options: plainOptions(opts), ...(opts.workerOptions ? { workerOptions: opts.workerOptions } : {}) };
  let done = 0;
  // The operations of a run are bounded as in one thread: once the files done exceed it, no more are started.
  const limit = maxOperations(policy.maxBytes);
  let operations = 0;
  const record = (m: UnitResult) => {
    results[m.index] = m;
    done++;
    if (m.status === 'done') operations += m.apis.reduce((n, a) => n + a.api.operations.length, 0);
    if (operations > limit) queue.length = 0;
    opts.onFile?.(done, files.length, policy.cwd ? files[m.index]!.abs : '');
  };
  if (jobs <= 1) {
    // In this thread, file after file: a unit's result is plain data (summaries, findings, scores, located positions)
    // that refers to none of the file's documents, text or model, so they are garbage once the unit returns.
    for (let i = queue.shift(); i !== undefined; i = queue.shift()) record(await assessUnit(i, files[i]!, policy, opts));
    for (let i = 0; i < files.length; i++) results[i] ??= { index: i, status: 'deferred' };
    return results;
  }
  const one = () =>
    new Promise<void>((resolve) => {
      // Resolved from src/parallel/ or from the command-line bundle in src/cli/: both reach the same file.
      const worker = new Worker(new URL('../parallel/worker.js', import.meta.url), { workerData: init });
      let current: number | undefined;
      const next = () => {
        current = queue.shift();
        if (current === undefined) {
          void worker.terminate();
          return;
        }
        worker.postMessage({ index: current, file: files[current] });
      };
      worker.on('message', (m: UnitResult | { ready: true }) => {
        if ('ready' in m) return next();
        record(m);
        next();
      });
      // A worker that dies (out of memory, a crash) leaves its file to the main thread; the others go on.
      worker.on('error', () => {
        if (current !== undefined && !results[current]) results[current] = { index: current, status: 'deferred' };
        current = undefined;
      });
      worker.on('exit', () => resolve());
    });
  await Promise.all(Array.from({ length: Math.min(jobs, files.length) }, one));
  for (let i = 0; i < files.length; i++) results[i] ??= { index: i, status: 'deferred' };
  return results;
}

/** Could an API assessed in the main thread (gateway route, traffic, metadata) join this standalone description? */
function mayJoin(core: Evaluated, api: ApiSummary): boolean {
  if (core.model.authServers.length || core.model.protectedResources?.length) return true;
  const hosts = api.hosts?.length ? api.hosts : hostsOfUrls(api.baseUrls);
  const own = hostsOfUrls(api.baseUrls);
  return core.model.apis.some((g) => !g.kinds.includes('openapi') && g.operations.some((o) => o.match) && (hostsOverlap(g.hosts, hosts) || hostsOverlap(g.hosts, own)));
}

export async function assessInWorkers(files: Collected[], policy: LoadPolicy, opts: AssessOptions, jobs: number): Promise<AssessResult> {
  const units = await runUnits(files, policy, opts, jobs);
  const limit = maxOperations(policy.maxBytes);
  let operations = 0;
  for (const u of units) {
    if (u.status !== 'done') continue;
    operations += u.apis.reduce((n, a) => n + a.api.operations.length, 0);
    if (operations > limit) throw new InputError(new SourceStore(policy).display(files[u.index]!.abs), `the inputs describe more than ${limit.toLocaleString('en-US')} operations (raise the limit with --max-file-size)`);
  }

  // The main thread's share: deferred files, and standalone ones that turn out to be joined or referenced by them.
  const inMain = new Set(units.filter((u) => u.status === 'deferred').map((u) => u.index));
  let core: Evaluated | undefined;
  for (;;) {
    core = inMain.size ? await evaluate(files.filter((_, i) => inMain.has(i)), policy, { ...opts, onFile: undefined }) : undefined;
    if (!core) break;
    const more = units.filter((u): u is Done => u.status === 'done' && !inMain.has(u.index) && (core!.referenced.has(files[u.index]!.abs) || u.apis.some((a) => mayJoin(core!, a.api))));
    if (!more.length) break;
    for (const u of more) inMain.add(u.index);
  }
  const done = units.filter((u): u is Done => u.status === 'done' && !inMain.has(u.index));

  // API ids: unique over all files in file order, as a single-thread run makes them; fingerprints follow the ids.
  const index = new Map(files.map((f, i) => [f.abs, i]));
  interface Entry {
    api: Api;
    base: string;
    file: number;
    seq: number;
    findings: Finding[];
    score: ApiScore;
    inventory: ApiInventory;
  }
  const entries: Entry[] = [];
  const sensitivity = new Map<Api, SensitivityResult>();
  // Findings of APIs (by id, unique within each source), and the rest (no API, or one the join merged away).
  const other: Finding[] = [];
  const assign = (fs: Finding[], mine: Map<string, Entry>) => {
    for (const f of fs) {
      const e = f.apiId !== undefined ? mine.get(f.apiId) : undefined;
      if (e) e.findings.push(f);
      else other.push(f);
    }
  };
  for (const u of done) {
    const mine = new Map<string, Entry>();
    u.apis.forEach((a, seq) => {
      const api = asApi(a.api);
      sensitivity.set(api, a.sensitivity);
      const e: Entry = { api, base: a.baseId, file: u.index, seq, findings: [], score: a.score, inventory: a.inventory };
      entries.push(e);
      mine.set(api.id, e);
    });
    assign(u.findings, mine);
  }
  if (core) {
    const mine = new Map<string, Entry>();
    core.model.apis.forEach((api, seq) => {
      const e: Entry = { api, base: core!.baseIds.get(api)!, file: index.get(core!.origin.get(api)!) ?? -1, seq, findings: [], score: core!.scores.get(api.id)!, inventory: core!.inventory.get(api.id)! };
      entries.push(e);
      mine.set(api.id, e);
    });
    assign(core.findings, mine);
  }
  entries.sort((a, b) => a.file - b.file || a.seq - b.seq);
  const byBase = entries.map((e) => ({ id: e.base, e }));
  const finalIds = new Map(byBase.map((x) => [x.e, x.id]));
  for (const [x, id] of uniqueIds(byBase)) finalIds.set(x.e, id);
  for (const e of entries) {
    const id = finalIds.get(e)!;
    if (id === e.api.id) continue;
    e.api.id = id;
    for (const f of e.findings) {
      f.apiId = id;
      f.fingerprint = fingerprint(f.ruleId, id, f.loc, f.key);
    }
  }

  // Findings that belong to no API, then everything in the engine's order.
  const seen = new Set<string>();
  const findings = sortFindings(
    [...entries.flatMap((e) => e.findings), ...other].filter((f) => {
      if (seen.has(f.fingerprint)) return false;
      seen.add(f.fingerprint);
      return true;
    }),
  );
  const scores = new Map(entries.map((e) => [e.api.id, e.score]));
  const inventory = new Map(entries.map((e) => [e.api.id, e.inventory]));

  const store = core?.store ?? new SourceStore(policy);
  const referenced = new Set([...(core?.referenced ?? [])].map((abs) => store.display(abs)));
  const inputs: InputRecord[] = [...done.flatMap((u) => u.inputs), ...(core?.inputs ?? [])].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const skipped: SkippedRecord[] = [...done.flatMap((u) => u.skipped), ...(core?.skipped ?? [])].filter((s) => !referenced.has(s.file));
  const locations = new Map<string, Position | null>(done.flatMap((u) => u.locations));
  const locate = (loc: Loc) => {
    const hit = locations.get(locKey(loc));
    if (hit !== undefined) return hit ?? undefined;
    return store.locate(loc);
  };
  const model = { apis: entries.map((e) => e.api), authServers: core?.model.authServers ?? [], protectedResources: core?.model.protectedResources ?? [], loadFindings: [] };
  checkMetadataMap(model, opts);
  return finish({ inputs, skipped, model, findings, scores, inventory, store, rules: core?.rules ?? opts.rules ?? ALL_RULES }, opts, (api) => sensitivity.get(api) ?? inferSensitivity(api), locate);
}
