// Many files on every core, shards across machines: the same report, byte for byte, as one run in one thread.
import { strict as assert } from 'node:assert';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ALL_RULES } from '../rules/index.js';
import type { Rule } from '../src/model/rule.js';
import { fixedShardKeys } from './parallel-helpers.js';
import { CORPUS, cli, fixture, report } from './helpers.js';
import { assess, toReport } from '../src/assess.js';
import { renderJson } from '../src/report/json.js';

let tmp: string;
before(() => {
  // Two copies of one description (same API id: the second becomes `~2`, with its own fingerprints), the demo, a broken
  // file that does not look like any input kind, and a file of no known kind.
  tmp = mkdtempSync(path.join(os.tmpdir(), 'am-parallel-'));
  cpSync(fixture('demo'), path.join(tmp, 'demo'), { recursive: true });
  cpSync(fixture('demo', 'payments-api.yaml'), path.join(tmp, 'a', 'payments-api.yaml'));
  cpSync(fixture('demo', 'payments-api.yaml'), path.join(tmp, 'b', 'payments-copy.yaml'));
  writeFileSync(path.join(tmp, 'b', 'broken.json'), '{"hello": ');
  writeFileSync(path.join(tmp, 'b', 'notes.yaml'), 'just: notes\n');
  // The same broken and unknown files without the copy of the description.
  mkdirSync(path.join(tmp, 'c'));
  writeFileSync(path.join(tmp, 'c', 'broken.json'), '{"hello": ');
  writeFileSync(path.join(tmp, 'c', 'notes.yaml'), 'just: notes\n');
});
after(() => rmSync(tmp, { recursive: true, force: true }));

const run = (args: string[], cwd = tmp) => {
  const r = cli(['assess', ...args, '-f', 'json'], { cwd });
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  return r.stdout;
};

