// The CI and governance workflow: configuration, sensitivity targets, exceptions, baselines, diff, rule packs, explain.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { assertValidReport, cli, fixture, ROOT } from './helpers.js';

function repo(files: Record<string, string> = {}): string {
  const d = mkdtempSync(path.join(tmpdir(), 'am-gov-'));
  for (const [f, t] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(d, f)), { recursive: true });
    writeFileSync(path.join(d, f), t);
  }
  return d;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = (r: { stdout: string }): any => {
  const x: unknown = JSON.parse(r.stdout);
  assertValidReport(x);
  return x as unknown;
};

describe('configuration file', () => {
  it('is discovered from the working directory upward and names the key and line of an error', () => {
    const d = repo({ '.api-maturity.yaml': 'gates:\n  failOn: high\nrules:\n  severity:\n    api2-no-auth: urgent\n', 'sub/dir/x.txt': '' });
    const r = cli(['assess', path.join(ROOT, 'fixtures/demo')], { cwd: path.join(d, 'sub/dir') });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /\.api-maturity\.yaml:5:\d+: invalid configuration: 'rules\.severity\.api2-no-auth' must be one of info, low, medium, high, critical/);
    const u = cli(['assess', path.join(ROOT, 'fixtures/demo')], { cwd: repo({ '.api-maturity.yaml': 'gate:\n  failOn: high\n' }) });
    assert.equal(u.code, 2);
    assert.match(u.stderr, /:1:1: invalid configuration: unknown key 'gate'/);
  });

  it('gates, rule switches, severity overrides per path glob and public patterns apply', () => {
    const d = repo({
      '.api-maturity.yaml': [
        'inputs: [specs]',
        'gates: {failOn: high}',
        'rules:',
        '  disable: [api8-plain-http-server]',
        '  overrides:',
        '    - paths: ["/admin/**"]',
        '      severity: {api5-admin-unprotected: low, api2-no-auth: low}',
        'public: ["GET /products", "/products/*"]',
      ].join('\n'),
    });
    cpSync(fixture('demo'), path.join(d, 'specs'), { recursive: true });
    const r = cli(['assess', '-f', 'json'], { cwd: d });
    const rep = json(r);
    const all = rep.apis.flatMap((a: { findings: { ruleId: string; severity: string }[] }) => a.findings);
    assert.ok(!all.some((f: { ruleId: string }) => f.ruleId === 'api8-plain-http-server'), 'disabled rule');
    assert.deepEqual(all.filter((f: { ruleId: string }) => f.ruleId === 'api5-admin-unprotected').map((f: { severity: string }) => f.severity), ['low']);
    const partner = rep.apis.find((a: { name: string }) => a.name === 'Partner Catalogue API');
    assert.ok(partner.operations.every((o: { public?: string }) => o.public === 'declared'));
    assert.equal(rep.config.file, '.api-maturity.yaml');
    assert.equal(r.code, 1, 'failOn: high from the configuration (api2-key-in-url is high)');
    assert.equal(cli(['assess', '-f', 'json', '--no-config', 'specs/payments-api.yaml'], { cwd: d }).code, 0);
  });
});

