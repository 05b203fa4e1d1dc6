// Envoy route matching, as far as the model needs it: which requests a route (or a jwt_authn rule) covers, its methods,
// and string matchers (`StringMatcher`, `HeaderMatcher`) tested against sample values.

import type { RouteMatch } from '../../model/types.js';
import type { View } from '../view.js';
import { linearRegExp } from '../../model/regex.js';

export interface EnvoyMatch {
  /** What the join uses. */
  model: RouteMatch;
  /** Path shown for the operation. */
  path: string;
  /** The literal path prefix every covered request starts with ('' when unknown). */
  prefix: string;
  /** Exact path, for `path` matches. */
  exact?: string;
  /** Compiled full-match regex (regex, separated-prefix and template matches). */
  regex?: RegExp;
  /** Header or query-parameter conditions besides `:method`: the route covers only part of its paths' requests. */
  partial: boolean;
  /** Its pattern was refused (see `compile`): the route is not matched against descriptions. */
  refused?: boolean;
}

/** A regex match, compiled when that is safe. */
export function regexMatch(src: string, path: string, prefix: string, partial: boolean, methods?: string[]): EnvoyMatch {
  const out: EnvoyMatch = { model: methods ? { kind: 'regex', value: src, methods } : { kind: 'regex', value: src }, path, prefix, partial };
  const r = compile(src);
  if (r) out.regex = r;
  else out.refused = true;
  return out;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** RE2 as Envoy writes it → a JavaScript full-match regex source (`(?P<n>` named groups become `(?<n>`). */
export function fullMatchSource(re2: string): string {
  return `^(?:${re2.replace(/\(\?P</g, '(?<')})$`;
}

/**
 * Compiles a pattern from a configuration (RE2 syntax, which never backtracks) for V8's linear-time engine. Patterns it
 * cannot run that way (back-references, look-around: not RE2 anyway) are not compiled: what they cover stays unknown.
 * A heuristic for risky shapes missed alternations such as `(a|aa)+`, which backtrack exponentially too.
 */
export function compile(src: string): RegExp | undefined {
  if (src.length > 2000) return undefined;
  return linearRegExp(src) ?? undefined;
}

/** The literal characters a regex starts with (`^/api/v[0-9]+` → `/api/v`). */
function literalPrefix(re2: string): string {
  let out = '';
  const s = re2.replace(/^\^/, '');
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length && /[./\-_~]/.test(s[i + 1]!)) {
      out += s[i + 1];
      i++;
      continue;
    }
    if (/[.*+?^${}()|[\]\\]/.test(c)) break;
    out += c;
  }
  // A quantifier may apply to the last literal character.
  if (/^[*?{]/.test(s.slice(out.length)) && out.length) out = out.slice(0, -1);
  return out;
}

/** URI template (`/v1/{id}/{rest=**}`) → full-match regex source. */
function templateSource(t: string): string {
  const parts = t.split(/(\{[^}]*\}|\*\*|\*)/).filter((p) => p !== '');
  const body = parts
    .map((p) => {
      if (p === '**' || /^\{[^}=]*=\*\*\}$/.test(p)) return '.*';
      if (p === '*' || /^\{[^}]*\}$/.test(p)) return '[^/]+';
      return escapeRe(p);
    })
    .join('');
  return `^${body}$`;
}

