import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Deref, LoadFinding, Loc } from '../model/types.js';
import { InputError } from './errors.js';
import type { ParsedFile } from './parse.js';
import type { SourceStore } from './store.js';
import { valueAtPointer } from './store.js';

const MAX_CHAIN = 64;

/** An embedded document: local references made inside `base` of `file` are relative to it. */
export interface Scope {
  file: string;
  base: string;
}

export interface RefTarget {
  kind: 'local' | 'file' | 'remote' | 'other';
  /** Absolute path or URL of the target document ('' for local). */
  where: string;
  pointer: string;
}

/** Splits a `$ref` into the document it names (relative to `base`, a path or URL) and a JSON pointer. */
export function parseRef(ref: string, base: string): RefTarget {
  const hash = ref.indexOf('#');
  const uri = hash < 0 ? ref : ref.slice(0, hash);
  let frag = hash < 0 ? '' : ref.slice(hash + 1);
  try {
    frag = decodeURIComponent(frag);
  } catch {
    /* keep as written */
  }
  if (uri === '') return { kind: 'local', where: '', pointer: frag };
  const remoteBase = /^https?:\/\//i.test(base);
  if (/^https?:\/\//i.test(uri) || remoteBase) {
    let url: string;
    try {
      url = new URL(uri, remoteBase ? base : undefined).href;
    } catch {
      return { kind: 'other', where: uri, pointer: frag };
    }
    return /^https?:/i.test(url) ? { kind: 'remote', where: url, pointer: frag } : { kind: 'other', where: url, pointer: frag };
  }
  if (/^file:/i.test(uri)) {
    try {
      return { kind: 'file', where: fileURLToPath(uri), pointer: frag };
    } catch {
      return { kind: 'other', where: uri, pointer: frag };
    }
  }
  if (/^[a-z][a-z0-9+.-]+:/i.test(uri)) return { kind: 'other', where: uri, pointer: frag };
  let rel = uri;
  try {
    rel = decodeURIComponent(uri);
  } catch {
    /* keep */
  }
  return { kind: 'file', where: path.resolve(path.dirname(base), rel), pointer: frag };
}

type Step = { value: unknown; loc: Loc } | { problem: { ruleId: string; severity: LoadFinding['severity']; message: string } | undefined };

