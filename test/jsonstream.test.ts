// The streaming readers: every element of a JSON array found whatever the chunking, large strings left lazy, syntax
// errors located by line and column without quoting content, bounded elements; lines split across chunks.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { InputError } from '../src/load/errors.js';
import { JsonArrayStreamer, type ArrayElement } from '../src/load/jsonstream.js';
import { readHead, streamChunks, streamLines } from '../src/load/stream.js';

function run(text: string | Buffer, chunk: number, opts: { maxElementBytes?: number; lazy?: boolean } = {}) {
  const got: ArrayElement[] = [];
  const oversize: number[] = [];
  const js = new JsonArrayStreamer({
    file: 'x.har',
    path: ['log', 'entries'],
    maxElementBytes: opts.maxElementBytes ?? 1 << 20,
    maxMemberBytes: 1 << 16,
    ...(opts.lazy ? { lazyStrings: { key: 'text', minBytes: 8 } } : {}),
    onElement: (e) => got.push(e),
    onOversize: (i) => oversize.push(i),
  });
  const buf = Buffer.isBuffer(text) ? text : Buffer.from(text);
  for (let o = 0; o < buf.length; o += chunk) js.write(buf.subarray(o, o + chunk));
  js.end();
  return { got, oversize, js };
}

const DOC = {
  log: {
    version: '1.2',
    creator: { name: 'test "quoted" \\ creator', version: '1' },
    pages: [{ id: 'p1', title: 'a [ { tricky } ] title' }],
    entries: [
      { request: { url: 'https://a.example/x?q="}]', headers: [{ name: 'A', value: 'b\\"c' }] }, n: 1 },
      { request: { url: 'https://a.example/y' }, response: { content: { text: 'long body text with "quotes" and \\\\ backslashes \u00e9\u{1F600}' } } },
      { deep: [[[[{ a: [1, 2, { b: null }] }]]]], t: true, f: false, s: -1.5e3 },
      'not an object',
      42,
    ],
    comment: 'after entries',
  },
  other: { ignored: [1, 2, 3] },
};

