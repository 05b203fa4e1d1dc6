// The command line as users and CI scripts meet it: exit codes, gates, one-line errors, determinism.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { assertValidReport, cli, fixture } from './helpers.js';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'am-cli-'));

describe('assess command', () => {
  it('assesses the demo inputs: JSON report valid against the shipped schema', () => {
    const r = cli(['assess', 'fixtures/demo', '-f', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const rep = JSON.parse(r.stdout);
    assertValidReport(rep);
    const levels = Object.fromEntries(rep.apis.map((a: { name: string; maturity: { level: number } }) => [a.name, a.maturity.level]));
    assert.deepEqual(levels, { 'Account Information API': 4, 'Inventory API': 2, 'Orders API': 0, 'Partner Catalogue API': 1, 'Payments API': 3 });
    assert.equal(rep.summary.apis, 5);
    assert.deepEqual(rep.skipped, []);
    const orders = rep.apis.find((a: { name: string }) => a.name === 'Orders API')!;
    assert.deepEqual(orders.kinds, ['kong', 'openapi'], 'the demo Kong config joins the Orders API');
    assert.ok(orders.findings.some((f: { ruleId: string; severity: string }) => f.ruleId === 'api2-auth-drift' && f.severity === 'high'));
    assert.ok(orders.findings.some((f: { ruleId: string }) => f.ruleId === 'api9-shadow-endpoint'));
  });

  it('prints a terminal summary with levels, findings with file:line and the next step', () => {
    const r = cli(['assess', 'fixtures/demo', '-f', 'terminal']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /L3 sender-constrained\s+Payments API/);
    assert.match(r.stdout, /api2-key-in-url\s+fixtures\/demo\/partner-api\.yaml:10:5/);
    assert.match(r.stdout, /Next step → level 2/);
    assert.doesNotMatch(r.stdout, /\u001b\[/, 'no colour codes when NO_COLOR is set');
  });

  it('--fail-below fails (exit 1) when an API is below the level, and names it', () => {
    const r = cli(['assess', 'fixtures/demo', '-f', 'terminal', '--fail-below', 'bearer']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /gate --fail-below 2 \(bearer\) failed/);
    assert.match(r.stdout, /Orders API: level 0/);
    assert.equal(cli(['assess', fixture('demo/payments-api.yaml'), '-f', 'json', '--fail-below', '3']).code, 0);
  });

  it('--fail-on fails on a finding of that severity or higher', () => {
    assert.equal(cli(['assess', fixture('demo/partner-api.yaml'), '-f', 'json', '--fail-on', 'high']).code, 1);
    assert.equal(cli(['assess', fixture('demo/payments-api.yaml'), '-f', 'json', '--fail-on', 'low']).code, 0);
  });

  it('writes reports with -o, format from the extension, and output is byte-identical across runs', () => {
    const d = tmp();
    const a = cli(['assess', 'fixtures/demo', '-o', path.join(d, 'a.json'), '-q']);
    const b = cli(['assess', 'fixtures/demo', '-o', path.join(d, 'b.json'), '-q']);
    assert.equal(a.code, 0);
    assert.equal(b.code, 0);
    assert.equal(a.stdout, '');
    assert.equal(readFileSync(path.join(d, 'a.json'), 'utf8'), readFileSync(path.join(d, 'b.json'), 'utf8'));
    assert.ok(!readFileSync(path.join(d, 'a.json'), 'utf8').includes('generatedAt'));
  });

  it('adds a timestamp only when asked (SOURCE_DATE_EPOCH)', () => {
    const r = cli(['assess', fixture('demo/payments-api.yaml'), '-f', 'json'], { env: { SOURCE_DATE_EPOCH: '1700000000' } });
    assert.equal(JSON.parse(r.stdout).generatedAt, '2023-11-14T22:13:20.000Z');
  });

  it('skips files of unknown kind in directories, never fatally', () => {
    const d = tmp();
    writeFileSync(path.join(d, 'notes.json'), '{"hello": "world"}');
    writeFileSync(path.join(d, 'chart.yaml'), 'apiVersion: v2\nname: chart\n');
    writeFileSync(path.join(d, 'api.yaml'), readFileSync(fixture('demo/payments-api.yaml')));
    const r = cli(['assess', d, '-f', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const rep = JSON.parse(r.stdout);
    assert.equal(rep.apis.length, 1);
    assert.deepEqual(rep.skipped.map((s: { file: string }) => path.basename(s.file)).sort(), ['chart.yaml', 'notes.json']);
  });

  it('bad input: one line naming file:line:column, exit 2, no stack trace', () => {
    const d = tmp();
    writeFileSync(path.join(d, 'broken.yaml'), 'openapi: 3.0.0\ninfo:\n  title: "unterminated\n  version: 1\npaths: {}\n');
    const r = cli(['assess', path.join(d, 'broken.yaml')]);
    assert.equal(r.code, 2);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, /broken\.yaml:\d+:\d+: invalid YAML/);
    assert.doesNotMatch(r.stderr, /\bat .*\.js:\d+/);
  });

  it('a broken OpenAPI file found while walking a directory is still an error (it looks like OpenAPI)', () => {
    const d = tmp();
    writeFileSync(path.join(d, 'api.json'), '{"openapi": "3.0.0", "info": {"title": "x",}}');
    const r = cli(['assess', d]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /api\.json:1:\d+: invalid JSON/);
  });

  it('an output file that cannot be written: exit 2, one line naming it, not an internal error', () => {
    const d = path.join(tmp(), 'report.json');
    mkdirSync(d);
    const csv = path.join(path.dirname(d), 'inventory.csv');
    mkdirSync(csv);
    const shard = path.join(path.dirname(d), 'shard.json');
    writeFileSync(shard, cli(['assess', 'fixtures/demo', '-f', 'json']).stdout);
    for (const [args, file] of [
      [['assess', 'fixtures/demo', '-q', '-o', d], d],
      [['inventory', 'fixtures/demo', '-o', csv], csv],
      [['baseline', 'fixtures/demo', '-o', d], d],
      [['merge', shard, '-o', d], d],
    ] as const) {
      const r = cli([...args]);
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: cannot write the output file \\(EISDIR\\)`));
      assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
    }
  });

  it('usage errors exit 2 with one line', () => {
    for (const args of [['assess', 'fixtures/demo', '--fail-below', 'seven'], ['assess', 'no/such/path'], ['assess', 'fixtures/demo', '--no-such-option'], ['assess', 'fixtures/demo', '-o', 'report.pdf']]) {
      const r = cli(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.doesNotMatch(r.stderr, /\bat .*\.js:\d+/);
    }
  });

  it('lists rules as text and JSON', () => {
    const r = cli(['rules', '--format', 'json']);
    assert.equal(r.code, 0);
    const rules = JSON.parse(r.stdout) as { id: string; owasp: string[] }[];
    assert.ok(rules.some((x) => x.id === 'api2-key-in-url' && x.owasp.includes('API2:2023')));
    assert.match(cli(['rules']).stdout, /api5-admin-unprotected\s+high/);
  });
});
