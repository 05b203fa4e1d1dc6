import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { InputError } from './errors.js';

export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

export interface TextFile {
  /** Path as shown in reports (relative to the working directory). */
  file: string;
  abs: string;
  text: string;
  bytes: number;
  sha256: string;
}

/** Why a file is not text, or undefined when it is. */
export type NotText = { reason: string };

/**
 * Reads a file as UTF-8 text, refusing anything over `maxBytes` before reading it.
 * A UTF-8 BOM is dropped; UTF-16 with a BOM is decoded; invalid UTF-8 and binary content are reported, not guessed at.
 */
export function readText(abs: string, file: string, maxBytes = DEFAULT_MAX_BYTES): TextFile | NotText {
  return withRegularFile<TextFile | NotText>(abs, file, (fd, size) => {
    if (size > maxBytes) {
      throw new InputError(file, `file is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} limit (raise it with --max-file-size)`);
    }
    const { buf, off } = readPrefix(fd, size);
    const data = off === size ? buf : buf.subarray(0, off);
    const sha256 = createHash('sha256').update(data).digest('hex');
    const decoded = decode(data);
    if ('reason' in decoded) return decoded;
    return { file, abs, text: decoded.text, bytes: data.length, sha256 };
  });
}

/** Opens a regular file for reading (one-line errors naming it), runs `fn` with its descriptor and size, closes it. */
export function withRegularFile<T>(abs: string, file: string, fn: (fd: number, size: number) => T): T {
  let fd: number;
  try {
    // Non-blocking: opening a FIFO (or a device) for reading must not wait for a writer; it is refused just below.
    fd = openSync(abs, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw new InputError(file, `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new InputError(file, 'not a regular file');
    return fn(fd, st.size);
  } finally {
    closeSync(fd);
  }
}

/** The first `n` bytes of an open file (fewer if it is shorter). */
export function readPrefix(fd: number, n: number): { buf: Buffer; off: number } {
  const buf = Buffer.allocUnsafe(n);
  let off = 0;
  while (off < n) {
    const r = readSync(fd, buf, off, n - off, off);
    if (r === 0) break;
    off += r;
  }
  return { buf, off };
}

/**
 * The beginning of a regular file as text, decoded leniently (invalid bytes replaced, NULs as spaces): enough to tell
 * what a file that failed to load was meant to be. Undefined when it cannot be read.
 */
export function readLenientHead(abs: string, bytes = 65536): string | undefined {
  try {
    return withRegularFile(abs, abs, (fd, size) => {
      const { buf, off } = readPrefix(fd, Math.min(bytes, size));
      return new TextDecoder('utf-8').decode(buf.subarray(0, off)).replace(/\u0000/g, ' ');
    });
  } catch {
    return undefined;
  }
}

export function decode(data: Buffer): { text: string } | NotText {
  if (data.length >= 2 && data[0] === 0xff && data[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(data.subarray(2)) };
  if (data.length >= 2 && data[0] === 0xfe && data[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(data.subarray(2)) };
  let start = 0;
  if (data.length >= 3 && data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) start = 3;
  const body = data.subarray(start);
  // A NUL byte in the first 8 KiB: a binary file, not a document.
  const probe = body.subarray(0, 8192);
  if (probe.includes(0)) return { reason: 'binary content' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body) };
  } catch {
    return { reason: `invalid UTF-8 at byte ${firstInvalidUtf8(body) + start}` };
  }
}

function firstInvalidUtf8(b: Buffer): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    const n = c < 0x80 ? 1 : c >> 5 === 6 ? 2 : c >> 4 === 14 ? 3 : c >> 3 === 30 ? 4 : 0;
    if (n === 0 || i + n > b.length) return i;
    for (let k = 1; k < n; k++) if (b[i + k]! >> 6 !== 2) return i;
    i += n;
  }
  return i;
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(n % 1024 === 0 ? 0 : 1)} KiB`;
  return `${n} bytes`;
}

export function sha256(s: string | Buffer): string {
  return createHash('sha256').update(s).digest('hex');
}
