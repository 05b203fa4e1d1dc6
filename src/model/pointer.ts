// RFC 6901 JSON pointers over untrusted documents: own properties only, so a pointer can never reach a prototype.

const hasOwn = Object.prototype.hasOwnProperty;

export function splitPointer(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function escapeSegment(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function joinPointer(base: string, ...segs: (string | number)[]): string {
  let p = base;
  for (const s of segs) p += '/' + escapeSegment(String(s));
  return p;
}

/** One step down: the member or element `seg` of `cur`. */
export function child(cur: unknown, seg: string): { found: boolean; value: unknown } {
  if (Array.isArray(cur)) {
    if (!/^(0|[1-9][0-9]*)$/.test(seg)) return { found: false, value: undefined };
    const i = Number(seg);
    if (i >= cur.length) return { found: false, value: undefined };
    return { found: true, value: cur[i] };
  }
  if (cur !== null && typeof cur === 'object' && hasOwn.call(cur, seg)) return { found: true, value: (cur as Record<string, unknown>)[seg] };
  return { found: false, value: undefined };
}

/** The value at `pointer` in `doc`. */
export function valueAtPointer(doc: unknown, pointer: string): { found: boolean; value: unknown } {
  let cur: unknown = doc;
  for (const seg of splitPointer(pointer)) {
    const c = child(cur, seg);
    if (!c.found) return c;
    cur = c.value;
  }
  return { found: true, value: cur };
}

/**
 * The values from the document root down to `pointer` (root first), with the pointer of each; stops where the path
 * leaves the document. One walk, whatever the depth.
 */
export function valuesAlong(doc: unknown, pointer: string): { pointer: string; value: unknown }[] {
  const out = [{ pointer: '', value: doc }];
  let cur: unknown = doc;
  let p = '';
  for (const seg of splitPointer(pointer)) {
    const c = child(cur, seg);
    if (!c.found) break;
    cur = c.value;
    p += '/' + escapeSegment(seg);
    out.push({ pointer: p, value: cur });
  }
  return out;
}
