// Authorization-server and protected-resource metadata: detection, linking to APIs, and level 4 (FAPI) from it.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { linkMetadata, mappingProblems, normalizeUrl, wellKnownUrls } from '../src/model/link.js';
import type { Api, AuthServer, Model, ProtectedResource } from '../src/model/types.js';
import type { ReportApi, ReportRequirementStatus } from '../src/report/types.js';
import { CORPUS, fixture, report } from './helpers.js';

const am = (...p: string[]) => fixture('as-metadata', ...p);
const req = (a: ReportApi, id: string): ReportRequirementStatus => {
  const r = a.maturity.fapi?.requirements.find((x) => x.requirement === id);
  assert.ok(r, `${id} in maturity.fapi`);
  return r;
};
const failingGates = (a: ReportApi) => a.maturity.fapi!.requirements.filter((r) => r.role === 'gate' && r.status !== 'pass' && r.status !== 'n/a').map((r) => r.requirement);

describe('metadata kinds', () => {
  it('detects discovery documents, entity statements and protected-resource metadata from content', async () => {
    const r = await report([am('corpus'), am('entity-statement'), am('protected-resource.json')]);
    const kinds = Object.fromEntries(r.inputs.map((i) => [path.basename(i.file), i.kind]));
    for (const f of readdirSync(am('corpus'))) assert.equal(kinds[f], 'as-metadata', f);
    assert.equal(kinds['entity-statement.json'], 'as-metadata');
    assert.equal(kinds['protected-resource.json'], 'rs-metadata');
    assert.deepEqual(r.skipped, []);
  });

  it('an entity statement contributes its `metadata.openid_provider`, located there', async () => {
    const r = await report([am('requirements/api.yaml'), am('entity-statement/entity-statement.json')]);
    const api = r.apis[0]!;
    assert.equal(api.maturity.level, 4);
    assert.equal(api.maturity.fapi?.authorizationServers[0]?.location.pointer, '/metadata/openid_provider');
    assert.equal(req(api, 'R4.6').decidedBy[0]?.location.pointer, '/metadata/openid_provider/require_pushed_authorization_requests');
  });
});

// ------------------------------------------------------------------------------------------------ linking

const deref = { deref: (value: unknown, loc: { file: string; pointer: string }) => ({ value, loc }), valueAt: () => undefined };
function apiWith(id: string, schemes: Api['securitySchemes'], baseUrls: string[] = []): Api {
  return { id, name: id, sources: [`${id}.yaml`], kinds: ['openapi'], baseUrls, described: true, servers: [], securitySchemes: schemes, operations: [], webhooks: [], evidence: [], authServers: [], extensions: {}, loc: { file: `${id}.yaml`, pointer: '' }, deref };
}
const server = (issuer: string, md: Record<string, unknown> = {}): AuthServer => ({ issuer, metadata: { issuer, ...md }, loc: { file: `${issuer.replace(/\W+/g, '_')}.json`, pointer: '' } });
const model = (apis: Api[], servers: AuthServer[], prs: ProtectedResource[] = []): Model => ({ apis, authServers: servers, protectedResources: prs, loadFindings: [] });
const loc = { file: 'x.yaml', pointer: '/components/securitySchemes/s' };

