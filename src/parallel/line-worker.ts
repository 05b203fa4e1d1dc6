// Worker thread entry for large access logs: cuts the file's bytes into lines and parses each (JSON, then the call the
// line records), and answers each chunk with the batch of its calls (`src/kinds/access-log/wire.ts`), in order.

import { forEachLine, LineCutter } from '../load/stream.js';
import { lineOutcome } from '../kinds/access-log/records.js';
import { CallEncoder } from '../kinds/access-log/wire.js';
import type { Loc } from '../model/types.js';
import { serveChunks, startData, type Answer } from './stream-worker.js';

export interface LineWorkerInit {
  maxLineBytes: number;
}

const { maxLineBytes } = startData<LineWorkerInit>();
const encoder = new CallEncoder();
// The aggregating thread gives each call its location; here every call gets this one.
const NOWHERE: Loc = { file: '', pointer: '' };
/** Lines in the batch being recorded. */
let lines = 0;

const onLine = (line: string | undefined, i: number) => {
  const r = lineOutcome(line, NOWHERE);
  if (r === 'too-long') encoder.tooLong(i);
  else if (r === 'not-record') encoder.notRecord(i);
  else if (r) encoder.call(i, r);
};
const cutter = new LineCutter(maxLineBytes, {
  run: (buf) => {
    const base = lines;
    lines += forEachLine(buf, maxLineBytes, (line, i) => onLine(line, base + i));
  },
  tooLong: () => encoder.tooLong(++lines),
});
const batch = (): Answer => {
  const b = encoder.take(lines);
  lines = 0;
  return { message: b, transfer: [b.nums.buffer as ArrayBuffer] };
};

serveChunks({
  chunk: (b) => {
    cutter.push(b);
    return batch();
  },
  end: () => {
    cutter.end();
    return batch();
  },
});
