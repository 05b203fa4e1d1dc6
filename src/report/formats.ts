import type { GateResult } from '../engine/gates.js';
import { renderJson } from './json.js';
import { renderTerminal } from './terminal.js';
import type { Report } from './types.js';

export interface RenderOptions {
  color: boolean;
  gates: GateResult[];
  width?: number;
}

export interface Format {
  name: string;
  /** File extensions that select this format for `-o`. */
  extensions: string[];
  render(report: Report, opts: RenderOptions): string;
}

/** Every output format, by name. Adding a format touches `src/report/` only. */
export const FORMATS: Format[] = [
  { name: 'terminal', extensions: ['.txt'], render: (r, o) => renderTerminal(r, { color: o.color, gates: o.gates, ...(o.width ? { width: o.width } : {}) }) },
  { name: 'json', extensions: ['.json'], render: (r) => renderJson(r) },
];

export function formatByName(name: string): Format | undefined {
  return FORMATS.find((f) => f.name === name.toLowerCase());
}

export function formatForFile(file: string): Format | undefined {
  const lower = file.toLowerCase();
  return FORMATS.find((f) => f.extensions.some((e) => lower.endsWith(e)));
}
