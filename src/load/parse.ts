import type { Document, Node as YNode, Pair, Tags, YAMLMap, YAMLSeq } from 'yaml';
import { constructFromEvents, getScalarValue, parseEvents, CORE_SCHEMA, YAMLException, type Event as YEvent, type ScalarEvent } from 'js-yaml';
import { InputError } from './errors.js';
import { checkYamlDocument, deeperThan, defaultLimits, scanJson, scanYaml, type Breach, type StructureLimits } from './limits.js';
import { DEFAULT_MAX_BYTES, type TextFile } from './text.js';
import { joinPointer, splitPointer } from '../model/pointer.js';
import { NODE_DOCUMENT, NODE_MAPPING, NODE_POP, NODE_SCALAR, NODE_SEQUENCE, parseYamlFast, type FlatNodes } from './yaml-fast.js';

import { yamlLib as Y } from '../lazy.js';

export interface Position {
  line: number;
  column: number;
}

/** A parsed input: one or more documents (multi-document YAML), and a way back from a JSON pointer to line and column. */
export interface ParsedFile extends TextFile {
  format: 'json' | 'yaml';
  docs: unknown[];
  /** Line and column (1-based) of the value at `pointer` — of its key when it is an object member. */
  locate(pointer: string, doc?: number): Position | undefined;
}

export interface ParseOptions {
  /** Most YAML aliases expanded per document (alias bombs). */
  maxAliases?: number;
  /** Deepest nesting and most values per file (default: from the default size limit). */
  limits?: StructureLimits;
}

export const DEFAULT_MAX_ALIASES = 10_000;

/** Parses JSON or YAML; the format is chosen from the content, not the file name. */
export function parseText(tf: TextFile, opts: ParseOptions = {}): ParsedFile {
  const limits = opts.limits ?? defaultLimits(DEFAULT_MAX_BYTES);
  const first = firstNonSpace(tf.text);
  if (first === '' && tf.text.trim() === '') throw new InputError(tf.file, 'empty file');
  if (first === '{' || first === '[') {
    const breach = scanJson(tf.text, limits);
    if (breach) throw breachError(tf, breach, 'JSON');
    try {
      const doc = JSON.parse(tf.text) as unknown;
      const loc = new JsonLocator(tf.text);
      return { ...tf, format: 'json', docs: [doc], locate: (p) => loc.locate(p) };
    } catch (e) {
      if (e instanceof RangeError) throw new InputError(tf.file, 'nesting too deep to parse');
      const err = () => {
        const off = jsonErrorOffset(tf.text);
        const pos = positionAt(tf.text, off);
        // Captured traffic carries secrets: its errors never quote content.
        const near = /\.(har|jsonl|ndjson|log)$/i.test(tf.file) ? undefined : tf.text.slice(off, off + 12).replace(/\s+/g, ' ');
        return new InputError(tf.file, off >= tf.text.length ? 'invalid JSON: unexpected end of input' : near === undefined ? 'invalid JSON: unexpected content' : `invalid JSON: unexpected '${near}'`, pos.line, pos.column);
      };
      // A document named .json is JSON; otherwise it may be YAML written in flow style.
      if (/\.(json|har)$/i.test(tf.file)) throw err();
      try {
        return parseYaml(tf, opts, limits);
      } catch {
        throw err();
      }
    }
  }
  return parseYaml(tf, opts, limits);
}

