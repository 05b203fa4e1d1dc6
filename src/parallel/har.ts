// Large HAR captures: the worker (`har-worker.ts`) scans the file for its entries; this thread parses each entry it
// finds (`parseElement`, as the streamer does in one thread) and hands them on in file order.

import { InputError } from '../load/errors.js';
import { parseElement, type ArrayElement } from '../load/jsonstream.js';
import type { FileHead, Streamed } from '../load/stream.js';
import type { HarAnswer, HarWorkerInit } from './har-worker.js';
import { streamThroughWorker } from './stream-worker.js';

/** Records of a worker's answer: an element, and an element over the size limit. */
export const ELEMENT = 0;
export const OVERSIZE = 1;

export interface HarSink {
  element(e: ArrayElement): void;
  oversize(index: number, line: number, column: number): void;
}

/** Reads a HAR with a worker thread scanning it, feeding `sink` the entries in file order. */
export async function readHarInWorker(head: FileHead, maxEntryBytes: number, sink: HarSink): Promise<Streamed & NonNullable<HarAnswer['done']>> {
  let done: HarAnswer['done'];
  // The URL resolves from src/parallel/ or from the command-line bundle in src/cli/: both reach the same file.
  const url = new URL('../parallel/har-worker.js', import.meta.url);
  const res = await streamThroughWorker<HarAnswer>(head, url, { file: head.file, maxEntryBytes } satisfies HarWorkerInit, (a) => {
    const r = a.records;
    for (let k = 0; k < r.length; ) {
      const [tag, index, line, column, bytes] = [r[k]!, r[k + 1]!, r[k + 2]!, r[k + 3]!, r[k + 4]!];
      if (tag !== ELEMENT) {
        sink.oversize(index, line, column);
        k += 5;
        continue;
      }
      const text = Buffer.from(a.text, r[k + 5]!, r[k + 6]!);
      const n = r[k + 7]!;
      const ranges: [number, number][] = [];
      for (let i = 0; i < n; i++) ranges.push([r[k + 8 + 2 * i]!, r[k + 9 + 2 * i]!]);
      k += 8 + 2 * n;
      sink.element(parseElement(head.file, { index, line, column, bytes, text, ranges }));
    }
    if (a.error) throw new InputError(a.error.file, a.error.detail, a.error.line, a.error.column);
    if (a.done) done = a.done;
    // The worker hashes too: this thread, which parses and aggregates the entries, has the larger share of the work.
  }, true);
  if (!done) throw new Error('the HAR worker did not finish');
  return { ...res, ...done };
}
