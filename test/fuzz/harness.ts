// Property-based fuzzing of the whole command line: real seeds of every kind (fixtures/hostile/seeds), mutated
// structurally (key deletion, type swaps, deep wrapping, huge and hostile strings, $refs, prototype keys, subtree
// copies) and textually (byte flips, truncation, duplicated lines and keys), assessed with every output format.
// Property: the run ends in time with exit code 0, 1 or 2; exit 2 prints exactly one clean line; 0 and 1 print nothing
// on stderr and a report that matches the schema; no output format fails.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { FORMATS } from '../../src/report/formats.js';
import { assertValidReport } from '../helpers.js';
import { clone, loadSeeds, render, type Format, type Seed } from '../hostile/lib.js';
import type { JobResult } from './worker.js';

const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'worker.js');

/** One worker thread that runs main(); replaced when a run hangs or runs out of memory. */
export class Runner {
  private worker?: Worker;
  private ready?: Promise<void>;
  private next = 1;
  /** Set by close(): a run still in flight then (a time limit hit) ends as `aborted`, not as a crash. */
  private closing = false;

  constructor(
    private readonly timeoutMs: number,
    private readonly heapMb = 1536,
  ) {}

  private start(): Promise<void> {
    this.worker = new Worker(WORKER, { workerData: { amFuzzWorker: true }, resourceLimits: { maxOldGenerationSizeMb: this.heapMb }, stdout: true, stderr: true });
    const w = this.worker;
    this.ready = new Promise((ok, ko) => {
      const onMsg = (m: { ready?: boolean }) => {
        if (m.ready) {
          w.off('message', onMsg);
          ok();
        }
      };
      w.on('message', onMsg);
      w.once('error', ko);
    });
    return this.ready;
  }

  /** Runs `main(argv)`; `hang` when it took over the timeout, `crash` when the worker died (heap exhausted…). */
  async run(argv: string[]): Promise<JobResult & { hang?: boolean; crash?: string; aborted?: boolean }> {
    if (!this.worker) await this.start();
    else await this.ready;
    const w = this.worker!;
    const id = this.next++;
    return new Promise((resolve) => {
      const done = (r: JobResult & { hang?: boolean; crash?: string; aborted?: boolean }) => {
        clearTimeout(timer);
        w.off('message', onMsg);
        w.off('error', onErr);
        w.off('exit', onExit);
        resolve(r);
      };
      const onMsg = (m: JobResult) => {
        if (m.id === id) done(m);
      };
      const onErr = (e: Error) => {
        this.worker = undefined;
        done(this.closing ? { id, stdout: '', stderr: '', aborted: true } : { id, stdout: '', stderr: '', crash: `${(e as NodeJS.ErrnoException).code ?? ''} ${e.message}` });
      };
      const onExit = (code: number) => {
        this.worker = undefined;
        done(this.closing ? { id, stdout: '', stderr: '', aborted: true } : { id, stdout: '', stderr: '', crash: `worker exited with ${code}` });
      };
      const timer = setTimeout(() => {
        this.worker = undefined;
        void w.terminate();
        done({ id, stdout: '', stderr: '', hang: true });
      }, this.timeoutMs);
      w.on('message', onMsg);
      w.on('error', onErr);
      w.on('exit', onExit);
      w.postMessage({ id, argv });
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.worker?.terminate();
    this.worker = undefined;
  }
}

// ---------------------------------------------------------------- mutations

/** Where in a document: indexes taken modulo the number of children at each level (shrinks towards the root). */
const pathSel = fc.array(fc.nat({ max: 1000 }), { maxLength: 8 });

const HOSTILE_STRINGS = [
  '\u001b[31mred\u001b[0m\u001b]8;;http://evil.example\u0007link\u001b]8;;\u0007',
  '\n::error::injected\r\n::add-mask::x',
  '<script>alert(1)</script><img src=x onerror=alert(1)>',
  '](javascript:alert(1)) | --- | `code` ``` <!-- -->',
  '\u202etxt.exe\u2066\u2069\u2028\u2029',
  '../../../../etc/passwd',
  '%s%n%x{{7*7}}${7*7}',
  '\ud800',
  '',
  ' ',
];

const REF_TARGETS = ['#', '#/', '#/paths', '#/components/schemas/Nope', '#/x-am/0', 'nope.yaml', '../../../../etc/passwd', '/proc/self/environ', 'file:///proc/self/environ', 'http://127.0.0.1:9/x.yaml', '//example.com/x', '#/%zz', 'data:,x', '#/~2bad'];

const anyValue = fc.oneof(
  fc.constantFrom<unknown>(null, 0, -1, 1.5, 1e308, -0, true, false, '', 'x', [], {}, [null], { '': null }),
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double({ noNaN: true }),
);

export type Mutation =
  | { op: 'delete'; at: number[] }
  | { op: 'set'; at: number[]; value: unknown }
  | { op: 'wrap'; at: number[]; depth: number; shape: 'array' | 'object' }
  | { op: 'huge'; at: number[]; size: number; char: string }
  | { op: 'proto'; at: number[] }
  | { op: 'ref'; at: number[]; target: string }
  | { op: 'copy'; from: number[]; to: number[] }
  | { op: 'strings'; text: string };

export type TextMutation =
  | { op: 'flip'; pos: number; byte: number }
  | { op: 'truncate'; keep: number }
  | { op: 'insert'; pos: number; bytes: number[] }
  | { op: 'dupline'; pos: number }
  | { op: 'dupkey' };

export function mutationArb(maxString: number): fc.Arbitrary<Mutation> {
  return fc.oneof(
    fc.record({ op: fc.constant('delete' as const), at: pathSel }),
    fc.record({ op: fc.constant('set' as const), at: pathSel, value: anyValue }),
    fc.record({ op: fc.constant('wrap' as const), at: pathSel, depth: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max: 40 }) }, { weight: 1, arbitrary: fc.integer({ min: 400, max: 600 }) }, { weight: 1, arbitrary: fc.integer({ min: 2000, max: 50_000 }) }), shape: fc.constantFrom('array' as const, 'object' as const) }),
    fc.record({ op: fc.constant('huge' as const), at: pathSel, size: fc.integer({ min: 1024, max: maxString }), char: fc.constantFrom('a', ' ', '\\', '"', "'", '{', '\u00e9', '\u001b') }),
    fc.record({ op: fc.constant('proto' as const), at: pathSel }),
    fc.record({ op: fc.constant('ref' as const), at: pathSel, target: fc.constantFrom(...REF_TARGETS) }),
    fc.record({ op: fc.constant('copy' as const), from: pathSel, to: pathSel }),
    fc.record({ op: fc.constant('strings' as const), text: fc.constantFrom(...HOSTILE_STRINGS) }),
  );
}

