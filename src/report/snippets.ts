// Source lines around the locations a report shows, for people reading the HTML report. Computed by the caller from
// the in-memory input files (renderers never read files), only for files that are inputs of the run and never for
// captured traffic, and redacted: values that look like credentials are replaced before any renderer sees them.

import type { Location, Report, ReportFinding } from './types.js';

export interface Snippet {
  file: string;
  /** The line the location points at (1-based). */
  line: number;
  column?: number;
  /** Number of the first line in `lines`. */
  startLine: number;
  lines: string[];
}

/** Snippets by `snippetKey(file, line)`. */
export type Snippets = Map<string, Snippet>;

export interface SnippetOptions {
  /** Lines shown before and after the located line. */
  context?: number;
  /** Most snippets per report (the first findings of each API get them). */
  max?: number;
  /** Longest line shown; longer lines are cut around the located column. */
  maxLineLength?: number;
}

/** Input kinds whose content may be shown: descriptions and configurations, not recorded traffic. */
const SHOWABLE_KINDS = new Set(['openapi', 'kong', 'envoy', 'istio', 'aws', 'as-metadata', 'rs-metadata']);

export function snippetKey(file: string, line: number): string {
  return `${file}\u0000${line}`;
}

export function snippetFor(snippets: Snippets | undefined, loc: Location): Snippet | undefined {
  return loc.line === undefined ? undefined : snippets?.get(snippetKey(loc.file, loc.line));
}

/**
 * The lines around every finding location of the report (findings of each API in report order, then the others).
 * `textOf` gives the text of an input file as it was read in this run.
 */
