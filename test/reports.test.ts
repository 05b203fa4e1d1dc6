// The report formats (HTML, SARIF, Markdown, JUnit) on realistic and hostile inputs: what each carries, escaping,
// redaction, size limits, determinism. The browser and SARIF-validator checks live in their own files.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { evaluateGates } from '../src/engine/gates.js';
import { allRuleMeta } from '../src/cli/rules.js';
import { REQUIREMENTS } from '../src/score/requirements.js';
import { formatForFile, type RenderOptions } from '../src/report/formats.js';
import { CSP, renderHtml } from '../src/report/html.js';
import { SCRIPT, STYLE } from '../src/report/html/style.js';
import { TEMPLATE } from '../src/report/html/template.js';
import { escapeInvisibles, jsonChunks, renderJson } from '../src/report/json.js';
import { renderJunit } from '../src/report/junit.js';
import { MARKDOWN_LIMIT, mdText, renderMarkdown } from '../src/report/markdown.js';
import { renderSarif } from '../src/report/sarif.js';
import { collectSnippets, redact } from '../src/report/snippets.js';
import type { Report } from '../src/report/types.js';
import { assess, toReport } from '../src/assess.js';
import { CORPUS, ROOT, cli, fixture, report } from './helpers.js';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'am-reports-'));
const HOSTILE = fixture('reports/hostile/openapi.yaml');
const SECRET_VALUES = ['s3cr3t-value-123', 'c2lnbmF0dXJlLXZhbHVl'];
const ctx = (r: Report, gates = {}): RenderOptions => ({ color: false, gates: evaluateGates(r, gates), rules: allRuleMeta(), requirements: [...REQUIREMENTS] });

/** The report and the snippets the CLI would compute, in process. */
async function withSnippets(paths: string[]) {
  const res = await assess(paths, { cwd: ROOT });
  const r = toReport(res, { toolVersion: 'test' });
  return { report: r, snippets: collectSnippets(r, (f) => res.store.byFile(f)?.text) };
}