export const textMutationArb: fc.Arbitrary<TextMutation> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), pos: fc.double({ min: 0, max: 1, noNaN: true }), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ op: fc.constant('truncate' as const), keep: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ op: fc.constant('insert' as const), pos: fc.double({ min: 0, max: 1, noNaN: true }), bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 8 }) }),
  fc.record({ op: fc.constant('dupline' as const), pos: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.constant({ op: 'dupkey' as const }),
);

type Container = Record<string, unknown> | unknown[];
const isContainer = (v: unknown): v is Container => v !== null && typeof v === 'object';

/** Follows a selector from a document: the container and key of the value reached (undefined at the root). */
function locate(doc: unknown, at: number[]): { parent: Container; key: string | number } | undefined {
  let parent: Container | undefined;
  let key: string | number | undefined;
  let cur = doc;
  for (const n of at) {
    if (!isContainer(cur)) break;
    const keys: (string | number)[] = Array.isArray(cur) ? cur.map((_, i) => i) : Object.keys(cur);
    if (!keys.length) break;
    parent = cur;
    key = keys[n % keys.length]!;
    cur = Array.isArray(cur) ? cur[key as number] : cur[key as string];
  }
  return parent !== undefined && key !== undefined ? { parent, key } : undefined;
}

function put(parent: Container, key: string | number, value: unknown): void {
  if (Array.isArray(parent)) parent[key as number] = value;
  else Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
}

function wrap(v: unknown, depth: number, shape: 'array' | 'object'): unknown {
  let out = v;
  for (let i = 0; i < depth; i++) out = shape === 'array' ? [out] : { w: out };
  return out;
}

/** Nesting deeper than this is spliced into the rendered text (serializers recurse). */
const SPLICE_DEPTH = 100;

/**
 * Applies structural mutations to (a copy of) a seed's documents. Deep wraps become placeholders, spliced into the
 * rendered text by `splice`.
 */
export function applyMutations(docs: unknown[], muts: Mutation[], deep: { depth: number; shape: 'array' | 'object' }[] = []): unknown[] {
  const out = clone(docs);
  const doc = out.find(isContainer) ?? out[0];
  for (const m of muts) {
    if (m.op === 'strings') {
      // Every string of the document gets the hostile text appended (names, paths, URLs, descriptions…).
      const stack: unknown[] = [doc];
      let n = 0;
      while (stack.length && n < 20_000) {
        const v = stack.pop();
        if (!isContainer(v)) continue;
        for (const k of Array.isArray(v) ? v.keys() : Object.keys(v)) {
          const x = (v as Record<string | number, unknown>)[k as string];
          n++;
          if (typeof x === 'string') put(v, k as string | number, x + m.text);
          else stack.push(x);
        }
      }
      continue;
    }
    if (m.op === 'copy') {
      const from = locate(doc, m.from);
      const to = locate(doc, m.to);
      if (from && to) put(to.parent, to.key, clone(Array.isArray(from.parent) ? from.parent[from.key as number] : from.parent[from.key as string]));
      continue;
    }
    const slot = locate(doc, m.at);
    if (!slot) continue;
    const cur = Array.isArray(slot.parent) ? slot.parent[slot.key as number] : slot.parent[slot.key as string];
    switch (m.op) {
      case 'delete':
        if (Array.isArray(slot.parent)) slot.parent.splice(slot.key as number, 1);
        else delete slot.parent[slot.key as string];
        break;
      case 'set':
        put(slot.parent, slot.key, clone(m.value));
        break;
      case 'wrap':
        if (m.depth <= SPLICE_DEPTH) put(slot.parent, slot.key, wrap(cur, m.depth, m.shape));
        else {
          put(slot.parent, slot.key, `AMDEEP${deep.length}X`);
          deep.push({ depth: m.depth, shape: m.shape });
        }
        break;
      case 'huge':
        put(slot.parent, slot.key, m.char.repeat(m.size));
        break;
      case 'proto':
        if (isContainer(cur) && !Array.isArray(cur)) {
          put(cur, '__proto__', { polluted: true, $ref: '#/' });
          put(cur, 'constructor', { prototype: { polluted: true } });
          put(cur, 'prototype', { polluted: true });
        } else put(slot.parent, slot.key, { ['__proto__']: { polluted: true }, constructor: 'x' });
        break;
      case 'ref':
        put(slot.parent, slot.key, { $ref: m.target });
        break;
    }
  }
  return out;
}

/** Applies textual mutations to rendered text (as UTF-8 bytes). */
export function applyTextMutations(text: string, muts: TextMutation[]): Buffer {
  let b = Buffer.from(text, 'utf8');
  for (const m of muts) {
    const at = (f: number) => Math.min(b.length, Math.floor(f * b.length));
    switch (m.op) {
      case 'flip':
        if (b.length) b[Math.min(b.length - 1, at(m.pos))] = m.byte;
        break;
      case 'truncate':
        b = b.subarray(0, at(m.keep));
        break;
      case 'insert':
        b = Buffer.concat([b.subarray(0, at(m.pos)), Buffer.from(m.bytes), b.subarray(at(m.pos))]);
        break;
      case 'dupline': {
        const s = b.toString('latin1');
        const start = s.lastIndexOf('\n', at(m.pos) - 1) + 1;
        let end = s.indexOf('\n', start);
        if (end < 0) end = s.length;
        b = Buffer.concat([b.subarray(0, end), Buffer.from('\n'), b.subarray(start, end), b.subarray(end)]);
        break;
      }
      case 'dupkey': {
        // The first member name, once more: right after the opening brace (JSON) or as a last line (YAML).
        const s = b.toString('latin1');
        const json = s.trimStart().startsWith('{');
        const k = json ? /"((?:[^"\\]|\\.)*)"\s*:/.exec(s) : /^([A-Za-z_$][\w$-]*):/m.exec(s);
        if (!k) break;
        if (json) {
          const i = s.indexOf('{');
          b = Buffer.concat([b.subarray(0, i + 1), Buffer.from(`"${k[1]}": 1,`), b.subarray(i + 1)]);
        } else b = Buffer.concat([b, Buffer.from(`\n${k[1]}: duplicate\n`)]);
        break;
      }
    }
  }
  return b;
}

