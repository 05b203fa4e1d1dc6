// The direct YAML parser (src/load/yaml-fast.ts) against js-yaml: on every YAML input it accepts, the same value, the
// same nodes in the same order, the same offsets (so the same line and column in every report) and the same key text;
// on everything else it gives up and js-yaml decides.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { constructFromEvents, CORE_SCHEMA, dump, getScalarValue, parseEvents, type ScalarEvent } from 'js-yaml';
import { stringify } from 'yaml';
import { parseYamlFast } from '../src/load/yaml-fast.js';
import { CORPUS, FIXTURES } from './helpers.js';

/** Parses with both; asserts they agree whenever the direct parser answers. Returns whether it did. */
function agree(text: string, label = JSON.stringify(text.slice(0, 80))): boolean {
  const fast = parseYamlFast(text, 512);
  if (!fast) return false;
  let events;
  let docs: unknown[];
  try {
    events = parseEvents(text, { maxDepth: 10_000 });
    docs = constructFromEvents(events, { source: text, schema: CORE_SCHEMA, maxAliases: 0 });
  } catch (e) {
    assert.fail(`${label}: the direct parser accepted what js-yaml refuses (${(e as Error).message.split('\n')[0]})`);
  }
  assert.equal(docs.length, 1, `${label}: one document`);
  assert.deepStrictEqual(fast.value, docs[0], `${label}: same value`);
  const { types, offsets, names } = fast.nodes;
  assert.equal(types.length, events.length, `${label}: same number of nodes`);
  // Which events are mapping keys: within a mapping, members alternate key, value.
  const frames: { mapping: boolean; n: number }[] = [];
  for (let i = 0; i < events.length; i++) {
    const e: (typeof events)[number] = events[i]!;
    const top = frames[frames.length - 1];
    const isKey: boolean = top !== undefined && top.mapping && top.n % 2 === 0 && e.type !== 6;
    if (top && e.type !== 6) top.n++;
    let off = -1;
    if (e.type === 4) off = e.valueStart - (e.style === 2 || e.style === 3 ? 1 : 0);
    else if (e.type === 2 || e.type === 3) off = e.start;
    assert.equal(types[i], e.type, `${label}: node ${i} type`);
    assert.equal(offsets[i], off, `${label}: node ${i} offset`);
    assert.equal(names[i], isKey ? getScalarValue(text, e as ScalarEvent) : undefined, `${label}: node ${i} key text`);
    if (e.type === 2 || e.type === 3) frames.push({ mapping: e.type === 3, n: 0 });
    else if (e.type === 6) frames.pop();
  }
  return true;
}

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/i.test(e.name)) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

