// Gateway configs: Kong declarative configs and AWS API Gateway (OpenAPI extensions, CloudFormation/SAM templates).
// Real files are labelled by reading them (fixtures/corpus/gateways/*/PROVENANCE.md); synthetic configs pin Kong's
// precedence and defaults; pairs of a description and a gateway config show joined evidence and drift.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { PACKS } from '../rules/index.js';
import { assess } from '../src/assess.js';
import { InputError } from '../src/load/errors.js';
import { FORMATS } from '../src/report/formats.js';
import type { Report, ReportApi } from '../src/report/types.js';
import { CORPUS, cli, fixture, report } from './helpers.js';

const kong = (f: string) => fixture('corpus', 'gateways', 'kong', f);
const aws = (f: string) => fixture('corpus', 'gateways', 'aws', f);

function api(r: Report, id: string): ReportApi {
  const a = r.apis.find((x) => x.id === id);
  assert.ok(a, `API ${id} in ${r.apis.map((x) => x.id).join(', ')}`);
  return a;
}

function levels(a: ReportApi): Record<string, number> {
  return Object.fromEntries(a.operations.map((o) => [`${o.method} ${o.path}`, o.level]));
}

const rules = (a: ReportApi) => a.findings.map((f) => f.ruleId);

describe('Kong: labelled real configs', () => {
  it('deck validate (EE): global key-auth with its defaults — level 1, key accepted in the query, keys written in the config', async () => {
    const a = api(await report([kong('deck__validate__kong-ee.yaml')]), 'example-service');
    assert.deepEqual(levels(a), { 'get,post /mock': 1 });
    assert.equal(a.maturity.sublevel, '1a', 'key in the URL and plain http: 1a');
    assert.deepEqual(a.kinds, ['kong']);
    assert.ok(rules(a).includes('api2-gateway-credential-in-url'));
    assert.equal(a.findings.filter((f) => f.ruleId === 'api2-secret-in-config').length, 2);
    assert.ok(!rules(a).includes('api4-no-rate-limit'), 'the service has rate-limiting');
  });

  it('US GSA identity gateway: global oauth2 over an http-only route — level 2, plain http is a high finding (cap C2)', async () => {
    const a = api(await report([kong('identity-idva-api-gateway__kong.yaml')]), 'idemia-microservice');
    assert.deepEqual(levels(a), { 'get,options,post /ipp': 2 });
    assert.equal(a.maturity.ceiling, 2, 'credentials over plain http cap the level at 2');
    assert.equal(a.maturity.unmet.find((u) => u.requirement === 'R1.3')?.status, 'fails');
    assert.equal(a.findings.find((f) => f.ruleId === 'api8-plain-http-route')?.severity, 'high');
    assert.ok(rules(a).includes('api4-no-rate-limit'));
    assert.equal(a.findings.find((f) => f.ruleId === 'api8-cors-credentials-wildcard')?.severity, 'low', 'origins * without credentials');
  });

  it('decK identity providers: openid-connect OR key-auth with an anonymous consumer that request-termination refuses — level 1, not 0', async () => {
    const a = api(await report([kong('deck__05-identity-providers__output.yaml')]), 'ai-gateway');
    assert.deepEqual(levels(a), { 'post /ai/chat/completions': 1 });
    assert.ok(!rules(a).includes('api2-anonymous-fallback'));
    assert.ok(!rules(a).includes('api2-no-auth'));
  });

  it('Supabase self-hosted gateway: key-auth services at 1, open routes at 0, auth entry points public, blocked routes not served', async () => {
    const r = await report([kong('supabase__docker-volumes-api__kong.yml')]);
    const level = (id: string) => api(r, id).maturity.level;
    assert.equal(level('rest-v1'), 1);
    assert.equal(level('graphql-v1'), 1);
    assert.equal(level('dashboard'), 1, 'basic-auth');
    assert.equal(level('storage-v1'), 0, 'no key-auth: the storage service checks tokens itself, the gateway does not');
    assert.equal(level('functions-v1'), 0);
    assert.equal(api(r, 'auth-v1-open-authorize').operations[0]!.public, 'auth-entry-point');
    assert.equal(api(r, 'well-known-oauth').operations[0]!.public, 'auth-entry-point');
    for (const blocked of ['mcp', 'mcp-blocker', 'realtime-v1-rest-openapi', 'realtime-v1-rest-tenants']) {
      assert.ok(!r.apis.some((x) => x.id === blocked), `${blocked} answers 403 to every call`);
    }
    assert.ok(!r.apis.some((x) => rules(x).includes('api2-secret-in-config')), '$SUPABASE_ANON_KEY and other placeholders are not secrets');
  });

  it('nested entities: key-auth + basic-auth + jwt all required, with HS256 consumer secrets — level 1 (cap C6); unprotected services at 0', async () => {
    const r = await report([kong('go-database-reconciler__006-complex-nested-structure__input.yaml')]);
    assert.deepEqual(levels(api(r, 'alpha-service')), { 'any /alpha': 1, 'any /mike': 1, 'any /zulu': 1 });
    assert.ok(rules(api(r, 'alpha-service')).includes('api2-static-jwt-secret'));
    assert.deepEqual(levels(api(r, 'mike-service')), { 'any /beta': 0, 'any /delta': 0 });
    assert.equal(api(r, 'alpha-service').findings.find((f) => f.ruleId === 'api8-cors-credentials-wildcard')?.location.pointer, '/services/2/routes/1/plugins/1');
  });

  it('kong2kic test data: its only route is blocked by request-termination, so no API; the credentials in it are still reported', async () => {
    const r = await report([kong('deck__kong2kic-testdata__input.yaml')]);
    assert.equal(r.apis.length, 0);
    assert.deepEqual(r.inputs.map((i) => i.kind), ['kong']);
    assert.ok(r.findings.filter((f) => f.ruleId === 'api2-secret-in-config').length >= 4);
  });
});

