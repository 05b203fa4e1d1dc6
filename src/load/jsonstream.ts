// Streams the elements of one array inside a JSON document (HAR `log.entries`) with bounded memory.
//
// A byte scanner walks the document: it descends only along the given key path, finds where each element of the
// target array begins and ends (skipping strings with `indexOf`, counting nesting outside them), and hands the element's
// bytes to the native `JSON.parse`, which validates it. Members met along the way (`log.version`, `log.creator`) are
// parsed when small and skipped otherwise. Memory holds one element at a time; line numbers are counted as the bytes
// pass, so each element and every syntax error has a line and column.

import { InputError } from './errors.js';
import { jsonErrorOffset } from './parse.js';
import { DEFAULT_MAX_DEPTH } from './limits.js';

export interface ArrayElement {
  value: unknown;
  index: number;
  /** 1-based line and column (in bytes) where the element starts. */
  line: number;
  column: number;
  bytes: number;
  /**
   * For string members named in `lazyStrings` that were left out of the parse: the real value behind the placeholder
   * found in `value` (decoded only when asked for), or undefined for any other string.
   */
  lazy(s: unknown): string | undefined;
}

/** An element found and not yet parsed (`onRawElement`): its bytes, and the long strings to leave out of the parse. */
export interface RawElement {
  index: number;
  line: number;
  column: number;
  bytes: number;
  text: Buffer;
  /** [start, end) in `text` of the `lazyStrings` members. */
  ranges: [number, number][];
}

export interface JsonStreamOptions {
  /** The file as shown in messages. */
  file: string;
  /** Object keys leading from the root object to the array whose elements are streamed, e.g. `['log', 'entries']`. */
  path: string[];
  onElement(e: ArrayElement): void;
  /** When given, elements are passed unparsed here instead of to `onElement` (to be parsed elsewhere: `parseElement`). */
  onRawElement?(e: RawElement): void;
  /** Largest element parsed; a larger one goes to `onOversize` and is skipped. */
  maxElementBytes: number;
  onOversize?(index: number, line: number, column: number, bytes: number): void;
  /** Members along the path up to this many bytes are parsed and kept in `members` (dotted key); larger ones are skipped. */
  maxMemberBytes?: number;
  /**
   * String members with this key and at least `minBytes` bytes (HAR bodies: `text`) are not parsed with their element:
   * the element gets a placeholder, and `lazy()` decodes the string on demand.
   */
  lazyStrings?: { key: string; minBytes: number };
}

/** The nesting limit of every document (`limits.ts`), counted from the root of the file. */
const MAX_DEPTH = DEFAULT_MAX_DEPTH;
const TOO_DEEP = `nesting deeper than ${MAX_DEPTH} levels`;
/** Members along the path kept (`members`): the few a HAR's header has, with room to spare. */
const MAX_MEMBERS = 64;

const QUOTE = 1;
const OPEN = 2;
const CLOSE = 3;
const NEWLINE = 4;
/** Byte classes outside strings. */
const CLASS = new Uint8Array(256);
CLASS[0x22] = QUOTE;
CLASS[0x7b] = OPEN;
CLASS[0x5b] = OPEN;
CLASS[0x7d] = CLOSE;
CLASS[0x5d] = CLOSE;
CLASS[0x0a] = NEWLINE;

const enum S {
  Root,
  ObjOpen,
  ObjKey,
  KeyStr,
  Colon,
  ObjValue,
  ObjNext,
  ArrOpen,
  ArrValue,
  ArrNext,
  Value,
  Done,
}

interface Frame {
  kind: 'obj' | 'arr';
  /** How many path keys lead to this container (the root object is 0). */
  depth: number;
  key?: string;
}

/** What the value being scanned is for. */
type Purpose = { kind: 'element'; index: number } | { kind: 'member'; name: string } | { kind: 'skip' };

export class JsonArrayStreamer {
  /** Members met along the path (e.g. `log.creator`), when small enough to keep. */
  readonly members = new Map<string, unknown>();
  /** True once the target array was entered. */
  found = false;
  count = 0;
  /** Keys along the path whose value had the wrong type (e.g. `log` is an array). */
  readonly mismatches: string[] = [];

  private state: S = S.Root;
  private readonly stack: Frame[] = [];
  private pendingKey = '';
  private keyBytes: number[] = [];
  private keyEsc = false;

