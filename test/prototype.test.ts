// Prototype pollution: every seed with __proto__, constructor and prototype keys on every object, assessed in this
// process and rendered in every format. No built-in prototype may gain or change a property, and the keys are data.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { assess, toReport } from '../src/assess.js';
import { FORMATS } from '../src/report/formats.js';
import { assertValidReport } from './helpers.js';
import { loadSeeds, render } from './hostile/lib.js';

const POISON = { polluted: 'yes', toString: 'not a function', hasOwnProperty: 'nope', $ref: '#/' };

function poison(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(poison);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = poison(x);
    for (const k of ['__proto__', 'constructor', 'prototype']) Object.defineProperty(out, k, { value: { ...POISON, prototype: { ...POISON } }, enumerable: true, writable: true, configurable: true });
    return out;
  }
  return v;
}

const snapshot = () =>
  [Object.prototype, Array.prototype, Function.prototype, String.prototype, Map.prototype].map((p) =>
    Object.getOwnPropertyNames(p)
      .sort()
      .map((k) => `${k}:${typeof Object.getOwnPropertyDescriptor(p, k)?.value}`)
      .join(','),
  );

describe('prototype keys in inputs', () => {
  it('never reach a built-in prototype, in any kind or format', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'am-proto-'));
    const seeds = loadSeeds();
    for (const s of seeds) writeFileSync(path.join(dir, `${s.kind}-${path.basename(s.file)}`), render(s.format, s.docs.map(poison)));
    const before = snapshot();
    const res = await assess([dir], { cwd: dir });
    const report = toReport(res, { toolVersion: 'test' });
    assertValidReport(report);
    for (const f of FORMATS) assert.ok(f.render(report, { color: false, gates: [], rules: res.rules.map((r) => r.meta) }).length > 0, f.name);
    assert.deepEqual(snapshot(), before, 'built-in prototypes unchanged');
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
    assert.ok(report.inputs.length > 0, 'the poisoned seeds were assessed');
    assert.ok(!report.findings.concat(report.apis.flatMap((a) => a.findings)).some((f) => f.ruleId === 'rule-error'), 'no rule failed on them');
  });
});
