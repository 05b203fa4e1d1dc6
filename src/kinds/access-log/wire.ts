// Calls from the threads that parse a log to the thread that aggregates them. A run of lines becomes one batch: numbers
// in a Float64Array (moved, not copied, between threads) and a few strings. Strings that repeat from call to call —
// methods, hosts, header names and values (a token is sent on every call of a client) — are numbered: each is sent
// once, then by number, and arrives as one string object, which the aggregator's maps hash only once.

import type { Loc } from '../../model/types.js';
import type { Call, NameValue } from '../traffic/call.js';
import { Recent } from '../traffic/recent.js';

export interface Batch {
  /** Lines in the run. */
  lines: number;
  /** Records, one per line that is not blank (see the tags). */
  nums: Float64Array;
  /** Strings sent as they are (paths, query values), in the order the records use them. */
  strs: string[];
  /** Strings numbered in this batch, in number order (after the table was cleared, when `reset`). */
  fresh: string[];
  reset: boolean;
}

/** A line with a call. */
const CALL = 0;
/** A line that is not a record (invalid JSON, another shape). */
const NOT_RECORD = 1;
/** A line over the size limit. */
const TOO_LONG = 2;

const HTTPS = 1;
const VISIBLE = 2;
const RATE_LIMITED = 4;
const PORT = 8;
const CERTIFICATE = 16;
const FINGERPRINT = 32;
const PRINCIPAL = 64;
const TIME = 128;

const RECENT = 8;
/** Room for a batch's numbers to start with: a 1 MiB run of log lines needs about 20,000. */
const INITIAL_NUMS = 1 << 15;

/** The table of numbered strings is cleared, between batches, past this many strings or characters. */
const MAX_STRINGS = 1 << 16;
const MAX_CHARS = 16 << 20;

/** In a worker: records the results of a run's lines. */
export class CallEncoder {
  private readonly table = new Map<string, number>();
  private chars = 0;
  /** The batch's numbers so far: `nums[0..size)`, grown by doubling. */
  private nums = new Float64Array(INITIAL_NUMS);
  private size = 0;
  private strs: string[] = [];
  private fresh: string[] = [];
  private reset = false;

  /** Long strings numbered lately (tokens, mostly): compared before the map, which would hash each one whole. */
  private readonly recent = new Recent<number>(RECENT);

  private id(s: string): number {
    const long = s.length > 64;
    if (long) {
      const r = this.recent.get(s);
      if (r !== undefined) return r;
    }
    let i = this.table.get(s);
    if (i === undefined) {
      i = this.table.size;
      this.table.set(s, i);
      this.chars += s.length;
      this.fresh.push(s);
    }
    if (long) this.recent.set(s, i);
    return i;
  }

  private push(x: number): void {
    if (this.size === this.nums.length) {
      const grown = new Float64Array(this.nums.length * 2);
      grown.set(this.nums);
      this.nums = grown;
    }
    this.nums[this.size++] = x;
  }

  private pairs(list: NameValue[], rawValues: boolean): void {
    for (const { name, value } of list) {
      this.push(this.id(name));
      if (rawValues) this.strs.push(value);
      else this.push(this.id(value));
    }
  }

  call(line: number, c: Call): void {
    let flags = (c.scheme === 'https' ? HTTPS : 0) | (c.credentialsVisible ? VISIBLE : 0) | (c.rateLimited ? RATE_LIMITED : 0) | (c.port !== undefined ? PORT : 0) | (c.time !== undefined ? TIME : 0);
    if (c.clientCertificate) flags |= CERTIFICATE | (c.clientCertificate.fingerprint !== undefined ? FINGERPRINT : 0);
    if (c.principal !== undefined) flags |= PRINCIPAL;
    this.push(CALL);
    this.push(line);
    this.push(flags);
    this.push(c.status);
    this.push(c.time ?? 0);
    this.push(this.id(c.method));
    this.push(this.id(c.host));
    this.push(c.query.length);
    this.push(c.headers.length);
    this.push(c.cookies.length);
    this.push(c.responseHeaders.length);
    if (c.port !== undefined) this.push(this.id(c.port));
    if (c.clientCertificate?.fingerprint !== undefined) this.push(this.id(c.clientCertificate.fingerprint));
    if (c.principal !== undefined) this.push(this.id(c.principal));
    this.strs.push(c.path);
    this.pairs(c.query, true);
    this.pairs(c.headers, false);
    this.pairs(c.cookies, true);
    this.pairs(c.responseHeaders, false);
  }