  // Position bookkeeping: `base` is the global offset of the current chunk's first byte.
  private base = 0;
  private line = 1;
  private lineStart = 0;

  // The value being scanned.
  private purpose: Purpose = { kind: 'skip' };
  private vKind: 'container' | 'string' | 'scalar' = 'container';
  private vDepth = 0;
  private readonly brackets = new Uint8Array(MAX_DEPTH);
  private inStr = false;
  /** Backslashes at the end of the previous chunk inside a string (odd = the next byte is escaped). */
  private bsCarry = 0;
  private parts: Buffer[] = [];
  private partBytes = 0;
  private capture = false;
  private oversize = false;
  private vLine = 0;
  private vColumn = 0;
  private vStart = 0;
  private afterValue: S = S.ObjNext;
  /** Global offset where the value being scanned starts, and where the string being scanned opened. */
  private vStartGlobal = 0;
  private strStart = 0;
  /** Global [start, end) of strings at least `lazyStrings.minBytes` long inside the element being captured. */
  private longStrings: number[] = [];
  private readonly minLazy: number;
  /** Strings shorter than this are skipped inline (they can never be lazy). */
  private readonly fastString: number;

  constructor(private readonly opts: JsonStreamOptions) {
    this.minLazy = opts.lazyStrings ? Math.max(2, opts.lazyStrings.minBytes) : Infinity;
    this.fastString = Math.max(0, Math.min(64, this.minLazy - 2));
  }

  write(b: Buffer): void {
    let i = 0;
    const n = b.length;
    while (i < n) {
      if (this.state === S.Value) {
        i = this.scanValue(b, i);
        continue;
      }
      const c = b[i]!;
      if (this.state === S.KeyStr) {
        i = this.scanKey(b, i);
        continue;
      }
      if (c === 0x20 || c === 0x09 || c === 0x0d) {
        i++;
        continue;
      }
      if (c === 0x0a) {
        this.line++;
        this.lineStart = this.base + i + 1;
        i++;
        continue;
      }
      i = this.structural(i, c);
    }
    if (this.state === S.Value && this.capture && this.vStart < n) {
      this.keep(b.subarray(this.vStart), true);
    }
    this.vStart = 0;
    this.base += n;
  }

  end(): void {
    if (this.state !== S.Done) this.fail('unexpected end of input', this.line, this.base - this.lineStart + 1, true);
  }

  private fail(what: string, line: number, column: number, eof = false): never {
    throw new InputError(this.opts.file, eof ? `invalid JSON: ${what}` : `invalid JSON: ${what}`, line, column);
  }

  private col(b: number): number {
    return b - this.lineStart + 1;
  }

  private structural(i: number, c: number): number {
    const at = this.base + i;
    switch (this.state) {
      case S.Root:
        if (c === 0x7b) {
          this.stack.push({ kind: 'obj', depth: 0 });
          this.state = S.ObjOpen;
          return i + 1;
        }
        return this.fail(`expected '{' at the start of the document`, this.line, this.col(at));
      case S.ObjOpen:
        if (c === 0x7d) return this.close(i);
        return this.key(i, c, `expected a key or '}'`);
      case S.ObjKey:
        return this.key(i, c, 'expected a key');
      case S.Colon:
        if (c === 0x3a) {
          this.state = S.ObjValue;
          return i + 1;
        }
        return this.fail(`expected ':' after a key`, this.line, this.col(at));
      case S.ObjValue: {
        const top = this.stack[this.stack.length - 1]!;
        const key = this.pendingKey;
        const p = this.opts.path;
        if (top.depth < p.length && key === p[top.depth]) {
          const last = top.depth === p.length - 1;
          if (last && c === 0x5b) {
            this.stack.push({ kind: 'arr', depth: top.depth + 1, key });
            this.found = true;
            this.state = S.ArrOpen;
            return i + 1;
          }
          if (!last && c === 0x7b) {
            this.stack.push({ kind: 'obj', depth: top.depth + 1, key });
            this.state = S.ObjOpen;
            return i + 1;
          }
          // Only the first mismatch is reported: a document repeating the key would otherwise grow the list without end.
          if (this.mismatches.length === 0) this.mismatches.push(p.slice(0, top.depth + 1).join('.'));
        }
        const name = [...p.slice(0, top.depth), key].join('.');
        // At most MAX_MEMBERS members are kept: a document of many 1 MiB members along the path would otherwise hold them all.
        const keep = this.opts.maxMemberBytes && this.members.size < MAX_MEMBERS;
        return this.startValue(i, c, { kind: keep ? 'member' : 'skip', name } as Purpose, S.ObjNext);
      }
      case S.ObjNext:
        return this.separator(i, c, 0x7d, S.ObjKey);
      case S.ArrOpen:
        if (c === 0x5d) return this.close(i);
        return this.element(i, c);
      case S.ArrValue:
        return this.element(i, c);
      case S.ArrNext:
        return this.separator(i, c, 0x5d, S.ArrValue);
      case S.Done:
        return this.fail('unexpected content after the document', this.line, this.col(at));
      default:
        return this.fail('unexpected state', this.line, this.col(at));
    }
  }

