// Large HAR captures read with a worker thread (src/parallel/har.ts): the worker scans the file for its entries and
// this thread parses them. The report, and any error, must be what a run in one thread gives, byte for byte.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { assess, toReport, type AssessOptions } from '../src/assess.js';
import { trafficWorkerRuns } from '../src/parallel/stream-worker.js';
import { CORPUS, FIXTURES, rng } from './helpers.js';

const dir = mkdtempSync(path.join(tmpdir(), 'am-har-worker-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The JSON report of a run, or its error, as text; checks that the run did (or did not) use the worker. */
async function outcome(file: string, opts: AssessOptions): Promise<string> {
  const before = trafficWorkerRuns.count;
  let text: string;
  try {
    text = JSON.stringify(toReport(await assess([file], { cwd: dir, ...opts }), { toolVersion: 'test' }));
  } catch (e) {
    text = `${(e as Error).name}: ${(e as Error).message}`;
  }
  assert.equal(trafficWorkerRuns.count - before, opts.trafficWorker ? 1 : 0, `${file}: the run took the path asked for`);
  return text;
}

const WORKER: AssessOptions = { trafficWorker: true, parallelTrafficBytes: 0 };

/** A pretty-printed HAR of `n` entries: JSON, text and base64 bodies (long ones left out of the parse), cards in some. */
function har(n: number, seed: number): string {
  const r = rng(seed);
  const entries = Array.from({ length: n }, (_, i) => {
    const id = Math.floor(r() * 300);
    const text = r() < 0.1 ? `{"card":"4111 1111 1111 1111","n":${i}}` : JSON.stringify({ items: Array.from({ length: Math.floor(r() * 40) }, (_, k) => ({ id: k, name: `item ${k} ü` })) });
    const base64 = r() < 0.1;
    return {
      startedDateTime: new Date(Date.UTC(2025, 2, 1) + i * 250).toISOString(),
      time: 12,
      request: { method: r() < 0.8 ? 'GET' : 'POST', url: `https://api${i % 3}.example/v1/orders/${id}?page=${i % 4}`, httpVersion: 'h2', headers: [{ name: 'authorization', value: `Bearer tok-${i % 7}` }, { name: 'accept', value: 'application/json' }], queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
      response: { status: r() < 0.9 ? 200 : 401, statusText: '', httpVersion: 'h2', headers: [{ name: 'content-type', value: 'application/json' }], cookies: [], content: { size: text.length, mimeType: 'application/json', text: base64 ? Buffer.from(text).toString('base64') : text, ...(base64 ? { encoding: 'base64' } : {}) }, redirectURL: '', headersSize: -1, bodySize: text.length },
      cache: {},
      timings: { send: 0, wait: 10, receive: 2 },
    };
  });
  return JSON.stringify({ log: { version: '1.2', creator: { name: 'test', version: '1' }, entries } }, null, 2);
}

describe('HAR captures read with a worker thread', () => {
  it('gives the report of a run in one thread on every shipped and corpus HAR (the corrupt one: the same error)', async () => {
    const files = readdirSync(path.join(FIXTURES, 'traffic')).filter((f) => f.endsWith('.har')).map((f) => path.join(FIXTURES, 'traffic', f));
    const corpus = path.join(CORPUS, 'traffic');
    if (existsSync(corpus)) files.push(...readdirSync(corpus).filter((f) => f.endsWith('.har')).map((f) => path.join(corpus, f)));
    assert.ok(files.length >= 14);
    let errors = 0;
    for (const f of files) {
      const one = await outcome(f, {});
      // A HAR that does not start with `{"log":` is read whole, never streamed.
      const streamed = !f.endsWith('read-whole.har');
      const two = await outcome(f, streamed ? WORKER : {});
      assert.equal(two, one, f);
      if (one.startsWith('InputError')) errors++;
    }
    if (existsSync(corpus)) assert.equal(errors, 1, 'the corrupt capture fails, in both');
  });

  it('gives the report of a run in one thread on a large capture (several chunks, BOM, lazy and base64 bodies, entries over the limit)', async () => {
    const f = path.join(dir, 'large.har');
    writeFileSync(f, '\ufeff' + har(2500, 3));
    const opts: AssessOptions = { maxEntryBytes: 1800 };
    const one = await outcome(f, opts);
    assert.equal(await outcome(f, { ...WORKER, ...opts }), one);
    assert.match(one, /larger than the per-entry limit/);
    assert.match(one, /api3-observed-sensitive-data|card/);
    const r = JSON.parse(one) as { inputs: { bytes: number }[] };
    assert.ok(r.inputs[0]!.bytes > 3 * 1024 * 1024, 'the capture spans several chunks');
  });

  it('gives the error of a run in one thread on invalid JSON in an entry, in the structure, and at a cut end', async () => {
    const good = har(400, 5);
    const cases: Record<string, string> = {
      'bad-entry.har': good.replace('"status": 401', '"status": 40 1'),
      'bad-structure.har': good.replace('"entries": [', '"entries": [,'),
      'cut.har': good.slice(0, Math.floor(good.length * 0.7)),
      'entries-not-array.har': JSON.stringify({ log: { version: '1.2', entries: { a: 1 } } }),
      'no-entries.har': JSON.stringify({ log: { version: '1.2', pages: [] } }),
    };
    // Over several chunks: an invalid entry in the middle, then a structural error further on, which the worker reaches
    // first (it scans ahead); the entry's error is the one reported, as in one thread.
    const big = har(2500, 7);
    const bad = big.indexOf('"status": 401', Math.floor(big.length / 2));
    const late = big.indexOf('"startedDateTime"', Math.floor(big.length * 0.8));
    cases['two-errors.har'] = `${big.slice(0, bad)}"status": 40 1${big.slice(bad + '"status": 401'.length, late)}, ,${big.slice(late)}`;
    // Many large members before the entries, and a repeated mismatching key: kept within bounds, the same outcome.
    cases['many-members.har'] = `{"log":{${Array.from({ length: 200 }, (_, i) => `"m${i}":"${'x'.repeat(5000)}"`).join(',')},"entries":1,"entries":2}}`;
    for (const [name, text] of Object.entries(cases)) {
      const f = path.join(dir, name);
      writeFileSync(f, text);
      const one = await outcome(f, {});
      assert.match(one, /^InputError: /, name);
      if (name === 'two-errors.har') assert.match(one, /malformed value/, 'the entry error, not the later structural one');
      assert.equal(await outcome(f, WORKER), one, name);
    }
  });
});
