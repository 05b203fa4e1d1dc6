import { CORE_SCHEMA, getScalarValue, type ScalarEvent } from 'js-yaml';

/**
 * A direct parser for the YAML that API descriptions are written in: one document of block mappings and sequences,
 * plain, quoted and block scalars, and one-line flow collections. It builds values and a flat list of nodes (the shape
 * of js-yaml's event stream: type and offset per node, in document order) in one pass, with no syntax tree and no
 * event objects; on Plaid's 3 MB description that is several times less work than js-yaml's events.
 *
 * Anything outside that subset — anchors and aliases, tags, explicit keys, several documents, tabs or carriage returns
 * where they could change the structure, multi-line quoted or flow text, duplicate
 * or merge keys, nesting past the limit — is not guessed at: the parser gives up (returns undefined) and the caller
 * goes on with js-yaml, which decides, reports errors and enforces limits as before. Scalars are decoded and resolved
 * by js-yaml's own functions (getScalarValue, the core schema's implicit types), so a value reads the same whichever
 * parser built it; a differential test holds the two to the same values and locations on every YAML input we have.
 */

export const NODE_DOCUMENT = 1;
export const NODE_SEQUENCE = 2;
export const NODE_MAPPING = 3;
export const NODE_SCALAR = 4;
export const NODE_POP = 6;

/** Nodes in document order: collections are followed by their members and closed by a pop; a mapping member is its key's scalar, then its value. */
export interface FlatNodes {
  types: number[];
  /** Where each node's location points: a scalar's first character (a quoted scalar's quote), a collection's start; -1 for none. */
  offsets: number[];
  /** A mapping key's source text (undefined for other nodes). */
  names: (string | undefined)[];
}

export interface FastYaml {
  value: unknown;
  nodes: FlatNodes;
}

const SP = 32;
const NL = 10;
const TAB = 9;
const CR = 13;
const HASH = 35;
const COLON = 58;
const DASH = 45;
const DQUOTE = 34;
const SQUOTE = 39;
const BACKSLASH = 92;

/** YAML's indicator characters: a plain scalar cannot start with one (`-`, `?`, `:` may when a non-space follows). */
const INDICATOR = new Uint8Array(128);
for (const c of '-?:,[]{}#&*!|>\'"%@`') INDICATOR[c.charCodeAt(0)] = 1;

/** Escapes of one character in double-quoted text (YAML 1.2, as js-yaml reads them). */
const SIMPLE_ESCAPE = new Uint8Array(128);
for (const c of '0abt\tnvfre "/\\N_LP') SIMPLE_ESCAPE[c.charCodeAt(0)] = 1;
const HEX = /^[0-9A-Fa-f]$/;

/** First characters for which the core schema may resolve a plain scalar to something other than a string. */
const schema = CORE_SCHEMA as unknown as {
  resolveImplicitScalarTag(source: string): { value: unknown };
  implicitScalarByFirstChar: Map<string, unknown[]>;
  implicitScalarAnyFirstChar: unknown[];
};
const MAY_RESOLVE = new Uint8Array(128);
let resolveAlways = schema.implicitScalarAnyFirstChar.length > 0;
for (const k of schema.implicitScalarByFirstChar.keys()) {
  if (k === '') continue;
  if (k.length !== 1 || k.charCodeAt(0) >= 128) resolveAlways = true;
  else MAY_RESOLVE[k.charCodeAt(0)] = 1;
}

function resolvePlain(raw: string): unknown {
  const c = raw.charCodeAt(0);
  if (!resolveAlways && c < 128 && MAY_RESOLVE[c] === 0) return raw; // also false for '' (NaN)
  return schema.resolveImplicitScalarTag(raw).value;
}

/**
 * Characters YAML does not allow in a stream (js-yaml refuses them): the text goes to js-yaml for the error. The
 * character class alone is a quick first look (twice as fast on large texts); only a text where it matches (any
 * surrogate, paired or not) is checked for unpaired ones.
 */
const MAYBE_NON_PRINTABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uD800-\uDFFF\uFFFE\uFFFF]/;
const NON_PRINTABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;

class GiveUp {}
const GIVE_UP = new GiveUp();
function giveUp(): never {
  throw GIVE_UP;
}

/** Where a node sits: its own line, after `key: `, or after `- `. */
const LINE = 0;
const VALUE = 1;
const ITEM = 2;

