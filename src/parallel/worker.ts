// Worker thread entry: rebuilds the run's options once, then assesses the files the main thread sends, one at a time.
// Each file's documents are released when its result has been sent (memory stays flat over thousands of files).

import { parentPort, workerData } from 'node:worker_threads';
import type { AssessOptions } from '../assess.js';
import type { Collected } from '../load/collect.js';
import type { LoadPolicy } from '../load/store.js';
import { assessUnit } from './unit.js';

export interface WorkerInit {
  policy: LoadPolicy;
  options: AssessOptions;
  workerOptions?: { module: string; data: unknown };
}

const init = workerData as WorkerInit;
let options: AssessOptions = init.options;
if (init.workerOptions) {
  const mod = (await import(init.workerOptions.module)) as { workerOptions: (data: unknown) => AssessOptions };
  options = { ...mod.workerOptions(init.workerOptions.data), ...init.options };
}

parentPort!.on('message', async (msg: { index: number; file: Collected }) => {
  const result = await assessUnit(msg.index, msg.file, init.policy, options);
  try {
    parentPort!.postMessage(result);
  } catch {
    parentPort!.postMessage({ index: msg.index, status: 'deferred' });
  }
});
parentPort!.postMessage({ ready: true });