describe('linking metadata to APIs', () => {
  it('openIdConnectUrl = issuer + /.well-known/openid-configuration (a trailing slash of the issuer is dropped first)', () => {
    const mojeid = server('https://mojeid.cz/oidc/');
    const m = model([apiWith('a', [{ name: 's', type: 'openIdConnect', openIdConnectUrl: 'https://mojeid.cz/oidc/.well-known/openid-configuration', loc }])], [mojeid]);
    linkMetadata(m);
    assert.equal(m.apis[0]!.authServers.length, 1);
    assert.equal(m.apis[0]!.authServers[0]!.links![0]!.via, 'metadata-url');
    assert.deepEqual(m.loadFindings, []);
    assert.ok(m.apis[0]!.sources.includes(mojeid.loc.file), 'the metadata file becomes a source of the API');
  });

  it('RFC 8414 inserts the well-known segment before the issuer path', () => {
    assert.ok(wellKnownUrls('https://as.example.com/tenant1').includes('https://as.example.com/.well-known/oauth-authorization-server/tenant1'));
    assert.equal(normalizeUrl('HTTPS://AS.Example.com:443/x/'), 'https://as.example.com/x');
  });

  it('authorizationUrl / tokenUrl equal to an endpoint or an mtls_endpoint_aliases entry', () => {
    const s = server('https://as.example.com', { authorization_endpoint: 'https://as.example.com/auth', mtls_endpoint_aliases: { token_endpoint: 'https://mtls.as.example.com/token' } });
    const flows = { authorizationCode: { tokenUrl: 'https://mtls.as.example.com/token', scopes: [], loc } };
    const m = model([apiWith('a', [{ name: 's', type: 'oauth2', flows, loc }]), apiWith('b', [{ name: 's', type: 'oauth2', flows: { clientCredentials: { tokenUrl: 'https://other.example.com/token', scopes: [], loc } }, loc }])], [s]);
    linkMetadata(m);
    assert.deepEqual(m.apis[0]!.authServers[0]!.links!.map((l) => [l.via, l.hint]), [['endpoint', 'https://mtls.as.example.com/token']]);
    assert.equal(m.apis[1]!.authServers.length, 0);
  });

  it('a document linked to no API is reported on the document, never dropped; a mapping links it', () => {
    const s = server('https://login.example.com', { token_endpoint: 'https://login.example.com/token' });
    const m = model([apiWith('payments-api@2', [])], [s]);
    linkMetadata(m);
    assert.deepEqual(m.loadFindings.map((f) => [f.ruleId, f.loc.file]), [['as-metadata-unlinked', s.loc.file]]);
    const m2 = model([apiWith('payments-api@2', []), apiWith('other', [])], [s]);
    linkMetadata(m2, [{ key: 'https://login.example.com/', api: 'Payments-*' }]);
    assert.deepEqual(mappingProblems(m2, [{ key: 'https://login.example.com/', api: 'Payments-*' }]), []);
    assert.equal(m2.apis[0]!.authServers[0]!.links![0]!.via, 'mapping');
    assert.equal(m2.apis[1]!.authServers.length, 0);
    assert.deepEqual(m2.loadFindings, []);
    assert.equal(mappingProblems(model([apiWith('a', [])], [s]), [{ key: 'https://nope.example', api: 'zzz' }]).length, 2);
  });

  it('protected-resource metadata links by resource URL, and links the authorization servers it lists', () => {
    const s = server('https://as.example.com');
    const pr: ProtectedResource = { resource: 'https://api.example.com', metadata: { resource: 'https://api.example.com', authorization_servers: ['https://as.example.com'] }, loc: { file: 'rs.json', pointer: '' } };
    const m = model([apiWith('a', [], ['https://api.example.com/v1']), apiWith('b', [], ['https://api.example.com.evil.test/v1'])], [s], [pr]);
    linkMetadata(m);
    assert.equal(m.apis[0]!.protectedResources?.[0]?.links?.[0]?.via, 'resource');
    assert.deepEqual(m.apis[0]!.authServers[0]!.links!.map((l) => [l.via, l.loc?.pointer]), [['protected-resource', '/authorization_servers/0']]);
    assert.equal(m.apis[1]!.protectedResources, undefined);
    assert.deepEqual(m.loadFindings, []);
  });

  it('through the pipeline: an unlinked document is a finding with its location; --as-map links it', async () => {
    const spec = am('plain-oauth2.yaml');
    const google = am('corpus/panva-wellknown__google.json');
    const r = await report([spec, google]);
    assert.deepEqual(r.findings.map((f) => [f.ruleId, f.location.file.endsWith('google.json'), f.location.line]), [['as-metadata-unlinked', true, 1]]);
    assert.equal(r.apis[0]!.maturity.fapi?.authorizationServers.length, 0);
    const mapped = await report([spec, google], { metadataMap: [{ key: 'https://accounts.google.com', api: 'statements*' }] });
    assert.deepEqual(mapped.findings, []);
    assert.equal(mapped.apis[0]!.maturity.fapi?.authorizationServers[0]?.id, 'https://accounts.google.com');
  });
});

// ------------------------------------------------------------------------------------------------ requirements

