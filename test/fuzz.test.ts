// A short property-based fuzz run for every `npm test` (the long run is `npm run fuzz`): mutated seeds of every kind,
// assessed in a worker thread with every output format. Fixed seed by default (FUZZ_SEED and FUZZ_RUNS override it);
// a failure prints the seed, the shrunk counterexample and where its input was kept.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { caseArb, check, loadSeeds, Runner } from './fuzz/harness.js';

const SEEDS = loadSeeds();
const runner = new Runner(60_000);
after(() => runner.close());

describe('fuzzing (short run)', () => {
  it('mutated inputs of every kind never crash, hang, or print more than one line on failure', async () => {
    const seed = Number(process.env['FUZZ_SEED'] ?? 20261123);
    const numRuns = Number(process.env['FUZZ_RUNS'] ?? 3 * SEEDS.length);
    const keep = mkdtempSync(path.join(tmpdir(), 'am-fuzz-failures-'));
    await fc.assert(
      fc.asyncProperty(caseArb(SEEDS, 256 * 1024), (c) => check(runner, SEEDS, c, keep)),
      { seed, numRuns, endOnFailure: false },
    );
  });
});
