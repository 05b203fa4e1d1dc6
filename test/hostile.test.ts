// The bad-input matrix: every hostile variant of every seed (one or more real inputs per kind, fixtures/hostile/seeds),
// through the real command line, measured. Each ends with the contract's exit code (2 for invalid input named on the
// command line; a skip for a file of no known kind found in a directory), one line on stderr naming the file and, where
// known, line:column, no stack trace, in bounded CPU time and memory. A new kind is covered by adding a seed.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { execFileSync } from 'node:child_process';
import { ADAPTERS, adapterFor, sniffKind } from '../src/kinds/registry.js';
import { DEFAULT_MAX_DEPTH } from '../src/load/limits.js';
import { assertValidReport, countingServer } from './helpers.js';
import { assertContract, clone, deepestSlot, getSlot, loadSeeds, render, rootObject, runCli, setSlot, slots, type Seed } from './hostile/lib.js';

const SEEDS = loadSeeds();
const tmp = () => mkdtempSync(path.join(tmpdir(), 'am-hostile-'));
const SECRET = `AM-ENV-MARKER-${process.pid}`;

/** Writes `text` as the seed's file name in a fresh directory; returns [dir, file]. */
function place(seed: Seed, text: string | Buffer, name = `input${seed.ext}`): [string, string] {
  const dir = tmp();
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return [dir, file];
}

/** A file named on the command line, and the same file found by walking its directory. */
async function explicitAndWalked(seed: Seed, text: string | Buffer, explicit: Parameters<typeof assertContract>[1], what: string): Promise<void> {
  const [dir, file] = place(seed, text);
  assertContract(await runCli(['assess', file, '-f', 'json']), explicit, `${what} (named)`);
  // In a directory: fatal when the file looks like a known kind, otherwise listed as skipped.
  const looksKnown = sniffKind(typeof text === 'string' ? text : new TextDecoder().decode(text)) !== undefined;
  const r = await runCli(['assess', dir, '-f', 'json']);
  if (looksKnown && explicit.codes.includes(2)) assertContract(r, explicit, `${what} (walked, looks like a known kind)`);
  else {
    assertContract(r, { codes: [0, 1] }, `${what} (walked)`);
    const rep = JSON.parse(r.stdout) as { skipped: { file: string }[] };
    assert.ok(rep.skipped.some((s) => s.file.endsWith(path.basename(file))), `${what}: listed as skipped`);
  }
}

/** The seed with `raw` text in place of one value (a placeholder string is rendered, then replaced). */
function withRaw(seed: Seed, raw: string, where: 'deepest' | 'root' = 'deepest'): { text: string; depth: number } {
  const docs = clone(seed.docs);
  const marker = 'AM_PLACEHOLDER_VALUE';
  let depth = 1;
  if (where === 'root') rootObject(docs)['x-am-injected'] = marker;
  else {
    const s = deepestSlot(docs.find((d) => d !== null && typeof d === 'object')!);
    setSlot(s, marker);
    depth = s.depth;
  }
  const text = render(seed.format, docs);
  const quoted = seed.format === 'yaml' ? marker : `"${marker}"`;
  assert.ok(text.includes(quoted));
  return { text: text.replace(quoted, raw), depth };
}

/** Adds members to the first object document (and to up to `spread` other objects) and renders. */
function withMembers(seed: Seed, members: Record<string, unknown>, spread = 0): string {
  const docs = clone(seed.docs);
  const root = rootObject(docs);
  const targets = [root, ...slots(root, 5000).map(getSlot).filter((v): v is object => v !== null && typeof v === 'object' && !Array.isArray(v)).slice(0, spread)];
  for (const t of targets) for (const [k, v] of Object.entries(members)) Object.defineProperty(t, k, { value: clone(v), enumerable: true, writable: true, configurable: true });
  return render(seed.format, docs);
}