describe('AWS API Gateway: labelled real templates and documents', () => {
  it('SAM output, every authorizer kind: an authorizer AND the API key per method (API Gateway semantics, not OpenAPI alternatives)', async () => {
    const a = api(await report([aws('sam__translator-output__api_with_auth_all_maximum.json')]), 'myapi@1.0');
    assert.deepEqual(a.kinds, ['aws', 'openapi']);
    const l = levels(a);
    assert.equal(l['get /'], 1, 'NONE + api_key: the key alone');
    assert.equal(l['put /users'], 2, 'Cognito user pool + key');
    assert.equal(l['any /any/default'], 2);
    assert.equal(l['delete /users'], 1, 'Lambda REQUEST authorizer: unknown beyond level 1');
    assert.equal(l['get /users'], 1, 'Lambda TOKEN authorizer');
    assert.equal(a.maturity.level, 1);
    assert.ok(rules(a).includes('api2-custom-authorizer'));
    assert.ok(rules(a).includes('api2-api-key-as-auth'));
    assert.equal(a.findings.find((f) => f.ruleId === 'api4-no-rate-limit')?.location.pointer, '/Resources/MyApi', 'no stage throttling: account defaults only');
    const op = a.operations.find((o) => o.path === '/users' && o.method === 'put')!;
    assert.equal(op.location.pointer, '/Resources/MyApi/Properties/Body/paths/~1users/put');
    assert.ok(op.location.line! > 1, 'locations inside the embedded body have lines');
  });

  it('SAM output, HTTP API: JWT authorizer 2, Lambda authorizer 1, IAM (SigV4) 1', async () => {
    const a = api(await report([aws('sam__translator-output__http_api_multiple_authorizers.json')]), 'myapi@1.0');
    assert.deepEqual(levels(a), { 'any $default': 1, 'get /hello': 1, 'put /hello': 2, 'post /hello': 1, 'get /hello-aws-iam-auth': 1 });
  });

  it('SAM output, IAM overrides: NONE is level 0, Cognito 2, IAM 1', async () => {
    const a = api(await report([aws('sam__translator-output__api_with_aws_iam_auth_overrides.json')]), 'myapiwithawsiamauth@1.0');
    const l = levels(a);
    assert.equal(l['get /MyFunctionNoneAuth'], 0);
    assert.equal(l['get /MyFunctionMyCognitoAuth'], 2);
    assert.equal(l['get /MyFunctionWithoutAuth'], 1);
    assert.equal(a.maturity.level, 0);
    assert.deepEqual(a.findings.filter((f) => f.ruleId === 'api2-no-auth').map((f) => f.operations), [['GET /MyFunctionNoneAuth']]);
  });

  it('SAM output, usage plans: a plan with Throttle counts as rate limiting, one without does not', async () => {
    const r = await report([aws('sam__translator-output__api_with_usageplans.json')]);
    assert.ok(!rules(api(r, 'myapitwo@1.0')).includes('api4-no-rate-limit'));
    assert.ok(rules(api(r, 'myapione@1.0')).includes('api4-no-rate-limit'));
    assert.ok(rules(api(r, 'myapithree@1.0')).includes('api4-no-rate-limit'), 'ServerlessUsagePlan has neither Throttle nor Quota');
  });

  it('HTTP API quick create behind a mutual-TLS domain with the default endpoint disabled: the client certificate is required — level 1', async () => {
    const a = api(await report([aws('serverless-patterns__apigw-mutualtls-lambda__template.yaml')]), 'httpapi');
    assert.deepEqual(levels(a), { 'any $default': 1 });
    assert.ok(a.maturity.evidence.some((e) => /client certificate required by the custom domain/.test(e.summary)));
    assert.ok(!rules(a).includes('api8-mtls-bypassable'));
  });

  it('certificate-bound tokens via a Lambda authorizer: level 1, ceiling 4 (claimed, unknown), and the mTLS domain is bypassable', async () => {
    const a = api(await report([aws('serverless-patterns__apigw-cognito-certificate-bound-access-token__template.yaml')]), 'api');
    assert.deepEqual(levels(a), { 'get /example': 1 });
    assert.equal(a.maturity.ceiling, 4);
    assert.equal(a.maturity.unmet.find((u) => u.requirement === 'R2.1')?.status, 'unknown');
    assert.equal(a.findings.find((f) => f.ruleId === 'api8-mtls-bypassable')?.location.pointer, '/Resources/Api/Properties/Domain');
  });

  it('HTTP API export with x-amazon-apigateway-cors and no authorizer: an OpenAPI input enriched as configured evidence — level 0', async () => {
    const r = await report([aws('serverless-patterns__apigw-sqs-lambda__api.yaml')]);
    assert.deepEqual(r.inputs.map((i) => i.kind), ['openapi']);
    const a = r.apis[0]!;
    assert.deepEqual(a.kinds, ['aws', 'openapi']);
    assert.deepEqual(levels(a), { 'post /submit': 0 });
    assert.equal(a.maturity.described, true, 'the gateway config says there is no authorizer: open, not undescribed');
    assert.ok(!rules(a).includes('api2-no-auth-described'));
    assert.ok(!rules(a).includes('api4-no-rate-limit'), 'throttling lives outside the document: unknown, not absent');
  });
});

