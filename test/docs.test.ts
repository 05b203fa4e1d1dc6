// The rule reference is generated from the rules' metadata and fixtures; a stale docs/rules.md fails here.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ALL_RULES } from '../rules/index.js';
import { rulesMarkdown } from '../src/cli/rules-doc.js';
import { cli, ROOT } from './helpers.js';

describe('docs/rules.md', () => {
  const generated = rulesMarkdown(path.join(ROOT, 'fixtures', 'rules'));

  it('is up to date (run `npm run docs` after changing a rule or its fixtures)', () => {
    const onDisk = readFileSync(path.join(ROOT, 'docs', 'rules.md'), 'utf8');
    assert.ok(onDisk === generated, 'docs/rules.md is stale: run `npm run docs`');
  });

  it('documents every rule with its category, severity, superseded Spectral rules and both examples', () => {
    for (const r of ALL_RULES) {
      const m = r.meta;
      const at = generated.indexOf(`### ${m.id}\n`);
      assert.ok(at >= 0, `${m.id} missing`);
      const next = generated.indexOf('\n### ', at + 1);
      const section = generated.slice(at, next < 0 ? undefined : next);
      assert.ok(section.includes(m.owasp[0]!) && section.includes(m.severity), `${m.id}: category and severity`);
      assert.ok(section.includes('**Supersedes (Spectral OWASP ruleset).**'), `${m.id}: supersedes line`);
      for (const s of (m.supersedes ?? []).filter((x) => x.startsWith('owasp:'))) assert.ok(section.includes(s), `${m.id}: ${s}`);
      assert.ok(section.includes('Failing example') && section.includes('Passing example'), `${m.id}: examples`);
    }
  });

  it('is what `api-maturity rules --format markdown` prints', () => {
    const r = cli(['rules', '--format', 'markdown']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, generated);
  });
});
