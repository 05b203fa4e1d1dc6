// Name heuristics shared by the OWASP rules: property and parameter names split into words, and the word lists the
// rules match against. Kept in one place so that every rule reads names the same way.

const wordCache = new Map<string, string[]>();

/** Splits `clientSecret`, `client_secret`, `client-secret`, `Client.Secret` into lower-case words (memoised: names repeat). */
export function words(name: string): string[] {
  let w = wordCache.get(name);
  if (!w) {
    w = name
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean);
    if (wordCache.size < 100_000) wordCache.set(name, w);
  }
  return w;
}

const squashCache = new Map<string, string>();

/** Lower-case, separators removed: `API-Key` → `apikey` (memoised: names repeat). */
export function squash(name: string): string {
  let s = squashCache.get(name);
  if (s === undefined) {
    s = name.toLowerCase().replace(/[^a-z0-9]/g, '');
    if (squashCache.size < 100_000) squashCache.set(name, s);
  }
  return s;
}

/** `id`, `petId`, `pet_id`, `pet-id`, `ID`: a name that identifies an object. */
export function isIdName(name: string): boolean {
  const w = words(name);
  const last = w[w.length - 1];
  return last === 'id' || last === 'ids' || last === 'uuid' || last === 'guid';
}

/** Integer-valued names that count objects in sequence (`issue_number`, `orderNo`). */
export function isSequenceName(name: string): boolean {
  const w = words(name);
  const last = w[w.length - 1];
  return w.length > 1 && (last === 'number' || last === 'no' || last === 'num' || last === 'seq');
}

/** Path segments and operation words split into words (`/users/{id}/resetPassword` → users, id, reset, password). */
export function operationWords(parts: (string | undefined)[]): Set<string> {
  const out = new Set<string>();
  for (const p of parts) if (p) for (const w of words(p)) out.add(w);
  return out;
}

/** A URL-shaped literal value, for the plain-http checks. */
export function isHttpUrl(v: string): boolean {
  return /^http:\/\//i.test(v);
}
