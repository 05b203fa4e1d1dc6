// Istio security and networking resources, Kubernetes Gateway API and Envoy Gateway policies: real files
// (fixtures/corpus/gateways/{istio,envoy-gateway}, see their PROVENANCE.md) labelled by reading them, policies joined
// across files, and the whole shared corpus.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { assess } from '../src/assess.js';
import type { Control, Operation } from '../src/model/types.js';
import type { ReportApi } from '../src/report/types.js';
import { apiNamed, CORPUS, fixture, opLevels, report, ROOT } from './helpers.js';

const istio = (f: string) => fixture('corpus', 'gateways', 'istio', f);
const eg = (f: string) => fixture('corpus', 'gateways', 'envoy-gateway', f);

const control = (op: Operation, type: Control['type']) => op.evidence.find((e) => e.control?.type === type)?.control;

describe('Istio: labelled real resources', () => {
  it('Bookinfo ingress (Gateway + VirtualService): five routes over plain http, no authentication — level 0, /login public', async () => {
    const r = await report([istio('istio__samples-bookinfo__bookinfo-gateway.yaml')]);
    const a = apiNamed(r, 'bookinfo (VirtualService)');
    assert.deepEqual(opLevels(a), { 'ANY /api/v1/products': 0, 'ANY /login': 0, 'ANY /logout': 0, 'ANY /productpage': 0, 'ANY /static': 0 });
    assert.equal(a.operations.find((o) => o.path === '/login')!.public, 'auth-entry-point');
    assert.deepEqual(a.kinds, ['istio']);
    const res = await assess([istio('istio__samples-bookinfo__bookinfo-gateway.yaml')], { cwd: ROOT });
    assert.equal(control(res.model.apis[0]!.operations[0]!, 'tls')!.plaintext, true);
  });

  it('Bookinfo on the Gateway API (Gateway + HTTPRoute): the same five routes at level 0', async () => {
    const r = await report([istio('istio__samples-bookinfo-gateway-api__bookinfo-gateway.yaml')]);
    const a = apiNamed(r, 'all host names (Gateway bookinfo-gateway)');
    assert.deepEqual(opLevels(a), { 'ANY /api/v1/products': 0, 'ANY /login': 0, 'ANY /logout': 0, 'ANY /productpage': 0, 'ANY /static': 0 });
  });

  it('Bank of Anthos: principals-only policies are east-west authorization, the frontend stays open to end users', async () => {
    const r = await report([istio('anthos-service-mesh-samples__bank-of-anthos__authorization-policies.yaml')]);
    // Only the loadgenerator and the ingress gateway may call the frontend: users come through the gateway anonymously.
    assert.deepEqual(opLevels(apiNamed(r, 'app=frontend in bank-of-anthos')), { 'GET /': 0, 'POST /': 0 });
    // Only the frontend and ledgerwriter workloads may read balances; what they ask of users is not visible here.
    const balances = apiNamed(r, 'app=balancereader in bank-of-anthos');
    assert.deepEqual(opLevels(balances), { 'GET /balances/': 1 });
    assert.equal(balances.maturity.unmet.find((u) => u.requirement === 'R2.1')!.status, 'unknown');
    const users = apiNamed(r, 'app=userservice in bank-of-anthos');
    assert.deepEqual(opLevels(users), { 'GET /login': 1, 'POST /login': 1, 'GET /users': 1, 'POST /users': 1 });
    // The databases are allowed only on their TCP ports (5432): no HTTP operation is reachable.
    assert.ok(!r.apis.some((a) => a.name.startsWith('app=accounts-db') || a.name.startsWith('app=ledger-db')));
  });

  it('RequestAuthentication on the ingress gateway without a policy requiring it (IAP RCToken) — token optional, level 0', async () => {
    const res = await assess([istio('anthos-service-mesh-samples__iap-integration__rctoken_istio_ingress_gateway.yaml')], { cwd: ROOT });
    const a = res.model.apis[0]!;
    assert.match(a.name, /app=istio-ingressgateway/);
    const p = a.operations[0]!.auth[0]!;
    assert.deepEqual(
      p.alternatives.map((alt) => alt.map((c) => `${c.type} ${c.in} ${c.name}`)),
      [['bearer header ingress-authorization'], []],
    );
    const r = await report([istio('anthos-service-mesh-samples__iap-integration__rctoken_istio_ingress_gateway.yaml')]);
    assert.equal(r.apis[0]!.maturity.level, 0);
  });

  it('RequestAuthentication with every token location (targetRefs Service): header and cookie, still optional', async () => {
    const res = await assess([istio('istio__crds__reqauth-valid.yaml')], { cwd: ROOT });
    const a = res.model.apis[0]!;
    assert.equal(a.name, 'service foo (mesh workload)');
    assert.deepEqual(
      a.operations[0]!.auth[0]!.alternatives.map((alt) => alt.map((c) => `${c.in}:${c.name}`)),
      [['header:foo'], ['cookie:foo'], []],
    );
  });

  it('Gateway API listeners with default frontend certificate validation: the HTTPRoute needs a client certificate — level 1', async () => {
    const r = await report([istio('istio__kube-gateway-testdata__tls.yaml')]);
    const a = apiNamed(r, 'domain.example');
    assert.deepEqual(opLevels(a), { 'ANY /': 1 });
    const res = await assess([istio('istio__kube-gateway-testdata__tls.yaml')], { cwd: ROOT });
    assert.equal(control(res.model.apis[0]!.operations[0]!, 'tls')!.clientCertificate, 'required');
  });

  it('AuthorizationPolicy CUSTOM on two paths: an external authorizer decides there (level 1), the rest is open', async () => {
    const r = await report([istio('istio__authz-builder__custom-simple-http-in.yaml')]);
    assert.deepEqual(opLevels(apiNamed(r, 'app=httpbin,version=v1 in foo')), { 'ANY /': 0, 'ANY /httpbin1': 1, 'ANY /httpbin2': 1 });
  });

  it('an Istio Gateway without routes: plain http on port 80 recorded, routes unknown', async () => {
    const res = await assess([istio('istio__tests-config__ingressgateway.yaml')], { cwd: ROOT });
    const a = res.model.apis[0]!;
    assert.equal(a.described, false);
    assert.deepEqual(a.hosts, ['uk.bookinfo.com']);
    assert.equal(control(a.operations[0]!, 'tls')!.plaintext, true);
  });

  it('PeerAuthentication alone is workload mTLS, not end-user authentication: skipped with that reason', async () => {
    const r = await report([istio('istio__tests-config__peer-authn-strict.yaml')]);
    assert.equal(r.apis.length, 0);
    assert.match(r.skipped[0]!.reason, /PeerAuthentication only \(STRICT\).*not end-user authentication/);
  });

  it('a mesh-wide default-deny policy alone leaves nothing reachable to score', async () => {
    const r = await report([istio('anthos-service-mesh-samples__istio-system__default-deny-authorization-policy.yaml')]);
    assert.equal(r.apis.length, 0);
    assert.match(r.skipped[0]!.reason, /denied \(ALLOW 'deny-all'\)/);
  });
});

