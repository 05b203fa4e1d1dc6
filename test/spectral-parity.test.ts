// Parity with the Spectral OWASP ruleset on its own test cases (fixtures/spectral-owasp-cases, MIT): for every Spectral
// rule, the cases where Spectral reports an error must produce a finding of a rule of ours that supersedes it, at a
// related location, and the clean cases none — except the differences listed, with their reasons, in
// rules/spectral-parity.ts. The list must be exact: a listed case that agrees fails too, so it stays true.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ALL_RULES } from '../rules/index.js';
import { SPECTRAL_ASPECTS, SPECTRAL_DIFFERENCES, SPECTRAL_RULES } from '../rules/spectral-parity.js';
import { fixture, report } from './helpers.js';

interface Case {
  rule: string;
  caseIndex: number;
  name: string;
  document: string;
  docVersion: string;
  expectedErrorCount: number;
  expected: { path?: string[] }[];
  /** What Spectral 6.16 + ruleset 2.0.1 reports. Upstream's expectation differs once (no-additionalProperties case 4,
   * named "valid" but expecting one unnamed error that Spectral never reports); the observed count is the truth. */
  observedCount_spectralOwasp_2_0_1: number;
}

const cases = (JSON.parse(readFileSync(fixture('spectral-owasp-cases', 'cases.json'), 'utf8')) as { cases: Case[] }).cases;
const superseding = new Map<string, string[]>();
for (const r of ALL_RULES) for (const s of r.meta.supersedes ?? []) superseding.set(s, [...(superseding.get(s) ?? []), r.meta.id]);
const esc = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
const related = (a: string, b: string) => a === b || a.startsWith(b + '/') || b.startsWith(a + '/') || a === '' || b === '';

describe('Spectral OWASP ruleset parity', () => {
  it('every Spectral rule is superseded by a rule of ours, and every superseded id is a Spectral rule', () => {
    const known = new Set(SPECTRAL_RULES.map((r) => r.id));
    assert.equal(known.size, 32);
    for (const id of known) assert.ok(superseding.has(id), `no rule supersedes ${id}`);
    for (const id of superseding.keys()) if (id.startsWith('owasp:')) assert.ok(known.has(id), `unknown Spectral rule ${id}`);
  });

  it('the case list is complete (121 cases over the 30 upstream test files)', () => {
    assert.equal(cases.length, 121);
  });

  for (const c of cases) {
    const listed = SPECTRAL_DIFFERENCES.find((d) => d.rule === c.rule && d.cases.includes(c.caseIndex));
    const spectral = c.observedCount_spectralOwasp_2_0_1 > 0;
    it(`${c.rule.replace('owasp:', '')} #${c.caseIndex} (${c.name}): ${listed ? `differs on purpose (we report ${listed.we})` : spectral ? 'reported' : 'clean'}`, async () => {
      const ours = superseding.get(c.rule) ?? [];
      const aspect = SPECTRAL_ASPECTS[c.rule];
      const r = await report([fixture('spectral-owasp-cases', c.document)]);
      const hits = [...r.apis.flatMap((a) => a.findings), ...r.findings].filter((f) => ours.includes(f.ruleId) && (!aspect || aspect.test(f.message)));
      if (listed) {
        assert.equal(hits.length > 0, listed.we === 'more', `listed difference no longer holds: ${listed.why}`);
        assert.equal(spectral, listed.we === 'fewer');
        return;
      }
      assert.equal(hits.length > 0, spectral, `Spectral ${spectral ? 'reports' : 'accepts'} this case; ours: ${hits.map((h) => `${h.ruleId} ${h.location.pointer}`).join(', ') || 'nothing'}`);
      for (const e of c.expected) {
        if (!e.path || !spectral) continue;
        const p = '/' + e.path.map(esc).join('/');
        assert.ok(hits.some((h) => related(h.location.pointer, p)), `no finding near ${p}: ${hits.map((h) => h.location.pointer).join(', ')}`);
      }
    });
  }
});
