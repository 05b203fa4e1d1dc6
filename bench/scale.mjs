// Cost per operation from 10 to 10,000 operations: generated descriptions, whole-process wall time and peak RSS.
// The per-operation columns should stay flat as the description grows (linear cost).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, markdownTable, measure, repeat, round, table } from './lib.mjs';
import { generateSpec } from './gen.mjs';

export const SIZES = [10, 100, 1000, 3000, 10000];

export async function runScale({ sizes = SIZES, runs = 3, log = console.log } = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'am-scale-'));
  const rows = [];
  try {
    for (const n of sizes) {
      const file = path.join(dir, `ops-${n}.json`);
      writeFileSync(file, JSON.stringify(generateSpec(n), null, 2));
      const m = await repeat(() => measure(BIN, ['assess', file, '-o', path.join(dir, 'report.json'), '-q'], { timeoutS: 300 }), { runs });
      rows.push({ operations: n, wall: m.wall, rssMiB: m.rssMiB, failed: m.failed });
      log(`  ${n} operations: ${round(m.wall, 3)} s, ${round(m.rssMiB, 0)} MiB`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const base = rows[0];
  const out = rows.map((r) => ({
    ...r,
    msPerOp: (r.wall * 1000) / r.operations,
    // Above the smallest run: what each further operation costs once process start and rule loading are paid.
    marginalMsPerOp: r === base ? undefined : ((r.wall - base.wall) * 1000) / (r.operations - base.operations),
    marginalKiBPerOp: r === base ? undefined : ((r.rssMiB - base.rssMiB) * 1024) / (r.operations - base.operations),
  }));
  return out;
}

export function scaleTables(rows) {
  const head = ['operations', 'wall s', 'peak RSS MiB', 'ms / op', 'ms / op above 10', 'KiB RSS / op above 10'];
  const body = rows.map((r) => [r.operations, r.wall.toFixed(3), r.rssMiB.toFixed(0), r.msPerOp.toFixed(3), r.marginalMsPerOp === undefined ? '–' : r.marginalMsPerOp.toFixed(3), r.marginalKiBPerOp === undefined ? '–' : r.marginalKiBPerOp.toFixed(1)]);
  return { text: table(head, body), markdown: markdownTable(head, body) };
}
