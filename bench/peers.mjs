// api-maturity against Spectral + spectral-owasp-ruleset and Redocly CLI `lint` on the largest real descriptions and on
// 100 specs from the APIs.guru directory sample: wall time and peak RSS of the whole process, median of 3 runs (1 for
// runs over a minute), with a timeout.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, CORPUS, ROOT, markdownTable, measure, repeat, round, table } from './lib.mjs';

const OPENAPI = path.join(CORPUS, 'openapi');
const SPECTRAL = path.join(ROOT, 'node_modules/@stoplight/spectral-cli/dist/index.js');
const REDOCLY = path.join(ROOT, 'node_modules/@redocly/cli/bin/cli.js');
const RULESET = path.join(ROOT, 'bench/spectral-owasp.yaml');

/** The first `n` files under `directory/` (sorted by path) below 1 MB. */
export function directorySample(n = 100) {
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(json|ya?ml)$/i.test(e.name) && statSync(p).size < 1_000_000) out.push(p);
    }
  };
  walk(path.join(OPENAPI, 'directory'));
  return out.slice(0, n);
}

export const CASES = [
  { id: 'github', label: 'GitHub api.github.com.json (13 MB)', files: () => [path.join(OPENAPI, 'large/github/api.github.com.json')] },
  { id: 'stripe', label: 'Stripe spec3.json (4.2 MB)', files: () => [path.join(OPENAPI, 'large/stripe/spec3.json')] },
  { id: 'plaid', label: 'Plaid 2020-09-14.yml (3.0 MB YAML)', files: () => [path.join(OPENAPI, 'large/plaid/2020-09-14.yml')] },
  { id: 'box', label: 'Box openapi.json (1.8 MB)', files: () => [path.join(OPENAPI, 'large/box/openapi.json')] },
  { id: 'docusign', label: 'DocuSign eSignature (2.1 MB Swagger 2.0)', files: () => [path.join(OPENAPI, 'large/docusign/esignature.rest.swagger-v2.json')] },
  { id: 'directory-100', label: '100 specs from directory/ (one process)', files: () => directorySample(100) },
];

const TOOLS = {
  'api-maturity': {
    available: () => true,
    run: (files, out, timeoutS) => measure(BIN, ['assess', ...files, '-o', path.join(out, 'report.json'), '-q'], { timeoutS }),
    reported: (out) => {
      const f = path.join(out, 'report.json');
      if (!existsSync(f)) return undefined;
      const r = JSON.parse(readFileSync(f, 'utf8'));
      return `${r.summary.apis} APIs, ${r.summary.findings} findings`;
    },
  },
  spectral: {
    label: 'Spectral + OWASP',
    available: () => existsSync(SPECTRAL),
    run: (files, out, timeoutS) => measure(SPECTRAL, ['lint', '-r', RULESET, '-f', 'json', '-o', path.join(out, 'spectral.json'), '--quiet', ...files], { timeoutS }),
    reported: (out) => {
      const f = path.join(out, 'spectral.json');
      if (!existsSync(f)) return undefined;
      try {
        return `${JSON.parse(readFileSync(f, 'utf8')).length} results`;
      } catch {
        return undefined;
      }
    },
  },
  redocly: {
    label: 'Redocly lint',
    available: () => existsSync(REDOCLY),
    run: (files, out, timeoutS) => measure(REDOCLY, ['lint', '--format', 'json', ...files], { timeoutS, env: { REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } }),
    reported: () => 'stdout',
  },
};

function outcome(r, reported) {
  if (r.timedOut) return `not finished after ${r.timeoutS} s`;
  if (r.failed || reported === undefined) return `no report (exit ${r.code})`;
  return reported;
}

export async function runPeers({ cases = CASES.map((c) => c.id), tools = Object.keys(TOOLS), timeoutS = 300, runs = 3, log = console.log } = {}) {
  if (!existsSync(OPENAPI)) {
    log(`peers: corpus not found at ${OPENAPI} (set API_MATURITY_CORPUS); skipped`);
    return undefined;
  }
  const results = [];
  for (const c of CASES.filter((x) => cases.includes(x.id))) {
    const files = c.files();
    const row = { case: c.id, label: c.label, files: files.length, tools: {} };
    for (const t of tools) {
      const tool = TOOLS[t];
      if (!tool?.available()) {
        row.tools[t] = { skipped: 'not installed (npm ci installs the devDependencies)' };
        continue;
      }
      const out = mkdtempSync(path.join(os.tmpdir(), `am-peer-${t}-`));
      const m = await repeat(() => tool.run(files, out, timeoutS), { runs });
      m.timeoutS = timeoutS;
      const rep = m.timedOut || m.failed ? undefined : tool.reported(out);
      rmSync(out, { recursive: true, force: true });
      row.tools[t] = { wall: round(m.wall, 2), rssMiB: round(m.rssMiB, 0), runs: m.runs, outcome: outcome(m, rep), samples: m.samples, ...(m.stderr ? { stderr: m.stderr.split('\n').slice(-3).join(' ').slice(0, 300) } : {}) };
      log(`  ${c.id} · ${t}: ${row.tools[t].wall} s, ${row.tools[t].rssMiB} MiB, ${row.tools[t].outcome} (${m.runs} run${m.runs > 1 ? 's' : ''})`);
    }
    results.push(row);
  }
  return results;
}

const cell = (r) => (!r || r.skipped ? '–' : r.outcome.startsWith('not finished') ? `> ${r.wall.toFixed(0)} s (timeout)` : `${r.wall.toFixed(2)} s · ${r.rssMiB} MiB${r.outcome.startsWith('no report') ? ` · ${r.outcome}` : ''}`);
const ratio = (ours, peer) => {
  if (!ours || ours.skipped || !peer || peer.skipped) return '–';
  const x = peer.wall / ours.wall;
  const s = `${x >= 10 ? x.toFixed(0) : x.toFixed(1)}×`;
  return peer.outcome.startsWith('not finished') ? `> ${s}` : peer.outcome.startsWith('no report') ? `${s} (no report)` : s;
};

export function peersTables(results) {
  const head = ['input', 'api-maturity', 'Spectral + OWASP', 'ratio', 'Redocly lint', 'ratio'];
  const rows = results.map((r) => {
    const a = r.tools['api-maturity'];
    return [r.label, cell(a), cell(r.tools.spectral), ratio(a, r.tools.spectral), cell(r.tools.redocly), ratio(a, r.tools.redocly)];
  });
  return { text: table(head, rows), markdown: markdownTable(head, rows) };
}

export function writePeers(results, dir = path.join(ROOT, 'bench/results')) {
  const t = peersTables(results);
  writeFileSync(path.join(dir, 'peers.json'), JSON.stringify({ node: process.version, cpus: os.cpus().length, memGiB: Math.round(os.totalmem() / 2 ** 30), results }, null, 2) + '\n');
  writeFileSync(path.join(dir, 'peers.md'), `# api-maturity vs Spectral + OWASP vs Redocly\n\nNode ${process.version}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB. Wall time and peak RSS of the whole process, median of up to 3 runs (1 for runs over a minute or that fail); ratio = peer time / api-maturity time.\n\n${t.markdown}\n`);
  return t;
}
