import type { Api, AuthServer, Loc } from '../../src/model/types.js';
import { memberLoc, metadataList } from '../../src/model/fapi.js';
export { FAPI1_ALGS, FAPI2_ALGS, FAPI_CLIENT_AUTH, SIGNING_ALG_FIELDS } from '../../src/model/fapi.js';

/** Operations of the API (keys) that the metadata findings concern: every non-public operation. */
export function protectedKeys(api: Api): string[] {
  return api.operations.filter((o) => !o.public).map((o) => o.key);
}

/**
 * Conformance-suite semantics for one list member of each linked authorization server: when the list offers an allowed
 * value, the disallowed values offered beside it (those `bad` picks) are returned with the member's location. A list with
 * no allowed value fails the level-4 requirement instead and gives no finding here.
 */
export function besideAllowed(api: Api, field: string, allowed: string[], bad: (v: string) => boolean): { server: AuthServer; values: string[]; loc: Loc }[] {
  const out: { server: AuthServer; values: string[]; loc: Loc }[] = [];
  for (const s of api.authServers) {
    const list = metadataList(s, field);
    if (!list || !list.some((v) => allowed.includes(v))) continue;
    const values = [...new Set(list.filter((v) => !allowed.includes(v) && bad(v)))];
    if (values.length) out.push({ server: s, values, loc: memberLoc(s, field) });
  }
  return out;
}
