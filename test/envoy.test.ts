// Envoy v3 configurations: real files (fixtures/corpus/gateways/envoy, see its PROVENANCE.md) with per-route levels
// labelled by reading them, the spec + Envoy drift pair, secrets, key spellings, and the whole shared corpus.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { assess } from '../src/assess.js';
import type { Evidence } from '../src/model/types.js';
import { renderTerminal } from '../src/report/terminal.js';
import type { ReportApi } from '../src/report/types.js';
import { apiNamed, CORPUS, fixture, opLevels, report, ROOT } from './helpers.js';

const envoy = (...f: string[]) => f.map((x) => fixture('corpus', 'gateways', 'envoy', x));

const findings = (a: ReportApi, id: string) => a.findings.filter((f) => f.ruleId === id);

describe('Envoy: labelled real configurations', () => {
  it('jwt_authn with a remote JWKS on every route (Firebase sample, mixed key spellings) — level 2', async () => {
    const r = await report(envoy('envoy__configs__jwt_authn.yaml'));
    const a = apiNamed(r, 'default');
    assert.deepEqual(opLevels(a), { 'ANY /': 2 });
    assert.deepEqual(a.kinds, ['envoy']);
    // remoteJwks / httpUri are written in camelCase beside snake_case keys: the provider is still validated.
    assert.ok(a.maturity.evidence.some((e) => e.summary.includes("jwt_authn rule 0") && e.summary.includes('plain http')));
    // Envoy's default token locations include the access_token query parameter (grade R2.5).
    assert.equal(a.operations[0]!.sublevel, '2a');
  });

  it('api_key_auth with per-route overrides: key in the query on /admin, disabled on /static', async () => {
    const r = await report(envoy('envoy__docs-http_filters-include__api-key-auth-filter.yaml'));
    const a = apiNamed(r, 'local_service');
    assert.deepEqual(opLevels(a), { 'ANY /': 1, 'ANY /admin': 1, 'ANY /special': 1, 'ANY /static': 0 });
    assert.equal(a.maturity.level, 0, '/static is open');
    assert.equal(a.maturity.authenticatedLevel, 1);
    // Keys travel over plain http everywhere (sub-level 1a); on /admin they are also read from the query string.
    assert.equal(a.operations.find((o) => o.path === '/special')!.sublevel, '1a');
    assert.deepEqual(a.maturity.unmet.find((u) => u.requirement === 'R1.2')!.operations, ['ANY /admin']);
    assert.deepEqual(a.maturity.unmet.find((u) => u.requirement === 'R1.3')!.operations.sort(), ['ANY /', 'ANY /admin', 'ANY /special']);
  });

  it('jwt_authn extract_only_without_validation is not authentication — level 0 (cap C1)', async () => {
    const r = await report(envoy('envoy__docs-http_filters-include__jwt-authn-extract-only-rbac.yaml'));
    const a = apiNamed(r, 'default');
    assert.deepEqual(opLevels(a), { 'ANY /admin': 0 });
    const u = a.maturity.unmet.find((x) => x.requirement === 'R1.1')!;
    assert.match(u.reason, /without validation/);
  });

  it('xDS listeners + routes joined by route_config_name: a symmetric (oct) JWKS provider caps a route at 1', async () => {
    const r = await report(envoy('gateway__xds-ir__jwt-multi-route-multi-provider.listeners.yaml', 'gateway__xds-ir__jwt-multi-route-multi-provider.routes.yaml'));
    assert.equal(r.apis.length, 1);
    const a = r.apis[0]!;
    assert.equal(a.sources.length, 2);
    // foo/bar accepts either a remote-JWKS provider or one whose inline JWKS is an "oct" shared secret (cap C6).
    assert.deepEqual(opLevels(a), { 'ANY foo/bar': 1, 'ANY foo/baz': 2 });
  });

  it('Envoy Gateway OIDC + JWT-from-cookie + RBAC on claims, enabled per route — level 2', async () => {
    const r = await report(envoy('gateway__xds-ir__securitypolicy-with-oidc-jwt-authz.listeners.yaml', 'gateway__xds-ir__securitypolicy-with-oidc-jwt-authz.routes.yaml'));
    const a = apiNamed(r, 'envoy-gateway/gateway-1/http/www_example_com');
    assert.deepEqual(opLevels(a), { 'ANY /foo': 2 });
    const resp = await assess(envoy('gateway__xds-ir__securitypolicy-with-oidc-jwt-authz.listeners.yaml', 'gateway__xds-ir__securitypolicy-with-oidc-jwt-authz.routes.yaml'), { cwd: ROOT });
    const op = resp.model.apis[0]!.operations[0]!;
    assert.deepEqual(op.match, { kind: 'regex', value: '^/foo(?:/.*)?$', hosts: ['www.example.com'] }, 'path_separated_prefix: /foo and /foo/…, not /foobar');
    assert.ok(op.evidence.some((e) => e.control?.type === 'access-control' && e.control.state === 'present'));
  });

  it('admin config dump (egctl): jwt_authn route at level 2, the proxy stats listener open', async () => {
    const r = await report(envoy('gateway__egctl-translate__jwt-single-route-single-match-to-xds.all.yaml'));
    assert.deepEqual(opLevels(apiNamed(r, 'envoy-gateway-system/eg/http/www_example_com')), { 'ANY /foo': 2 });
    assert.deepEqual(opLevels(apiNamed(r, 'prometheus_stats')), { 'GET /stats/prometheus': 0 });
    // The readiness listener only answers 500 itself: no API.
    assert.ok(!r.apis.some((a) => a.name.startsWith('ready_route')));
  });

  it('ext_authz decides who gets in: level 1, bearer requirements unknown', async () => {
    const r = await report(envoy('examples__ext_authz__http-service.yaml'));
    const a = apiNamed(r, 'upstream');
    assert.deepEqual(opLevels(a), { 'ANY /': 1 });
    assert.ok(a.maturity.ceiling >= 2, 'what the authorizer checks could be a token');
    assert.equal(a.maturity.unmet.find((u) => u.requirement === 'R2.1')!.status, 'unknown');
  });

  it('the hardened edge (Google VRP): TLS, no authentication filter, the default-deny route serves nothing', async () => {
    const r = await report(envoy('envoy__configs-google-vrp__envoy-edge.yaml'));
    const a = apiNamed(r, 'local_service');
    assert.deepEqual(opLevels(a), { 'ANY /content': 0 });
  });

  it('front proxy: the same routes over plain http (:8080) and TLS (:8443); the inline private key is a redacted secret', async () => {
    const files = envoy('examples__front-proxy__envoy.yaml');
    const res = await assess(files, { cwd: ROOT });
    const [plain, tls] = ['backend (:8080)', 'backend (:8443)'].map((n) => res.model.apis.find((a) => a.name === n)!);
    const tlsOf = (a: typeof plain) => a!.operations[0]!.evidence.find((e) => e.control?.type === 'tls')!.control!;
    assert.equal(tlsOf(plain).plaintext, true);
    assert.equal(tlsOf(tls).plaintext, false);
    assert.equal(tlsOf(tls).minTlsVersion, '1.2');
    const secrets = tls!.evidence.filter((e): e is Evidence & { secret: NonNullable<Evidence['secret']> } => !!e.secret);
    assert.equal(secrets.length, 1);
    assert.equal(secrets[0]!.secret.kind, 'TLS private key');
    assert.match(secrets[0]!.secret.redacted, /^PEM…#[0-9a-f]{8}$/);
  });

  it('client certificates: required on one xDS listener, optional on its twin', async () => {
    const req = await assess(envoy('gateway__xds-ir__mutual-tls.listeners.yaml'), { cwd: ROOT });
    const opt = await assess(envoy('gateway__xds-ir__mutual-tls-required-client-certificate-disabled.listeners.yaml'), { cwd: ROOT });
    const cert = (r: typeof req) => r.model.apis[0]!.operations[0]!.evidence.find((e) => e.control?.type === 'tls')!.control!.clientCertificate;
    assert.equal(cert(req), 'required');
    assert.equal(cert(opt), 'optional');
    assert.equal(opt.findings.filter((f) => f.ruleId === 'api2-client-cert-optional').length, 1);
    assert.equal(req.findings.filter((f) => f.ruleId === 'api2-client-cert-optional').length, 0);
    // Their routes come from RDS and are not given: the operation says so instead of guessing a level.
    assert.equal(req.model.apis[0]!.operations[0]!.auth[0]!.silent, true);
  });

  it('local_ratelimit enforced at 100 % is a rate limit in force', async () => {
    const res = await assess(envoy('examples__local_ratelimit__envoy.yaml'), { cwd: ROOT });
    for (const a of res.model.apis) {
      const rl = a.operations[0]!.evidence.find((e) => e.control?.type === 'rate-limit')!;
      assert.equal(rl.control!.state, 'present');
      assert.equal(rl.control!.limit, 2);
      assert.equal(rl.control!.periodSeconds, 5);
    }
  });

  it('CORS: virtual-host policy for any origin, a route that turns it off, a route restricted to a domain', async () => {
    const res = await assess(envoy('examples__cors-backend__envoy.yaml'), { cwd: ROOT });
    const a = res.model.apis[0]!;
    const cors = (p: string) => a.operations.find((o) => o.path === p)!.evidence.find((e) => e.control?.type === 'cors')?.control;
    assert.deepEqual(cors('/cors/open')!.origins, ['*', '\\*']);
    assert.equal(cors('/cors/disabled')!.state, 'absent');
    assert.deepEqual(cors('/cors/restricted')!.origins, ['.*\\.envoyproxy\\.io']);
  });

  it('a TCP-only proxy has nothing to assess and is skipped with a reason', async () => {
    const r = await report(envoy('examples__double-proxy__envoy-backend.yaml'));
    assert.equal(r.apis.length, 0);
    assert.match(r.skipped[0]!.reason, /without an HTTP listener/);
  });
});

describe('Envoy: edge cases', () => {
  it('v2 configurations are reported as legacy, not analysed', async () => {
    const r = await report([fixture('envoy', 'legacy-v2.yaml')]);
    assert.equal(r.apis.length, 0);
    assert.deepEqual(r.skipped.map((s) => s.reason), ['Envoy v2 configuration (legacy, removed in Envoy 1.18): not analysed']);
  });

  it('snake_case and lowerCamelCase spellings of one configuration give the same model', async () => {
    const snake = await assess([fixture('envoy', 'spelling-snake.yaml')], { cwd: ROOT });
    const camel = await assess([fixture('envoy', 'spelling-camel.json')], { cwd: ROOT });
    const shape = (r: typeof snake) =>
      r.model.apis.map((a) => ({ name: a.name, ops: a.operations.map((o) => ({ key: o.key, alts: o.auth.map((p) => p.alternatives.map((alt) => alt.map((c) => `${c.type}:${c.in}:${c.name}:${c.validated}`))), controls: o.evidence.map((e) => e.control) })) }));
    assert.deepEqual(shape(camel), shape(snake));
    assert.equal(snake.model.apis[0]!.operations.length, 3);
  });

  it('TLS 1.0 and ACCEPT_UNTRUSTED client certificates: no certificate credit, two findings', async () => {
    const r = await report([fixture('envoy', 'weak-tls.yaml')]);
    const a = r.apis[0]!;
    assert.equal(a.maturity.level, 2, 'the JWT still counts; the certificate does not');
    assert.deepEqual(findings(a, 'api8-weak-tls-policy').map((f) => f.location.pointer), ['/static_resources/listeners/0/filter_chains/0/transport_socket/typed_config']);
    assert.deepEqual(findings(a, 'api2-client-cert-optional').map((f) => f.severity), ['high']);
    assert.deepEqual(findings(a, 'api2-token-not-bound'), []);
  });

  it('patterns a backtracking engine could take for ever on run in linear time, as RE2 runs them', async () => {
    const started = Date.now();
    const res = await assess([fixture('envoy', 'hostile-regex.yaml')], { cwd: ROOT });
    assert.ok(Date.now() - started < 5000);
    const ops = res.model.apis[0]!.operations;
    // `/(a|aa)+(b+)*$` is a route like any other, matched against descriptions.
    assert.ok(ops.find((o) => o.path.startsWith('/(a|aa)'))!.match);
    // Neither jwt_authn rule (`/(a+)+b`, `/(a|aa)+$`) covers the long route, which ends in `!`: the token is optional there.
    const long = ops.find((o) => o.path.startsWith('/aaaa'))!;
    assert.ok(long.match);
    assert.ok(long.auth[0]!.alternatives.some((a) => a.length === 0));
  });

  it('reports are byte-identical run to run', async () => {
    const inputs = [fixture('corpus', 'gateways', 'envoy'), fixture('drift', 'envoy-key-auth')];
    assert.equal(JSON.stringify(await report(inputs)), JSON.stringify(await report(inputs)));
  });

  it('worker threads give the single-thread report: Envoy and Istio files are assessed together in the main thread', async () => {
    // fixtures/istio/jwt-required holds a PeerAuthentication that alone is skipped, but applies to the workload of its neighbours.
    const inputs = [fixture('corpus', 'gateways', 'envoy'), fixture('envoy', 'split'), fixture('drift', 'envoy-key-auth'), fixture('istio', 'jwt-required')];
    assert.equal(JSON.stringify(await report(inputs, { jobs: 2 })), JSON.stringify(await report(inputs)));
  });

  it('--shard keeps a listener and the route configuration it names in one shard, even in different directories', async () => {
    const runs = await Promise.all([1, 2, 3].map((index) => report([fixture('envoy', 'split'), fixture('drift', 'envoy-key-auth')], { shard: { index, count: 3 } })));
    // The description beside an Envoy config stays with it, so they still join.
    const orders = runs.flatMap((r) => r.apis).filter((a) => a.name === 'Orders API');
    assert.deepEqual(orders.map((a) => a.kinds), [['envoy', 'openapi']]);
    const shop = runs.flatMap((r) => r.apis).filter((a) => a.name.startsWith('shop'));
    assert.equal(shop.length, 1);
    assert.deepEqual(shop[0]!.sources, ['fixtures/envoy/split/listeners/public.yaml', 'fixtures/envoy/split/routes/shop.yaml']);
    assert.deepEqual(opLevels(shop[0]!), { 'ANY /cart': 2, 'POST /partners/orders': 1, 'ANY /status/[a-z]+': 1 });
  });

  it('credentials written into configs never reach any output, only their redacted form', async () => {
    const files = envoy('gateway__xds-ir__api-key-auth.listeners.yaml', 'gateway__xds-ir__basic-auth.listeners.yaml', 'envoy__docs-http_filters-include__api-key-auth-filter.yaml', 'examples__front-proxy__envoy.yaml');
    const res = await assess(files, { cwd: ROOT });
    const secrets = res.model.apis.flatMap((a) => [...a.evidence, ...a.operations.flatMap((o) => o.evidence)]).filter((e) => e.secret);
    const kinds = new Set(secrets.map((e) => e.secret!.kind));
    assert.deepEqual([...kinds].sort(), ['TLS private key', 'api_key_auth key', 'basic_auth password hashes (htpasswd)']);
    const r = await report(files);
    const json = JSON.stringify(r);
    const terminal = renderTerminal(r, { color: false });
    for (const raw of ['one_key', 'another_key', 'special_key', 'key1', 'Zm9vOntTSEF9WXMyM0FnLzVJT1dxWkN3OVFHYVZEZEh3SDAwPQp', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC2GdiSpVAFf5aD']) {
      assert.ok(!json.includes(raw), `JSON report leaks ${raw}`);
      assert.ok(!terminal.includes(raw), `terminal output leaks ${raw}`);
      assert.ok(!JSON.stringify(res.model.apis.map((a) => ({ ev: a.evidence, ops: a.operations.map((o) => [o.evidence, o.auth]) }))).includes(raw), `model keeps ${raw}`);
    }
  });
});

describe('Envoy: findings of the gateway and mesh rules', () => {
  const ids = (a: ReportApi, id: string) => findings(a, id).flatMap((f) => f.operations ?? []).sort();

  it('api_key_auth sample: key in the query, keys written inline, an open route, plain http', async () => {
    const a = (await report(envoy('envoy__docs-http_filters-include__api-key-auth-filter.yaml'))).apis[0]!;
    assert.deepEqual(ids(a, 'api2-gateway-credential-in-url'), ['ANY /admin']);
    assert.equal(findings(a, 'api2-secret-in-config').length, 3);
    assert.deepEqual(ids(a, 'api2-no-auth'), ['ANY /static']);
    assert.equal(findings(a, 'api8-plain-http-route')[0]!.severity, 'high', 'keys travel in clear text');
  });

  it('extract-only JWTs: not validated (C1); symmetric JWKS: static secret (C6); client certificate + JWT: token not bound (C5)', async () => {
    const x = (await report(envoy('envoy__docs-http_filters-include__jwt-authn-extract-only-rbac.yaml'))).apis[0]!;
    assert.deepEqual(ids(x, 'api2-token-not-validated'), ['ANY /admin']);
    const m = (await report(envoy('gateway__xds-ir__jwt-multi-route-multi-provider.listeners.yaml', 'gateway__xds-ir__jwt-multi-route-multi-provider.routes.yaml'))).apis[0]!;
    assert.deepEqual(ids(m, 'api2-static-jwt-secret'), ['ANY foo/bar']);
    assert.equal(findings(m, 'api2-secret-in-config').length, 1, 'the inline oct key');
    const c = (await report([fixture('rules', 'api8-xfcc-spoofable', 'pass.yaml')])).apis[0]!;
    assert.equal(c.maturity.level, 2);
    assert.deepEqual(ids(c, 'api2-token-not-bound'), ['ANY /orders']);
  });

  it('front proxy: plain http reported on :8080 only; CORS sample: any origin without credentials is low', async () => {
    const r = await report(envoy('examples__front-proxy__envoy.yaml'));
    assert.equal(findings(apiNamed(r, 'backend (:8080)'), 'api8-plain-http-route').length, 1);
    assert.equal(findings(apiNamed(r, 'backend (:8443)'), 'api8-plain-http-route').length, 0);
    const cors = (await report(envoy('examples__cors-backend__envoy.yaml'))).apis[0]!;
    const wild = findings(cors, 'api8-cors-credentials-wildcard');
    assert.deepEqual(wild.map((f) => f.severity), ['low']);
    assert.deepEqual(wild[0]!.operations!.sort(), ['ANY /', 'ANY /cors/open']);
  });

  it('rate limits: the enforced local_ratelimit sample has no api4 finding, an unlimited route has one', async () => {
    const rl = await report(envoy('examples__local_ratelimit__envoy.yaml'));
    assert.deepEqual(rl.apis.flatMap((a) => findings(a, 'api4-no-rate-limit')), []);
    const open = (await report(envoy('envoy__configs__jwt_authn.yaml'))).apis[0]!;
    assert.deepEqual(ids(open, 'api4-no-rate-limit'), ['ANY /']);
  });
});

describe('Envoy + OpenAPI: declared and enforced authentication', () => {
  it('declared OAuth, enforced api_key_auth: level 1 with a drift finding naming both files; shadow and zombie routes', async () => {
    const r = await report([fixture('drift', 'envoy-key-auth')]);
    assert.equal(r.apis.length, 1);
    const a = r.apis[0]!;
    assert.deepEqual(a.kinds, ['envoy', 'openapi']);
    assert.deepEqual(opLevels(a), { 'GET /legacy/export': 2, 'GET /orders': 1, 'POST /orders': 1, 'GET /orders/{id}': 1, 'ANY /v1/internal/': 1 });
    assert.equal(a.maturity.level, 1, 'declared alone it would be 2');
    const drift = findings(a, 'api2-auth-drift');
    assert.deepEqual(drift.map((f) => f.operations![0]).sort(), ['GET /orders', 'GET /orders/{id}', 'POST /orders']);
    const get = drift.find((f) => f.operations![0] === 'GET /orders')!;
    assert.match(get.message, /openapi\.yaml#\/security/);
    assert.match(get.message, /envoy\.yaml#\/static_resources\/listeners\/0\/filter_chains\/0\/filters\/0\/typed_config\/route_config\/virtual_hosts\/0\/routes\/0/);
    assert.equal(get.severity, 'high');
    assert.deepEqual(findings(a, 'api9-shadow-endpoint').map((f) => f.operations![0]), ['ANY /v1/internal/']);
    assert.deepEqual(findings(a, 'api9-zombie-operation').map((f) => f.operations![0]), ['GET /legacy/export']);
    // The API key written into the Envoy config is reported, redacted.
    const secret = findings(a, 'api2-secret-in-config');
    assert.equal(secret.length, 1);
    assert.ok(!JSON.stringify(r).includes('k-2f6c1d9e0b7a4c38'));
  });

  it('declared OAuth, enforced jwt_authn: level 2 and no drift', async () => {
    const r = await report([fixture('drift', 'envoy-jwt')]);
    const a = r.apis[0]!;
    assert.equal(a.maturity.level, 2);
    assert.deepEqual(findings(a, 'api2-auth-drift'), []);
    assert.deepEqual(findings(a, 'api9-zombie-operation'), []);
  });
});

describe('the whole shared Envoy corpus', { skip: !existsSync(path.join(CORPUS, 'gateways', 'envoy')) && 'no ../shared/corpus here' }, () => {
  it('loads every file or skips it with a reason, without a crash or a failing rule', async () => {
    const dir = path.join(CORPUS, 'gateways', 'envoy');
    const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
    const r = await report([dir]);
    const seen = new Set([...r.inputs.map((i) => path.basename(i.file)), ...r.skipped.map((s) => path.basename(s.file))]);
    for (const f of files) assert.ok(seen.has(f), `${f} neither loaded nor skipped`);
    for (const s of r.skipped) assert.ok(s.reason.length > 10);
    assert.ok(r.inputs.every((i) => i.kind === 'envoy'));
    const errors = [...r.apis.flatMap((a) => a.findings), ...r.findings].filter((f) => f.ruleId === 'rule-error');
    assert.deepEqual(errors.map((e) => e.message), []);
  });

  it('each file alone loads or is skipped too', async () => {
    const dir = path.join(CORPUS, 'gateways', 'envoy');
    for (const f of readdirSync(dir).filter((x) => /\.ya?ml$/.test(x))) {
      const r = await report([path.join(dir, f)]);
      assert.ok(r.apis.length > 0 || r.skipped.length === 1, f);
    }
  });
});
