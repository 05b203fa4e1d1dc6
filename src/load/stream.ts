// Reading files that may be far larger than memory (captured traffic): the first bytes for detection, then the whole
// file as a stream of chunks or lines, hashed on the way, never held in memory at once.

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
        if (chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
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

/**
 * Feeds a file to `onLine` line by line (1-based numbers; `\n` or `\r\n` endings; a UTF-8 BOM removed). Lines longer
 * than `maxLineBytes` are passed as `undefined` with their length, without being held in memory.
 */
export async function streamLines(head: FileHead, maxLineBytes: number, onLine: (line: string | undefined, lineNo: number, bytes: number) => void): Promise<Streamed> {
  let lineNo = 0;
  let carry: Buffer[] = [];
  let carryBytes = 0;
  let tooLong = false;
  const emit = (b: Buffer | undefined, len: number) => {
    lineNo++;
    if (b === undefined) return onLine(undefined, lineNo, len);
    let end = b.length;
    if (end > 0 && b[end - 1] === 0x0d) end--;
    onLine(b.toString('utf8', 0, end), lineNo, len);
  };
  const res = await streamChunks(head, (chunk) => {
    let from = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, from);
      if (nl < 0) break;
      if (carryBytes || tooLong) {
        const total = carryBytes + nl - from;
        if (tooLong || total > maxLineBytes) emit(undefined, total);
        else emit(Buffer.concat([...carry, chunk.subarray(from, nl)], total), total);
        carry = [];
        carryBytes = 0;
        tooLong = false;
      } else if (nl - from > maxLineBytes) emit(undefined, nl - from);
      else emit(chunk.subarray(from, nl), nl - from);
      from = nl + 1;
    }
    if (from < chunk.length) {
      carryBytes += chunk.length - from;
      if (carryBytes > maxLineBytes) {
        tooLong = true;
        carry = [];
      } else carry.push(chunk.subarray(from));
    }
  });
  if (carryBytes || tooLong) emit(tooLong ? undefined : Buffer.concat(carry, carryBytes), carryBytes);
  return res;
}
