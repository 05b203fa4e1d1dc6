// Joining evidence from several inputs onto the described operations.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { joinModel } from '../src/model/join.js';
import { routeCovers } from '../src/model/paths.js';
import type { Api, AuthPosture, Operation, RouteMatch } from '../src/model/types.js';
import { scoreApi } from '../src/score/ladder.js';

const deref = { deref: (value: unknown, loc: { file: string; pointer: string }) => ({ value, loc }), valueAt: () => undefined };

function op(method: string, path: string, auth: AuthPosture[], match?: RouteMatch): Operation {
  const o: Operation = { key: `${method.toUpperCase()} ${path}`, method, path, tags: [], deprecated: false, securityFrom: 'none', parameters: [], responses: [], callbacks: [], servers: [], auth, evidence: [], extensions: {}, loc: { file: 'x', pointer: '' } };
  if (match) o.match = match;
  return o;
}

function api(id: string, kind: Api['kinds'][number], ops: Operation[], extra: Partial<Api> = {}): Api {
  return { id, name: id, sources: [`${id}.src`], kinds: [kind], baseUrls: [], described: true, servers: [], securitySchemes: [], operations: ops, webhooks: [], evidence: [], authServers: [], extensions: {}, loc: { file: `${id}.src`, pointer: '' }, deref, ...extra };
}

const declared = (creds: AuthPosture['alternatives']): AuthPosture => ({ evidence: 'declared', source: 'openapi', confidence: 'low', loc: { file: 'spec', pointer: '/security' }, alternatives: creds, summary: 'declared' });
const configured = (creds: AuthPosture['alternatives']): AuthPosture => ({ evidence: 'configured', source: 'kong', confidence: 'medium', loc: { file: 'kong', pointer: '/services/0' }, alternatives: creds, summary: 'configured' });
const bearer = { type: 'bearer' as const, loc: { file: 'spec', pointer: '/components/securitySchemes/oauth' } };
const key = { type: 'api-key' as const, in: 'header' as const, loc: { file: 'kong', pointer: '/plugins/0' } };