describe('level 4 from metadata: one passing and one failing document per requirement', () => {
  const spec = am('requirements/api.yaml');
  const compliant = am('requirements/compliant.json');

  it('the compliant document: level 4 (4a), FAPI 2.0, every gate passes with the field that decided it', async () => {
    const a = (await report([spec, compliant])).apis[0]!;
    assert.equal(a.maturity.level, 4);
    assert.equal(a.maturity.label, 'fapi');
    assert.equal(a.maturity.sublevel, '4a');
    assert.equal(a.maturity.fapi?.profile, 'fapi2-security-profile');
    assert.deepEqual(failingGates(a), []);
    assert.equal(req(a, 'R4.12').status, 'unknown', 'advisory, traffic only: does not block level 4');
    const par = req(a, 'R4.6');
    assert.deepEqual(par.decidedBy.map((d) => [d.field, d.value]), [
      ['require_pushed_authorization_requests', true],
      ['pushed_authorization_request_endpoint', 'https://as.bank.example/par'],
    ]);
    assert.ok(par.decidedBy[0]!.location.line! > 1);
    assert.equal(a.maturity.unmet.filter((u) => u.level === 4 && u.role === 'gate').length, 0);
  });

  const dir = am('requirements');
  for (const id of readdirSync(dir).filter((d) => /^R4\.\d+$/.test(d)).sort((x, y) => Number(x.slice(3)) - Number(y.slice(3)))) {
    const files = readdirSync(path.join(dir, id)).sort();
    const withDocs = (f: string) => (id === 'R4.11' ? [spec, compliant, path.join(dir, id, f)] : [spec, path.join(dir, id, f)]);
    for (const f of files.filter((x) => x.startsWith('pass'))) {
      it(`${id} passes with ${f}`, async () => {
        const a = (await report(withDocs(f))).apis[0]!;
        assert.equal(req(a, id).status, 'pass', req(a, id).reason);
        assert.equal(a.maturity.level, 4);
      });
    }
    for (const f of files.filter((x) => x.startsWith('fail'))) {
      it(`${id} fails with ${f}, with its remediation, the deciding field and its location`, async () => {
        const a = (await report(withDocs(f))).apis[0]!;
        const r = req(a, id);
        assert.equal(r.status, 'fails', r.reason);
        assert.ok(a.maturity.level < 4);
        const u = a.maturity.unmet.find((x) => x.requirement === id);
        assert.equal(u?.status, 'fails');
        assert.ok(u!.remediation.length > 40);
        const where = [...r.decidedBy.map((d) => d.location), ...r.locations];
        assert.ok(where.some((l) => l.line !== undefined && (l.file.includes(`${id}/`) || l.file.endsWith('api.yaml'))), 'located in the document');
        if (f === 'fail.json') assert.deepEqual(failingGates(a), [id], 'exactly this requirement fails');
      });
    }
  }

  it('absent fields take the RFC default with low confidence, and say so', async () => {
    const a = (await report([spec, am('requirements/R4.8/fail.json')])).apis[0]!;
    const r = req(a, 'R4.8');
    assert.equal(r.confidence, 'low');
    assert.match(r.reason, /absent, default per RFC 9207 §3: false/);
    assert.deepEqual(r.decidedBy.map((d) => [d.field, d.value, d.absent, d.default]), [['authorization_response_iss_parameter_supported', false, true, 'RFC 9207 §3']]);
    assert.equal(r.decidedBy[0]!.location.pointer, '', 'an absent field is located at the document');
  });

  it('FAPI 1.0 Advanced is the alternative profile: `code id_token`, signed request objects, mTLS — level 4, profile fapi1-advanced', async () => {
    const a = (await report([spec, am('fapi1-advanced.json')])).apis[0]!;
    assert.equal(a.maturity.level, 4);
    assert.equal(a.maturity.fapi?.profile, 'fapi1-advanced');
    assert.equal(req(a, 'R4.8').status, 'n/a');
    assert.deepEqual(a.maturity.fapi?.alternative, { profile: 'fapi2-security-profile', unmet: ['R4.5', 'R4.6', 'R4.7', 'R4.8'] });
  });

  it('support is not enforcement: a plain OAuth spec with metadata offering bound tokens stays level 2', async () => {
    const weak = (await report([am('plain-oauth2.yaml'), am('requirements/R4.6/fail.json')])).apis[0]!;
    assert.equal(weak.maturity.level, 2);
    assert.equal(weak.maturity.ceiling, 3, 'PAR not required: level 4 is out of reach');
    const a = (await report([am('plain-oauth2.yaml'), compliant])).apis[0]!;
    assert.equal(a.maturity.level, 2);
    assert.equal(a.maturity.ceiling, 4, 'a FAPI-compliant server: 4 if the resource server enforces the binding');
    const r31 = a.maturity.unmet.find((u) => u.requirement === 'R3.1');
    assert.equal(r31, undefined, 'R3.1 passes: the server issues bound tokens');
    assert.equal(a.maturity.unmet.find((u) => u.requirement === 'R3.2')?.status, 'unknown');
  });

  it('protected-resource metadata that accepts tokens in the query fails R2.5 and R4.11', async () => {
    const a = (await report([spec, compliant, am('requirements/R4.11/fail.json')])).apis[0]!;
    assert.equal(a.maturity.level, 3);
    assert.equal(a.maturity.unmet.find((u) => u.requirement === 'R2.5')?.status, 'fails');
    assert.match(req(a, 'R4.11').reason, /bearer_methods_supported/);
    assert.deepEqual(a.maturity.fapi?.protectedResources.map((p) => p.linkedBy[0]?.via), ['resource']);
  });

  it('4b: JAR required and JARM offered on top of level 4 (the demo authorization server)', async () => {
    const a = (await report([fixture('demo/accounts/accounts-api.yaml'), fixture('demo/accounts/openid-configuration.json')])).apis[0]!;
    assert.equal(a.maturity.level, 4);
    assert.equal(a.maturity.sublevel, '4b');
    const sig = Object.fromEntries(a.maturity.fapi!.messageSigning.map((m) => [m.feature, m.status]));
    assert.deepEqual(sig, { jar: 'pass', jarm: 'pass', 'signed-introspection': 'fails', 'http-signatures': 'fails' });
    assert.equal(a.maturity.fapi?.authorizationServers[0]?.linkedBy[0]?.via, 'metadata-url');
    assert.equal(req(a, 'R4.1').confidence, 'medium', 'issuer checked against the openIdConnectUrl');
  });
});

