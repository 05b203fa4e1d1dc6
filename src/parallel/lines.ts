// Large access logs: the worker (`line-worker.ts`) cuts the file's bytes into lines and parses each into a call
// (JSON.parse and the call's fields: about half the work); the calls come back as batches
// (`src/kinds/access-log/wire.ts`) in file order, to the same aggregation as in one thread.

import type { FileHead, Streamed } from '../load/stream.js';
import { CallDecoder, type Batch, type CallSink } from '../kinds/access-log/wire.js';
import type { LineWorkerInit } from './line-worker.js';
import { streamThroughWorker } from './stream-worker.js';

/**
 * Reads a JSON-lines access log with a worker thread parsing its lines, feeding `sink` the lines in file order.
 * `workerUrl` is for tests (a worker that fails).
 */
export async function readLinesInWorker(head: FileHead, maxLineBytes: number, sink: CallSink, workerUrl = new URL('../parallel/line-worker.js', import.meta.url)): Promise<Streamed> {
  // The URL resolves from src/parallel/ or from the command-line bundle in src/cli/: both reach the same file.
  const decoder = new CallDecoder(head.file);
  let lines = 0;
  return streamThroughWorker<Batch>(head, workerUrl, { maxLineBytes } satisfies LineWorkerInit, (b) => {
    decoder.decode(b, lines, sink);
    lines += b.lines;
  });
}