class Parser {
  private p = 0;
  /** Start of the line `p` is on. */
  private ls = 0;
  private depth = 0;
  readonly types: number[] = [];
  readonly offsets: number[] = [];
  readonly names: (string | undefined)[] = [];

  constructor(
    private readonly t: string,
    private readonly maxDepth: number,
  ) {}

  document(): unknown {
    const t = this.t;
    const n = t.length;
    // A byte-order mark anywhere: js-yaml reads one at a line start as the start of a marker or directive.
    if (n === 0 || t.indexOf('\ufeff') >= 0 || t.indexOf('\r') >= 0 || (MAYBE_NON_PRINTABLE.test(t) && NON_PRINTABLE.test(t))) giveUp();
    this.next();
    if (this.p >= n) giveUp();
    const c = t.charCodeAt(this.p);
    if (c === 37 /* % */) giveUp();
    let body = 0;
    if (this.marker(this.p)) {
      // `---` opening the document, at the first column; js-yaml reads one on an indented first line too.
      if (this.p !== this.ls || c !== DASH) giveUp();
      this.p += 3;
      body = this.p;
      this.restOfLine();
      if (this.p >= n) giveUp();
    }
    // Any other `---` or `...` at the start of a line ends the document (or starts another): js-yaml decides.
    if (this.markerLineFrom(body)) giveUp();
    this.push(NODE_DOCUMENT, -1);
    const value = this.node(-1, LINE);
    // Anything after the root: another document, an end marker, or an error for js-yaml to name.
    if (this.p < n) giveUp();
    this.push(NODE_POP, -1);
    return value;
  }

  private push(type: number, offset: number, name?: string): void {
    this.types.push(type);
    this.offsets.push(offset);
    this.names.push(name);
  }

  /** `---` or `...` followed by a space, a line break or the end, at `i`. */
  private marker(i: number): boolean {
    const t = this.t;
    return (t.startsWith('---', i) || t.startsWith('...', i)) && (i + 3 >= t.length || t.charCodeAt(i + 3) === SP || t.charCodeAt(i + 3) === NL || t.charCodeAt(i + 3) === TAB);
  }

  /** Is there a line from `from` on that starts with a document marker? */
  private markerLineFrom(from: number): boolean {
    const t = this.t;
    for (const m of ['\n---', '\n...']) {
      for (let i = t.indexOf(m, from); i >= 0; i = t.indexOf(m, i + 4)) if (this.marker(i + 1)) return true;
    }
    return false;
  }

  /** Takes back the last node pushed. */
  private unpush(): void {
    this.types.pop();
    this.offsets.pop();
    this.names.pop();
  }

  private open(type: number, offset: number): void {
    if (++this.depth > this.maxDepth) giveUp();
    this.push(type, offset);
  }

  private close(): void {
    this.depth--;
    this.push(NODE_POP, -1);
  }

  /** Is the character at `i` the end of the text, a space or a line break? Tabs and carriage returns give up. */
  private sep(i: number): boolean {
    if (i >= this.t.length) return true;
    const c = this.t.charCodeAt(i);
    if (c === TAB || c === CR) giveUp();
    return c === SP || c === NL;
  }

  /** From a line start: to the first content character of the next line that has one (or the end). */
  private next(): void {
    const t = this.t;
    const n = t.length;
    let p = this.p;
    for (;;) {
      const ls = p;
      while (p < n && t.charCodeAt(p) === SP) p++;
      if (p >= n) {
        this.p = n;
        this.ls = ls;
        return;
      }
      const c = t.charCodeAt(p);
      if (c === NL) {
        p++;
        continue;
      }
      if (c === HASH) {
        const e = t.indexOf('\n', p);
        if (e < 0) {
          this.p = n;
          this.ls = ls;
          return;
        }
        p = e + 1;
        continue;
      }
      if (c === TAB || c === CR) giveUp();
      this.p = p;
      this.ls = ls;
      return;
    }
  }

  /** After a node's last character: spaces, perhaps a comment, the line break; then on to the next content. */
  private restOfLine(): void {
    const t = this.t;
    const n = t.length;
    let p = this.p;
    while (p < n && t.charCodeAt(p) === SP) p++;
    if (p < n) {
      let c = t.charCodeAt(p);
      if (c === HASH) {
        if (t.charCodeAt(p - 1) !== SP) giveUp(); // a comment needs a space before it
        const e = t.indexOf('\n', p);
        p = e < 0 ? n : e;
        c = p < n ? NL : 0;
      }
      if (p < n) {
        if (c !== NL) giveUp();
        p++;
      }
    }
    this.p = p;
    this.next();
  }