/** Offset of the first JSON syntax error (only called after JSON.parse failed). Iterative: any nesting depth. */
export function jsonErrorOffset(t: string): number {
  let i = 0;
  const n = t.length;
  const ws = () => {
    while (i < n && (t[i] === ' ' || t[i] === '\n' || t[i] === '\r' || t[i] === '\t')) i++;
  };
  const str = (): boolean => {
    if (t[i] !== '"') return false;
    i++;
    while (i < n) {
      const c = t.charCodeAt(i);
      if (c === 34) {
        i++;
        return true;
      }
      if (c < 32) return false;
      if (c === 92) {
        const e = t[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(t.slice(i + 2, i + 6))) return false;
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else return false;
      } else i++;
    }
    return false;
  };
  const scalar = (): boolean => {
    const m = /^(-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?|true|false|null)/.exec(t.slice(i, i + 400));
    if (!m) return false;
    i += m[0].length;
    return true;
  };
  const stack: string[] = [];
  // states: expect a value; after a value, expect ',' or the closer
  for (;;) {
    ws();
    // value
    if (t[i] === '{') {
      i++;
      ws();
      if (t[i] === '}') i++;
      else {
        stack.push('}');
        if (!str()) return i;
        ws();
        if (t[i] !== ':') return i;
        i++;
        continue;
      }
    } else if (t[i] === '[') {
      i++;
      ws();
      if (t[i] === ']') i++;
      else {
        stack.push(']');
        continue;
      }
    } else if (t[i] === '"') {
      if (!str()) return i;
    } else if (!scalar()) return i;
    // after a value
    for (;;) {
      ws();
      if (!stack.length) return i < n ? i : n;
      const close = stack[stack.length - 1]!;
      if (t[i] === close) {
        stack.pop();
        i++;
        continue;
      }
      if (t[i] !== ',') return i;
      i++;
      ws();
      if (close === '}') {
        if (!str()) return i;
        ws();
        if (t[i] !== ':') return i;
        i++;
      }
      break;
    }
  }
}

function firstNonSpace(s: string): string {
  for (let i = 0; i < s.length && i < 4096; i++) {
    const c = s[i]!;
    if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') return c;
  }
  return '';
}

/**
 * YAML: first the direct parser for the subset API descriptions use (yaml-fast.ts), then js-yaml's event parser (about
 * six times faster than \`yaml\` on large descriptions, and its events keep the offsets locations need). Documents that
 * use aliases or custom tags (CloudFormation \`!Ref\`…) go through \`yaml\`, which expands aliases with a bound, turns
 * CloudFormation tags into their opaque long forms and keeps other tags as plain values.
 */
function parseYaml(tf: TextFile, opts: ParseOptions, limits: StructureLimits): ParsedFile {
  // Before any parser builds anything: nesting of flow collections, number of values, double-quoted text.
  const breach = scanYaml(tf.text, limits);
  if (breach) throw breachError(tf, breach, 'YAML');
  const fast = parseYamlFast(tf.text, limits.maxDepth);
  if (fast) {
    const loc = new YamlNodeLocator(tf.text, fast.nodes);
    return { ...tf, format: 'yaml', docs: [fast.value], locate: (p, d) => loc.locate(p, d) };
  }
  let events: YEvent[];
  let docs: unknown[];
  try {
    // js-yaml counts some block constructs as two levels: it gets room, and the limit is checked on the values below.
    events = parseEvents(tf.text, { maxDepth: limits.maxDepth * 2 + 2 });
    docs = constructFromEvents(events, { source: tf.text, schema: CORE_SCHEMA, maxAliases: 0 });
  } catch (e) {
    if (e instanceof YAMLException) {
      const msg = e.message.split('\n')[0]!.replace(/\s*\(\d+:\d+\)\s*$/, '');
      if (/maxDepth/.test(msg)) {
        const mark = (e as YAMLException & { mark?: { line?: number; column?: number } }).mark;
        throw new InputError(tf.file, `nesting deeper than ${limits.maxDepth.toLocaleString('en-US')} levels`, mark?.line !== undefined ? mark.line + 1 : undefined, mark?.column !== undefined ? mark.column + 1 : undefined);
      }
      // Aliases, custom tags, duplicate keys, and constructs js-yaml is stricter about than \`yaml\` (e.g. flow
      // collections closed at the parent's indentation): the slower parser decides, and its error is the one reported.
      return parseYamlSlow(tf, opts, limits);
    }
    if (e instanceof RangeError) throw new InputError(tf.file, 'nesting too deep to parse');
    throw e;
  }
  const flat = flatFromEvents(tf.text, events);
  const loc = new YamlNodeLocator(tf.text, flat, flat.name);
  // Without aliases every collection event builds one object or array: when the events nest no deeper than the limit,
  // neither do the values, and the walk that would name the deepest one is not needed.
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < flat.types.length; i++) {
    const t = flat.types[i];
    if (t === NODE_MAPPING || t === NODE_SEQUENCE) deepest = Math.max(deepest, ++depth);
    else if (t === NODE_POP && depth > 0) depth--;
  }
  for (let i = 0; deepest > limits.maxDepth && i < docs.length; i++) {
    const deep = deeperThan(docs[i], limits.maxDepth);
    if (deep !== undefined) {
      const pos = loc.locate(deep, i);
      throw new InputError(tf.file, `nesting deeper than ${limits.maxDepth.toLocaleString('en-US')} levels`, pos?.line, pos?.column);
    }
  }
  return { ...tf, format: 'yaml', docs, locate: (p, d) => loc.locate(p, d) };
}

