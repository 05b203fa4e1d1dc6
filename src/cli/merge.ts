import { readFileSync } from 'node:fs';
import { UsageError } from '../load/errors.js';
import { mergeReports, MergeError } from '../report/merge.js';
import { jsonChunks, renderJson } from '../report/json.js';
import type { Report } from '../report/types.js';
import { writeOutputFile } from './output.js';

/** `api-maturity merge report-*.json -o out.json`: one report from the shards' JSON reports. */
export function mergeCommand(files: string[], flags: { output?: string }): number {
  const reports = files.map((f) => {
    let text: string;
    try {
      text = readFileSync(f, 'utf8');
    } catch (e) {
      throw new UsageError(`${f}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    try {
      const r = JSON.parse(text) as Report;
      if (typeof r !== 'object' || r === null || !Array.isArray(r.apis) || !Array.isArray(r.inputs)) throw new Error('not an api-maturity JSON report');
      return r;
    } catch (e) {
      throw new UsageError(`${f}: ${(e as Error).message.split('\n')[0]}`);
    }
  });
  let merged: Report;
  try {
    merged = mergeReports(reports);
  } catch (e) {
    if (e instanceof MergeError) throw new UsageError(`merge: ${e.message}`);
    throw e;
  }
  if (flags.output) writeOutputFile(flags.output, jsonChunks(merged));
  else process.stdout.write(renderJson(merged));
  return 0;
}
