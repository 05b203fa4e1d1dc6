import { parseText } from './parse.js';
import { parseRef } from './refs.js';
import type { SourceStore } from './store.js';
import { decode, sha256 } from './text.js';

const MAX_REMOTE_DOCS = 200;
const TIMEOUT_MS = 15_000;
/** All remote fetches of a run together. */
const TOTAL_MS = 60_000;

function collectRefs(root: unknown, out: Set<string>): void {
  const stack = [root];
  while (stack.length) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
      continue;
    }
    for (const [k, x] of Object.entries(v)) {
      if (k === '$ref' && typeof x === 'string') out.add(x);
      else stack.push(x);
    }
  }
}

/** The body of a response, refusing to hold more than `max` bytes whatever the server claims. */
async function readCapped(res: Response, max: number): Promise<Buffer> {
  const len = Number(res.headers.get('content-length') ?? 0);
  if (len > max) throw new Error('over the size limit');
  if (!res.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.length;
    if (total > max) throw new Error('over the size limit');
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

/**
 * Only with `--allow-remote-refs`: fetches the http(s) documents that loaded documents reference (and those they reference),
 * before assessment, so that `$ref` resolution itself stays synchronous and offline.
 */
export async function prefetchRemote(store: SourceStore, onError: (url: string, why: string) => void): Promise<void> {
  const queue: string[] = [];
  const queued = new Set<string>();
  const scan = (key: string) => {
    const pf = store.get(key);
    if (!pf) return;
    const refs = new Set<string>();
    for (const d of pf.docs) collectRefs(d, refs);
    for (const r of refs) {
      const t = parseRef(r, pf.abs);
      if (t.kind === 'remote' && !queued.has(t.where)) {
        queued.add(t.where);
        queue.push(t.where);
      }
    }
  };
  for (const pf of store.files()) scan(pf.abs);
  let fetched = 0;
  const deadline = Date.now() + TOTAL_MS;
  while (queue.length && fetched < MAX_REMOTE_DOCS) {
    const url = queue.shift()!;
    fetched++;
    try {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`not fetched: remote references took over ${TOTAL_MS / 1000} s in total`);
      const signal = AbortSignal.timeout(Math.min(TIMEOUT_MS, left));
      const res = await fetch(url, { signal, redirect: 'follow' });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const buf = await readCapped(res, store.policy.maxBytes);
      const text = decode(buf);
      if ('reason' in text) throw new Error(text.reason);
      store.add(parseText({ file: url, abs: url, text: text.text, bytes: buf.length, sha256: sha256(buf) }, store.parseOptions()));
      scan(url);
    } catch (e) {
      onError(url, (e as Error).message);
    }
  }
}
