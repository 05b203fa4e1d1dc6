// SARIF reports pass Microsoft's SARIF validator with the GitHub-ingestion rules (what GitHub code scanning accepts).
// The validator comes from the npm registry (`npx -y @microsoft/sarif-multitool-linux`); its npm wrapper passes the
// arguments through a shell, hence the inner quotes of '"Gh;Sarif"'. It exits 0 even when it finds errors, so the test
// counts the `: error ` lines it prints. A deliberately broken log is validated in the same run: the test can fail.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { cli, fixture, ROOT } from './helpers.js';

const CASES: [string, string[]][] = [
  ['demo', ['fixtures/demo', '--fail-below', 'bearer', '--fail-on', 'high']],
  ['hostile', [fixture('reports/hostile/openapi.yaml')]],
  ['suppressed', [fixture('reports/suppressed')]],
  ['corpus', ['fixtures/corpus', 'fixtures/maturity']],
  ['timestamped', ['fixtures/demo/payments-api.yaml', '--timestamp']],
];

function validator(files: string[], dir: string) {
  const args = ['-y', '@microsoft/sarif-multitool-linux', 'validate', '--rule-kind', '"Gh;Sarif"', ...files, '-o', path.join(dir, 'validation.sarif'), '--log', 'ForceOverwrite'];
  return spawnSync('npx', args, { cwd: dir, encoding: 'utf8', timeout: 300_000, maxBuffer: 64 * 1024 * 1024 });
}

describe('SARIF validator (GitHub ingestion rules)', () => {
  it('every SARIF report has 0 errors; a broken one has errors', async (t) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'am-sarif-'));
    const files: string[] = [];
    for (const [name, args] of CASES) {
      const f = path.join(dir, `${name}.sarif`);
      const r = cli(['assess', ...args, '-q', '-o', f]);
      assert.ok(r.code === 0 || r.code === 1, r.stderr);
      files.push(f);
    }
    // Declarative rule packs from the configuration: their rules are listed and their findings validate too.
    const project = mkdtempSync(path.join(tmpdir(), 'am-sarif-packs-'));
    cpSync(path.join(ROOT, 'rules/examples'), path.join(project, 'packs'), { recursive: true });
    cpSync(fixture('rule-packs/payments-api.yaml'), path.join(project, 'payments-api.yaml'));
    writeFileSync(path.join(project, '.api-maturity.yaml'), 'rulePacks: [packs/ownership.yaml, packs/payments.yaml]\n');
    const packs = path.join(dir, 'packs.sarif');
    assert.ok([0, 1].includes(cli(['assess', 'payments-api.yaml', '-q', '-o', packs], { cwd: project }).code));
    const packLog = JSON.parse(readFileSync(packs, 'utf8'));
    assert.ok(packLog.runs[0].tool.driver.rules.some((r: { id: string }) => r.id === 'payments-write-scope'));
    assert.ok(packLog.runs[0].results.some((r: { ruleId: string }) => r.ruleId === 'payments-write-scope'));
    files.push(packs);

    const broken = JSON.parse(readFileSync(files[0]!, 'utf8'));
    delete broken.runs[0].results[0].message.text;
    broken.runs[0].results[1].locations[0].physicalLocation.region.startLine = 0;
    const brokenFile = path.join(dir, 'broken.sarif');
    writeFileSync(brokenFile, JSON.stringify(broken));

    const v = validator([...files, brokenFile], dir);
    const out = `${v.stdout ?? ''}${v.stderr ?? ''}`;
    if (!/Analysis completed successfully/.test(out)) {
      if (!process.env['CI']) return t.skip(`the SARIF validator could not run here (npm registry unreachable?): ${out.trim().split('\n').slice(-2).join(' ')}`);
      assert.fail(`the SARIF validator did not run: ${out}`);
    }
    assert.match(out, new RegExp(`Done\\. ${files.length + 1} files scanned`));
    const errors = out.split('\n').filter((l) => l.includes(': error '));
    const ours = errors.filter((l) => !l.includes('broken.sarif'));
    assert.deepEqual(ours, [], 'our reports validate with no errors');
    assert.ok(errors.filter((l) => l.includes('broken.sarif')).length >= 2, `the validator finds the errors of the broken log:\n${out}`);
  });
});
