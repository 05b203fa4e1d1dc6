import { createRequire } from 'node:module';
import type { Document, Node as YNode, Tags, YAMLMap, YAMLSeq } from 'yaml';
import { constructFromEvents, getScalarValue, parseEvents, CORE_SCHEMA, YAMLException, type Event as YEvent, type ScalarEvent } from 'js-yaml';
import { InputError } from './errors.js';
import type { TextFile } from './text.js';

// `yaml` is needed only for documents js-yaml's fast path does not take (aliases, custom tags, lenient syntax); loading it
// costs about 100 ms of start-up, so it is loaded on first use.
const require = createRequire(import.meta.url);
let yamlModule: typeof import('yaml') | undefined;
const Y = (): typeof import('yaml') => (yamlModule ??= require('yaml') as typeof import('yaml'));

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
}

export const DEFAULT_MAX_ALIASES = 10_000;
/** Deepest YAML nesting accepted (real descriptions stay far below; deeper input is refused, not recursed into). */
export const MAX_YAML_DEPTH = 500;

/** Parses JSON or YAML; the format is chosen from the content, not the file name. */
export function parseText(tf: TextFile, opts: ParseOptions = {}): ParsedFile {
  const first = firstNonSpace(tf.text);
  if (first === '{' || first === '[') {
    try {
      const doc = JSON.parse(tf.text) as unknown;
      const loc = new JsonLocator(tf.text);
      return { ...tf, format: 'json', docs: [doc], locate: (p) => loc.locate(p) };
    } catch (e) {
      if (e instanceof RangeError) throw new InputError(tf.file, 'nesting too deep to parse');
      const err = () => {
        const off = jsonErrorOffset(tf.text);
        const pos = lineCol(lineStartsOf(tf.text), off);
        // Captured traffic carries secrets: its errors never quote content.
        const near = /\.(har|jsonl|ndjson|log)$/i.test(tf.file) ? undefined : tf.text.slice(off, off + 12).replace(/\s+/g, ' ');
        return new InputError(tf.file, off >= tf.text.length ? 'invalid JSON: unexpected end of input' : near === undefined ? 'invalid JSON: unexpected content' : `invalid JSON: unexpected '${near}'`, pos.line, pos.column);
      };
      // A document named .json is JSON; otherwise it may be YAML written in flow style.
      if (/\.(json|har)$/i.test(tf.file)) throw err();
      try {
        return parseYaml(tf, opts);
      } catch {
        throw err();
      }
    }
  }
  return parseYaml(tf, opts);
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
 * YAML: js-yaml's event parser first (about six times faster than \`yaml\` on large descriptions, and its events keep the
 * offsets locations need). Documents that use aliases or custom tags (CloudFormation \`!Ref\`…) go through \`yaml\`, which
 * expands aliases with a bound, turns CloudFormation tags into their opaque long forms and keeps other tags as plain values.
 */
function parseYaml(tf: TextFile, opts: ParseOptions): ParsedFile {
  let events: YEvent[];
  let docs: unknown[];
  try {
    events = parseEvents(tf.text, { maxDepth: MAX_YAML_DEPTH });
    docs = constructFromEvents(events, { source: tf.text, schema: CORE_SCHEMA, maxAliases: 0 });
  } catch (e) {
    if (e instanceof YAMLException) {
      const msg = e.message.split('\n')[0]!.replace(/\s*\(\d+:\d+\)\s*$/, '');
      if (/maxDepth/.test(msg)) throw new InputError(tf.file, `nesting deeper than ${MAX_YAML_DEPTH} levels`);
      // Aliases, custom tags, and constructs js-yaml is stricter about than \`yaml\` (e.g. flow collections closed at
      // the parent's indentation): the slower parser decides, and its error is the one reported.
      return parseYamlSlow(tf, opts);
    }
    if (e instanceof RangeError) throw new InputError(tf.file, 'nesting too deep to parse');
    throw e;
  }
  const loc = new YamlEventLocator(tf.text, events);
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

export function parseYamlSlow(tf: TextFile, opts: ParseOptions): ParsedFile {
  const { LineCounter, parseAllDocuments } = Y();
  const lc = new LineCounter();
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(tf.text, { lineCounter: lc, merge: true, uniqueKeys: true, prettyErrors: false, customTags: CLOUDFORMATION_TAGS }) as Document.Parsed[];
  } catch (e) {
    if (e instanceof RangeError) throw new InputError(tf.file, 'nesting too deep to parse');
    throw new InputError(tf.file, `invalid YAML: ${(e as Error).message}`);
  }
  if (!Array.isArray(docs)) docs = [];
  const values: unknown[] = [];
  for (const d of docs) {
    const err = d.errors[0];
    if (err) {
      const pos = lc.linePos(err.pos[0]);
      throw new InputError(tf.file, `invalid YAML: ${firstLine(err.message)}`, pos.line, pos.col);
    }
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

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return (i < 0 ? s : s.slice(0, i)).replace(/ at line \d+, column \d+:?$/, '').trim();
}

export function splitPointer(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function escapeSegment(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function joinPointer(base: string, ...segs: (string | number)[]): string {
  let p = base;
  for (const s of segs) p += '/' + escapeSegment(String(s));
  return p;
}

function yamlOffset(doc: Document.Parsed, pointer: string): number | undefined {
  const { isAlias, isMap, isSeq, isPair } = Y();
  let node: unknown = doc.contents;
  let best: number | undefined = (node as YNode | null)?.range?.[0];
  for (const seg of splitPointer(pointer)) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((it) => isPair(it) && keyString(it.key) === seg);
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
}

export class JsonLocator {
  private starts?: number[];
  private readonly slots = new Map<string, Slot>();
  private readonly indexed = new Set<string>();

  constructor(private readonly text: string) {
    this.slots.set('', { value: this.skipWs(0) });
  }

  locate(pointer: string): Position | undefined {
    const off = this.offset(pointer);
    if (off === undefined) return undefined;
    this.starts ??= lineStartsOf(this.text);
    return lineCol(this.starts, off);
  }

  /** Offset of the key (members) or value (elements) at `pointer`, or of its nearest existing ancestor. */
  offset(pointer: string): number | undefined {
    const segs = splitPointer(pointer);
    let cur = '';
    let slot = this.slots.get('')!;
    for (const seg of segs) {
      const next = joinPointer(cur, seg);
      let s = this.slots.get(next);
      if (!s && !this.indexed.has(cur)) {
        this.index(cur, slot.value);
        s = this.slots.get(next);
      }
      if (!s) return slot.key ?? slot.value;
      cur = next;
      slot = s;
    }
    return slot.key ?? slot.value;
  }

  private index(ptr: string, at: number): void {
    this.indexed.add(ptr);
    const t = this.text;
    const c = t.charCodeAt(at);
    if (c === 123 /* { */) {
      let i = this.skipWs(at + 1);
      while (i < t.length && t.charCodeAt(i) !== 125 /* } */) {
        if (t.charCodeAt(i) !== 34) return; // malformed: stop
        const keyStart = i;
        const keyEnd = this.stringEnd(i);
        const raw = t.slice(i + 1, keyEnd);
        const key = raw.includes('\\') ? (JSON.parse(t.slice(i, keyEnd + 1)) as string) : raw;
        i = this.skipWs(keyEnd + 1);
        if (t.charCodeAt(i) !== 58 /* : */) return;
        i = this.skipWs(i + 1);
        const child = joinPointer(ptr, key);
        this.slots.set(child, { value: i, key: keyStart });
        i = this.skipWs(this.valueEnd(i));
        if (t.charCodeAt(i) === 44 /* , */) i = this.skipWs(i + 1);
      }
    } else if (c === 91 /* [ */) {
      let i = this.skipWs(at + 1);
      let n = 0;
      while (i < t.length && t.charCodeAt(i) !== 93 /* ] */) {
        this.slots.set(joinPointer(ptr, n++), { value: i });
        i = this.skipWs(this.valueEnd(i));
        if (t.charCodeAt(i) === 44) i = this.skipWs(i + 1);
      }
    }
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

  /**
   * Where each object and array opens and closes, found in one pass over the text the first time a container is
   * skipped: skipping is then a binary search, so locating many findings never rescans nested containers.
   */
  private brackets?: { opens: Int32Array; closes: Int32Array };

  private closeOf(i: number): number {
    if (!this.brackets) {
      const t = this.text;
      const opens: number[] = [];
      const closes: number[] = [];
      const stack: number[] = [];
      for (let j = 0; j < t.length; j++) {
        const d = t.charCodeAt(j);
        if (d === 34) j = this.stringEnd(j);
        else if (d === 123 || d === 91) {
          stack.push(opens.length);
          opens.push(j);
          closes.push(t.length - 1);
        } else if (d === 125 || d === 93) {
          const k = stack.pop();
          if (k !== undefined) closes[k] = j;
        }
      }
      this.brackets = { opens: Int32Array.from(opens), closes: Int32Array.from(closes) };
    }
    const { opens, closes } = this.brackets;
    let lo = 0;
    let hi = opens.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const o = opens[mid]!;
      if (o === i) return closes[mid]!;
      if (o < i) lo = mid + 1;
      else hi = mid - 1;
    }
    return this.text.length - 1;
  }

  /** Index just past the value starting at `i`. */
  private valueEnd(i: number): number {
    const t = this.text;
    const c = t.charCodeAt(i);
    if (c === 34) return this.stringEnd(i) + 1;
    if (c === 123 || c === 91) return Math.min(this.closeOf(i) + 1, t.length);
    let j = i;
    while (j < t.length) {
      const d = t.charCodeAt(j);
      if (d === 44 || d === 125 || d === 93 || d === 32 || d === 10 || d === 13 || d === 9) break;
      j++;
    }
    return j;
  }
}

// ---------------------------------------------------------------- YAML: offsets from js-yaml's flat event stream

const EV_DOCUMENT = 1;
const EV_SEQUENCE = 2;
const EV_MAPPING = 3;
const EV_SCALAR = 4;
const EV_POP = 6;

export class YamlEventLocator {
  private starts?: number[];
  private readonly roots: number[] = [];
  /** pointer (per document) → event index of the value, and of its key for members */
  private readonly slots = new Map<string, { value: number; key?: number }>();
  private readonly indexed = new Set<string>();

  constructor(
    private readonly text: string,
    private readonly events: YEvent[],
  ) {
    for (let i = 0; i < events.length; i++) if (events[i]!.type === EV_DOCUMENT) this.roots.push(i + 1);
  }

  locate(pointer: string, doc = 0): Position | undefined {
    const root = this.roots[doc];
    if (root === undefined || root >= this.events.length || this.events[root]!.type === EV_POP) return undefined;
    const prefix = `${doc}#`;
    if (!this.slots.has(prefix)) this.slots.set(prefix, { value: root });
    let cur = prefix;
    let slot = this.slots.get(prefix)!;
    for (const seg of splitPointer(pointer)) {
      const next = joinPointer(cur, seg);
      let s = this.slots.get(next);
      if (!s && !this.indexed.has(cur)) {
        this.index(cur, slot.value);
        s = this.slots.get(next);
      }
      if (!s) break;
      cur = next;
      slot = s;
    }
    const off = this.offsetOf(slot.key ?? slot.value);
    if (off === undefined) return undefined;
    this.starts ??= lineStartsOf(this.text);
    return lineCol(this.starts, off);
  }

  private offsetOf(i: number): number | undefined {
    const e = this.events[i];
    if (!e) return undefined;
    if (e.type === EV_SCALAR) {
      const q = e.style === 2 || e.style === 3 ? 1 : 0;
      return e.valueStart - q;
    }
    if (e.type === EV_MAPPING || e.type === EV_SEQUENCE) return e.start;
    if ('anchorStart' in e && e.anchorStart >= 0) return e.anchorStart;
    return undefined;
  }

  /** Index just past the node starting at event `i`. */
  private skip(i: number): number {
    const t = this.events[i]!.type;
    if (t !== EV_MAPPING && t !== EV_SEQUENCE) return i + 1;
    let depth = 0;
    for (let j = i; j < this.events.length; j++) {
      const u = this.events[j]!.type;
      if (u === EV_MAPPING || u === EV_SEQUENCE) depth++;
      else if (u === EV_POP && --depth === 0) return j + 1;
    }
    return this.events.length;
  }

  private index(ptr: string, at: number): void {
    this.indexed.add(ptr);
    const e = this.events[at]!;
    if (e.type === EV_MAPPING) {
      let i = at + 1;
      while (i < this.events.length && this.events[i]!.type !== EV_POP) {
        const k = this.events[i]!;
        const v = this.skip(i);
        if (k.type === EV_SCALAR) this.slots.set(joinPointer(ptr, getScalarValue(this.text, k as ScalarEvent)), { value: v, key: i });
        i = this.skip(v);
      }
    } else if (e.type === EV_SEQUENCE) {
      let i = at + 1;
      let n = 0;
      while (i < this.events.length && this.events[i]!.type !== EV_POP) {
        this.slots.set(joinPointer(ptr, n++), { value: i });
        i = this.skip(i);
      }
    }
  }
}