describe('output formats', () => {
  it('the JSON report is written API by API, in exactly the bytes of one JSON.stringify of the whole report', async () => {
    const { report: r } = await withSnippets([fixture('demo'), HOSTILE]);
    // Empty arrays, optional fields, hostile strings with bidi marks and line separators: every case of the composition.
    const odd = { ...r, skipped: [], extra: undefined, apis: [...r.apis, r.apis[0]!] } as unknown as Report;
    for (const rep of [r, odd]) {
      const whole = escapeInvisibles(JSON.stringify(rep, null, 2)) + '\n';
      const pieces = [...jsonChunks(rep)];
      assert.ok(pieces.length > rep.apis.length, 'one piece per API at least');
      assert.equal(pieces.join(''), whole);
      assert.equal(renderJson(rep), whole);
    }
    const d = tmp();
    const out = cli(['assess', fixture('demo'), HOSTILE, '-q', '-o', path.join(d, 'r.json')]);
    assert.ok(out.code === 0 || out.code === 1, out.stderr);
    assert.equal(readFileSync(path.join(d, 'r.json'), 'utf8'), cli(['assess', fixture('demo'), HOSTILE, '-f', 'json']).stdout);
  });

  it('invisible characters are escaped in JSON text, and text without them is returned as it is', () => {
    assert.equal(escapeInvisibles('{"a": "plain ascii"}'), '{"a": "plain ascii"}');
    assert.equal(escapeInvisibles('"caf\u00e9 \u2603"'), '"caf\u00e9 \u2603"');
    assert.equal(escapeInvisibles('"del\u007f"'), '"del\\u007f"');
    assert.equal(escapeInvisibles('"csi\u009b2J ls\u2028x \u202eevil"'), '"csi\\u009b2J ls\\u2028x \\u202eevil"');
  });

  it('-o picks the format from the extension, the longest match first', () => {
    assert.equal(formatForFile('out/report.html')?.name, 'html');
    assert.equal(formatForFile('report.sarif')?.name, 'sarif');
    assert.equal(formatForFile('report.sarif.json')?.name, 'sarif');
    assert.equal(formatForFile('report.json')?.name, 'json');
    assert.equal(formatForFile('REPORT.MD')?.name, 'markdown');
    assert.equal(formatForFile('junit.xml')?.name, 'junit');
    assert.equal(formatForFile('report.pdf'), undefined);
  });

  it('writes all five reports in one run, byte-identical across runs, with a timestamp only when asked', () => {
    const names = ['r.html', 'r.sarif', 'r.md', 'r.xml', 'r.json'];
    const run = (dir: string, env: Record<string, string> = {}) => {
      const r = cli(['assess', 'fixtures/demo', '--fail-below', 'bearer', '-q', ...names.flatMap((n) => ['-o', path.join(dir, n)])], { env });
      assert.equal(r.code, 1, r.stderr);
      assert.equal(r.stdout, '');
      return names.map((n) => readFileSync(path.join(dir, n), 'utf8'));
    };
    const a = run(tmp());
    const b = run(tmp());
    names.forEach((n, i) => {
      assert.ok(a[i]!.length > 1000, `${n} is written`);
      assert.equal(a[i], b[i], `${n} is byte-identical across runs`);
      assert.doesNotMatch(a[i]!, /2023-11-14/, `${n} has no timestamp`);
    });
    const t = run(tmp(), { SOURCE_DATE_EPOCH: '1700000000' });
    for (const [i, n] of names.entries()) assert.match(t[i]!, /2023-11-14T22:13:20/, `${n} carries the timestamp when asked`);
  });

  it('-f prints any format to stdout', () => {
    for (const [fmt, re] of [['html', /^<!DOCTYPE html>/], ['sarif', /"version": "2\.1\.0"/], ['markdown', /^## API security maturity/], ['junit', /^<\?xml/]] as const) {
      const r = cli(['assess', fixture('demo/payments-api.yaml'), '-f', fmt]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, re);
    }
  });
});

describe('security not described', () => {
  it('the HTML summary says level 0 comes from a description that states no security, not from an open API', async () => {
    const d = tmp();
    writeFileSync(path.join(d, 'api.yaml'), 'openapi: 3.0.3\ninfo: {title: Quiet, version: "1"}\npaths:\n  /a:\n    get: {responses: {"200": {description: ok}}}\n');
    const { report: r } = await withSnippets([path.join(d, 'api.yaml')]);
    assert.equal(r.apis[0]!.maturity.described, false);
    assert.match(renderHtml(r, ctx(r)), /1 at level 0 \(none; security not described\)/);
  });

  it('the HTML report explains the grades it shows beside levels (1a/1b, 2a/2b, 4a/4b)', async () => {
    const { report: r } = await withSnippets([fixture('demo')]);
    const html = renderHtml(r, ctx(r));
    for (const g of ['1a:', '1b:', '2a:', '2b:', '4a:', '4b:']) assert.ok(html.includes(g), g);
  });

  it('many findings of an API are grouped by rule in the HTML report, with their count', async () => {
    const d = tmp();
    const props = Array.from({ length: 13 }, (_, i) => `          p${i}: {type: string}`).join('\n');
    writeFileSync(path.join(d, 'api.yaml'), `openapi: 3.0.3\ninfo: {title: Many, version: "1"}\nsecurity: [{k: []}]\ncomponents: {securitySchemes: {k: {type: apiKey, in: header, name: X-Key}}}\npaths:\n  /a:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema:\n              type: object\n              additionalProperties: false\n              properties:\n${props.replace(/^ {10}/gm, '                ')}\n      responses: {"204": {description: ok}}\n`);
    const { report: r } = await withSnippets([path.join(d, 'api.yaml')]);
    const strings = r.apis[0]!.findings.filter((f) => f.ruleId === 'api4-unbounded-string');
    assert.equal(strings.length, 13);
    const html = renderHtml(r, ctx(r));
    assert.match(html, /<details class="fgroup"><summary><span class="sev sev-medium">medium<\/span> Request string without a length limit <code>api4-unbounded-string<\/code> <span class="muted small">13 findings<\/span>/);
    assert.equal((html.match(/<details class="fgroup">/g) ?? []).length, new Set(r.apis[0]!.findings.filter((f) => !f.suppressed).map((f) => `${f.ruleId}|${f.severity}`)).size);
  });

  it('many findings outside any API are grouped by rule too', async () => {
    const { report: r } = await withSnippets([fixture('demo')]);
    const f = r.apis.flatMap((a) => a.findings)[0]!;
    const many = { ...r, findings: Array.from({ length: 13 }, (_, i) => ({ ...f, fingerprint: `${i}`.padStart(32, '0') })) };
    const html = renderHtml(many, ctx(many));
    const other = html.slice(html.indexOf('<section id="other-findings">'));
    assert.match(other, new RegExp(`<details class="fgroup"><summary><span class="sev sev-${f.severity}">`));
    assert.match(other, /13 findings/);
  });

  it('a level that rests on declarations only says so in the HTML report', async () => {
    const spec = await withSnippets([fixture('demo/payments-api.yaml')]);
    assert.match(renderHtml(spec.report, ctx(spec.report)), /declared only: no gateway config or traffic shows it enforced/);
    const enforced = await withSnippets([fixture('inventory')]);
    assert.ok(enforced.report.apis[0]!.maturity.evidence.some((e) => e.kind !== 'declared'));
    assert.doesNotMatch(renderHtml(enforced.report, ctx(enforced.report)), /declared only/);
  });

  it('two APIs of one name are told apart by their id in the HTML report', async () => {
    const d = tmp();
    for (const f of ['a', 'b']) writeFileSync(path.join(d, `${f}.yaml`), `openapi: 3.0.3\ninfo: {title: Same, version: "1"}\nservers: [{url: "https://${f}.example.com"}]\npaths:\n  /a:\n    get: {responses: {"200": {description: ok}}}\n`);
    const { report: r } = await withSnippets([d]);
    const ids = r.apis.map((a) => a.id);
    assert.equal(new Set(ids).size, 2);
    const html = renderHtml(r, ctx(r));
    for (const id of ids) assert.ok(html.includes(`Same (${id})`), id);
  });
});

describe('governance in the reports', () => {
  it('targets, the exceptions register and expired exceptions show in HTML, Markdown, JUnit and SARIF', () => {
    const d = tmp();
    cpSync(fixture('demo'), path.join(d, 'specs'), { recursive: true });
    writeFileSync(
      path.join(d, '.api-maturity.yaml'),
      'inputs: [specs]\nexceptions:\n  - api: partner-catalogue-api*\n    reason: key-based partner access until the OAuth rollout\n    owner: platform-security\n    expires: 2020-01-31\n',
    );
    const files = ['r.html', 'r.md', 'r.xml', 'r.sarif'];
    const r = cli(['assess', '--fail-below-target', '-q', ...files.flatMap((f) => ['-o', f])], { cwd: d });
    assert.equal(r.code, 1, r.stderr);
    const [html, md, xml, sarif] = files.map((f) => readFileSync(path.join(d, f), 'utf8'));
    assert.match(html!, /<h2>Exceptions register<\/h2>/);
    assert.match(html!, /<dt>Target<\/dt><dd>level 4 \(FAPI 2\.0\), the target for a restricted API — not met<\/dd>/);
    assert.match(html!, /<rect class="tgt"/);
    assert.match(md!, /\*\*1 expired exception:\*\* partner-catalogue-api\\\* \(expired 2020-01-31, owner platform-security\)/);
    assert.match(xml!, /<testsuite name="api-maturity --fail-below-target sensitivity targets" tests="5" failures="3"/);
    assert.match(xml!, /<testsuite name="api-maturity --exceptions no expired exceptions"/);
    assert.match(xml!, /<failure type="exceptions" message="exception expired on 2020-01-31: key-based partner access until the OAuth rollout">/);
    const apis = JSON.parse(sarif!).runs[0].properties.apis as { name: string; target: number; meetsTarget: boolean }[];
    assert.deepEqual(apis.find((a) => a.name === 'Payments API'), { ...apis.find((a) => a.name === 'Payments API'), target: 4, meetsTarget: false });
  });
});

describe('SARIF', () => {
  it('one run; every rule with help, OWASP tags and security-severity; results with relative locations and fingerprints', async () => {
    const r = await report([fixture('demo')]);
    const log = JSON.parse(renderSarif(r, ctx(r)));
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs.length, 1);
    const run = log.runs[0];
    const d = run.tool.driver;
    assert.equal(d.name, 'api-maturity');
    assert.equal(d.version, 'test');
    assert.match(d.informationUri, /^https:\/\//);
    const ids = d.rules.map((x: { id: string }) => x.id);
    for (const m of allRuleMeta()) assert.ok(ids.includes(m.id), `rule ${m.id} is listed`);
    for (const q of REQUIREMENTS) assert.ok(ids.includes(`maturity/${q.id}`), `requirement ${q.id} is listed`);
    for (const rule of d.rules) {
      assert.ok(rule.shortDescription.text && rule.fullDescription.text && rule.help.text && rule.help.markdown, rule.id);
      assert.ok(rule.properties.tags.includes('security'), rule.id);
      assert.match(rule.properties['security-severity'], /^\d+\.\d$/, rule.id);
    }
    const keyInUrl = d.rules.find((x: { id: string }) => x.id === 'api2-key-in-url');
    assert.ok(keyInUrl.properties.tags.includes('API2:2023'));
    assert.equal(keyInUrl.properties['security-severity'], '8.0');
    assert.match(keyInUrl.help.markdown, /\*\*Remediation\.\*\*/);

    const results = run.results as { ruleId: string; ruleIndex: number; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn?: number } } }[]; partialFingerprints: Record<string, string>; message: { text: string } }[];
    for (const res of results) {
      assert.equal(d.rules[res.ruleIndex].id, res.ruleId);
      const pl = res.locations[0]!.physicalLocation;
      assert.ok(!pl.artifactLocation.uri.startsWith('/') && !/^file:/.test(pl.artifactLocation.uri), pl.artifactLocation.uri);
      assert.ok(pl.region.startLine >= 1);
      assert.match(Object.values(res.partialFingerprints)[0]!, /^[0-9a-f]{32}$/);
    }
    const key = results.find((x) => x.ruleId === 'api2-key-in-url')!;
    assert.equal(key.level, 'error');
    assert.equal(key.locations[0]!.physicalLocation.artifactLocation.uri, 'fixtures/demo/partner-api.yaml');
    assert.deepEqual(key.locations[0]!.physicalLocation.region, { startLine: 10, startColumn: 5 });
    // The requirement that keeps Orders API at level 0 is a result of its own rule, at the operation it concerns.
    const r11 = results.find((x) => x.ruleId === 'maturity/R1.1')!;
    assert.match(r11.message.text, /Orders API is at maturity level 0/);
    assert.equal(r11.locations[0]!.physicalLocation.artifactLocation.uri, 'fixtures/demo/orders-api.json');
    // Unknown requirements that keep Payments API from level 4 are notes; nothing is reported above the next level.
    const pay = results.filter((x) => x.message.text.startsWith('Payments API is at maturity level 3'));
    assert.ok(pay.length > 0 && pay.every((x) => x.level === 'note' && x.ruleId.startsWith('maturity/R4.')));
    assert.ok(!results.some((x) => x.ruleId === 'maturity/R4.1' && x.message.text.startsWith('Orders API')), 'no level-4 noise for a level-0 API');
    // Artifacts carry the inputs' digests.
    assert.equal(run.artifacts.length, r.inputs.length);
    assert.equal(run.artifacts[0].hashes['sha-256'], r.inputs[0]!.sha256);
  });

  it('suppressed findings carry a SARIF suppression with the reason; fingerprints are stable', async () => {
    const r = await report([fixture('reports/suppressed')]);
    const log = JSON.parse(renderSarif(r, ctx(r)));
    const res = log.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'api2-no-auth');
    assert.deepEqual(res.suppressions, [{ kind: 'inSource', justification: 'health check for the load balancer, returns no data' }]);
    assert.equal(res.partialFingerprints['apiMaturity/v1'], r.apis[0]!.findings.find((f) => f.ruleId === 'api2-no-auth')!.fingerprint);
  });

  it('URIs are percent-encoded relative references', async () => {
    const d = tmp();
    const dir = path.join(d, 'my specs');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'partner #1.yaml'), readFileSync(fixture('demo/partner-api.yaml')));
    const r = cli(['assess', '.', '-f', 'sarif'], { cwd: d });
    const uris = new Set<string>(JSON.parse(r.stdout).runs[0].results.map((x: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => x.locations[0]!.physicalLocation.artifactLocation.uri));
    assert.deepEqual([...uris], ['my%20specs/partner%20%231.yaml']);
  });
});

