// One file assessed on its own (in a worker thread), as plain data the main thread can merge: the unit of a parallel run.

import { evaluate, type AssessOptions, type InputRecord, type SkippedRecord } from '../assess.js';
import type { Collected } from '../load/collect.js';
import type { LoadPolicy } from '../load/store.js';
import type { Finding } from '../model/rule.js';
import type { Api, Deref, Loc } from '../model/types.js';
import type { ApiScore } from '../score/ladder.js';
import type { ApiInventory } from '../inventory/index.js';
import { inferSensitivity, type SensitivityResult } from '../governance/sensitivity.js';
import { adapterFor, streamingKind } from '../kinds/registry.js';
import { readHead } from '../load/stream.js';

export interface Position {
  line: number;
  column: number;
}

/** What the main thread needs of an API assessed elsewhere: its identity and what the report lists. */
export type ApiSummary = Pick<Api, 'id' | 'name' | 'version' | 'sources' | 'kinds' | 'baseUrls' | 'hosts' | 'described' | 'loc'> & {
  operations: Pick<Api['operations'][number], 'key' | 'method' | 'path' | 'operationId' | 'loc'>[];
};

export type UnitResult =
  | { index: number; status: 'deferred' }
  | {
      index: number;
      status: 'done';
      inputs: InputRecord[];
      skipped: SkippedRecord[];
      apis: { api: ApiSummary; baseId: string; score: ApiScore; inventory: ApiInventory; sensitivity: SensitivityResult }[];
      findings: Finding[];
      /** Line and column of every location the report may show, by `locKey`. */
      locations: [string, Position | null][];
    };

export const locKey = (loc: Loc): string => `${loc.file}\u0000${loc.doc ?? 0}\u0000${loc.pointer}`;

/**
 * Assesses one file alone. It is `done` only when nothing outside it can change its result: an OpenAPI description that
 * names no other document in a `$ref` and brings nothing that joins (gateway, traffic, metadata, or a file of a kind read
 * all together, such as Envoy listeners and route configurations in separate files). Anything else — and any
 * error — is `deferred` to the main thread, which assesses deferred files together, as a run in one thread would.
 */
export async function assessUnit(index: number, file: Collected, policy: LoadPolicy, opts: AssessOptions): Promise<UnitResult> {
  // Captured traffic always joins (and may be huge): it goes to the main thread unread.
  if (isTraffic(file, opts)) return { index, status: 'deferred' };
  let core;
  try {
    core = await evaluate([file], policy, opts);
  } catch {
    return { index, status: 'deferred' };
  }
  const standalone =
    !core.reachedOtherDocuments &&
    !core.batched &&
    core.model.authServers.length === 0 &&
    (core.model.protectedResources ?? []).length === 0 &&
    core.model.apis.every((a) => a.kinds.length === 1 && a.kinds[0] === 'openapi' && a.operations.every((o) => !o.match));
  if (!standalone) return { index, status: 'deferred' };
  const locations = new Map<string, Position | null>();
  const visit = (v: unknown, depth: number): void => {
    if (v === null || typeof v !== 'object' || depth > 6) return;
    if (Array.isArray(v)) {
      for (const x of v) visit(x, depth + 1);
      return;
    }
    const o = v as Record<string, unknown>;
    if (typeof o['file'] === 'string' && typeof o['pointer'] === 'string') {
      const loc = o as unknown as Loc;
      const k = locKey(loc);
      if (!locations.has(k)) locations.set(k, core.store.locate(loc) ?? null);
      return;
    }
    for (const x of Object.values(o)) visit(x, depth + 1);
  };
  const apis = core.model.apis.map((api) => {
    const score = core.scores.get(api.id)!;
    const inventory = core.inventory.get(api.id)!;
    visit(score, 0);
    visit(inventory, 0);
    return { api: summarize(api), baseId: core.baseIds.get(api)!, score: slim(score), inventory, sensitivity: inferSensitivity(api) };
  });
  for (const f of core.findings) visit(f, 0);
  return { index, status: 'done', inputs: core.inputs, skipped: core.skipped, apis, findings: core.findings, locations: [...locations] };
}

function isTraffic(file: Collected, opts: AssessOptions): boolean {
  if (opts.kind) return adapterFor(opts.kind)?.streaming !== undefined;
  try {
    return streamingKind(readHead(file.abs, file.abs)) !== undefined;
  } catch {
    return false;
  }
}

/** A score without the per-operation requirement statuses and evidence the report does not show (most of its size). */
function slim(score: ApiScore): ApiScore {
  return { ...score, operations: score.operations.map(({ statuses: _s, evidence: _e, ...o }) => ({ ...o, statuses: [], evidence: [] }) as unknown as ApiScore['operations'][number]) };
}

function summarize(api: Api): ApiSummary {
  const out: ApiSummary = {
    id: api.id,
    name: api.name,
    sources: api.sources,
    kinds: api.kinds,
    baseUrls: api.baseUrls,
    described: api.described,
    loc: api.loc,
    operations: api.operations.map((o) => ({ key: o.key, method: o.method, path: o.path, ...(o.operationId !== undefined ? { operationId: o.operationId } : {}), loc: o.loc })),
  };
  if (api.version !== undefined) out.version = api.version;
  if (api.hosts) out.hosts = api.hosts;
  return out;
}

const DETACHED: Deref = {
  deref: () => {
    throw new Error('this API was assessed in a worker thread; its documents are not loaded here');
  },
  valueAt: () => {
    throw new Error('this API was assessed in a worker thread; its documents are not loaded here');
  },
};

/** An API summary as a model API for the steps that run on the main thread (governance, report). */
export function asApi(s: ApiSummary): Api {
  return { ...s, servers: [], securitySchemes: [], webhooks: [], evidence: [], authServers: [], extensions: {}, deref: DETACHED } as unknown as Api;
}
