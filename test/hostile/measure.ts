// The command line as bin/api-maturity runs it, plus a report of the process's own resource use on file descriptor 3
// (peak RSS and CPU time), for the bad-input matrix. Does nothing unless AM_MEASURE is set (the test runner also
// executes every file under dist/test/).
import { writeSync } from 'node:fs';
import { main } from '../../src/cli/main.js';

if (process.env['AM_MEASURE'] === '1') {
  process.on('exit', () => {
    const u = process.resourceUsage();
    try {
      writeSync(3, JSON.stringify({ maxRSSKb: u.maxRSS, cpuMs: Math.round((u.userCPUTime + u.systemCPUTime) / 1000) }));
    } catch {
      /* no fd 3: run by hand */
    }
  });
  process.exitCode = await main(process.argv.slice(2));
}