describe('AWS API Gateway semantics', () => {
  it('a declared scheme with no API Gateway authorizer is left to the backend: the declaration stays the evidence', async () => {
    const a = (await report([fixture('gateways', 'aws-backend-auth', 'openapi.yaml')])).apis[0]!;
    assert.deepEqual(a.kinds, ['aws', 'openapi']);
    assert.deepEqual(levels(a), { 'get /things': 2 });
    assert.ok(a.maturity.evidence.every((e) => e.kind !== 'configured' || e.source !== 'aws' || !/oauth/i.test(e.summary)));
    assert.ok(a.maturity.evidence.some((e) => e.kind === 'declared'));
    // Nothing from the gateway side; the description's own OWASP findings (no scopes, no 401…) are the owasp pack's.
    const owaspIds = new Set(PACKS['owasp']!.map((r) => r.meta.id));
    assert.deepEqual(rules(a).filter((id) => !owaspIds.has(id)), []);
  });
});

describe('an OpenAPI body embedded in a template', () => {
  it("resolves local $refs inside the body, not against the template's root, and reports no broken reference", async () => {
    const d = mkdtempSync(path.join(tmpdir(), 'am-body-'));
    writeFileSync(
      path.join(d, 'template.json'),
      JSON.stringify({
        Resources: {
          Api: {
            Type: 'AWS::ApiGateway::RestApi',
            Properties: {
              Body: {
                swagger: '2.0',
                info: { title: 'Users', version: '1' },
                definitions: { user: { type: 'object', properties: { name: { type: 'string' } } } },
                paths: { '/users': { post: { parameters: [{ in: 'body', name: 'user', schema: { $ref: '#/definitions/user' } }], responses: { '201': { description: 'created' } } } } },
              },
            },
          },
        },
      }),
    );
    const res = await assess([path.join(d, 'template.json')], { cwd: d });
    const api0 = res.model.apis[0]!;
    const body = api0.operations[0]!.requestBody!.content[0]!.schema!;
    const target = api0.deref.deref(body.node, body.loc);
    assert.deepEqual(target.loc, { file: 'template.json', pointer: '/Resources/Api/Properties/Body/definitions/user' });
    assert.equal((target.value as { type: string }).type, 'object');
    assert.ok(!res.findings.some((f) => f.ruleId.startsWith('ref-')));
  });
});