describe('JsonArrayStreamer', () => {
  const text = JSON.stringify(DOC, null, 2);
  for (const chunk of [1, 2, 3, 7, 64, 1 << 20]) {
    it(`finds every element with ${chunk}-byte chunks`, () => {
      const { got, js } = run(text, chunk);
      assert.deepEqual(
        got.map((e) => e.value),
        DOC.log.entries,
      );
      assert.deepEqual(js.members.get('log.creator'), DOC.log.creator);
      assert.equal(js.members.get('log.comment'), 'after entries');
      assert.equal(js.found, true);
      const lines = text.split('\n');
      for (const e of got) assert.match(lines[e.line - 1]!.slice(e.column - 1), /^[{"4]/, 'element positions point at the element');
    });
  }

  it('leaves large `text` strings out of the parse and decodes them on demand', () => {
    for (const chunk of [5, 1 << 20]) {
      const { got } = run(text, chunk, { lazy: true });
      const body = (got[1]!.value as { response: { content: { text: string } } }).response.content.text;
      assert.notEqual(body, DOC.log.entries[1] && (DOC.log.entries[1] as { response: { content: { text: string } } }).response.content.text);
      assert.equal(got[1]!.lazy(body), (DOC.log.entries[1] as { response: { content: { text: string } } }).response.content.text);
      assert.equal(got[1]!.lazy('plain string'), undefined);
    }
  });

  it('a string value equal to the key is not taken for the key', () => {
    const doc = { log: { entries: [{ mimeType: 'text', a: '"text": "not a member"', text: 'the real body text' }] } };
    const { got } = run(JSON.stringify(doc), 3, { lazy: true });
    const v = got[0]!.value as Record<string, string>;
    assert.equal(v['mimeType'], 'text');
    assert.equal(v['a'], '"text": "not a member"');
    assert.equal(got[0]!.lazy(v['text']), 'the real body text');
  });

  it('skips elements over the size limit and says which', () => {
    const doc = { log: { entries: [{ a: 1 }, { big: 'x'.repeat(5000) }, { c: 3 }] } };
    const { got, oversize } = run(JSON.stringify(doc), 100, { maxElementBytes: 1000 });
    assert.deepEqual(got.map((e) => e.value), [{ a: 1 }, { c: 3 }]);
    assert.deepEqual(oversize, [1]);
  });

  it('reports syntax errors with line and column, never quoting the content', () => {
    const cases: [string, RegExp][] = [
      ['{"log":\n[\n        2,1,3\n]\n"request:"}', /x\.har:5:1: invalid JSON: expected ',' or '}'$/],
      ['{"log": {"entries": [{"a": 1}, {"b": SECRET123}]}}', /x\.har:1:38: invalid JSON: malformed value$/],
      ['{"log": {"entries": [{"a": 1},', /unexpected end of input/],
      ['{"log": {"entries": [{"a": 1]}}', /invalid JSON: unexpected '\]'/],
      ['[1, 2]', /expected '\{' at the start/],
      ['{"log": {"entries": []}} trailing', /unexpected content after the document/],
    ];
    for (const [t, re] of cases) {
      for (const chunk of [1, 4, 1000]) {
        assert.throws(
          () => run(t, chunk),
          (e: unknown) => e instanceof InputError && re.test(e.message) && !e.message.includes('SECRET'),
          `${t} (${chunk})`,
        );
      }
    }
  });

  it('refuses nesting deeper than it tracks', () => {
    const deep = `{"log": {"entries": [${'['.repeat(2000)}${']'.repeat(2000)}]}}`;
    assert.throws(() => run(deep, 64), /nesting deeper than 512 levels/);
  });

  it('records a path key whose value has the wrong type', () => {
    const { js } = run('{"log": [1], "x": 2}', 3);
    assert.deepEqual(js.mismatches, ['log']);
    assert.equal(js.found, false);
  });
});

describe('streamed files', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'am-stream-'));

  it('hashes the whole file and drops a UTF-8 BOM from the content', async () => {
    const f = path.join(dir, 'bom.json');
    writeFileSync(f, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"log":{"entries":[]}}')]));
    const head = readHead(f, 'bom.json');
    assert.equal(head.bom, 'utf-8');
    assert.equal(head.text.startsWith('{"log"'), true);
    const parts: Buffer[] = [];
    const r = await streamChunks(head, (c) => void parts.push(c));
    assert.equal(Buffer.concat(parts).toString(), '{"log":{"entries":[]}}');
    assert.equal(r.bytes, 25);
    assert.match(r.sha256, /^[0-9a-f]{64}$/);
  });

  it('splits megabytes of lines across chunks exactly as a split of the whole text would (ASCII, CRLF, UTF-8, empty lines)', async () => {
    const f = path.join(dir, 'many.jsonl');
    const lines: string[] = [];
    for (let i = 0; i < 40_000; i++) {
      const kind = i % 97;
      // Multi-byte characters in one stretch, lines across the 1 MiB chunk boundaries, CRLF on some lines.
      lines.push(kind === 0 ? '' : kind === 1 && i > 15_000 && i < 16_000 ? `{"ua":"caf\u00e9 ${i} \u{1F600}"}` : `{"i":${i},"pad":"${'x'.repeat((i * 7919) % 150)}"}${i % 5 === 0 ? '\r' : ''}`);
    }
    const text = lines.join('\n');
    writeFileSync(f, text);
    const seen: string[] = [];
    await streamLines(readHead(f, 'many.jsonl'), 1 << 20, (line, no) => {
      assert.equal(no, seen.length + 1);
      seen.push(line!);
    });
    assert.deepEqual(seen, text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)));
  });

  it('splits lines (LF and CRLF), numbers them, and passes over-long lines without their content', async () => {
    const f = path.join(dir, 'log.jsonl');
    writeFileSync(f, `{"a":1}\r\n\n{"b":"${'x'.repeat(3_000_000)}"}\n{"c":3}`);
    const seen: [string | undefined, number][] = [];
    await streamLines(readHead(f, 'log.jsonl'), 1 << 20, (line, no) => seen.push([line, no]));
    assert.deepEqual(seen, [
      ['{"a":1}', 1],
      ['', 2],
      [undefined, 3],
      ['{"c":3}', 4],
    ]);
  });
});