/** A route's (or a jwt_authn rule's) `match`. Undefined when it names no path (or only a CONNECT matcher). */
export function readMatch(m: View): EnvoyMatch | undefined {
  const partial = m.get('headers').list().some((h) => h.get('name').str() !== ':method') || m.get('query_parameters').list().length > 0 || m.get('grpc').present || m.get('tls_context').present || m.get('dynamic_metadata').present;
  const methods = methodsOf(m);
  const withMethods = (rm: RouteMatch): RouteMatch => (methods ? { ...rm, methods } : rm);
  const prefix = m.get('prefix').str();
  if (prefix !== undefined) return { model: withMethods({ kind: 'prefix', value: prefix }), path: prefix === '' ? '/' : prefix, prefix, partial };
  const exact = m.get('path').str();
  if (exact !== undefined) return { model: withMethods({ kind: 'exact', value: exact }), path: exact, prefix: exact, exact, partial };
  const sep = m.get('path_separated_prefix').str();
  if (sep !== undefined) {
    const src = `^${escapeRe(sep.replace(/\/+$/, ''))}(?:/.*)?$`;
    return regexMatch(src, sep, sep, partial, methods);
  }
  const re = m.get('safe_regex').get('regex').str() ?? m.get('regex').str();
  if (re !== undefined) {
    return regexMatch(fullMatchSource(re), re, literalPrefix(re), partial, methods);
  }
  const tpl = m.get('path_match_policy').at('typed_config', 'path_template').str();
  if (tpl !== undefined) {
    const src = templateSource(tpl);
    const simple = /^[^*=]*$/.test(tpl);
    const out: EnvoyMatch = { model: withMethods(simple ? { kind: 'template', value: tpl } : { kind: 'regex', value: src }), path: tpl, prefix: tpl.replace(/[{*].*$/, ''), partial };
    const r = compile(src);
    if (r) out.regex = r;
    return out;
  }
  return undefined;
}

/** Methods a match restricts to through a `:method` header matcher (lower-case); undefined = every method. */
function methodsOf(m: View): string[] | undefined {
  for (const h of m.get('headers').list()) {
    if (h.get('name').str() !== ':method' || h.get('invert_match').bool() === true) continue;
    const sm = h.get('string_match');
    const exact = sm.get('exact').str() ?? h.get('exact_match').str();
    if (exact) return [exact.toLowerCase()];
    const re = sm.get('safe_regex').get('regex').str() ?? h.get('safe_regex_match').get('regex').str();
    if (re && /^[\^$()|?:A-Z\s]+$/.test(re)) {
      const ms = re.match(/[A-Z]+/g) ?? [];
      if (ms.length) return [...new Set(ms.map((x) => x.toLowerCase()))];
    }
  }
  return undefined;
}

/** Whether every, some or none of the requests `route` covers also match `rule` (path only; methods are ignored). */
export function relation(route: EnvoyMatch, rule: EnvoyMatch): 'all' | 'some' | 'none' {
  const res = pathRelation(route, rule);
  return res === 'all' && (rule.partial || (rule.model.methods && !sameOrNarrower(route.model.methods, rule.model.methods))) ? 'some' : res;
}

function sameOrNarrower(route: string[] | undefined, rule: string[]): boolean {
  return route !== undefined && route.every((m) => rule.includes(m));
}

function pathRelation(route: EnvoyMatch, rule: EnvoyMatch): 'all' | 'some' | 'none' {
  const rk = rule.model.kind;
  if (rk === 'prefix') {
    const q = rule.prefix;
    if (q === '' || q === '/') return 'all';
    if (route.exact !== undefined) return route.exact.startsWith(q) ? 'all' : 'none';
    if (route.prefix.startsWith(q)) return 'all';
    if (q.startsWith(route.prefix)) return 'some';
    return 'none';
  }
  if (rk === 'exact') {
    const q = rule.exact!;
    if (route.exact !== undefined) return route.exact === q ? 'all' : 'none';
    if (route.regex) return route.regex.test(q) ? 'some' : 'none';
    return q.startsWith(route.prefix) ? 'some' : 'none';
  }
  // Regex-like rules: decide on what can be tested, otherwise assume they cover part of the route.
  if (route.exact !== undefined && rule.regex) return rule.regex.test(route.exact) ? 'all' : 'none';
  if (rule.regex && rule.regex.source === '^(?:/.*)$') return 'all';
  if (rule.prefix && !route.prefix.startsWith(rule.prefix) && !rule.prefix.startsWith(route.prefix)) return 'none';
  return 'some';
}

/** Concrete paths standing for a route, to test matchers against. */
export function samplePaths(route: EnvoyMatch): string[] {
  if (route.exact !== undefined) return [route.exact];
  const p = route.prefix || '/';
  return [...new Set([p, `${p.replace(/\/$/, '')}/x1`, `${p}x1`])].filter((s) => !route.regex || route.regex.test(s));
}

/** `StringMatcher` against a value; undefined when the matcher cannot be evaluated. */
export function stringMatches(m: View, value: string): boolean | undefined {
  const ic = m.get('ignore_case').bool() === true;
  const v = ic ? value.toLowerCase() : value;
  const norm = (s: string) => (ic ? s.toLowerCase() : s);
  const exact = m.get('exact').str();
  if (exact !== undefined) return v === norm(exact);
  const prefix = m.get('prefix').str();
  if (prefix !== undefined) return v.startsWith(norm(prefix));
  const suffix = m.get('suffix').str();
  if (suffix !== undefined) return v.endsWith(norm(suffix));
  const contains = m.get('contains').str();
  if (contains !== undefined) return v.includes(norm(contains));
  const re = m.get('safe_regex').get('regex').str();
  if (re !== undefined) {
    const r = compile(fullMatchSource(re));
    return r ? r.test(value) : undefined;
  }
  return undefined;
}

/** A `HeaderMatcher` on `:path` against a path (invert_match honoured); undefined when it is not about the path. */
export function pathHeaderMatches(h: View, path: string): boolean | undefined {
  if (h.get('name').str() !== ':path') return undefined;
  let r: boolean | undefined;
  const sm = h.get('string_match');
  if (sm.present) r = stringMatches(sm, path);
  else if (h.get('exact_match').str() !== undefined) r = h.get('exact_match').str() === path;
  else if (h.get('prefix_match').str() !== undefined) r = path.startsWith(h.get('prefix_match').str()!);
  else if (h.get('safe_regex_match').present) {
    const re = h.get('safe_regex_match').get('regex').str();
    const c = re === undefined ? undefined : compile(fullMatchSource(re));
    r = c ? c.test(path) : undefined;
  } else if (h.get('present_match').bool() === true) r = true;
  if (r === undefined) return undefined;
  return h.get('invert_match').bool() === true ? !r : r;
}
