// Structural bounds checked before (and, for YAML aliases, right after) a document is parsed: nesting depth, number of
// values, duplicate keys, alias cycles. Every check is iterative and allocates little, so a hostile file is refused in
// time proportional to its size, before a parser or a recursive walker can exhaust the stack or the heap.

import type { Document, Node as YNode } from 'yaml';
import { yamlLib } from '../lazy.js';

export interface StructureLimits {
  /** Deepest nesting of objects and arrays (YAML: including what aliases expand to). */
  maxDepth: number;
  /** Most values (objects, arrays, scalars) in one file. */
  maxNodes: number;
}

export const DEFAULT_MAX_DEPTH = 512;
/** Values allowed per byte of the size limit: 64 MiB admits 4,194,304 values. */
export const BYTES_PER_NODE = 16;
/** The YAML parser needs several times the memory of `JSON.parse` per value: a YAML value counts as this many. */
export const YAML_NODE_WEIGHT = 4;

/** Operations a run may model (callbacks and webhooks included) at the default 64 MiB size limit; scales with it. */
export const DEFAULT_MAX_OPERATIONS = 100_000;

export function maxOperations(maxBytes: number): number {
  return Math.max(1000, Math.round((DEFAULT_MAX_OPERATIONS * maxBytes) / (64 * 1024 * 1024)));
}

export function defaultLimits(maxBytes: number): StructureLimits {
  return { maxDepth: DEFAULT_MAX_DEPTH, maxNodes: Math.max(1024, Math.floor(maxBytes / BYTES_PER_NODE)) };
}

/** Why a document is refused, and where (offset into the text). */
export interface Breach {
  offset: number;
  detail: string;
  /** The document is malformed (as opposed to over a limit). */
  invalid?: true;
}

const tooDeep = (l: StructureLimits) => `nesting deeper than ${l.maxDepth.toLocaleString('en-US')} levels`;
const tooMany = (l: StructureLimits) => `more than ${l.maxNodes.toLocaleString('en-US')} values (raise the limit with --max-file-size)`;

/**
 * One pass over JSON text: depth, value count and duplicate member names. Stops quietly at the first syntax problem
 * (`JSON.parse` reports those, with their position); returns the first breach otherwise.
 */
export function scanJson(t: string, limits: StructureLimits): Breach | undefined {
  const n = t.length;
  // Per open container: its member names (objects) or null (arrays).
  const stack: (Set<string> | null)[] = [];
  let nodes = 0;
  let i = 0;
  const ws = () => {
    for (;;) {
      const c = t.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else return;
    }
  };
  /** Index just past the string starting at `i` (a quote), or -1 when unterminated. */
  const stringEnd = (at: number): number => {
    let j = at + 1;
    for (;;) {
      const q = t.indexOf('"', j);
      if (q < 0) return -1;
      let bs = 0;
      for (let k = q - 1; t.charCodeAt(k) === 92; k--) bs++;
      if (bs % 2 === 0) return q + 1;
      j = q + 1;
    }
  };
  const count = (at: number): Breach | undefined => (++nodes > limits.maxNodes ? { offset: at, detail: tooMany(limits) } : undefined);

  // expect: 0 a value, 1 a member name or '}', 2 ',' or a closer
  let expect = 0;
  while (i < n) {
    ws();
    if (i >= n) break;
    const c = t.charCodeAt(i);
    if (expect === 0) {
      const b = count(i);
      if (b) return b;
      if (c === 123 /* { */ || c === 91 /* [ */) {
        if (stack.length >= limits.maxDepth) return { offset: i, detail: tooDeep(limits) };
        stack.push(c === 123 ? new Set() : null);
        i++;
        ws();
        if (t.charCodeAt(i) === (c === 123 ? 125 : 93)) {
          stack.pop();
          i++;
          expect = 2;
        } else expect = c === 123 ? 1 : 0;
        continue;
      }
      if (c === 34) {
        const e = stringEnd(i);
        if (e < 0) return undefined;
        i = e;
      } else {
        const start = i;
        while (i < n) {
          const d = t.charCodeAt(i);
          if (d === 44 || d === 125 || d === 93 || d === 32 || d === 10 || d === 13 || d === 9 || d === 58) break;
          i++;
        }
        if (i === start) return undefined;
      }
      expect = 2;
    } else if (expect === 1) {
      if (c !== 34) return undefined;
      const e = stringEnd(i);
      if (e < 0) return undefined;
      const raw = t.slice(i + 1, e - 1);
      let key = raw;
      if (raw.includes('\\')) {
        try {
          key = JSON.parse(t.slice(i, e)) as string;
        } catch {
          return undefined;
        }
      }
      const keys = stack[stack.length - 1]!;
      if (keys.has(key)) return { offset: i, detail: `duplicate key '${printable(key)}'`, invalid: true };
      keys.add(key);
      i = e;
      ws();
      if (t.charCodeAt(i) !== 58 /* : */) return undefined;
      i++;
      expect = 0;
    } else {
      if (!stack.length) return undefined;
      const top = stack[stack.length - 1];
      if (c === 44 /* , */) {
        i++;
        expect = top ? 1 : 0;
      } else if (c === (top ? 125 : 93)) {
        stack.pop();
        i++;
        expect = 2;
      } else return undefined;
    }
  }
  return undefined;
}

