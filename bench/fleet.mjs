// Many files in one process: the 100 directory specs and 2,000 generated specs (in a temporary directory), with
// --jobs 1 and with every core. Peak RSS should stay flat as the number of files grows (each file released when done).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, markdownTable, measure, repeat, round, table } from './lib.mjs';
import { generateSpec } from './gen.mjs';
import { directorySample } from './peers.mjs';

export async function runFleet({ runs = 3, counts = [200, 2000], log = console.log } = {}) {
  const rows = [];
  const jobsAll = String(os.availableParallelism());
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'am-fleet-'));
  try {
    const sets = [{ label: '100 directory specs', files: directorySample(100) }];
    for (const n of counts) {
      const dir = path.join(tmp, `specs-${n}`);
      mkdirSync(dir);
      for (let i = 0; i < n; i++) writeFileSync(path.join(dir, `spec-${i}.json`), JSON.stringify(generateSpec(10 + (i % 40), i + 1, `Generated ${i}`)));
      sets.push({ label: `${n} generated specs (10-49 operations)`, files: [dir] });
    }
    for (const s of sets) {
      for (const jobs of ['1', jobsAll]) {
        const m = await repeat(() => measure(BIN, ['assess', ...s.files, '--jobs', jobs, '-o', path.join(tmp, 'report.json'), '-q'], { timeoutS: 600 }), { runs });
        rows.push({ set: s.label, jobs, wall: m.wall, rssMiB: m.rssMiB, failed: m.failed });
        log(`  ${s.label}, --jobs ${jobs}: ${round(m.wall, 2)} s, ${round(m.rssMiB, 0)} MiB`);
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return rows;
}

export function fleetTables(rows) {
  const head = ['inputs', '--jobs', 'wall s', 'peak RSS MiB'];
  const body = rows.map((r) => [r.set, r.jobs, r.failed ? 'failed' : r.wall.toFixed(2), r.rssMiB.toFixed(0)]);
  return { text: table(head, body), markdown: markdownTable(head, body) };
}
