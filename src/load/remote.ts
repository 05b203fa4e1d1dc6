import { parseText } from './parse.js';
import { parseRef } from './refs.js';
import type { SourceStore } from './store.js';
import { decode, sha256 } from './text.js';

const MAX_REMOTE_DOCS = 200;
const TIMEOUT_MS = 15_000;

function collectRefs(v: unknown, out: Set<string>, depth = 0): void {
  if (depth > 512 || v === null || typeof v !== 'object') return;
  if (Array.isArray(v)) {
    for (const x of v) collectRefs(x, out, depth + 1);
    return;
  }
  for (const [k, x] of Object.entries(v)) {
    if (k === '$ref' && typeof x === 'string') out.add(x);
    else collectRefs(x, out, depth + 1);
  }
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
  while (queue.length && fetched < MAX_REMOTE_DOCS) {
    const url = queue.shift()!;
    fetched++;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'follow' });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const len = Number(res.headers.get('content-length') ?? 0);
      if (len > store.policy.maxBytes) throw new Error('over the size limit');
      const buf = Buffer.from(await res.arrayBuffer());
      if (buf.length > store.policy.maxBytes) throw new Error('over the size limit');
      const text = decode(buf);
      if ('reason' in text) throw new Error(text.reason);
      store.add(parseText({ file: url, abs: url, text: text.text, bytes: buf.length, sha256: sha256(buf) }, store.parseOptions()));
      scan(url);
    } catch (e) {
      onError(url, (e as Error).message);
    }
  }
}