/** CloudFormation's short-form intrinsic functions (`!Ref`, `!Sub`, `!GetAtt`…). */
const CFN_FUNCTIONS = ['And', 'Base64', 'Cidr', 'Condition', 'Equals', 'FindInMap', 'GetAZs', 'GetAtt', 'If', 'ImportValue', 'Join', 'Length', 'Not', 'Or', 'Ref', 'Select', 'Split', 'Sub', 'ToJsonString', 'Transform'];

/**
 * The short forms become their JSON long forms (`!Ref X` → `{Ref: X}`, `!GetAtt A.B` → `{"Fn::GetAtt": [A, B]}`), so a
 * YAML template reads like its JSON twin. They stay opaque: nothing ever evaluates them.
 */
export const CLOUDFORMATION_TAGS: Tags = CFN_FUNCTIONS.flatMap((f) => {
  const key = f === 'Ref' || f === 'Condition' ? f : `Fn::${f}`;
  const tag = `!${f}`;
  return [
    { tag, resolve: (s: string) => ({ [key]: f === 'GetAtt' ? s.split('.') : s }) },
    { tag, collection: 'seq' as const, resolve: (seq: YAMLSeq.Parsed | YAMLMap.Parsed) => ({ [key]: seq.toJSON() }) },
    { tag, collection: 'map' as const, resolve: (map: YAMLSeq.Parsed | YAMLMap.Parsed) => ({ [key]: map.toJSON() }) },
  ];
});

/**
 * The \`yaml\` package, for aliases, custom tags and lenient syntax. Hostile documents choose this path on purpose (one
 * alias is enough), so everything it cannot bound itself is checked here: alias cycles, depth once aliases are
 * expanded, and duplicate keys (its own check is quadratic in the size of a mapping).
 */
export function parseYamlSlow(tf: TextFile, opts: ParseOptions, limits: StructureLimits = opts.limits ?? defaultLimits(DEFAULT_MAX_BYTES)): ParsedFile {
  const { LineCounter, parseAllDocuments } = Y();
  const lc = new LineCounter();
  let docs: Document.Parsed[];
  try {
    // logLevel silent: the parser never writes warnings of its own to stderr.
    docs = parseAllDocuments(tf.text, { lineCounter: lc, merge: true, uniqueKeys: false, prettyErrors: false, logLevel: 'silent', customTags: CLOUDFORMATION_TAGS }) as Document.Parsed[];
  } catch (e) {
    if (e instanceof RangeError) throw new InputError(tf.file, 'nesting too deep to parse');
    throw new InputError(tf.file, `invalid YAML: ${firstLine((e as Error).message)}`);
  }
  if (!Array.isArray(docs)) docs = [];
  const values: unknown[] = [];
  for (const d of docs) {
    const err = d.errors[0];
    if (err) {
      const pos = lc.linePos(err.pos[0]);
      // The parser reports its own stack exhaustion as a document error.
      const detail = /call stack/i.test(err.message) ? 'nesting too deep to parse' : `invalid YAML: ${firstLine(err.message)}`;
      throw new InputError(tf.file, detail, pos.line, pos.col);
    }
    const b = checkYamlDocument(d, limits);
    if (b) throw breachError(tf, b, 'YAML');
    try {
      values.push(d.toJS({ maxAliasCount: opts.maxAliases ?? DEFAULT_MAX_ALIASES }));
    } catch (e) {
      if (e instanceof RangeError) throw new InputError(tf.file, 'nesting too deep to parse');
      throw new InputError(tf.file, `invalid YAML: ${firstLine((e as Error).message)}`);
    }
  }
  // A stream of documents where some are empty (`---` at the end): keep positions aligned with document indexes.
  const locate = (pointer: string, doc = 0): Position | undefined => {
    const d = docs[doc];
    if (!d) return undefined;
    const off = yamlOffset(d, pointer);
    if (off === undefined) return undefined;
    const p = lc.linePos(off);
    return { line: p.line, column: p.col };
  };
  return { ...tf, format: 'yaml', docs: values, locate };
}