  private spaces(): void {
    const t = this.t;
    while (this.p < t.length) {
      const c = t.charCodeAt(this.p);
      if (c === SP) this.p++;
      else if (c === TAB || c === CR) giveUp();
      else return;
    }
  }

  /** A block node starting at `p`; `ind` is the indentation of the collection it belongs to. Ends at the next content. */
  private node(ind: number, where: number): unknown {
    const t = this.t;
    const p = this.p;
    const c = t.charCodeAt(p);
    const col = p - this.ls;
    if (c === DASH && this.sep(p + 1)) {
      if (where === VALUE) giveUp();
      return this.sequence(col);
    }
    if (c === 91 /* [ */ || c === 123 /* { */) {
      const v = this.flow();
      this.restOfLine(); // a flow collection used as a key gives up here
      return v;
    }
    // At the root, js-yaml bounds a block scalar by its header line's indentation: left to it.
    if (c === 124 /* | */ || c === 62 /* > */) return ind < 0 ? giveUp() : this.blockScalar(ind);
    if (c === DQUOTE || c === SQUOTE) {
      const v = this.quoted();
      if (t.charCodeAt(this.p) === COLON && this.sep(this.p + 1)) {
        if (where === VALUE) giveUp();
        this.p = p;
        this.unpush();
        return this.mapping(col);
      }
      this.restOfLine();
      return v;
    }
    if (c < 128 && INDICATOR[c] === 1 && !((c === DASH || c === 63 || c === COLON) && !this.sep(p + 1))) giveUp();
    // After `key: `, a second `: ` on the line is an error: plain() gives up there.
    if (where !== VALUE && this.keyColon(p) >= 0) return this.mapping(col);
    return this.plain(ind);
  }

  /** The `:` that ends a plain key on this line, or -1 (a line break or a comment comes first). */
  private keyColon(from: number): number {
    const t = this.t;
    const n = t.length;
    for (let i = from; i < n; i++) {
      const c = t.charCodeAt(i);
      if (c === NL) return -1;
      if (c === COLON && this.sep(i + 1)) return i;
      if (c === HASH && t.charCodeAt(i - 1) === SP) return -1;
    }
    return -1;
  }

  private mapping(m: number): Record<string, unknown> {
    const t = this.t;
    const n = t.length;
    const obj: Record<string, unknown> = {};
    this.open(NODE_MAPPING, this.p);
    for (;;) {
      const start = this.p;
      const c = t.charCodeAt(start);
      let raw: string;
      let key: string;
      if (c === DQUOTE || c === SQUOTE) {
        raw = key = this.quotedKey();
        if (t.charCodeAt(this.p) !== COLON || !this.sep(this.p + 1)) giveUp();
        this.p++;
      } else {
        if (c < 128 && INDICATOR[c] === 1 && !((c === DASH || c === 63 || c === COLON) && !this.sep(start + 1))) giveUp();
        const colon = this.keyColon(start);
        if (colon < 0) giveUp();
        let e = colon;
        while (e > start && t.charCodeAt(e - 1) === SP) e--;
        raw = t.slice(start, e);
        // js-yaml's limit on implicit keys; tabs inside keys.
        if (raw.length > 1024 || raw.indexOf('\t') >= 0) giveUp();
        key = String(resolvePlain(raw));
        this.push(NODE_SCALAR, start, raw);
        this.p = colon + 1;
      }
      checkKey(obj, raw, key);
      this.spaces();
      let v: unknown;
      const c2 = this.p < n ? t.charCodeAt(this.p) : NL;
      if (c2 === NL || c2 === HASH) {
        this.restOfLine();
        const col = this.p - this.ls;
        if (this.p < n && col > m) v = this.node(m, LINE);
        else if (this.p < n && col === m && t.charCodeAt(this.p) === DASH && this.sep(this.p + 1)) v = this.sequence(m);
        else {
          v = null;
          this.push(NODE_SCALAR, -1);
        }
      } else v = this.node(m, VALUE);
      setMember(obj, key, v);
      if (this.p >= n) break;
      const col = this.p - this.ls;
      if (col < m) break;
      if (col > m) giveUp();
    }
    this.close();
    return obj;
  }