/** A key as it may appear in a one-line message. */
function printable(s: string): string {
  const short = s.length > 60 ? s.slice(0, 59) + '…' : s;
  // eslint-disable-next-line no-control-regex
  return short.replace(/[\u0000-\u001f\u007f-\u009f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A conservative pass over YAML text, before the parser builds its (memory-hungry) syntax tree: the nesting of flow
 * collections and an estimate of the number of values. Quoted scalars, comments and block scalars are skipped the way
 * YAML does; the estimate errs on the high side (each content line, sequence entry, flow collection and flow separator
 * counts), and each value weighs `YAML_NODE_WEIGHT`.
 */
export function scanYaml(t: string, limits: StructureLimits): Breach | undefined {
  const n = t.length;
  const budget = Math.floor(limits.maxNodes / YAML_NODE_WEIGHT);
  // Double-quoted scalars cost the parser ~40 bytes of memory per character: at most one eighth of the size limit.
  const dqBudget = limits.maxNodes * 2;
  let dq = 0;
  let quoteStart = 0;
  let nodes = 0;
  let flow = 0;
  let quote = 0; // 0 none, 34 ", 39 '
  let blockIndent = -1; // inside a block scalar: indentation of the line that opened it
  let i = 0;
  while (i < n) {
    // one line: [i, end)
    let end = t.indexOf('\n', i);
    if (end < 0) end = n;
    let j = i;
    while (j < end && (t.charCodeAt(j) === 32 || t.charCodeAt(j) === 9)) j++;
    const indent = j - i;
    const blank = j >= end || (j === end - 1 && t.charCodeAt(j) === 13);
    if (blockIndent >= 0) {
      if (blank || indent > blockIndent) {
        i = end + 1;
        continue;
      }
      blockIndent = -1;
    }
    if (!blank && quote === 0 && t.charCodeAt(j) !== 35 /* # */) {
      if (++nodes > budget) return { offset: j, detail: tooMany(limits) };
    }
    // Previous significant character on this line (for "is this the start of a scalar?").
    let prev = -1; // -1: line start
    let prevSpace = true;
    let lastSig = -1;
    for (let k = j; k < end; k++) {
      const c = t.charCodeAt(k);
      if (quote !== 0) {
        if (quote === 34) {
          if (++dq > dqBudget) return { offset: quoteStart, detail: `more than ${(dqBudget / 1024 / 1024).toLocaleString('en-US')} MiB of double-quoted text (raise the limit with --max-file-size)` };
          if (c === 92 /* \ */) {
            k++;
            continue;
          }
          if (c === 34) quote = 0;
        } else if (c === 39) {
          if (t.charCodeAt(k + 1) === 39) k++;
          else quote = 0;
        }
        if (quote === 0) {
          prev = c;
          prevSpace = false;
          lastSig = c;
        }
        continue;
      }
      if (c === 32 || c === 9 || c === 13) {
        prevSpace = true;
        continue;
      }
      if (c === 35 /* # */ && prevSpace) break; // comment
      // A scalar or collection starts after line start, `: `, `- `, `? `, or a flow indicator.
      const atStart =
        prev === -1 ||
        (prevSpace && (prev === 58 || prev === 45 || prev === 63)) ||
        prev === 91 ||
        prev === 123 ||
        prev === 44 ||
        (flow > 0 && prev === 58);
      if ((c === 34 || c === 39) && atStart) {
        quote = c;
        quoteStart = k;
      }
      else if ((c === 91 || c === 123) && (atStart || flow > 0)) {
        if (++flow > limits.maxDepth) return { offset: k, detail: tooDeep(limits) };
        if (++nodes > budget) return { offset: k, detail: tooMany(limits) };
      } else if ((c === 93 || c === 125) && flow > 0) flow--;
      else if (c === 44 && flow > 0) {
        if (++nodes > budget) return { offset: k, detail: tooMany(limits) };
      } else if (c === 45 && atStart && (k + 1 >= end || t.charCodeAt(k + 1) === 32)) {
        if (++nodes > budget) return { offset: k, detail: tooMany(limits) };
      }
      prev = c;
      prevSpace = false;
      lastSig = c;
    }
    // `key: |`, `- >-`, `|2+` at the end of a line in block context opens a block scalar.
    if (quote === 0 && flow === 0 && (lastSig === 124 || lastSig === 62 || lastSig === 45 || lastSig === 43 || (lastSig >= 48 && lastSig <= 57))) {
      const line = t.slice(j, end).replace(/\s+#.*$/, '').trimEnd();
      if (/(^|[\s])[|>][0-9+-]*$/.test(line)) blockIndent = indent;
    }
    i = end + 1;
  }
  return undefined;
}

/**
 * After parsing, before converting to plain values: duplicate keys (checked here in linear time; the parser's own check
 * is quadratic in the size of a mapping), aliases that point at one of their own ancestors (a cycle that would make
 * every walker loop forever) and the nesting depth once aliases are expanded. Iterative; each node is measured once.
 */
export function checkYamlDocument(doc: Document.Parsed, limits: StructureLimits): Breach | undefined {
  const root = doc.contents as YNode | null;
  if (!root) return undefined;
  const { isAlias, isMap, isPair, isScalar, isSeq } = yamlLib();
  const height = new Map<unknown, number>();
  const open = new Set<unknown>();
  // Frames: [node, children, next child index]
  const stack: [unknown, unknown[], number][] = [];
  const children = (node: unknown): unknown[] => {
    if (isMap(node)) return node.items.flatMap((p) => (isPair(p) ? [p.key, p.value] : []));
    if (isSeq(node)) return node.items;
    return [];
  };
  const offsetOf = (node: unknown) => (node as YNode | null)?.range?.[0] ?? 0;
  const enter = (node: unknown, via: unknown): Breach | undefined => {
    let target = node;
    if (isAlias(node)) {
      target = node.resolve(doc);
      if (target === undefined) return undefined;
      if (open.has(target)) return { offset: offsetOf(via ?? node), detail: `alias *${node.source} refers to a node that contains it (a cycle)` };
    }
    if (height.has(target) || isScalar(target) || target === null || target === undefined) return undefined;
    if (isMap(target)) {
      const seen = new Set<string>();
      for (const p of target.items) {
        if (!isPair(p) || !isScalar(p.key)) continue;
        const k = String(p.key.value);
        if (k === '<<' && p.key.source === '<<') continue; // merge keys
        if (seen.has(k)) return { offset: offsetOf(p.key), detail: `duplicate key '${printable(k)}'`, invalid: true };
        seen.add(k);
      }
    }
    open.add(target);
    stack.push([target, children(target), 0]);
    return undefined;
  };
  const first = enter(root, undefined);
  if (first) return first;
  while (stack.length) {
    const frame = stack[stack.length - 1]!;
    const [node, kids] = frame;
    if (frame[2] < kids.length) {
      const kid = kids[frame[2]++];
      const b = enter(kid, kid);
      if (b) return b;
      continue;
    }
    stack.pop();
    open.delete(node);
    let h = 0;
    for (const k of kids) {
      const target = isAlias(k) ? k.resolve(doc) : k;
      const kh = height.get(target) ?? 0;
      if (kh > h) h = kh;
    }
    h += 1;
    if (h > limits.maxDepth) return { offset: offsetOf(node), detail: tooDeep(limits) + ' (counting what aliases expand to)' };
    height.set(node, h);
  }
  return undefined;
}

/**
 * The pointer of the first container nested deeper than `maxDepth` in a parsed value (a tree: no aliases), or
 * undefined. Iterative. For documents whose parser counts nesting its own way (js-yaml counts some block constructs
 * twice): the limit applies to objects and arrays, whatever the syntax.
 */
export function deeperThan(value: unknown, maxDepth: number): string | undefined {
  const stack: [unknown, string, number][] = [[value, '', 0]];
  while (stack.length) {
    const [v, ptr, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth + 1 > maxDepth) return ptr;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${ptr}/${i}`, depth + 1]);
    } else {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) stack.push([(v as Record<string, unknown>)[keys[i]!], `${ptr}/${keys[i]!.replace(/~/g, '~0').replace(/\//g, '~1')}`, depth + 1]);
    }
  }
  return undefined;
}
