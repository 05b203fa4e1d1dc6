// Schema machinery for the OWASP rules.
//
// Every schema an API uses is visited once per API and remembered by the location of its definition (after `$ref`
// resolution). For each definition the index knows which operations reach it and in which direction: `request` (a
// parameter or request body the API accepts) or `response` (data the API returns, including the bodies of callbacks
// and webhooks it sends). `allOf` is composed before anything is judged — a schema reached only as an `allOf` part is
// never judged on its own — and `oneOf`/`anyOf` branches are judged as the alternatives they are. Rules read the index
// and report a schema problem once, at the definition, with the operations that use it.

import type { Api, Loc, Operation, SchemaRef } from '../../src/model/types.js';
import { get, isObj, type Obj } from '../../src/model/util.js';

export type Direction = 'request' | 'response';
/** How a request schema is reached: inside a body (incl. Swagger 2.0 formData), through a parameter, or a shared library. */
export type Via = 'body' | 'param' | 'library';

/** One property of a composed object schema: the raw schema as written and where the property is declared. */
export interface Prop {
  name: string;
  node: unknown;
  loc: Loc;
  /** The same property declared again by another `allOf` part: every declaration applies. */
  also?: { node: unknown; loc: Loc }[];
}

/** The composed view of a schema: its own keywords merged with those of its `allOf` parts. */
export interface View {
  types: Set<string>;
  props: Prop[];
  items?: { node: unknown; loc: Loc };
  prefixItems: { node: unknown; loc: Loc }[];
  additional?: { value: unknown; loc: Loc };
  unevaluated?: { value: unknown; loc: Loc };
  patternProps: { node: unknown; loc: Loc }[];
  branches: { node: unknown; loc: Loc }[];
  maxLength?: number;
  minLength?: number;
  maximum?: number;
  minimum?: number;
  maxItems?: number;
  maxProperties?: number;
  enumValues?: unknown[];
  hasConst: boolean;
  format?: string;
  pattern?: string;
  uniqueItems: boolean;
  readOnly: boolean;
  writeOnly: boolean;
  description?: string;
  example?: unknown;
}

export interface SchemaNode {
  id: number;
  key: string;
  loc: Loc;
  raw: Obj;
  view: View;
  /** A readable name: `Pet`, `Pet.tags[]`, `parameter 'limit'`, `POST /pets request body`. */
  label: string;
  /** How the schema is reached as request input; empty when it is not. */
  via: ReadonlySet<Via>;
  /** Reached by data the API returns (responses, callback and webhook bodies). */
  inResponse: boolean;
  /** Reached by a 4xx/5xx/default response body. */
  inError: boolean;
  /** Operations whose request body is this schema itself (top level). */
  bodyOps: ReadonlySet<string>;
  /** Parameter locations (`query`, `path`…) for schemas that are a parameter's own schema. */
  paramIn: ReadonlySet<string>;
  /** The parameter's name when the schema is a parameter's own schema. */
  paramName?: string;
}

export interface Composed {
  /** Identity of the composed schema: its definition (plus the `$ref` site when 3.1 keywords sit beside the `$ref`). */
  key: string;
  value: Obj;
  loc: Loc;
  view: View;
}

export type UseKind = 'request' | 'response' | 'error';

export interface SchemaIndex {
  /** Every schema reached by a use (not only as an `allOf` part), in a stable order. */
  nodes: SchemaNode[];
  /** Operations by key, including webhooks. */
  ops: Map<string, Operation>;
  /** True when the document has no operations: its schemas are a library other documents use. */
  library: boolean;
  /** The composed view of any schema (memoised by where it is written). */
  view(node: unknown, loc: Loc): Composed | undefined;
  /** The operations that reach a schema in one direction, in document order (computed on demand, memoised). */
  opsOf(node: SchemaNode, kind: UseKind): string[];
}

/** Shared empty set: most schemas never get a body operation, a parameter location or a request use. */
// Typed as a Set so that nodes can swap it for their own on first write (never written to itself).
const NONE: Set<any> = new Set();

const MAX_DEPTH = 64;
const MAX_NODES = 500_000;
const cache = new WeakMap<Api, SchemaIndex>();

export function locKey(loc: Loc): string {
  return `${loc.file}\u0000${loc.doc ?? 0}\u0000${loc.pointer}`;
}

