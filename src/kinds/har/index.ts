// HAR 1.2 captures (browser devtools, proxies, API clients): streamed entry by entry when the file starts with
// `{"log":`, parsed whole otherwise (within the document size limit). Tolerates a BOM, missing `version`/`creator`/
// `response`/`timings`, HTTP/2 pseudo-headers, base64 bodies, status 0.

import type { Position } from '../../load/parse.js';
import type { ParsedFile } from '../../load/parse.js';
import { InputError } from '../../load/errors.js';
import { JsonArrayStreamer, type ArrayElement } from '../../load/jsonstream.js';
import { streamChunks, type FileHead, type Streamed } from '../../load/stream.js';
import type { InputKind, LoadFinding, Loc } from '../../model/types.js';
import { arr, get, isObj, str } from '../../model/util.js';
import { TrafficAggregator } from '../traffic/aggregate.js';
import { parseQuery, parseTime, splitUrl, type Body, type Call, type NameValue } from '../traffic/call.js';
import type { TrafficOptions } from '../traffic/credentials.js';
import { SCAN_BYTES } from '../traffic/signals.js';
import { readWithWorker, type AdapterContext, type Contribution, type KindAdapter, type StreamContext, type StreamResult } from '../types.js';
import { readHarInWorker } from '../../parallel/har.js';
import { harScan } from './scan.js';

const KIND: InputKind = 'har';
const HEAD = /^\s*\{\s*"log"\s*:/;

const STATIC_TYPES = new Set(['image', 'stylesheet', 'script', 'font', 'media', 'manifest', 'texttrack', 'document', 'img', 'css', 'js']);
const STATIC_EXT = /\.(js|mjs|css|map|png|jpe?g|gif|svg|ico|webp|avif|bmp|woff2?|ttf|otf|eot|mp4|webm|mp3|ogg|wav|html?|wasm)$/i;
const STATIC_MIME = /^(image\/|font\/|audio\/|video\/|text\/css|text\/html|application\/(x-)?javascript|text\/javascript|application\/wasm|application\/(x-)?font|application\/vnd\.ms-fontobject)/i;
const CREDENTIAL_HEADERS = /^(authorization|x-api-key|api-key|apikey|x-auth-token|dpop)$/i;

function nameValues(v: unknown): NameValue[] {
  const a = arr(v);
  // The common case: every item already is {name: string, value: string} (own properties, parsed JSON).
  if (a.every((h) => typeof get(h, 'name') === 'string' && typeof get(h, 'value') === 'string')) return a as NameValue[];
  const out: NameValue[] = [];
  for (const h of a) {
    const name = str(get(h, 'name'));
    const value = get(h, 'value');
    if (name === undefined) continue;
    out.push({ name, value: typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value) });
  }
  return out;
}

function body(content: unknown, lazy: (s: unknown) => string | undefined): Body | undefined {
  if (!isObj(content)) return undefined;
  const raw = get(content, 'text');
  if (raw === undefined) return undefined;
  const mimeType = str(get(content, 'mimeType'));
  const encoding = str(get(content, 'encoding'));
  const b: Body = {
    text: () => {
      const t = lazy(raw) ?? (typeof raw === 'string' ? raw : undefined);
      if (t === undefined) return undefined;
      if (encoding?.toLowerCase() === 'base64') {
        const buf = Buffer.from(t.slice(0, Math.ceil((SCAN_BYTES * 4) / 3) + 4), 'base64');
        if (buf.subarray(0, 512).includes(0)) return undefined;
        return buf.toString('utf8');
      }
      return t;
    },
  };
  if (mimeType) b.mimeType = mimeType;
  return b;
}

