// How a HAR is scanned as a stream, in one thread (`index.ts`) or in the worker (`src/parallel/har-worker.ts`): one
// definition, so that both find the same entries, members and long bodies.

import type { JsonStreamOptions } from '../../load/jsonstream.js';

/** The streamer's options for a HAR, but its callbacks. */
export function harScan(file: string, maxEntryBytes: number): Pick<JsonStreamOptions, 'file' | 'path' | 'maxElementBytes' | 'maxMemberBytes' | 'lazyStrings'> {
  return { file, path: ['log', 'entries'], maxElementBytes: maxEntryBytes, maxMemberBytes: 1024 * 1024, lazyStrings: { key: 'text', minBytes: 256 } };
}