/** RFC 6901 pointer join. */
export function ptr(base: string, ...segs: (string | number)[]): string {
  let out = base;
  for (const s of segs) {
    const t = String(s);
    out += '/' + (t.includes('~') || t.includes('/') ? t.replace(/~/g, '~0').replace(/\//g, '~1') : t);
  }
  return out;
}

function at(loc: Loc, ...segs: (string | number)[]): Loc {
  const out: Loc = { file: loc.file, pointer: ptr(loc.pointer, ...segs) };
  if (loc.doc !== undefined) out.doc = loc.doc;
  return out;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Name of a component definition from its pointer: `/components/schemas/Pet` → `Pet`. */
export function definitionName(loc: Loc): string | undefined {
  const p = loc.pointer;
  if (!p.startsWith('/components/schemas/') && !p.startsWith('/definitions/') && !p.startsWith('/$defs/')) return undefined;
  const m = /^\/(?:components\/schemas|definitions|\$defs)\/([^/]+)$/.exec(loc.pointer);
  return m ? m[1]!.replace(/~1/g, '/').replace(/~0/g, '~') : undefined;
}

const SIBLING_IGNORED = new Set(['$ref', 'description', 'summary', 'title', 'example', 'examples', '$comment']);

/** The schema index of an API, built on first use and shared by every rule. */
export function schemaIndex(api: Api): SchemaIndex {
  let idx = cache.get(api);
  if (!idx) {
    idx = build(api);
    cache.set(api, idx);
  }
  return idx;
}

interface RootUse {
  op: number;
  kind: 'request' | 'response';
  error: boolean;
}

interface Node extends SchemaNode {
  via: Set<Via>;
  bodyOps: Set<string>;
  paramIn: Set<string>;
  children?: number[];
  parents: number[];
  roots: RootUse[];
}

type Flag = 'body' | 'param' | 'library' | 'response' | 'error';

function build(api: Api): SchemaIndex {
  // Memoised by the raw schema object where it is written (parsed documents give every site its own object), and by
  // the object it resolves to: each definition is composed once, each site resolved once.
  const bySite = new Map<object, Composed | null>();
  const byDef = new Map<object, Composed>();
  const nodes: Node[] = [];
  const nodeByComposed = new Map<Composed, Node>();
  const ops = new Map<string, Operation>();
  const opKeys: string[] = [];

  /** Composes a schema with its `allOf` parts (and, in 3.1, with keywords beside a `$ref`). */
  const compose = (node: unknown, loc: Loc, depth: number, stack?: Set<object>): Composed | undefined => {
    if (!isObj(node)) return undefined;
    const known = bySite.get(node);
    if (known !== undefined) return known ?? undefined;
    // Keywords beside a `$ref` (allowed in OpenAPI 3.1) are composed with the target, like an `allOf`.
    const isRef = typeof get(node, '$ref') === 'string';
    let siblings: Obj | undefined;
    if (isRef) for (const k in node) if (!SIBLING_IGNORED.has(k) && Object.prototype.hasOwnProperty.call(node, k)) siblings = node;
    const r = isRef ? api.deref.deref(node, loc) : { value: node as unknown, loc };
    if (!isObj(r.value)) {
      bySite.set(node, null);
      return undefined;
    }
    const defId: object = siblings ?? r.value;
    let out = byDef.get(defId);
    if (!out) {
      if (stack?.has(defId) || depth > MAX_DEPTH) return undefined;
      const parts = get(r.value, 'allOf');
      if (Array.isArray(parts)) (stack ??= new Set()).add(defId);
      const view = ownView(r.value, r.loc);
      if (Array.isArray(parts)) {
        for (let i = 0; i < parts.length; i++) {
          const c = compose(parts[i], at(r.loc, 'allOf', i), depth + 1, stack);
          if (c) merge(view, c.view);
        }
      }
      if (siblings) {
        const sv = ownView(siblings, loc);
        merge(sv, view);
        Object.assign(view, sv);
      }
      stack?.delete(defId);
      out = { key: locKey(r.loc) + (siblings ? `\u0000+${locKey(loc)}` : ''), value: r.value, loc: r.loc, view };
      byDef.set(defId, out);
    }
    bySite.set(node, out);
    return out;
  };

  /** A property declared by several `allOf` parts: one schema with all their constraints, reported at the first. */
  const synth = new Map<string, Composed>();
  const composeProp = (p: Prop): Composed | undefined => {
    const first = compose(p.node, p.loc, 0);
    if (!first || !p.also?.length) return first;
    const more = p.also.map((a) => compose(a.node, a.loc, 0)).filter((x): x is Composed => x !== undefined);
    if (!more.length) return first;
    const key = [first.key, ...more.map((m) => m.key)].join('\u0000&');
    let c = synth.get(key);
    if (!c) {
      const view = cloneView(first.view);
      for (const m of more) merge(view, m.view);
      c = { key, value: first.value, loc: first.loc, view };
      synth.set(key, c);
    }
    return c;
  };

  const nodeFor = (raw: unknown, loc: Loc, label: () => string, composed?: Composed): Node | undefined => {
    const c = composed ?? compose(raw, loc, 0);
    if (!c) return undefined;
    let n = nodeByComposed.get(c);
    if (!n) {
      if (nodes.length >= MAX_NODES) return undefined;
      n = {
        id: nodes.length,
        key: c.key,
        loc: c.loc,
        raw: c.value,
        view: c.view,
        label: definitionName(c.loc) ?? label(),
        via: NONE,
        inResponse: false,
        inError: false,
        bodyOps: NONE,
        paramIn: NONE,
        parents: [],
        roots: [],
      };
      nodes.push(n);
      nodeByComposed.set(c, n);
    }
    return n;
  };

  /** The schemas a schema uses directly (properties, items, maps, alternatives), computed once per schema. */
  const childrenOf = (n: Node): number[] => {
    if (n.children) return n.children;
    const out: number[] = [];
    n.children = out;
    const v = n.view;
    const add = (x: { node: unknown; loc: Loc }, suffix: string, composed?: Composed) => {
      const c = nodeFor(x.node, x.loc, () => n.label + suffix, composed);
      if (!c) return;
      out.push(c.id);
      c.parents.push(n.id);
    };
    v.props.forEach((p) => add(p, `.${p.name}`, p.also ? composeProp(p) : undefined));
    if (v.items) add(v.items, '[]');
    v.prefixItems.forEach((p, i) => add(p, `[${i}]`));
    if (v.additional && isObj(v.additional.value)) add({ node: v.additional.value, loc: v.additional.loc }, '{*}');
    if (v.unevaluated && isObj(v.unevaluated.value)) add({ node: v.unevaluated.value, loc: v.unevaluated.loc }, '{*}');
    v.patternProps.forEach((p) => add(p, '{*}'));
    v.branches.forEach((b, i) => add(b, ` (alternative ${i + 1})`));
    return out;
  };

  const rootsByFlag = new Map<Flag, number[]>();
  const addRoot = (flag: Flag, n: Node) => {
    const l = rootsByFlag.get(flag) ?? [];
    l.push(n.id);
    rootsByFlag.set(flag, l);
  };

  const visitOp = (op: Operation, key: string, outbound: boolean) => {
    ops.set(key, op);
    const opIdx = opKeys.length;
    opKeys.push(key);
    if (!outbound) {
      for (const p of op.parameters) {
        if (!p.schema) continue;
        const body = p.in === 'formData';
        const n = nodeFor(p.schema.node, p.schema.loc, () => `parameter '${p.name}'`);
        if (!n) continue;
        n.roots.push({ op: opIdx, kind: 'request', error: false });
        addRoot(body ? 'body' : 'param', n);
        if (!body) (n.paramIn === NONE ? (n.paramIn = new Set()) : n.paramIn).add(p.in);
        n.paramName ??= p.name;
      }
    }
    const seen = new Set<string>();
    for (const mt of op.requestBody?.content ?? []) {
      if (!mt.schema || seen.has(locKey(mt.schema.loc))) continue;
      seen.add(locKey(mt.schema.loc));
      const n = nodeFor(mt.schema.node, mt.schema.loc, () => `${op.key} request body`);
      if (!n) continue;
      if (outbound) {
        n.roots.push({ op: opIdx, kind: 'response', error: false });
        addRoot('response', n);
      } else {
        n.roots.push({ op: opIdx, kind: 'request', error: false });
        addRoot('body', n);
        (n.bodyOps === NONE ? (n.bodyOps = new Set()) : n.bodyOps).add(key);
      }
    }
    if (outbound) return;
    for (const r of op.responses) {
      const error = /^[45]/.test(r.status) || r.status === 'default';
      for (const mt of r.content) {
        if (!mt.schema) continue;
        const n = nodeFor(mt.schema.node, mt.schema.loc, () => `${op.key} ${r.status} response`);
        if (!n) continue;
        n.roots.push({ op: opIdx, kind: 'response', error });
        addRoot('response', n);
        if (error) addRoot('error', n);
      }
    }
    // Callbacks: the API sends their request bodies (outbound data), on behalf of the operation that registers them.
    for (const cb of op.callbacks) for (const cop of cb.operations) visitCallback(cop, opIdx);
  };

  const visitCallback = (cop: Operation, opIdx: number) => {
    for (const mt of cop.requestBody?.content ?? []) {
      if (!mt.schema) continue;
      const n = nodeFor(mt.schema.node, mt.schema.loc, () => `callback ${cop.key} body`);
      if (!n) continue;
      n.roots.push({ op: opIdx, kind: 'response', error: false });
      addRoot('response', n);
    }
  };

  for (const op of api.operations) visitOp(op, op.key, false);
  for (const wh of api.webhooks) visitOp(wh, `WEBHOOK ${wh.path}`, true);

  const library = api.openapi !== undefined && api.operations.length === 0 && api.webhooks.length === 0;
  if (library) {
    // A document without operations is a schema library: other documents use its schemas, in either direction.
    for (const holder of ['/components/schemas', '/definitions']) {
      const hl: Loc = { file: api.loc.file, pointer: holder };
      const defs = api.deref.valueAt(hl);
      if (!isObj(defs)) continue;
      for (const name of Object.keys(defs)) {
        const n = nodeFor(defs[name], at(hl, name), () => name);
        if (n) addRoot('library', n);
      }
    }
  }

  // Mark what each kind of root reaches: every schema is expanded once, visited at most once per flag.
  const has = (n: Node, flag: Flag): boolean =>
    flag === 'response' ? n.inResponse : flag === 'error' ? n.inError : n.via.has(flag);
  const set = (n: Node, flag: Flag) => {
    if (flag === 'response') n.inResponse = true;
    else if (flag === 'error') n.inError = true;
    else (n.via === NONE ? (n.via = new Set()) : n.via).add(flag);
  };
  for (const flag of ['body', 'param', 'library', 'response', 'error'] as Flag[]) {
    const stack = [...(rootsByFlag.get(flag) ?? [])].reverse();
    while (stack.length) {
      const n = nodes[stack.pop()!]!;
      if (has(n, flag)) continue;
      set(n, flag);
      const kids = childrenOf(n);
      for (let i = kids.length - 1; i >= 0; i--) if (!has(nodes[kids[i]!]!, flag)) stack.push(kids[i]!);
    }
  }

  // Request uses are asked about for many schemas (every unbounded field): one forward pass per operation, in operation
  // order, gives every schema its list at once. Response and error uses are asked about rarely: walk back on demand.
  let requestOps: number[][] | undefined;
  const requestLists = (): number[][] => {
    if (requestOps) return requestOps;
    const lists: number[][] = nodes.map(() => []);
    const roots: [number, number][] = [];
    for (const n of nodes) for (const r of n.roots) if (r.kind === 'request' && r.op >= 0) roots.push([r.op, n.id]);
    roots.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const stamp = new Int32Array(nodes.length).fill(-1);
    for (const [op, start] of roots) {
      const stack = [start];
      while (stack.length) {
        const id = stack.pop()!;
        if (stamp[id] === op) continue;
        stamp[id] = op;
        lists[id]!.push(op);
        for (const c of nodes[id]!.children ?? []) if (stamp[c] !== op && nodes[c]!.via.size > 0) stack.push(c);
      }
    }
    requestOps = lists;
    return lists;
  };

  const memo = new Map<string, string[]>();
  const opsOf = (node: SchemaNode, kind: UseKind): string[] => {
    const mk = `${kind}\u0000${node.id}`;
    const known = memo.get(mk);
    if (known) return known;
    if (kind === 'request') {
      const out = [...new Set(requestLists()[node.id]!.map((i) => opKeys[i]!))];
      memo.set(mk, out);
      return out;
    }
    const inKind = (n: Node) => (kind === 'response' ? n.inResponse : n.inError);
    const found = new Set<number>();
    const visited = new Set<number>([node.id]);
    const stack = [node.id];
    while (stack.length) {
      const n = nodes[stack.pop()!]!;
      for (const r of n.roots) if (r.op >= 0 && (kind === 'error' ? r.error : r.kind === kind)) found.add(r.op);
      for (const p of n.parents) {
        if (visited.has(p) || !inKind(nodes[p]!)) continue;
        visited.add(p);
        stack.push(p);
      }
    }
    const out = [...new Set([...found].sort((a, b) => a - b).map((i) => opKeys[i]!))];
    memo.set(mk, out);
    return out;
  };

  return { nodes, ops, library, view: (node, loc) => compose(node, loc, 0), opsOf };
}

/** The keywords of one schema object, read in one pass over its own keys (schemas have a few of the many keywords). */
function ownView(o: Obj, loc: Loc): View {
  const v: View = { types: new Set(), props: [], prefixItems: [], patternProps: [], branches: [], hasConst: false, uniqueItems: false, readOnly: false, writeOnly: false };
  let max: number | undefined;
  let exMax: number | undefined;
  let min: number | undefined;
  let exMin: number | undefined;
  let example: unknown;
  let dflt: unknown;
  for (const k of Object.keys(o)) {
    const x = o[k];
    switch (k) {
      case 'type':
        if (typeof x === 'string') v.types.add(x);
        else if (Array.isArray(x)) for (const t of x) if (typeof t === 'string') v.types.add(t);
        break;
      case 'properties':
        if (isObj(x)) for (const name of Object.keys(x)) v.props.push({ name, node: x[name], loc: at(loc, 'properties', name) });
        break;
      case 'items':
        if (isObj(x)) v.items = { node: x, loc: at(loc, 'items') };
        else if (Array.isArray(x)) x.forEach((y, i) => v.prefixItems.push({ node: y, loc: at(loc, 'items', i) }));
        break;
      case 'prefixItems':
        if (Array.isArray(x)) x.forEach((y, i) => v.prefixItems.push({ node: y, loc: at(loc, 'prefixItems', i) }));
        break;
      case 'additionalProperties':
        v.additional = { value: x, loc: at(loc, k) };
        break;
      case 'unevaluatedProperties':
        v.unevaluated = { value: x, loc: at(loc, k) };
        break;
      case 'patternProperties':
        if (isObj(x)) for (const p of Object.keys(x)) v.patternProps.push({ node: x[p], loc: at(loc, k, p) });
        break;
      case 'oneOf':
      case 'anyOf':
        if (Array.isArray(x)) x.forEach((y, i) => v.branches.push({ node: y, loc: at(loc, k, i) }));
        break;
      case 'maxLength':
      case 'minLength':
      case 'maxItems':
      case 'maxProperties': {
        const n = num(x);
        if (n !== undefined) v[k] = n;
        break;
      }
      // 3.0 / 2.0: `exclusiveMaximum: true` qualifies `maximum`; 3.1: `exclusiveMaximum` is the bound itself.
      case 'maximum':
        max = num(x);
        break;
      case 'exclusiveMaximum':
        exMax = num(x);
        break;
      case 'minimum':
        min = num(x);
        break;
      case 'exclusiveMinimum':
        exMin = num(x);
        break;
      case 'enum':
        if (Array.isArray(x) && x.length > 0) v.enumValues = x;
        break;
      case 'const':
        v.hasConst = true;
        break;
      case 'format':
        if (typeof x === 'string') v.format = x;
        break;
      case 'pattern':
        if (typeof x === 'string') v.pattern = x;
        break;
      case 'uniqueItems':
        v.uniqueItems = x === true;
        break;
      case 'readOnly':
        v.readOnly = x === true;
        break;
      case 'writeOnly':
        v.writeOnly = x === true;
        break;
      case 'description':
        if (typeof x === 'string') v.description = x;
        break;
      case 'example':
        example = x;
        break;
      case 'default':
        dflt = x;
        break;
    }
  }
  const hi = max ?? exMax;
  const lo = min ?? exMin;
  if (hi !== undefined) v.maximum = hi;
  if (lo !== undefined) v.minimum = lo;
  const ex = example ?? dflt;
  if (ex !== undefined) v.example = ex;
  return v;
}

function cloneView(v: View): View {
  return { ...v, types: new Set(v.types), props: [...v.props], prefixItems: [...v.prefixItems], patternProps: [...v.patternProps], branches: [...v.branches] };
}

/** Merges an `allOf` part into a view: every constraint of every part applies, so the tightest bound wins. */
function merge(into: View, part: View): void {
  if (part.types.size) {
    if (!into.types.size) for (const t of part.types) into.types.add(t);
    else {
      const both = [...into.types].filter((t) => part.types.has(t));
      if (both.length) {
        into.types.clear();
        for (const t of both) into.types.add(t);
      }
    }
  }
  const byName = new Map(into.props.map((p, i) => [p.name, i]));
  for (const p of part.props) {
    const i = byName.get(p.name);
    if (i === undefined) {
      byName.set(p.name, into.props.length);
      into.props.push(p);
    } else {
      // Declared again: keep both (views are shared between compositions, so copy rather than mutate).
      const cur = into.props[i]!;
      into.props[i] = { ...cur, also: [...(cur.also ?? []), { node: p.node, loc: p.loc }, ...(p.also ?? [])] };
    }
  }
  into.items ??= part.items;
  if (!into.prefixItems.length) into.prefixItems = [...part.prefixItems];
  into.patternProps.push(...part.patternProps);
  into.branches.push(...part.branches);
  // A part that closes the object closes the composition (the stricter reading); otherwise keep the first statement.
  if (part.additional && (part.additional.value === false || !into.additional)) into.additional = part.additional;
  if (part.unevaluated && (part.unevaluated.value === false || !into.unevaluated)) into.unevaluated = part.unevaluated;
  // Upper bounds: the smallest applies; lower bounds: the largest.
  for (const k of ['maxLength', 'maxItems', 'maxProperties', 'maximum'] as const) {
    const b = part[k];
    if (b !== undefined && (into[k] === undefined || b < into[k]!)) into[k] = b;
  }
  for (const k of ['minimum', 'minLength'] as const) {
    const b = part[k];
    if (b !== undefined && (into[k] === undefined || b > into[k]!)) into[k] = b;
  }
  into.enumValues ??= part.enumValues;
  into.hasConst ||= part.hasConst;
  into.format ??= part.format;
  into.pattern ??= part.pattern;
  into.uniqueItems ||= part.uniqueItems;
  into.readOnly ||= part.readOnly;
  into.writeOnly ||= part.writeOnly;
  into.description ??= part.description;
  if (into.example === undefined && part.example !== undefined) into.example = part.example;
}

// ---------------------------------------------------------------- bounds

/** Formats whose values have a small, fixed maximum length. */
export const BOUNDED_FORMATS = new Set([
  'date',
  'date-time',
  'time',
  'full-date',
  'full-time',
  'duration',
  'uuid',
  'ulid',
  'email',
  'idn-email',
  'ipv4',
  'ipv6',
  'ip',
  'hostname',
  'idn-hostname',
  'mac',
  'int32',
  'int64',
  'uint32',
  'uint64',
  'int8',
  'int16',
  'uint8',
  'uint16',
  'float',
  'double',
  'decimal',
  'number',
  'integer',
  'boolean',
  'country-code',
  'currency',
  'iso-3166',
  'iso-4217',
  'iso3166-1',
  'iso4217',
  'bcp47',
  'language',
  'timezone',
  'unix-time',
  'timestamp',
]);

/** True when the schema's values are one of a fixed set (`enum`, `const`). */
export function isEnumerated(v: View): boolean {
  return v.hasConst || (v.enumValues !== undefined && v.enumValues.length > 0);
}

/**
 * True when a regular expression only matches strings of bounded length: anchored at both ends, no top-level
 * alternation, and no unbounded quantifier (`*`, `+`, `{n,}`) anywhere.
 */
export function isFinitePattern(p: string): boolean {
  let s = p.trim();
  if (s.startsWith('/') && s.lastIndexOf('/') > 0) s = s.slice(1, s.lastIndexOf('/'));
  // `^(Daily)$|^(Weekly)$`: alternatives at the top level are bounded when every one of them is anchored and bounded.
  const alternatives = topLevelAlternatives(s);
  if (alternatives.length > 1) return alternatives.every((alt) => alt.length > 0 && isFinitePattern(alt));
  if (!s.startsWith('^') || !s.endsWith('$') || s.endsWith('\\$')) return false;
  for (const { i, c } of syntax(s, 1, s.length - 1)) {
    if (c === '*' || c === '+') return false;
    if (c === '{' && /^\{\d*,\}/.test(s.slice(i))) return false;
  }
  return true;
}

/** A pattern split at its top-level `|` (outside groups and classes). */
function topLevelAlternatives(s: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (const { i, c, depth } of syntax(s, 0, s.length)) {
    if (c === '|' && depth === 0) {
      out.push(s.slice(from, i));
      from = i + 1;
    }
  }
  out.push(s.slice(from));
  return out;
}

/** The characters of a pattern that are syntax: not escaped, not inside a character class; with the group depth. */
function* syntax(s: string, from: number, to: number): Generator<{ i: number; c: string; depth: number }> {
  let depth = 0;
  let inClass = false;
  for (let i = from; i < to; i++) {
    const c = s[i]!;
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else yield { i, c, depth };
  }
}

/** Why a string schema's length is unbounded, or undefined when something bounds it. */
export function stringUnbounded(v: View): string | undefined {
  if (v.maxLength !== undefined || isEnumerated(v)) return undefined;
  if (v.format && BOUNDED_FORMATS.has(v.format.toLowerCase())) return undefined;
  if (v.pattern && isFinitePattern(v.pattern)) return undefined;
  if (v.pattern) return 'whose `pattern` does not bound the length';
  if (v.format) return `whose format \`${v.format}\` does not bound the length`;
  return 'with no `maxLength`';
}

export function isType(v: View, t: string): boolean {
  return v.types.has(t);
}

/** A YAML flow mapping of a few keywords, for remediation text: `{type: string, maxLength: 256}`. */
export function yamlFlow(entries: [string, string | number | boolean][]): string {
  return `{${entries.map(([k, x]) => `${k}: ${typeof x === 'string' && !/^[A-Za-z0-9_.:/-]+$/.test(x) ? JSON.stringify(x) : x}`).join(', ')}}`;
}

/** The last segment of a label, for remediation text (`Pet.name` → `name`, `parameter 'limit'` → `limit`). */
export function fieldName(label: string): string {
  let end = label.length;
  // Strip trailing `[]`, `[0]`, `{*}` and ` (alternative N)` without a regex (labels of deep inline schemas are long).
  for (;;) {
    const s = label.slice(0, end);
    if (s.endsWith(']')) {
      const i = s.lastIndexOf('[');
      if (i > 0 && /^\d*$/.test(s.slice(i + 1, -1))) {
        end = i;
        continue;
      }
    }
    if (s.endsWith('{*}')) {
      end -= 3;
      continue;
    }
    if (s.endsWith(')')) {
      const i = s.lastIndexOf(' (alternative ');
      if (i > 0) {
        end = i;
        continue;
      }
    }
    break;
  }
  let s = label.slice(0, end);
  if (s.endsWith("'")) s = s.slice(0, -1);
  const cut = Math.max(s.lastIndexOf('.'), s.lastIndexOf("'"), s.lastIndexOf(' '));
  return s.slice(cut + 1) || label;
}

/** The location of a property of an object schema node, resolved when the property's schema is a `$ref`. */
export function propertyTarget(idx: SchemaIndex, p: Prop): Composed | undefined {
  return idx.view(p.node, p.loc);
}

/** A numeric identifier: an integer, or a string whose pattern only admits digits (or a `oneOf`/`anyOf` offering one). */
export function isNumericIdSchema(idx: SchemaIndex, node: unknown, loc: Loc): boolean {
  const c = idx.view(node, loc);
  if (!c) return false;
  if (isNumericId(c.view)) return true;
  return c.view.branches.some((b) => {
    const bc = idx.view(b.node, b.loc);
    return bc !== undefined && isNumericId(bc.view);
  });
}

/** A numeric identifier: an integer, or a string whose pattern only admits digits. */
export function isNumericId(v: View): boolean {
  if (v.types.has('integer')) return true;
  return v.types.has('string') && v.pattern !== undefined && /^\^?(\\d|\[0-9\])(\+|\*|\{[\d,]+\})\$?$/.test(v.pattern);
}

export type { SchemaRef };
