// Worker thread entry for large HAR captures: runs the streaming scanner over the file's bytes (`log.entries` found
// and cut into elements, lines and columns counted, long body strings located) without parsing the elements, and
// answers each chunk with the elements it completed — their bytes in one moved buffer — and the elements over the
// limit, in order; the answer to the end carries what the scan found of the document. The reading thread parses the
// elements (`parseElement`): scanning and parsing, about half the work each, run side by side.

import { InputError } from '../load/errors.js';
import { JsonArrayStreamer, type RawElement } from '../load/jsonstream.js';
import { harScan } from '../kinds/har/scan.js';
import { ELEMENT, OVERSIZE } from './har.js';
import { serveChunks, startData, type Answer } from './stream-worker.js';

export interface HarWorkerInit {
  file: string;
  maxEntryBytes: number;
}

/** What the worker answers to a chunk, and to the end. */
export interface HarAnswer {
  /** Per record: 0 (an element: index, line, column, bytes, offset and length in `text`, ranges, then each range's start and end) or 1 (an element over the limit: index, line, column, bytes). */
  records: Float64Array;
  /** The elements' bytes, one after the other. */
  text: ArrayBuffer;
  /** The scan stopped at invalid JSON (the error a run in one thread gives). */
  error?: { file: string; detail: string; line?: number; column?: number };
  /** The answer to the end: what the scan found of the document. */
  done?: { found: boolean; mismatches: string[]; creator: unknown };
}


const { file, maxEntryBytes } = startData<HarWorkerInit>();
let records: number[] = [];
let texts: Buffer[] = [];
let textBytes = 0;

const js = new JsonArrayStreamer({
  ...harScan(file, maxEntryBytes),
  onElement: () => {
    throw new Error('elements are passed unparsed');
  },
  onRawElement: (e: RawElement) => {
    records.push(ELEMENT, e.index, e.line, e.column, e.bytes, textBytes, e.text.length, e.ranges.length);
    for (const [s, end] of e.ranges) records.push(s, end);
    texts.push(e.text);
    textBytes += e.text.length;
  },
  onOversize: (index, line, column, bytes) => void records.push(OVERSIZE, index, line, column, bytes),
});

let failed = false;
const answer = (step: () => void, end: boolean): Answer => {
  let error: HarAnswer['error'];
  if (!failed) {
    try {
      step();
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      failed = true;
      error = { file: e.file, detail: e.detail, ...(e.line !== undefined ? { line: e.line } : {}), ...(e.column !== undefined ? { column: e.column } : {}) };
    }
  }
  // The elements' bytes are copied into one buffer of its own, which moves to the reading thread (an element's bytes
  // may be a view of a chunk, or of a pooled buffer).
  const text = Buffer.allocUnsafeSlow(textBytes);
  let at = 0;
  for (const t of texts) at += t.copy(text, at);
  const a: HarAnswer = { records: new Float64Array(records), text: text.buffer as ArrayBuffer };
  records = [];
  texts = [];
  textBytes = 0;
  if (error) a.error = error;
  if (end && !failed) a.done = { found: js.found, mismatches: js.mismatches, creator: js.members.get('log.creator') };
  return { message: a, transfer: [a.records.buffer as ArrayBuffer, a.text] };
};

serveChunks({
  chunk: (b) => answer(() => js.write(b), false),
  end: () => answer(() => js.end(), true),
});
