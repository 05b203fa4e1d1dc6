// The credential inventory and the control matrix: the fixture set gives the entries a reviewer writes by hand, client
// secrets come from OAuth client authentication, secrets written into configs are located and never shown, the CSV is
// RFC 4180 and formula-safe, every format carries the inventory, threads give the same bytes, and no real corpus file
// makes `inventory` crash.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { assess, toReport } from '../src/assess.js';
import { InputError } from '../src/load/errors.js';
import { allRuleMeta } from '../src/cli/rules.js';
import { evaluateGates } from '../src/engine/gates.js';
import { FORMATS } from '../src/report/formats.js';
import { csvField, lifetimeText, renderInventoryCsv, renderInventoryJson, renderInventoryTable } from '../src/report/inventory.js';
import { renderMarkdown } from '../src/report/markdown.js';
import { renderHtml } from '../src/report/html.js';
import { INVENTORY_SCHEMA } from '../src/report/schema.js';
import type { Report, ReportApi, ReportCredential } from '../src/report/types.js';
import { REQUIREMENTS } from '../src/score/requirements.js';
import { CORPUS, ROOT, assertValidReport, cli, fixture, onlyApi, report } from './helpers.js';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'am-inventory-'));
const ajv = new Ajv({ allErrors: true, strict: false });
(addFormats as unknown as (a: Ajv) => void)(ajv);
const validateInventory = ajv.compile(INVENTORY_SCHEMA);

/** What a reviewer writes down for a path: the fields of the issue, locations as `file#pointer`. */
function entry(c: ReportCredential) {
  return {
    kind: c.kind,
    presented: c.presented,
    issuedBy: c.issuedBy,
    static: c.static,
    storedIn: c.storedIn.map((s) => `${s.kind} of ${s.owner} at ${s.location.file}#${s.location.pointer}`),
    binding: c.binding,
    lifetimeSeconds: c.lifetimeSeconds,
    scopes: c.scopes,
    sources: c.sources.map((s) => `${s.evidence} ${s.source} ${s.location.file}`),
    operations: c.operations,
  };
}

function byKind(a: ReportApi, kind: string, match: (c: ReportCredential) => boolean = () => true): ReportCredential {
  const c = (a.credentials ?? []).filter((x) => x.kind === kind && match(x));
  assert.equal(c.length, 1, `one ${kind} path in ${a.name}: ${JSON.stringify((a.credentials ?? []).map((x) => x.label))}`);
  return c[0]!;
}

