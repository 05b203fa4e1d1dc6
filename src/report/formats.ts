import type { GateResult } from '../engine/gates.js';
import type { RuleMeta } from '../model/rule.js';
import type { Requirement } from '../score/requirements.js';
import { renderHtml } from './html.js';
import { jsonChunks, renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import type { Snippets } from './snippets.js';
import { renderTerminal } from './terminal.js';
import type { Report } from './types.js';

/**
 * What a renderer receives besides the report. Renderers never read files: whatever they need beyond the JSON report
 * (rule help texts, the ladder's requirements, source lines around findings) is computed by the caller and passed here.
 */
export interface RenderOptions {
  color: boolean;
  gates: GateResult[];
  width?: number;
  /** Metadata of every rule that could have run (SARIF `tool.driver.rules`, HTML remediation texts). */
  rules?: RuleMeta[];
  /** The ladder's requirements (SARIF rules `maturity/R…`). */
  requirements?: Requirement[];
  /** Redacted source lines around the locations a report shows (only from input files). */
  snippets?: Snippets;
}

export interface Format {
  name: string;
  /** File extensions that select this format for `-o` (the longest matching one wins). */
  extensions: string[];
  /** The format shows source lines around findings: the caller should compute `snippets`. */
  usesSnippets?: boolean;
  render(report: Report, opts: RenderOptions): string;
  /** The same text in pieces, for formats whose text can outgrow the report it renders. */
  chunks?(report: Report, opts: RenderOptions): Iterable<string>;
}

/** Every output format, by name. Adding a format touches `src/report/` only. */
export const FORMATS: Format[] = [
  { name: 'terminal', extensions: ['.txt'], render: (r, o) => renderTerminal(r, { color: o.color, gates: o.gates, ...(o.width ? { width: o.width } : {}) }) },
  { name: 'json', extensions: ['.json'], render: (r) => renderJson(r), chunks: (r) => jsonChunks(r) },
  { name: 'html', extensions: ['.html', '.htm'], usesSnippets: true, render: (r, o) => renderHtml(r, o) },
  { name: 'sarif', extensions: ['.sarif', '.sarif.json'], render: (r, o) => renderSarif(r, o) },
  { name: 'markdown', extensions: ['.md', '.markdown'], render: (r, o) => renderMarkdown(r, o) },
  { name: 'junit', extensions: ['.xml'], render: (r, o) => renderJunit(r, o) },
];

export function formatByName(name: string): Format | undefined {
  return FORMATS.find((f) => f.name === name.toLowerCase());
}

export function formatForFile(file: string): Format | undefined {
  const lower = file.toLowerCase();
  let best: { f: Format; len: number } | undefined;
  for (const f of FORMATS) for (const e of f.extensions) if (lower.endsWith(e) && (!best || e.length > best.len)) best = { f, len: e.length };
  return best?.f;
}

/** A format's text, piece by piece when the format can (a large JSON report is never one string). */
export function formatPieces(format: Format, report: Report, opts: RenderOptions): Iterable<string> {
  return format.chunks ? format.chunks(report, opts) : [format.render(report, opts)];
}