  /** After a member or element: a comma (then `next`) or the container's closing byte. */
  private separator(i: number, c: number, closer: number, next: S): number {
    if (c === 0x2c) {
      this.state = next;
      return i + 1;
    }
    if (c === closer) return this.close(i);
    return this.fail(`expected ',' or '${String.fromCharCode(closer)}'`, this.line, this.col(this.base + i));
  }

  private key(i: number, c: number, expected: string): number {
    if (c !== 0x22) return this.fail(expected, this.line, this.col(this.base + i));
    this.state = S.KeyStr;
    this.keyBytes = [];
    this.keyEsc = false;
    return i + 1;
  }

  private element(i: number, c: number): number {
    if (c === 0x5d || c === 0x2c) return this.fail('expected a value', this.line, this.col(this.base + i));
    return this.startValue(i, c, { kind: 'element', index: this.count++ }, S.ArrNext);
  }

  private close(i: number): number {
    this.stack.pop();
    const top = this.stack[this.stack.length - 1];
    this.state = !top ? S.Done : top.kind === 'obj' ? S.ObjNext : S.ArrNext;
    return i + 1;
  }

  private scanKey(b: Buffer, i: number): number {
    const n = b.length;
    while (i < n) {
      const c = b[i]!;
      if (this.keyEsc) {
        this.keyEsc = false;
        this.keyBytes.push(c);
      } else if (c === 0x5c) {
        this.keyEsc = true;
        this.keyBytes.push(c);
      } else if (c === 0x22) {
        const raw = Buffer.from(this.keyBytes).toString('utf8');
        try {
          this.pendingKey = JSON.parse(`"${raw}"`) as string;
        } catch {
          this.fail('invalid key string', this.line, this.col(this.base + i));
        }
        this.state = S.Colon;
        return i + 1;
      } else if (c < 0x20) {
        this.fail('control character in a key', this.line, this.col(this.base + i));
      } else this.keyBytes.push(c);
      if (this.keyBytes.length > 65536) this.fail('key longer than 64 KiB', this.line, this.col(this.base + i));
      i++;
    }
    return i;
  }