/** RFC 4180: fields separated by commas, quoted when they hold commas, quotes or line breaks; records end with CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      (row = []), (field = ''), i++;
    } else field += ch;
  }
  assert.equal(field + row.join(''), '', 'the last record ends with CRLF');
  return rows;
}

const SET = fixture('inventory');

describe('credential inventory: the fixture set (description + Kong + traffic)', () => {
  it('gives exactly the three paths a reviewer writes by hand, entry by entry', async () => {
    const a = await onlyApi(SET);
    assert.equal(a.credentials!.length, 3);
    assert.deepEqual(entry(byKind(a, 'api-key')), {
      kind: 'api-key',
      presented: { in: 'header', name: 'X-API-Key' },
      issuedBy: 'static',
      static: true,
      storedIn: ['key-auth key of partner at fixtures/inventory/kong.yaml#/consumers/0/keyauth_credentials/0/key'],
      binding: 'none',
      lifetimeSeconds: undefined,
      scopes: [],
      sources: ['declared openapi fixtures/inventory/openapi.yaml', 'configured kong fixtures/inventory/kong.yaml', 'observed har fixtures/inventory/traffic.har'],
      operations: 1,
    });
    assert.deepEqual(entry(byKind(a, 'bearer')), {
      kind: 'bearer',
      presented: { in: 'header', name: 'Authorization' },
      issuedBy: 'https://login.idp.example',
      static: false,
      storedIn: [],
      binding: 'none',
      lifetimeSeconds: 30 * 86400,
      scopes: ['orders:read', 'orders:write', 'payments:write'],
      sources: ['declared openapi fixtures/inventory/openapi.yaml', 'configured kong fixtures/inventory/kong.yaml', 'observed har fixtures/inventory/traffic.har'],
      operations: 3,
    });
    assert.deepEqual(entry(byKind(a, 'dpop')), {
      kind: 'dpop',
      presented: { in: 'header', name: 'Authorization' },
      issuedBy: 'https://login.idp.example',
      static: false,
      storedIn: [],
      binding: 'dpop',
      lifetimeSeconds: 300,
      scopes: ['payments:write'],
      sources: ['observed har fixtures/inventory/traffic.har'],
      operations: 1,
    });
    // Where each source is: the scheme, the plugin, the first call that carried it; with line numbers.
    const bearer = byKind(a, 'bearer');
    assert.deepEqual(bearer.sources.map((s) => `${s.scheme ?? ''} ${s.location.pointer} ${s.location.line}`), [
      'oauth /components/securitySchemes/oauth 16',
      'jwt /services/0/routes/1/plugins/0 23',
      ' /log/entries/3/request/headers/0 157',
    ]);
    assert.equal(bearer.sourceCount, 3);
  });

  it('the control matrix says what the three inputs evidence', async () => {
    const a = await onlyApi(SET);
    const st = Object.fromEntries(Object.entries(a.controls!).map(([k, v]) => [k, v.status]));
    assert.deepEqual(st, {
      clientAuthentication: 'partial',
      endUserAuthentication: 'evidenced',
      tokenIssuance: 'partial',
      tokenBinding: 'partial',
      fineGrainedAuthorization: 'partial',
      rateLimiting: 'evidenced',
      messageIntegrity: 'unknown',
      identityFederation: 'evidenced',
      transportSecurity: 'partial',
    });
    assert.match(a.controls!.tokenBinding.reason, /some accepted tokens are bound/);
    assert.deepEqual(a.controls!.tokenBinding.evidence.map((e) => e.location.file), ['fixtures/inventory/traffic.har', 'fixtures/inventory/openapi.yaml']);
    assert.match(a.controls!.messageIntegrity.settleWith!, /require_signed_request_object/);
    assert.match(a.controls!.identityFederation.reason, /outside the API's domain/);
    for (const c of Object.values(a.controls!)) if (c.status === 'unknown') assert.ok(c.settleWith, 'every unknown says what would settle it');
  });

  it('each input alone gives its part: the description declares two paths, the traffic shows three', async () => {
    const spec = await onlyApi(path.join(SET, 'openapi.yaml'));
    assert.deepEqual(spec.credentials!.map((c) => [c.kind, c.issuedBy, c.binding]), [
      ['api-key', 'static', 'none'],
      ['bearer', 'https://login.idp.example/oauth2/token', 'none'],
    ]);
    const traffic = await onlyApi(path.join(SET, 'traffic.har'));
    assert.deepEqual(traffic.credentials!.map((c) => [c.kind, c.issuedBy, c.lifetimeSeconds ?? null]), [
      ['api-key', 'static', null],
      ['bearer', 'https://login.idp.example', 2592000],
      ['dpop', 'https://login.idp.example', 300],
    ]);
    assert.equal(traffic.controls!.identityFederation.status, 'evidenced');
  });
});

describe('credential inventory: client secrets, secrets in configs, authorization-server metadata', () => {
  it('an access rule on routes that need no credential is not fine-grained authorization', async () => {
    const d = tmp();
    const kong = (auth: string) => `_format_version: "3.0"\nservices:\n  - name: shop\n    url: http://shop.internal:8080\n    routes: [{name: r, paths: [/orders], protocols: [https]}]\n    plugins:\n${auth}      - name: acl\n        config: {allow: [partners]}\n`;
    writeFileSync(path.join(d, 'open.yaml'), kong(''));
    const open = (await report([path.join(d, 'open.yaml')])).apis[0]!;
    assert.equal(open.controls!.fineGrainedAuthorization.status, 'absent');
    assert.match(open.controls!.fineGrainedAuthorization.reason, /no operation requires a credential/);
    writeFileSync(path.join(d, 'keyed.yaml'), kong('      - name: key-auth\n        config: {key_names: [apikey], key_in_query: false}\n'));
    assert.equal((await report([path.join(d, 'keyed.yaml')])).apis[0]!.controls!.fineGrainedAuthorization.status, 'evidenced');
  });
  it("Kong oauth2: its consumer's client secret is stored in the config and presented at the plugin's token endpoint", async () => {
    const r = await report([fixture('gateways/oauth-client-secrets')]);
    const billing = r.apis.find((a) => a.name === 'billing')!;
    const secrets = billing.credentials!.filter((c) => c.kind === 'client-secret');
    assert.deepEqual(secrets.map((c) => [c.presented, c.issuedBy, c.static, c.storedIn.map((s) => s.location.pointer)]), [
      [{ in: 'body', name: 'client_secret', endpoint: '/oauth2/token' }, 'gateway', true, ['/consumers/0/oauth2_credentials/0/client_secret']],
      [{ in: 'header', name: 'Authorization', endpoint: '/oauth2/token' }, 'gateway', true, ['/consumers/0/oauth2_credentials/0/client_secret']],
    ]);
    const token = byKind(billing, 'bearer');
    assert.deepEqual([token.presented, token.issuedBy, token.lifetimeSeconds, token.scopes], [{ in: 'query', name: 'access_token' }, 'gateway', 3600, ['billing:read']]);
    assert.equal(billing.controls!.tokenIssuance.status, 'evidenced');
    assert.equal(billing.controls!.identityFederation.status, 'absent');
  });

  it("openid-connect: callers' client credentials, the gateway's own secret, and plain bearer beside DPoP (optional proof)", async () => {
    const r = await report([fixture('gateways/oauth-client-secrets')]);
    const reports = r.apis.find((a) => a.name === 'reports')!;
    const own = byKind(reports, 'client-secret', (c) => c.presented?.by === 'gateway');
    assert.deepEqual([own.issuedBy, own.storedIn.map((s) => `${s.owner} ${s.location.pointer}`)], ['https://idp.partner.example', ['plugin openid-connect /services/1/routes/0/plugins/0/config/client_secret/0']]);
    const callers = reports.credentials!.filter((c) => c.kind === 'client-secret' && !c.presented?.by);
    assert.deepEqual(callers.map((c) => [c.presented?.in, c.storedIn.length]), [['body', 0], ['header', 0]], "the consumer's oauth2 secret is not the identity provider's");
    assert.equal(byKind(reports, 'dpop').binding, 'dpop');
    const fallback = byKind(reports, 'bearer');
    assert.deepEqual([fallback.binding, fallback.label], ['none', "bearer token in header 'Authorization' (also accepted without proof of possession)"]);
    assert.equal(reports.controls!.tokenBinding.status, 'partial');
  });

  it('secrets no client path uses are listed on their own, located and redacted', async () => {
    const a = await onlyApi(fixture('gateways/secrets/kong.yaml'));
    const orphans = a.credentials!.filter((c) => !c.presented);
    assert.deepEqual(orphans.map((c) => [c.kind, c.static, c.operations, c.storedIn.map((s) => s.kind)]), [
      ['basic', true, 0, ['basic-auth password']],
      ['client-secret', true, 0, ['oauth2 client secret']],
      ['bearer', true, 0, ['jwt secret']],
      ['signature', true, 0, ['hmac-auth secret']],
    ]);
    for (const s of orphans.flatMap((c) => c.storedIn)) assert.match(s.redacted, /^.{0,4}…#[0-9a-f]{8}$/u);
    // TLS keys and the keys of services a plugin calls are not credentials of the API's clients.
    assert.ok(!a.credentials!.some((c) => c.storedIn.some((s) => /private key|aws/i.test(s.kind))));
    assert.deepEqual(byKind(a, 'api-key').storedIn.map((s) => s.location.pointer), ['/consumers/0/keyauth_credentials/0/key', '/keyauth_credentials/0/key']);
    // Inventory, not evidence: an unused hmac secret does not make requests signed.
    assert.equal(a.controls!.messageIntegrity.status, 'unknown');
  });

  it('an API Gateway key written into a SAM template is where its x-api-key is stored', async () => {
    const a = await onlyApi(fixture('gateways/secrets/template.yaml'));
    const key = byKind(a, 'api-key');
    assert.deepEqual([key.presented, key.storedIn.map((s) => `${s.kind} ${s.owner}`)], [{ in: 'header', name: 'x-api-key' }, ['API key value PartnerKey']]);
  });

  it("the linked server's token_endpoint_auth_methods_supported: private_key_jwt and mTLS at its endpoints", async () => {
    const a = await onlyApi(fixture('demo/accounts'));
    const pkj = byKind(a, 'private-key-jwt');
    assert.deepEqual([pkj.presented, pkj.issuedBy, pkj.static, pkj.sources.map((s) => `${s.evidence} ${s.source} ${s.location.pointer}`)], [
      { in: 'body', name: 'client_assertion', endpoint: 'https://auth.bank.example/token' },
      'https://auth.bank.example',
      false,
      ['configured as-metadata /token_endpoint_auth_methods_supported'],
    ]);
    const tls = byKind(a, 'client-certificate', (c) => c.presented?.endpoint !== undefined);
    assert.equal(tls.presented!.endpoint, 'https://mtls.auth.bank.example/token', 'the mTLS alias of the token endpoint');
    assert.ok(!a.credentials!.some((c) => c.kind === 'client-secret'));
    assert.equal(a.controls!.clientAuthentication.status, 'evidenced');
    assert.equal(a.controls!.messageIntegrity.status, 'evidenced', 'JAR and JARM from the metadata');
  });

  it('a server that does not list its methods offers client_secret_basic (RFC 8414 default)', async () => {
    const d = tmp();
    writeFileSync(
      path.join(d, 'api.yaml'),
      'openapi: 3.0.3\ninfo: {title: Ledger, version: "1"}\nservers: [{url: "https://ledger.example.com"}]\ncomponents:\n  securitySchemes:\n    oidc: {type: openIdConnect, openIdConnectUrl: "https://id.example.org/.well-known/openid-configuration"}\nsecurity: [{oidc: []}]\npaths:\n  /entries: {get: {responses: {"200": {description: ok}}}}\n',
    );
    writeFileSync(path.join(d, 'openid-configuration.json'), JSON.stringify({ issuer: 'https://id.example.org', authorization_endpoint: 'https://id.example.org/authorize', token_endpoint: 'https://id.example.org/token', jwks_uri: 'https://id.example.org/jwks' }));
    const a = await onlyApi(d, { cwd: d });
    const s = byKind(a, 'client-secret');
    assert.deepEqual([s.presented, s.issuedBy, s.static, s.operations], [{ in: 'header', name: 'Authorization', endpoint: 'https://id.example.org/token' }, 'https://id.example.org', true, 1]);
    assert.match(s.sources[0]!.detail!, /absent: client_secret_basic by default \(RFC 8414 §2\)/);
    assert.equal(byKind(a, 'bearer').issuedBy, 'https://id.example.org');
    assert.equal(a.controls!.identityFederation.status, 'evidenced');
  });

  it('token binding says what the ladder says of R3.1: unknown from a declaration alone, absent when the server offers none', async () => {
    const spec = fixture('as-metadata', 'plain-oauth2.yaml');
    const r31 = (a: ReportApi) => a.maturity.unmet.find((x) => x.requirement === 'R3.1')?.status;
    const alone = await onlyApi(spec);
    assert.equal(r31(alone), 'unknown');
    assert.equal(alone.controls!.tokenBinding.status, 'unknown');
    assert.match(alone.controls!.tokenBinding.reason, /declares plain bearer tokens; whether they are bound/);
    assert.match(alone.controls!.tokenBinding.settleWith!, /authorization server's metadata/);
    const google = fixture('as-metadata', 'corpus', 'panva-wellknown__google.json');
    const rep = await report([spec, google], { metadataMap: [{ key: 'https://accounts.google.com', api: 'Statements*' }] });
    const withServer = rep.apis.find((a) => a.name === 'Statements API')!;
    assert.equal(r31(withServer), 'fails');
    assert.equal(withServer.controls!.tokenBinding.status, 'absent');
  });
});

describe('credential inventory in every output', () => {
  /** Every secret value the inputs carry: the generator's (keys, tokens, proofs) and those written into the Kong configs. */
  async function secrets(): Promise<string[]> {
    const gen = (await import(pathToFileURL(path.join(ROOT, 'fixtures/traffic/generate.mjs')).href)) as { generate(): { secrets: string[] } };
    const kong = ['shop-partner-key-4b8e1d6a93', 'billing-app-secret-8e2f9b41', 'reports-gateway-secret-5d1c0a77', 'kA9-treasury-4f0c2b7e91d3', 'top-level-key-9c7e5a3b1d', 'Correct-Horse-Battery-Staple-42', 'hmac-0b5f3e9a7c1d24e8', 'jwt-hs256-secret-6d2a91c4e7', 'oauth-client-secret-3e8b1f'];
    return [...gen.generate().secrets, ...kong];
  }
  const inputs = ['fixtures/inventory', 'fixtures/gateways/secrets/kong.yaml'];

  it('no secret value in any report format or inventory format, though the inputs carry them', async () => {
    const values = await secrets();
    const raw = [readFileSync(fixture('inventory/kong.yaml'), 'utf8'), readFileSync(fixture('inventory/traffic.har'), 'utf8'), readFileSync(fixture('gateways/oauth-client-secrets/kong.yaml'), 'utf8')].join('\n');
    assert.ok(values.filter((v) => raw.includes(v)).length >= 5, 'the inputs do hold secret values');
    const outputs: [string, string][] = [];
    for (const f of FORMATS) outputs.push([f.name, cli(['assess', ...inputs, 'fixtures/gateways/oauth-client-secrets', '-f', f.name]).stdout]);
    for (const f of ['table', 'json', 'csv']) {
      const r = cli(['inventory', ...inputs, 'fixtures/gateways/oauth-client-secrets', '-f', f]);
      assert.equal(r.code, 0, r.stderr);
      outputs.push([`inventory ${f}`, r.stdout]);
    }
    for (const [name, out] of outputs) {
      assert.ok(out.length > 500, `${name} is written`);
      for (const v of values) assert.ok(!out.includes(v), `${name} shows ${v.slice(0, 6)}…`);
    }
    assert.match(outputs.find(([n]) => n === 'inventory csv')![1], /shop…#[0-9a-f]{8}/u, 'the redacted form stands in');
  });

  it('the JSON report and the inventory JSON validate against their schemas', async () => {
    const r = await report([SET, fixture('gateways/oauth-client-secrets'), fixture('demo')]);
    assertValidReport(r);
    const inv = JSON.parse(renderInventoryJson(r));
    assert.ok(validateInventory(inv), ajv.errorsText(validateInventory.errors));
    assert.deepEqual(inv.apis.map((a: { id: string }) => a.id), r.apis.map((a) => a.id));
    const broken = { ...inv, apis: [{ ...inv.apis[0], credentials: [{ ...inv.apis[0].credentials[0], kind: 'password' }] }] };
    assert.ok(!validateInventory(broken), 'the schema can fail');
  });

  it('CSV: one row per API and credential path, RFC 4180 quoting, no formulas', async () => {
    const d = tmp();
    const spec = {
      openapi: '3.0.3',
      info: { title: 'Evil, "quoted"\nAPI', version: '=1+1' },
      servers: [{ url: 'https://evil.example.com' }],
      components: { securitySchemes: { k: { type: 'apiKey', in: 'header', name: '=HYPERLINK("https://x.example","y")' }, k2: { type: 'apiKey', in: 'query', name: '@SUM(A1)' }, k3: { type: 'apiKey', in: 'cookie', name: '-2+3' } } },
      security: [{ k: [] }, { k2: [] }, { k3: [] }],
      paths: { '/a': { get: { responses: { '200': { description: 'ok' } } } } },
    };
    writeFileSync(path.join(d, 'evil.json'), JSON.stringify(spec));
    writeFileSync(path.join(d, 'open.json'), JSON.stringify({ openapi: '3.0.3', info: { title: 'Open', version: '1' }, paths: { '/b': { get: { security: [], responses: { '200': { description: 'ok' } } } } } }));
    const r = cli(['inventory', '.', '-f', 'csv'], { cwd: d });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stdout.endsWith('\r\n'));
    const rows = parseCsv(r.stdout);
    assert.equal(rows[0]!.join(','), 'api_id,api_name,api_version,credential_id,kind,label,presented_in,presented_name,presented_endpoint,presented_by,issued_by,static,binding,lifetime_seconds,scopes,operations,stored_in,evidence,sources');
    assert.ok(rows.every((row) => row.length === rows[0]!.length));
    const evil = rows.filter((row) => row[1] === 'Evil, "quoted"\nAPI');
    assert.equal(evil.length, 3, 'one row per credential path');
    assert.ok(evil.every((row) => row[2] === "'=1+1"), 'a version starting with = is not a formula');
    assert.deepEqual(evil.map((row) => row[7]).sort(), ["'-2+3", "'=HYPERLINK(\"https://x.example\",\"y\")", "'@SUM(A1)"]);
    for (const row of rows.slice(1)) for (const cell of row) assert.doesNotMatch(cell, /^[=+\-@\t\r]/, cell);
    const open = rows.filter((row) => row[1] === 'Open');
    assert.equal(open.length, 1, 'an API without credentials still has its row');
    assert.deepEqual(open[0]!.slice(3), rows[0]!.slice(3).map(() => ''));
    assert.equal(csvField('a"b'), '"a""b"');
    assert.equal(csvField('+1'), "'+1");
  });

  it('terminal, Markdown, HTML and SARIF show the inventory; static and unbound paths first', async () => {
    const r = await report([SET, fixture('demo/partner-api.yaml')]);
    const ctx = { color: false, gates: evaluateGates(r, {}), rules: allRuleMeta(), requirements: [...REQUIREMENTS] };
    const table = renderInventoryTable(r, { color: false });
    assert.match(table, /! api-key +header X-API-Key +static +none/);
    assert.match(table, /stored in fixtures\/inventory\/kong\.yaml:\d+:\d+: key-auth key of partner \(shop…#[0-9a-f]{8}\)/u);
    assert.match(table, /  dpop +header Authorization +https:\/\/login\.idp\.example +dpop +5 min/);
    assert.match(table, /Shop API +◐ partial +● evidenced/);
    const md = renderMarkdown(r, ctx);
    const section = md.slice(md.indexOf('### Credentials'), md.indexOf('### Security controls'));
    const order = [...section.matchAll(/^\| [^|]+ \| (⚠️ \*\*(static secret|unbound bearer token):\*\* )?([^|]+)\|/gmu)].map((m) => (m[1] ? 'risky' : 'other'));
    assert.deepEqual(order.slice(2), ['risky', 'risky', 'risky', 'other'], 'static credentials and unbound bearer tokens come first');
    assert.match(md, /\| Shop API \| 🟡 partial \| 🟢 evidenced \| 🟡 partial \| 🟡 partial \| 🟡 partial \| 🟢 evidenced \| ⚪ unknown \| 🟢 evidenced \| 🟡 partial \|/u);
    const html = renderHtml(r, { gates: [] });
    assert.match(html, /<section id="credentials">/);
    assert.match(html, /<td class="cs cs-partial" title="Client authentication: partial — [^"]+"><span aria-hidden="true">◐<\/span> partial<\/td>/);
    assert.match(html, /<tr class="risk"><td><a href="#api-\d">Partner Catalogue API<\/a><\/td><td><span class="status st-fails">static secret<\/span> API key in query parameter &#x27;api_key&#x27;/);
    const sarif = JSON.parse(FORMATS.find((f) => f.name === 'sarif')!.render(r, ctx));
    const shop = sarif.runs[0].properties.apis.find((a: { name: string }) => a.name === 'Shop API');
    assert.equal(shop.controls.tokenBinding, 'partial');
    assert.deepEqual(shop.credentials.map((c: { kind: string }) => c.kind), ['api-key', 'bearer', 'dpop']);
    assert.equal(lifetimeText(2592000), '30 d');
    assert.equal(lifetimeText(5400), '90 min');
    assert.equal(lifetimeText(5430), '90.5 min');
    assert.equal(lifetimeText(100000), '27.8 h');
  });

  it('hostile names are escaped in the HTML inventory and the Markdown tables', async () => {
    const r = await report([fixture('reports/hostile/openapi.yaml')]);
    const html = renderHtml(r, { gates: [] });
    const body = html.slice(html.indexOf('<section id="credentials">'), html.indexOf('<section id="levels">'));
    assert.ok(body.length > 100);
    assert.doesNotMatch(body, /<script|<img|<svg|onerror=/i);
    const md = renderMarkdown(r, { gates: [] });
    // A hostile '|' cannot add table cells: every row has as many cells as its table's header.
    const cells = (l: string) => l.split(/(?<!\\)\|/).length;
    const lines = md.slice(md.indexOf('### Credentials'), md.indexOf('### Details')).split('\n');
    let width = 0;
    let rows = 0;
    lines.forEach((l, i) => {
      if (!l.startsWith('|')) return (width = 0);
      if (lines[i + 1]?.startsWith('| ---')) width = cells(l);
      assert.equal(cells(l), width, l);
      rows++;
    });
    assert.ok(rows >= 6, `${rows} table rows`);
  });

  it('the same bytes with one thread or several, run after run', () => {
    const args = ['inventory', 'fixtures/demo', 'fixtures/inventory', 'fixtures/gateways', '-f', 'json'];
    const one = cli([...args, '--jobs', '1']);
    const two = cli([...args, '--jobs', '2']);
    assert.equal(one.code, 0, one.stderr);
    assert.equal(one.stdout, two.stdout);
    assert.equal(cli([...args, '--jobs', '2']).stdout, two.stdout);
    assert.ok(JSON.parse(one.stdout).apis.length >= 8);
  });

  it('writes -o files by extension; bad formats are usage errors', () => {
    const d = tmp();
    const r = cli(['inventory', SET, '-q', '-o', path.join(d, 'inv.csv'), '-o', path.join(d, 'inv.json'), '-o', path.join(d, 'inv.txt')]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(readFileSync(path.join(d, 'inv.csv'), 'utf8'), /^api_id,api_name/);
    assert.equal(JSON.parse(readFileSync(path.join(d, 'inv.json'), 'utf8')).apis[0].credentials.length, 3);
    assert.match(readFileSync(path.join(d, 'inv.txt'), 'utf8'), /credential inventory/);
    const bad = cli(['inventory', SET, '-f', 'xlsx']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^api-maturity: --format: 'xlsx' is not one of table, json, csv\n$/);
    assert.equal(cli(['inventory', SET, '-o', 'x.pdf']).code, 2);
  });
});

describe('inventory on the whole shared corpus', { skip: !existsSync(path.join(CORPUS, 'openapi')) && 'no ../shared/corpus here' }, () => {
  /** Every file under a directory (the corpus has no ignored files). */
  const files = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(path.join(dir, n)).isDirectory() ? files(path.join(dir, n)) : [path.join(dir, n)]));

  for (const sub of ['openapi/vulnerable', 'openapi/banking', 'openapi/directory', 'openapi/spectral-owasp-cases', 'openapi/large', 'gateways/kong', 'gateways/envoy', 'gateways/istio', 'gateways/other', 'oidc']) {
    it(`${sub}: every API gets an inventory and a full control matrix`, async () => {
      const r = await report([path.join(CORPUS, sub)]);
      for (const a of r.apis) {
        assert.ok(Array.isArray(a.credentials), a.name);
        assert.equal(Object.keys(a.controls!).length, 9, a.name);
      }
      const csv = parseCsv(renderInventoryCsv(r));
      assert.equal(csv.length - 1, r.apis.reduce((n, a) => n + Math.max(1, a.credentials!.length), 0));
    });
  }

  for (const sub of ['gateways/aws', 'traffic']) {
    it(`${sub}: every file alone — an inventory, or a one-line input error for a broken file`, async () => {
      let broken = 0;
      for (const f of files(path.join(CORPUS, sub)).filter((x) => /\.(json|ya?ml|har|jsonl)$/.test(x))) {
        try {
          const res = await assess([f], { cwd: ROOT });
          const r: Report = toReport(res, { toolVersion: 'test' });
          assertValidReport(r);
          renderInventoryCsv(r);
        } catch (e) {
          assert.ok(e instanceof InputError, `${f}: ${(e as Error).stack}`);
          broken++;
        }
      }
      assert.ok(broken <= 2, `${broken} broken files`);
    });
  }

  it('the command line on a banking description and on a gateway config', () => {
    for (const f of ['openapi/banking/openbanking-uk', 'gateways/kong/deck__05-identity-providers__output.yaml']) {
      const r = cli(['inventory', path.join(CORPUS, f)]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /credential inventory/);
      assert.match(r.stdout, /Security controls/);
    }
  });
});