describe('join', () => {
  it('route matching: prefix, exact, regex, template, observed requests', () => {
    assert.ok(routeCovers({ kind: 'prefix', value: '/v1/orders' }, 'get', '/v1/orders/{id}'));
    assert.ok(!routeCovers({ kind: 'prefix', value: '/v1/orders', methods: ['post'] }, 'get', '/v1/orders/{id}'));
    assert.ok(routeCovers({ kind: 'regex', value: '/v1/orders/\\d+$' }, 'get', '/v1/orders/{id}') === false);
    assert.ok(routeCovers({ kind: 'regex', value: '/v1/orders/[^/]+$' }, 'get', '/v1/orders/{id}'));
    assert.ok(routeCovers({ kind: 'exact', value: '/v1/orders' }, 'get', '/v1/orders'));
    assert.ok(!routeCovers({ kind: 'exact', value: '/v1/orders/me' }, 'get', '/v1/orders/{id}'));
    assert.ok(routeCovers({ kind: 'template', value: '/v1/orders/{orderId}' }, 'get', '/v1/orders/{id}'));
    assert.ok(routeCovers({ kind: 'request', value: '/v1/orders/42' }, 'get', '/v1/orders/{id}'));
  });

  it('a gateway route that covers described operations replaces their declaration; uncovered routes become shadow operations', () => {
    const spec = api('orders', 'openapi', [op('get', '/orders', [declared([[bearer]])]), op('get', '/orders/{id}', [declared([[bearer]])])], {
      baseUrls: ['https://api.example.com/v1'],
      servers: [{ url: 'https://api.example.com/v1', loc: { file: 'spec', pointer: '/servers/0/url' } }],
    });
    const gw = api('kong-orders', 'kong', [op('get', '/v1/orders', [configured([[key]])], { kind: 'prefix', value: '/v1/orders' }), op('any', '/v1/internal', [configured([[]])], { kind: 'prefix', value: '/v1/internal' })], { hosts: ['api.example.com'] });
    const model = joinModel([{ apis: [spec] }, { apis: [gw] }], []);
    assert.equal(model.apis.length, 1);
    const joined = model.apis[0]!;
    assert.deepEqual(joined.kinds, ['openapi', 'kong']);
    assert.deepEqual(joined.sources, ['orders.src', 'kong-orders.src']);
    const byId = joined.operations.find((o) => o.path === '/orders/{id}')!;
    assert.deepEqual(byId.auth.map((p) => p.evidence), ['declared', 'configured']);
    const shadow = joined.operations.find((o) => o.path === '/v1/internal')!;
    assert.equal(shadow.undocumented, true);
    const s = scoreApi(joined);
    assert.equal(s.operations.find((o) => o.path === '/orders/{id}')!.level, 1, 'declared bearer, enforced API key: the configured evidence decides');
    assert.equal(s.level, 0, 'the shadow route accepts anonymous calls');
  });

  it('a catch-all route joins a description only through a host both name', () => {
    const spec = () => api('orders', 'openapi', [op('get', '/orders', [declared([[bearer]])])], { baseUrls: ['https://api.example.com'] });
    const hostless = api('dashboard', 'kong', [op('any', '/', [configured([[key]])], { kind: 'prefix', value: '/' })]);
    const apart = joinModel([{ apis: [spec()] }, { apis: [hostless] }], []);
    assert.deepEqual(apart.apis.map((a) => a.id), ['orders', 'dashboard'], 'no host in common: the catch-all proves nothing');
    assert.equal(apart.apis[0]!.operations[0]!.auth.length, 1);
    const hosted = api('edge', 'kong', [op('any', '/', [configured([[key]])], { kind: 'prefix', value: '/' })], { hosts: ['api.example.com'] });
    const joined = joinModel([{ apis: [spec()] }, { apis: [hosted] }], []);
    assert.deepEqual(joined.apis.map((a) => a.id), ['orders']);
    assert.deepEqual(joined.apis[0]!.operations[0]!.auth.map((p) => p.evidence), ['declared', 'configured']);
  });

  it('a gateway on other hosts stays an API of its own', () => {
    const spec = api('orders', 'openapi', [op('get', '/orders', [declared([[bearer]])])], { baseUrls: ['https://api.example.com'] });
    const gw = api('billing', 'kong', [op('get', '/orders', [configured([[key]])], { kind: 'prefix', value: '/orders', hosts: ['billing.example.com'] })], { hosts: ['billing.example.com'] });
    const model = joinModel([{ apis: [spec] }, { apis: [gw] }], []);
    assert.deepEqual(model.apis.map((a) => a.id), ['orders', 'billing']);
    assert.equal(model.apis[1]!.operations[0]!.undocumented, undefined);
  });

  it('an observed call joins the most specific described template, every call counts, and shadow calls lose the base path', () => {
    const observed = (alts: AuthPosture['alternatives']): AuthPosture => ({ evidence: 'observed', source: 'har', confidence: 'medium', loc: { file: 'h.har', pointer: '/log/entries/0' }, alternatives: alts, summary: 'observed' });
    const spec = api('users', 'openapi', [op('get', '/users/me', [declared([[bearer]])]), op('get', '/users/{id}', [declared([[bearer]])])], {
      baseUrls: ['https://api.example.com/v1'],
      servers: [{ url: 'https://api.example.com/v1', loc: { file: 'spec', pointer: '/servers/0/url' } }],
    });
    const req = (p: string, alts: AuthPosture['alternatives']) => op('get', p, [observed(alts)], { kind: 'request', value: p, methods: ['get'], hosts: ['api.example.com'] });
    const traffic = api('traffic', 'har', [req('/v1/users/me', [[bearer]]), req('/v1/users/a.txt', [[key]]), req('/v1/users/b.txt', [[]]), req('/v1/admin/stats', [[]])], { hosts: ['api.example.com'] });
    const model = joinModel([{ apis: [spec] }, { apis: [traffic] }], []);
    assert.equal(model.apis.length, 1);
    const ops = Object.fromEntries(model.apis[0]!.operations.map((o) => [o.key, o.auth.map((p) => p.evidence).join(',')]));
    assert.deepEqual(ops, { 'GET /users/me': 'declared,observed', 'GET /users/{id}': 'declared,observed,observed', 'GET /admin/stats': 'observed' });
    assert.equal(model.apis[0]!.operations.find((o) => o.key === 'GET /admin/stats')!.undocumented, true);
  });
});
