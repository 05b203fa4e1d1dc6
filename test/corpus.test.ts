// Real public documents: every OpenAPI document in the shared corpus is assessed without a crash, and the levels of
// documents labelled by reading them (fixtures/corpus/openapi, see its PROVENANCE.md) are what a reviewer expects.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CORPUS, fixture, onlyApi, report } from './helpers.js';

const corpus = (f: string) => fixture('corpus', 'openapi', f);

describe('labelled real documents', () => {
  const cases: [string, number, string][] = [
    ['vampi-openapi3.yml', 0, 'VAmPI: /users/v1, /books/v1 and /createdb carry no security'],
    ['crapi-openapi-spec.json', 0, 'crAPI: two data operations with security: [] beside seven auth entry points'],
    ['pixi-swagger.json', 0, 'Pixi: no security described at all'],
    ['juice-shop-b2b-swagger.yml', 2, 'Juice Shop B2B: http bearer on its one order operation'],
    ['redocly-museum-openapi.yaml', 1, 'Museum: HTTP Basic'],
    ['realworld-conduit-openapi.yml', 0, 'Conduit: several article reads without a token'],
    ['slack_web_openapi_v2.json', 2, 'Slack Web API: oauth2 accessCode on every method'],
    ['netlify_swagger.yml', 0, 'Netlify: an implicit oauth2 flow, but also operations without security'],
    ['cds_common.yaml', 0, 'Australian CDR: FAPI APIs whose description declares no security (undescribed)'],
    ['psd2-confirmation-of-funds-consent-2.0-20190607.yaml', 0, 'Berlin Group: security [{}, {BearerAuthOAuth: []}] makes authentication optional'],
    ['unofficial__trello.com_1.0.yaml', 0, 'Trello: API key and token in the query, some operations open'],
  ];
  for (const [file, level, why] of cases) {
    it(`${file}: level ${level} — ${why}`, async () => {
      const a = await onlyApi(corpus(file));
      assert.equal(a.maturity.level, level);
    });
  }

  it('the undescribed CDR document is marked described=false with one finding', async () => {
    const a = await onlyApi(corpus('cds_common.yaml'));
    assert.equal(a.maturity.described, false);
    assert.equal(a.findings.filter((f) => f.ruleId === 'api2-no-auth-described').length, 1);
  });

  it('crAPI: auth entry points are public and do not pull the level down; the real holes do', async () => {
    const a = await onlyApi(corpus('crapi-openapi-spec.json'));
    const pub = a.operations.filter((o) => o.public === 'auth-entry-point').map((o) => `${o.method} ${o.path}`);
    assert.ok(pub.includes('post /identity/api/auth/login'));
    assert.ok(pub.includes('post /identity/api/auth/signup'));
    const open = a.findings.filter((f) => f.ruleId === 'api2-no-auth').flatMap((f) => f.operations ?? []);
    assert.deepEqual(open.sort(), ['GET /workshop/api/mechanic/receive_report', 'GET /workshop/api/shop/return_qr_code']);
    assert.equal(a.maturity.authenticatedLevel, 2);
  });

  it('Trello: keys in the query are reported once per scheme', async () => {
    const a = await onlyApi(corpus('unofficial__trello.com_1.0.yaml'));
    assert.deepEqual(a.findings.filter((f) => f.ruleId === 'api2-key-in-url').map((f) => f.location.pointer).sort(), ['/securityDefinitions/api_key', '/securityDefinitions/api_token']);
  });
});

describe('the whole shared corpus', { skip: !existsSync(path.join(CORPUS, 'openapi')) && 'no ../shared/corpus here' }, () => {
  for (const sub of ['vulnerable', 'banking', 'directory', 'spectral-owasp-cases', 'large']) {
    it(`assesses every document under openapi/${sub} without a crash`, async () => {
      const r = await report([path.join(CORPUS, 'openapi', sub)]);
      assert.ok(r.apis.length > 0);
      const errors = [...r.apis.flatMap((a) => a.findings), ...r.findings].filter((f) => f.ruleId === 'rule-error');
      assert.deepEqual(errors.map((e) => e.message), []);
      for (const s of r.skipped) assert.ok(s.reason.length > 0);
    });
  }
});