/**
 * Adds `{$ref: target}` members to the objects one and two levels below the root (where a kind that resolves references
 * looks: path items, scheme maps…) without changing the shape of what is there, and a list of them at the root.
 */
function withRefsAt(seed: Seed, targets: string[], docs = clone(seed.docs)): string {
  const root = rootObject(docs);
  let i = 0;
  const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  for (const v of Object.values(root)) {
    if (!isMap(v)) continue;
    for (const w of Object.values(v)) if (isMap(w)) w['am-ref'] = { $ref: targets[i++ % targets.length] };
    v['am-ref'] = { $ref: targets[i++ % targets.length] };
  }
  root['x-am-refs'] = targets.map((t) => ({ $ref: t }));
  return render(seed.format, docs);
}

/**
 * How a kind reads its files, from the registry: whole documents, or streams (captured traffic: its own size limit,
 * `--max-traffic-size`), of records that are skipped and reported one by one when bad (JSON lines).
 */
function reading(seed: Seed): { streamed: boolean; perRecord: boolean; sizeFlag: string } {
  const streamed = adapterFor(seed.kind)?.streaming !== undefined;
  return { streamed, perRecord: streamed && seed.format === 'jsonl', sizeFlag: streamed ? '--max-traffic-size' : '--max-file-size' };
}

/** A record-by-record kind skipped the bad record and said so in the report. */
function assertRecordSkipped(stdout: string, what: string): void {
  const rep = JSON.parse(stdout) as { apis: { findings: { ruleId: string }[] }[]; findings: { ruleId: string }[] };
  const ids = [...rep.findings, ...rep.apis.flatMap((a) => a.findings)].map((f) => f.ruleId);
  assert.ok(ids.includes('traffic-entry-skipped'), `${what}: the bad record is reported as skipped (${ids.join(', ')})`);
}

describe('seeds', () => {
  it('every registered kind has a seed (add one under fixtures/hostile/seeds/<kind>/)', () => {
    for (const a of ADAPTERS) assert.ok(SEEDS.some((s) => s.kind === a.kind), `no seed for kind '${a.kind}'`);
  });
  it('every seed of a registered kind is assessed as that kind', async () => {
    for (const seed of SEEDS.filter((s) => ADAPTERS.some((a) => a.kind === s.kind))) {
      const r = await runCli(['assess', seed.file, '-f', 'json']);
      assertContract(r, { codes: [0, 1] }, seed.id);
      const rep = JSON.parse(r.stdout);
      assertValidReport(rep);
      assert.ok(rep.inputs.some((i: { file: string; kind: string }) => i.kind === seed.kind), `${seed.id} detected as ${seed.kind}`);
    }
  });
});

