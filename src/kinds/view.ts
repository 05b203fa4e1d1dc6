// A read-only view of one node of an untrusted document that remembers where it is (file, document, JSON pointer).
// Protobuf-JSON inputs (Envoy) spell fields in snake_case or lowerCamelCase, even mixed in one file: `get('a_b')`
// finds either spelling and the pointer keeps the spelling the file used. Map keys (provider names, filter names) are
// never rewritten: they are read with `entries()` as written.

import type { Loc } from '../model/types.js';
import { isObj } from '../model/util.js';
import { joinPointer } from '../load/parse.js';

const hasOwn = Object.prototype.hasOwnProperty;
const camelCache = new Map<string, string>();

function camel(snake: string): string {
  let c = camelCache.get(snake);
  if (c === undefined) {
    c = snake.replace(/_([a-z0-9])/g, (_, ch: string) => ch.toUpperCase());
    camelCache.set(snake, c);
  }
  return c;
}

export class View {
  constructor(
    readonly value: unknown,
    readonly file: string,
    readonly pointer: string,
    readonly doc = 0,
  ) {}

  static root(value: unknown, file: string, doc = 0): View {
    return new View(value, file, '', doc);
  }

  get present(): boolean {
    return this.value !== undefined && this.value !== null;
  }

  get isObject(): boolean {
    return isObj(this.value);
  }

  get loc(): Loc {
    const l: Loc = { file: this.file, pointer: this.pointer };
    if (this.doc) l.doc = this.doc;
    return l;
  }

  /** Own field `name` (snake_case; the lowerCamelCase spelling is found too). */
  get(name: string): View {
    const o = this.value;
    if (isObj(o)) {
      if (hasOwn.call(o, name)) return new View(o[name], this.file, joinPointer(this.pointer, name), this.doc);
      const c = camel(name);
      if (c !== name && hasOwn.call(o, c)) return new View(o[c], this.file, joinPointer(this.pointer, c), this.doc);
    }
    return new View(undefined, this.file, joinPointer(this.pointer, name), this.doc);
  }

  /** Own map entry `key`, spelled exactly as given (filter names, provider names). */
  key(key: string): View {
    const o = this.value;
    return new View(isObj(o) && hasOwn.call(o, key) ? o[key] : undefined, this.file, joinPointer(this.pointer, key), this.doc);
  }

  /** A path of fields: `at('a', 'b_c')`. */
  at(...names: string[]): View {
    let v: View = this;
    for (const n of names) v = v.get(n);
    return v;
  }

  has(name: string): boolean {
    return this.get(name).present;
  }

  /** Items of a list; a single mapping where a list is expected counts as a one-item list (a common hand-written slip). */
  list(): View[] {
    const v = this.value;
    if (Array.isArray(v)) return v.map((x, i) => new View(x, this.file, joinPointer(this.pointer, i), this.doc));
    if (isObj(v)) return [this];
    return [];
  }

  /** Entries of a map field, keys as written. */
  entries(): [string, View][] {
    const v = this.value;
    if (!isObj(v)) return [];
    return Object.keys(v).map((k) => [k, new View(v[k], this.file, joinPointer(this.pointer, k), this.doc)]);
  }

  str(): string | undefined {
    return typeof this.value === 'string' ? this.value : undefined;
  }

  /** Numbers, and numeric strings (protobuf JSON writes 64-bit integers as strings). */
  num(): number | undefined {
    if (typeof this.value === 'number' && Number.isFinite(this.value)) return this.value;
    if (typeof this.value === 'string' && /^-?\d+(\.\d+)?$/.test(this.value.trim())) return Number(this.value);
    return undefined;
  }

  bool(): boolean | undefined {
    if (typeof this.value === 'boolean') return this.value;
    if (this.value === 'true') return true;
    if (this.value === 'false') return false;
    return undefined;
  }

  /** Strings of a list of strings (non-strings dropped). */
  strings(): string[] {
    return this.list()
      .map((x) => x.str())
      .filter((s): s is string => s !== undefined);
  }
}
