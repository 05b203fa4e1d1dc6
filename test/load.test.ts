// Safe loading: parse errors with positions, locations of values, $ref containment, no network, bounded aliases and sizes.
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseText, parseYamlSlow, JsonLocator } from '../src/load/parse.js';
import { readFileSync } from 'node:fs';
import { fixture } from './helpers.js';
import { InputError } from '../src/load/errors.js';
import { DEFAULT_MAX_DEPTH } from '../src/load/limits.js';
import { cli, countingServer, report } from './helpers.js';

function tmp(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'am-load-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const tf = (text: string, file = 'x.yaml') => ({ file, abs: '/nowhere/' + file, text, bytes: text.length, sha256: '' });

const SPEC = (extra: string) => `openapi: 3.0.3
info: {title: T, version: "1"}
servers: [{url: "https://api.example.com"}]
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
security: [{bearer: []}]
paths:
  /a:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: '${extra}'}
`;

describe('parsing', () => {
  it('JSON errors name line and column', () => {
    assert.throws(
      () => parseText(tf('{\n  "a": 1,\n  "b": }\n', 'bad.json')),
      (e: unknown) => e instanceof InputError && e.file === 'bad.json' && e.line === 3 && typeof e.column === 'number',
    );
  });
  it('YAML errors name line and column', () => {
    assert.throws(
      () => parseText(tf('openapi: 3.0.0\ninfo:\n  title: [unclosed\n  version: 1\n')),
      (e: unknown) => e instanceof InputError && e.line !== undefined && e.column !== undefined && /invalid YAML/.test(e.message),
    );
  });
  it('duplicate YAML keys are an error, not a silent overwrite', () => {
    assert.throws(() => parseText(tf('a: 1\na: 2\n')), /invalid YAML/);
  });
  it('YAML alias expansion is bounded', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill('*' + String.fromCharCode(96 + i)).join(',')}]`);
    assert.throws(() => parseText(tf(bomb.join('\n') + '\n'), { maxAliases: 1000 }), /invalid YAML|alias/i);
  });
  it('locates JSON values by pointer (keys for members, values for elements)', () => {
    const text = '{\n  "paths": {\n    "/a~b/c": {\n      "get": {"tags": ["x", "y"]}\n    }\n  }\n}\n';
    const loc = new JsonLocator(text);
    assert.deepEqual(loc.locate('/paths/~1a~0b~1c/get'), { line: 4, column: 7 });
    assert.deepEqual(loc.locate("/paths/~1a~0b~1c/get/tags/1"), { line: 4, column: 29 });
    assert.deepEqual(loc.locate(''), { line: 1, column: 1 });
  });
  it('the fast YAML path and the alias-safe path agree on every location', () => {
    const text = readFileSync(fixture('corpus', 'openapi', 'vampi-openapi3.yml'), 'utf8');
    const fast = parseText(tf(text));
    const slow = parseYamlSlow(tf(text), {});
    assert.deepEqual(fast.docs, slow.docs);
    const pointers: string[] = [];
    const walk = (v: unknown, p: string) => {
      pointers.push(p);
      if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${p}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    };
    walk(fast.docs[0], '');
    assert.ok(pointers.length > 300);
    for (const p of pointers) assert.deepEqual(fast.locate(p), slow.locate(p), p);
  });
  it('YAML with aliases and custom tags still parses (alias-safe path)', () => {
    const pf = parseText(tf('base: &b {type: string}\nname: *b\nref: !Ref MyApi\n'));
    assert.deepEqual(pf.docs[0], { base: { type: 'string' }, name: { type: 'string' }, ref: { Ref: 'MyApi' } });
  });
  it('CloudFormation short forms become their opaque JSON long forms, never evaluated', () => {
    const pf = parseText(tf('a: !GetAtt Fn.Arn\nb: !Sub "arn:${AWS::Region}"\nc: !If [Prod, !Ref X, "y"]\nd: !Join\n  - ""\n  - [a, !Ref B]\n'));
    assert.deepEqual(pf.docs[0], { a: { 'Fn::GetAtt': ['Fn', 'Arn'] }, b: { 'Fn::Sub': 'arn:${AWS::Region}' }, c: { 'Fn::If': ['Prod', { Ref: 'X' }, 'y'] }, d: { 'Fn::Join': ['', ['a', { Ref: 'B' }]] } });
    assert.deepEqual(pf.locate('/c'), { line: 3, column: 1 });
  });
  it('block nesting deeper than the limit is refused at the first too-deep mapping; at the limit it parses', () => {
    const nest = (levels: number) => {
      let text = 'root:\n';
      for (let i = 1; i < levels; i++) text += `${'  '.repeat(i)}k:\n`;
      return `${text}${'  '.repeat(levels)}v: 1\n`;
    };
    // `levels` mappings below the document's own: the one at line 512 (its key) is the 513th.
    assert.doesNotThrow(() => parseText(tf(nest(DEFAULT_MAX_DEPTH - 1))));
    assert.throws(
      () => parseText(tf(nest(DEFAULT_MAX_DEPTH + 50))),
      (e: unknown) => e instanceof InputError && /nesting deeper than 512 levels/.test(e.message) && e.line === DEFAULT_MAX_DEPTH && e.column === 2 * DEFAULT_MAX_DEPTH - 1,
    );
  });

  it('locates YAML values by pointer', () => {
    const pf = parseText(tf('a:\n  b:\n    - 1\n    - c: 2\n'));
    assert.deepEqual(pf.locate('/a/b/1/c'), { line: 4, column: 7 });
  });
});

describe('$ref resolution', () => {
  it('follows multi-file refs inside the input tree and lists the referenced files as part of the input', async () => {
    const dir = tmp({ 'api.yaml': SPEC('./schemas/item.yaml#/Item'), 'schemas/item.yaml': 'Item: {type: object, properties: {name: {type: string, maxLength: 10}}}\n' });
    const r = await report([dir], { cwd: dir });
    assert.equal(r.apis.length, 1);
    assert.deepEqual(r.skipped, []);
    assert.equal(r.inputs.find((i) => i.file === 'schemas/item.yaml')?.referencedBy, 'api.yaml');
  });

  it('refuses a $ref that escapes the input root, without reading it', async () => {
    const dir = tmp({ 'spec/api.yaml': SPEC('../../../etc/passwd') });
    const r = await report([path.join(dir, 'spec/api.yaml')], { cwd: dir });
    const f = r.apis[0]!.findings.find((x) => x.ruleId === 'ref-outside-root');
    assert.ok(f, 'ref-outside-root finding');
    assert.equal(f.severity, 'high');
    assert.ok(!JSON.stringify(r).includes('root:x:0:0'), 'nothing of /etc/passwd in the report');
  });

  it('refuses a symlink that points outside the root', async () => {
    const outside = tmp({ 'secret.yaml': 'Item: {type: string}\n' });
    const dir = tmp({ 'api.yaml': SPEC('./link.yaml#/Item') });
    symlinkSync(path.join(outside, 'secret.yaml'), path.join(dir, 'link.yaml'));
    const r = await report([path.join(dir, 'api.yaml')], { cwd: dir });
    assert.ok(r.apis[0]!.findings.some((x) => x.ruleId === 'ref-outside-root'));
  });

  it('never fetches a remote $ref unless asked to', async () => {
    const server = await countingServer('Item: {type: string}\n');
    try {
      const dir = tmp({ 'api.yaml': SPEC(`${server.base}/schemas.yaml#/Item`) });
      const res = cli(['assess', path.join(dir, 'api.yaml'), '-f', 'json']);
      assert.equal(res.code, 0, res.stderr);
      assert.equal(server.requests(), 0, 'no request was made');
      const r = JSON.parse(res.stdout);
      assert.ok(r.apis[0].findings.some((f: { ruleId: string }) => f.ruleId === 'ref-remote-refused'));
    } finally {
      server.close();
    }
  });

  it('fetches remote $refs with --allow-remote-refs', async () => {
    const server = await countingServer('Item: {type: string}\n');
    try {
      const dir = tmp({ 'api.yaml': SPEC(`${server.base}/schemas.yaml#/Item`) });
      const res = await new Promise<{ code: number; stdout: string }>((resolve) => {
        // spawn asynchronously: the server must keep answering while the child runs
        import('node:child_process').then(({ execFile }) =>
          execFile(process.execPath, [path.resolve('bin/api-maturity'), 'assess', path.join(dir, 'api.yaml'), '-f', 'json', '--allow-remote-refs'], (err, stdout) =>
            resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout }),
          ),
        );
      });
      assert.equal(res.code, 0);
      assert.equal(server.requests(), 1);
      assert.ok(!JSON.parse(res.stdout).apis[0].findings.some((f: { ruleId: string }) => f.ruleId.startsWith('ref-')));
    } finally {
      server.close();
    }
  });

  it('handles circular $refs', async () => {
    const dir = tmp({ 'api.yaml': SPEC('#/components/schemas/A').replace('components:\n', 'components:\n  schemas:\n    A: {$ref: "#/components/schemas/B"}\n    B: {$ref: "#/components/schemas/A"}\n') });
    const r = await report([dir], { cwd: dir });
    assert.equal(r.apis.length, 1);
  });
});

describe('limits', () => {
  it('refuses files over the size limit with one line and exit code 2', () => {
    const dir = tmp({ 'big.json': JSON.stringify({ openapi: '3.0.0', info: { title: 'x', version: '1' }, paths: {}, pad: 'x'.repeat(5000) }) });
    const res = cli(['assess', path.join(dir, 'big.json'), '--max-file-size', '1KB']);
    assert.equal(res.code, 2);
    assert.match(res.stderr, /big\.json: file is .* over the 1 KiB limit/);
    assert.equal(res.stderr.trim().split('\n').length, 1);
  });
});
