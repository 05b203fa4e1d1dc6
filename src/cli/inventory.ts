import { toReport } from '../assess.js';
import { UsageError } from '../load/errors.js';
import { renderInventoryCsv, renderInventoryJson, renderInventoryTable } from '../report/inventory.js';
import type { Report } from '../report/types.js';
import { generatedAt, prepare, runWithProgress, type AssessFlags } from './assess.js';
import { writeOutputFile } from './output.js';
import { toolVersion } from './version.js';

export type InventoryFlags = Pick<AssessFlags, 'config' | 'allowRemoteRefs' | 'refRoot' | 'kind' | 'asMap' | 'maxFileSize' | 'maxTrafficSize' | 'dpopIatWindow' | 'timestamp' | 'color' | 'progress' | 'jobs'> & {
  format?: string;
  output?: string[];
  quiet?: boolean;
};

interface InventoryFormat {
  name: string;
  extensions: string[];
  render(r: Report, o: { color: boolean; width?: number }): string;
}

const FORMATS: InventoryFormat[] = [
  { name: 'table', extensions: ['.txt'], render: (r, o) => renderInventoryTable(r, o) },
  { name: 'json', extensions: ['.json'], render: (r) => renderInventoryJson(r) },
  { name: 'csv', extensions: ['.csv'], render: (r) => renderInventoryCsv(r) },
];

function byName(name: string): InventoryFormat | undefined {
  const n = name.toLowerCase();
  return FORMATS.find((f) => f.name === n || (n === 'terminal' && f.name === 'table'));
}

/**
 * `api-maturity inventory [paths…]`: the credential inventory of every API — a table, JSON, or CSV with one row per
 * API × credential path — from the same inputs and options as `assess` (gates do not apply). Exit 0, or 2 on bad input.
 */
export async function inventoryCommand(args: string[], flags: InventoryFlags): Promise<number> {
  const outputs = (flags.output ?? []).map((file) => {
    const f = FORMATS.find((x) => x.extensions.some((e) => file.toLowerCase().endsWith(e)));
    if (!f) throw new UsageError(`-o ${file}: cannot tell the format from the extension (use .csv, .json or .txt)`);
    return { file, format: f };
  });
  const stdout = flags.format !== undefined ? byName(flags.format) : FORMATS[0]!;
  if (!stdout) throw new UsageError(`--format: '${flags.format}' is not one of ${FORMATS.map((f) => f.name).join(', ')}`);
  const run = prepare(args, { ...flags, output: [] });
  const result = await runWithProgress(run, flags);
  const at = generatedAt(flags.timestamp);
  const report = toReport(result, { toolVersion: toolVersion(), ...(at ? { generatedAt: at } : {}), ...(run.config?.file ? { configFile: run.config.file } : {}) });
  for (const o of outputs) {
    writeOutputFile(o.file, [o.format.render(report, { color: false })]);
  }
  if (!flags.quiet || flags.format !== undefined) {
    const color = flags.color !== false && !process.env['NO_COLOR'] && process.stdout.isTTY === true;
    process.stdout.write(stdout.render(report, { color, ...(process.stdout.columns ? { width: process.stdout.columns } : {}) }));
  }
  return 0;
}
