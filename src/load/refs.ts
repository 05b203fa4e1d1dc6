import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Deref, LoadFinding, Loc } from '../model/types.js';
import { InputError } from './errors.js';
import type { SourceStore } from './store.js';
import { valueAtPointer } from './store.js';

const MAX_CHAIN = 64;

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

/**
 * Resolves `$ref`s lazily, on demand, inside the input roots only. Refused and broken references become load findings
 * (reported once each), never exceptions: the rest of the document is still assessed.
 */
export class Resolver implements Deref {
  private readonly seen = new Set<string>();
  private readonly scanned = new Set<string>();

  constructor(
    private readonly store: SourceStore,
    private readonly findings: LoadFinding[],
  ) {}

  deref(value: unknown, loc: Loc): { value: unknown; loc: Loc } {
    let cur = value;
    let where = loc;
    for (let hops = 0; hops < MAX_CHAIN; hops++) {
      if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return { value: cur, loc: where };
      const ref = (cur as Record<string, unknown>)['$ref'];
      if (typeof ref !== 'string') return { value: cur, loc: where };
      const next = this.follow(ref, where);
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
    const pf = this.store.byFile(file);
    if (!pf || this.scanned.has(pf.abs)) return;
    this.scanned.add(pf.abs);
    const next = new Set<string>();
    pf.docs.forEach((doc, di) => {
      const stack: [unknown, string][] = [[doc, '']];
      while (stack.length) {
        const [v, ptr] = stack.pop()!;
        if (Array.isArray(v)) {
          for (let i = v.length - 1; i >= 0; i--) if (v[i] !== null && typeof v[i] === 'object') stack.push([v[i], `${ptr}/${i}`]);
          continue;
        }
        const o = v as Record<string, unknown>;
        for (const k of Object.keys(o)) {
          const x = o[k];
          if (k === '$ref' && typeof x === 'string') {
            const from: Loc = { file: pf.file, pointer: ptr };
            if (di) from.doc = di;
            const r = this.follow(x, from);
            if (r && r.loc.file !== pf.file) next.add(r.loc.file);
          } else if (x !== null && typeof x === 'object') stack.push([x, `${ptr}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`]);
        }
      }
    });
    for (const f of next) this.scan(f);
  }

  valueAt(loc: Loc): unknown {
    const pf = this.store.byFile(loc.file);
    if (!pf) return undefined;
    return valueAtPointer(pf.docs[loc.doc ?? 0], loc.pointer).value;
  }

  /** One step: the document and value a `$ref` names. */
  private follow(ref: string, from: Loc): { value: unknown; loc: Loc } | undefined {
    const here = this.store.byFile(from.file);
    if (!here) return undefined;
    const target = parseRef(ref, here.abs);
    let pf = here;
    if (target.kind === 'remote') {
      const remote = this.store.get(target.where);
      if (!remote) {
        if (this.store.policy.allowRemote) this.report('ref-unresolved', 'medium', `remote $ref '${ref}' could not be fetched`, from);
        else this.report('ref-remote-refused', 'low', `remote $ref '${ref}' not fetched (remote references are off; opt in with --allow-remote-refs)`, from);
        return undefined;
      }
      pf = remote;
    } else if (target.kind === 'file') {
      if (!this.store.insideRoots(target.where)) {
        this.report('ref-outside-root', 'high', `$ref '${ref}' points outside the input root; not read`, from);
        return undefined;
      }
      try {
        pf = this.store.loadLocal(target.where);
        if (!this.store.referenced.has(pf.abs)) this.store.referenced.set(pf.abs, from.file);
      } catch (e) {
        const why = e instanceof InputError ? e.message : (e as Error).message;
        this.report('ref-unresolved', 'medium', `$ref '${ref}' cannot be loaded: ${why}`, from);
        return undefined;
      }
    } else if (target.kind === 'other') {
      this.report('ref-unresolved', 'medium', `$ref '${ref}' uses an unsupported scheme`, from);
      return undefined;
    }
    const pointer = target.pointer === '' ? '' : target.pointer.startsWith('/') ? target.pointer : null;
    if (pointer === null) {
      this.report('ref-unresolved', 'medium', `$ref '${ref}' has a fragment that is not a JSON pointer`, from);
      return undefined;
    }
    const docIndex = target.kind === 'local' ? (from.doc ?? 0) : 0;
    const got = valueAtPointer(pf.docs[docIndex], pointer);
    if (!got.found) {
      this.report('ref-unresolved', 'medium', `$ref '${ref}' does not resolve`, from);
      return undefined;
    }
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
