// Secrets never leave: every key, token, DPoP proof, password, cookie value, card number and secret written into the
// traffic fixtures is absent from every output format the CLI can write — not in full, and not as any 16-character
// piece. Only the redacted form (at most 4 leading characters and a hash) may appear.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { FORMATS } from '../src/report/formats.js';
import { cli, fixture, ROOT } from './helpers.js';

const WINDOW = 16;

/** Every traffic input: the synthetic scenarios, every traffic rule's fixtures, the real captures (bar the corrupt one). */
function inputs(): string[] {
  const rules = readdirSync(fixture('rules'))
    .filter((d) => d.includes('-observed-'))
    .map((d) => path.join('fixtures/rules', d));
  const shadow = ['fail-traffic', 'pass-traffic'].map((d) => path.join('fixtures/rules/api9-shadow-endpoint', d));
  const real = readdirSync(fixture('corpus', 'traffic'))
    .filter((f) => /\.(har|jsonl)$/.test(f) && !f.includes('corrupted'))
    .map((f) => path.join('fixtures/corpus/traffic', f));
  return ['fixtures/traffic', 'fixtures/inventory', ...rules, ...shadow, ...real];
}

/** Secret values in the real captures (tokens, keys, Basic credentials, cookies, passwords). */
const REAL_SECRETS = ['token-123', 'dGVzdDp0ZXN0', 'test:test', 'secret-key', 'abc123', 'def456', 'bMBNEsvnocdYBmF8YVzA9-tCXHyvHhpq'];

function leaks(output: string, secrets: string[]): string[] {
  const windows = new Set<string>();
  for (let i = 0; i + WINDOW <= output.length; i++) windows.add(output.slice(i, i + WINDOW));
  const out: string[] = [];
  for (const s of secrets) {
    if (output.includes(s)) out.push(`${s.slice(0, 8)}… in full`);
    else for (let i = 0; i + WINDOW <= s.length; i++) {
      if (windows.has(s.slice(i, i + WINDOW))) {
        out.push(`${s.slice(0, 8)}… piece ${s.slice(i, i + WINDOW)}`);
        break;
      }
    }
  }
  return out;
}

describe('secrets never leave', async () => {
  const gen = (await import(pathToFileURL(path.join(ROOT, 'fixtures/traffic/generate.mjs')).href)) as { generate(): { secrets: string[] } };
  const secrets = [...gen.generate().secrets, ...REAL_SECRETS];
  const paths = inputs();

  it('the fixtures do carry the secrets (the test can fail)', () => {
    assert.ok(secrets.length > 30);
    const r = cli(['assess', ...paths, '-f', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const planted = leaks(`${secrets.join('\n')}`, secrets.slice(0, 3));
    assert.equal(planted.length, 3, 'the scan finds values that are there');
  });

  for (const f of FORMATS) {
    it(`${f.name}: no secret value, whole or in part`, () => {
      const r = cli(['assess', ...paths, '-f', f.name]);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(r.stdout.length > 1000);
      assert.deepEqual(leaks(r.stdout + r.stderr, secrets), []);
      // The JSON report carries every sample (the terminal truncates messages): redacted forms stand in for the values.
      if (f.name === 'json') assert.match(r.stdout, /"eyJh…#[0-9a-f]{8}"/u, 'redacted samples are shown instead');
    });
  }
});