for (const seed of SEEDS) {
  describe(`hostile variants of ${seed.id}`, { concurrency: 2 }, () => {
    it('invalid syntax: exit 2, file:line:column (a record-by-record kind skips and reports the record)', async () => {
      const text = seed.format !== 'yaml' ? seed.text.trimEnd().slice(0, -1) : `${seed.text.trimEnd()}\nx-am-broken: "unterminated\n`;
      if (reading(seed).perRecord) {
        const [, file] = place(seed, text);
        const r = await runCli(['assess', file, '-f', 'json']);
        assertContract(r, { codes: [0, 1] }, 'invalid record');
        return assertRecordSkipped(r.stdout, 'invalid record');
      }
      await explicitAndWalked(seed, text, { codes: [2], mentions: [`input${seed.ext}`], position: true }, 'invalid syntax');
    });

    it('empty file', async () => {
      await explicitAndWalked(seed, '', { codes: [2], mentions: [`input${seed.ext}: empty file`] }, 'empty file');
    });

    it('binary content', async () => {
      const bytes = Buffer.from(seed.text);
      await explicitAndWalked(seed, Buffer.concat([bytes.subarray(0, 10), Buffer.from([0, 1, 2, 0xff]), bytes.subarray(10)]), { codes: [2], mentions: ['binary content'] }, 'binary');
    });

    it('invalid UTF-8', async () => {
      const bytes = Buffer.from(seed.text);
      const mid = bytes.indexOf(0x0a, bytes.length >> 1) + 1;
      const bad = Buffer.concat([bytes.subarray(0, mid), Buffer.from([0xc3, 0x28, 0xff]), bytes.subarray(mid)]);
      const { streamed, perRecord } = reading(seed);
      if (perRecord) {
        const [, file] = place(seed, bad);
        const r = await runCli(['assess', file, '-f', 'json']);
        assertContract(r, { codes: [0, 1] }, 'invalid UTF-8 in a record');
        return assertRecordSkipped(r.stdout, 'invalid UTF-8 in a record');
      }
      // A stream is decoded as it is read: the error names where the bad bytes are, not their offset.
      await explicitAndWalked(seed, bad, streamed ? { codes: [2], mentions: [`input${seed.ext}`], position: true } : { codes: [2], mentions: [`invalid UTF-8 at byte ${mid}`] }, 'invalid UTF-8');
    });

    for (const [shape, open, close] of [
      ['arrays', '[', ']'],
      ['objects', '{"a":', '}'],
    ] as const) {
      it(`200,000-deep nesting of ${shape}: refused with a position, no stack overflow`, async () => {
        const n = 200_000;
        const inner = seed.format === 'yaml' && shape === 'objects' ? ['{a: ', '}'] : [open, close];
        const { text } = withRaw(seed, inner[0]!.repeat(n) + (shape === 'objects' ? '1' : '') + inner[1]!.repeat(n));
        const [, file] = place(seed, text);
        assertContract(await runCli(['assess', file, '-f', 'json']), { codes: [2], mentions: [`nesting deeper than ${DEFAULT_MAX_DEPTH} levels`], position: true }, `deep ${shape}`);
      });
    }

    it(`nesting at the limit (${DEFAULT_MAX_DEPTH} levels) is assessed by every walker and renderer without a crash`, async () => {
      const probe = withRaw(seed, '1');
      const n = DEFAULT_MAX_DEPTH - probe.depth;
      const { text } = withRaw(seed, '['.repeat(n) + ']'.repeat(n));
      const [dir, file] = place(seed, text);
      const outs = ['r.json', 'r.txt'].map((f) => path.join(dir, f));
      const r = await runCli(['assess', file, '-f', 'json', ...outs.flatMap((o) => ['-o', o])]);
      assertContract(r, { codes: [0, 1] }, 'nesting at the limit');
      assertValidReport(JSON.parse(r.stdout));
      const over = withRaw(seed, '['.repeat(n + 1) + ']'.repeat(n + 1));
      const [, file2] = place(seed, over.text);
      // Records of a JSON-lines log are parsed one by one and read at fixed places: their nesting reaches no walker.
      const over2 = reading(seed).perRecord ? { codes: [0, 1] } : { codes: [2], mentions: ['nesting deeper'], position: true };
      assertContract(await runCli(['assess', file2, '-f', 'json']), over2, 'one level over the limit');
    });

    it('YAML alias bomb (billion laughs): refused', async () => {
      const lines = ['x-am-bomb:', '  l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
      for (let i = 1; i < 10; i++) lines.push(`  l${i}: &l${i} [${Array(10).fill(`*l${i - 1}`).join(', ')}]`);
      const docs = clone(seed.docs);
      const text = `${render('yaml', [docs[0]]).trimEnd()}\n${lines.join('\n')}\n`;
      const [, file] = place(seed, text, 'input.yaml');
      assertContract(await runCli(['assess', file, '-f', 'json']), { codes: [2], mentions: ['input.yaml', /alias/i] }, 'alias bomb');
    });

    it('YAML alias cycle (&a {self: *a}): refused with a position', async () => {
      const text = `${render('yaml', [clone(seed.docs[0])]).trimEnd()}\nx-am-cycle: &c {self: *c, list: [*c]}\n`;
      const [, file] = place(seed, text, 'input.yaml');
      assertContract(await runCli(['assess', file, '-f', 'json']), { codes: [2], mentions: ['input.yaml', 'cycle'], position: true }, 'alias cycle');
    });

    it('duplicate keys: refused with a position (records of streamed traffic are parsed as JSON.parse does)', async () => {
      const root = rootObject(seed.docs);
      const key = Object.keys(root)[0]!;
      let text: string;
      if (seed.format !== 'yaml') text = seed.text.replace('{', `{${JSON.stringify(key)}: null,`);
      else {
        const docs = clone(seed.docs);
        const first = docs.indexOf(docs.find((d) => d !== null && typeof d === 'object' && !Array.isArray(d)));
        const parts = docs.map((d) => render('yaml', [d]));
        parts[first] = `${parts[first]!.trimEnd()}\n${key}: null\n`;
        text = parts.join('---\n');
      }
      const [, file] = place(seed, text);
      const expect = reading(seed).streamed ? { codes: [0, 1, 2] } : { codes: [2], mentions: [`duplicate key '${key}'`], position: true };
      assertContract(await runCli(['assess', file, '-f', 'json']), expect, 'duplicate keys');
    });

    it('__proto__, constructor and prototype keys everywhere: assessed, valid report', async () => {
      const text = withMembers(seed, { ['__proto__']: { polluted: 'yes', 'x-am': 1 }, constructor: { prototype: { polluted: 'yes' } }, prototype: { polluted: 'yes' } }, 200);
      assert.ok(text.includes('__proto__'));
      const [, file] = place(seed, text);
      const r = await runCli(['assess', file, '-f', 'json']);
      assertContract(r, { codes: [0, 1] }, 'prototype keys');
      assertValidReport(JSON.parse(r.stdout));
    });

    it('circular $refs and a $ref chain 1,000 deep: assessed in bounded time', async () => {
      const docs = clone(seed.docs);
      const root = rootObject(docs);
      root['x-am-cycle-a'] = { $ref: '#/x-am-cycle-b' };
      root['x-am-cycle-b'] = { $ref: '#/x-am-cycle-a' };
      root['x-am-self'] = { $ref: '#/x-am-self' };
      root['x-am-chain'] = Array.from({ length: 1000 }, (_, i) => (i < 999 ? { $ref: `#/x-am-chain/${i + 1}` } : { type: 'string' }));
      const text = withRefsAt(seed, ['#/x-am-cycle-a', '#/x-am-chain/0', '#/x-am-self'], docs);
      const [, file] = place(seed, text);
      const r = await runCli(['assess', file, '-f', 'json']);
      assertContract(r, { codes: [0, 1] }, 'circular refs');
      assertValidReport(JSON.parse(r.stdout));
    });

    it('remote $refs and URLs: nothing is requested (local listener counts)', async () => {
      const server = await countingServer('x: 1\n');
      try {
        const base = server.base;
        const docs = clone(seed.docs);
        // Every URL-like string now points at the listener (issuers, JWKS URIs, servers, token endpoints…).
        for (const d of docs) {
          for (const s of slots(d)) {
            const v = getSlot(s);
            if (typeof v === 'string' && /^https?:\/\//.test(v)) setSlot(s, `${base}/u/${String(s.key)}`);
          }
        }
        const text = withRefsAt(seed, [`${base}/remote.yaml#/x`, `${base}/remote.json`, `${base.replace('http:', '')}/x.yaml`], docs);
        const [, file] = place(seed, text);
        const r = await runCli(['assess', file, '-f', 'json']);
        assertContract(r, { codes: [0, 1] }, 'remote refs');
        assert.equal(server.requests(), 0, 'no request was made');
      } finally {
        server.close();
      }
    });

    it('$refs and symlinks that escape the input root or point into /proc: never read', async () => {
      const outside = tmp();
      writeFileSync(path.join(outside, 'secret.yaml'), `x: {type: string, description: ${SECRET}}\n`);
      const targets = ['/proc/self/environ', '../../../../../../../../proc/self/environ#/x', 'file:///proc/self/environ', `${outside}/secret.yaml#/x`, '../secret.yaml#/x', './proc-link.json#/x', './out-link.yaml#/x', './dir-link/secret.yaml#/x'];
      const text = withRefsAt(seed, targets);
      const [dir, file] = place(seed, text);
      symlinkSync('/proc/self/environ', path.join(dir, 'proc-link.json'));
      symlinkSync(path.join(outside, 'secret.yaml'), path.join(dir, 'out-link.yaml'));
      symlinkSync(outside, path.join(dir, 'dir-link'));
      for (const args of [['assess', file, '-f', 'json'], ['assess', dir, '-f', 'json']]) {
        const r = await runCli(args, { env: { AM_SECRET: SECRET } });
        assertContract(r, { codes: [0, 1] }, `escaping refs (${args[1] === dir ? 'walked' : 'named'})`);
        assert.ok(!r.stdout.includes(SECRET) && !r.stderr.includes(SECRET), 'nothing of the environment or the outside file in the output');
        const rep = JSON.parse(r.stdout);
        assertValidReport(rep);
        // Where the kind resolves $refs, the refusals are findings.
        const ids = JSON.stringify(rep).match(/"ruleId": "ref-[a-z-]+"/g) ?? [];
        if (ids.length) assert.ok(ids.some((x) => x.includes('ref-outside-root')), `outside-root refusals reported: ${ids.join(' ')}`);
      }
    });

    it('a file over the size limit: refused before it is read', async () => {
      const [, file] = place(seed, seed.text);
      assertContract(await runCli(['assess', file, '-f', 'json', reading(seed).sizeFlag, '100B']), { codes: [2], mentions: [`input${seed.ext}: file is`, 'over the 100 bytes limit'] }, 'size limit');
    });
  });
}

describe('hostile files of any kind', { concurrency: 2 }, () => {
  const openapi = (extra: string) => `{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{}${extra}}`;

  it('a single 100 MB line: refused at the default limit; with a higher limit, JSON and plain YAML are assessed in bounded time and memory', async () => {
    const dir = tmp();
    const big = 'a'.repeat(100 * 1024 * 1024);
    const json = path.join(dir, 'line.json');
    writeFileSync(json, openapi(`,"x-big":"${big}"`));
    assertContract(await runCli(['assess', json, '-f', 'json']), { codes: [2], mentions: ['line.json: file is 100.0 MiB, over the 64 MiB limit'], maxRSSMb: 128 }, '100 MB line, default limit');
    assertContract(await runCli(['assess', json, '-f', 'json', '--max-file-size', '128MiB']), { codes: [0, 1], maxCpuMs: 15_000, maxRSSMb: 1024 }, '100 MB JSON line');
    const yaml = path.join(dir, 'line.yaml');
    writeFileSync(yaml, `openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths: {}\nx-big: ${big}\n`);
    assertContract(await runCli(['assess', yaml, '-f', 'json', '--max-file-size', '128MiB']), { codes: [0, 1], maxCpuMs: 15_000, maxRSSMb: 1024 }, '100 MB YAML line');
    writeFileSync(yaml, `openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths: {}\nx-big: "${big}"\n`);
    assertContract(await runCli(['assess', yaml, '-f', 'json', '--max-file-size', '128MiB']), { codes: [2], mentions: ['double-quoted'], position: true, maxRSSMb: 1024 }, '100 MB double-quoted YAML line');
  });

  it('millions of values under the size limit: refused before parsing', async () => {
    const dir = tmp();
    const json = path.join(dir, 'many.json');
    writeFileSync(json, `[${'{},'.repeat(5_000_000)}{}]`);
    assertContract(await runCli(['assess', json, '-f', 'json']), { codes: [2], mentions: ['more than 4,194,304 values'], position: true }, 'many JSON values');
    const yaml = path.join(dir, 'many.yaml');
    writeFileSync(yaml, '- {}\n'.repeat(2_000_000));
    assertContract(await runCli(['assess', yaml, '-f', 'json']), { codes: [2], mentions: ['more than 4,194,304 values'], position: true }, 'many YAML values');
  });

  it('a YAML mapping with 50,000 keys: linear, not quadratic', async () => {
    const dir = tmp();
    const file = path.join(dir, 'keys.yaml');
    writeFileSync(file, `openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths: {}\nx-keys:\n${Array.from({ length: 50_000 }, (_, i) => `  k${i}: ${i}`).join('\n')}\n`);
    assertContract(await runCli(['assess', file, '-f', 'json']), { codes: [0, 1] }, '50,000 keys');
  });

  it('shared callbacks that multiply into millions of operations: refused', async () => {
    const cb = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`{$request.body#/u${i}}`, { post: { responses: { '200': { description: 'ok' } } } }]));
    const paths = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`/p${i}`, { get: { callbacks: { c: { $ref: '#/components/callbacks/X' } }, responses: { '200': { description: 'ok' } } } }]));
    const dir = tmp();
    const file = path.join(dir, 'callbacks.json');
    writeFileSync(file, JSON.stringify({ openapi: '3.0.3', info: { title: 't', version: '1' }, paths, components: { callbacks: { X: cb } } }));
    assertContract(await runCli(['assess', file, '-f', 'json']), { codes: [2], mentions: ['callbacks.json: more than 100,000 operations'] }, 'callback amplification');
  });

  it('operations are bounded per run, not per file, in one thread and on every core', async () => {
    const dir = tmp();
    for (let f = 0; f < 5; f++) {
      const paths = Object.fromEntries(Array.from({ length: 4000 }, (_, i) => [`/f${f}/p${i}`, { get: { responses: { '200': { description: 'ok' } } } }]));
      writeFileSync(path.join(dir, `api${f}.json`), JSON.stringify({ openapi: '3.0.3', info: { title: `t${f}`, version: '1' }, paths }));
    }
    // 8 MiB of size limit admits 12,500 operations: the fourth file crosses it.
    for (const jobs of ['1', '2']) {
      assertContract(await runCli(['assess', dir, '-f', 'json', '--max-file-size', '8MiB', '--jobs', jobs]), { codes: [2], mentions: ['more than 12,500 operations'] }, `--jobs ${jobs}`);
    }
  });

  it('source snippets of a one-line file: every finding on a 1 MB line, a value not closed by its quote', async () => {
    const paths = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`/p${i}`, { post: { responses: { '200': { description: 'ok' } } } }]));
    const dir = tmp();
    const file = path.join(dir, 'minified.json');
    writeFileSync(file, JSON.stringify({ openapi: '3.0.3', info: { title: 't', version: '1' }, servers: [{ url: 'http://api.example.com' }], paths, 'x-api-key': `${'a'.repeat(1_000_000)}] tail` }));
    const out = path.join(dir, 'r.html');
    assertContract(await runCli(['assess', file, '-q', '-o', out]), { codes: [0, 1] }, 'snippets of a long line');
    assert.ok(!readFileSync(out, 'utf8').includes('a'.repeat(200)), 'snippets show a window of the line');
  });

  it('a $ref at each of 500 nesting levels: findings located in bounded time', async () => {
    let v: Record<string, unknown> = { $ref: 'x:end' };
    for (let i = 0; i < 500; i++) v = { $ref: `x:${i}`, 'x-a': v };
    const dir = tmp();
    const file = path.join(dir, 'deep-refs.json');
    writeFileSync(file, openapi(`,"x-a":${JSON.stringify(v)}`));
    assertContract(await runCli(['assess', file, '-f', 'terminal']), { codes: [0, 1] }, 'deep refs');
  });

  it('a directory symlink loop, a FIFO and links out of the tree: the walk ends, nothing outside is read', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'api.json'), openapi(''));
    symlinkSync('.', path.join(dir, 'loop'));
    mkdirSync(path.join(dir, 'a'));
    symlinkSync('..', path.join(dir, 'a', 'up'));
    symlinkSync('/proc/self', path.join(dir, 'proc'));
    symlinkSync('/proc/self/environ', path.join(dir, 'environ.json'));
    execFileSync('mkfifo', [path.join(dir, 'fifo.yaml')]);
    const r = await runCli(['assess', dir, '-f', 'json'], { env: { AM_SECRET: SECRET } });
    assertContract(r, { codes: [0, 1] }, 'symlink loop');
    assert.deepEqual(JSON.parse(r.stdout).inputs.map((i: { file: string }) => path.basename(i.file)), ['api.json']);
    assert.ok(!r.stdout.includes(SECRET));
    for (const named of ['fifo.yaml', 'environ.json']) {
      assertContract(await runCli(['assess', path.join(dir, named), '-f', 'json']), { codes: [2], mentions: [named] }, `named ${named}`);
    }
  });

  it('a hostile .gitignore pattern cannot stall the walk', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, '.gitignore'), '*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b\n');
    writeFileSync(path.join(dir, `${'a'.repeat(200)}.yaml`), 'x: 1\n');
    writeFileSync(path.join(dir, 'api.json'), openapi(''));
    assertContract(await runCli(['assess', dir, '-f', 'json']), { codes: [0, 1] }, '.gitignore ReDoS');
  });

  it('regexes from configuration a pull request can change (globs, rule-pack matches) cannot stall a run', async () => {
    const dir = tmp();
    const long = `/${'a'.repeat(5000)}`;
    writeFileSync(path.join(dir, 'api.json'), JSON.stringify({ openapi: '3.0.3', info: { title: 't', version: '1' }, paths: { [long]: { get: { responses: { '200': { description: 'ok' } } } }, '/{a}{b}{c}{d}{e}{f}{g}{h}x': { get: { responses: { '200': { description: 'ok' } } } } } }));
    const rule = (id: string, match: string) => `  - {id: ${id}, title: t, severity: low, owasp: ['API8:2023'], remediation: r, given: operations, where: {path: "${'**a'.repeat(12)}**b"}, check: {function: pattern, field: path, match: '${match}'}, message: m}`;
    writeFileSync(path.join(dir, 'pack.yaml'), `pack: hostile\nrules:\n${rule('slow-match', '^(a+)+$')}\n`);
    writeFileSync(path.join(dir, '.api-maturity.yaml'), `public: ["${'*a'.repeat(14)}*b", "/**/a/**/a/**/a/**/a/**/b"]\nrulePacks: [pack.yaml]\n`);
    assertContract(await runCli(['assess', 'api.json', '-f', 'json'], { cwd: dir }), { codes: [0, 1] }, 'hostile globs and pack regexes');
    // An expression that needs backtracking is refused when the pack is loaded, not run.
    writeFileSync(path.join(dir, 'pack.yaml'), `pack: hostile\nrules:\n${rule('backref', '^(a)\\1$')}\n`);
    assertContract(await runCli(['assess', 'api.json', '-f', 'json'], { cwd: dir }), { codes: [2], mentions: ['pack.yaml', 'linear time'] }, 'back-reference in a rule pack');
  });

  it('the size limit counts bytes on disk, not the name', async () => {
    const dir = tmp();
    const file = path.join(dir, 'notes.txt');
    writeFileSync(file, readFileSync(SEEDS.find((s) => s.kind === 'openapi')!.file)); // streamed traffic has its own limit
    assertContract(await runCli(['assess', file, '-f', 'json', '--max-file-size', '10B']), { codes: [2], mentions: ['notes.txt: file is'] }, 'size limit, any name');
  });
});