describe('Envoy Gateway: labelled real resources', () => {
  it('basicAuth SecurityPolicies on three HTTPRoutes, a fourth route without one', async () => {
    const r = await report([eg('envoy-gateway__e2e-testdata__basic-auth.yaml')]);
    const a = apiNamed(r, 'all host names (Gateway gateway-conformance-infra/same-namespace)');
    assert.deepEqual(opLevels(a), { 'ANY /basic-auth-1': 1, 'ANY /basic-auth-2': 1, 'ANY /basic-auth-3': 1, 'ANY /no-basic-auth': 0 });
    // The htpasswd Secrets the policies reference are written into the same file: kept only redacted.
    const res = await assess([eg('envoy-gateway__e2e-testdata__basic-auth.yaml')], { cwd: ROOT });
    const secrets = res.model.apis[0]!.operations.flatMap((o) => o.evidence).filter((e) => e.secret);
    assert.ok(secrets.length >= 3);
    assert.ok(!JSON.stringify(r).includes('dXNlcjE6e1NIQX10RVNz'));
  });

  it('apiKeyAuth from a header, a cookie or the query string; a section-scoped policy leaves the other rule open', async () => {
    const r = await report([eg('envoy-gateway__e2e-testdata__api-key-auth.yaml')]);
    const a = apiNamed(r, 'all host names');
    assert.deepEqual(opLevels(a), {
      'ANY /api-key-auth-cookie': 1,
      'ANY /api-key-auth-header': 1,
      'ANY /api-key-auth-header-attached': 1,
      'ANY /api-key-auth-header-non-attached': 0,
      'ANY /api-key-auth-header-sanitized': 1,
      'ANY /api-key-auth-query': 1,
    });
    assert.deepEqual(a.maturity.unmet.find((u) => u.requirement === 'R1.2')!.operations, ['ANY /api-key-auth-query']);
  });

  it('JWT SecurityPolicy targeting one of two HTTPRoutes on www.example.com', async () => {
    const r = await report([eg('envoy-gateway__examples-kubernetes-jwt__jwt.yaml')]);
    assert.deepEqual(opLevels(apiNamed(r, 'www.example.com (Gateway eg)')), { 'ANY /bar': 0, 'ANY /foo': 2 });
  });

  it('JWT with claim and scope authorization, default deny — level 2 with access control', async () => {
    const res = await assess([eg('envoy-gateway__e2e-testdata__authorization-jwt.yaml')], { cwd: ROOT });
    for (const op of res.model.apis[0]!.operations) assert.equal(control(op, 'access-control')!.state, 'present');
    const r = await report([eg('envoy-gateway__e2e-testdata__authorization-jwt.yaml')]);
    assert.deepEqual(opLevels(r.apis[0]!), { 'ANY /claim-test': 2, 'ANY /combined-test': 2, 'ANY /scope-test': 2 });
  });

  it('ClientTrafficPolicy: client certificates on one listener (level 1), TLS 1.1 allowed on the other', async () => {
    const r = await report([eg('envoy-gateway__e2e-testdata__client-mtls.yaml')]);
    assert.deepEqual(opLevels(apiNamed(r, 'mtls.example.com')), { 'ANY /client-mtls': 1 });
    assert.deepEqual(opLevels(apiNamed(r, 'tls-settings.example.com')), { 'ANY /client-tls-settings': 0 });
    const res = await assess([eg('envoy-gateway__e2e-testdata__client-mtls.yaml')], { cwd: ROOT });
    const tls = res.model.apis.find((a) => a.name.startsWith('tls-settings'))!.operations[0]!;
    assert.equal(control(tls, 'tls')!.minTlsVersion, '1.1');
    const mtls = res.model.apis.find((a) => a.name.startsWith('mtls'))!;
    assert.ok(mtls.evidence.some((e) => e.control?.type === 'forwarded-client-cert' && e.control.xfccMode === 'SanitizeSet' && !e.control.spoofable));
  });

  it('OIDC login on /foo and /bar (level 2), /public and the identity provider open', async () => {
    const r = await report([eg('envoy-gateway__e2e-testdata__oidc-securitypolicy.yaml')]);
    assert.deepEqual(opLevels(apiNamed(r, 'www.example.com')), { 'ANY /bar': 2, 'ANY /foo': 2, 'ANY /public': 0 });
    assert.ok(!JSON.stringify(r).includes('b2lkY3Rlc3QtZm9vLWNsaWVudC1zZWNyZXQ='));
  });
});

