// Captured traffic on the ladder: the synthetic scenarios (fixtures/traffic, SYNTHETIC and generated) give the levels
// MATURITY.md's settled points call for, with the observed evidence behind them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import type { ReportApi, ReportOperation } from '../src/report/types.js';
import { templatePath, basePathOf } from '../src/kinds/traffic/templates.js';
import { IdSet } from '../src/kinds/traffic/idset.js';
import { scanBody } from '../src/kinds/traffic/signals.js';
import { accessLogAdapter } from '../src/kinds/access-log/index.js';
import { parseTime } from '../src/kinds/traffic/call.js';
import { cli, fixture, onlyApi, report, ROOT } from './helpers.js';

const t = (f: string) => fixture('traffic', f);
const op = (a: ReportApi, method: string, p: string): ReportOperation => {
  const o = a.operations.find((x) => x.method === method && x.path === p);
  assert.ok(o, `${method} ${p} in ${a.operations.map((x) => `${x.method} ${x.path}`).join(', ')}`);
  return o;
};
const rules = (a: ReportApi) => [...new Set(a.findings.map((f) => f.ruleId))].sort();
const unmet = (a: ReportApi, id: string) => a.maturity.unmet.find((u) => u.requirement === id);

describe('synthetic captures on the ladder', () => {
  it('DPoP with valid proofs and cnf.jkt on every 2xx call, proof-less and Bearer calls refused: level 3, high confidence', async () => {
    const a = await onlyApi(t('dpop-valid.har'));
    assert.equal(a.maturity.level, 3);
    assert.equal(a.maturity.binding, 'dpop');
    assert.deepEqual(a.kinds, ['har']);
    assert.equal(a.name, 'https://api.bank.example/v1');
    const o = op(a, 'get', '/v1/accounts');
    assert.equal(o.observed?.calls, 5);
    assert.deepEqual(o.observed?.dpop, { calls: 3, valid: 3, failures: {}, acceptedInvalid: 0 });
    const tok = o.observed!.tokens.find((k) => k.scheme === 'DPoP')!;
    assert.equal(tok.alg, 'EdDSA');
    assert.equal(tok.cnf, 'jkt');
    assert.equal(tok.lifetimeSeconds, 300);
    assert.equal(tok.iss, 'https://as.bank.example');
    assert.deepEqual(tok.aud, ['https://api.bank.example']);
    assert.deepEqual(o.observed!.challenges.map((c) => c.value), ['DPoP algs="EdDSA ES256"', 'DPoP error="invalid_token"']);
    assert.ok(a.maturity.evidence.some((e) => e.kind === 'observed' && e.confidence === 'high' && /valid proof/.test(e.summary)));
    assert.deepEqual(rules(a), []);
  });

  it('each failing DPoP check answered 2xx is a weaker credential accepted (C3): level 2, with the reason', async () => {
    const a = await onlyApi(t('dpop-invalid-proof.har'));
    assert.equal(a.maturity.level, 2);
    const reasons = Object.fromEntries(a.operations.map((o) => [o.path, Object.keys(o.observed!.dpop!.failures)]));
    assert.deepEqual(reasons, {
      '/v1/ath': ['ath does not match the access token'],
      '/v1/htu': ['htu does not match the request URL'],
      '/v1/iat': ['iat is more than 300 s from the call'],
      '/v1/key': ["the token's cnf.jkt is not the proof key's thumbprint"],
      '/v1/replay': ['jti reused (replayed proof)'],
      '/v1/typ': ["the proof's typ is not dpop+jwt"],
    });
    for (const o of a.operations) assert.equal(o.level, o.path === '/v1/replay' ? 2 : 2);
    assert.equal(a.findings.filter((f) => f.ruleId === 'api2-observed-binding-not-enforced').length, 6);
  });

  it('the DPoP iat window is configurable', async () => {
    const r = cli(['assess', t('dpop-invalid-proof.har'), '-f', 'json', '--dpop-iat-window', '2h']);
    const a = JSON.parse(r.stdout).apis[0] as ReportApi;
    assert.deepEqual(op(a, 'get', '/v1/iat').observed!.dpop!.failures, {});
    assert.equal(op(a, 'get', '/v1/iat').level, 3);
  });

  it('a DPoP-bound token also accepted as plain Bearer: level 2 (RFC 9449 §7.2, cap C3)', async () => {
    const a = await onlyApi(t('dpop-bearer-fallback.har'));
    assert.equal(a.maturity.level, 2);
    assert.equal(unmet(a, 'R3.2')?.status, 'fails');
    assert.match(a.findings.find((f) => f.ruleId === 'api2-observed-binding-not-enforced')!.message, /cnf\.jkt\) was accepted as a plain Bearer/);
  });

  it('a certificate-bound JWT (cnf.x5t#S256) in a HAR: bound, but the certificate is not in view — level 2, ceiling 4', async () => {
    const a = await onlyApi(t('mtls-bound.har'));
    assert.equal(a.maturity.level, 2);
    assert.equal(a.maturity.ceiling, 4);
    assert.equal(unmet(a, 'R3.2')?.status, 'unknown');
    assert.equal(op(a, 'get', '/v1/statements').observed!.tokens[0]!.cnf, 'x5t#S256');
  });

  it('an Envoy access log with the client certificate settles it: level 3 where the thumbprint matches, 2 where it does not', async () => {
    const a = await onlyApi(t('mtls-bound-envoy.jsonl'));
    assert.deepEqual(a.kinds, ['access-log']);
    assert.equal(op(a, 'get', '/v1/accounts/{id}').level, 3);
    assert.equal(op(a, 'get', '/v1/cards/{id}').level, 2);
    assert.equal(a.maturity.level, 2);
    const f = a.findings.find((x) => x.ruleId === 'api2-observed-binding-not-enforced')!;
    assert.match(f.message, /another client certificate/);
    assert.equal(f.location.line, 3, 'access-log findings point at the line');
  });

  it('long-lived HS256 tokens: level 2a with API2 findings and the FAPI contradiction (C7)', async () => {
    const a = await onlyApi(t('hs256-long-lived.har'));
    assert.equal(a.maturity.level, 2);
    assert.equal(a.maturity.sublevel, '2a');
    assert.equal(unmet(a, 'R2.3')?.status, 'fails');
    assert.match(unmet(a, 'R4.9')!.reason, /HS256.*cap C7/);
    assert.deepEqual(rules(a), ['api2-observed-long-lived-token', 'api2-observed-weak-token-alg']);
    assert.match(a.findings.find((f) => f.ruleId === 'api2-observed-long-lived-token')!.message, /lives 30 days/);
  });

  it('the long-lived threshold is configurable', async () => {
    const r = await report([t('hs256-long-lived.har')], { engine: { maxTokenLifetime: 31 * 86400 } });
    const a = r.apis[0]!;
    assert.ok(!a.findings.some((f) => f.ruleId === 'api2-observed-long-lived-token'));
    assert.equal(unmet(a, 'R2.3'), undefined);
  });

  it('alg none or an expired token answered 2xx: level 0 (C1), judged at the call time, not the run time', async () => {
    for (const f of ['alg-none-accepted.har', 'expired-token-accepted.har']) {
      const a = await onlyApi(t(f));
      assert.equal(a.maturity.level, 0, f);
      assert.equal(unmet(a, 'R2.2')?.status, 'fails', f);
      assert.ok(rules(a).includes('api2-observed-token-not-validated'), f);
    }
    // The DPoP fixtures' tokens expired long ago by the wall clock, yet they were valid at their calls.
    assert.equal((await onlyApi(t('dpop-valid.har'))).maturity.level, 3);
  });

  it('API keys in the query: level 1a and a finding at the query parameter', async () => {
    const a = await onlyApi(t('api-key-in-query.har'));
    assert.equal(a.maturity.level, 1);
    assert.equal(a.maturity.sublevel, '1a');
    const f = a.findings.find((x) => x.ruleId === 'api2-observed-credential-in-url')!;
    assert.equal(f.location.pointer, '/log/entries/0/request/queryString/1');
    assert.match(f.message, /API key in query 'api_key' in 3 calls/);
  });

  it('a HAR that does not start with {"log": is read whole and gives the same result as the streamed one', async () => {
    const streamed = await onlyApi(t('api-key-in-query.har'));
    const whole = await onlyApi(t('api-key-in-query-read-whole.har'));
    // Locations differ in precision (read whole, a pointer inside an entry has its own line); everything else is equal.
    const strip = (a: ReportApi) => JSON.stringify(a, (k, v: unknown) => (['line', 'column', 'file', 'sources', 'fingerprint'].includes(k) ? undefined : v));
    assert.equal(strip(whole), strip(streamed));
  });

  it('HTTP Basic over plain http: level 1 capped (C2) with a finding', async () => {
    const a = await onlyApi(t('basic-over-http.har'));
    assert.equal(a.maturity.level, 1);
    assert.equal(unmet(a, 'R1.3')?.status, 'fails');
    assert.ok(rules(a).includes('api2-observed-plaintext-credential'));
  });

  it('bursts: 429s and RateLimit headers are rate limiting; the same burst without them is a finding', async () => {
    const limited = await onlyApi(t('burst-rate-limited.har'));
    const o = op(limited, 'get', '/v1/search');
    assert.equal(o.observed!.rateLimit.tooMany, 5);
    assert.deepEqual(o.observed!.rateLimit.headers, ['ratelimit', 'ratelimit-policy', 'retry-after']);
    assert.ok(!rules(limited).includes('api4-observed-no-rate-limit'));
    const open = await onlyApi(t('burst-unlimited.har'));
    assert.ok(rules(open).includes('api4-observed-no-rate-limit'));
    assert.equal(op(open, 'get', '/v1/search').observed!.rateLimit.burst, 30);
  });

  it('PII and secrets in bodies: one finding per kind, redacted', async () => {
    const a = await onlyApi(t('pii-in-responses.har'));
    const f = a.findings.filter((x) => x.ruleId === 'api3-observed-sensitive-data');
    assert.deepEqual(f.map((x) => x.severity).sort(), ['high', 'high', 'high', 'high', 'low', 'medium']);
    for (const x of f) assert.match(x.message, /…#[0-9a-f]{8}/);
    assert.ok(!JSON.stringify(a).includes('4111111111111111'));
  });

  it('Kong file-log: key-auth consumers at level 1, refused calls raise confidence, 429s and X-RateLimit headers seen', async () => {
    const a = await onlyApi(t('kong-file-log.jsonl'));
    assert.equal(a.maturity.level, 1);
    const o = op(a, 'get', '/catalog/items');
    assert.equal(o.observed!.rateLimit.tooMany, 1);
    assert.ok(o.observed!.rateLimit.headers.includes('x-ratelimit-limit-minute'));
    assert.ok(a.maturity.evidence.some((e) => e.confidence === 'high'));
    assert.deepEqual(o.observed!.credentials.map((c) => [c.label, c.accepted, c.refused]), [
      ["API key in header 'apikey'", 2, 0],
      ['no credential', 0, 1],
    ]);
  });

  it('a sanitized Chromium export shows no credentials: unknown, not none', async () => {
    const a = await onlyApi(t('chrome-sanitized.har'));
    assert.equal(a.maturity.described, false);
    assert.equal(a.maturity.ceiling, 4);
    assert.equal(unmet(a, 'R1.1')?.status, 'unknown');
    assert.ok(!rules(a).includes('api2-no-auth'));
  });

  it('a spec beside traffic: calls join the described operations; the undocumented one is a shadow endpoint', async () => {
    const a = await onlyApi(t('spec-with-shadow'));
    assert.equal(a.name, 'Orders');
    assert.deepEqual(a.kinds, ['har', 'openapi']);
    assert.equal(op(a, 'get', '/orders/{orderId}').observed!.calls, 1);
    assert.equal(op(a, 'get', '/orders/{orderId}').level, 2);
    const shadow = a.findings.find((f) => f.ruleId === 'api9-shadow-endpoint')!;
    assert.match(shadow.message, /^GET \/internal\/debug \(har\) is not described/);
    assert.equal(shadow.severity, 'high');
    assert.equal(a.maturity.level, 0, 'the shadow endpoint accepts anonymous calls');
    assert.equal(a.maturity.authenticatedLevel, 2);
  });

  it('the fixtures are what the generator writes (deterministic keys, signatures and times)', async () => {
    const gen = (await import(pathToFileURL(path.join(ROOT, 'fixtures/traffic/generate.mjs')).href)) as { generate(): { files: Map<string, string> } };
    const { files } = gen.generate();
    assert.ok(files.size > 40);
    for (const [p, content] of files) assert.equal(readFileSync(path.join(ROOT, p), 'utf8'), content, `${p} differs from the generator's output`);
  });
});

