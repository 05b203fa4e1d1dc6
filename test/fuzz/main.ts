// `npm run fuzz`: the long fuzz run. Options: --duration <seconds> (default 300), --seed <n> (default: random),
// --runs <n> (default: unbounded within the duration), --max-string <bytes> (default 8 MiB), --timeout <ms> per run
// (default 30000), --keep <dir> (failing inputs, default ./fuzz-failures). Prints the seed first; on failure, the
// shrunk counterexample, how to replay it, and where its input file was kept. Inert unless given --run (the test
// runner also executes every file under dist/test/).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { caseArb, check, loadSeeds, Runner } from './harness.js';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (process.argv.includes('--run')) {
  const seed = Number(option('seed') ?? Math.floor(Math.random() * 2 ** 31));
  const duration = Number(option('duration') ?? 300) * 1000;
  const runs = option('runs');
  const maxString = Number(option('max-string') ?? 8 * 1024 * 1024);
  const keep = path.resolve(option('keep') ?? 'fuzz-failures');
  mkdirSync(keep, { recursive: true });
  const seeds = loadSeeds();
  const runner = new Runner(Number(option('timeout') ?? 30_000));
  console.log(`api-maturity fuzz: seed ${seed}, ${seeds.length} seeds (${[...new Set(seeds.map((s) => s.kind))].join(', ')}), up to ${duration / 1000} s`);
  const t0 = Date.now();
  let n = 0;
  // Failures are also counted here: a failure found near the time limit may leave fast-check no time to shrink it.
  const failures: string[] = [];
  const result = await fc.check(
    fc.asyncProperty(caseArb(seeds, maxString), async (c) => {
      n++;
      try {
        await check(runner, seeds, c, keep);
      } catch (e) {
        failures.push((e as Error).message);
        throw e;
      }
    }),
    { seed, numRuns: runs ? Number(runs) : Number.MAX_SAFE_INTEGER, interruptAfterTimeLimit: duration, markInterruptAsFailure: false },
  );
  await runner.close();
  console.log(`${n} runs in ${Math.round((Date.now() - t0) / 1000)} s`);
  if (result.failed) {
    console.log(fc.defaultReportMessage(result));
    console.log(`replay: npm run fuzz -- --seed ${seed} --runs ${result.numRuns}`);
  }
  if (failures.length) {
    console.log(`${failures.length} failing run(s); the first: ${failures[0]}`);
    process.exitCode = 1;
  } else console.log('no failure');
}