function breachError(tf: TextFile, b: Breach, format: string): InputError {
  const pos = positionAt(tf.text, b.offset);
  return new InputError(tf.file, b.invalid ? `invalid ${format}: ${b.detail}` : b.detail, pos.line, pos.column);
}

/** Line and column of one offset, without indexing every line (the text may be a hostile 64 MiB of newlines). */
export function positionAt(text: string, offset: number): Position {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return (i < 0 ? s : s.slice(0, i)).replace(/ at line \d+, column \d+:?$/, '').trim();
}

export { escapeSegment, joinPointer, splitPointer } from '../model/pointer.js';

/** Per YAML mapping, its pairs by key: a report may look up many locations in one large mapping. */
const pairIndex = new WeakMap<object, Map<string, Pair>>();

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  let idx = pairIndex.get(map);
  if (!idx) {
    idx = new Map();
    for (const it of map.items) {
      if (!Y().isPair(it)) continue;
      const k = keyString(it.key);
      if (k !== undefined && !idx.has(k)) idx.set(k, it);
    }
    pairIndex.set(map, idx);
  }
  return idx.get(key);
}

function yamlOffset(doc: Document.Parsed, pointer: string): number | undefined {
  const { isAlias, isMap, isSeq } = Y();
  let node: unknown = doc.contents;
  let best: number | undefined = (node as YNode | null)?.range?.[0];
  for (const seg of splitPointer(pointer)) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = pairOf(node, seg);
      if (!pair) return best;
      const k = pair.key as YNode | null;
      node = pair.value;
      const vr = (node as YNode | null)?.range;
      best = k?.range?.[0] ?? vr?.[0] ?? best;
    } else if (isSeq(node)) {
      const item = node.items[Number(seg)];
      if (item === undefined) return best;
      node = item;
      best = (item as YNode | null)?.range?.[0] ?? best;
    } else {
      return best;
    }
  }
  return best;
}

function keyString(k: unknown): string | undefined {
  if (Y().isScalar(k)) return String(k.value);
  return undefined;
}

// ---------------------------------------------------------------- JSON: offsets found by scanning, indexed per container on demand

export function lineStartsOf(text: string): number[] {
  const starts = [0];
  let i = -1;
  while ((i = text.indexOf('\n', i + 1)) !== -1) starts.push(i + 1);
  return starts;
}