// ------------------------------------------------------------------------------------------------ the real documents

// research/maturity-standards.md §6. `~` (pass, with a strict finding) becomes `fails` for R4.6 where PAR is offered
// but not required: MATURITY.md's settled points require `require_pushed_authorization_requests: true`.
type Exp = 'pass' | 'fails' | '~';
const CORPUS_TABLE: [string, { l3: 'mtls' | 'dpop' | 'mtls+dpop' | null; R43: Exp; R45: Exp; R46: Exp; R47: Exp; R48: Exp; R49: Exp; R44?: Exp }][] = [
  ['cdr-authorisation-server__Samples__oidd.json', { l3: 'mtls', R43: 'pass', R45: 'fails', R46: 'fails', R47: 'pass', R48: 'fails', R49: 'pass' }],
  ['conformance-suite__yes-sandbox__op-metadata.json', { l3: 'mtls', R43: 'pass', R45: 'pass', R46: 'fails', R47: '~', R48: 'fails', R49: 'fails' }],
  ['conformance-suite__authlete-fapidev__openid-provider.json', { l3: 'mtls+dpop', R43: '~', R45: '~', R46: 'fails', R47: '~', R48: 'pass', R49: '~', R44: 'fails' }],
  ['panva-wellknown__google.json', { l3: null, R43: 'fails', R45: '~', R46: 'fails', R47: '~', R48: 'fails', R49: 'fails' }],
  ['panva-wellknown__entra-common.json', { l3: null, R43: '~', R45: '~', R46: 'fails', R47: 'fails', R48: 'fails', R49: 'fails' }],
  ['panva-wellknown__lego.json', { l3: 'dpop', R43: 'fails', R45: '~', R46: 'fails', R47: '~', R48: 'pass', R49: 'fails' }],
  ['panva-wellknown__paypal.json', { l3: null, R43: 'fails', R45: '~', R46: 'fails', R47: 'pass', R48: 'fails', R49: 'fails' }],
  ['panva-wellknown__mojeid.json', { l3: null, R43: '~', R45: '~', R46: 'fails', R47: 'fails', R48: 'fails', R49: '~' }],
  ['panva-wellknown__klarna.json', { l3: null, R43: '~', R45: '~', R46: 'fails', R47: '~', R48: 'fails', R49: 'fails' }],
];
/** The rule that reports the disallowed extras of each requirement (the `~` of the table). */
const STRICT_RULE: Record<string, { rule: string; pointers: string[] }> = {
  'R4.3': { rule: 'fapi-client-secret-offered', pointers: ['/token_endpoint_auth_methods_supported'] },
  'R4.5': { rule: 'fapi-token-response-type', pointers: ['/response_types_supported'] },
  'R4.7': { rule: 'fapi-pkce-plain', pointers: ['/code_challenge_methods_supported'] },
  'R4.9': { rule: 'fapi-weak-signing-alg', pointers: ['/id_token_signing_alg_values_supported', '/userinfo_signing_alg_values_supported', '/request_object_signing_alg_values_supported', '/token_endpoint_auth_signing_alg_values_supported', '/authorization_signing_alg_values_supported', '/dpop_signing_alg_values_supported'] },
};