  private sequence(s: number): unknown[] {
    const t = this.t;
    const n = t.length;
    const arr: unknown[] = [];
    this.open(NODE_SEQUENCE, this.p);
    for (;;) {
      this.p++; // the dash
      this.spaces();
      const c = this.p < n ? t.charCodeAt(this.p) : NL;
      if (c === NL || c === HASH) {
        if (c === HASH && t.charCodeAt(this.p - 1) !== SP) giveUp();
        this.restOfLine();
        if (this.p < n && this.p - this.ls > s) arr.push(this.node(s, LINE));
        else {
          arr.push(null);
          this.push(NODE_SCALAR, -1);
        }
      } else arr.push(this.node(s, ITEM));
      if (this.p >= n) break;
      const col = this.p - this.ls;
      if (col < s) break;
      if (col > s) giveUp();
      // Same column, not an entry: the key of the mapping this sequence is a value in.
      if (t.charCodeAt(this.p) !== DASH || !this.sep(this.p + 1)) break;
    }
    this.close();
    return arr;
  }

  /** A quoted mapping key: its node is named by its decoded text. */
  private quotedKey(): string {
    const key = this.quoted();
    this.names[this.names.length - 1] = key;
    return key;
  }

  /** A quoted scalar on one line; pushes its node and leaves `p` after the closing quote. */
  private quoted(): string {
    const t = this.t;
    const q = t.charCodeAt(this.p);
    const start = this.p + 1;
    let i = start;
    let escaped = false;
    for (;;) {
      if (i >= t.length) giveUp();
      const c = t.charCodeAt(i);
      if (c === NL || c === CR) giveUp();
      if (c === q) {
        if (q === SQUOTE && t.charCodeAt(i + 1) === SQUOTE) {
          escaped = true;
          i += 2;
          continue;
        }
        break;
      }
      if (c === BACKSLASH && q === DQUOTE) {
        // js-yaml checks escapes while it parses (getScalarValue trusts them): the same check here.
        escaped = true;
        const e = t.charCodeAt(i + 1);
        if (e < 128 && SIMPLE_ESCAPE[e] === 1) {
          i += 2;
          continue;
        }
        const len = e === 120 /* x */ ? 2 : e === 117 /* u */ ? 4 : e === 85 /* U */ ? 8 : 0;
        if (len === 0) giveUp(); // unknown, or an escaped line break
        for (let k = i + 2; k < i + 2 + len; k++) if (!HEX.test(t[k] ?? '')) giveUp();
        i += 2 + len;
        continue;
      }
      i++;
    }
    let v: string;
    if (!escaped) v = t.slice(start, i);
    else {
      try {
        v = getScalarValue(t, scalarEvent(start, i, q === SQUOTE ? 2 : 3));
      } catch {
        giveUp();
      }
    }
    this.push(NODE_SCALAR, this.p);
    this.p = i + 1;
    return v;
  }

  /** A plain scalar in block context, continued on more-indented lines. */
  private plain(ind: number): unknown {
    const t = this.t;
    const n = t.length;
    const start = this.p;
    let end = this.plainLine(start, true);
    let multi = false;
    // Continuation lines: more indented than the collection, no comment or key indicator, no indicator first.
    if (this.commentAt(end) < 0) {
      let q = t.indexOf('\n', end);
      while (q >= 0 && ind >= 0) {
        let k = q + 1;
        while (k < n && t.charCodeAt(k) === SP) k++;
        if (k >= n) break;
        const c = t.charCodeAt(k);
        if (c === NL) {
          q = k;
          continue;
        }
        if (k - (q + 1) <= ind || c === HASH) break;
        if (c === TAB || c === CR || (c < 128 && INDICATOR[c] === 1)) giveUp();
        end = this.plainLine(k, false);
        multi = true;
        q = t.indexOf('\n', end);
      }
    }
    const raw = multi ? getScalarValue(t, scalarEvent(start, end, 1)) : t.slice(start, end);
    this.push(NODE_SCALAR, start);
    this.p = end;
    this.restOfLine();
    return resolvePlain(raw);
  }

  /** End (past the last non-space) of a plain scalar's text on the line from `i`. Gives up at `: ` and tabs. */
  private plainLine(i: number, first: boolean): number {
    const t = this.t;
    const n = t.length;
    let end = i;
    for (; i < n; i++) {
      const c = t.charCodeAt(i);
      if (c === NL) break;
      if (c === SP) continue;
      if (c === TAB || c === CR) giveUp();
      if (c === COLON && this.sep(i + 1)) giveUp();
      if (c === HASH && t.charCodeAt(i - 1) === SP) {
        if (!first) giveUp();
        break;
      }
      end = i + 1;
    }
    return end;
  }

