// Large access logs on two cores: this thread reads and hashes the file and hands its bytes, in order, to a worker
// thread that cuts them into lines and parses each line into a call (JSON.parse and the call's fields: about half the
// work); this thread takes the calls back in file order and aggregates them. The aggregation sees the same calls in the
// same order as in one thread, so the report is byte-identical either way.

import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { InputError } from '../load/errors.js';
import type { FileHead, Streamed } from '../load/stream.js';
import { CallDecoder, type Batch, type CallSink } from '../kinds/access-log/wire.js';
import type { LineWorkerInit, LineWorkerInput } from './line-worker.js';

const CHUNK = 1024 * 1024;
/** Chunks handed over and not yet answered: enough to keep the worker busy, few enough to keep memory flat. */
const AHEAD = 4;

/** Runs of `readLinesInWorker` so far (tests check that a run took this path). */
export const logWorkerRuns = { count: 0 };

/**
 * Reads a JSON-lines access log with a worker thread parsing its lines, feeding `sink` the lines in file order.
 * `workerUrl` is for tests (a worker that fails).
 */
export async function readLinesInWorker(head: FileHead, maxLineBytes: number, sink: CallSink, workerUrl = new URL('../parallel/line-worker.js', import.meta.url)): Promise<Streamed> {
  logWorkerRuns.count++;
  const init: LineWorkerInit = { maxLineBytes };
  // Resolved from src/parallel/ or from the command-line bundle in src/cli/: both reach the same file. Its young
  // generation is capped: what it allocates per line dies at once, and the default would add 30 MB or so to the
  // process for nothing.
  const worker = new Worker(workerUrl, { workerData: init, resourceLimits: { maxYoungGenerationSizeMb: 16 } });
  const decoder = new CallDecoder(head.file);
  let lines = 0;
  let pending = 0;
  let stopping = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const signal = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const fail = (e: unknown) => {
    failure ??= e;
    signal();
  };
  const changed = () => new Promise<void>((res) => (wake = res));
  worker.on('message', (m: Batch) => {
    pending--;
    try {
      if (!failure) decoder.decode(m, lines, sink);
      lines += m.lines;
    } catch (e) {
      failure ??= e;
    }
    signal();
  });
  worker.on('messageerror', fail);
  worker.on('error', fail);
  // The worker ends only when this side stops it: any other exit, early or late, fails the read.
  worker.on('exit', (code) => {
    if (!stopping) fail(new Error(`the log-parsing worker stopped (exit code ${code})`));
  });
  const send = (m: LineWorkerInput, transfer: ArrayBuffer[] = []) => worker.postMessage(m, transfer);

  const hash = createHash('sha256');
  let bytes = 0;
  let fh: FileHandle | undefined;
  try {
    fh = await open(head.abs, 'r');
    for (;;) {
      // A buffer of its own for each chunk: it moves to the worker, not copied.
      const buf = Buffer.allocUnsafeSlow(CHUNK);
      const { bytesRead } = await fh.read(buf, 0, CHUNK, null);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
      pending++;
      send({ chunk: buf.buffer as ArrayBuffer, length: bytesRead, first: bytes === 0 }, [buf.buffer as ArrayBuffer]);
      bytes += bytesRead;
      while (!failure && pending >= AHEAD) await changed();
      if (failure) throw failure;
    }
    // The last batch answers the end.
    pending++;
    send({ end: true });
    while (!failure && pending > 0) await changed();
    if (failure) throw failure;
    return { sha256: hash.digest('hex'), bytes };
  } catch (e) {
    // As `streamChunks` does in one thread: an error with a code (a read error, a line too long to decode) names it.
    const code = (e as NodeJS.ErrnoException | undefined)?.code;
    if (!(e instanceof InputError) && typeof code === 'string') throw new InputError(head.file, `cannot read: ${code}`);
    throw e;
  } finally {
    stopping = true;
    void worker.terminate();
    await fh?.close().catch(() => undefined);
  }
}