describe('Istio and Envoy Gateway: findings of the gateway and mesh rules', () => {
  const ids = (a: ReportApi, id: string) => a.findings.filter((f) => f.ruleId === id).flatMap((f) => f.operations ?? []).sort();

  it('a RequestAuthentication nothing requires is an anonymous fallback, reported at its JWT rule', async () => {
    const a = (await report([istio('anthos-service-mesh-samples__iap-integration__rctoken_istio_ingress_gateway.yaml')])).apis[0]!;
    const f = a.findings.filter((x) => x.ruleId === 'api2-anonymous-fallback');
    assert.equal(f.length, 1);
    assert.equal(f[0]!.location.pointer, '/spec/jwtRules/0/fromHeaders/0');
  });

  it('Bank of Anthos: the open frontend is reported, workload identities are not custom authorizers', async () => {
    const r = await report([istio('anthos-service-mesh-samples__bank-of-anthos__authorization-policies.yaml')]);
    assert.deepEqual(ids(apiNamed(r, 'app=frontend'), 'api2-no-auth'), ['GET /', 'POST /']);
    assert.deepEqual(r.apis.flatMap((a) => a.findings.filter((f) => f.ruleId === 'api2-custom-authorizer')), []);
  });

  it('Envoy Gateway: API key in the query, secrets written into referenced Secrets, TLS 1.1 allowed', async () => {
    const k = await report([eg('envoy-gateway__e2e-testdata__api-key-auth.yaml')]);
    assert.deepEqual(ids(k.apis[0]!, 'api2-gateway-credential-in-url'), ['ANY /api-key-auth-query']);
    assert.ok(k.apis[0]!.findings.filter((f) => f.ruleId === 'api2-secret-in-config').length >= 2);
    const t = await report([eg('envoy-gateway__e2e-testdata__client-mtls.yaml')]);
    assert.deepEqual(ids(apiNamed(t, 'tls-settings.example.com'), 'api8-weak-tls-policy'), ['ANY /client-tls-settings']);
    assert.deepEqual(ids(apiNamed(t, 'mtls.example.com'), 'api8-weak-tls-policy'), []);
  });
});

describe('Istio: determinism', () => {
  it('reports are byte-identical run to run', async () => {
    const inputs = [fixture('corpus', 'gateways', 'istio'), fixture('corpus', 'gateways', 'envoy-gateway'), fixture('istio')];
    assert.equal(JSON.stringify(await report(inputs)), JSON.stringify(await report(inputs)));
  });
});

