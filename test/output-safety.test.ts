// Output safety: every seed of every kind with hostile text in every string (ANSI/OSC escapes, CI workflow commands
// after line breaks, markup, Markdown links, bidirectional overrides), under a hostile file name, rendered in every
// format of the registry. What each format must guarantee depends on what it is: the terminal shows control
// characters escaped; JSON formats keep the text losslessly but write invisible characters as \u escapes; markup
// formats (HTML, XML, Markdown) escape it.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { FORMATS } from '../src/report/formats.js';
import { clone, loadSeeds, render } from './hostile/lib.js';
import { cli } from './helpers.js';

const MARKUP = '<x-hostile><script>alert(1)</script><img src=x onerror=alert(1)>[click me](https://evil.example/x) <a href="javascript:alert(1)">a</a> @everyone';
const PAYLOAD = `\u001b[31mRED\u001b[0m\u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007\u009b2J\r\n::error file=x::injected\n${MARKUP}](javascript:alert(1))\u202eevil\u2066\u2028END`;
/** Object keys that are names shown in reports (paths, scheme names…), not structure. */
const NAME_CONTAINERS = new Set(['paths', 'webhooks', 'securitySchemes', 'securityDefinitions', 'schemas', 'parameters', 'responses', 'callbacks']);

function hostile(v: unknown, parentKey = ''): unknown {
  if (typeof v === 'string') return v + PAYLOAD;
  if (Array.isArray(v)) return v.map((x) => hostile(x));
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const name = NAME_CONTAINERS.has(parentKey) || k.startsWith('/') ? k + PAYLOAD.replace(/\//g, '∕') : k;
      out[name] = hostile(x, k);
    }
    return out;
  }
  return v;
}

// eslint-disable-next-line no-control-regex
const C0 = /[\u0000-\u0008\u000b-\u001f\u007f]/;
const C1 = /[\u0080-\u009f]/;
const INVISIBLE = /[\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('output safety', () => {
  const seeds = loadSeeds();
  const dir = mkdtempSync(path.join(tmpdir(), 'am-safety-'));
  const inputs = path.join(dir, 'inputs');
  mkdirSync(inputs);
  for (const s of seeds) {
    const docs = s.docs.map((d) => hostile(clone(d)));
    const name = `${s.kind}-\u001b[2J\n::warning::${path.basename(s.file, s.ext)}${s.ext}`;
    writeFileSync(path.join(inputs, name), render(s.format, docs));
  }
  const outs = FORMATS.map((f) => ({ format: f.name, file: path.join(dir, `report-${f.name}${f.extensions[0]}`) }));
  const r = cli(['assess', inputs, '-f', 'terminal', '--fail-below', '4', '--fail-on', 'info', ...outs.flatMap((o) => ['-o', o.file])]);

  it('the run completes; hostile strings reached the report', () => {
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stderr, '');
    const json = JSON.parse(readFileSync(outs.find((o) => o.format === 'json')!.file, 'utf8')) as { apis: { name: string }[] };
    assert.ok(json.apis.length > 0);
    assert.ok(json.apis.some((a) => a.name.includes(PAYLOAD)), 'JSON keeps the hostile text losslessly');
  });

  it('terminal (stdout): every control character, line separator and bidi mark is shown escaped; no line of input', () => {
    for (const out of [r.stdout, readFileSync(outs.find((o) => o.format === 'terminal')!.file, 'utf8')]) {
      assert.ok(out.includes('\\u001b[31mRED'), 'escapes shown');
      for (const line of out.split('\n')) {
        assert.doesNotMatch(line, C0, `raw control character in: ${JSON.stringify(line)}`);
        assert.doesNotMatch(line, C1, `raw C1 control in: ${JSON.stringify(line)}`);
        assert.doesNotMatch(line, INVISIBLE, `raw separator or bidi mark in: ${JSON.stringify(line)}`);
        assert.doesNotMatch(line, /^\s*::/, `a line of input became a line of output (CI workflow command): ${JSON.stringify(line)}`);
      }
    }
  });

  for (const o of outs) {
    it(`${o.format}: safe for its medium`, () => {
      const text = readFileSync(o.file, 'utf8');
      assert.doesNotMatch(text, C0, 'no raw C0 control characters');
      assert.doesNotMatch(text, C1, 'no raw C1 control characters');
      let isJson = true;
      try {
        JSON.parse(text);
      } catch {
        isJson = false;
      }
      if (isJson) {
        assert.doesNotMatch(text, INVISIBLE, 'separators and bidi marks written as \\u escapes');
      } else if (o.format !== 'terminal') {
        // Markup: the text never becomes markup, links or workflow commands.
        assert.ok(!text.includes('<x-hostile>'), 'HTML from input is escaped');
        assert.ok(!text.includes('<script>alert(1)'), 'scripts from input are escaped');
        assert.ok(!text.includes('<a href="javascript:'), 'no link from input');
        if (o.format === 'markdown') assert.ok(!text.includes('[click me](https://evil.example'), 'no Markdown link from input');
        assert.doesNotMatch(text, /^\s*::/m, 'no line of input becomes a CI workflow command');
      }
    });
  }
});
