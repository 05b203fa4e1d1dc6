import type { Api, AuthServer, LoadFinding, Model } from './types.js';

export interface ModelPart {
  apis: Api[];
  authServers?: AuthServer[];
}

/**
 * Joins what every input contributed into one model: one API per described API, ids unique and stable.
 * Inputs describing the same API (same base URL and paths) are merged by the kinds that add that evidence.
 */
export function joinModel(parts: ModelPart[], loadFindings: LoadFinding[]): Model {
  const apis: Api[] = [];
  const authServers: AuthServer[] = [];
  const ids = new Map<string, number>();
  for (const part of parts) {
    for (const api of part.apis) {
      const n = (ids.get(api.id) ?? 0) + 1;
      ids.set(api.id, n);
      if (n > 1) api.id = `${api.id}~${n}`;
      apis.push(api);
    }
    authServers.push(...(part.authServers ?? []));
  }
  return { apis, authServers, loadFindings };
}
