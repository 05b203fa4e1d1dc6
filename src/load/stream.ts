// Reading files that may be far larger than memory (captured traffic): the first bytes for detection, then the whole
// file as a stream of chunks or lines, hashed on the way, never held in memory at once.

import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { InputError } from './errors.js';
import { formatBytes, readPrefix, withRegularFile } from './text.js';

/** Largest traffic file read by default (HAR, access logs): traffic is streamed, so the limit guards disk time, not memory. */
export const DEFAULT_MAX_TRAFFIC_BYTES = 4 * 1024 ** 3;
/** How much of a file detection looks at. */
export const HEAD_BYTES = 64 * 1024;
const CHUNK = 1024 * 1024;

export interface FileHead {
  file: string;
  abs: string;
  /** Size in bytes. */
  bytes: number;
  /** The first bytes as text (UTF-8, BOM removed); empty for binary or UTF-16 files. */
  text: string;
  /** Encoding marked by a byte-order mark, if any. */
  bom?: 'utf-8' | 'utf-16le' | 'utf-16be';
  /** NUL bytes in the first bytes: not a text file. */
  binary: boolean;
}

/** Reads the first `HEAD_BYTES` of a file for detection. */
export function readHead(abs: string, file: string): FileHead {
  return withRegularFile(abs, file, (fd, size) => {
    const { buf, off } = readPrefix(fd, Math.min(HEAD_BYTES, size));
    const b = buf.subarray(0, off);
    const head: FileHead = { file, abs, bytes: size, text: '', binary: false };
    if (b.length >= 2 && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff))) {
      head.bom = b[0] === 0xff ? 'utf-16le' : 'utf-16be';
      return head;
    }
    let start = 0;
    if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) {
      head.bom = 'utf-8';
      start = 3;
    }
    if (b.subarray(start, start + 8192).includes(0)) {
      head.binary = true;
      return head;
    }
    head.text = b.toString('utf8', start);
    return head;
  });
}

export function checkSize(head: FileHead, maxBytes: number, flag: string): void {
  if (head.bytes > maxBytes) throw new InputError(head.file, `file is ${formatBytes(head.bytes)}, over the ${formatBytes(maxBytes)} limit (raise it with ${flag})`);
}

export interface Streamed {
  sha256: string;
  bytes: number;
}

/** A file's first bytes without a UTF-8 byte-order mark. */
export function withoutBom(first: Buffer): Buffer {
  return first.length >= 3 && first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf ? first.subarray(3) : first;
}

/**
 * Feeds a file to `onChunk` chunk by chunk (a UTF-8 BOM removed), hashing every byte; resolves to the hash and size.
 * Chunks are fresh buffers the callee may keep.
 */