  private startValue(i: number, c: number, purpose: Purpose, after: S): number {
    this.purpose = purpose;
    this.afterValue = after;
    this.vLine = this.line;
    this.vColumn = this.col(this.base + i);
    this.vStart = i;
    this.vStartGlobal = this.base + i;
    this.longStrings = [];
    this.parts = [];
    this.partBytes = 0;
    this.oversize = false;
    this.capture = purpose.kind !== 'skip';
    this.inStr = false;
    this.bsCarry = 0;
    this.vDepth = 0;
    this.state = S.Value;
    if (c === 0x7b || c === 0x5b) {
      this.vKind = 'container';
      this.brackets[0] = c;
      this.vDepth = 1;
      return i + 1;
    }
    if (c === 0x22) {
      this.vKind = 'string';
      this.inStr = true;
      this.strStart = this.base + i;
      return i + 1;
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39) || c === 0x74 || c === 0x66 || c === 0x6e) {
      this.vKind = 'scalar';
      this.capture = true; // scalars are short; parsing validates them
      return i + 1;
    }
    return this.fail('expected a value', this.line, this.vColumn);
  }

  private limit(): number {
    return this.purpose.kind === 'element' ? this.opts.maxElementBytes : this.opts.maxMemberBytes ?? 0;
  }

  /** Keeps bytes of the value being captured (until it grows past its limit); `persist` copies them out of the chunk. */
  private keep(part: Buffer, persist = false): void {
    if (!this.capture) return;
    this.partBytes += part.length;
    if (this.partBytes > this.limit() && this.vKind !== 'scalar') {
      this.capture = false;
      this.oversize = true;
      this.parts = [];
      return;
    }
    // A part that outlives its chunk is copied: the reader may reuse the chunk's memory.
    this.parts.push(persist ? Buffer.from(part) : part);
  }

  /** Scans the current value from `i`; returns where scanning stopped (the end of the value or of the chunk). */
  private scanValue(b: Buffer, i: number): number {
    const n = b.length;
    if (this.vKind === 'scalar') {
      while (i < n) {
        const c = b[i]!;
        if (c === 0x2c || c === 0x7d || c === 0x5d || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) return this.finish(b, i);
        i++;
        if (this.partBytes + (i - this.vStart) > 1024) this.fail('malformed value', this.vLine, this.vColumn);
      }
      return i;
    }
    let depth = this.vDepth;
    const br = this.brackets;
    if (this.inStr) {
      const after = this.stringEnd(b, i);
      if (after < 0) return n;
      i = after;
      if (this.vKind === 'string') {
        this.vDepth = 0;
        return this.finish(b, i);
      }
    }
    // Outside strings: count nesting and lines; most bytes are of no interest (class 0). Short strings are skipped
    // right here (a backslash escapes the next byte); long ones go to `stringEnd`, which uses the native indexOf.
    while (i < n) {
      const c = b[i]!;
      const k = CLASS[c]!;
      if (k === 0) {
        i++;
        continue;
      }
      if (k === QUOTE) {
        let j = i + 1;
        const stop = j + this.fastString < n ? j + this.fastString : n;
        while (j < stop) {
          const d = b[j]!;
          if (d === 0x22) break;
          j += d === 0x5c ? 2 : 1;
        }
        if (j < stop) {
          i = j + 1;
          continue;
        }
        this.inStr = true;
        this.bsCarry = 0;
        this.strStart = this.base + i;
        const after = this.stringEnd(b, i + 1);
        if (after < 0) {
          this.vDepth = depth;
          return n;
        }
        i = after;
        continue;
      }
      if (k === OPEN) {
        if (this.stack.length + depth >= MAX_DEPTH) this.fail(TOO_DEEP, this.line, this.col(this.base + i));
        br[depth++] = c;
      } else if (k === CLOSE) {
        const open = br[--depth];
        if ((c === 0x7d && open !== 0x7b) || (c === 0x5d && open !== 0x5b)) this.fail(`unexpected '${String.fromCharCode(c)}'`, this.line, this.col(this.base + i));
        if (depth === 0) {
          this.vDepth = 0;
          return this.finish(b, i + 1);
        }
      } else {
        this.line++;
        this.lineStart = this.base + i + 1;
      }
      i++;
    }
    this.vDepth = depth;
    return n;
  }

  /**
   * Inside a string from `i`: the index after its closing quote (a '"' preceded by an even number of backslashes,
   * counting those at the end of the previous chunk), or -1 when the chunk ends first (the state is kept).
   */
  private stringEnd(b: Buffer, i: number): number {
    const n = b.length;
    let q = b.indexOf(0x22, i);
    for (;;) {
      if (q < 0) {
        let bs = 0;
        for (let j = n - 1; j >= i && b[j] === 0x5c; j--) bs++;
        this.bsCarry = bs === n - i ? this.bsCarry + bs : bs;
        return -1;
      }
      let bs = 0;
      let j = q - 1;
      while (j >= i && b[j] === 0x5c) {
        bs++;
        j--;
      }
      if (j < i) bs += this.bsCarry;
      if ((bs & 1) === 0) break;
      q = b.indexOf(0x22, q + 1);
    }
    this.bsCarry = 0;
    this.inStr = false;
    const after = q + 1;
    if (this.base + after - this.strStart >= this.minLazy) this.longStrings.push(this.strStart, this.base + after);
    return after;
  }

  /** The value ends just before `end` in `b`. */
  private finish(b: Buffer, end: number): number {
    this.state = this.afterValue;
    const p = this.purpose;
    if (this.capture) this.keep(b.subarray(this.vStart, end));
    const bytes = this.partBytes;
    if (this.oversize) {
      if (p.kind === 'element') this.opts.onOversize?.(p.index, this.vLine, this.vColumn, bytes);
      this.parts = [];
      return end;
    }
    if (!this.capture) return end;
    const buf = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, bytes);
    this.parts = [];
    const ranges = p.kind === 'element' && this.opts.lazyStrings && this.longStrings.length ? lazyRanges(buf, this.longStrings, this.vStartGlobal, this.opts.lazyStrings.key) : [];
    if (p.kind === 'element') {
      const raw: RawElement = { index: p.index, line: this.vLine, column: this.vColumn, bytes, text: buf, ranges };
      if (this.opts.onRawElement) this.opts.onRawElement(raw);
      else this.opts.onElement(parseElement(this.opts.file, raw));
    } else if (p.kind === 'member') this.members.set(p.name, parseCaptured(this.opts.file, buf, [], this.vLine, this.vColumn));
    return end;
  }
}

