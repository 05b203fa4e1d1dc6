import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { linearRegExp } from '../model/regex.js';
import { InputError, UsageError } from './errors.js';

/** File name endings looked at when walking a directory (a file named on the command line is read whatever its name). */
export const WALK_EXTENSIONS = /\.(json|ya?ml|har|jsonl|ndjson|log)$/i;
const ALWAYS_SKIP = new Set(['node_modules', '.git', '.hg', '.svn']);

export interface Collected {
  abs: string;
  /** Named on the command line (its parse errors are fatal) rather than found by walking a directory. */
  explicit: boolean;
}

export interface CollectResult {
  files: Collected[];
  /** Directories `$ref`s may read from: each directory given, and the directory of each file given. */
  roots: string[];
}

/**
 * Expands paths into files (sorted, each once), skipping `.gitignore`d files and `node_modules`. Symbolic links met while
 * walking a directory are not followed; a file named on the command line that is a link to a file outside the input
 * roots (its own directory, the directories given, `extraRoots`) is refused, not read.
 */
export function collectFiles(paths: string[], cwd: string, extraRoots: string[] = []): CollectResult {
  const files = new Map<string, Collected>();
  const roots = new Set<string>();
  const linked: { p: string; abs: string }[] = [];
  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    let st;
    try {
      st = statSync(abs);
    } catch {
      throw new UsageError(`${p}: no such file or directory`);
    }
    if (st.isDirectory()) {
      roots.add(real(abs));
      walk(abs, [], files);
    } else {
      roots.add(real(path.dirname(abs)));
      files.set(abs, { abs, explicit: true });
      if (real(abs) !== path.join(real(path.dirname(abs)), path.basename(abs))) linked.push({ p, abs });
    }
  }
  const allRoots = [...roots, ...extraRoots.map(real)];
  for (const { p, abs } of linked) {
    if (!insideAny(real(abs), allRoots)) throw new InputError(p, 'a symbolic link to a file outside the input roots; not read');
  }
  return { files: [...files.values()].sort((a, b) => (a.abs < b.abs ? -1 : a.abs > b.abs ? 1 : 0)), roots: [...roots] };
}

/** Whether `p` (a realpath) is one of `roots` or lies below one. */
export function insideAny(p: string, roots: string[]): boolean {
  return roots.some((r) => p === r || p.startsWith(r.endsWith(path.sep) ? r : r + path.sep));
}

export function real(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

interface IgnoreRule {
  base: string;
  re: RegExp;
  negate: boolean;
  dirOnly: boolean;
}

function walk(dir: string, inherited: IgnoreRule[], out: Map<string, Collected>): void {
  let rules = inherited;
  try {
    const gi = readFileSync(path.join(dir, '.gitignore'), 'utf8');
    rules = [...inherited, ...parseGitignore(gi, dir)];
  } catch {
    /* no .gitignore here */
  }
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (ALWAYS_SKIP.has(e.name)) continue;
    const abs = path.join(dir, e.name);
    const isDir = e.isDirectory();
    if (ignored(abs, isDir, rules)) continue;
    if (isDir) walk(abs, rules, out);
    else if (e.isFile() && WALK_EXTENSIONS.test(e.name) && !out.has(abs)) out.set(abs, { abs, explicit: false });
  }
}

export function parseGitignore(text: string, base: string): IgnoreRule[] {
  const out: IgnoreRule[] = [];
  for (let line of text.split(/\r?\n/)) {
    if (!line.trim() || line.startsWith('#')) continue;
    line = line.replace(/\s+$/, '');
    let negate = false;
    if (line.startsWith('!')) {
      negate = true;
      line = line.slice(1);
    }
    let dirOnly = false;
    if (line.endsWith('/')) {
      dirOnly = true;
      line = line.slice(0, -1);
    }
    const anchored = line.includes('/') && !line.startsWith('**/');
    if (line.startsWith('/')) line = line.slice(1);
    const body = line
      .split('/')
      .map((seg) =>
        seg === '**'
          ? '\u0000'
          : seg
              .replace(/[.+^${}()|[\]\\]/g, '\\$&')
              .replace(/\*/g, '[^/]*')
              .replace(/\?/g, '[^/]'),
      )
      .join('/')
      .replace(/\u0000\//g, '(?:.*/)?')
      .replace(/\/\u0000/g, '(?:/.*)?')
      .replace(/\u0000/g, '.*');
    // Linear-time matching: a .gitignore arriving in a pull request must not be able to stall the walk.
    const re = linearRegExp(anchored ? `^${body}$` : `(?:^|/)${body}$`);
    if (re) out.push({ base, re, negate, dirOnly });
  }
  return out;
}

function ignored(abs: string, isDir: boolean, rules: IgnoreRule[]): boolean {
  let ign = false;
  for (const r of rules) {
    if (r.dirOnly && !isDir) continue;
    const rel = path.relative(r.base, abs).split(path.sep).join('/');
    if (rel.startsWith('..')) continue;
    if (r.re.test(rel)) ign = !r.negate;
  }
  return ign;
}