describe('sensitivity and targets', () => {
  it('infers restricted for payment APIs and fails --fail-below-target below 4', () => {
    const r = cli(['assess', fixture('demo/payments-api.yaml'), '-f', 'json', '--fail-below-target', '--no-config']);
    const a = json(r).apis[0];
    assert.equal(a.governance.sensitivity.class, 'restricted');
    assert.equal(a.governance.sensitivity.source, 'inferred');
    assert.equal(a.governance.target, 4);
    assert.equal(a.governance.meetsTarget, false);
    assert.equal(r.code, 1);
  });
  it('one stray term does not make an API restricted: a health probe, one transfer among many operations, one property', () => {
    const paths = Array.from({ length: 40 }, (_, i) => `  /repos/{id}/r${i}:\n    get: {responses: {"200": {description: ok}}}`).join('\n');
    const spec = (extra: string) => `openapi: 3.0.3\ninfo: {title: Code hosting, version: "1"}\npaths:\n${paths}\n${extra}`;
    const classOf = (text: string) => {
      const d = repo({ 'api.yaml': text });
      return json(cli(['assess', 'api.yaml', '-f', 'json', '--no-config'], { cwd: d })).apis[0].governance.sensitivity;
    };
    const probe = classOf(spec('  /health:\n    get: {responses: {"200": {description: ok}}}\n'));
    assert.notEqual(probe.class, 'restricted', JSON.stringify(probe));
    const transfer = classOf(spec('  /repos/{id}/transfer:\n    post: {responses: {"202": {description: ok}}}\n'));
    assert.notEqual(transfer.class, 'restricted', JSON.stringify(transfer));
    const property = classOf(spec('  /repos/{id}/pages:\n    get:\n      responses:\n        "200":\n          description: ok\n          content: {application/json: {schema: {type: object, properties: {checkout_uri: {type: string}}}}}\n'));
    assert.notEqual(property.class, 'restricted', JSON.stringify(property));
    // A payments resource that recurs, or a name that says so, still is.
    const payments = Array.from({ length: 3 }, (_, i) => `  /payments/p${i}:\n    post: {responses: {"201": {description: ok}}}`).join('\n');
    assert.equal(classOf(spec(`${payments}\n`)).class, 'restricted');
  });
  it('takes the class and targets from the configuration', () => {
    const d = repo({ '.api-maturity.yaml': 'sensitivity:\n  - {api: "payments-*", class: confidential, reason: sandbox}\ntargets: {confidential: sender-constrained}\n' });
    const r = cli(['assess', fixture('demo/payments-api.yaml'), '-f', 'json', '--fail-below-target'], { cwd: d });
    const g = json(r).apis[0].governance;
    assert.deepEqual(g.sensitivity, { class: 'confidential', source: 'config', reasons: ['sandbox'] });
    assert.equal(g.target, 3);
    assert.equal(r.code, 0);
  });
});

describe('declarative rule packs', () => {
  it('run the two example packs: findings where expected, none elsewhere', () => {
    const d = repo({ '.api-maturity.yaml': 'rulePacks: [packs/ownership.yaml, packs/payments.yaml]\n' });
    cpSync(path.join(ROOT, 'rules/examples'), path.join(d, 'packs'), { recursive: true });
    const rep = json(cli(['assess', fixture('rule-packs/payments-api.yaml'), '-f', 'json'], { cwd: d }));
    const got = rep.apis[0].findings
      .filter((f: { ruleId: string }) => /^(ownership|payments)-/.test(f.ruleId))
      .map((f: { ruleId: string; operations?: string[]; location: { pointer: string } }) => `${f.ruleId} ${f.operations?.[0] ?? f.location.pointer}`)
      .sort();
    assert.deepEqual(got, [
      'ownership-operation-owner DELETE /payments/{id}',
      'ownership-server-domain /servers/1/url',
      'payments-not-public POST /payments/{id}/refunds',
      'payments-rate-limited POST /payments',
      'payments-write-scope POST /payments',
      'payments-write-scope POST /payments/{id}/refunds',
    ]);
  });
  it('refuse URLs, files outside the project, and invalid packs (with file and line)', () => {
    const d = repo({ 'bad.yaml': 'pack: bad\nrules:\n  - id: x\n    title: t\n', '.api-maturity.yaml': 'rulePacks: [bad.yaml]\n' });
    const r = cli(['assess', fixture('demo/payments-api.yaml')], { cwd: d });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /bad\.yaml:3:\d+: invalid rule pack/);
    const u = cli(['assess', fixture('demo/payments-api.yaml')], { cwd: repo({ '.api-maturity.yaml': 'rulePacks: ["https://example.com/pack.yaml"]\n' }) });
    assert.equal(u.code, 2);
    assert.match(u.stderr, /local files only/);
    const o = cli(['assess', fixture('demo/payments-api.yaml')], { cwd: repo({ '.api-maturity.yaml': `rulePacks: ["${path.join(ROOT, 'rules/examples/payments.yaml')}"]\n` }) });
    assert.equal(o.code, 2);
    assert.match(o.stderr, /outside the project directory/);
  });
});

