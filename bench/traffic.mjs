#!/usr/bin/env node
// Traffic at scale: generates a HAR and a JSON-lines access log of the given sizes in a temp dir, assesses each in a
// fresh process, and reports throughput and peak RSS. Goal: >= 100 MB/s and peak RSS < 300 MB whatever the size.
//
//   node bench/traffic.mjs                          # 500 MB HAR, 1 GB access log
//   node bench/traffic.mjs --har 100,500 --log 200,1024 [--keep]
//   npm run bench -- --only traffic                  # the same, as a part of `npm run bench` (writes bench/results/traffic.md)
//
// Throughput is reported against wall time and against the process's CPU time (user + system): on a shared or busy
// machine the second is the one that says what the code costs. The generated traffic is realistic API traffic:
// pretty-printed HAR entries (2-space indent, as browsers export) with 10-16 headers, bearer JWTs, JSON bodies of
// 0.3-6 KB, ~60 operation templates over 4 hosts; Envoy JSON access-log lines with the Authorization header logged.

import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MB = 1024 * 1024;

// ---------------------------------------------------------------- child: assess one file, print measurements

if (process.argv[2] === '--assess') {
  const { assess } = await import(pathToFileURL(path.join(ROOT, 'dist/src/assess.js')).href);
  const file = process.argv[3];
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  // As the command line runs it: a large log is parsed in a worker thread when there is more than one core.
  const r = await assess([file], { cwd: path.dirname(file), trafficWorker: os.availableParallelism() > 1 });
  const wall = (performance.now() - t0) / 1000;
  const cu = process.cpuUsage(c0);
  const ops = r.model.apis.reduce((n, a) => n + a.operations.length, 0);
  const calls = r.model.apis.reduce((n, a) => n + a.operations.reduce((m, o) => m + (o.traffic?.calls ?? 0), 0), 0);
  process.stdout.write(JSON.stringify({ wall, cpu: (cu.user + cu.system) / 1e6, rssMB: process.resourceUsage().maxRSS / 1024, apis: r.model.apis.length, ops, calls, findings: r.findings.length }) + '\n');
  process.exit(0);
}

// ---------------------------------------------------------------- generators

// mulberry32: a small deterministic generator (the same traffic every run).
let seed = 42;
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (a) => a[Math.floor(rand() * a.length)];
const b64u = (s) => Buffer.from(s).toString('base64url');
const HOSTS = ['api.shop.example', 'api.pay.example', 'accounts.bank.example', 'search.example'];
const ROUTES = [
  ['GET', '/v1/orders/{n}'], ['GET', '/v1/orders'], ['POST', '/v1/orders'], ['GET', '/v1/customers/{n}'], ['PATCH', '/v1/customers/{n}'],
  ['GET', '/v1/products/{n}'], ['GET', '/v1/products'], ['GET', '/v1/carts/{u}'], ['PUT', '/v1/carts/{u}/items/{n}'], ['DELETE', '/v1/carts/{u}/items/{n}'],
  ['GET', '/v2/accounts/{n}/transactions'], ['GET', '/v2/accounts/{n}'], ['POST', '/v2/payments'], ['GET', '/v2/payments/{u}'], ['GET', '/search'],
];
const TOKENS = Array.from({ length: 8 }, (_, i) => `${b64u(JSON.stringify({ alg: 'ES256', typ: 'at+jwt', kid: 'k1' }))}.${b64u(JSON.stringify({ iss: 'https://as.example', sub: `user-${i}`, aud: 'https://api.example', iat: 1740823200, exp: 1740826800, scope: 'orders payments' }))}.${b64u('s'.repeat(64))}`);
const uuid = () => 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, () => Math.floor(rand() * 16).toString(16));

function bodyText() {
  const n = 2 + Math.floor(rand() * 30);
  const items = Array.from({ length: n }, (_, i) => ({ id: Math.floor(rand() * 1e6), sku: `SKU-${i}-${Math.floor(rand() * 9999)}`, name: `Item number ${i}`, price: { amount: (rand() * 100).toFixed(2), currency: 'EUR' }, tags: ['a', 'b'] }));
  return JSON.stringify({ data: items, page: { next: null, size: n } });
}