describe('Istio: policies joined across files', () => {
  const dir = (f: string) => fixture('istio', 'jwt-required', f);

  it('RequestAuthentication + an AuthorizationPolicy requiring request principals in another file — level 2, scopes on writes', async () => {
    const res = await assess([dir('requestauthentication.yaml'), dir('authorizationpolicy.yaml')], { cwd: ROOT });
    const a = res.model.apis[0]!;
    assert.deepEqual(a.sources, ['fixtures/istio/jwt-required/requestauthentication.yaml', 'fixtures/istio/jwt-required/authorizationpolicy.yaml']);
    const post = a.operations.find((o) => o.key === 'POST /orders')!;
    assert.deepEqual(post.auth[0]!.alternatives.map((alt) => alt.map((c) => `${c.type}:${c.validated}:${(c.scopes ?? []).join(',')}:${(c.audiences ?? []).join(',')}`)), [['bearer:true:orders:write:orders']]);
    const r = await report([dir('requestauthentication.yaml'), dir('authorizationpolicy.yaml')]);
    assert.deepEqual(opLevels(r.apis[0]!), { 'GET /orders': 2, 'POST /orders': 2, 'GET /orders/': 2 });
  });

  it('without the AuthorizationPolicy the same token is optional — level 0; STRICT PeerAuthentication changes nothing', async () => {
    const r = await report([dir('requestauthentication.yaml'), dir('peerauthentication.yaml')]);
    assert.deepEqual(opLevels(r.apis[0]!), { 'ANY /': 0 });
    const res = await assess([dir('requestauthentication.yaml'), dir('peerauthentication.yaml')], { cwd: ROOT });
    const a = res.model.apis[0]!;
    assert.ok(a.evidence.some((e) => e.control?.type === 'workload-mtls' && e.control.mtlsMode === 'STRICT'));
    assert.ok(!a.operations.some((o) => o.auth.some((p) => p.alternatives.some((alt) => alt.some((c) => c.type === 'client-certificate')))), 'mesh mTLS is not a client credential');
  });

  it('with all three: STRICT mTLS is recorded, the level stays what the JWT policy gives', async () => {
    const r = await report([fixture('istio', 'jwt-required')]);
    assert.equal(r.apis[0]!.maturity.level, 2);
    assert.equal(r.apis[0]!.sources.length, 3);
  });
});

describe('Gateway API + OpenAPI: declared and enforced authentication', () => {
  it('declared OAuth, an Envoy Gateway apiKeyAuth policy on the HTTPRoute: level 1 and drift; a mesh workload is not joined by path alone', async () => {
    const r = await report([fixture('drift', 'gateway-api-key'), fixture('istio', 'jwt-required')]);
    const a = apiNamed(r, 'Orders API');
    assert.deepEqual(a.kinds, ['istio', 'openapi']);
    assert.deepEqual(opLevels(a), { 'GET /legacy/export': 2, 'GET /orders': 1, 'POST /orders': 1, 'GET /orders/{id}': 1 });
    const drift = a.findings.filter((f) => f.ruleId === 'api2-auth-drift');
    assert.equal(drift.length, 3);
    assert.match(drift[0]!.message, /openapi\.yaml#.*routes\.yaml#\/spec\/rules\/0\/matches\/0/);
    // The orders workload's policies name /orders too, but nothing ties the workload to this description's host.
    assert.equal(apiNamed(r, 'app=orders in shop').maturity.level, 2);
  });
});

describe('the whole shared Istio and Gateway API corpus', { skip: !existsSync(path.join(CORPUS, 'gateways', 'istio')) && 'no ../shared/corpus here' }, () => {
  for (const sub of ['istio', 'other']) {
    it(`loads every file under gateways/${sub} or skips it with a reason, without a crash`, async () => {
      const d = path.join(CORPUS, 'gateways', sub);
      const files = readdirSync(d).filter((f) => /\.(ya?ml|json)$/.test(f));
      const r = await report([d]);
      const seen = new Set([...r.inputs.map((i) => path.basename(i.file)), ...r.skipped.map((s) => path.basename(s.file))]);
      for (const f of files) assert.ok(seen.has(f), `${f} neither loaded nor skipped`);
      for (const s of r.skipped) assert.ok(s.reason.length > 10);
      const errors = [...r.apis.flatMap((a) => a.findings), ...r.findings].filter((f) => f.ruleId === 'rule-error');
      assert.deepEqual(errors.map((e) => e.message), []);
    });
  }

  it('each Istio file alone loads or is skipped too', async () => {
    const d = path.join(CORPUS, 'gateways', 'istio');
    for (const f of readdirSync(d)) {
      const r = await report([path.join(d, f)]);
      assert.ok(r.apis.length > 0 || r.skipped.length === 1, f);
    }
  });
});