describe('parallel runs (--jobs)', () => {
  it('give the report of a run in one thread, byte for byte (duplicate API ids, skipped and broken files included)', () => {
    const one = run(['.', '--jobs', '1']);
    const two = run(['.', '--jobs', '2']);
    const three = run(['.', '--jobs', '3']);
    assert.equal(two, one);
    assert.equal(three, one);
    const rep = JSON.parse(one);
    const ids = rep.apis.map((a: { id: string }) => a.id);
    assert.ok(ids.some((id: string) => id.endsWith('~2')), `expected a renamed duplicate among ${ids.join(', ')}`);
    assert.ok(rep.skipped.some((s: { file: string }) => s.file === 'b/broken.json'));
    assert.ok(rep.apis.length >= 5);
  });

  it('in one thread, many files are assessed file by file (each released when done) with the same report, byte for byte', async () => {
    const files = [path.join(tmp, 'demo'), path.join(tmp, 'a'), path.join(tmp, 'b')];
    const whole = await assess(files, { cwd: tmp });
    const released = await assess(files, { cwd: tmp, releaseFiles: 4 });
    // The file-by-file path keeps only each file's reported locations; the other keeps every document to the end.
    assert.equal(whole.locate, undefined);
    assert.equal(typeof released.locate, 'function');
    const json = (r: typeof whole) => renderJson(toReport(r, { toolVersion: 'test' }));
    assert.equal(json(released), json(whole));
    assert.equal(json(await assess(files, { cwd: tmp, releaseFiles: 4, manyFilesJobs: 2 })), json(whole));
    assert.ok(released.model.apis.length >= 5);
  });

  it('give the same report on the corpus directory sample', { skip: !existsSync(path.join(CORPUS, 'openapi/directory')) }, () => {
    const dir = path.join(CORPUS, 'openapi');
    const one = run(['directory', '--jobs', '1'], dir);
    assert.equal(run(['directory', '--jobs', '2'], dir), one);
    assert.ok(JSON.parse(one).apis.length > 150);
  });

  it('link authorization-server and protected-resource metadata in other directories exactly as one thread does', () => {
    const d = mkdtempSync(path.join(os.tmpdir(), 'am-parallel-md-'));
    cpSync(fixture('as-metadata', 'requirements', 'api.yaml'), path.join(d, 'specs', 'accounts.yaml'));
    cpSync(fixture('as-metadata', 'plain-oauth2.yaml'), path.join(d, 'specs', 'statements.yaml'));
    cpSync(fixture('demo', 'payments-api.yaml'), path.join(d, 'specs', 'payments.yaml'));
    cpSync(fixture('demo', 'partner-api.yaml'), path.join(d, 'specs', 'partner.yaml'));
    cpSync(fixture('as-metadata', 'weak-rs256-no-par-no-iss.json'), path.join(d, 'idp', 'openid-configuration.json'));
    cpSync(fixture('as-metadata', 'corpus', 'panva-wellknown__google.json'), path.join(d, 'idp', 'google.json'));
    cpSync(fixture('as-metadata', 'requirements', 'R4.11', 'fail.json'), path.join(d, 'rs', 'oauth-protected-resource.json'));
    try {
      const args = ['.', '--as-map', 'https://accounts.google.com=statements*'];
      const one = run([...args, '--jobs', '1'], d);
      assert.equal(run([...args, '--jobs', '2'], d), one);
      const rep = JSON.parse(one);
      const accounts = rep.apis.find((a: { name: string }) => a.name === 'Account Information API');
      assert.equal(accounts.maturity.level, 3);
      assert.deepEqual(accounts.maturity.fapi.protectedResources.map((p: { id: string }) => p.id), ['https://api.bank.example/ais/v1']);
      assert.equal(rep.apis.find((a: { name: string }) => a.name === 'Statements API').maturity.fapi.authorizationServers[0].id, 'https://accounts.google.com');
      for (const jobs of ['1', '2']) {
        const bad = cli(['assess', '.', '--as-map', 'https://accounts.google.com=nothing*', '--jobs', jobs, '-f', 'json'], { cwd: d });
        assert.equal(bad.code, 2, `--jobs ${jobs}`);
        assert.match(bad.stderr, /no API has the id or name 'nothing\*'/);
      }
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('--jobs must be a positive number', () => {
    const r = cli(['assess', '.', '--jobs', '0'], { cwd: tmp });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--jobs/);
  });
});

describe('shards (--shard i/n) and merge', () => {
  it('split the inputs deterministically and merge into the single-run report', () => {
    const whole = run(['demo', 'a', 'b', '--jobs', '1']);
    for (const n of [2, 3, 5]) {
      const files: string[] = [];
      const seen = new Set<string>();
      const holding = new Set<number>();
      for (let i = 1; i <= n; i++) {
        const out = path.join(tmp, `shard-${n}-${i}.json`);
        writeFileSync(out, run(['demo', 'a', 'b', '--shard', `${i}/${n}`]));
        files.push(out);
        const rep = JSON.parse(readFileSync(out, 'utf8'));
        if (rep.inputs.some((x: { file: string }) => /payments-(api|copy)\.yaml$/.test(x.file))) holding.add(i);
        for (const inp of rep.inputs) if (!inp.referencedBy) {
          assert.ok(!seen.has(inp.file), `${inp.file} in two shards`);
          seen.add(inp.file);
        }
      }
      const merged = cli(['merge', ...files], { cwd: tmp });
      // The copies of one description share an API id: shards that split them cannot be merged (ids and fingerprints
      // of a single run depend on all of them); otherwise the merge is the single run.
      if (holding.size > 1) {
        assert.equal(merged.code, 2);
        assert.match(merged.stderr, /in more than one shard report/);
      } else assert.equal(merged.stdout, whole);
      for (const f of files) rmSync(f);
    }
    // Without the duplicate, shards merge to exactly the single run.
    const single = run(['demo', 'c', '--jobs', '1']);
    const parts = [1, 2, 3].map((i) => {
      const out = path.join(tmp, `s${i}.json`);
      writeFileSync(out, run(['demo', 'c', '--shard', `${i}/3`]));
      return out;
    });
    const m = cli(['merge', ...parts, '-o', path.join(tmp, 'merged.json')], { cwd: tmp });
    assert.equal(m.code, 0, m.stderr);
    assert.equal(readFileSync(path.join(tmp, 'merged.json'), 'utf8'), single);
    assert.ok(whole.length > single.length);
    assert.ok(JSON.parse(single).inputs.length >= 5);
  });

  it('keeps a directory with a non-OpenAPI file in one shard', () => {
    const keys = fixedShardKeys(tmp);
    assert.equal(keys.get('b/payments-copy.yaml'), 'b/');
    assert.equal(keys.get('b/notes.yaml'), 'b/');
    assert.equal(keys.get('a/payments-api.yaml'), 'a/payments-api.yaml');
  });

  it('rejects a malformed --shard', () => {
    for (const bad of ['0/3', '4/3', 'x', '1/0']) assert.equal(cli(['assess', '.', '--shard', bad], { cwd: tmp }).code, 2);
  });
});

describe('one rule that throws', () => {
  it('becomes a rule-error finding (rule id, location); the rest of the report is complete', async () => {
    const file = fixture('corpus', 'openapi', 'vampi-openapi3.yml');
    const boom: Rule = {
      meta: { ...ALL_RULES[0]!.meta, id: 'test-throws-on-paths', title: 'throws' },
      check({ api }) {
        if (api.operations.length) throw new TypeError("Cannot read properties of undefined (reading 'parameters')");
      },
    };
    const clean = await report([file], { rules: ALL_RULES });
    const broken = await report([file], { rules: [...ALL_RULES, boom] });
    const errs = broken.apis.flatMap((a) => a.findings).filter((f) => f.ruleId === 'rule-error');
    assert.equal(errs.length, 1);
    assert.match(errs[0]!.message, /test-throws-on-paths failed: Cannot read properties of undefined/);
    assert.equal(errs[0]!.location.file, path.relative(path.resolve(fixture('..')), file).split(path.sep).join('/'));
    const strip = (r: typeof clean) => JSON.stringify({ ...r, apis: r.apis.map((a) => ({ ...a, findings: a.findings.filter((f) => f.ruleId !== 'rule-error') })), summary: undefined });
    assert.equal(strip(broken), strip(clean));
    assert.ok(clean.summary.findings > 0 && clean.summary.operations > 0);
  });
});
