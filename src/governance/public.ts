import type { PublicPattern } from '../config/types.js';
import { apiMatches, globMatch } from '../config/glob.js';
import type { Api } from '../model/types.js';

/** `"GET /health"`, `"/status/**"` or `{api, method, path}`, normalized. */
export function parsePublicPattern(p: string | PublicPattern): PublicPattern {
  if (typeof p !== 'string') return p;
  const m = /^\s*([A-Za-z]+)\s+(\S+)\s*$/.exec(p);
  return m ? { method: m[1]!, path: m[2]! } : { path: p.trim() };
}

/** Marks operations matching the configuration's `public:` patterns as public by declaration. Returns how many. */
export function applyPublicPatterns(apis: Api[], patterns: (string | PublicPattern)[]): number {
  const list = patterns.map(parsePublicPattern);
  let n = 0;
  for (const api of apis) {
    for (const op of api.operations) {
      if (op.public === 'declared') continue;
      const hit = list.some(
        (p) => (!p.api || apiMatches(p.api, api)) && (!p.method || p.method.toLowerCase() === op.method.toLowerCase() || p.method === '*') && globMatch(p.path, op.path),
      );
      if (hit) {
        op.public = 'declared';
        n++;
      }
    }
  }
  return n;
}
