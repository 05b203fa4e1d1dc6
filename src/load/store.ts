import { realpathSync } from 'node:fs';
import path from 'node:path';
import { InputError } from './errors.js';
import { insideAny } from './collect.js';
import { defaultLimits } from './limits.js';
import { parseText, type ParsedFile, type ParseOptions, type Position } from './parse.js';
import { readText, DEFAULT_MAX_BYTES } from './text.js';

export interface LoadPolicy {
  /** Largest file read, in bytes. */
  maxBytes: number;
  /** Most YAML aliases expanded per document. */
  maxAliases?: number;
  /** Directories `$ref`s may read from (realpaths). */
  roots: string[];
  /** Resolve http(s) `$ref`s (fetched ahead of time by `prefetchRemote`). */
  allowRemote: boolean;
  /** Working directory: reported paths are relative to it. */
  cwd: string;
}

export function defaultPolicy(cwd = process.cwd()): LoadPolicy {
  return { maxBytes: DEFAULT_MAX_BYTES, roots: [], allowRemote: false, cwd };
}

/** Every parsed file of a run, by absolute path (or URL for remote documents), each parsed once. */
export class SourceStore {
  private readonly byKey = new Map<string, ParsedFile>();
  private readonly byDisplay = new Map<string, ParsedFile>();
  /** Files loaded only because a `$ref` pointed at them: key → the file whose $ref pulled it in first. */
  readonly referenced = new Map<string, string>();
  /** Streamed files (captured traffic): never held in memory, located through what the reader recorded. */
  private readonly locators = new Map<string, (pointer: string) => Position | undefined>();

  constructor(readonly policy: LoadPolicy) {}

  display(abs: string): string {
    if (/^https?:/i.test(abs)) return abs;
    const rel = path.relative(this.policy.cwd, abs);
    return (rel === '' ? path.basename(abs) : rel).split(path.sep).join('/');
  }

  add(pf: ParsedFile): void {
    this.byKey.set(pf.abs, pf);
    this.byDisplay.set(pf.file, pf);
  }

  get(key: string): ParsedFile | undefined {
    return this.byKey.get(key);
  }

  byFile(display: string): ParsedFile | undefined {
    return this.byDisplay.get(display);
  }

  addLocator(display: string, locate: (pointer: string) => Position | undefined): void {
    this.locators.set(display, locate);
  }

  /** Line and column of a location in any file of the run (parsed or streamed). */
  locate(loc: { file: string; pointer: string; doc?: number }): Position | undefined {
    const pf = this.byDisplay.get(loc.file);
    if (pf) return pf.locate(loc.pointer, loc.doc);
    return this.locators.get(loc.file)?.(loc.pointer);
  }

  files(): ParsedFile[] {
    return [...this.byKey.values()];
  }

  /** Reads and parses a local file (once). Throws InputError for unreadable or invalid input. */
  loadLocal(abs: string): ParsedFile {
    const hit = this.byKey.get(abs);
    if (hit) return hit;
    const file = this.display(abs);
    const tf = readText(abs, file, this.policy.maxBytes);
    if ('reason' in tf) throw new InputError(file, tf.reason);
    const pf = parseText(tf, this.parseOptions());
    this.add(pf);
    return pf;
  }

  /** Alias, depth and value limits for every document of the run (values scale with the size limit). */
  parseOptions(): ParseOptions {
    const o: ParseOptions = { limits: defaultLimits(this.policy.maxBytes) };
    if (this.policy.maxAliases !== undefined) o.maxAliases = this.policy.maxAliases;
    return o;
  }

  /** True when `abs` (after following symlinks) lies inside one of the roots. */
  insideRoots(abs: string): boolean {
    let real: string;
    try {
      real = realpathSync(abs);
    } catch {
      real = path.resolve(abs);
    }
    return insideAny(real, this.policy.roots);
  }
}

export { valueAtPointer } from '../model/pointer.js';
