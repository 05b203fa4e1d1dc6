// A worker thread that runs the command line's main() on request and returns its exit code and output, so the
// fuzzer can run thousands of inputs without starting a process for each — and still stop a run that hangs
// (worker.terminate()) or exhausts its heap (resourceLimits). Inert unless started by the fuzzer (the test runner also
// executes every file under dist/test/).
import { parentPort, workerData } from 'node:worker_threads';

export interface Job {
  id: number;
  argv: string[];
}

export interface JobResult {
  id: number;
  code?: number;
  stdout: string;
  stderr: string;
  /** main() threw (it must never). */
  thrown?: string;
}

if (parentPort && (workerData as { amFuzzWorker?: boolean } | undefined)?.amFuzzWorker) {
  const port = parentPort;
  const { main } = await import('../../src/cli/main.js');
  port.on('message', (job: Job) => {
    void (async () => {
      let stdout = '';
      let stderr = '';
      const ow = process.stdout.write.bind(process.stdout);
      const ew = process.stderr.write.bind(process.stderr);
      process.stdout.write = ((chunk: string | Uint8Array) => {
        stdout += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
        return true;
      }) as typeof process.stdout.write;
      process.stderr.write = ((chunk: string | Uint8Array) => {
        stderr += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
        return true;
      }) as typeof process.stderr.write;
      const res: JobResult = { id: job.id, stdout: '', stderr: '' };
      try {
        res.code = await main(job.argv);
      } catch (e) {
        res.thrown = String((e as Error)?.stack ?? e);
      } finally {
        process.stdout.write = ow;
        process.stderr.write = ew;
      }
      res.stdout = stdout;
      res.stderr = stderr;
      port.postMessage(res);
    })();
  });
  port.postMessage({ ready: true });
}
