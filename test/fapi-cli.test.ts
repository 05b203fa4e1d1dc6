// Level 4 end to end through the command line: a spec declaring mutualTLS + an OAuth authorization-code scheme, with
// and without its authorization server's metadata.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Report } from '../src/report/types.js';
import { assertValidReport, cli, fixture } from './helpers.js';

const SPEC = 'fixtures/as-metadata/requirements/api.yaml';
const json = (args: string[]): Report => {
  const r = cli(['assess', ...args, '-f', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const rep = JSON.parse(r.stdout) as unknown;
  assertValidReport(rep);
  return rep;
};

describe('level 4 through the CLI', () => {
  it('with FAPI 2.0-compliant metadata: level 4, every R4 gate passes', () => {
    const a = json([SPEC, 'fixtures/as-metadata/requirements/compliant.json']).apis[0]!;
    assert.equal(a.maturity.level, 4);
    assert.equal(a.maturity.label, 'fapi');
    assert.deepEqual(a.maturity.fapi!.requirements.filter((r) => r.role === 'gate' && r.status !== 'pass').map((r) => r.requirement), []);
    assert.deepEqual(a.kinds, ['as-metadata', 'openapi']);
    const t = cli(['assess', SPEC, 'fixtures/as-metadata/requirements/compliant.json', '-f', 'terminal']);
    assert.match(t.stdout, /L4 fapi 4a\s+Account Information API/);
    assert.match(t.stdout, /FAPI 2\.0 Security Profile 4a · https:\/\/as\.bank\.example/);
    assert.match(t.stdout, /✔ R4\.6 {2}pushed authorization requests \(PAR\) required/);
  });

  it('with metadata offering only RS256, not requiring PAR and without the iss parameter: level 3, those three fail with remediation', () => {
    const weak = 'fixtures/as-metadata/weak-rs256-no-par-no-iss.json';
    const a = json([SPEC, weak]).apis[0]!;
    assert.equal(a.maturity.level, 3);
    assert.equal(a.maturity.ceiling, 3);
    const failing = a.maturity.unmet.filter((u) => u.level === 4 && u.status === 'fails');
    assert.deepEqual(failing.map((u) => u.requirement), ['R4.6', 'R4.8', 'R4.9']);
    for (const u of failing) {
      assert.ok(u.remediation.length > 40);
      assert.ok(u.locations.some((l) => l.file === weak), `${u.requirement} is located in the metadata`);
    }
    const r49 = a.maturity.fapi!.requirements.find((r) => r.requirement === 'R4.9')!;
    assert.deepEqual(r49.decidedBy.map((d) => [d.field, d.value, d.location.line]), [
      ['id_token_signing_alg_values_supported', ['RS256'], 16],
      ['token_endpoint_auth_signing_alg_values_supported', ['RS256'], 13],
    ]);
    const t = cli(['assess', SPEC, weak, '-f', 'terminal']);
    assert.match(t.stdout, /L3 sender-constrained\s+Account Information API/);
    assert.match(t.stdout, /✘ R4\.6 {2}pushed authorization requests/);
    assert.match(t.stdout, /weak-rs256-no-par-no-iss\.json:1:1: PAR is offered but not required:\s+`require_pushed_authorization_requests` absent, default per RFC 9126 §5: false/);
    assert.match(t.stdout, /✘ R4\.9 {2}signing algorithms limited to PS256, ES256 or EdDSA/);
    assert.match(t.stdout, /→ Sign with PS256, ES256 or EdDSA only/);
    assert.match(t.stdout, /✘ R4\.8 /);
  });

  it('without metadata: level 3, the R4 gates unknown with what would settle them', () => {
    const a = json([SPEC]).apis[0]!;
    assert.equal(a.maturity.level, 3);
    assert.equal(a.maturity.ceiling, 4);
    for (const id of ['R4.1', 'R4.3', 'R4.5', 'R4.6', 'R4.7', 'R4.8', 'R4.9', 'R4.10']) {
      const u = a.maturity.unmet.find((x) => x.requirement === id);
      assert.equal(u?.status, 'unknown', id);
      assert.match(u!.settleWith!, /openid-configuration/);
    }
    assert.equal(a.maturity.fapi?.profile, undefined);
    assert.deepEqual(a.maturity.fapi?.authorizationServers, []);
  });

  it('--as-map links a document the spec does not name; a mapping naming nothing is a usage error (exit 2, one line)', () => {
    const spec = 'fixtures/as-metadata/plain-oauth2.yaml';
    const google = 'fixtures/as-metadata/corpus/panva-wellknown__google.json';
    const unlinked = json([spec, google]);
    assert.deepEqual(unlinked.findings.map((f) => f.ruleId), ['as-metadata-unlinked']);
    const mapped = json([spec, google, '--as-map', 'https://accounts.google.com=statements-api@2.0']);
    assert.deepEqual(mapped.findings, []);
    assert.equal(mapped.apis[0]!.maturity.fapi!.authorizationServers[0]!.linkedBy[0]!.via, 'mapping');
    for (const bad of ['https://accounts.google.com=nothing-like-this', 'not-a-url=x', 'https://unknown.example=statements*']) {
      const r = cli(['assess', spec, google, '--as-map', bad]);
      assert.equal(r.code, 2, bad);
      assert.equal(r.stderr.trim().split('\n').length, 1);
      assert.match(r.stderr, /--as-map/);
    }
  });

  it('`authServers:` in .api-maturity.yaml links like --as-map', () => {
    const d = mkdtempSync(path.join(tmpdir(), 'am-fapi-'));
    copyFileSync(fixture('as-metadata/plain-oauth2.yaml'), path.join(d, 'statements.yaml'));
    copyFileSync(fixture('as-metadata/corpus/panva-wellknown__google.json'), path.join(d, 'google.json'));
    writeFileSync(path.join(d, '.api-maturity.yaml'), 'authServers:\n  "https://accounts.google.com": "Statements*"\n');
    const r = cli(['assess', '.', '-f', 'json'], { cwd: d });
    assert.equal(r.code, 0, r.stderr);
    const rep = JSON.parse(r.stdout) as Report;
    assert.deepEqual(rep.findings.filter((f) => f.ruleId === 'as-metadata-unlinked'), []);
    assert.equal(rep.apis[0]!.maturity.fapi!.authorizationServers[0]!.linkedBy[0]!.via, 'mapping');
    writeFileSync(path.join(d, '.api-maturity.yaml'), 'authServers:\n  "https://accounts.google.com": "no-such-api"\n');
    const bad = cli(['assess', '.', '-f', 'json'], { cwd: d });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /authServers: no API has the id or name 'no-such-api'/);
  });

  it('reports with metadata are byte-identical run to run', () => {
    const args = ['assess', 'fixtures/as-metadata/requirements/api.yaml', 'fixtures/as-metadata/corpus', '--as-map', 'https://fapidev-as.authlete.net/=Account*', '-f', 'json'];
    assert.equal(cli(args).stdout, cli(args).stdout);
  });
});