export async function streamChunks(head: FileHead, onChunk: (chunk: Buffer) => void): Promise<Streamed> {
  const hash = createHash('sha256');
  let bytes = 0;
  let first = true;
  const rs = createReadStream(head.abs, { highWaterMark: CHUNK });
  try {
    for await (const c of rs as AsyncIterable<Buffer>) {
      hash.update(c);
      bytes += c.length;
      let chunk = c;
      if (first) {
        first = false;
        chunk = withoutBom(chunk);
      }
      if (chunk.length) onChunk(chunk);
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    const err = e as NodeJS.ErrnoException;
    if (err.code) throw new InputError(head.file, `cannot read: ${err.code}`);
    throw e;
  } finally {
    rs.destroy();
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** What a `LineCutter` finds: runs of whole lines, and lines over the size limit (never held in memory). */
export interface LineRuns {
  /** Whole lines, each ending with `\n` (but the file's last line, when it has none); never empty. */
  run(buf: Buffer): void;
  /** A line longer than the limit, in order with the runs: its length in bytes. */
  tooLong(bytes: number): void;
}

/**
 * Cuts a byte stream into runs of whole lines: a chunk's complete lines at once (a view of the chunk, not a copy), a
 * line cut by a chunk's end joined to its rest. Lines longer than `maxLineBytes` are reported by length only.
 */
export class LineCutter {
  private carry: Buffer[] = [];
  private carryBytes = 0;
  private tooLong = false;

  constructor(
    private readonly maxLineBytes: number,
    private readonly on: LineRuns,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    if (this.carryBytes || this.tooLong) {
      // The line begun in earlier chunks.
      const nl = chunk.indexOf(0x0a);
      const total = this.carryBytes + (nl < 0 ? chunk.length : nl);
      const over = this.tooLong || total > this.maxLineBytes;
      if (nl < 0) {
        this.carryBytes = total;
        if (over) {
          this.tooLong = true;
          this.carry = [];
        } else this.carry.push(chunk);
        return;
      }
      const carried = this.carry;
      this.reset();
      // The carried line alone (only its bytes are copied), then the chunk's own lines.
      if (over) this.on.tooLong(total);
      else this.on.run(Buffer.concat([...carried, chunk.subarray(0, nl + 1)], total + 1));
      start = nl + 1;
    }
    const last = chunk.lastIndexOf(0x0a);
    if (last >= start) {
      this.on.run(chunk.subarray(start, last + 1));
      start = last + 1;
    }
    if (start < chunk.length) {
      this.carryBytes += chunk.length - start;
      if (this.carryBytes > this.maxLineBytes) {
        this.tooLong = true;
        this.carry = [];
      } else this.carry.push(chunk.subarray(start));
    }
  }

  /** The end of the stream: the last line, when it has no `\n`. */
  end(): void {
    if (this.tooLong) this.on.tooLong(this.carryBytes);
    else if (this.carryBytes) this.on.run(Buffer.concat(this.carry, this.carryBytes));
    this.reset();
  }

  private reset(): void {
    this.carry = [];
    this.carryBytes = 0;
    this.tooLong = false;
  }
}

/**
 * Calls `onLine` for each line of `buf` (whole lines, `\n` or `\r\n` endings), numbered from 1 within it; a line longer
 * than `maxLineBytes` is passed as `undefined` with its length. Returns the number of lines.
 */
export function forEachLine(buf: Buffer, maxLineBytes: number, onLine: (line: string | undefined, index: number, bytes: number) => void): number {
  // ASCII text (most logs) is decoded once and each line sliced from it; other text line by line. A line's string may
  // then refer to the run's text: callers keep what they parse out of a line, never the line.
  const text = buf.length >= 4096 && isAscii(buf) ? buf.toString('latin1') : undefined;
  let n = 0;
  for (let at = 0; at < buf.length; ) {
    let nl = buf.indexOf(0x0a, at);
    if (nl < 0) nl = buf.length;
    n++;
    const len = nl - at;
    const end = nl > at && buf[nl - 1] === 0x0d ? nl - 1 : nl;
    if (len > maxLineBytes) onLine(undefined, n, len);
    else onLine(text !== undefined ? text.slice(at, end) : buf.toString('utf8', at, end), n, len);
    at = nl + 1;
  }
  return n;
}

/**
 * Feeds a file to `onLine` line by line (1-based numbers; `\n` or `\r\n` endings; a UTF-8 BOM removed). Lines longer
 * than `maxLineBytes` are passed as `undefined` with their length, without being held in memory.
 */
export async function streamLines(head: FileHead, maxLineBytes: number, onLine: (line: string | undefined, lineNo: number, bytes: number) => void): Promise<Streamed> {
  let lineNo = 0;
  const cutter = new LineCutter(maxLineBytes, {
    run: (buf) => {
      const base = lineNo;
      lineNo += forEachLine(buf, maxLineBytes, (line, i, bytes) => onLine(line, base + i, bytes));
    },
    tooLong: (bytes) => onLine(undefined, ++lineNo, bytes),
  });
  const res = await streamChunks(head, (chunk) => cutter.push(chunk));
  cutter.end();
  return res;
}