/** Replaces the placeholders of deep wraps in rendered text by the nesting itself. */
function splice(text: string, format: Format, deep: { depth: number; shape: 'array' | 'object' }[]): string {
  deep.forEach((d, i) => {
    const ph = format === 'yaml' ? `AMDEEP${i}X` : `"AMDEEP${i}X"`;
    const nested = d.shape === 'array' ? '['.repeat(d.depth) + 'null' + ']'.repeat(d.depth) : '{"w":'.repeat(d.depth) + 'null' + '}'.repeat(d.depth);
    text = text.replace(ph, nested);
  });
  return text;
}

// ---------------------------------------------------------------- the property

export interface Case {
  seed: number;
  muts: Mutation[];
  text: TextMutation[];
  format: string;
}

export function caseArb(seeds: Seed[], maxString: number): fc.Arbitrary<Case> {
  return fc.record({
    seed: fc.integer({ min: 0, max: seeds.length - 1 }),
    muts: fc.array(mutationArb(maxString), { minLength: 1, maxLength: 5 }),
    text: fc.oneof({ weight: 3, arbitrary: fc.constant([] as TextMutation[]) }, { weight: 1, arbitrary: fc.array(textMutationArb, { minLength: 1, maxLength: 3 }) }),
    format: fc.constantFrom(...FORMATS.map((f) => f.name)),
  });
}