describe('direct YAML parser', () => {
  it('agrees with js-yaml on every YAML fixture, and answers for most of them', () => {
    const files = yamlFiles(FIXTURES);
    let answered = 0;
    for (const f of files) if (agree(readFileSync(f, 'utf8'), path.relative(FIXTURES, f))) answered++;
    // What it gives up on here: multi-document Kubernetes manifests, CloudFormation tags, anchors, hostile inputs.
    assert.ok(answered >= files.length * 0.8, `answered ${answered} of ${files.length}`);
    assert.ok(agree(readFileSync(path.join(FIXTURES, 'demo/payments-api.yaml'), 'utf8')));
  });

  it('agrees with js-yaml on every YAML file of the shared corpus', { skip: !existsSync(path.join(CORPUS, 'openapi')) && 'no ../shared/corpus here' }, () => {
    const files = yamlFiles(CORPUS);
    let answered = 0;
    for (const f of files) if (agree(readFileSync(f, 'utf8'), path.relative(CORPUS, f))) answered++;
    assert.ok(answered >= files.length * 0.9, `answered ${answered} of ${files.length}`);
    // The largest YAML description there (3 MB, block scalars with explicit indentation).
    assert.ok(agree(readFileSync(path.join(CORPUS, 'openapi/large/plaid/2020-09-14.yml'), 'utf8')));
  });

  it('reads the constructs API descriptions use, exactly as js-yaml does', () => {
    const cases = [
      'a: 1\nb: true\nc: null\nd: ~\ne: 1.5\nf: 0x1F\ng: .inf\nh: -.5e3\ni: 012\nj: +7\nk: "8"\nl: \'9\'\n',
      '---\nopenapi: 3.0.0 # comment\n# a comment line\ninfo:\n  title:   spaced   \n',
      'paths:\n  /a/{id}:\n    get:\n      tags: [a, "b c", \'d\']\n      x: {k: v, "q": [1, {}], n: []}\n',
      'l:\n- a\n-\n- # empty\n- - x\n  - y\n- k: v\n  k2: v2\n-   z\nm: end\n',
      'd: |\n  line 1\n\n    more\n  line 3\n\nf: >-\n  folded\n  text\n\n  para\n    kept\n  end\nk: |+\n  keep\n\n\nz: 1\n',
      'a:\n  b: |2-\n      indented\n     less\n  c: >1\n    x\n  e: |-\n  f: x\n',
      'plain: a long\n  folded line\n\n  with a gap\nnext: 1\n',
      '"quoted key": 1\n\'single\': 2\n"esc\\u00e9": "tab\\there"\nx: \'it\'\'s\'\n200: ok\n1e3: k\nnull: n\n',
      '__proto__: {polluted: true}\nsafe: 1\n',
      'a: |\n  x\n# trailing comment\nb: 2\n',
      'emoji: "\u{1F600} ok"\nplain: \u{1F600}\n', // paired surrogates are printable
      'seq:\n  - a: 1\n    b:\n      - c\n  - !!str 1\n',
    ];
    const answered = cases.map((c) => agree(c));
    // `!!str` is a tag: the last one goes to js-yaml; every other one is read directly.
    assert.deepEqual(answered, [true, true, true, true, true, true, true, true, true, true, true, false]);
    const proto = parseYamlFast(cases[8]!, 512)!.value as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(proto), Object.prototype);
    assert.deepEqual(Object.keys(proto), ['__proto__', 'safe']);
  });

  it('gives up, for js-yaml to decide, on everything outside its subset', () => {
    const outside = [
      'a: &x 1\nb: *x\n', // anchors and aliases
      'a: !Ref b\n', // tags
      '? complex\n: key\n', // explicit keys
      'a: 1\n---\nb: 2\n', // several documents
      'a: 1\n...\n', // document end
      '%YAML 1.2\n---\na: 1\n', // directives
      'a:\n\tb: 1\n', // a tab in the indentation
      'a: 1\r\nb: 2\r\n', // carriage returns
      'a: 1\na: 2\n', // a duplicate key (js-yaml refuses it)
      '<<: {a: 1}\n', // a merge key
      'a: "multi\n  line"\n', // multi-line quoted text
      'a: [1,\n  2]\n', // a multi-line flow collection
      'a: [1, 2,]\n', // a trailing comma
      'a: b: c\n', // an error
      'a:\n  b: 1\n   c: 2\n', // bad indentation
      'just a\nscalar\n', // a root scalar on more than one line
      '',
      '\ufeffa: 1\n', // a byte-order mark
      'a: "\u0001"\n', // a control character
      'a: x\ud800y\n', // an unpaired surrogate
      'a: "\\q"\n', // an invalid escape
      'a: "\\u12G4"\n', // a short one
      'a: "x\\\n  y"\n', // an escaped line break
      `a: ${'['.repeat(600)}${']'.repeat(600)}\n`, // deeper than the limit
    ];
    for (const text of outside) assert.equal(parseYamlFast(text, 512), undefined, JSON.stringify(text.slice(0, 60)));
  });

  it('agrees with js-yaml where a review found they parted: document markers, BOMs, root block scalars, Unicode spaces, keep chomping at the end', () => {
    const cases = [
      '...\n', '---\n...\n', '---\n---\n', ' ---\n', ' --- x\n', '  --- a: b\n', 'a: 1\n--- : 2\n', 'a: 1\n... : 2\n', '... : 2\n',
      'a: 1\n\ufeff--- : 2\n', 'a: 1\n\ufeff%: 2\n', '|\nfoo\n---\n', '|\nfoo\n...\n', '|\n\ufeff%x\n', '# c\n  |\n x\n', '---\n  |\nx\n',
      'a: [x\u00a0]\n', 'a: {k\u3000: v}\n', 'a: {\u00a0: v}\n', 'a: [x  , y ]\n',
      'a: |+\n  x\n ', '- >+\n  x\n\n  ', 'a: >+1\n ',
    ];
    const answered = cases.filter((c) => agree(c));
    // The Unicode spaces stay part of the flow scalars; the rest is left to js-yaml.
    assert.deepEqual(answered, ['a: [x\u00a0]\n', 'a: {k\u3000: v}\n', 'a: {\u00a0: v}\n', 'a: [x  , y ]\n']);
    assert.deepEqual(parseYamlFast('a: {\u00a0: v}\n', 512)!.value, { a: { '\u00a0': 'v' } });
    // A horizontal rule inside a description is not a marker: only one at the first column is.
    assert.ok(agree('d: |\n  text\n  ---\n  more\ne: 1\n'));
  });

  it('agrees with js-yaml on generated documents in every style the two YAML writers produce', () => {
    const key = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('200', 'null', 'true', '1e3', '0x10', '-', 'a: b', '#x', '__proto__', ' sp ', "it's"));
    const scalar = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom('', ' lead', 'trail ', 'a\nb', 'a\n\nb\n', 'x\n', '- item', '# hash', 'k: v', 'null', '~', 'True', '1_000', '0o17', '.NaN', '12:30', '"q"', "'s'", 'tab\there', 'é ü 中'),
      fc.integer(),
      fc.double({ noNaN: true }),
      fc.boolean(),
      fc.constant(null),
    );
    const value = fc.letrec((tie) => ({
      v: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('arr'), tie('obj')),
      arr: fc.array(tie('v'), { maxLength: 4 }),
      obj: fc.dictionary(key, tie('v'), { maxKeys: 4 }),
    })).v;
    const writer = fc.oneof(
      fc.record({ lib: fc.constant('js-yaml' as const), flowLevel: fc.integer({ min: -1, max: 3 }), lineWidth: fc.constantFrom(-1, 20, 80), indent: fc.constantFrom(2, 4), seqNoIndent: fc.boolean(), seqInlineFirst: fc.boolean(), flowBracketPadding: fc.boolean() }),
      fc.record({ lib: fc.constant('yaml' as const), indent: fc.constantFrom(2, 3, 4), lineWidth: fc.constantFrom(0, 20, 80), indentSeq: fc.boolean(), blockQuote: fc.constantFrom(true, false, 'literal' as const, 'folded' as const) }),
    );
    // YAML_FAST_SEED and YAML_FAST_RUNS run it longer (the short run has a fixed seed).
    const numRuns = Number(process.env['YAML_FAST_RUNS'] ?? 600);
    let answered = 0;
    fc.assert(
      fc.property(fc.dictionary(key, value, { minKeys: 1, maxKeys: 5 }), writer, (doc, w) => {
        const text = w.lib === 'js-yaml' ? dump(doc, { flowLevel: w.flowLevel, lineWidth: w.lineWidth, indent: w.indent, seqNoIndent: w.seqNoIndent, seqInlineFirst: w.seqInlineFirst, flowBracketPadding: w.flowBracketPadding }) : stringify(doc, { indent: w.indent, lineWidth: w.lineWidth, indentSeq: w.indentSeq, blockQuote: w.blockQuote });
        if (agree(text)) answered++;
      }),
      { seed: Number(process.env['YAML_FAST_SEED'] ?? 20261123), numRuns },
    );
    assert.ok(answered > numRuns / 3, `answered ${answered} of ${numRuns}`);
  });
});
