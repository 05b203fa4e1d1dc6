// The OWASP pack's shared behaviour: one finding per schema definition with the operations that use it, request vs
// response direction, suppression at the schema, remediation naming the field.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALL_RULES } from '../rules/index.js';
import { fixture, onlyApi } from './helpers.js';

const owasp = (f: string) => fixture('owasp', f);

describe('OWASP pack', () => {
  it('reports a shared schema once, at its definition, listing every operation that uses it', async () => {
    const a = await onlyApi(owasp('shared-schema.yaml'));
    const titles = a.findings.filter((f) => f.ruleId === 'api4-unbounded-string' && f.location.pointer === '/components/schemas/Note/properties/title');
    assert.equal(titles.length, 1);
    assert.deepEqual(titles[0]!.operations, ['POST /notes', 'PUT /notes/{id}', 'POST /drafts']);
    assert.match(titles[0]!.remediation, /`maxLength`/);
    assert.match(titles[0]!.remediation, /Note\.title/);
    assert.match(titles[0]!.remediation, /title: \{type: string, maxLength: 256\}/);
  });

  it('suppresses a schema finding with x-api-maturity-ignore at the schema; it stays in the report, uncounted', async () => {
    const a = await onlyApi(owasp('shared-schema.yaml'));
    const body = a.findings.find((f) => f.ruleId === 'api4-unbounded-string' && f.location.pointer === '/components/schemas/Note/properties/body');
    assert.ok(body, 'the suppressed finding is still reported');
    assert.equal(body.suppressed?.by, 'inline');
    assert.match(body.suppressed?.reason ?? '', /64 KiB/);
    assert.equal(body.suppressed?.location?.pointer, '/components/schemas/Note/properties/body/x-api-maturity-ignore');
    assert.equal(a.findings.filter((f) => f.ruleId === 'suppression-invalid').length, 0);
  });

  it('a suppression on an operation does not reach the definition of a schema it uses', async () => {
    const a = await onlyApi(owasp('suppress-at-operation.yaml'));
    const f = a.findings.find((x) => x.ruleId === 'api4-unbounded-string');
    assert.ok(f);
    assert.equal(f.suppressed, undefined);
  });

  it('judges request input and returned data separately', async () => {
    const a = await onlyApi(owasp('directions.yaml'));
    const at = (rule: string) => a.findings.filter((f) => f.ruleId === rule).map((f) => f.location.pointer).sort();
    assert.deepEqual(at('api4-unbounded-string'), ['/components/schemas/AccountInput/properties/nickname']);
    assert.deepEqual(at('api3-mass-assignment'), ['/components/schemas/AccountInput/properties/ownerId']);
    assert.deepEqual(at('api3-sensitive-response-property'), ['/components/schemas/Account/properties/apiSecret']);
    const secret = a.findings.find((f) => f.ruleId === 'api3-sensitive-response-property')!;
    assert.deepEqual(secret.operations, ['POST /accounts', 'GET /accounts/{id}']);
  });

  it('covers all ten OWASP categories with rules that have failing and passing fixtures', () => {
    for (let i = 1; i <= 10; i++) {
      const cat = `API${i}:2023`;
      const rules = ALL_RULES.filter((r) => r.meta.owasp[0] === cat && r.meta.tests.fail.length > 0 && r.meta.tests.pass.length > 0);
      assert.ok(rules.length > 0, `no rule for ${cat}`);
    }
  });
});