describe('Markdown', () => {
  it('summary table, level per API, top findings and a collapsible section per API', async () => {
    const r = await report([fixture('demo')]);
    const md = renderMarkdown(r, ctx(r, { failBelow: 2 }));
    assert.match(md, /^## API security maturity/);
    assert.match(md, /❌ `--fail-below 2 \(bearer\)` failed \(2 failures\)/);
    assert.match(md, /\| Orders API 1\.0\.0 \| 🔴 \*\*0\*\* none \| 2 ❌ internal \| 0 \| 5 \| 7 high, [^|]+ \| R1\.1 every operation requires a credential \|/);
    assert.match(md, /\| Payments API 2\.3\.0 \| 🟢 \*\*3\*\* sender-constrained \| 4 ❌ restricted \| 4 \|/);
    assert.match(md, /### Top findings/);
    assert.equal((md.match(/<details>/g) ?? []).length, 5);
    assert.equal((md.match(/<\/details>/g) ?? []).length, 5);
  });

  it('escapes input strings: no HTML, links, images, mentions or templates get through', async () => {
    const r = await report([HOSTILE]);
    const md = renderMarkdown(r, ctx(r));
    assert.doesNotMatch(md, /<script|<img|<svg|<iframe|<\/textarea/i);
    assert.doesNotMatch(md, /\]\(javascript:/);
    assert.doesNotMatch(md, /!\[img\]\(/);
    assert.doesNotMatch(md, /@octocat/);
    assert.equal(mdText('ping @octocat'), 'ping @&#8203;octocat');
    assert.match(md, /&lt;script&gt;window\.\\_\\_pwned=1&lt;\/script&gt;/);
    // A hostile '|' cannot add table cells: every row has as many cells as its table's header.
    const cells = (l: string) => l.split(/(?<!\\)\|/).length;
    let width = 0;
    const lines = md.split('\n');
    lines.forEach((l, i) => {
      if (!l.startsWith('|')) return (width = 0);
      if (lines[i + 1]?.startsWith('| ---')) width = cells(l);
      assert.equal(cells(l), width, l.slice(0, 100));
    });
  });

  it('stays under 65,000 characters on a huge input and says what it left out', async () => {
    const d = tmp();
    for (let i = 0; i < 120; i++) {
      const paths: Record<string, unknown> = {};
      for (let j = 0; j < 20; j++) {
        paths[`/admin/tenants/{tenantId}/resources-${j}/{id}`] = { delete: { security: [], responses: { '204': { description: 'gone' } } }, get: { security: [], responses: { '200': { description: 'ok' } } } };
      }
      const doc = {
        openapi: '3.0.3',
        info: { title: `Generated API number ${i} with a fairly long name to fill the table`, version: '1.0' },
        servers: [{ url: `http://api-${i}.example.com` }],
        components: { securitySchemes: { key: { type: 'apiKey', in: 'query', name: 'api_key' } } },
        security: [{ key: [] }],
        paths,
      };
      writeFileSync(path.join(d, `api-${String(i).padStart(3, '0')}.json`), JSON.stringify(doc));
    }
    const r = await report([d]);
    assert.equal(r.apis.length, 120);
    assert.ok(r.summary.findings > 3000, `${r.summary.findings} findings`);
    const md = renderMarkdown(r, ctx(r, { failOn: 'high' }));
    assert.ok(md.length <= MARKDOWN_LIMIT, `${md.length} characters`);
    assert.match(md, /_Truncated to fit a comment: (\d+ more APIs? not listed; )?details of \d+ APIs not shown\./);
    assert.match(md, /\| … \| \d+ more findings \|/);
    assert.match(md, /### Top findings \(10 of \d+\)/);
  });

  it('stays under the limit on the GitHub REST description (1,200 operations)', { skip: !existsSync(path.join(CORPUS, 'openapi/large/github/api.github.com.json')) }, async () => {
    const r = await report([path.join(CORPUS, 'openapi/large/github/api.github.com.json')]);
    const md = renderMarkdown(r, ctx(r));
    assert.ok(md.length <= MARKDOWN_LIMIT);
    assert.match(md, /security not described/);
  });
});

describe('JUnit XML', () => {
  const xsd = fixture('reports/junit.xsd');
  const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;
  const validate = (xml: string) => {
    const f = path.join(tmp(), 'junit.xml');
    writeFileSync(f, xml);
    const v = spawnSync('xmllint', ['--noout', '--schema', xsd, f], { encoding: 'utf8' });
    assert.equal(v.status, 0, v.stderr);
  };

  it('one test case per API per gate; failures carry the findings and the requirements', async () => {
    const r = await report([fixture('demo')]);
    const xml = renderJunit(r, ctx(r, { failBelow: 2, failOn: 'high' }));
    assert.match(xml, /<testsuites name="api-maturity" tests="10" failures="4" errors="0" time="0">/);
    assert.match(xml, /<testsuite name="api-maturity --fail-below 2 \(bearer\)" tests="5" failures="2"/);
    assert.match(xml, /<testsuite name="api-maturity --fail-on high" tests="5" failures="2"/);
    assert.equal((xml.match(/<testcase /g) ?? []).length, 10);
    const orders = xml.slice(xml.indexOf('<testcase name="Orders API 1.0.0 [orders-api@1.0.0]" classname="api-maturity.fail-on"'));
    assert.match(orders, /<failure type="fail-on" message="Orders API: 7 findings of severity high or higher">HIGH /);
    assert.match(orders.slice(0, orders.indexOf('</failure>')), /\nHIGH api5-admin-unprotected \(API5:2023\) at fixtures\/demo\/orders-api\.json:23:7/);
    assert.match(xml, /R1\.1 \(level 1, fails\): every operation requires a credential/);
    assert.match(xml, /<testcase name="Payments API 2\.3\.0 \[payments-api@2\.3\.0\]" classname="api-maturity\.fail-below" time="0">\n\s*<system-out>/);
  });

  it('without a gate, one passing "assessed" case per API', async () => {
    const r = await report([fixture('demo')]);
    const xml = renderJunit(r, ctx(r));
    assert.match(xml, /<testsuite name="api-maturity assessed" tests="5" failures="0"/);
    assert.doesNotMatch(xml, /<failure/);
  });

  it('valid against the JUnit schema (xmllint --schema), hostile input included', { skip: !hasXmllint && !process.env['CI'] ? 'xmllint not installed (Debian: libxml2-utils)' : false }, async () => {
    for (const paths of [[fixture('demo')], [HOSTILE], [fixture('reports/suppressed')]]) {
      const r = await report(paths);
      validate(renderJunit(r, ctx(r)));
      validate(renderJunit(r, ctx(r, { failBelow: 3, failOn: 'low' })));
      validate(renderJunit({ ...r, generatedAt: '2023-11-14T22:13:20.000Z' }, ctx(r, { failOn: 'info' })));
    }
  });

  it('characters XML cannot carry are written as escapes', async () => {
    const r = await report([fixture('demo/payments-api.yaml')]);
    r.apis[0]!.name = 'Pay\u0001ments\uffff <&> "q"';
    const xml = renderJunit(r, ctx(r));
    assert.match(xml, /name="Pay\\u0001ments\\uffff &lt;&amp;&gt; &quot;q&quot;/);
  });
});

describe('HTML (static checks; the browser test is test/html-browser.test.ts)', () => {
  it('a strict CSP allows only the inline stylesheet and script, by hash; nothing loads', async () => {
    const { report: r, snippets } = await withSnippets([fixture('demo')]);
    const html = renderHtml(r, { gates: [], snippets });
    const head = html.slice(0, html.indexOf('</head>'));
    assert.match(head, /^<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-/);
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
    const b64 = (s: string) => createHash('sha256').update(s).digest('base64');
    assert.ok(CSP.includes(`'sha256-${b64(style)}'`) && CSP.includes(`'sha256-${b64(script)}'`));
    assert.equal(style, STYLE);
    assert.equal(script, SCRIPT);
    assert.equal((html.match(/<script/g) ?? []).length, 1, 'one script, the hashed one');
    assert.doesNotMatch(html, /\b(src|href)=["']?(https?:|\/\/|data:|javascript:)/i);
    assert.doesNotMatch(html, /@import|url\(/i);
    assert.doesNotMatch(TEMPLATE, /\{\{\{/, 'no triple-stash: every value is escaped');
  });

  it('executive summary, per-API detail with source lines, inputs with sha256', async () => {
    const { report: r, snippets } = await withSnippets([fixture('demo')]);
    const html = renderHtml(r, { gates: evaluateGates(r, { failBelow: 2 }), snippets });
    assert.match(html, /<h2>Executive summary<\/h2>/);
    assert.match(html, /<title id="lc-title">APIs per maturity level<\/title>/);
    assert.match(html, /<title>API2:2023 Broken Authentication: 6 high findings<\/title>/);
    assert.match(html, /<b>Failed:<\/b> gate <code>--fail-below 2 \(bearer\)<\/code>/);
    assert.match(html, /Next step → level 1 \(API key\): every operation requires a credential/);
    assert.match(html, /<span class="hit"><i>25<\/i> {8}&quot;security&quot;: \[\],<\/span>/);
    for (const i of r.inputs) assert.ok(html.includes(i.sha256), i.file);
    assert.match(html, /no timestamp: the same inputs give a byte-identical report/);
  });

  it('hostile strings are escaped text, never markup or template code', async () => {
    const { report: r, snippets } = await withSnippets([HOSTILE]);
    const html = renderHtml(r, { gates: [], snippets });
    const body = html.slice(html.indexOf('<body>'));
    assert.doesNotMatch(body, /<script|<img|<svg onload|<iframe|<\/textarea|onerror=["']?window/i);
    assert.match(body, /&lt;script&gt;window\.__pwned&#x3D;1&lt;\/script&gt;/);
    assert.match(body, /\{\{constructor\.constructor\(&#x27;window\.__pwned&#x3D;1&#x27;\)\(\)\}\}/);
    assert.match(body, /<span><i>9<\/i> {2}- url: &quot;javascript:window\.__pwned&#x3D;1\/\/&quot;<\/span>/, 'a javascript: URL is shown as text, not a link');
    assert.match(body, /<span class="mono">http:\/\/evil\.example\/&lt;script&gt;window\.__pwned&#x3D;1&lt;\/script&gt;\?a&#x3D;1&amp;b&#x3D;&lt;\/style&gt;<\/span>/);
  });

  it('never shows a secret value from an input, in any format', async () => {
    const d = tmp();
    const files = ['r.html', 'r.sarif', 'r.md', 'r.xml', 'r.json'].map((n) => path.join(d, n));
    const res = cli(['assess', HOSTILE, '-q', ...files.flatMap((f) => ['-o', f])]);
    assert.equal(res.code, 0, res.stderr);
    const html = readFileSync(files[0]!, 'utf8');
    assert.match(html, /x-client-secret: &quot;\[redacted\]&quot;/, 'the line is shown, its value is not');
    for (const f of files) for (const s of SECRET_VALUES) assert.ok(!readFileSync(f, 'utf8').includes(s), `${path.basename(f)} contains ${s}`);
  });
});

describe('source snippets', () => {
  it('redact replaces credentials, keeps the structure', () => {
    assert.equal(redact('  client_secret: "abc123def"'), '  client_secret: "[redacted]"');
    assert.equal(redact('    key: my-kong-key-0001'), '    key: [redacted]');
    assert.equal(redact('{"name": "Authorization", "value": "Bearer abcdefghijkl"}'), '{"name": "Authorization", "value": "Bearer [redacted]"}');
    assert.equal(redact('token: eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.sig-nature'), 'token: [redacted]');
    assert.equal(redact('password=hunter22'), 'password=[redacted]');
    // Not secrets: URLs, names, types, numbers, placeholders.
    for (const keep of ['tokenUrl: https://id.example.com/token', 'name: api_key', 'type: apiKey', 'in: query', 'token_expiration: 7200', 'secret: ${KONG_SECRET}', 'key_names: [apikey]', '$ref: "#/components/securitySchemes/key"']) {
      assert.equal(redact(keep), keep);
    }
  });

  it('come only from input files of description or configuration kinds, a few lines each', async () => {
    const { report: r, snippets } = await withSnippets([fixture('demo')]);
    assert.ok(snippets.size > 0);
    for (const s of snippets.values()) {
      assert.ok(r.inputs.some((i) => i.file === s.file));
      assert.ok(s.lines.length <= 5 && s.lines.every((l) => l.length <= 162));
    }
    const asTraffic = { ...r, inputs: r.inputs.map((i) => ({ ...i, kind: 'har' as const })) };
    assert.equal(collectSnippets(asTraffic, () => 'x\n'.repeat(100)).size, 0, 'never lines of captured traffic');
    assert.equal(collectSnippets({ ...r, inputs: [] }, () => 'x\n'.repeat(100)).size, 0, 'never lines of files that are not inputs');
  });

  it('CRLF files give the same lines as LF files', async () => {
    const d = tmp();
    const lf = readFileSync(fixture('demo/partner-api.yaml'), 'utf8');
    writeFileSync(path.join(d, 'lf.yaml'), lf);
    writeFileSync(path.join(d, 'crlf.yaml'), lf.replace(/\n/g, '\r\n'));
    const a = [...(await withSnippets([path.join(d, 'lf.yaml')])).snippets.values()];
    const b = [...(await withSnippets([path.join(d, 'crlf.yaml')])).snippets.values()];
    assert.ok(a.length > 0);
    assert.deepEqual(b.map((x) => [x.line, x.startLine, x.lines]), a.map((x) => [x.line, x.startLine, x.lines]));
  });

  it('long lines (minified JSON) are cut around the located column', async () => {
    const d = tmp();
    const doc = JSON.parse(readFileSync(fixture('demo/orders-api.json'), 'utf8'));
    doc.info.description = 'x'.repeat(5000);
    writeFileSync(path.join(d, 'min.json'), JSON.stringify(doc));
    const { snippets } = await withSnippets([path.join(d, 'min.json')]);
    const s = [...snippets.values()][0]!;
    assert.equal(s.lines.length, 1);
    assert.ok(s.lines[0]!.length <= 162);
    // The cut keeps the text at the located column (every finding of a minified file is on line 1).
    const text = JSON.stringify(doc);
    assert.ok(s.column! > 160, 'a location deep in the line');
    assert.ok(s.lines[0]!.includes(text.slice(s.column! - 1, s.column! + 11)), s.lines[0]);
  });
});
