// Shared by the bad-input matrix, the fuzzer, the determinism and the output-safety tests: the seed table (one or more
// real inputs per kind), rendering mutated documents back to their format, and running the real command line with
// its peak memory and CPU time measured.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { FIXTURES, ROOT } from '../helpers.js';

export const SEED_ROOT = path.join(FIXTURES, 'hostile', 'seeds');
const MEASURE = path.join(ROOT, 'dist', 'test', 'hostile', 'measure.js');

export interface Seed {
  /** The kind it is an example of (its directory under `seeds/`). */
  kind: string;
  /** `kind/file`, for test names. */
  id: string;
  file: string;
  ext: string;
  format: Format;
  text: string;
  docs: unknown[];
}

/** How a seed is written: one JSON document, JSON lines (access logs), or YAML (one or more documents). */
export type Format = 'json' | 'jsonl' | 'yaml';

/** Every seed, in a stable order. */
export function loadSeeds(): Seed[] {
  const out: Seed[] = [];
  for (const kind of readdirSync(SEED_ROOT).sort()) {
    for (const name of readdirSync(path.join(SEED_ROOT, kind)).sort()) {
      const file = path.join(SEED_ROOT, kind, name);
      const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
      const format: Format = /\.(jsonl|ndjson|log)$/i.test(name) ? 'jsonl' : /^\s*[[{]/.test(text) ? 'json' : 'yaml';
      const docs =
        format === 'json'
          ? [JSON.parse(text) as unknown]
          : format === 'jsonl'
            ? text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as unknown)
            : parseAllDocuments(text).map((d) => d.toJS() as unknown);
      out.push({ kind, id: `${kind}/${name}`, file, ext: path.extname(name), format, text, docs });
    }
  }
  return out;
}

/** Documents back to text in the seed's format (multi-document YAML joined with `---`, JSON lines one per line). */
export function render(format: Format, docs: unknown[]): string {
  if (format === 'json') return JSON.stringify(docs[0], null, 2) + '\n';
  if (format === 'jsonl') return docs.map((d) => JSON.stringify(d)).join('\n') + '\n';
  return docs.map((d) => stringify(d, { aliasDuplicateObjects: false, lineWidth: 0 })).join('---\n');
}

export const clone = <T>(v: T): T => structuredClone(v);

/** The first document that is an object (where injected keys go). */
export function rootObject(docs: unknown[]): Record<string, unknown> {
  const r = docs.find((d) => d !== null && typeof d === 'object' && !Array.isArray(d));
  assert.ok(r, 'seed has an object document');
  return r as Record<string, unknown>;
}

export interface Slot {
  parent: Record<string, unknown> | unknown[];
  key: string | number;
  depth: number;
}

/** Every value of a document as (parent, key, depth), breadth first; `limit` bounds the walk. */
export function slots(doc: unknown, limit = 100_000): Slot[] {
  const out: Slot[] = [];
  const queue: [unknown, number][] = [[doc, 0]];
  while (queue.length && out.length < limit) {
    const [v, depth] = queue.shift()!;
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        out.push({ parent: v, key: i, depth: depth + 1 });
        queue.push([x, depth + 1]);
      });
    } else if (v !== null && typeof v === 'object') {
      for (const k of Object.keys(v)) {
        out.push({ parent: v as Record<string, unknown>, key: k, depth: depth + 1 });
        queue.push([(v as Record<string, unknown>)[k], depth + 1]);
      }
    }
  }
  return out;
}

export function setSlot(s: Slot, value: unknown): void {
  if (Array.isArray(s.parent)) s.parent[s.key as number] = value;
  else Object.defineProperty(s.parent, s.key, { value, enumerable: true, writable: true, configurable: true });
}

export function getSlot(s: Slot): unknown {
  return Array.isArray(s.parent) ? s.parent[s.key as number] : s.parent[s.key as string];
}

