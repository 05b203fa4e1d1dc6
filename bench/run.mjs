// `npm run bench`: every benchmark part, one after the other.
//   peers  api-maturity vs Spectral + spectral-owasp-ruleset vs Redocly CLI lint on the largest real descriptions
//   scale  cost per operation from 10 to 10,000 operations (generated descriptions)
//   fleet  many files in one process: 100 directory specs and 2,000 generated specs, --jobs 1 vs every core
//   traffic  a generated HAR and JSON-lines access log (--har 500 --log 1024, in MB): throughput and peak RSS
//   compare  findings per operation and OWASP category, api-maturity vs Spectral + OWASP, over the OpenAPI corpus
//            (also alone: npm run bench:spectral)
// Options: --only peers,scale,fleet,traffic,compare   --tools api-maturity,spectral,redocly   --cases github,plaid,…   --runs 3
//          --timeout 300 (seconds per run)   --no-write (do not update bench/results/)
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './lib.mjs';
import { runPeers, writePeers, peersTables } from './peers.mjs';
import { runScale, scaleTables } from './scale.mjs';
import { runFleet, fleetTables } from './fleet.mjs';
import { runTraffic, trafficTables } from './traffic.mjs';
import { runCompare } from './compare-spectral.mjs';

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : dflt;
};
const list = (name) => opt(name, undefined)?.split(',').map((s) => s.trim()).filter(Boolean);
const only = list('only') ?? ['peers', 'scale', 'fleet', 'traffic', 'compare'];
const runs = Number(opt('runs', '3'));
const write = !argv.includes('--no-write');
const results = path.join(ROOT, 'bench/results');
mkdirSync(results, { recursive: true });

console.log(`api-maturity benchmarks · Node ${process.version} · ${os.cpus().length} cores · ${Math.round(os.totalmem() / 2 ** 30)} GiB · load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}\n`);

if (only.includes('peers')) {
  console.log('peers: whole-process wall time and peak RSS (median of up to 3 runs; 1 for runs over a minute)');
  const r = await runPeers({ ...(list('cases') ? { cases: list('cases') } : {}), ...(list('tools') ? { tools: list('tools') } : {}), timeoutS: Number(opt('timeout', '300')), runs });
  if (r) console.log('\n' + (write && !list('cases') && !list('tools') ? writePeers(r) : peersTables(r)).text + '\n');
}
if (only.includes('scale')) {
  console.log('scale: generated descriptions, 10 to 10,000 operations');
  const rows = await runScale({ runs });
  const t = scaleTables(rows);
  console.log('\n' + t.text + '\n');
  if (write) writeFileSync(path.join(results, 'scale.md'), `# Cost per operation\n\n${t.markdown}\n`);
}
if (only.includes('fleet')) {
  console.log('fleet: many files in one process');
  const rows = await runFleet({ runs });
  if (rows) {
    const t = fleetTables(rows);
    console.log('\n' + t.text + '\n');
    if (write) writeFileSync(path.join(results, 'fleet.md'), `# Many files in one process\n\n${t.markdown}\n`);
  }
}
if (only.includes('traffic')) {
  console.log('traffic: a generated HAR and access log, streamed (MB/s against wall time and against CPU time; peak RSS)');
  const sizes = (name, dflt) => opt(name, dflt).split(',').map(Number);
  const rows = await runTraffic({ har: sizes('har', '500'), log: sizes('log', '1024') });
  const t = trafficTables(rows);
  console.log('\n' + t.text + '\n');
  if (write) writeFileSync(path.join(results, 'traffic.md'), `# Traffic: streamed HAR and access logs\n\nNode ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)} at the end.\n\n${t.markdown}\n`);
}
if (only.includes('compare')) {
  console.log('compare: findings per operation and OWASP category, api-maturity vs Spectral + OWASP ruleset');
  const { text } = await runCompare({ timeoutS: Number(opt('timeout', '180')) });
  console.log('\n' + text + '\n');
  if (write) writeFileSync(path.join(results, 'compare-spectral.txt'), text + '\n');
}
