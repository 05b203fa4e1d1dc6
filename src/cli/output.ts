import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../load/errors.js';

/**
 * Writes an output file (its directory created) from pieces of text, one at a time. A file that cannot be written — a
 * directory, a read-only place — is the one-line error of a bad input (exit 2), not an internal error.
 */
export function writeOutputFile(file: string, pieces: Iterable<string>): void {
  let fd: number;
  try {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fd = openSync(file, 'w');
  } catch (e) {
    throw cannotWrite(file, e);
  }
  try {
    for (const piece of pieces) {
      const buf = Buffer.from(piece, 'utf8');
      for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off);
    }
  } catch (e) {
    throw cannotWrite(file, e);
  } finally {
    closeSync(fd);
  }
}

function cannotWrite(file: string, e: unknown): unknown {
  const code = (e as NodeJS.ErrnoException).code;
  return code ? new InputError(file, `cannot write the output file (${code})`) : e;
}