/** Prefix of lazy-string placeholders: a NUL no JSON text contains raw, and a per-process random part. */
const NONCE = `\u0000lazy:${Math.random().toString(36).slice(2)}:`;

/**
 * An element the scanner found, parsed: `JSON.parse` of its bytes with the long strings at `ranges` left out (each a
 * placeholder that `lazy()` decodes on demand). Invalid JSON throws the `InputError` a run in one thread gives.
 */
export function parseElement(file: string, raw: RawElement): ArrayElement {
  const { text, ranges } = raw;
  const value = parseCaptured(file, text, ranges, raw.line, raw.column);
  const lazy = (s: unknown): string | undefined => {
    if (typeof s !== 'string' || !s.startsWith(NONCE)) return undefined;
    const r = ranges[Number(s.slice(NONCE.length))];
    if (!r) return undefined;
    try {
      const v = JSON.parse(text.toString('utf8', r[0], r[1])) as unknown;
      return typeof v === 'string' ? v : undefined;
    } catch {
      return undefined;
    }
  };
  return { value, index: raw.index, line: raw.line, column: raw.column, bytes: raw.bytes, lazy };
}

/** `JSON.parse` of a captured value that starts at (line, column), with the strings at `ranges` left out. */
function parseCaptured(file: string, buf: Buffer, ranges: [number, number][], line: number, column: number): unknown {
  let text: string;
  if (ranges.length) {
    const pieces: string[] = [];
    let from = 0;
    ranges.forEach(([s, e], k) => {
      pieces.push(buf.toString('utf8', from, s), JSON.stringify(`${NONCE}${k}`));
      from = e;
    });
    pieces.push(buf.toString('utf8', from));
    text = pieces.join('');
  } else text = buf.toString('utf8');
  try {
    return JSON.parse(text);
  } catch (e) {
    if (e instanceof RangeError) throw new InputError(file, `invalid JSON: ${TOO_DEEP}`, line, column);
    const whole = ranges.length ? buf.toString('utf8') : text;
    const off = jsonErrorOffset(whole);
    const at = relative(whole, off, line, column);
    throw new InputError(file, `invalid JSON: ${off >= whole.length ? 'unexpected end of a value' : 'malformed value'}`, at.line, at.column);
  }
}

/**
 * Of the long strings the scan found (global offsets), those that are the value of a member named `key`: preceded by
 * `"key"` and a colon. Inside JSON strings every quote is escaped, so a raw `"key"` before a colon is a member name.
 */
function lazyRanges(buf: Buffer, strings: number[], base: number, key: string): [number, number][] {
  const needle = Buffer.from(JSON.stringify(key));
  const out: [number, number][] = [];
  const ws = (c: number | undefined) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
  for (let k = 0; k < strings.length; k += 2) {
    const s = strings[k]! - base;
    const e = strings[k + 1]! - base;
    let j = s - 1;
    while (j >= 0 && ws(buf[j])) j--;
    if (buf[j] !== 0x3a) continue;
    j--;
    while (j >= 0 && ws(buf[j])) j--;
    const from = j - needle.length + 1;
    if (from < 0 || buf[from - 1] === 0x5c || !buf.subarray(from, j + 1).equals(needle)) continue;
    out.push([s, e]);
  }
  return out;
}

/** Line and column of `off` in `text`, which starts at (line, column). */
function relative(text: string, off: number, line: number, column: number): { line: number; column: number } {
  let l = line;
  let lastNl = -1;
  for (let k = 0; k < off && k < text.length; k++) {
    if (text.charCodeAt(k) === 10) {
      l++;
      lastNl = k;
    }
  }
  return { line: l, column: lastNl < 0 ? column + off : off - lastNl };
}
