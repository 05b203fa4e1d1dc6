// Worker thread entry for large access logs: takes the file's bytes in order from the reading thread, cuts them into
// lines and parses each (JSON, then the call the line records), and sends back each chunk's calls as a batch
// (`src/kinds/access-log/wire.ts`), in order.

import { parentPort, workerData } from 'node:worker_threads';
import { forEachLine, LineCutter, withoutBom } from '../load/stream.js';
import { lineOutcome } from '../kinds/access-log/records.js';
import { CallEncoder } from '../kinds/access-log/wire.js';
import type { Loc } from '../model/types.js';

export interface LineWorkerInit {
  maxLineBytes: number;
}

/** From the reading thread: the next bytes of the file (`first`: the file's first bytes), or its end. */
export type LineWorkerInput = { chunk: ArrayBuffer; length: number; first: boolean } | { end: true };

const { maxLineBytes } = workerData as LineWorkerInit;
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
const send = () => {
  const batch = encoder.take(lines);
  lines = 0;
  parentPort!.postMessage(batch, [batch.nums.buffer as ArrayBuffer]);
};

parentPort!.on('message', (m: LineWorkerInput) => {
  if ('end' in m) {
    cutter.end();
    send();
    return;
  }
  const chunk = Buffer.from(m.chunk, 0, m.length);
  // A UTF-8 byte-order mark is not part of the first line.
  cutter.push(m.first ? withoutBom(chunk) : chunk);
  send();
});
