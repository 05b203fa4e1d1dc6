// Matching request paths, OpenAPI path templates and gateway routes, so evidence from different inputs meets on the
// same operation.

import type { RouteMatch } from './types.js';
import { linearRegExp } from './regex.js';
import { hostOf } from './util.js';

const PARAM = /\{[^}/]+\}/g;

const templateCache = new Map<string, RegExp>();

/** `/users/{id}` → a RegExp matching concrete paths of that template (segment-wise). */
export function templateRegex(template: string): RegExp {
  let r = templateCache.get(template);
  if (!r) {
    const parts = template.split(PARAM).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    // Adjacent parameters (`/{a}{b}{c}…`) would backtrack polynomially on the default engine.
    const src = `^${parts.join('[^/]+')}/?$`;
    r = linearRegExp(src) ?? new RegExp(src);
    templateCache.set(template, r);
  }
  return r;
}

/** A concrete path standing for a template, for testing a gateway route against it (`/users/{id}` → `/users/x1`). */
export function representative(template: string): string {
  let n = 0;
  return template.replace(PARAM, () => `x${++n}`);
}

export function joinPath(base: string, path: string): string {
  const b = base.replace(/\/+$/, '');
  const p = path.startsWith('/') ? path : `/${path}`;
  return b + p;
}

/** Path part of a URL or a relative server URL (`https://h/v1/` → `/v1`). */
export function basePathOf(url: string): string {
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([^?#]*)/i.exec(url);
  const p = m ? m[1]! : url.startsWith('/') ? url.replace(/[?#].*$/, '') : '';
  return p.replace(/\/+$/, '');
}

export function hostMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase().replace(/:\d+$/, '');
  const h = host.toLowerCase().replace(/:\d+$/, '');
  if (p === '*' || p === h) return true;
  if (p.startsWith('*.')) return h.endsWith(p.slice(1));
  if (p.endsWith('.*')) return h.startsWith(p.slice(0, -1));
  return false;
}

/** Whether two host lists can meet (either side empty = any host). */
export function hostsOverlap(a: string[] | undefined, b: string[] | undefined): boolean {
  if (!a?.length || !b?.length) return true;
  return a.some((x) => b.some((y) => hostMatches(x, y) || hostMatches(y, x)));
}

export function hostsOfUrls(urls: string[]): string[] {
  return [...new Set(urls.map(hostOf).filter((h): h is string => !!h))];
}

const regexCache = new Map<string, RegExp | null>();
/** A route regex from a gateway config (untrusted): linear-time matching, or null when it cannot be run safely. */
function safeRegex(src: string): RegExp | null {
  let r = regexCache.get(src);
  if (r !== undefined) return r;
  r = linearRegExp(src.startsWith('^') ? src : `^(?:${src})`);
  regexCache.set(src, r);
  return r;
}

/** Whether a route covers a concrete request path. */
export function routeMatchesPath(m: RouteMatch, path: string): boolean {
  switch (m.kind) {
    case 'exact':
      return m.value === path || m.value.replace(/\/+$/, '') === path.replace(/\/+$/, '');
    case 'prefix':
      return path.startsWith(m.value);
    case 'template':
    case 'request':
      return templateRegex(m.value).test(path);
    case 'regex': {
      const r = safeRegex(m.value);
      return r !== null && r.test(path);
    }
  }
}

/** Whether a route covers the operation `method template` (tested on a representative path of the template). */
export function routeCovers(m: RouteMatch, method: string, template: string): boolean {
  if (m.methods?.length && !m.methods.includes(method.toLowerCase())) return false;
  if (m.kind === 'request') return templateRegex(template).test(m.value);
  if (m.kind === 'template') {
    const a = m.value.replace(/\/+$/, '').split('/');
    const b = template.replace(/\/+$/, '').split('/');
    return a.length === b.length && a.every((s, i) => s === b[i] || /^\{.*\}$/.test(s) || /^\{.*\}$/.test(b[i]!));
  }
  return routeMatchesPath(m, representative(template));
}

/** How specific a route is (the gateway picks the most specific): exact > template > longer prefix > regex. */
export function specificity(m: RouteMatch): number {
  const base = m.kind === 'exact' || m.kind === 'request' ? 4_000_000 : m.kind === 'template' ? 3_000_000 : m.kind === 'prefix' ? 2_000_000 : 1_000_000;
  return base + m.value.length * 10 + (m.methods?.length ? 5 : 0);
}

/** How specific a path template is: literal segments count most, then length (`/users/me` beats `/users/{id}`). */
export function templateSpecificity(template: string): number {
  const segs = template.split('/').filter(Boolean);
  const literal = segs.filter((s) => !/\{[^}]*\}/.test(s)).length;
  return literal * 1000 + template.replace(PARAM, '').length;
}
