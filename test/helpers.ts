import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { assess, toReport, type AssessOptions } from '../src/assess.js';
import { REPORT_SCHEMA } from '../src/report/schema.js';
import type { Report, ReportApi } from '../src/report/types.js';

/** The repository root (tests run from `dist/test/`). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = path.join(ROOT, 'fixtures');
export const CORPUS = path.resolve(ROOT, '../shared/corpus');
export const BIN = path.join(ROOT, 'bin/api-maturity');

const ajv = new Ajv({ allErrors: true, strict: false });
(addFormats as unknown as (a: Ajv) => void)(ajv);
const validateReport = ajv.compile(REPORT_SCHEMA);

/** Fails when a report does not match the shipped JSON Schema. */
export function assertValidReport(r: unknown): asserts r is Report {
  if (!validateReport(r)) throw new Error(`report does not match its schema: ${ajv.errorsText(validateReport.errors)}`);
}

/** Runs the pipeline in-process and returns the schema-validated JSON report. */
export async function report(paths: string[], opts: AssessOptions = {}): Promise<Report> {
  const res = await assess(paths, { cwd: ROOT, ...opts });
  const r = toReport(res, { toolVersion: 'test' });
  assertValidReport(r);
  return r;
}

export async function onlyApi(file: string, opts: AssessOptions = {}): Promise<ReportApi> {
  const r = await report([file], opts);
  if (r.apis.length !== 1) throw new Error(`${file}: expected one API, got ${r.apis.length}`);
  return r.apis[0]!;
}

/** Each operation's level, keyed `METHOD path`. */
export function opLevels(a: ReportApi): Record<string, number> {
  return Object.fromEntries(a.operations.map((o) => [`${o.method.toUpperCase()} ${o.path}`, o.level]));
}

/** The API whose name starts with `name`. */
export function apiNamed(r: Report, name: string): ReportApi {
  const a = r.apis.find((x) => x.name.startsWith(name));
  if (!a) throw new Error(`no API '${name}' in ${r.apis.map((x) => x.name).join(', ')}`);
  return a;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real command line. */
export function cli(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...opts.env },
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function fixture(...p: string[]): string {
  return path.join(FIXTURES, ...p);
}

/** A local HTTP listener that counts the requests it gets: to show that a run fetches nothing (or exactly what it may). */
export async function countingServer(body: string): Promise<{ base: string; requests: () => number; close: () => void }> {
  let n = 0;
  const server = createServer((_req, res) => {
    n++;
    res.end(body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests: () => n, close: () => server.close() };
}

/** mulberry32: a small deterministic generator (the same generated inputs on every run), from `seed`. */
export function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