  notRecord(line: number): void {
    this.push(NOT_RECORD);
    this.push(line);
  }

  tooLong(line: number): void {
    this.push(TOO_LONG);
    this.push(line);
  }

  /** The batch recorded since the last one, for a run of `lines` lines. */
  take(lines: number): Batch {
    const b: Batch = { lines, nums: this.nums.slice(0, this.size), strs: this.strs, fresh: this.fresh, reset: this.reset };
    this.size = 0;
    // A batch far larger than usual (a huge line with millions of headers) does not keep its room for the whole run.
    if (this.nums.length > INITIAL_NUMS * 64) this.nums = new Float64Array(INITIAL_NUMS);
    this.strs = [];
    this.fresh = [];
    this.reset = false;
    if (this.table.size > MAX_STRINGS || this.chars > MAX_CHARS) {
      this.table.clear();
      this.recent.clear();
      this.chars = 0;
      this.reset = true;
    }
    return b;
  }
}

export interface CallSink {
  call(c: Call): void;
  /** A line that records no call: counted as an entry, skipped. */
  notRecord(loc: Loc): void;
  /** A line over the size limit: skipped. */
  tooLong(loc: Loc): void;
}

/** In the aggregating thread: the calls of one worker's batches, in order. */
export class CallDecoder {
  private table: string[] = [];

  constructor(private readonly file: string) {}

  /** Replays a batch whose first line is line `base + 1` of the file. */
  decode(b: Batch, base: number, sink: CallSink): void {
    if (b.reset) this.table = [];
    const t = this.table;
    for (const s of b.fresh) t.push(s);
    const n = b.nums;
    const strs = b.strs;
    let k = 0;
    let s = 0;
    const pairs = (count: number, rawValues: boolean): NameValue[] => {
      const out: NameValue[] = [];
      for (let i = 0; i < count; i++) {
        const name = t[n[k++]!]!;
        out.push({ name, value: rawValues ? strs[s++]! : t[n[k++]!]! });
      }
      return out;
    };
    while (k < n.length) {
      const tag = n[k]!;
      const loc: Loc = { file: this.file, pointer: `/${base + n[k + 1]! - 1}` };
      if (tag !== CALL) {
        k += 2;
        if (tag === NOT_RECORD) sink.notRecord(loc);
        else sink.tooLong(loc);
        continue;
      }
      const flags = n[k + 2]!;
      const status = n[k + 3]!;
      const time = n[k + 4]!;
      const method = t[n[k + 5]!]!;
      const host = t[n[k + 6]!]!;
      const nq = n[k + 7]!;
      const nh = n[k + 8]!;
      const nc = n[k + 9]!;
      const nr = n[k + 10]!;
      k += 11;
      const port = flags & PORT ? t[n[k++]!] : undefined;
      const fingerprint = flags & FINGERPRINT ? t[n[k++]!] : undefined;
      const principal = flags & PRINCIPAL ? t[n[k++]!] : undefined;
      const path = strs[s++]!;
      const query = pairs(nq, true);
      const headers = pairs(nh, false);
      const cookies = pairs(nc, true);
      const responseHeaders = pairs(nr, false);
      const call: Call = { loc, method, scheme: flags & HTTPS ? 'https' : 'http', host, path, query, headers, cookies, status, responseHeaders, credentialsVisible: (flags & VISIBLE) !== 0 };
      if (port !== undefined) call.port = port;
      if (flags & TIME) call.time = time;
      if (flags & CERTIFICATE) call.clientCertificate = fingerprint !== undefined ? { fingerprint } : {};
      if (principal !== undefined) call.principal = principal;
      if (flags & RATE_LIMITED) call.rateLimited = true;
      sink.call(call);
    }
  }
}