export function lineCol(starts: number[], offset: number): Position {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

interface Slot {
  /** Offset of the value's first character. */
  value: number;
  /** Offset of the member's key, for object members. */
  key?: number;
  /** Members or elements by segment, once this container has been indexed. */
  children?: Map<string, Slot>;
}

export class JsonLocator {
  private starts?: number[];
  private readonly root: Slot;
  /** Offsets of every container's opening and closing bracket, in opening order (built on first need). */
  private brackets?: { open: number[]; close: number[] };

  constructor(private readonly text: string) {
    this.root = { value: this.skipWs(0) };
  }

  locate(pointer: string): Position | undefined {
    const off = this.offset(pointer);
    if (off === undefined) return undefined;
    this.starts ??= lineStartsOf(this.text);
    return lineCol(this.starts, off);
  }

  /** Offset of the key (members) or value (elements) at `pointer`, or of its nearest existing ancestor. O(depth). */
  offset(pointer: string): number | undefined {
    let slot = this.root;
    for (const seg of splitPointer(pointer)) {
      slot.children ??= this.index(slot.value);
      const next = slot.children.get(seg);
      if (!next) break;
      slot = next;
    }
    return slot.key ?? slot.value;
  }

  private index(at: number): Map<string, Slot> {
    const out = new Map<string, Slot>();
    const t = this.text;
    const c = t.charCodeAt(at);
    if (c === 123 /* { */) {
      let i = this.skipWs(at + 1);
      while (i < t.length && t.charCodeAt(i) !== 125 /* } */) {
        if (t.charCodeAt(i) !== 34) break; // malformed: stop
        const keyStart = i;
        const keyEnd = this.stringEnd(i);
        const raw = t.slice(i + 1, keyEnd);
        const key = raw.includes('\\') ? (JSON.parse(t.slice(i, keyEnd + 1)) as string) : raw;
        i = this.skipWs(keyEnd + 1);
        if (t.charCodeAt(i) !== 58 /* : */) break;
        i = this.skipWs(i + 1);
        if (!out.has(key)) out.set(key, { value: i, key: keyStart });
        i = this.skipWs(this.valueEnd(i));
        if (t.charCodeAt(i) === 44 /* , */) i = this.skipWs(i + 1);
      }
    } else if (c === 91 /* [ */) {
      let i = this.skipWs(at + 1);
      let n = 0;
      while (i < t.length && t.charCodeAt(i) !== 93 /* ] */) {
        out.set(String(n++), { value: i });
        i = this.skipWs(this.valueEnd(i));
        if (t.charCodeAt(i) === 44) i = this.skipWs(i + 1);
      }
    }
    return out;
  }

  private skipWs(i: number): number {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else return i;
    }
  }

  /** Index of the closing quote of the string starting at `i`. */
  private stringEnd(i: number): number {
    const t = this.text;
    let j = i + 1;
    for (;;) {
      const q = t.indexOf('"', j);
      if (q < 0) return t.length;
      let bs = 0;
      for (let k = q - 1; t.charCodeAt(k) === 92; k--) bs++;
      if (bs % 2 === 0) return q;
      j = q + 1;
    }
  }

  /** Index just past the value starting at `i`. */
  private valueEnd(i: number): number {
    const t = this.text;
    const c = t.charCodeAt(i);
    if (c === 34) return this.stringEnd(i) + 1;
    if (c === 123 || c === 91) return this.containerEnd(i);
    let j = i;
    while (j < t.length) {
      const d = t.charCodeAt(j);
      if (d === 44 || d === 125 || d === 93 || d === 32 || d === 10 || d === 13 || d === 9) break;
      j++;
    }
    return j;
  }

  /** Index just past the container opening at `i`: one scan of the whole text the first time, a lookup after. */
  private containerEnd(i: number): number {
    if (!this.brackets) {
      const t = this.text;
      const open: number[] = [];
      const close: number[] = [];
      const stack: number[] = [];
      for (let j = 0; j < t.length; j++) {
        const d = t.charCodeAt(j);
        if (d === 34) j = this.stringEnd(j);
        else if (d === 123 || d === 91) {
          stack.push(open.length);
          open.push(j);
          close.push(t.length);
        } else if ((d === 125 || d === 93) && stack.length) close[stack.pop()!] = j + 1;
      }
      this.brackets = { open, close };
    }
    const { open, close } = this.brackets;
    let lo = 0;
    let hi = open.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (open[mid]! < i) lo = mid + 1;
      else if (open[mid]! > i) hi = mid - 1;
      else return close[mid]!;
    }
    return this.text.length;
  }
}

// ---------------------------------------------------------------- YAML: offsets from a flat list of nodes