  /** Index of a comment starting after the spaces at `i` on this line, or -1. */
  private commentAt(i: number): number {
    const t = this.t;
    while (i < t.length && t.charCodeAt(i) === SP) i++;
    return t.charCodeAt(i) === HASH ? i : -1;
  }

  /** `|` or `>`: a header, then lines indented more than `ind`, read with js-yaml's own decoding. */
  private blockScalar(ind: number): string {
    const t = this.t;
    const n = t.length;
    const style = t.charCodeAt(this.p) === 124 ? 4 : 5;
    this.p++;
    // Header: a chomping indicator and an indentation indicator, in either order.
    let chomping = 1;
    let explicit = 0;
    for (let k = 0; k < 2; k++) {
      const c = t.charCodeAt(this.p);
      if (chomping === 1 && (c === DASH || c === 43 /* + */)) chomping = c === DASH ? 2 : 3;
      else if (explicit === 0 && c >= 49 && c <= 57) explicit = c - 48;
      else break;
      this.p++;
    }
    // Explicit indentation counts from the collection's own (`0` is left to js-yaml).
    const before = this.p;
    this.spaces();
    if (this.p < n && t.charCodeAt(this.p) === HASH) {
      if (this.p === before) giveUp();
      const e = t.indexOf('\n', this.p);
      this.p = e < 0 ? n : e;
    }
    if (this.p >= n || t.charCodeAt(this.p) !== NL) giveUp();
    const start = this.p + 1;
    let indent = explicit > 0 ? ind + explicit : -1;
    let lead = 0;
    let q = start;
    let end = n;
    while (q < n) {
      let k = q;
      while (k < n && t.charCodeAt(k) === SP) k++;
      const sp = k - q;
      // The text ends on a line of spaces: where js-yaml ends the scalar then depends on its indentation (keep chomping shows it).
      if (k >= n) {
        if (sp > 0) giveUp();
        break;
      }
      const ch = t.charCodeAt(k);
      if (ch === NL) {
        if (indent < 0 && sp > lead) lead = sp;
        q = k + 1;
        continue;
      }
      if (ch === CR || (ch === TAB && (indent < 0 || sp < indent))) giveUp();
      if (indent < 0) {
        if (sp <= ind) {
          end = q;
          break;
        }
        if (lead > sp) giveUp();
        indent = sp;
      } else if (sp < indent) {
        end = q;
        break;
      }
      const e = t.indexOf('\n', k);
      if (e < 0) break;
      q = e + 1;
    }
    if (indent < 0 && lead > 0) giveUp(); // only blank lines, some with spaces: leave the edge cases to js-yaml
    this.push(NODE_SCALAR, start);
    const v = getScalarValue(t, scalarEvent(start, end, style, chomping, indent));
    this.p = end;
    this.ls = end;
    this.next();
    return v;
  }

  /** A flow collection on one line. */
  private flow(): unknown {
    const t = this.t;
    const open = t.charCodeAt(this.p);
    this.open(open === 91 ? NODE_SEQUENCE : NODE_MAPPING, this.p);
    this.p++;
    this.flowSpaces();
    if (open === 91) {
      const arr: unknown[] = [];
      if (t.charCodeAt(this.p) !== 93) {
        for (;;) {
          arr.push(this.flowItem(false));
          if (this.flowEnds(93)) break;
        }
      }
      this.p++;
      this.close();
      return arr;
    }
    const obj: Record<string, unknown> = {};
    if (t.charCodeAt(this.p) !== 125) {
      for (;;) {
        const c = t.charCodeAt(this.p);
        let raw: string;
        let key: string;
        if (c === DQUOTE || c === SQUOTE) {
          raw = key = this.quotedKey();
          if (t.charCodeAt(this.p) !== COLON) giveUp();
          this.p++;
        } else {
          const start = this.p;
          const end = this.flowPlainEnd(start, true);
          if (t.charCodeAt(end) !== COLON) giveUp();
          raw = trimSpaces(t.slice(start, end));
          key = String(resolvePlain(raw));
          this.push(NODE_SCALAR, start, raw);
          this.p = end + 1;
        }
        checkKey(obj, raw, key);
        this.flowSpaces();
        const v = this.flowItem(true);
        setMember(obj, key, v);
        if (this.flowEnds(125)) break;
      }
    }
    this.p++;
    this.close();
    return obj;
  }

