// Determinism: every output format is byte-identical across runs and whatever the order in which inputs are given
// (a directory, its files in order, reversed, shuffled, named twice). Runs over every seed of every kind together.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ADAPTERS } from '../src/kinds/registry.js';
import { FORMATS } from '../src/report/formats.js';
import { loadSeeds } from './hostile/lib.js';
import { cli, FIXTURES } from './helpers.js';

describe('determinism', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'am-determinism-'));
  const inputs = path.join(dir, 'inputs');
  mkdirSync(inputs);
  const files = loadSeeds().map((s) => {
    const f = path.join(inputs, `${s.kind}__${path.basename(s.file)}`);
    copyFileSync(s.file, f);
    return f;
  });
  // The demo's multi-file API too ($refs between files).
  mkdirSync(path.join(inputs, 'catalog'));
  for (const f of ['openapi.yaml', 'schemas.yaml', 'security.yaml']) copyFileSync(path.join(FIXTURES, 'demo', 'catalog', f), path.join(inputs, 'catalog', f));

  // A fixed permutation, different from both orders above.
  const shuffled = files.map((f, i) => [f, (i * 7 + 3) % files.length] as const).sort((a, b) => a[1] - b[1]).map(([f]) => f);
  const orders: Record<string, string[]> = {
    directory: [inputs],
    'files in order': [...files, path.join(inputs, 'catalog')],
    'files reversed': [path.join(inputs, 'catalog'), ...[...files].reverse()],
    'files shuffled, one named twice': [...shuffled, path.join(inputs, 'catalog'), files[0]!],
  };

  // Every format through -o; stdout (which the terminal renderer sizes to the terminal) in the first two runs.
  const run = (label: string, args: string[], stdout = false): Map<string, string> => {
    const out = path.join(dir, label.replace(/\W+/g, '-'));
    mkdirSync(out, { recursive: true });
    const reports = FORMATS.map((f) => path.join(out, `report-${f.name}${f.extensions[0]}`));
    const r = cli(['assess', ...args, '-q', ...reports.flatMap((o) => ['-o', o])], { cwd: dir });
    assert.ok(r.code === 0 || r.code === 1, `${label}: ${r.stderr}`);
    const got = new Map(FORMATS.map((f, i) => [f.name, readFileSync(reports[i]!, 'utf8')]));
    if (stdout) for (const f of FORMATS) got.set(`${f.name} (stdout)`, cli(['assess', ...args, '-f', f.name], { cwd: dir }).stdout);
    return got;
  };

  const first = run('first run', orders['directory']!, true);
  it('the seeds of every registered kind are in the reports', () => {
    const json = JSON.parse(first.get('json')!) as { inputs: { file: string; kind: string }[] };
    for (const kind of new Set(json.inputs.map((i) => i.kind))) assert.ok(ADAPTERS.some((a) => a.kind === kind));
    for (const a of ADAPTERS) assert.ok(json.inputs.some((i) => i.kind === a.kind && i.file.includes(`${a.kind}__`)), `a seed of ${a.kind} is assessed`);
  });

  it('a second run is byte-identical, in every format', () => {
    const again = run('second run', orders['directory']!, true);
    for (const [k, v] of first) assert.equal(again.get(k), v, `${k} differs between two runs`);
  });

  for (const [label, args] of Object.entries(orders).slice(1)) {
    it(`${label}: byte-identical to the directory, in every format`, () => {
      const got = run(label, args);
      for (const [k, v] of got) assert.equal(v, first.get(k), `${k} differs when inputs are given as ${label}`);
    });
  }
});
