// Spec-only scoring, as MATURITY.md predicts it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fixture, onlyApi } from './helpers.js';

const m = (f: string) => onlyApi(fixture('maturity', f));

describe('maturity ladder from OpenAPI alone', () => {
  it('API key in the query string: level 1 with an API2 finding', async () => {
    const a = await m('apikey-query.yaml');
    assert.equal(a.maturity.level, 1);
    assert.equal(a.maturity.label, 'api-key');
    assert.equal(a.maturity.sublevel, '1a');
    assert.equal(a.maturity.ceiling, 1, 'a static key cannot become a token');
    const f = a.findings.find((x) => x.ruleId === 'api2-key-in-url');
    assert.ok(f && f.owasp.includes('API2:2023'));
    assert.equal(a.maturity.unmet.find((u) => u.requirement === 'R2.1')?.status, 'fails');
  });

  it('OAuth 2.0 authorization code: level 2, level 3 unknown with what would settle it', async () => {
    const a = await m('oauth2-authcode.yaml');
    assert.equal(a.maturity.level, 2);
    assert.equal(a.maturity.label, 'bearer');
    const r31 = a.maturity.unmet.find((u) => u.requirement === 'R3.1');
    assert.equal(r31?.status, 'unknown');
    assert.match(r31?.settleWith ?? '', /openid-configuration/);
    assert.equal(a.maturity.nextStep?.level, 3);
  });

  it('OpenAPI 3.1 mutualTLS + oauth2 in one requirement: level 3 declared, level 4 unknown (settle with AS metadata)', async () => {
    const a = await m('mtls-oauth2.yaml');
    assert.equal(a.maturity.level, 3);
    assert.equal(a.maturity.label, 'sender-constrained');
    assert.equal(a.maturity.binding, 'mtls');
    assert.equal(a.maturity.ceiling, 4);
    const l4 = a.maturity.unmet.filter((u) => u.level === 4 && u.role === 'gate');
    assert.ok(l4.length >= 8);
    for (const id of ['R4.1', 'R4.3', 'R4.6', 'R4.9']) {
      const u = l4.find((x) => x.requirement === id);
      assert.equal(u?.status, 'unknown', id);
      assert.match(u?.settleWith ?? '', /authorization server's metadata/, id);
    }
    assert.ok(a.maturity.evidence.some((e) => e.kind === 'declared' && /mutualTLS/.test(e.summary)));
  });

  it('mutualTLS and oauth2 as alternatives are not a binding: level 1 (the weaker alternative, a bare certificate)', async () => {
    const a = await m('mtls-separate.yaml');
    assert.equal(a.maturity.level, 1);
  });

  it('a client certificate beside a plain bearer JWT: level 2, the token is not bound (cap C5)', async () => {
    const a = await m('bearer-with-client-cert.yaml');
    assert.equal(a.maturity.level, 2);
    const r32 = a.maturity.unmet.find((u) => u.requirement === 'R3.2');
    assert.equal(r32?.status, 'fails');
    assert.match(r32?.reason ?? '', /not bound/);
  });

  it('http DPoP scheme: level 3 with DPoP binding', async () => {
    const a = await m('dpop.yaml');
    assert.equal(a.maturity.level, 3);
    assert.equal(a.maturity.binding, 'dpop');
  });

  it('security alternatives: the weakest wins (Basic OR bearer is level 1)', async () => {
    const a = await m('basic-or-bearer.yaml');
    assert.equal(a.maturity.level, 1);
    assert.ok(a.findings.some((f) => f.ruleId === 'api2-http-basic'));
  });

  it('an unauthenticated admin operation pulls the API to 0 with an API5 finding on that operation; login stays public', async () => {
    const a = await m('admin-open.yaml');
    assert.equal(a.maturity.level, 0);
    assert.equal(a.maturity.authenticatedLevel, 2);
    const admin = a.operations.find((o) => o.path === '/admin/settings');
    assert.equal(admin?.level, 0);
    assert.equal(admin?.public, undefined);
    const login = a.operations.find((o) => o.path === '/auth/login');
    assert.equal(login?.public, 'auth-entry-point');
    const f = a.findings.find((x) => x.ruleId === 'api5-admin-unprotected');
    assert.ok(f, 'API5 finding');
    assert.deepEqual(f.operations, ['PUT /admin/settings']);
    assert.equal(f.location.pointer, '/paths/~1admin~1settings/put');
  });

  it('credentials over plain http cap the level at 2 (C2)', async () => {
    const a = await m('mtls-over-http.yaml');
    assert.equal(a.maturity.level, 2);
    const r13 = a.maturity.unmet.find((u) => u.requirement === 'R1.3');
    assert.equal(r13?.status, 'fails');
    assert.equal(a.maturity.ceiling, 2);
  });

  it('the password flow keeps level 3 but fails FAPI R4.4 and raises a high finding', async () => {
    const a = await m('password-flow-mtls.yaml');
    assert.equal(a.maturity.level, 3);
    assert.equal(a.maturity.ceiling, 3);
    assert.equal(a.maturity.unmet.find((u) => u.requirement === 'R4.4')?.status, 'fails');
    assert.equal(a.findings.find((f) => f.ruleId === 'api2-deprecated-oauth-flow')?.severity, 'high');
  });

  it('a document that describes no security: level 0 as described, described=false, one finding for the document', async () => {
    const a = await onlyApi(fixture('rules', 'api2-no-auth-described', 'fail.yaml'));
    assert.equal(a.maturity.level, 0);
    assert.equal(a.maturity.described, false);
    assert.equal(a.maturity.authenticatedLevel, null);
    // One authentication finding for the whole document, none per operation (other categories have their own rules).
    assert.deepEqual(a.findings.filter((f) => f.owasp.includes('API2:2023') || f.owasp.includes('API1:2023')).map((f) => f.ruleId), ['api2-no-auth-described']);
    const r11 = a.maturity.unmet.find((u) => u.requirement === 'R1.1');
    assert.equal(r11?.status, 'unknown');
    assert.match(r11?.settleWith ?? '', /gateway/);
  });
});
