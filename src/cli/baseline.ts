import { makeBaseline } from '../governance/baseline.js';
import { UsageError } from '../load/errors.js';
import { prepare, runWithProgress, type AssessFlags } from './assess.js';
import { writeOutputFile } from './output.js';

/** `api-maturity baseline -o FILE [paths…]`: records today's findings so that only new ones fail the gate. */
export async function baselineCommand(args: string[], flags: AssessFlags & { output?: string | string[] }): Promise<number> {
  const out = Array.isArray(flags.output) ? flags.output[flags.output.length - 1] : flags.output;
  if (!out) throw new UsageError('baseline: give the file to write with -o (e.g. -o .api-maturity-baseline.json)');
  const { baseline: _ignored, output: _o, ...rest } = flags;
  const run = prepare(args, rest);
  const result = await runWithProgress(run, rest);
  const b = makeBaseline(result.findings);
  writeOutputFile(out, [JSON.stringify(b, null, 2) + '\n']);
  if (!flags.quiet) process.stdout.write(`baseline: ${b.findings.length} finding${b.findings.length === 1 ? '' : 's'} recorded in ${out}\n`);
  return 0;
}
