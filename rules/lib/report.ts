// Grouping for findings reported once per location (a schema definition, a security requirement, a response) with
// the operations that reach it.
import type { FindingInput, RuleContext } from '../../src/model/rule.js';
import type { Loc } from '../../src/model/types.js';
import { locKey } from './schema.js';

interface Group<T> {
  loc: Loc;
  ops: Set<string>;
  data: T;
}

export class Grouped<T> {
  private readonly groups = new Map<string, Group<T>>();

  /** Adds operations to the group at `loc`; `data` is made once, for the first addition. */
  add(loc: Loc, ops: Iterable<string>, data: () => T, key = ''): Group<T> {
    const k = locKey(loc) + '\u0000' + key;
    let g = this.groups.get(k);
    if (!g) {
      g = { loc, ops: new Set(), data: data() };
      this.groups.set(k, g);
    }
    for (const o of ops) g.ops.add(o);
    return g;
  }

  /** Reports every group through `make`. */
  report(ctx: RuleContext, make: (g: Group<T>, ops: string[]) => (Omit<FindingInput, 'loc'> & { loc?: Loc }) | undefined): void {
    for (const g of this.groups.values()) {
      const f = make(g, [...g.ops]);
      if (f) ctx.report({ ...f, loc: f.loc ?? g.loc, operations: f.operations ?? [...g.ops] });
    }
  }
}

/** `GET /a`, or `3 operations (GET /a, POST /b, …)`, for messages. */
export function opsPhrase(ops: string[], max = 3): string {
  if (ops.length === 0) return 'no operation of this document (shared definition)';
  if (ops.length === 1) return ops[0]!;
  const shown = ops.slice(0, max).join(', ');
  return `${ops.length} operations (${shown}${ops.length > max ? ', …' : ''})`;
}
