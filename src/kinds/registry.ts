import type { InputKind } from '../model/types.js';
import type { ParsedFile } from '../load/parse.js';
import type { FileHead } from '../load/stream.js';
import { get, isObj, str } from '../model/util.js';
import type { KindAdapter, UnsupportedFormat } from './types.js';
import { openapiAdapter } from './openapi/index.js';
import { asMetadataAdapter } from './as-metadata/index.js';
import { rsMetadataAdapter } from './rs-metadata/index.js';
import { kongAdapter } from './kong/index.js';
import { awsTemplateAdapter } from './aws/index.js';
import { envoyAdapter } from './envoy/index.js';
import { istioAdapter } from './istio/index.js';
import { harAdapter } from './har/index.js';
import { accessLogAdapter } from './access-log/index.js';

/** Every input kind the tool understands, in detection order (most specific first). */
export const ADAPTERS: KindAdapter[] = [openapiAdapter, asMetadataAdapter, rsMetadataAdapter, kongAdapter, awsTemplateAdapter, envoyAdapter, istioAdapter, harAdapter, accessLogAdapter];

/** Formats recognised only to say why they are skipped. */
export const UNSUPPORTED: UnsupportedFormat[] = [
  {
    name: 'mitmproxy flow dump',
    sniff: (h) => /^\d+:\d+:(type|version|id);/.test(h.text),
    reason: 'mitmproxy flow dump (not a capture format this tool reads): export a HAR with `mitmdump -nr <flows> --set hardump=<file>.har` (mitmproxy 10.1 or later)',
  },
  {
    name: 'Postman collection',
    detect: (pf) => {
      const info = get(pf.docs[0], 'info');
      return isObj(info) && Array.isArray(get(pf.docs[0], 'item')) && (/schema\.getpostman\.com/.test(str(get(info, 'schema')) ?? '') || get(info, '_postman_id') !== undefined);
    },
    reason: 'Postman collection: requests a client intends to send, not captured traffic; capture the calls as a HAR (browser devtools, a proxy) to assess them',
  },
];

export function adapterFor(kind: string): KindAdapter | undefined {
  return ADAPTERS.find((a) => a.kind === kind);
}

export function knownKinds(): InputKind[] {
  return ADAPTERS.map((a) => a.kind);
}

/** The kind of a parsed file, from its content; undefined when no adapter recognises it. */
export function detectKind(pf: ParsedFile): KindAdapter | undefined {
  for (const a of ADAPTERS) {
    try {
      if (a.detect(pf)) return a;
    } catch {
      /* a detector never decides a run */
    }
  }
  return undefined;
}

/** A kind to read as a stream, recognised from the first bytes of the file. */
export function streamingKind(head: FileHead): KindAdapter | undefined {
  return ADAPTERS.find((a) => {
    try {
      return a.streaming?.sniff(head) === true;
    } catch {
      return false;
    }
  });
}

/** Why a file of a known but unsupported format is skipped, if it is one. */
export function unsupportedReason(input: { head?: FileHead; pf?: ParsedFile }): string | undefined {
  for (const u of UNSUPPORTED) {
    try {
      if ((input.head && u.sniff?.(input.head)) || (input.pf && u.detect?.(input.pf))) return u.reason;
    } catch {
      /* never decides a run */
    }
  }
  return undefined;
}

/** For a file that failed to parse: the kind it appears to be meant as, if any. */
export function sniffKind(text: string): KindAdapter | undefined {
  const head = text.slice(0, 65536);
  return ADAPTERS.find((a) => a.sniff?.test(head));
}