function harEntry(i, t) {
  const [method, tpl] = pick(ROUTES);
  const host = pick(HOSTS);
  const p = tpl.replace(/\{n\}/g, () => String(Math.floor(rand() * 5000))).replace(/\{u\}/g, uuid);
  const status = rand() < 0.95 ? (method === 'POST' ? 201 : 200) : pick([400, 401, 404, 429, 500]);
  const body = bodyText();
  const reqHeaders = [
    [':authority', host], [':method', method], [':path', p], [':scheme', 'https'], ['accept', 'application/json'], ['accept-encoding', 'gzip, deflate, br'],
    ['authorization', `Bearer ${pick(TOKENS)}`], ['user-agent', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36'], ['x-request-id', uuid()], ['origin', 'https://app.example'],
  ];
  const resHeaders = [['content-type', 'application/json'], ['content-length', String(body.length)], ['date', new Date(t).toUTCString()], ['strict-transport-security', 'max-age=63072000'], ['x-ratelimit-remaining', String(Math.floor(rand() * 100))], ['vary', 'Origin'], ['cache-control', 'no-store']];
  const e = {
    startedDateTime: new Date(t).toISOString(),
    time: 20 + rand() * 100,
    request: { method, url: `https://${host}${p}`, httpVersion: 'h2', headers: reqHeaders.map(([name, value]) => ({ name, value })), queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
    response: { status, statusText: '', httpVersion: 'h2', headers: resHeaders.map(([name, value]) => ({ name, value })), cookies: [], content: { size: body.length, mimeType: 'application/json', text: body }, redirectURL: '', headersSize: -1, bodySize: body.length, _transferSize: body.length },
    cache: {},
    timings: { blocked: 1, dns: -1, ssl: -1, connect: -1, send: 0.2, wait: 20, receive: 1 },
    serverIPAddress: '203.0.113.10',
    _priority: 'High',
    _resourceType: 'fetch',
  };
  return JSON.stringify(e, null, 2).replace(/\n/g, '\n    ');
}

function logLine(t) {
  const [method, tpl] = pick(ROUTES);
  const p = tpl.replace(/\{n\}/g, () => String(Math.floor(rand() * 5000))).replace(/\{u\}/g, uuid);
  const status = rand() < 0.95 ? 200 : pick([401, 403, 404, 429, 503]);
  return JSON.stringify({
    start_time: new Date(t).toISOString(), method, path: p, protocol: 'HTTP/2', response_code: status, response_flags: status === 429 ? 'RL' : '-',
    bytes_received: 0, bytes_sent: Math.floor(rand() * 5000), duration: Math.floor(rand() * 80), upstream_service_time: '12', x_forwarded_for: '198.51.100.7',
    user_agent: 'partner-client/2.3', request_id: uuid(), authority: pick(HOSTS), upstream_host: '10.0.3.7:8080', upstream_cluster: 'outbound|8080||shop.svc',
    downstream_tls_version: 'TLSv1.3', authorization: rand() < 0.9 ? `Bearer ${pick(TOKENS)}` : '-', route_name: 'default',
  });
}

async function write(file, targetBytes, head, next, sep, tail) {
  const ws = createWriteStream(file, { highWaterMark: 4 * MB });
  let written = 0;
  let i = 0;
  const put = (s) => {
    written += Buffer.byteLength(s);
    return ws.write(s);
  };
  put(head);
  const t0 = Date.parse('2025-03-01T00:00:00Z');
  while (written < targetBytes) {
    if (!put((i ? sep : '') + next(i, t0 + i * 37))) await new Promise((r) => ws.once('drain', r));
    i++;
  }
  put(tail);
  await new Promise((r) => ws.end(r));
  return i;
}

const genHar = (file, mb) => write(file, mb * MB, '{\n  "log": {\n    "version": "1.2",\n    "creator": {"name": "api-maturity bench", "version": "1"},\n    "entries": [\n    ', harEntry, ',\n    ', '\n    ]\n  }\n}\n');
const genLog = (file, mb) => write(file, mb * MB, '', (i, t) => logLine(t), '\n', '\n');

// ---------------------------------------------------------------- driver

/** Generates and assesses each size; returns one row per file. */
export async function runTraffic({ har = [500], log = [1024], keep = false } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'am-bench-'));
  const rows = [];
  try {
    for (const [kind, sizes, gen, ext] of [['har', har, genHar, 'har'], ['access-log', log, genLog, 'jsonl']]) {
      for (const mb of sizes) {
        if (!mb) continue;
        const file = path.join(dir, `traffic-${mb}.${ext}`);
        process.stderr.write(`generating ${kind} ${mb} MB… `);
        const n = await gen(file, mb);
        const bytes = statSync(file).size;
        process.stderr.write(`${n} ${kind === 'har' ? 'entries' : 'lines'}; assessing… `);
        const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--assess', file], { encoding: 'utf8', maxBuffer: 64 * MB });
        if (r.status !== 0) throw new Error(`assess failed: ${r.stderr}`);
        const m = JSON.parse(r.stdout.trim().split('\n').pop());
        process.stderr.write('done\n');
        rows.push({ kind, MB: +(bytes / MB).toFixed(0), records: n, wallS: +m.wall.toFixed(1), 'MB/s wall': +(bytes / MB / m.wall).toFixed(0), cpuS: +m.cpu.toFixed(1), 'MB/s per CPU-s': +(bytes / MB / m.cpu).toFixed(0), 'peak RSS MB': +m.rssMB.toFixed(0), ops: m.ops, calls: m.calls });
        if (!keep) rmSync(file);
      }
    }
  } finally {
    if (keep) process.stderr.write(`kept ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

export function trafficTables(rows) {
  const cols = Object.keys(rows[0] ?? {});
  const markdown = [`| ${cols.join(' | ')} |`, `| ${cols.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${cols.map((c) => r[c]).join(' | ')} |`)].join('\n');
  const text = [cols.join('\t'), ...rows.map((r) => cols.map((c) => r[c]).join('\t'))].join('\n');
  return { text, markdown };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name, def) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : def;
  };
  const rows = await runTraffic({ har: arg('--har', '500').split(',').map(Number), log: arg('--log', '1024').split(',').map(Number), keep: process.argv.includes('--keep') });
  console.table(rows);
  console.log(`node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(1)} at the end`);
}
