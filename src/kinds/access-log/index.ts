// JSON-lines access logs, read line by line: Envoy / Istio (`json_format` with the usual keys, or Istio's fixed JSON
// encoding) and Kong (`file-log`, `http-log`, `tcp-log` serializer). Logs carry no bodies; they show methods, paths,
// statuses, rate limiting, client certificates and, when the operator logs them, credential headers (redacted here).

import type { Position } from '../../load/parse.js';
import { streamLines, type FileHead } from '../../load/stream.js';
import type { InputKind, Loc } from '../../model/types.js';
import { TrafficAggregator } from '../traffic/aggregate.js';
import { readWithWorker, type KindAdapter, type StreamContext, type StreamResult } from '../types.js';
import { readLinesInWorker } from '../../parallel/lines.js';
import { F, lineOutcome, profileOf } from './records.js';
import type { CallSink } from './wire.js';


const KIND: InputKind = 'access-log';

/** A member name `profileOf` needs: one of the method names, or Kong's `request`. */
const RECORD_KEY = new RegExp(`"(?:${[...F.method, 'request'].map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})"\\s*:`);

/** The first complete line of the head, parsed, when it is a JSON object. */
function firstRecord(text: string): unknown {
  // Every file is sniffed: lines are found without splitting the whole head, and a line that cannot be one JSON object
  // (a pretty-printed document's "{", a minified document cut at the end of the head) is refused before parsing.
  for (let from = 0; from < text.length; ) {
    let nl = text.indexOf('\n', from);
    if (nl < 0) nl = text.length;
    const t = text.slice(from, nl).trim();
    from = nl + 1;
    if (!t) continue;
    if (!t.startsWith('{') || !t.endsWith('}')) return undefined;
    // A record has a method (Envoy's names) or a `request` member (Kong): a line that names neither — a minified
    // document of another kind, which may be the whole 64 KiB head — is not parsed. Escaped names are parsed to decide.
    if (!RECORD_KEY.test(t) && !t.includes('\\u')) return undefined;
    try {
      return JSON.parse(t) as unknown;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

async function readStream(head: FileHead, ctx: StreamContext): Promise<StreamResult> {
  const agg = new TrafficAggregator(head.file, KIND, ctx.traffic, ctx.findings);
  let skipped = 0;
  let firstSkipped: Loc | undefined;
  const skip = (loc: Loc) => {
    skipped++;
    firstSkipped ??= loc;
  };
  const sink: CallSink = {
    call: (call) => {
      agg.counts.entries++;
      agg.add(call);
    },
    notRecord: (loc) => {
      agg.counts.entries++;
      skip(loc);
    },
    tooLong: skip,
  };
  const res =
    readWithWorker(head, ctx)
      ? await readLinesInWorker(head, ctx.maxEntryBytes, sink)
      : await streamLines(head, ctx.maxEntryBytes, (line, no) => {
          const loc: Loc = { file: head.file, pointer: `/${no - 1}` };
          const r = lineOutcome(line, loc);
          if (r === 'too-long') sink.tooLong(loc);
          else if (r === 'not-record') sink.notRecord(loc);
          else if (r) sink.call(r);
        });
  if (skipped) {
    ctx.findings.push({ ruleId: 'traffic-entry-skipped', severity: 'low', message: `${skipped} line${skipped === 1 ? ' is' : 's are'} not access-log records (invalid JSON, another shape, or over the per-line limit) and were not assessed`, loc: firstSkipped! });
  }
  const locate = (pointer: string): Position | undefined => {
    const m = /^\/(\d+)(?:\/|$)/.exec(pointer);
    return m ? { line: Number(m[1]) + 1, column: 1 } : { line: 1, column: 1 };
  };
  return { contribution: { apis: agg.finish(false) }, sha256: res.sha256, bytes: res.bytes, locate };
}

export const accessLogAdapter: KindAdapter = {
  kind: KIND,
  title: 'JSON-lines access log (Envoy, Istio, Kong)',
  // Access logs are always read as a stream; a parsed document is never one.
  detect: () => false,
  toModel: () => ({ apis: [] }),
  streaming: {
    sniff: (head) => !head.bom?.startsWith('utf-16') && profileOf(firstRecord(head.text)) !== undefined,
    read: readStream,
  },
};