export function collectSnippets(report: Report, textOf: (file: string) => string | undefined, opts: SnippetOptions = {}): Snippets {
  const context = opts.context ?? 2;
  const max = opts.max ?? 1000;
  const maxLen = opts.maxLineLength ?? 160;
  const showable = new Set(report.inputs.filter((i) => SHOWABLE_KINDS.has(i.kind)).map((i) => i.file));
  const lineStarts = new Map<string, { text: string; starts: number[] } | null>();
  const out: Snippets = new Map();

  const linesOf = (file: string) => {
    let hit = lineStarts.get(file);
    if (hit === undefined) {
      const text = showable.has(file) ? textOf(file) : undefined;
      hit = text === undefined ? null : { text, starts: startsOf(text) };
      lineStarts.set(file, hit);
    }
    return hit;
  };

  // Lines that hold a credential some finding points at (with the lines of a block scalar under it): never shown.
  const hidden = new Map<string, Set<number>>();
  for (const f of [...report.apis.flatMap((a) => a.findings), ...report.findings]) {
    const loc = f.location;
    if (!f.sensitive || loc.line === undefined) continue;
    const src = linesOf(loc.file);
    const set = hidden.get(loc.file) ?? new Set<number>();
    hidden.set(loc.file, set);
    set.add(loc.line);
    if (!src) continue;
    // Block-scalar headers are short lines: a longer line (minified JSON) is not one, and is not copied whole.
    const lineAt = (n: number) => src.text.slice(src.starts[n - 1]!, Math.min(src.starts[n - 1]! + MAX_SCANNED, n < src.starts.length ? src.starts[n]! : src.text.length)).replace(/\r?\n$|\r$/, '');
    const first = lineAt(loc.line);
    if (!/[:-]\s*[|>][+-]?\d*\s*(#.*)?$/.test(first)) continue;
    const indent = first.length - first.trimStart().length;
    for (let n = loc.line + 1; n <= src.starts.length && n <= loc.line + 500; n++) {
      const l = lineAt(n);
      if (l.trim() !== '' && l.length - l.trimStart().length <= indent) break;
      set.add(n);
    }
  }

  const add = (f: ReportFinding) => {
    const loc = f.location;
    if (out.size >= max || loc.line === undefined) return;
    const key = snippetKey(loc.file, loc.line);
    if (out.has(key)) return;
    const src = linesOf(loc.file);
    if (!src || loc.line > src.starts.length) return;
    const first = Math.max(1, loc.line - context);
    const last = Math.min(src.starts.length, loc.line + context);
    const lines: string[] = [];
    for (let n = first; n <= last; n++) {
      const start = src.starts[n - 1]!;
      const end = n < src.starts.length ? src.starts[n]! : src.text.length;
      // Only a window around what is shown is copied and redacted: a line may be a whole minified file, and one
      // snippet per finding must not scan it each time.
      const column = n === loc.line ? loc.column : undefined;
      const from = Math.max(start, start + (column ?? 1) - 1 - MAX_SCANNED);
      const to = Math.min(end, from + 2 * MAX_SCANNED);
      let raw = src.text.slice(from, to).replace(/\r?\n$|\r$/, '');
      // Cut on the left: what precedes the first delimiter may be the tail of a value whose key is not in the window.
      // The column moves left by what is dropped, and right by the one-character '…' that replaces it.
      let dropped = 0;
      if (from > start) {
        dropped = raw.search(/["',{}[\]]/) + 1;
        raw = `…${raw.slice(dropped)}`;
        dropped -= 1;
      }
      if (to < end) raw = `${raw}…`;
      const shownColumn = column === undefined ? undefined : column - (from - start) - dropped;
      lines.push(cut(hidden.get(loc.file)?.has(n) ? hideValue(raw) : redact(raw), shownColumn, maxLen));
    }
    out.set(key, { file: loc.file, line: loc.line, ...(loc.column !== undefined ? { column: loc.column } : {}), startLine: first, lines });
  };

  for (const a of report.apis) for (const f of a.findings) add(f);
  for (const f of report.findings) add(f);
  return out;
}

function startsOf(text: string): number[] {
  const starts = [0];
  if (!text.includes('\r')) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    if (starts.length > 1 && starts[starts.length - 1] === text.length) starts.pop();
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  if (starts.length > 1 && starts[starts.length - 1] === text.length) starts.pop();
  return starts;
}

/** A long line cut to `max` characters around `column` (minified JSON is one line). */
function cut(line: string, column: number | undefined, max: number): string {
  const t = line.replace(/\t/g, '  ');
  if (t.length <= max) return t;
  const at = Math.max(0, (column ?? 1) - 1 - Math.floor(max / 3));
  const from = Math.min(at, t.length - max);
  return `${from > 0 ? '…' : ''}${t.slice(from, from + max)}${from + max < t.length ? '…' : ''}`;
}

/** Characters of a line scanned around what a snippet shows (on each side). */
const MAX_SCANNED = 2048;

const SECRET_KEY = /(password|passwd|pwd|secret|token|api[_-]?key|apikey|private[_-]?key|credential|cookie|session|authorization|^key$|[_-]key$)/i;
const NOT_SECRET_KEY = /(url|uri|endpoint|type|name|names|format|in|scheme|schemes|description|summary|id|ref|expiration|lifetime|ttl|header|headers|param|params|location)$/i;
const REDACTED = '[redacted]';

/** A line holding a credential: the key stays, the value goes (the whole line when it has no key). */
function hideValue(line: string): string {
  const m = /^(\s*(?:-\s+)?["']?[^"':\s][^"':]*["']?\s*:\s*)\S/.exec(line);
  if (m) return `${m[1]}${REDACTED}`;
  const indent = /^\s*/.exec(line)![0];
  return line.trim() === '' ? line : `${indent}${REDACTED}`;
}

/**
 * Replaces what looks like a credential in one line of an input file: JWTs, `Bearer`/`Basic`/`DPoP` values, and the
 * values of keys named like secrets (`password`, `client_secret`, `key`, `token`, …) that are not URLs, numbers or booleans.
 */
export function redact(line: string): string {
  // A line of key material only (PEM or base64 bodies): nothing worth showing.
  if (/^\s*[A-Za-z0-9+/]{24,}={0,2}\s*$/.test(line) && /[0-9+/]/.test(line)) return line.replace(/\S.*$/, REDACTED);
  let s = line.replace(/eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, REDACTED);
  s = s.replace(/\b(Bearer|Basic|DPoP|Digest|Token)(\s+)([A-Za-z0-9._~+/=-]{6,})/g, (_m, scheme: string, sp: string) => `${scheme}${sp}${REDACTED}`);
  s = s.replace(
    // The value: words separated by blanks (one way to match each character, so a value not closed by its quote costs
    // linear time, not quadratic).
    /(["']?)([A-Za-z0-9_.$-]+)\1(\s*[:=]\s*)(["']?)([^"'\s,{}[\]#]+(?:[^\S\n]+[^"'\s,{}[\]#]+)*)\4/g,
    (m, q: string, key: string, sep: string, vq: string, value: string) => {
      if (!SECRET_KEY.test(key) || NOT_SECRET_KEY.test(key) || value.includes(REDACTED) || /^(Bearer|Basic|DPoP|Digest|Token)$/i.test(value)) return m;
      if (/^(true|false|null|~|-?\d+(\.\d+)?|\$\{.*\}|\{\{.*\}\}|[a-z][a-z0-9+.-]*:\/\/.*)$/i.test(value) || value.length < 3) return m;
      return `${q}${key}${q}${sep}${vq}${REDACTED}${vq}`;
    },
  );
  return s;
}
