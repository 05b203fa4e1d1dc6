// One generic test for every rule: each failing fixture must produce the rule's finding at the expected JSON pointer,
// each passing fixture must produce none. A rule without both kinds of fixture fails here.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ALL_RULES } from '../rules/index.js';
import { fixture, report } from './helpers.js';

const OWASP = /^API([1-9]|10):2023$/;

describe('rules', () => {
  const ids = new Set<string>();
  for (const rule of ALL_RULES) {
    const m = rule.meta;
    describe(m.id, () => {
      it('has complete metadata and fixtures on both sides', () => {
        assert.ok(!ids.has(m.id), `duplicate rule id ${m.id}`);
        ids.add(m.id);
        assert.match(m.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
        assert.ok(m.title && m.description && m.remediation, 'title, description and remediation are required');
        assert.ok(m.owasp.length > 0 && m.owasp.every((o) => OWASP.test(o)), 'OWASP 2023 categories');
        assert.ok(m.tests.fail.length > 0, 'at least one failing fixture');
        assert.ok(m.tests.pass.length > 0, 'at least one passing fixture');
        for (const f of [...m.tests.fail.map((x) => x.file), ...m.tests.pass]) assert.ok(existsSync(fixture('rules', m.id, f)), `missing fixture ${m.id}/${f}`);
      });
      for (const { file, pointer } of m.tests.fail) {
        it(`reports ${file} at ${pointer || '(root)'}`, async () => {
          const r = await report([fixture('rules', m.id, file)]);
          const hits = [...r.apis.flatMap((a) => a.findings), ...r.findings].filter((f) => f.ruleId === m.id);
          assert.ok(
            hits.some((h) => h.location.pointer === pointer),
            `expected ${m.id} at ${pointer}; got ${hits.map((h) => h.location.pointer).join(', ') || 'nothing'}`,
          );
          for (const h of hits) {
            assert.ok(h.location.line && h.location.line >= 1, 'findings carry a line');
            assert.ok(h.remediation.length > 20, 'findings carry a remediation');
          }
        });
      }
      for (const file of m.tests.pass) {
        it(`accepts ${file}`, async () => {
          const r = await report([fixture('rules', m.id, file)]);
          const hits = [...r.apis.flatMap((a) => a.findings), ...r.findings].filter((f) => f.ruleId === m.id);
          assert.deepEqual(hits.map((h) => `${h.location.pointer}: ${h.message}`), []);
        });
      }
    });
  }
});
