#!/usr/bin/env node
// Compares api-maturity with Spectral + the OWASP ruleset (both devDependencies) over the OpenAPI corpus:
// findings per operation in each OWASP category for each tool, and a sample of findings each tool has that the other
// lacks. Run after `npm run build`:
//
//   npm run bench:spectral [-- --corpus DIR] [--timeout SECONDS] [--samples N] [--list API2:2023,…] [--json FILE] [--no-cache]
//   npm run bench -- --only compare
//
// Spectral runs once per document, in parallel, with a timeout per file; documents under `large/` are skipped for
// Spectral (it crashes or runs for minutes on them: `npm run bench -- --only peers`) but still assessed by
// api-maturity and reported apart. Spectral's results are cached in bench/.cache/ by file hash and tool versions, so a
// rerun after a rule change is quick.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORPUS as SHARED_CORPUS, measure, ROOT } from './lib.mjs';

const SPECTRAL = path.join(ROOT, 'node_modules/@stoplight/spectral-cli/dist/index.js');
const RULESET = path.join(ROOT, 'bench/spectral-owasp.yaml');
const CATS = Array.from({ length: 10 }, (_, i) => `API${i + 1}:2023`);
const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const esc = (s) => String(s).replace(/~/g, '~0').replace(/\//g, '~1');
const related = (a, b) => a === b || a.startsWith(b + '/') || b.startsWith(a + '/') || a === '' || b === '';
const isLarge = (f) => f.split('/')[0] === 'large';
const readJson = (rel) => JSON.parse(readFileSync(path.join(ROOT, rel), 'utf8'));

/** Runs the comparison and returns the printed text and a JSON summary. */
export async function runCompare({ corpus = path.join(SHARED_CORPUS, 'openapi'), timeoutS = 180, samples: SAMPLES = 4, cache: USE_CACHE = true, list = [] } = {}) {
  const CORPUS = path.resolve(corpus);
  if (!existsSync(CORPUS)) throw new Error(`no corpus at ${CORPUS} (pass --corpus DIR)`);
  if (!existsSync(SPECTRAL)) throw new Error('@stoplight/spectral-cli is not installed (npm ci installs the devDependencies)');
  const CACHE = path.join(ROOT, 'bench', '.cache', 'spectral');
  const versions = `${readJson('node_modules/@stoplight/spectral-cli/package.json').version}+${readJson('node_modules/@stoplight/spectral-owasp-ruleset/package.json').version}`;
  const { assess } = await import(path.join(ROOT, 'dist/src/assess.js'));

  // ---------------------------------------------------------------- api-maturity

  const t0 = process.hrtime.bigint();
  const res = await assess([CORPUS], { cwd: CORPUS });
  const oursSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const docs = res.inputs.filter((i) => i.kind === 'openapi' && !i.referencedBy).map((i) => i.file).sort(cmp);
  const opsByFile = new Map(docs.map((f) => [f, 0]));
  for (const api of res.model.apis) for (const s of api.sources) if (opsByFile.has(s)) opsByFile.set(s, opsByFile.get(s) + api.operations.length);
  const ours = res.findings
    .filter((f) => !f.suppressed && f.owasp.length && opsByFile.has(f.loc.file))
    .map((f) => ({ file: f.loc.file, cat: f.owasp[0], rule: f.ruleId, pointer: f.loc.pointer, message: f.message }));

  // ---------------------------------------------------------------- Spectral

  async function spectral(file) {
    const abs = path.join(CORPUS, file);
    const hash = createHash('sha256').update(readFileSync(abs)).update(versions).digest('hex').slice(0, 32);
    const cached = path.join(CACHE, `${hash}.json`);
    if (USE_CACHE && existsSync(cached)) return JSON.parse(readFileSync(cached, 'utf8'));
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'am-compare-'));
    const out = path.join(tmp, 'spectral.json');
    const m = await measure(SPECTRAL, ['lint', abs, '-r', RULESET, '-f', 'json', '-o', out, '--quiet'], { timeoutS, env: { NODE_OPTIONS: '--max-old-space-size=3072' } });
    let result;
    try {
      const list = JSON.parse(readFileSync(out, 'utf8'));
      result = { ok: true, seconds: m.wall, findings: list.map((r) => ({ code: r.code, path: r.path ?? [], message: r.message })) };
    } catch {
      result = { ok: false, seconds: m.wall, reason: m.timedOut ? `timeout after ${timeoutS} s` : `exit ${m.code}: ${m.stderr.split('\n').find((l) => l.trim()) ?? ''}`.slice(0, 160) };
    }
    rmSync(tmp, { recursive: true, force: true });
    if (USE_CACHE && !m.timedOut) {
      mkdirSync(CACHE, { recursive: true });
      writeFileSync(cached, JSON.stringify(result));
    }
    return result;
  }

  const spectralDocs = docs.filter((f) => !isLarge(f));
  const spectralRes = new Map();
  let next = 0;
  let done = 0;
  const workers = Math.max(1, Math.min(os.cpus().length, 4));
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < spectralDocs.length) {
        const f = spectralDocs[next++];
        spectralRes.set(f, await spectral(f));
        done++;
        if (process.stderr.isTTY) process.stderr.write(`\rSpectral ${done}/${spectralDocs.length}`);
      }
    }),
  );
  if (process.stderr.isTTY) process.stderr.write('\n');

  const CAT_OF = (code) => {
    const m = /^owasp:api(\d+):2023-/.exec(code ?? '');
    return m ? `API${m[1]}:2023` : undefined;
  };
  const theirs = [];
  for (const [file, r] of spectralRes) {
    if (!r.ok) continue;
    for (const f of r.findings) {
      const cat = CAT_OF(f.code);
      if (cat) theirs.push({ file, cat, rule: f.code, pointer: f.path.length ? '/' + f.path.map(esc).join('/') : '', message: f.message });
    }
  }

  // ---------------------------------------------------------------- comparison over the documents both tools finished

  const common = new Set(spectralDocs.filter((f) => spectralRes.get(f)?.ok));
  const failed = spectralDocs.filter((f) => !spectralRes.get(f)?.ok);
  const opsCommon = [...common].reduce((n, f) => n + (opsByFile.get(f) ?? 0), 0);
  const oursC = ours.filter((f) => common.has(f.file));
  const perCat = (list) => Object.fromEntries(CATS.map((c) => [c, list.filter((f) => f.cat === c).length]));
  const oursBy = perCat(oursC);
  const theirsBy = perCat(theirs);

  const index = (list) => {
    const m = new Map();
    for (const f of list) {
      const k = `${f.file}\u0000${f.cat}`;
      if (!m.has(k)) m.set(k, []);
      m.get(k).push(f.pointer);
    }
    return m;
  };
  const oursIdx = index(oursC);
  const theirsIdx = index(theirs);
  const lacks = (f, other) => !(other.get(`${f.file}\u0000${f.cat}`) ?? []).some((p) => related(p, f.pointer));
  const sample = (list) => {
    // Spread over documents and rules: the first finding of each (file, rule), in a stable order.
    const seen = new Set();
    const out = [];
    for (const f of [...list].sort((a, b) => cmp(a.rule, b.rule) || cmp(a.file, b.file) || cmp(a.pointer, b.pointer))) {
      const k = `${f.rule}\u0000${f.file}`;
      if (seen.has(k) || [...seen].filter((s) => s.startsWith(f.rule + '\u0000')).length >= Math.max(1, Math.ceil(SAMPLES / 2))) continue;
      seen.add(k);
      out.push(f);
    }
    return out.slice(0, SAMPLES);
  };
  const byRule = (list) => {
    const m = new Map();
    for (const f of list) m.set(f.rule, (m.get(f.rule) ?? 0) + 1);
    return [...m].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]));
  };

  const fmt = (n) => (n / Math.max(opsCommon, 1)).toFixed(3);
  const lines = [];
  const p = (s = '') => lines.push(s);
  p(`api-maturity vs Spectral ${versions.replace('+', ' + OWASP ruleset ')}`);
  p(`corpus ${CORPUS}: ${docs.length} OpenAPI documents; compared on ${common.size} both tools finished (${opsCommon} operations); ` + `Spectral skipped ${docs.length - spectralDocs.length} under large/ and did not finish ${failed.length}`);
  p();
  p('category      Spectral  per op   api-maturity  per op   ratio');
  for (const c of CATS) {
    const r = theirsBy[c] ? (oursBy[c] / theirsBy[c]).toFixed(2) : oursBy[c] ? '∞' : '–';
    p(`${c.padEnd(12)} ${String(theirsBy[c]).padStart(9)} ${fmt(theirsBy[c]).padStart(7)} ${String(oursBy[c]).padStart(13)} ${fmt(oursBy[c]).padStart(7)} ${r.padStart(7)}`);
  }
  const tT = theirs.length;
  const tO = oursC.length;
  p(`${'all'.padEnd(12)} ${String(tT).padStart(9)} ${fmt(tT).padStart(7)} ${String(tO).padStart(13)} ${fmt(tO).padStart(7)} ${(tO / Math.max(tT, 1)).toFixed(2).padStart(7)}`);
  p();
  const largeDocs = docs.filter(isLarge);
  const oursLarge = ours.filter((f) => isLarge(f.file));
  const opsLarge = largeDocs.reduce((n, f) => n + (opsByFile.get(f) ?? 0), 0);
  p(`large/ (api-maturity only): ${largeDocs.length} documents, ${opsLarge} operations, ${oursLarge.length} findings (${(oursLarge.length / Math.max(opsLarge, 1)).toFixed(3)} per operation); whole corpus assessed in ${oursSeconds.toFixed(1)} s`);
  if (failed.length) p(`Spectral did not finish: ${failed.map((f) => `${f} (${spectralRes.get(f).reason})`).join('; ')}`);
  const spectralSeconds = [...spectralRes.values()].reduce((n, r) => n + r.seconds, 0);
  p(`Spectral time, summed over documents: ${spectralSeconds.toFixed(0)} s${USE_CACHE ? ' (cached results count their original time)' : ''}`);

  const report = { corpus: CORPUS, documents: docs.length, compared: common.size, operations: opsCommon, spectral: theirsBy, ours: oursBy, categories: {} };
  for (const c of CATS) {
    const sOnly = theirs.filter((f) => f.cat === c && lacks(f, oursIdx));
    const oOnly = oursC.filter((f) => f.cat === c && lacks(f, theirsIdx));
    report.categories[c] = { spectralOnly: sOnly.length, oursOnly: oOnly.length, spectralOnlyByRule: Object.fromEntries(byRule(sOnly)), oursOnlyByRule: Object.fromEntries(byRule(oOnly)) };
    if (!sOnly.length && !oOnly.length) continue;
    p();
    p(`== ${c}: Spectral-only ${sOnly.length}, api-maturity-only ${oOnly.length}`);
    if (sOnly.length) {
      p(`   Spectral-only by rule: ${byRule(sOnly).map(([r, n]) => `${r.replace('owasp:', '')} ${n}`).join(', ')}`);
      for (const f of list.includes(c) ? sOnly : sample(sOnly)) p(`   - [Spectral ${f.rule.replace('owasp:', '')}] ${f.file} ${f.pointer}: ${f.message.slice(0, 140)}`);
    }
    if (oOnly.length) {
      p(`   api-maturity-only by rule: ${byRule(oOnly).map(([r, n]) => `${r} ${n}`).join(', ')}`);
      for (const f of sample(oOnly)) p(`   - [ours ${f.rule}] ${f.file} ${f.pointer}: ${f.message.slice(0, 140)}`);
    }
  }
  return { text: lines.join('\n'), report };
}

// Command line: npm run bench:spectral [-- --corpus DIR --timeout S --samples N --list CATEGORIES --json FILE --no-cache]
// (--list prints every Spectral-only finding of the categories named, not a sample)
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => {
    const i = args.indexOf(name);
    return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : dflt;
  };
  try {
    const { text, report } = await runCompare({
      ...(opt('--corpus') ? { corpus: opt('--corpus') } : {}),
      timeoutS: Number(opt('--timeout', '180')),
      samples: Number(opt('--samples', '4')),
      cache: !args.includes('--no-cache'),
      list: (opt('--list') ?? '').split(',').filter(Boolean),
    });
    console.log(text);
    const json = opt('--json');
    if (json) writeFileSync(json, JSON.stringify(report, null, 2) + '\n');
  } catch (e) {
    console.error(`compare-spectral: ${e.message}`);
    process.exit(2);
  }
}