/** The bytes of one case's input file, and its name. */
export function materialize(seeds: Seed[], c: Case): { name: string; bytes: Buffer } {
  const seed = seeds[c.seed]!;
  const deep: { depth: number; shape: 'array' | 'object' }[] = [];
  const docs = applyMutations(seed.docs, c.muts, deep);
  return { name: `input${seed.ext}`, bytes: applyTextMutations(splice(render(seed.format, docs), seed.format, deep), c.text) };
}

const STACK = /^\s+at .+[:(]\d+|\.js:\d+:\d+/m;

/** Runs one case; throws (with what went wrong) when the property does not hold. */
export async function check(runner: Runner, seeds: Seed[], c: Case, keepFailures?: string): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'am-fuzz-'));
  const { name, bytes } = materialize(seeds, c);
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  const outs = FORMATS.map((f) => path.join(dir, `report-${f.name}${f.extensions[0]}`));
  const argv = ['assess', file, '-f', c.format, ...outs.flatMap((o) => ['-o', o])];
  const r = await runner.run(argv);
  if (r.aborted) {
    rmSync(dir, { recursive: true, force: true });
    return;
  }
  try {
    const what = `${seeds[c.seed]!.id}: exit ${r.code}; stderr: ${r.stderr.slice(0, 500)}`;
    if (r.hang) throw new Error(`hang: no result within the time limit (${seeds[c.seed]!.id})`);
    if (r.crash) throw new Error(`crash: ${r.crash} (${seeds[c.seed]!.id})`);
    if (r.thrown) throw new Error(`main() threw: ${r.thrown}`);
    if (r.code !== 0 && r.code !== 1 && r.code !== 2) throw new Error(`exit code ${r.code}: ${what}`);
    if (STACK.test(r.stderr)) throw new Error(`stack trace: ${what}`);
    if (/internal error/.test(r.stderr)) throw new Error(`internal error: ${what}`);
    if (r.code === 2) {
      const lines = r.stderr.replace(/\n$/, '').split('\n');
      if (lines.length !== 1 || !lines[0]!.startsWith('api-maturity: ')) throw new Error(`exit 2 needs exactly one line on stderr: ${what}`);
    } else {
      if (r.stderr !== '') throw new Error(`stderr not empty: ${what}`);
      for (const o of outs) if (!existsSync(o)) throw new Error(`${path.basename(o)} not written: ${what}`);
      const json = JSON.parse(readFileSync(outs[FORMATS.findIndex((f) => f.name === 'json')]!, 'utf8')) as unknown;
      assertValidReport(json);
    }
  } catch (e) {
    if (keepFailures) {
      const keep = mkdtempSync(path.join(keepFailures, 'case-'));
      writeFileSync(path.join(keep, name), bytes);
      writeFileSync(path.join(keep, 'case.json'), JSON.stringify({ error: (e as Error).message, seed: seeds[c.seed]!.id, argv: argv.slice(0, 4), case: c }, null, 2));
      (e as Error).message += `\n(input kept in ${keep})`;
    }
    throw e;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export { loadSeeds };
