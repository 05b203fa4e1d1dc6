// Globs for paths and names: `*` any run without `/`, `**` any run, `?` one character; a trailing `/**` also matches
// the directory itself (`/payments/**` matches `/payments`). Case-sensitive for paths, insensitive for API names.

import { linearRegExp } from '../model/regex.js';

const cache = new Map<string, RegExp>();

export function globRegex(glob: string, caseInsensitive = false): RegExp {
  const key = `${caseInsensitive ? 'i' : ''}${glob}`;
  let r = cache.get(key);
  if (r) return r;
  let src = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        i++;
        if (i === glob.length - 1 && src.endsWith('/')) {
          src = src.slice(0, -1) + '(?:/.*)?';
        } else if (glob[i + 1] === '/') {
          i++;
          src += '(?:.*/)?';
        } else src += '.*';
      } else src += '[^/]*';
    } else if (c === '?') src += '[^/]';
    else if (caseInsensitive && c.toLowerCase() !== c.toUpperCase()) src += `[${c.toLowerCase()}${c.toUpperCase()}]`;
    else src += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  // Linear-time matching: globs come from configuration a pull request can change (`**a**a**a**b` backtracks). The
  // linear engine has no `i` flag: case is folded in the character classes above.
  r = linearRegExp(`^${src}$`) ?? new RegExp(`^${src}$`, caseInsensitive ? 'i' : '');
  cache.set(key, r);
  return r;
}

export function globMatch(glob: string, value: string, caseInsensitive = false): boolean {
  return globRegex(glob, caseInsensitive).test(value);
}

/** API globs match the API id or its name, case-insensitively; `*` in them also spans `/`. */
export function apiMatches(glob: string, api: { id: string; name: string }): boolean {
  const g = glob.replace(/\*+/g, '**');
  return globMatch(g, api.id, true) || globMatch(g, api.name, true);
}