describe('explain', () => {
  it('prints a rule with its examples, and a requirement', () => {
    const r = cli(['explain', 'api2-key-in-url']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /API key sent in the URL/);
    assert.match(r.stdout, /Reported \(fail\.yaml\):\n.*openapi: 3\.0\.3/);
    assert.match(r.stdout, /in: query/);
    const q = cli(['explain', 'R4.6']);
    assert.match(q.stdout, /pushed authorization requests/);
    assert.equal(cli(['explain', 'no-such-rule']).code, 2);
  });
});

describe('end to end: init → targets → baseline → regression → diff → exception → expiry', () => {
  it('drives a small repository of specs through the workflow', () => {
    const d = repo();
    cpSync(fixture('demo'), path.join(d, 'specs'), { recursive: true });
    const run = (args: string[], env: Record<string, string> = {}) => cli(args, { cwd: d, env: { SOURCE_DATE_EPOCH: '1798761600', ...env } }); // 2027-01-01

    assert.equal(run(['init']).code, 0);
    assert.match(readFileSync(path.join(d, '.api-maturity.yaml'), 'utf8'), /failBelowTarget: true/);
    assert.equal(run(['init']).code, 2, 'init never overwrites silently');

    // Assess with targets: the starter config gates on targets and high findings; the demo misses both.
    const first = run(['assess', '-o', 'before.json', '-q']);
    assert.equal(first.code, 1);
    const before = JSON.parse(readFileSync(path.join(d, 'before.json'), 'utf8'));
    assert.ok(before.apis.every((a: { governance: { target: number } }) => a.governance.target >= 1));

    // Baseline today's findings; gates on findings then pass, levels still count.
    assert.equal(run(['baseline', '-o', '.api-maturity-baseline.json']).code, 0);
    writeFileSync(path.join(d, '.api-maturity.yaml'), 'inputs: [specs]\ngates: {failOn: high}\n');
    const base = run(['assess', '--baseline', '.api-maturity-baseline.json', '-f', 'json']);
    assert.equal(base.code, 0, base.stdout.slice(0, 400));
    assert.ok(json(base).baseline.baselined > 0);

    // A change that regresses the Inventory API (bearer → API key in a header).
    const sec = path.join(d, 'specs/catalog/security.yaml');
    writeFileSync(sec, 'schemes:\n  bearer:\n    type: apiKey\n    in: header\n    name: X-API-Key\n');
    run(['assess', '-o', 'after.json', '-q', '--baseline', '.api-maturity-baseline.json']);
    const diff = run(['diff', 'before.json', 'after.json']);
    assert.equal(diff.code, 1);
    assert.match(diff.stdout, /regression: Inventory API level 2 → 1/);

    // An exception with a future expiry excuses it.
    const exception = (expires: string) =>
      writeFileSync(
        path.join(d, '.api-maturity.yaml'),
        `inputs: [specs]\ngates: {failOn: high}\nexceptions:\n  - api: inventory-api*\n    reason: key-based partner access until the OAuth rollout\n    owner: platform-security\n    expires: ${expires}\n`,
      );
    exception('2027-06-30');
    run(['assess', '-o', 'after.json', '-q', '--baseline', '.api-maturity-baseline.json']);
    const excused = run(['diff', 'before.json', 'after.json']);
    assert.equal(excused.code, 0, excused.stdout);
    assert.match(excused.stdout, /excused regression: Inventory API level 2 → 1/);

    // The same exception, expired: the regression fails again, and the expired entry fails the gate.
    exception('2026-12-31');
    const expired = run(['assess', '-o', 'after.json', '--baseline', '.api-maturity-baseline.json', '-f', 'terminal']);
    assert.equal(expired.code, 1);
    assert.match(expired.stdout, /Expired exceptions/);
    assert.match(expired.stdout, /gate --exceptions .* failed/);
    assert.equal(run(['diff', 'before.json', 'after.json']).code, 1);
  });
});

describe('published schemas', () => {
  it('docs/schemas/*.json match what `api-maturity schema` prints', () => {
    for (const w of ['report', 'config', 'rule-pack', 'inventory']) {
      const printed = cli(['schema', w]).stdout;
      assert.equal(readFileSync(path.join(ROOT, 'docs/schemas', `${w}.schema.json`), 'utf8'), printed, `docs/schemas/${w}.schema.json is stale: regenerate with api-maturity schema ${w}`);
    }
  });
});