function pointerOf(path: string[], depth: number): string {
  let p = '';
  for (let i = 0; i < depth; i++) {
    const k = path[i]!;
    p += '/' + (k.includes('~') || k.includes('/') ? k.replace(/~/g, '~0').replace(/\//g, '~1') : k);
  }
  return p;
}

/**
 * Resolves `$ref`s lazily, on demand, inside the input roots only. Refused and broken references become load findings
 * (reported once each), never exceptions: the rest of the document is still assessed.
 */
export class Resolver implements Deref {
  private readonly seen = new Set<string>();
  private readonly scanned = new Set<string>();
  /** What a `$ref` string leads to from a given document: many references repeat (`#/components/schemas/x`). */
  private readonly steps = new Map<string, Step>();
  /** Whether any `$ref` named another document (local file or URL), whether or not it could be read. */
  reachedOtherDocuments = false;

  constructor(
    private readonly store: SourceStore,
    private readonly findings: LoadFinding[],
  ) {}

  /** Follows a `$ref` chain; with a `scope`, local references made inside it resolve against its root. */
  deref(value: unknown, loc: Loc, scope?: Scope): { value: unknown; loc: Loc } {
    let cur = value;
    let where = loc;
    for (let hops = 0; hops < MAX_CHAIN; hops++) {
      if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return { value: cur, loc: where };
      const ref = (cur as Record<string, unknown>)['$ref'];
      if (typeof ref !== 'string') return { value: cur, loc: where };
      const next = this.follow(ref, where, scope);
      if (!next) return { value: undefined, loc: where };
      if (next.loc.file === where.file && next.loc.pointer === where.pointer) {
        this.report('ref-circular', 'medium', `$ref '${ref}' points at itself`, where);
        return { value: undefined, loc: where };
      }
      cur = next.value;
      where = next.loc;
    }
    this.report('ref-circular', 'medium', `$ref chain longer than ${MAX_CHAIN} hops (circular?)`, loc);
    return { value: undefined, loc };
  }

  /**
   * Checks every `$ref` of a document (and of the local documents it reaches) once, so that refused, remote and broken
   * references are reported even where no rule looks, and referenced files are known. Iterative: any depth is fine.
   */
  scan(file: string): void {
    // Files reached through `$ref`s are scanned from a queue, not by recursion: a chain of files can be long.
    const queue = [file];
    while (queue.length) {
      const pf = this.store.byFile(queue.shift()!);
      if (!pf || this.scanned.has(pf.abs)) continue;
      this.scanned.add(pf.abs);
      for (const f of [...this.scanFile(pf)].sort()) queue.push(f);
    }
  }

  /** The `$ref`s of one file; returns the other files they reached. */
  private scanFile(pf: ParsedFile): Set<string> {
    const next = new Set<string>();
    pf.docs.forEach((doc, di) => {
      // Depth-first with an explicit stack (an object's own `$ref` first, then its members last to first, array items in
      // order); a node's JSON pointer is built only when it holds a `$ref`.
      const path: string[] = [];
      const stack: { node: object; keys: string[] | undefined; i: number }[] = [];
      const enter = (node: object) => {
        if (Array.isArray(node)) {
          stack.push({ node, keys: undefined, i: 0 });
          return;
        }
        const ref = (node as Record<string, unknown>)['$ref'];
        if (typeof ref === 'string' && Object.prototype.hasOwnProperty.call(node, '$ref')) {
          const from: Loc = { file: pf.file, pointer: pointerOf(path, stack.length) };
          if (di) from.doc = di;
          const r = this.follow(ref, from);
          if (r && r.loc.file !== pf.file) next.add(r.loc.file);
        }
        const keys = Object.keys(node);
        stack.push({ node, keys, i: keys.length - 1 });
      };
      if (doc !== null && typeof doc === 'object') enter(doc);
      while (stack.length) {
        const top = stack[stack.length - 1]!;
        let k: string;
        if (top.keys) {
          if (top.i < 0) {
            stack.pop();
            path.pop();
            continue;
          }
          k = top.keys[top.i--]!;
        } else {
          if (top.i >= (top.node as unknown[]).length) {
            stack.pop();
            path.pop();
            continue;
          }
          k = String(top.i++);
        }
        const x = (top.node as Record<string, unknown>)[k];
        if (x === null || typeof x !== 'object' || (top.keys && k === '$ref' && typeof x === 'string')) continue;
        path[stack.length - 1] = k;
        path.length = stack.length;
        enter(x);
      }
    });
    return next;
  }

  valueAt(loc: Loc): unknown {
    const pf = this.store.byFile(loc.file);
    if (!pf) return undefined;
    return valueAtPointer(pf.docs[loc.doc ?? 0], loc.pointer).value;
  }

  /** One step: the document and value a `$ref` names. */
  private follow(ref: string, from: Loc, scope?: Scope): { value: unknown; loc: Loc } | undefined {
    const here = this.store.byFile(from.file);
    if (!here) return undefined;
    // Inside an embedded document, local references are relative to its root.
    const base = scope && from.file === scope.file && (from.pointer === scope.base || from.pointer.startsWith(`${scope.base}/`)) ? scope.base : '';
    const key = `${here.abs}\u0000${from.doc ?? 0}\u0000${base}\u0000${ref}`;
    let step = this.steps.get(key);
    if (!step) {
      step = this.step(ref, here, from, base);
      this.steps.set(key, step);
    }
    if ('problem' in step) {
      if (step.problem) this.report(step.problem.ruleId, step.problem.severity, step.problem.message, from);
      return undefined;
    }
    return { value: step.value, loc: { ...step.loc } };
  }

  private step(ref: string, here: ParsedFile, from: Loc, base: string): Step {
    const problem = (ruleId: string, severity: LoadFinding['severity'], message: string): Step => ({ problem: { ruleId, severity, message } });
    const target = parseRef(ref, here.abs);
    if (target.kind !== 'local') this.reachedOtherDocuments = true;
    let pf = here;
    if (target.kind === 'remote') {
      const remote = this.store.get(target.where);
      if (!remote) {
        if (this.store.policy.allowRemote) return problem('ref-unresolved', 'medium', `remote $ref '${ref}' could not be fetched`);
        return problem('ref-remote-refused', 'low', `remote $ref '${ref}' not fetched (remote references are off; opt in with --allow-remote-refs)`);
      }
      pf = remote;
    } else if (target.kind === 'file') {
      if (!this.store.insideRoots(target.where)) return problem('ref-outside-root', 'high', `$ref '${ref}' points outside the input root; not read`);
      try {
        pf = this.store.loadLocal(target.where);
        if (!this.store.referenced.has(pf.abs)) this.store.referenced.set(pf.abs, from.file);
      } catch (e) {
        const why = e instanceof InputError ? e.message : (e as Error).message;
        return problem('ref-unresolved', 'medium', `$ref '${ref}' cannot be loaded: ${why}`);
      }
    } else if (target.kind === 'other') {
      return problem('ref-unresolved', 'medium', `$ref '${ref}' uses an unsupported scheme`);
    }
    let pointer = target.pointer === '' ? '' : target.pointer.startsWith('/') ? target.pointer : null;
    if (pointer === null) return problem('ref-unresolved', 'medium', `$ref '${ref}' has a fragment that is not a JSON pointer`);
    if (target.kind === 'local') pointer = base + pointer;
    const docIndex = target.kind === 'local' ? (from.doc ?? 0) : 0;
    const got = valueAtPointer(pf.docs[docIndex], pointer);
    if (!got.found) return problem('ref-unresolved', 'medium', `$ref '${ref}' does not resolve`);
    const loc: Loc = { file: pf.file, pointer };
    if (docIndex) loc.doc = docIndex;
    return { value: got.value, loc };
  }

  private report(ruleId: string, severity: LoadFinding['severity'], message: string, loc: Loc): void {
    const key = `${ruleId}\u0000${loc.file}\u0000${loc.pointer}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.findings.push({ ruleId, severity, message, loc: { file: loc.file, pointer: loc.pointer.endsWith('/$ref') ? loc.pointer : `${loc.pointer}/$ref` } });
  }
}

/**
 * `$ref` resolution for a document embedded in another file (an OpenAPI `Body` inside a CloudFormation template):
 * local references (`#/…`) made inside it are relative to its root at `base`; everything else resolves as usual, with
 * the same confinement to the input roots.
 */
export class ScopedDeref implements Deref {
  private readonly scope: Scope;

  constructor(
    private readonly resolver: Resolver,
    file: string,
    base: string,
  ) {
    this.scope = { file, base };
  }

  deref(value: unknown, loc: Loc): { value: unknown; loc: Loc } {
    return this.resolver.deref(value, loc, this.scope);
  }

  valueAt(loc: Loc): unknown {
    return this.resolver.valueAt(loc);
  }
}