describe('the nine real authorization-server documents (research §6)', () => {
  const spec = am('requirements/api.yaml');
  for (const [file, exp] of CORPUS_TABLE) {
    it(file, async () => {
      const doc = JSON.parse(readFileSync(am('corpus', file), 'utf8')) as { issuer: string; tls_client_certificate_bound_access_tokens?: boolean };
      const r = await report([spec, am('corpus', file)], { metadataMap: [{ key: doc.issuer, api: 'account-information-api@1.0' }] });
      const a = r.apis[0]!;
      assert.ok(a.maturity.level < 4, 'none of them is FAPI 2.0 compliant as published');
      const ids = ['R4.3', 'R4.5', 'R4.6', 'R4.7', 'R4.8', 'R4.9', ...(exp.R44 ? ['R4.4'] : [])] as const;
      for (const id of ids) {
        const want = exp[id.replace('.', '') as 'R43'];
        const got = req(a, id);
        assert.equal(got.status, want === '~' ? 'pass' : want, `${id}: ${got.reason}`);
        const strict = STRICT_RULE[id];
        if (!strict) continue;
        const hits = a.findings.filter((f) => f.ruleId === strict.rule && strict.pointers.includes(f.location.pointer));
        if (want === '~') assert.ok(hits.length > 0, `${id} passes with a ${strict.rule} finding`);
        // R4.9 is judged list by list: a failing list beside a list with extras still gives a finding on the latter.
        else if (id !== 'R4.9') assert.deepEqual(hits.map((h) => h.location.pointer), [], `${id}: no strict finding when ${want}`);
      }
      // "L3 issued": what the server offers decides R3.1 for the mTLS-bound spec (and is reported either way).
      const r31 = a.maturity.unmet.find((u) => u.requirement === 'R3.1');
      if (exp.l3?.includes('mtls')) assert.equal(r31, undefined);
      else assert.equal(r31?.status, 'fails');
    });
  }

  it('lego: a DPoP-capable server makes a declared DPoP API level 3, not 4 (client secrets, RS256 ID tokens, PAR not required)', async () => {
    const a = (await report([am('dpop-lego.yaml'), am('corpus/panva-wellknown__lego.json')])).apis[0]!;
    assert.equal(a.maturity.level, 3);
    assert.equal(a.maturity.binding, 'dpop');
    assert.deepEqual(failingGates(a), ['R4.3', 'R4.6', 'R4.9']);
  });

  it('CDR: fails FAPI 2.0 on response type, PAR and iss, and FAPI 1.0 Advanced only on RSA1_5 (§8.6.1)', async () => {
    const r = await report([am('requirements/api.yaml'), am('corpus/cdr-authorisation-server__Samples__oidd.json')], { metadataMap: [{ key: 'https://localhost:5001/as', api: 'Account*' }] });
    const a = r.apis[0]!;
    assert.deepEqual(failingGates(a), ['R4.5', 'R4.6', 'R4.8']);
    assert.deepEqual(a.maturity.fapi?.alternative, { profile: 'fapi1-advanced', unmet: ['R4.9'] });
    assert.ok(a.findings.some((f) => f.ruleId === 'fapi-rsa1-5-key-transport' && f.location.pointer === '/id_token_encryption_alg_values_supported'));
  });

  it('Entra: a templated issuer fails R4.1; absent grant types and PKCE take their RFC defaults (low confidence)', async () => {
    const r = await report([am('requirements/api.yaml'), am('corpus/panva-wellknown__entra-common.json')], { metadataMap: [{ key: 'https://login.microsoftonline.com/{tenantid}/v2.0', api: 'Account*' }] });
    const a = r.apis[0]!;
    assert.equal(req(a, 'R4.1').status, 'fails');
    assert.match(req(a, 'R4.1').reason, /template/);
    assert.equal(req(a, 'R4.4').confidence, 'low');
    assert.equal(req(a, 'R4.7').confidence, 'low');
    assert.match(req(a, 'R4.7').reason, /absent, default per RFC 8414 §2/);
  });
});

describe('the shared corpus of authorization-server metadata', { skip: !existsSync(path.join(CORPUS, 'oidc')) && 'no ../shared/corpus here' }, () => {
  it('every document is detected and reported as linked to no API when given alone', async () => {
    const r = await report([path.join(CORPUS, 'oidc')]);
    const docs = readdirSync(path.join(CORPUS, 'oidc')).filter((f) => f.endsWith('.json'));
    assert.equal(r.inputs.filter((i) => i.kind === 'as-metadata').length, docs.length);
    assert.equal(r.findings.filter((f) => f.ruleId === 'as-metadata-unlinked').length, docs.length);
    assert.deepEqual(r.apis, []);
  });
});
