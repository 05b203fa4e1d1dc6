// Sharding: which inputs one machine of a CI matrix assesses. Deterministic and independent of the order files are
// found in: a file's shard is a hash of its path (relative to the working directory) modulo the shard count.
//
// Inputs that may join stay together: a directory that holds any file that is not an OpenAPI description (a gateway
// config, traffic capture, authorization-server metadata, a `$ref` fragment) is hashed as one unit, so those inputs and
// the descriptions beside them land in the same shard. Directories of plain OpenAPI descriptions spread file by file.
// Files of a kind that is read all together (Envoy listeners and their route configurations, Kubernetes policies and the
// routes they target), when the caller says which, share one key wherever they are — and so do the other files of their
// directories, which they may join.

import { closeSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import type { Collected } from './collect.js';
import type { LoadPolicy } from './store.js';

/** Does the start of this file say it is an OpenAPI or Swagger description? */
const OPENAPI_HEAD = /(^|[{,\s])["']?(openapi|swagger)["']?\s*:\s*["']?(2\.0|3\.\d)/m;

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

/** Parses `i/n` (1 ≤ i ≤ n). */
export function parseShard(v: string): Shard | undefined {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(v);
  if (!m) return undefined;
  const index = Number(m[1]);
  const count = Number(m[2]);
  return count >= 1 && index >= 1 && index <= count ? { index, count } : undefined;
}

/** 32-bit FNV-1a of a string's UTF-16 code units. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function head(abs: string, bytes = 65536): string {
  let fd: number | undefined;
  try {
    fd = openSync(abs, 'r');
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n).toString('utf8');
  } catch {
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

const rel = (policy: LoadPolicy, abs: string) => path.relative(policy.cwd, abs).split(path.sep).join('/');

/** Whether a file, from the start of its text, belongs to the inputs that are assessed all together. */
export type Together = (head: string) => boolean;

/** The key of the files assessed all together (no path can be it: paths never hold a NUL). */
const TOGETHER = '\u0000together';

/**
 * The hash key of each file: the shared key when it, or a file of its directory, is read all together; else its
 * directory's when that directory holds inputs that may join; else its own path.
 */
export function shardKeys(files: Collected[], policy: LoadPolicy, together?: Together): Map<string, string> {
  const joinDirs = new Set<string>();
  const togetherDirs = new Set<string>();
  for (const f of files) {
    const h = head(f.abs);
    if (OPENAPI_HEAD.test(h)) continue;
    joinDirs.add(path.dirname(f.abs));
    if (together?.(h)) togetherDirs.add(path.dirname(f.abs));
  }
  const keyOf = (f: Collected) => {
    const dir = path.dirname(f.abs);
    if (togetherDirs.has(dir)) return TOGETHER;
    return joinDirs.has(dir) ? `${rel(policy, dir)}/` : rel(policy, f.abs);
  };
  return new Map(files.map((f) => [f.abs, keyOf(f)]));
}

export function selectShard(files: Collected[], policy: LoadPolicy, shard: Shard, together?: Together): Collected[] {
  const keys = shardKeys(files, policy, together);
  return files.filter((f) => (fnv1a(keys.get(f.abs)!) % shard.count) + 1 === shard.index);
}