/** js-yaml's events as flat nodes: the same types, and the offset a location points at. */
function flatFromEvents(text: string, events: YEvent[]): FlatNodes & { name: (i: number) => string } {
  const types = new Array<number>(events.length);
  const offsets = new Array<number>(events.length);
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    types[i] = e.type;
    let off = -1;
    if (e.type === NODE_SCALAR) off = e.valueStart - (e.style === 2 || e.style === 3 ? 1 : 0);
    else if (e.type === NODE_MAPPING || e.type === NODE_SEQUENCE) off = e.start;
    offsets[i] = off;
  }
  return { types, offsets, names: [], name: (i) => getScalarValue(text, events[i] as ScalarEvent) };
}

interface NodeSlot {
  /** Node index of the value. */
  value: number;
  /** Node index of the key, for mapping members. */
  key?: number;
  children?: Map<string, NodeSlot>;
}

/** Line and column from a JSON pointer, over the flat nodes of either YAML parser. */
export class YamlNodeLocator {
  private starts?: number[];
  private readonly roots: NodeSlot[] = [];
  /** For each node that opens a collection, the index just past its closing pop (built on first need). */
  private ends?: Int32Array;
  private readonly types: number[];
  private readonly offsets: number[];

  constructor(
    private readonly text: string,
    nodes: FlatNodes,
    /** A key's text, when `nodes.names` does not have it. */
    private readonly name: (i: number) => string | undefined = (i) => nodes.names[i],
  ) {
    this.types = nodes.types;
    this.offsets = nodes.offsets;
    for (let i = 0; i < this.types.length; i++) if (this.types[i] === NODE_DOCUMENT) this.roots.push({ value: i + 1 });
  }

  /** O(depth) per lookup: each collection on the way is indexed once, by a tree of slots. */
  locate(pointer: string, doc = 0): Position | undefined {
    const root = this.roots[doc];
    if (root === undefined || root.value >= this.types.length || this.types[root.value] === NODE_POP) return undefined;
    let slot = root;
    for (const seg of splitPointer(pointer)) {
      slot.children ??= this.index(slot.value);
      const next = slot.children.get(seg);
      if (!next) break;
      slot = next;
    }
    const i = slot.key ?? slot.value;
    const t = this.types[i];
    if (t !== NODE_SCALAR && t !== NODE_MAPPING && t !== NODE_SEQUENCE) return undefined;
    this.starts ??= lineStartsOf(this.text);
    return lineCol(this.starts, this.offsets[i]!);
  }

  /** Index just past the node starting at `i`: one pass over all nodes the first time, a lookup after. */
  private skip(i: number): number {
    const t = this.types[i];
    if (t !== NODE_MAPPING && t !== NODE_SEQUENCE) return i + 1;
    if (!this.ends) {
      const n = this.types.length;
      const ends = new Int32Array(n).fill(n);
      const open: number[] = [];
      for (let j = 0; j < n; j++) {
        const u = this.types[j];
        if (u === NODE_MAPPING || u === NODE_SEQUENCE) open.push(j);
        else if (u === NODE_POP && open.length) ends[open.pop()!] = j + 1;
      }
      this.ends = ends;
    }
    return this.ends[i]!;
  }

  private index(at: number): Map<string, NodeSlot> {
    const out = new Map<string, NodeSlot>();
    const types = this.types;
    const t = types[at];
    if (t === NODE_MAPPING) {
      let i = at + 1;
      while (i < types.length && types[i] !== NODE_POP) {
        const v = this.skip(i);
        if (types[i] === NODE_SCALAR) {
          const name = this.name(i) ?? '';
          if (!out.has(name)) out.set(name, { value: v, key: i });
        }
        i = this.skip(v);
      }
    } else if (t === NODE_SEQUENCE) {
      let i = at + 1;
      let n = 0;
      while (i < types.length && types[i] !== NODE_POP) {
        out.set(String(n++), { value: i });
        i = this.skip(i);
      }
    }
    return out;
  }
}
