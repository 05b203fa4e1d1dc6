// Large access logs parsed in a worker thread (src/parallel/lines.ts): the calls cross between threads as batches
// (src/kinds/access-log/wire.ts), and the report must be the one a run in one thread gives, byte for byte.

import assert from 'node:assert/strict';
import { isAscii } from 'node:buffer';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { assess, toReport, type AssessOptions } from '../src/assess.js';
import { lineOutcome } from '../src/kinds/access-log/records.js';
import { CallDecoder, CallEncoder, type CallSink } from '../src/kinds/access-log/wire.js';
import type { Call } from '../src/kinds/traffic/call.js';
import { forEachLine, LineCutter, readHead } from '../src/load/stream.js';
import { readLinesInWorker } from '../src/parallel/lines.js';
import { trafficWorkerRuns } from '../src/parallel/stream-worker.js';
import { FIXTURES, rng } from './helpers.js';

const dir = mkdtempSync(path.join(tmpdir(), 'am-log-worker-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const b64u = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (claims: Record<string, unknown>, alg = 'ES256') => `${b64u({ alg, typ: 'at+jwt' })}.${b64u(claims)}.${'c2ln'.repeat(16)}`;

/**
 * A log with what real logs mix: Envoy lines of several shapes (ports, absolute URLs, query strings with keys, client
 * certificates with and without fingerprints, rate-limit flags, logged response headers, header maps, `-` values),
 * Kong lines, non-ASCII text, CRLF endings, blank lines, invalid JSON, other JSON, and lines over the size limit.
 */
function mixedLog(lines: number, seed: number, ascii = false): string {
  const r = rng(seed);
  const pick = <T>(a: T[]): T => a[Math.floor(r() * a.length)]!;
  const tokens = Array.from({ length: 12 }, (_, i) => jwt({ iss: 'https://as.example', sub: `u${i}`, aud: 'https://api.example', iat: 1740823200, exp: 1740823200 + (i % 3 === 0 ? 86400 * 30 : 3600), ...(i % 4 === 1 ? { cnf: { 'x5t#S256': 'abc' } } : {}) }, i % 5 === 0 ? 'HS256' : 'ES256'));
  const hosts = ['api.shop.example', 'API.Pay.example:8443', 'accounts.bank.example:443', 'search.example'];
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const t = new Date(Date.UTC(2025, 2, 1) + i * 37 + Math.floor(r() * 5) * 86400_000).toISOString();
    const kind = r();
    const id = Math.floor(r() * 50);
    const path = pick([`/v1/orders/${id}`, '/v1/orders', `/v2/accounts/${id}/transactions`, `/api/v3/items/${id}?api_key=k${id % 3}&page=2`, ascii ? `/cafe/${id}` : `/café/${id}`, '/search?q=a+b%20c']);
    let line: string;
    if (kind < 0.03) line = '';
    else if (kind < 0.05) line = pick(['not json', '{"method":"GET",', '[1,2,3]', '{"a":1}', 'null', '{"method":"GET","path":"/x","response_code":200,"bad":"tab\tinside"}']);
    else if (kind < 0.08) line = JSON.stringify({ method: 'GET', path: '/big', response_code: 200, pad: 'x'.repeat(3000) });
    else if (kind < 0.2) {
      line = JSON.stringify({
        started_at: Date.parse(t),
        request: { method: pick(['GET', 'POST']), uri: path, url: r() < 0.5 ? `https://kong.example${path}` : undefined, headers: { host: 'kong.example', authorization: r() < 0.7 ? `Bearer ${pick(tokens)}` : undefined, 'x-api-key': r() < 0.2 ? 'k-123' : undefined }, querystring: r() < 0.3 ? { a: '1', flag: true, list: ['x', 'y'] } : undefined, tls: r() < 0.2 ? { client_verify: 'SUCCESS' } : undefined },
        response: { status: pick([200, 201, 401, 403, 429, '503']), headers: { 'www-authenticate': 'Bearer realm="x"', 'x-ratelimit-remaining': '3' } },
        consumer: r() < 0.3 ? { id: `c-${id % 4}` } : undefined,
        service: { host: 'svc', protocol: pick(['http', 'https']) },
      });
    } else {
      const o: Record<string, unknown> = {
        start_time: r() < 0.95 ? t : '-',
        method: pick(['GET', 'get', 'POST', 'DELETE', 'PATCH']),
        path: r() < 0.05 ? `https://${pick(hosts)}${path}` : path,
        protocol: 'HTTP/2',
        response_code: pick([200, 200, 200, 201, 204, 401, 403, 404, 429, 500, 0]),
        response_flags: pick(['-', '-', 'RL', 'UH,RL', 'UF']),
        bytes_sent: Math.floor(r() * 5000),
        authority: pick(hosts),
        x_forwarded_proto: pick(['https', 'https', 'http']),
        request_id: `${Math.floor(r() * 1e9)}`,
        authorization: r() < 0.8 ? `${pick(['Bearer', 'Bearer', 'bearer', 'Basic', 'DPoP'])} ${pick(tokens)}` : '-',
        user_agent: pick(['curl/8', ascii ? 'agent/1.0' : 'agent ünïcødé/1.0', '-']),
      };
      if (r() < 0.2) o.downstream_peer_fingerprint_256 = r() < 0.5 ? 'AB'.repeat(32) : '-';
      if (r() < 0.1) o.downstream_peer_subject = 'CN=client';
      if (r() < 0.2) o.response_headers = { 'www-authenticate': 'DPoP algs="ES256"', 'strict-transport-security': 'max-age=1', 'access-control-allow-origin': '*', 'access-control-allow-credentials': 'true' };
      if (r() < 0.1) o.request_headers = { cookie: 'session=abc', origin: 'https://app.example' };
      if (r() < 0.1) o['x-api-key'] = `key-${id % 5}`;
      if (r() < 0.05) o.retry_after = '30';
      line = JSON.stringify(o);
    }
    out.push(r() < 0.1 ? `${line}\r` : line);
  }
  return out.join('\n');
}

/** The JSON report of a run, as text; checks that the run did (or did not) use the worker. */
async function reportText(file: string, opts: AssessOptions): Promise<string> {
  const before = trafficWorkerRuns.count;
  const text = JSON.stringify(toReport(await assess([file], { cwd: dir, ...opts }), { toolVersion: 'test' }));
  assert.equal(trafficWorkerRuns.count - before, opts.trafficWorker ? 1 : 0, 'the run took the path asked for');
  return text;
}

const ONE_THREAD: AssessOptions = {};
const WORKER: AssessOptions = { trafficWorker: true, parallelTrafficBytes: 0 };

describe('access logs parsed in a worker thread', () => {
  it('hands over every call unchanged (wire format round trip over varied lines)', () => {
    const text = mixedLog(3000, 7) + '\n' + readFileSync(path.join(FIXTURES, 'traffic/kong-file-log.jsonl'), 'utf8') + readFileSync(path.join(FIXTURES, 'traffic/mtls-bound-envoy.jsonl'), 'utf8');
    const direct: (Call | 'not-record' | 'too-long')[] = [];
    const enc = new CallEncoder();
    const lines = forEachLine(Buffer.from(text), 2000, (line, i) => {
      const r = lineOutcome(line, { file: 'x.jsonl', pointer: `/${i - 1}` });
      if (r === undefined) return;
      direct.push(r);
      if (r === 'too-long') enc.tooLong(i);
      else if (r === 'not-record') enc.notRecord(i);
      else enc.call(i, r);
    });
    const batch = enc.take(lines);
    const replayed: (Call | 'not-record' | 'too-long')[] = [];
    const sink: CallSink = { call: (c) => replayed.push(c), notRecord: () => replayed.push('not-record'), tooLong: () => replayed.push('too-long') };
    new CallDecoder('x.jsonl').decode(batch, 0, sink);
    assert.equal(replayed.length, direct.length);
    assert.ok(direct.filter((d) => typeof d === 'object').length > 2000, 'most lines are calls');
    assert.ok(direct.includes('too-long') && direct.includes('not-record'));
    assert.deepEqual(replayed, direct);
    // Some calls of each shape, so that the round trip above covered them.
    const calls = direct.filter((d): d is Call => typeof d === 'object');
    for (const has of [(c: Call) => c.port !== undefined, (c: Call) => c.clientCertificate?.fingerprint !== undefined, (c: Call) => c.clientCertificate !== undefined && c.clientCertificate.fingerprint === undefined, (c: Call) => c.principal !== undefined, (c: Call) => c.rateLimited === true, (c: Call) => c.time === undefined, (c: Call) => c.query.length > 0, (c: Call) => c.responseHeaders.length > 0, (c: Call) => c.scheme === 'http']) {
      assert.ok(calls.some(has), String(has));
    }
  });

  it('numbers repeated strings once across batches, and clears its table without losing a string', () => {
    const enc = new CallEncoder();
    const dec = new CallDecoder('x.jsonl');
    const got: Call[] = [];
    const sink: CallSink = { call: (c) => got.push(c), notRecord: () => assert.fail(), tooLong: () => assert.fail() };
    let base = 0;
    const want: string[] = [];
    // 75,000 distinct long header values, each twice: past the table's bound, so it is cleared between two batches.
    let resets = 0;
    for (let b = 0; b < 15; b++) {
      for (let i = 0; i < 10_000; i++) {
        const v = `Bearer ${'t'.repeat(70)}-${b}-${i % 5_000}`;
        want.push(v);
        enc.call(i + 1, { loc: { file: '', pointer: '' }, method: 'get', scheme: 'https', host: 'h', path: '/p', query: [], headers: [{ name: 'authorization', value: v }], cookies: [], status: 200, responseHeaders: [], credentialsVisible: true });
      }
      const batch = enc.take(10_000);
      // The method, host and header name, then each value once.
      if (b === 0) assert.equal(batch.fresh.length, 3 + 5_000);
      if (batch.reset) resets++;
      dec.decode(batch, base, sink);
      base += 10_000;
    }
    assert.deepEqual(
      got.map((c) => c.headers[0]!.value),
      want,
    );
    assert.equal(resets, 1);
    assert.equal(got[10_001]!.loc.pointer, '/10001');
  });

  it('cuts any chunking of a stream into the same lines, over-long ones reported by length', () => {
    const text = mixedLog(2500, 11);
    const want: (string | number)[] = [];
    const max = 2000;
    for (const raw of text.split('\n')) {
      const bytes = Buffer.byteLength(raw);
      want.push(bytes > max ? bytes : raw.endsWith('\r') ? raw.slice(0, -1) : raw);
    }
    const buf = Buffer.from(text);
    const r = rng(3);
    for (const chunkSize of [1, 7, 100, 4096, 65536, 'random'] as const) {
      const got: (string | number)[] = [];
      const cutter = new LineCutter(max, {
        run: (run) => void forEachLine(run, max, (line, _i, bytes) => got.push(line ?? bytes)),
        tooLong: (bytes) => void got.push(bytes),
      });
      for (let at = 0; at < buf.length; ) {
        const n = chunkSize === 'random' ? 1 + Math.floor(r() * 5000) : chunkSize;
        cutter.push(buf.subarray(at, at + n));
        at += n;
      }
      cutter.end();
      assert.deepEqual(got, want, `chunks of ${chunkSize}`);
    }
  });

  it('cuts bytes the same way whatever the chunking: invalid UTF-8, CR at a chunk end, lines of exactly the limit, final newline', () => {
    const max = 64;
    const parts: Buffer[] = [];
    const r = rng(17);
    const pieces = [Buffer.from('{"a":1}'), Buffer.from([0xff, 0xfe]), Buffer.from('caf\u00e9'), Buffer.from('\u00e9').subarray(0, 1), Buffer.from('\r'), Buffer.from('x'.repeat(max)), Buffer.from('y'.repeat(max - 1)), Buffer.from('\ud83d\ude00')];
    for (let i = 0; i < 3000; i++) {
      parts.push(pieces[Math.floor(r() * pieces.length)]!);
      if (r() < 0.4) parts.push(Buffer.from(r() < 0.2 ? '\r\n' : '\n'));
    }
    parts.push(Buffer.from('\n'));
    const buf = Buffer.concat(parts);
    // The lines as the bytes between newlines: a trailing CR dropped, over `max` bytes (CR counted) reported by length.
    const want: (string | number)[] = [];
    for (let at = 0; at < buf.length; ) {
      let nl = buf.indexOf(0x0a, at);
      if (nl < 0) nl = buf.length;
      const line = buf.subarray(at, nl);
      want.push(line.length > max ? line.length : line.subarray(0, line.at(-1) === 0x0d ? -1 : undefined).toString('utf8'));
      at = nl + 1;
    }
    const cut = (sizes: () => number) => {
      const got: (string | number)[] = [];
      const cutter = new LineCutter(max, {
        run: (run) => void forEachLine(run, max, (line, _i, bytes) => got.push(line ?? bytes)),
        tooLong: (bytes) => void got.push(bytes),
      });
      for (let at = 0; at < buf.length; ) {
        const n = sizes();
        cutter.push(buf.subarray(at, at + n));
        at += n;
      }
      cutter.end();
      return got;
    };
    assert.ok(want.some((w) => typeof w === 'number') && want.some((w) => typeof w === 'string' && w.length === max));
    for (let size = 1; size <= 13; size++) assert.deepEqual(cut(() => size), want, `chunks of ${size}`);
    assert.deepEqual(cut(() => 1 + Math.floor(r() * 300)), want, 'random chunks');
    // Chunks that end exactly at a line's end, or just after the byte before its newline (a CR, often).
    const cuts = [...new Set([...buf.entries()].filter(([, b]) => b === 0x0a).flatMap(([i]) => [i, i + 1]))].filter((e) => e > 0).sort((a, b) => a - b);
    let k = 0;
    let prev = 0;
    const atEnds = () => {
      const next = k < cuts.length ? cuts[k++]! : buf.length;
      const n = Math.max(1, next - prev);
      prev += n;
      return n;
    };
    assert.deepEqual(cut(atEnds), want, 'chunks at line ends');
  });

  for (const ascii of [false, true]) {
    it(`gives the report of a run in one thread, byte for byte (generated ${ascii ? 'ASCII' : 'UTF-8'} log over several chunks, BOM, no final newline)`, async () => {
      const f = path.join(dir, `mixed-${ascii}.jsonl`);
      writeFileSync(f, '\ufeff' + mixedLog(12_000, 5, ascii));
      // The ASCII log takes the reader's ASCII path (whole runs decoded at once), the other the line-by-line one.
      assert.equal(isAscii(readFileSync(f).subarray(3)), ascii);
      const opts: AssessOptions = { maxEntryBytes: 2500 };
      const one = await reportText(f, { ...ONE_THREAD, ...opts });
      const two = await reportText(f, { ...WORKER, ...opts });
      assert.equal(two, one);
      const r = JSON.parse(one) as { inputs: { bytes: number }[]; apis: { operations: { observed?: { calls: number } }[] }[]; skipped: unknown[] };
      assert.ok(r.inputs[0]!.bytes > 3 * 1024 * 1024, 'the log spans several chunks');
      const calls = r.apis.reduce((n, a) => n + a.operations.reduce((m, o) => m + (o.observed?.calls ?? 0), 0), 0);
      assert.ok(calls > 9_000, `calls: ${calls}`);
      assert.match(one, /not access-log records/);
    });
  }

  it('gives the report of a run in one thread when the table of numbered strings is cleared during the run', async () => {
    // 70,000 distinct API keys (the table is cleared past 65,536 strings), each call's key shown in the report only as
    // a redacted sample: the samples and counts must come out the same.
    const f = path.join(dir, 'many-keys.jsonl');
    const lines: string[] = [];
    for (let i = 0; i < 70_000; i++) lines.push(JSON.stringify({ method: 'GET', path: `/v1/items/${i % 40}`, response_code: i % 7 === 0 ? 401 : 200, authority: 'api.example', 'x-api-key': `key-${i}-${'k'.repeat(i % 50)}` }));
    writeFileSync(f, lines.join('\n') + '\n');
    const one = await reportText(f, ONE_THREAD);
    assert.equal(await reportText(f, WORKER), one);
    assert.match(one, /"calls": ?70000|"calls":70000/);
  });

  it('gives the same report as one thread on the shipped logs', async () => {
    for (const name of ['kong-file-log.jsonl', 'mtls-bound-envoy.jsonl']) {
      const f = path.join(FIXTURES, 'traffic', name);
      assert.equal(await reportText(f, WORKER), await reportText(f, ONE_THREAD), name);
    }
  });

  it('stops with a clear error when the worker fails to start, dies, or stops early, and does not hang', { timeout: 30_000 }, async () => {
    const f = path.join(dir, 'short.jsonl');
    writeFileSync(f, mixedLog(5000, 13));
    const sink: CallSink = { call: () => {}, notRecord: () => {}, tooLong: () => {} };
    const worker = (name: string, code: string) => {
      const file = path.join(dir, name);
      writeFileSync(file, code);
      return pathToFileURL(file);
    };
    const head = readHead(f, 'short.jsonl');
    await assert.rejects(readLinesInWorker(head, 1 << 20, sink, worker('throws.mjs', "throw new Error('broken worker');")), /broken worker/);
    await assert.rejects(readLinesInWorker(head, 1 << 20, sink, worker('exits.mjs', "import { parentPort } from 'node:worker_threads';\nparentPort.once('message', () => process.exit(3));")), /worker stopped \(exit code 3\)/);
    await assert.rejects(readLinesInWorker(head, 1 << 20, sink, worker('quits.mjs', 'process.exit(0);')), /worker stopped \(exit code 0\)/);
  });

  it('stops with the error when aggregation fails, and leaves no worker behind', async () => {
    const f = path.join(dir, 'fail.jsonl');
    writeFileSync(f, mixedLog(2000, 9));
    let calls = 0;
    const sink: CallSink = {
      call: () => {
        if (++calls === 100) throw new Error('aggregation failed');
      },
      notRecord: () => {},
      tooLong: () => {},
    };
    await assert.rejects(readLinesInWorker(readHead(f, 'fail.jsonl'), 1 << 20, sink), /aggregation failed/);
  });
});