describe('traffic helpers', () => {
  it('timestamps: the fast path gives exactly what Date.parse gives, valid or not', () => {
    const cases = ['2025-03-01T00:00:00Z', '2025-03-01T12:34:56.789Z', '2024-02-29T23:59:59.999Z', '2025-02-30T00:00:00.000Z', '2025-13-01T00:00:00Z', '2025-00-10T00:00:00Z',
      '2025-01-32T00:00:00Z', '2025-01-01T24:00:00Z', '2025-01-01T23:60:00Z', '2025-01-01T23:00:60Z', '0099-01-01T00:00:00Z', '0999-12-31T23:59:59Z', '1970-01-01T00:00:00.000Z',
      '2025-03-01T00:00:00.1Z', '2025-03-01T00:00:00.12Z', '2025-03-01T00:00:00.1234Z', '2025-03-01 00:00:00Z', '2025-03-01T00:00:00+02:00', '2025-03-01T0a:00:00Z',
      '2025-03-01T00:00:00.abcZ', 'Sat, 01 Mar 2025 00:00:00 GMT', '', 'not a date', '2025-03-01T00:00:00', '+002025-03-01T00:00:00Z'];
    for (let i = 0; i < 500; i++) cases.push(new Date(Date.UTC(1000 + ((i * 7919) % 9000), i % 12, 1 + (i % 31), i % 24, (i * 7) % 60, (i * 13) % 60, (i * 37) % 1000)).toISOString());
    for (const c of cases) assert.ok(Object.is(parseTime(c), Date.parse(c)), `${c}: ${parseTime(c)} vs ${Date.parse(c)}`);
  });

  it('access-log detection: Envoy and Kong records (member names escaped or not), never a minified document of another kind', () => {
    const head = (text: string) => ({ file: 'x', abs: 'x', bytes: text.length, text, binary: false });
    const sniff = (text: string) => accessLogAdapter.streaming!.sniff(head(text));
    assert.equal(sniff('{"method":"GET","path":"/v1/a","response_code":200}\n'), true);
    assert.equal(sniff('{"\\u006dethod":"GET","path":"/v1/a","response_code":200}\n'), true);
    assert.equal(sniff('{"request":{"method":"GET","uri":"/a"},"response":{"status":200}}\n'), true);
    assert.equal(sniff(JSON.stringify({ openapi: '3.0.3', info: { title: 't', version: '1' }, paths: { '/a': { get: { responses: { 200: { description: 'ok' } } } } } })), false);
    assert.equal(sniff('{"method":"GET","path":"/v1/a"}\n'), false);
  });

  it('keeps the ids a client read as a Set of numbers would (small, large and repeated ids)', () => {
    let seed = 1;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let t = 0; t < 120; t++) {
      const ids = new IdSet();
      const ref = new Set<number>();
      const range = [10, 5_000, 1e6, 1e15][t % 4]!;
      for (let i = Math.floor(rand() * 9_000); i > 0; i--) {
        const id = Math.floor(rand() * range);
        ids.add(id);
        ref.add(id);
      }
      assert.equal(ids.size, ref.size);
      assert.deepEqual(
        ids.values().sort((a, b) => a - b),
        [...ref].sort((a, b) => a - b),
      );
    }
  });

  it('templates: the fast checks give what the expressions alone give (random segments and paths)', () => {
    // The rules as expressions, in their order: numbers, UUIDs, hex ids and e-mails are values; short lower-case names
    // and versions are not; long URL-safe strings with digits or mixed case are.
    const isValue = (seg: string): boolean => {
      if (seg === '') return false;
      if (/^\d+$/.test(seg)) return true;
      if (/^[a-z_-]+$/.test(seg) && seg.length < 16) return false;
      if (/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(seg) || /^(?=.*\d)[0-9a-f]{8,}$/i.test(seg)) return true;
      if (seg.includes('@')) return true;
      if (/^v\d+(\.\d+)*$/i.test(seg)) return false;
      return /^[A-Za-z0-9_~.+=-]{16,}$/.test(seg) && (/\d/.test(seg) || (/[a-z]/.test(seg) && /[A-Z]/.test(seg)) || seg.length >= 32);
    };
    const reference = (path: string) => {
      const segs = path.split('/');
      let n = 0;
      let firstId: number | undefined;
      let base = '';
      let inBase = true;
      const out = segs.map((raw, i) => {
        let seg = raw;
        try {
          if (raw.includes('%')) seg = decodeURIComponent(raw);
        } catch {
          /* as is */
        }
        let o = raw;
        if (isValue(seg) || seg.length > 64) {
          n++;
          if (n === 1 && seg.length <= 15 && /^\d+$/.test(seg)) firstId = Number(seg);
          o = n === 1 ? '{id}' : `{id${n}}`;
        }
        if (inBase && raw !== '') {
          if (i < segs.length - 1 && /^(api|apis|rest|services?|v\d+(\.\d+)*)$/i.test(raw)) base += `/${raw}`;
          else inBase = false;
        }
        return o;
      });
      return { template: n === 0 && path !== '' ? path : out.join('/') || '/', base, ...(firstId !== undefined ? { firstId } : {}) };
    };
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const alphabet = '0123456789abcdefABCDEFvVxyzXYZ-_.~+=@%aprsiestvc';
    const words = ['api', 'APIs', 'rest', 'service', 'services', 'v1', 'V2', 'v1.2', 'v', 'va', 'orders', '3fa85f64-5717-4562-b3fc-2c963f66afa6', '3FA85F645717', 'deadbeef', 'cus_9s6XKzkNRiz8i3', '%41', '%zz', ''];
    for (let i = 0; i < 20_000; i++) {
      const segs = Array.from({ length: 1 + Math.floor(rand() * 5) }, () => {
        if (rand() < 0.4) return words[Math.floor(rand() * words.length)]!;
        return Array.from({ length: Math.floor(rand() * 40) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
      });
      const path = (rand() < 0.9 ? '/' : '') + segs.join('/');
      assert.deepEqual(templatePath(path), reference(path), path);
    }
  });

  it('templates: ids, UUIDs, hex, opaque ids, tokens and e-mails become parameters; names stay', () => {
    assert.equal(templatePath('/v1/users/42/orders/9f8e7d6c5b4a').template, '/v1/users/{id}/orders/{id2}');
    assert.equal(templatePath('/v1/users/42').firstId, 42);
    assert.equal(templatePath('/files/3fa85f64-5717-4562-b3fc-2c963f66afa6').template, '/files/{id}');
    assert.equal(templatePath('/customers/cus_9s6XKzkNRiz8i3').template, '/customers/{id}');
    assert.equal(templatePath('/reset/eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln').template, '/reset/{id}');
    assert.equal(templatePath('/users/a.b%40mail.example').template, '/users/{id}');
    assert.equal(templatePath('/api/v2/user-profiles/me').template, '/api/v2/user-profiles/me');
    assert.equal(templatePath('/oauth2/token').template, '/oauth2/token');
    assert.equal(basePathOf('/api/v2/users/1'), '/api/v2');
    assert.equal(basePathOf('/v1/orders'), '/v1');
    assert.equal(basePathOf('/orders/1'), '');
  });

  it('body signals: Luhn and card networks, IBAN mod-97, national ids, stack traces; no false card numbers from timestamps', () => {
    const kinds = (s: string) => scanBody(s).map((f) => f.kind).sort();
    assert.deepEqual(kinds('{"pan":"4111 1111 1111 1111"}'), ['card-number']);
    assert.deepEqual(kinds('{"pan":"4111 1111 1111 1112"}'), [], 'Luhn fails');
    assert.deepEqual(kinds('{"ts":1700000000000,"n":1234567890123456}'), [], 'not a card network');
    assert.deepEqual(kinds('{"iban":"GB82 WEST 1234 5698 7654 32"}'), ['iban']);
    assert.deepEqual(kinds('{"iban":"GB82 WEST 1234 5698 7654 33"}'), []);
    assert.deepEqual(kinds('{"ssn":"078-05-1120"}'), ['national-id']);
    assert.deepEqual(kinds('{"dni":"12345678Z"}'), ['national-id']);
    assert.deepEqual(kinds('Traceback (most recent call last):\n  File "app.py", line 3'), ['stack-trace']);
    assert.deepEqual(kinds('{"error":"SQLSTATE[42000]: Syntax error"}'), ['sql-error']);
    assert.deepEqual(kinds('{"stack":"Error: boom\\n    at handler (/srv/app/index.js:10:5)"}'), ['stack-trace']);
    for (const f of scanBody('{"card":"5555555555554444","email":"x@y.example"}')) assert.doesNotMatch(f.sample, /5555555555554444|x@y\.example/);
  });
});
