// Large traffic files on two cores: this thread reads and hashes the file and hands its bytes, in order, to a worker
// thread that does part of the parsing (an access log's lines into calls; a HAR's scan for its entries) and answers
// each chunk, and the end, with one message, in order; this thread takes the answers and does the rest. It sees the
// same records in the same order as a run in one thread, so the report is byte-identical either way.

import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { InputError } from '../load/errors.js';
import { withoutBom, type FileHead, type Streamed } from '../load/stream.js';

const CHUNK = 1024 * 1024;
/** Chunks handed over and not yet answered: enough to keep the worker busy, few enough to keep memory flat. */
const AHEAD = 4;

/** From the reading thread: the next bytes of the file, or its end. */
export type ChunkInput = { chunk: ArrayBuffer; length: number } | { end: true };
/** To the reading thread: an answer, and with the last one the file's hash when the worker computes it. */
interface Envelope {
  answer: unknown;
  sha256?: string;
}

/** Runs through a worker so far (tests check that a run took this path). */
export const trafficWorkerRuns = { count: 0 };

/**
 * Streams a file through the worker at `workerUrl` (started with `workerData`), which answers each chunk, and the end,
 * with one message (see `serveChunks`); `onAnswer` gets them in order. An error thrown by `onAnswer`, by the worker or
 * by reading ends the run; the worker is always stopped. `hashInWorker`: the worker hashes the bytes (for a worker
 * with less to do than this thread), else this thread does.
 */
export async function streamThroughWorker<A>(head: FileHead, workerUrl: URL, workerData: unknown, onAnswer: (a: A) => void, hashInWorker = false): Promise<Streamed> {
  trafficWorkerRuns.count++;
  // Its young generation is capped: what it allocates per record dies at once, and the default would add 30 MB or so
  // to the process for nothing.
  const worker = new Worker(workerUrl, { workerData: { data: workerData, hash: hashInWorker } satisfies WorkerStart, resourceLimits: { maxYoungGenerationSizeMb: 16 } });
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
  let workerHash: string | undefined;
  worker.on('message', (m: Envelope) => {
    pending--;
    if (m.sha256 !== undefined) workerHash = m.sha256;
    try {
      if (!failure) onAnswer(m.answer as A);
    } catch (e) {
      failure ??= e;
    }
    signal();
  });
  worker.on('messageerror', fail);
  worker.on('error', fail);
  // The worker ends only when this side stops it: any other exit, early or late, fails the read.
  worker.on('exit', (code) => {
    if (!stopping) fail(new Error(`the traffic-parsing worker stopped (exit code ${code})`));
  });
  const send = (m: ChunkInput, transfer: ArrayBuffer[] = []) => {
    pending++;
    worker.postMessage(m, transfer);
  };

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
      if (!hashInWorker) hash.update(buf.subarray(0, bytesRead));
      bytes += bytesRead;
      send({ chunk: buf.buffer as ArrayBuffer, length: bytesRead }, [buf.buffer as ArrayBuffer]);
      while (!failure && pending >= AHEAD) await changed();
      if (failure) throw failure;
    }
    send({ end: true });
    while (!failure && pending > 0) await changed();
    if (failure) throw failure;
    return { sha256: hashInWorker ? workerHash! : hash.digest('hex'), bytes };
  } catch (e) {
    // As `streamChunks` does in one thread: an error with a code (a read error, a record too long to decode) names it.
    const code = (e as NodeJS.ErrnoException | undefined)?.code;
    if (!(e instanceof InputError) && typeof code === 'string') throw new InputError(head.file, `cannot read: ${code}`);
    throw e;
  } finally {
    stopping = true;
    void worker.terminate();
    await fh?.close().catch(() => undefined);
  }
}

/** An answer, and the buffers it moves rather than copies. */
export interface Answer {
  message: unknown;
  transfer?: ArrayBuffer[];
}

/** What a worker is started with. */
interface WorkerStart {
  data: unknown;
  hash: boolean;
}

/** In a worker: what the reading thread started it with (`workerData` of `streamThroughWorker`). */
export function startData<T>(): T {
  return (workerData as WorkerStart).data as T;
}

/**
 * In a worker: answers each chunk the reading thread sends (a UTF-8 BOM dropped from the first) and the end, with one
 * message each, in order; hashes the bytes when asked to.
 */
export function serveChunks(on: { chunk(b: Buffer): Answer; end(): Answer }): void {
  const hash = (workerData as WorkerStart).hash ? createHash('sha256') : undefined;
  let first = true;
  parentPort!.on('message', (m: ChunkInput) => {
    let a: Answer;
    const env: Envelope = { answer: undefined };
    if ('end' in m) {
      a = on.end();
      if (hash) env.sha256 = hash.digest('hex');
    } else {
      const b = Buffer.from(m.chunk, 0, m.length);
      hash?.update(b);
      a = on.chunk(first ? withoutBom(b) : b);
      first = false;
    }
    env.answer = a.message;
    parentPort!.postMessage(env, a.transfer ?? []);
  });
}