describe('joining a gateway config with its description', () => {
  it('spec + Kong: declared OAuth, enforced key-auth — level 1 instead of 2, with a drift finding naming both files', async () => {
    const alone = await report([fixture('rules', 'api2-auth-drift', 'fail', 'openapi.yaml')]);
    assert.equal(alone.apis[0]!.maturity.level, 2);
    const r = await report([fixture('rules', 'api2-auth-drift', 'fail')]);
    assert.equal(r.apis.length, 1);
    const a = r.apis[0]!;
    assert.deepEqual(a.kinds, ['kong', 'openapi']);
    assert.deepEqual(levels(a), { 'get /orders': 1, 'post /orders': 1 });
    const drift = a.findings.find((f) => f.ruleId === 'api2-auth-drift' && f.location.pointer === '/paths/~1orders/get')!;
    assert.equal(drift.severity, 'high');
    assert.match(drift.message, /declared bearer token \(.*openapi\.yaml#\/security\) but only API key \/ static secret is enforced \(.*kong\.yaml#\/services\/0\/routes\/0\)/);
    assert.ok(a.maturity.evidence.some((e) => e.kind === 'configured' && e.source === 'kong'));
    assert.ok(a.maturity.evidence.some((e) => e.kind === 'declared'));
  });

  it('Kong with certificate-bound tokens (strict) and the authorization server metadata it names: level 4', async () => {
    const gwOnly = (await report([fixture('gateways', 'kong-fapi', 'kong.yaml')])).apis[0]!;
    assert.equal(gwOnly.maturity.level, 3);
    assert.equal(gwOnly.maturity.binding, 'mtls');
    const r = await report([fixture('gateways', 'kong-fapi')]);
    assert.equal(r.apis.length, 1);
    const a = r.apis[0]!;
    assert.deepEqual(a.kinds, ['as-metadata', 'kong']);
    assert.equal(a.maturity.level, 4, JSON.stringify(a.maturity.unmet.filter((u) => u.level === 4)));
    assert.deepEqual(a.findings.map((f) => f.ruleId), []);
  });

  it('spec + Kong: the gateway validates the declared tokens — level 2, no drift', async () => {
    const a = (await report([fixture('rules', 'api2-auth-drift', 'pass')])).apis[0]!;
    assert.equal(a.maturity.level, 2);
    assert.ok(!rules(a).includes('api2-auth-drift'));
  });

  it('spec + SAM template: declared OpenID Connect, deployed with an API key only — level 1, drift on both operations', async () => {
    const r = await report([fixture('gateways', 'aws-drift')]);
    assert.equal(r.apis.length, 1);
    const a = r.apis[0]!;
    assert.deepEqual(a.kinds, ['aws', 'openapi']);
    assert.deepEqual(levels(a), { 'get /shipments': 1, 'get /shipments/{id}': 1 });
    assert.equal(a.findings.filter((f) => f.ruleId === 'api2-auth-drift').length, 2);
    assert.ok(!rules(a).includes('api4-no-rate-limit'), 'the usage plan throttles');
  });

  it('shadow and zombie: a routed path no description mentions, a described path no route serves', async () => {
    const shadow = (await report([fixture('rules', 'api9-shadow-endpoint', 'fail')])).apis[0]!;
    const op = shadow.operations.find((o) => o.path === '/v1/debug')!;
    assert.equal(op.location.pointer, '/services/0/routes/1');
    assert.ok(rules(shadow).includes('api9-shadow-endpoint'));
    const zombie = (await report([fixture('rules', 'api9-zombie-operation', 'fail')])).apis[0]!;
    assert.deepEqual(zombie.findings.filter((f) => f.ruleId === 'api9-zombie-operation').map((f) => f.operations), [['GET /legacy']]);
  });
});

describe('credentials in configs never reach any output', () => {
  const raw = [
    'kA9-treasury-4f0c2b7e91d3',
    'Correct-Horse-Battery-Staple-42',
    'hmac-0b5f3e9a7c1d24e8',
    'jwt-hs256-secret-6d2a91c4e7',
    'oauth-client-secret-3e8b1f',
    'top-level-key-9c7e5a3b1d',
    'wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY',
    'FixturePrivateKeyMaterial0123456789',
    'partnerKeyValue-2b8e6f4a0c9d7e15',
  ];

  it('every output format (JSON, terminal, HTML with source snippets, SARIF, Markdown, JUnit, and any added to the registry) shows a prefix and a hash, never the value', () => {
    const json = cli(['assess', 'fixtures/gateways/secrets', '-f', 'json']);
    const term = cli(['assess', 'fixtures/gateways/secrets', '-f', 'terminal']);
    const d = mkdtempSync(path.join(tmpdir(), 'am-secrets-'));
    const file = cli(['assess', 'fixtures/gateways/secrets', '-q', ...FORMATS.flatMap((f) => ['-o', path.join(d, `r-${f.name}${f.extensions[0]}`)])]);
    assert.equal(file.code, 0, file.stderr);
    const written = readdirSync(d).map((f) => readFileSync(path.join(d, f), 'utf8')).join('\n');
    for (const out of [json.stdout, term.stdout, json.stderr, term.stderr, written]) {
      for (const v of raw) assert.ok(!out.includes(v), `leaked ${v.slice(0, 4)}…`);
    }
    const rep = JSON.parse(json.stdout) as Report;
    const secrets = rep.apis.flatMap((a) => a.findings).filter((f) => f.ruleId === 'api2-secret-in-config');
    assert.equal(secrets.length, raw.length);
    assert.ok(secrets.every((f) => /…#[0-9a-f]{8}\)$/.test(f.message)), secrets.map((f) => f.message).join('\n'));
    assert.ok(secrets.every((f) => f.severity === 'high' && f.sensitive === true));
    const html = readFileSync(path.join(d, 'r-html.html'), 'utf8');
    assert.match(html, /Value: \[redacted\]/, 'the HTML snippet keeps the key and hides the value');
    assert.match(term.stdout, /api2-secret-in-config/);
  });
});

describe('Kong semantics', () => {
  const tmp = (files: Record<string, string>) => {
    const d = mkdtempSync(path.join(tmpdir(), 'am-kong-'));
    for (const [f, c] of Object.entries(files)) writeFileSync(path.join(d, f), c);
    return d;
  };
  const one = async (yaml: string): Promise<ReportApi> => {
    const r = await report([path.join(tmp({ 'kong.yaml': yaml }), 'kong.yaml')]);
    assert.equal(r.apis.length, 1);
    return r.apis[0]!;
  };
  const svc = (plugins: string, route = 'paths: [/x]\n        protocols: [https]') => `_format_version: "3.0"\nservices:\n  - name: s\n    url: https://s.internal\n    routes:\n      - name: r\n        ${route}\n    plugins:\n${plugins}`;

  it('a route instance of a plugin replaces the service instance (key in the query only where the route does not override it)', async () => {
    const yaml = `_format_version: "3.0"
services:
  - name: s
    url: https://s.internal
    plugins:
      - name: key-auth
    routes:
      - name: open-query
        paths: [/a]
        protocols: [https]
      - name: header-only
        paths: [/b]
        protocols: [https]
        plugins:
          - name: key-auth
            config: {key_in_query: false}
`;
    const a = await one(yaml);
    assert.deepEqual(a.findings.filter((f) => f.ruleId === 'api2-gateway-credential-in-url').map((f) => f.operations), [['ANY /a']]);
  });

  it('a route blocked by request-termination is not served; the block is listed as evidence', async () => {
    const a = await one(`_format_version: "3.0"\nservices:\n  - name: s\n    url: https://s.internal\n    plugins:\n      - name: key-auth\n        config: {key_in_query: false}\n    routes:\n      - {name: a, paths: [/a], protocols: [https]}\n      - name: b\n        paths: [/b]\n        protocols: [https]\n        plugins:\n          - name: request-termination\n            config: {status_code: 403}\n`);
    assert.deepEqual(levels(a), { 'any /a': 1 });
    assert.ok(a.maturity.evidence.some((e) => e.summary === 'route b: request-termination answers every call with 403'));
  });

  it('consumer-scoped authentication plugins never authenticate', async () => {
    const a = await one(`_format_version: "3.0"\nservices:\n  - name: s\n    url: https://s.internal\n    routes:\n      - {name: r, paths: [/x], protocols: [https]}\nconsumers:\n  - username: c\n    plugins:\n      - name: key-auth\n`);
    assert.equal(a.maturity.level, 0);
  });

  it('openid-connect proof of possession: mTLS strict with the certificate requested is level 3; DPoP optional is 2', async () => {
    const strict = await one(svc(`      - name: tls-handshake-modifier\n        config: {tls_client_certificate: REQUEST}\n      - name: openid-connect\n        config: {issuer: "https://as.example/.well-known/openid-configuration", auth_methods: [bearer], bearer_token_param_type: [header], proof_of_possession_mtls: strict}\n`));
    assert.equal(strict.maturity.level, 3);
    assert.equal(strict.maturity.binding, 'mtls');
    const dpop = await one(svc(`      - name: openid-connect\n        config: {issuer: "https://as.example/.well-known/openid-configuration", auth_methods: [bearer], bearer_token_param_type: [header], proof_of_possession_dpop: strict}\n`));
    assert.equal(dpop.maturity.level, 3);
    assert.equal(dpop.maturity.binding, 'dpop');
    const optional = await one(svc(`      - name: openid-connect\n        config: {issuer: "https://as.example/.well-known/openid-configuration", auth_methods: [bearer], bearer_token_param_type: [header], proof_of_possession_dpop: optional}\n`));
    assert.equal(optional.maturity.level, 2);
    assert.ok(rules(optional).includes('api2-binding-optional'));
  });

  it('an acl that does not allow the anonymous consumer closes the anonymous fallback', async () => {
    const open = await one(svc(`      - name: key-auth\n        config: {anonymous: anon, key_in_query: false}\n`) + `consumers:\n  - username: anon\n`);
    assert.equal(open.maturity.level, 0);
    assert.ok(rules(open).includes('api2-anonymous-fallback'));
    const closed = await one(svc(`      - name: key-auth\n        config: {anonymous: anon, key_in_query: false}\n      - name: acl\n        config: {allow: [partners]}\n`) + `consumers:\n  - username: anon\n  - username: p\n    acls: [{group: partners}]\n`);
    assert.equal(closed.maturity.level, 1);
    assert.ok(!rules(closed).includes('api2-anonymous-fallback'));
  });

  it('an authentication plugin limited to https leaves plain http calls unauthenticated', async () => {
    const a = await one(svc(`      - name: key-auth\n        protocols: [https]\n        config: {key_in_query: false}\n`, 'paths: [/x]'));
    assert.equal(a.maturity.level, 0);
  });

  it('_format_version 1.1: regex-looking paths are regexes and meet the described templates', async () => {
    const d = tmp({
      'kong.yaml': `_format_version: "1.1"\nservices:\n  - name: users\n    url: https://users.internal\n    routes:\n      - {name: by-id, paths: ['/v1/users/[^/]+$'], methods: [GET], protocols: [https]}\n    plugins:\n      - name: key-auth\n        config: {key_in_query: false}\n`,
      'openapi.yaml': `openapi: 3.0.3\ninfo: {title: Users, version: "1"}\nservers: [{url: "https://api.example.com/v1"}]\ncomponents: {securitySchemes: {k: {type: apiKey, in: header, name: apikey}}}\nsecurity: [{k: []}]\npaths:\n  /users/{id}:\n    get: {responses: {"200": {description: ok}}}\n  /users:\n    get: {responses: {"200": {description: ok}}}\n`,
    });
    const r = await report([d], { cwd: d });
    assert.equal(r.apis.length, 1);
    const a = r.apis[0]!;
    assert.ok(a.findings.some((f) => f.ruleId === 'api9-zombie-operation' && f.operations?.[0] === 'GET /users'), 'the regex does not cover /users');
    assert.ok(!a.findings.some((f) => f.ruleId === 'api9-zombie-operation' && f.operations?.[0] === 'GET /users/{id}'));
  });

  it('a YAML document that is not a Kong config (a Helm chart, a compose file) is not read as one', async () => {
    const d = tmp({ 'values.yaml': 'plugins:\n  - name: prometheus\nservices:\n  - web\n', 'compose.yaml': 'services:\n  web:\n    image: nginx\n' });
    const r = await report([d], { cwd: d });
    assert.equal(r.inputs.length, 0);
    assert.equal(r.skipped.length, 2);
  });
});

describe('the whole shared gateway corpus', { skip: !existsSync(path.join(CORPUS, 'gateways')) && 'no ../shared/corpus here' }, () => {
  for (const kind of ['kong', 'aws']) {
    it(`every file under gateways/${kind} is assessed, or refused with a one-line reason naming its line`, async () => {
      const dir = path.join(CORPUS, 'gateways', kind);
      let assessed = 0;
      for (const f of readdirSync(dir).filter((x) => x !== 'PROVENANCE.md').sort()) {
        try {
          const r = await report([path.join(dir, f)]);
          assert.ok(r.inputs.length === 1 && (r.inputs[0]!.kind === kind || r.inputs[0]!.kind === 'openapi'), `${f}: read as ${r.inputs[0]?.kind}`);
          const errors = [...r.apis.flatMap((a) => a.findings), ...r.findings].filter((x) => x.ruleId === 'rule-error');
          assert.deepEqual(errors.map((e) => e.message), [], f);
          assessed++;
        } catch (e) {
          assert.ok(e instanceof InputError && e.line !== undefined, `${f}: ${(e as Error).message}`);
        }
      }
      assert.ok(assessed >= (kind === 'kong' ? 17 : 17), `${assessed} assessed`);
    });
  }
});