  /** After a flow entry: true at the closing bracket; past a comma otherwise (a trailing comma gives up). */
  private flowEnds(close: number): boolean {
    const t = this.t;
    this.flowSpaces();
    const c = t.charCodeAt(this.p);
    if (c === close) return true;
    if (c !== 44) giveUp();
    this.p++;
    this.flowSpaces();
    if (t.charCodeAt(this.p) === close) giveUp();
    return false;
  }

  private flowSpaces(): void {
    const t = this.t;
    while (this.p < t.length && t.charCodeAt(this.p) === SP) this.p++;
    if (this.p >= t.length) giveUp();
    const c = t.charCodeAt(this.p);
    if (c === NL || c === HASH || c === TAB || c === CR) giveUp();
  }

  private flowItem(inMapping: boolean): unknown {
    const t = this.t;
    const c = t.charCodeAt(this.p);
    if (c === 91 || c === 123) return this.flow();
    if (c === DQUOTE || c === SQUOTE) {
      const v = this.quoted();
      if (t.charCodeAt(this.p) === COLON) giveUp(); // a single-pair mapping
      return v;
    }
    const start = this.p;
    const end = this.flowPlainEnd(start, false);
    const d = t.charCodeAt(end);
    if ((d === 93 && inMapping) || (d === 125 && !inMapping)) giveUp();
    const raw = trimSpaces(t.slice(start, end));
    if (raw === '') giveUp();
    this.push(NODE_SCALAR, start);
    this.p = end;
    return resolvePlain(raw);
  }

  /** End of a plain scalar in a flow collection: at `,` `[` `]` `{` `}` or a `:` (the caller decides what is allowed). */
  private flowPlainEnd(i: number, key: boolean): number {
    const t = this.t;
    const n = t.length;
    const c0 = t.charCodeAt(i);
    if (c0 < 128 && INDICATOR[c0] === 1 && !((c0 === DASH || c0 === 63 || c0 === COLON) && !this.flowSep(i + 1))) giveUp();
    for (; i < n; i++) {
      const c = t.charCodeAt(i);
      if (c === NL || c === TAB || c === CR) giveUp();
      if (c === 44 || c === 93 || c === 125) return i;
      if (c === 91 || c === 123) giveUp();
      if (c === COLON && this.flowSep(i + 1)) {
        if (!key) giveUp();
        return i;
      }
      if (c === HASH && t.charCodeAt(i - 1) === SP) giveUp();
    }
    giveUp();
  }

  private flowSep(i: number): boolean {
    const c = this.t.charCodeAt(i);
    return this.sep(i) || c === 44 || c === 91 || c === 93 || c === 123 || c === 125;
  }
}

/** Merge keys and duplicate keys (after resolution: `1` and `0x1` collide) are js-yaml's to handle. */
function checkKey(obj: Record<string, unknown>, raw: string, key: string): void {
  if (raw === '<<' || Object.prototype.hasOwnProperty.call(obj, key)) giveUp();
}

/** As js-yaml stores a member: `__proto__` becomes an own property, never the prototype. */
function setMember(obj: Record<string, unknown>, key: string, v: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value: v, enumerable: true, configurable: true, writable: true });
  else obj[key] = v;
}

/** Trailing spaces off (not other white space: js-yaml keeps U+00A0 and the like). */
function trimSpaces(s: string): string {
  let e = s.length;
  while (e > 0 && s.charCodeAt(e - 1) === SP) e--;
  return e === s.length ? s : s.slice(0, e);
}

/** What getScalarValue reads of a scalar event. */
function scalarEvent(valueStart: number, valueEnd: number, style: number, chomping = 1, indent = -1): ScalarEvent {
  return { valueStart, valueEnd, style, chomping, indent, fast: false } as unknown as ScalarEvent;
}

/**
 * Parses `text` as one YAML document in the subset above, or returns undefined for js-yaml to parse. Nesting deeper
 * than `maxDepth` collections also returns undefined, so the limit's error comes from the usual path.
 */
export function parseYamlFast(text: string, maxDepth: number): FastYaml | undefined {
  const parser = new Parser(text, maxDepth);
  try {
    const value = parser.document();
    return { value, nodes: { types: parser.types, offsets: parser.offsets, names: parser.names } };
  } catch (e) {
    if (e === GIVE_UP || e instanceof RangeError) return undefined;
    throw e;
  }
}