/** One HAR entry as a call, or why it is not one. */
export function entryToCall(entry: unknown, loc: Loc, lazy: (s: unknown) => string | undefined): Call | 'ignored' | 'malformed' {
  const req = get(entry, 'request');
  const method = str(get(req, 'method'));
  const url = str(get(req, 'url'));
  if (!method || !url) return 'malformed';
  const parts = splitUrl(url);
  if (!parts) return 'ignored';
  const headers = nameValues(get(req, 'headers'));
  const harQuery = nameValues(get(req, 'queryString'));
  const query = harQuery.length ? harQuery : parseQuery(parts.query);
  const res = get(entry, 'response');
  const statusV = get(res, 'status');
  const status = typeof statusV === 'number' && Number.isInteger(statusV) && statusV >= 0 && statusV < 1000 ? statusV : 0;
  const responseHeaders = nameValues(get(res, 'headers'));
  const content = get(res, 'content');
  const mime = str(get(content, 'mimeType')) ?? '';
  const resourceType = str(get(entry, '_resourceType'))?.toLowerCase();

  // Static resources and pages are not API calls, unless they carry an explicit credential.
  // An HTML error page (4xx/5xx) stays: verbose errors show there.
  const errorPage = status >= 400 && /^text\/html/i.test(mime);
  const staticLike = (resourceType && STATIC_TYPES.has(resourceType) && !errorPage) || STATIC_EXT.test(parts.path) || (STATIC_MIME.test(mime) && !errorPage);
  if (staticLike && resourceType !== 'xhr' && resourceType !== 'fetch') {
    const explicit = headers.some((h) => CREDENTIAL_HEADERS.test(h.name) && h.value) || query.some((q) => /^(api[-_]?key|access[-_]?token|token|key)$/i.test(q.name));
    if (!explicit) return 'ignored';
  }

  const started = str(get(entry, 'startedDateTime'));
  const time = started ? parseTime(started) : NaN;
  const call: Call = {
    loc,
    method: method.toLowerCase(),
    scheme: parts.scheme,
    host: parts.host,
    path: parts.path,
    query,
    headers,
    cookies: nameValues(get(req, 'cookies')),
    status,
    responseHeaders,
    credentialsVisible: true,
  };
  if (parts.port) call.port = parts.port;
  if (Number.isFinite(time)) call.time = time;
  const post = get(req, 'postData');
  if (isObj(post)) {
    const pb = body(post, lazy);
    if (pb) call.requestBody = pb;
  }
  const rb = body(content, lazy);
  if (rb) call.responseBody = rb;
  if (resourceType) call.resourceType = resourceType;
  return call;
}

/** Chromium devtools export sanitized HARs by default: no Authorization, Cookie or Set-Cookie anywhere. */
function sanitizedExport(creator: unknown, agg: TrafficAggregator): boolean {
  const name = str(get(creator, 'name')) ?? '';
  return /webinspector|chrome|chromium|edge/i.test(name) && !agg.sawCredentialHeaders;
}

class Capture {
  readonly agg: TrafficAggregator;
  constructor(
    readonly file: string,
    traffic: TrafficOptions,
    private readonly findings: LoadFinding[],
  ) {
    this.agg = new TrafficAggregator(file, KIND, traffic, findings);
  }

  entry(value: unknown, index: number, lazy: (s: unknown) => string | undefined): void {
    this.agg.counts.entries++;
    const loc: Loc = { file: this.file, pointer: `/log/entries/${index}` };
    if (!isObj(value)) {
      this.agg.counts.malformed++;
      return;
    }
    const c = entryToCall(value, loc, lazy);
    if (c === 'ignored') this.agg.counts.ignored++;
    else if (c === 'malformed') this.agg.counts.malformed++;
    else this.agg.add(c);
  }

  finish(creator: unknown): Contribution {
    const c = this.agg.counts;
    if (c.calls === 0 && c.entries > 0) {
      this.findings.push({ ruleId: 'traffic-no-api-calls', severity: 'info', message: `${c.entries} entr${c.entries === 1 ? 'y' : 'ies'}, none of them an API call (${c.ignored} pages or static resources, ${c.malformed} without a request URL)`, loc: { file: this.file, pointer: '/log/entries' } });
    }
    return { apis: this.agg.finish(sanitizedExport(creator, this.agg)) };
  }
}