/** The deepest value that is an object or array (nesting injected there reaches the walkers that go deepest). */
export function deepestSlot(doc: unknown): Slot {
  const all = slots(doc).filter((s) => {
    const v = getSlot(s);
    return v !== null && typeof v === 'object';
  });
  assert.ok(all.length, 'seed has nested values');
  return all.reduce((a, b) => (b.depth > a.depth ? b : a));
}

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  wallMs: number;
  /** Peak resident set of the child, in KiB (from the child itself). */
  maxRSSKb?: number;
  /** User + system CPU time of the child. */
  cpuMs?: number;
}

/** Runs the real command line in a child process, measuring it; kills it after `timeoutMs` (a hang). */
export function runCli(args: string[], opts: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, [MEASURE, ...args], {
      cwd: opts.cwd ?? ROOT,
      env: { ...process.env, NO_COLOR: '1', AM_MEASURE: '1', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const meas: Buffer[] = [];
    child.stdout!.on('data', (b: Buffer) => out.push(b));
    child.stderr!.on('data', (b: Buffer) => err.push(b));
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (b: Buffer) => meas.push(b));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs ?? 60_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const r: Run = { code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), timedOut, wallMs: Date.now() - t0 };
      try {
        const m = JSON.parse(Buffer.concat(meas).toString('utf8')) as { maxRSSKb: number; cpuMs: number };
        r.maxRSSKb = m.maxRSSKb;
        r.cpuMs = m.cpuMs;
      } catch {
        /* the child died before reporting */
      }
      resolve(r);
    });
  });
}

const STACK = /^\s+at .+[:(]\d+|\.js:\d+:\d+/m;

export interface Expect {
  /** Allowed exit codes. */
  codes: number[];
  /** On exit code 2: text the one stderr line must contain (the file name…). */
  mentions?: (string | RegExp)[];
  /** On exit code 2: the line names a position (`:line:column:`). */
  position?: boolean;
  maxCpuMs?: number;
  maxRSSMb?: number;
}

/** The contract on hostile input: an allowed exit code, one clean line on stderr for exit 2, no stack trace, bounded. */
export function assertContract(r: Run, e: Expect, what: string): void {
  const ctx = `${what}\nexit ${r.code} signal ${r.signal} wall ${r.wallMs} ms cpu ${r.cpuMs} ms rss ${r.maxRSSKb} KiB\nstderr: ${r.stderr.slice(0, 2000)}`;
  assert.ok(!r.timedOut, `hung (killed after ${r.wallMs} ms): ${ctx}`);
  assert.equal(r.signal, null, `killed by a signal: ${ctx}`);
  assert.ok(r.code !== null && e.codes.includes(r.code), `exit code ${r.code}, expected one of ${e.codes.join(', ')}: ${ctx}`);
  assert.doesNotMatch(r.stderr, STACK, `stack trace on stderr: ${ctx}`);
  assert.doesNotMatch(r.stderr, /internal error/, `internal error: ${ctx}`);
  if (r.code === 2) {
    const lines = r.stderr.replace(/\n$/, '').split('\n');
    assert.equal(lines.length, 1, `exactly one line on stderr: ${ctx}`);
    assert.match(lines[0]!, /^api-maturity: /, ctx);
    for (const m of e.mentions ?? []) {
      if (typeof m === 'string') assert.ok(lines[0]!.includes(m), `stderr names '${m}': ${ctx}`);
      else assert.match(lines[0]!, m, ctx);
    }
    if (e.position) assert.match(lines[0]!, /:\d+:\d+: /, `stderr names line:column: ${ctx}`);
  } else {
    assert.equal(r.stderr, '', `nothing on stderr: ${ctx}`);
  }
  assert.ok(r.cpuMs !== undefined && r.maxRSSKb !== undefined, `resource use reported: ${ctx}`);
  assert.ok(r.cpuMs! <= (e.maxCpuMs ?? 10_000), `CPU time ${r.cpuMs} ms over ${e.maxCpuMs ?? 10_000} ms: ${ctx}`);
  assert.ok(r.maxRSSKb! <= (e.maxRSSMb ?? 512) * 1024, `peak RSS ${Math.round(r.maxRSSKb! / 1024)} MiB over ${e.maxRSSMb ?? 512} MiB: ${ctx}`);
}
