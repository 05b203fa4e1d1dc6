// Real captures (fixtures/corpus/traffic, see its PROVENANCE.md; and the whole shared corpus when present): every HAR
// loads, the corrupt one is one clear line and exit 2, other capture formats are skipped with a reason.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { ReportApi } from '../src/report/types.js';
import { cli, CORPUS, fixture, onlyApi, report } from './helpers.js';

const real = (f: string) => fixture('corpus', 'traffic', f);
const levels = (a: ReportApi) => Object.fromEntries(a.operations.map((o) => [`${o.method} ${o.path}`, o.level]));
const rules = (a: ReportApi) => [...new Set(a.findings.map((f) => f.ruleId))].sort();

describe('real captures', () => {
  it('auth-variants (no version, creator or timings): Bearer, Basic, X-Api-Key and a session cookie, each at its level', async () => {
    const a = await onlyApi(real('har-to-openapi__auth-variants.har'));
    assert.equal(a.name, 'https://api.example.com');
    assert.deepEqual(levels(a), { 'get /basic': 1, 'get /bearer': 2, 'get /cookie': 1, 'get /custom': 1 });
    const creds = a.operations.flatMap((o) => o.observed!.credentials.map((c) => `${o.path}: ${c.label}`));
    assert.deepEqual(creds, ['/basic: HTTP Basic', '/bearer: Bearer opaque token', "/cookie: session cookie 'session_id'", "/custom: API key in header 'X-Api-Key'"]);
  });

  it('security.har (request only, plain http): the X-Auth-Token sent in clear is a finding', async () => {
    const a = await onlyApi(real('har-to-openapi__security.har'));
    assert.ok(rules(a).includes('api2-observed-plaintext-credential'));
    assert.equal(a.operations[0]!.observed!.statuses['0'], 1, 'no response recorded: status 0');
  });

  it('a Firefox capture with a session cookie over http', async () => {
    const a = await onlyApi(real('har-to-openapi__ServerService-GetNavigationMenu2-ff.har'));
    assert.equal(a.maturity.level, 1);
    assert.match(a.findings.find((f) => f.ruleId === 'api2-observed-plaintext-credential')!.message, /session cookie 'SESSION_ID' sent over plain http/);
  });

  it('a HAR with a UTF-8 BOM loads', async () => {
    const r = await report([real('mitmproxy__har_files__with-bom.har')]);
    assert.equal(r.inputs[0]!.kind, 'har');
    assert.equal(r.apis.length, 1);
  });

  it('httpbin through mitmproxy: CORS * with credentials is reported', async () => {
    const a = await onlyApi(real('mitmproxy__flows__successful_log.har'));
    assert.ok(rules(a).includes('api8-observed-cors-credentials'));
  });

  it('the corrupt HAR: exit 2 and one line naming the file, line and column', () => {
    const r = cli(['assess', fixture('invalid', 'mitmproxy__corrupted_har__brokenfile.har'), '-f', 'json']);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.match(r.stderr, /^api-maturity: fixtures\/invalid\/mitmproxy__corrupted_har__brokenfile\.har:5:1: invalid JSON: expected ',' or '}'\n$/);
  });

  it('a mitmproxy flow dump and a Postman collection are skipped with a reason', async () => {
    const r = await report([real('mitmproxy2swagger__test_flows.mitm'), real('postman-collection-transformer__v2.1.0__helpers.json')]);
    assert.equal(r.apis.length, 0);
    assert.deepEqual(
      r.skipped.map((s) => s.reason.split(':')[0]),
      ['mitmproxy flow dump (not a capture format this tool reads)', 'Postman collection'],
    );
    assert.match(r.skipped[0]!.reason, /hardump/);
  });

  it('a browser capture of pages and static resources has no API calls; the http redirect is still an API call', async () => {
    const r = await report([real('pagexray__www.sitespeed.io-redirecting-to-https.har')]);
    assert.deepEqual(r.apis.map((a) => a.name), ['http://www.sitespeed.io']);
  });
});

describe('the whole shared traffic corpus', { skip: !existsSync(path.join(CORPUS, 'traffic')) && 'no ../shared/corpus here' }, () => {
  const dir = path.join(CORPUS, 'traffic');
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f !== 'PROVENANCE.md').sort() : [];
  for (const f of files) {
    it(`${f}: loads, or is skipped with a reason, or is the one corrupt file`, () => {
      const r = cli(['assess', path.join(dir, f), '-f', 'json']);
      if (f.includes('corrupted')) {
        assert.equal(r.code, 2);
        assert.match(r.stderr, /^api-maturity: .*brokenfile\.har:\d+:\d+: invalid JSON: [^\n]+\n$/);
        return;
      }
      assert.equal(r.code, 0, r.stderr);
      const rep = JSON.parse(r.stdout) as { inputs: { kind: string }[]; skipped: { reason: string }[]; apis: ReportApi[]; findings: { ruleId: string }[] };
      if (f.endsWith('.har')) assert.deepEqual(rep.inputs.map((i) => i.kind), ['har']);
      else assert.equal(rep.skipped.length, 1, `${f} is skipped`);
      for (const s of rep.skipped) assert.ok(s.reason.length > 20);
      const errors = [...rep.apis.flatMap((a) => a.findings), ...rep.findings].filter((x) => x.ruleId === 'rule-error');
      assert.deepEqual(errors, []);
    });
  }
});