const noLazy = () => undefined;

/** Positions of entry starts, recorded while streaming. */
class EntryPositions {
  private lines = new Int32Array(1024);
  private cols = new Int32Array(1024);
  private n = 0;

  add(index: number, line: number, column: number): void {
    if (index >= this.lines.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.lines = grow(this.lines);
      this.cols = grow(this.cols);
    }
    this.lines[index] = line;
    this.cols[index] = column;
    this.n = Math.max(this.n, index + 1);
  }

  locate(pointer: string): Position | undefined {
    const m = /^\/log\/entries\/(\d+)(?:\/|$)/.exec(pointer);
    if (!m) return { line: 1, column: 1 };
    const i = Number(m[1]);
    return i < this.n ? { line: this.lines[i]!, column: this.cols[i]! } : undefined;
  }
}

async function readStream(head: FileHead, ctx: StreamContext): Promise<StreamResult> {
  const cap = new Capture(head.file, ctx.traffic, ctx.findings);
  const pos = new EntryPositions();
  let oversize = 0;
  let firstOversize: Loc | undefined;
  const onElement = (e: ArrayElement) => {
    pos.add(e.index, e.line, e.column);
    cap.entry(e.value, e.index, e.lazy);
  };
  const onOversize = (index: number, line: number, column: number) => {
    pos.add(index, line, column);
    oversize++;
    firstOversize ??= { file: head.file, pointer: `/log/entries/${index}` };
  };
  let res: Streamed;
  let scan: { found: boolean; mismatches: string[]; creator: unknown };
  if (readWithWorker(head, ctx)) {
    // A large capture: a worker thread scans it for its entries while this one parses and aggregates them.
    const r = await readHarInWorker(head, ctx.maxEntryBytes, { element: onElement, oversize: onOversize });
    res = r;
    scan = r;
  } else {
    const js = new JsonArrayStreamer({
      ...harScan(head.file, ctx.maxEntryBytes),
      onElement,
      onOversize,
    });
    res = await streamChunks(head, (c) => js.write(c));
    js.end();
    scan = { found: js.found, mismatches: js.mismatches, creator: js.members.get('log.creator') };
  }
  const { found, mismatches, creator } = scan;
  if (mismatches.length) throw new InputError(head.file, `not a HAR: '${mismatches[0]}' is not ${mismatches[0] === 'log.entries' ? 'an array' : 'an object'}`);
  if (!found) throw new InputError(head.file, 'not a HAR: no log.entries array');
  if (oversize) {
    ctx.findings.push({ ruleId: 'traffic-entry-skipped', severity: 'low', message: `${oversize} HAR entr${oversize === 1 ? 'y is' : 'ies are'} larger than the per-entry limit and were not assessed`, loc: firstOversize! });
  }
  return { contribution: cap.finish(creator), sha256: res.sha256, bytes: res.bytes, locate: (p) => pos.locate(p) };
}

function toModel(pf: ParsedFile, ctx: AdapterContext): Contribution {
  const log = get(pf.docs[0], 'log');
  const cap = new Capture(pf.file, ctx.traffic, ctx.findings);
  arr(get(log, 'entries')).forEach((e, i) => cap.entry(e, i, noLazy));
  return cap.finish(get(log, 'creator'));
}

export const harAdapter: KindAdapter = {
  kind: KIND,
  title: 'HAR 1.2 capture',
  detect: (pf) => {
    const log = get(pf.docs[0], 'log');
    return pf.docs.length === 1 && isObj(log) && Array.isArray(get(log, 'entries'));
  },
  sniff: HEAD,
  toModel,
  streaming: {
    sniff: (head) => !head.bom?.startsWith('utf-16') && HEAD.test(head.text),
    read: readStream,
  },
};
