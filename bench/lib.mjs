// Shared helpers of the benchmarks: run a command as a child process and measure its wall time and peak RSS.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CORPUS = process.env.API_MATURITY_CORPUS ?? '/work/shared/corpus';
export const BIN = path.join(ROOT, 'bin/api-maturity');

const TIME = '/usr/bin/time';

/**
 * Runs `node <script> ...args` and measures the whole process: wall time (s) and peak resident set size (MiB, the
 * largest of the process and its children). Uses GNU time when present, else polls /proc/<pid>/status (VmHWM).
 * A run that exceeds `timeoutS` is killed and reported as `timedOut`.
 */
export function measure(script, args, { timeoutS = 300, cwd = ROOT, env = {} } = {}) {
  return new Promise((resolve) => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'am-bench-'));
    const timeFile = path.join(tmp, 'time.txt');
    const useTime = existsSync(TIME);
    const cmd = useTime ? TIME : process.execPath;
    const argv = useTime ? ['-o', timeFile, '-f', '%e %M', process.execPath, script, ...args] : [script, ...args];
    const started = process.hrtime.bigint();
    const child = spawn(cmd, argv, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => {
      if (stderr.length < 4000) stderr += d;
    });
    let peakKiB = 0;
    let timedOut = false;
    // Peak RSS of the process and its descendants. With GNU time measuring the process itself, /proc is read rarely:
    // each look costs about a millisecond of CPU that, on a two-core machine, the measured process would otherwise have.
    const poll = setInterval(() => {
      for (const pid of descendants(child.pid)) {
        try {
          const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
          if (m) peakKiB = Math.max(peakKiB, Number(m[1]));
        } catch {
          /* gone */
        }
      }
    }, useTime ? 250 : 50);
    const timer = setTimeout(() => {
      timedOut = true;
      for (const pid of descendants(child.pid).reverse()) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
    }, timeoutS * 1000);
    child.on('close', (code, signal) => {
      clearInterval(poll);
      clearTimeout(timer);
      let wall = Number(process.hrtime.bigint() - started) / 1e9;
      if (useTime && existsSync(timeFile)) {
        const last = readFileSync(timeFile, 'utf8').trim().split('\n').pop() ?? '';
        const m = /^([\d.]+) (\d+)$/.exec(last);
        if (m) {
          wall = Number(m[1]);
          peakKiB = Math.max(peakKiB, Number(m[2]));
        }
      }
      rmSync(tmp, { recursive: true, force: true });
      resolve({ wall, rssMiB: peakKiB / 1024, code: code ?? (signal ? 128 : -1), timedOut, stderr: stderr.trim() });
    });
  });
}

/** The process and its descendants (from /proc), parents first. */
function descendants(root) {
  if (!existsSync('/proc')) return [root];
  const kids = new Map();
  try {
    for (const d of readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        const l = kids.get(ppid) ?? [];
        l.push(Number(d));
        kids.set(ppid, l);
      } catch {
        /* gone */
      }
    }
  } catch {
    return [root];
  }
  const out = [];
  const stack = [root];
  while (stack.length) {
    const p = stack.shift();
    out.push(p);
    stack.push(...(kids.get(p) ?? []));
  }
  return out;
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Runs a measurement `runs` times (once when the first run takes over `oneIfOverS` seconds or fails) and returns the
 * median wall time and peak RSS with every sample.
 */
export async function repeat(fn, { runs = 3, oneIfOverS = 60 } = {}) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const r = await fn();
    samples.push(r);
    if (r.timedOut || r.code > 1 || r.wall > oneIfOverS) break;
  }
  const ok = samples.filter((s) => !s.timedOut);
  return {
    wall: median(samples.map((s) => s.wall)),
    rssMiB: median(samples.map((s) => s.rssMiB)),
    runs: samples.length,
    code: samples[samples.length - 1].code,
    timedOut: samples.some((s) => s.timedOut),
    failed: ok.length === 0 || samples.some((s) => s.code > 1),
    stderr: samples.find((s) => s.code > 1)?.stderr ?? '',
    samples: samples.map((s) => ({ wall: round(s.wall, 3), rssMiB: round(s.rssMiB, 1), code: s.code, timedOut: s.timedOut })),
  };
}

export function round(x, d = 2) {
  const f = 10 ** d;
  return Math.round(x * f) / f;
}

/** A fixed-width text table. */
export function table(head, rows) {
  const w = head.map((h, i) => Math.max(String(h).length, ...rows.map((r) => String(r[i]).length)));
  const line = (r) => r.map((c, i) => (i === 0 ? String(c).padEnd(w[i]) : String(c).padStart(w[i]))).join('  ');
  return [line(head), w.map((n) => '-'.repeat(n)).join('  '), ...rows.map(line)].join('\n');
}

export function markdownTable(head, rows) {
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}
