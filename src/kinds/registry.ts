import type { InputKind } from '../model/types.js';
import type { ParsedFile } from '../load/parse.js';
import type { KindAdapter } from './types.js';
import { openapiAdapter } from './openapi/index.js';
import { asMetadataAdapter } from './as-metadata/index.js';
import { rsMetadataAdapter } from './rs-metadata/index.js';
import { kongAdapter } from './kong/index.js';
import { awsTemplateAdapter } from './aws/index.js';
import { envoyAdapter } from './envoy/index.js';
import { istioAdapter } from './istio/index.js';

/** Every input kind the tool understands, in detection order (most specific first). */
export const ADAPTERS: KindAdapter[] = [openapiAdapter, asMetadataAdapter, rsMetadataAdapter, kongAdapter, awsTemplateAdapter, envoyAdapter, istioAdapter];

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

/** For a file that failed to parse: the kind it appears to be meant as, if any. */
export function sniffKind(text: string): KindAdapter | undefined {
  const head = text.slice(0, 65536);
  return ADAPTERS.find((a) => a.sniff?.test(head));
}
