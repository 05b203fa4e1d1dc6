import { clean } from '../report/text.js';

// Progress on stderr: shown on a TTY once a run takes longer than about a second (or always with --progress).

export interface Progress {
  update(done: number, total: number, file: string): void;
  done(): void;
}

export function startProgress(forced: boolean): Progress {
  const tty = process.stderr.isTTY === true;
  if (!tty && !forced) return { update() {}, done() {} };
  const started = Date.now();
  let last = 0;
  let shown = false;
  return {
    update(done, total, file) {
      const now = Date.now();
      if (!forced && now - started < 1000) return;
      if (now - last < 100 && done < total) return;
      last = now;
      shown = true;
      const name = clean(file);
      const line = `assessing ${done}/${total} ${name.length > 60 ? '…' + name.slice(-59) : name}`;
      if (tty) process.stderr.write(`\r\u001b[2K${line}`);
      else process.stderr.write(`${line}\n`);
    },
    done() {
      if (shown && tty) process.stderr.write('\r\u001b[2K');
    },
  };
}
