// Istio security policies (security.istio.io): which ones apply to a workload or gateway, and what they enforce on one
// operation. Evaluation follows Istio: CUSTOM, then DENY, then — if any ALLOW policy applies — a request must match an
// ALLOW rule. RequestAuthentication validates tokens that are present but never requires one; only a policy on
// `requestPrincipals` / `request.auth.*` does. PeerAuthentication is workload-to-workload mTLS, never end-user
// authentication and never token binding.

import type { Credential, Evidence } from '../../model/types.js';
import { product } from '../envoy/filters.js';
import { compile, relation, type EnvoyMatch } from '../envoy/match.js';
import { secretEvidence } from '../secrets.js';
import type { View } from '../view.js';
import { ROOT_NAMESPACE, selectorOf, targetRefsOf, type K8s } from './resources.js';

/** What a set of policies is evaluated for: a workload (namespace + labels), a gateway, or a service. */
export interface Scope {
  namespace: string;
  /** Workload labels (`k=v`); undefined for a namespace-wide scope. */
  labels?: string[];
  /** A Gateway API gateway (policies reach it through `targetRef(s)`, or through labels when Istio runs it). */
  gateway?: { name: string; namespace: string; istio: boolean };
  service?: string;
}

const INGRESS_LABELS = ['istio=ingressgateway', 'app=istio-ingressgateway'];

/** The default ingress gateway carries both well-known labels. */
export function expandIngressLabels(labels: string[]): string[] {
  return labels.some((l) => INGRESS_LABELS.includes(l)) ? [...new Set([...labels, ...INGRESS_LABELS])].sort() : labels;
}

export function applies(p: K8s, scope: Scope): boolean {
  const refs = targetRefsOf(p.spec);
  const ns = (r: { namespace?: string }) => r.namespace ?? p.namespace;
  if (refs.length) {
    return refs.some(
      (r) =>
        (scope.gateway !== undefined && r.kind === 'Gateway' && r.name === scope.gateway.name && (ns(r) === '' || scope.gateway.namespace === '' || ns(r) === scope.gateway.namespace)) ||
        (scope.service !== undefined && r.kind === 'Service' && r.name === scope.service && (ns(r) === '' || ns(r) === scope.namespace)),
    );
  }
  if (scope.service !== undefined || (scope.gateway && !scope.gateway.istio)) return false;
  const sel = selectorOf(p.spec);
  const root = p.namespace === ROOT_NAMESPACE;
  if (!root && p.namespace !== scope.namespace) return false;
  if (!sel || sel.length === 0) return true;
  if (!scope.labels) return false;
  return sel.every((l) => scope.labels!.includes(l));
}

// ---------------------------------------------------------------- operations and path patterns

/** An Istio path pattern (`/exact`, `/prefix*`, `*suffix`, `*`, `/{*}/x`, `/{**}`) as a route match. */
export function patternMatch(p: string): EnvoyMatch {
  if (p === '*' || p === '/*') return { model: { kind: 'prefix', value: '/' }, path: '/', prefix: '', partial: false };
  if (!p.includes('*')) return { model: { kind: 'exact', value: p }, path: p, prefix: p, exact: p, partial: false };
  if (p.endsWith('*') && !p.slice(0, -1).includes('*') && !p.includes('{')) {
    const q = p.slice(0, -1);
    return { model: { kind: 'prefix', value: q }, path: q, prefix: q, partial: false };
  }
  const src =
    '^' +
    p
      .split(/(\{\*\*\}|\{\*\}|\*)/)
      .map((s) => (s === '{**}' || s === '*' ? '.*' : s === '{*}' ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('') +
    '$';
  const lit = p.replace(/[*{].*$/, '');
  const out: EnvoyMatch = { model: { kind: 'regex', value: src }, path: p, prefix: lit, partial: false };
  const r = compile(src);
  if (r) out.regex = r;
  return out;
}

type Rel = 'all' | 'some' | 'none';
const better = (a: Rel, b: Rel): Rel => (a === 'all' || b === 'all' ? 'all' : a === 'some' || b === 'some' ? 'some' : 'none');
const worse = (a: Rel, b: Rel): Rel => (a === 'none' || b === 'none' ? 'none' : a === 'some' || b === 'some' ? 'some' : 'all');

export interface OpShape {
  match: EnvoyMatch;
  /** Lower-case, or 'any'. */
  method: string;
}

function operationRel(o: View, op: OpShape): Rel {
  let rel: Rel = 'all';
  const paths = o.get('paths').strings();
  if (paths.length) rel = worse(rel, paths.map((p) => relation(op.match, patternMatch(p))).reduce(better, 'none'));
  const notPaths = o.get('notPaths').strings();
  if (notPaths.some((p) => relation(op.match, patternMatch(p)) === 'all')) rel = 'none';
  else if (notPaths.length) rel = worse(rel, 'some');
  const methods = o.get('methods').strings().map((m) => m.toLowerCase());
  if (methods.length && !methods.includes('*')) rel = worse(rel, op.method === 'any' ? 'some' : methods.includes(op.method) ? 'all' : 'none');
  const notMethods = o.get('notMethods').strings().map((m) => m.toLowerCase());
  if (notMethods.includes(op.method)) rel = 'none';
  // Hosts and ports narrow a rule to part of the traffic.
  if (o.has('hosts') || o.has('ports') || o.has('notHosts') || o.has('notPorts')) rel = worse(rel, 'some');
  return rel;
}

/** How much of an operation's traffic a rule's `to` covers. */
export function ruleRel(rule: View, op: OpShape): Rel {
  const to = rule.get('to').list();
  if (!to.length) return 'all';
  return to.map((t) => operationRel(t.get('operation'), op)).reduce(better, 'none');
}

// ---------------------------------------------------------------- credentials

/** Bearer alternatives from the RequestAuthentications that apply (Istio defaults: Authorization header and `access_token`). */
export function jwtAlternatives(ras: K8s[]): Credential[][] {
  const out: Credential[][] = [];
  for (const ra of ras) {
    for (const r of ra.spec.get('jwtRules').list()) {
      const issuer = r.get('issuer').str();
      const jwksUri = r.get('jwksUri').str();
      const jwks = r.get('jwks').str();
      const base: Credential = {
        type: 'bearer',
        scheme: ra.name,
        validated: true,
        detail: `JWT validated by RequestAuthentication '${ra.name}'${issuer ? ` (issuer ${issuer})` : ''}`,
        loc: r.loc,
      };
      if (jwks && /"kty"\s*:\s*"oct"/.test(jwks)) base.staticSecret = true;
      const audiences = r.get('audiences').strings();
      if (audiences.length) base.audiences = audiences;
      const hints = [issuer, jwksUri].filter((x): x is string => !!x);
      if (hints.length) base.issuerHints = hints;
      const alts: Credential[][] = [];
      for (const h of r.get('fromHeaders').list()) alts.push([{ ...base, in: 'header', name: h.get('name').str() ?? 'Authorization', loc: h.loc }]);
      for (const q of r.get('fromParams').list()) alts.push([{ ...base, in: 'query', name: q.str() ?? 'access_token', loc: q.loc }]);
      for (const c of r.get('fromCookies').list()) alts.push([{ ...base, in: 'cookie', name: c.str() ?? '', loc: c.loc }]);
      if (!alts.length) alts.push([{ ...base, in: 'header', name: 'Authorization' }], [{ ...base, in: 'query', name: 'access_token' }]);
      out.push(...alts);
    }
  }
  return out;
}

/** Inline symmetric JWKS keys in RequestAuthentications. */
export function jwksSecrets(ras: K8s[]): Evidence[] {
  const out: Evidence[] = [];
  for (const ra of ras)
    for (const r of ra.spec.get('jwtRules').list()) {
      const jwks = r.get('jwks');
      if (/"kty"\s*:\s*"oct"/.test(jwks.str() ?? '')) {
        const e = secretEvidence('istio', 'symmetric JWT signing key (JWKS "oct")', jwks.str(), jwks.loc, `RequestAuthentication '${ra.name}'`);
        if (e) out.push(e);
      }
    }
  return out;
}

const looksIngress = (p: string) => /ingress|gateway/i.test(p);

/**
 * Only certain mesh workloads may call: their mTLS identity is checked, but that is east-west service authorization,
 * not end-user authentication. What those workloads demand of the user is not visible here: `unknown`, never a client
 * certificate of the caller (which would read as end-user mTLS).
 */
function meshIdentity(ids: string[], at: View): Credential {
  return { type: 'unknown', scheme: 'istio-mtls', workloadIdentity: true, detail: `only mesh workloads ${ids.slice(0, 3).join(', ')}${ids.length > 3 ? ', …' : ''} may call (mTLS peer identity; end-user authentication, if any, is not visible)`, loc: at.loc };
}

function requiredJwt(jwt: Credential[][], at: View): Credential[][] {
  return jwt.length ? jwt : [[{ type: 'bearer', detail: 'JWT required by an AuthorizationPolicy (no RequestAuthentication that applies is among the inputs)', loc: at.loc }]];
}

function scopesOf(rule: View): string[] {
  const out: string[] = [];
  for (const w of rule.get('when').list()) {
    const k = w.get('key').str() ?? '';
    if (/^request\.auth\.claims\[(scope|scp|roles|groups)\]/.test(k)) out.push(...w.get('values').strings());
  }
  return out;
}

function sourceAlts(src: View, jwt: Credential[][]): { alts: Credential[][]; ip: boolean } {
  let alts: Credential[][] = [[]];
  if (src.get('requestPrincipals').strings().length) alts = requiredJwt(jwt, src.get('requestPrincipals'));
  const ids = [...src.get('principals').strings(), ...src.get('serviceAccounts').strings(), ...src.get('namespaces').strings().map((n) => `namespace ${n}`)];
  // Requests from an ingress gateway carry the gateway's identity, not the end user's: they stay anonymous here.
  if (ids.length && !ids.some(looksIngress)) alts = alts.map((a) => [meshIdentity(ids, src), ...a]);
  return { alts, ip: src.has('ipBlocks') || src.has('remoteIpBlocks') };
}

export interface OpEval {
  alts: Credential[][];
  /** Every request of the operation is denied. */
  blocked: boolean;
  what: string[];
  evidence: Evidence[];
}

const ev = (summary: string, control: Evidence['control'], v: View): Evidence => ({ kind: 'configured', source: 'istio', confidence: 'medium', summary, ...(control ? { control } : {}), loc: v.loc });

/**
 * The posture of one operation under the policies that apply. `catchAll`: the operation stands for "every other
 * path", so ALLOW rules that cover only part of it do not let its traffic through.
 */
export function evaluate(ras: K8s[], aps: K8s[], op: OpShape, catchAll: boolean): OpEval {
  const jwt = jwtAlternatives(ras);
  const out: OpEval = { alts: [], blocked: false, what: [], evidence: [] };
  const action = (p: K8s) => (p.spec.get('action').str() ?? 'ALLOW').toUpperCase();
  const allow = aps.filter((p) => action(p) === 'ALLOW');
  let alts: Credential[][] = [];
  let ip = false;
  if (allow.length) {
    for (const p of allow) {
      for (const rule of p.spec.get('rules').list()) {
        const rel = ruleRel(rule, op);
        if (rel === 'none' || (rel === 'some' && catchAll)) continue;
        let ra: Credential[][] = [];
        const froms = rule.get('from').list();
        if (!froms.length) ra = [[]];
        for (const f of froms) {
          const s = sourceAlts(f.get('source'), jwt);
          ra.push(...s.alts);
          ip ||= s.ip;
        }
        const whenKeys = rule.get('when').list().map((w) => w.get('key').str() ?? '');
        if (whenKeys.some((k) => k.startsWith('request.auth.'))) ra = ra.flatMap((a) => (a.some((c) => c.type === 'bearer') ? [a] : product([a], requiredJwt(jwt, rule.get('when')))));
        const scopes = scopesOf(rule);
        if (scopes.length) ra = ra.map((a) => a.map((c) => (c.type === 'bearer' ? { ...c, scopes: [...new Set([...(c.scopes ?? []), ...scopes])] } : c)));
        if (froms.length || whenKeys.length) out.evidence.push(ev(`AuthorizationPolicy '${p.name}' restricts callers${scopes.length ? ` (claims ${scopes.join(', ')})` : ''}`, { type: 'access-control', state: 'present' }, rule));
        alts.push(...ra);
      }
    }
    out.what.push(`ALLOW ${allow.map((p) => `'${p.name}'`).join(', ')}`);
  } else alts = [[]];
  if (ip) out.evidence.push(ev('callers restricted by IP blocks', { type: 'ip-restriction', state: 'present' }, allow[0]!.spec));

  for (const p of aps.filter((x) => action(x) === 'DENY')) {
    for (const rule of p.spec.get('rules').list()) {
      if (ruleRel(rule, op) !== 'all') continue;
      const froms = rule.get('from').list();
      if (!froms.length && !rule.has('when')) {
        alts = [];
        out.what.push(`DENY '${p.name}'`);
        continue;
      }
      const sources = froms.map((f) => f.get('source'));
      if (sources.some((s) => s.get('notRequestPrincipals').strings().length)) {
        alts = alts.filter((a) => a.some((c) => c.type === 'bearer')).length ? alts.filter((a) => a.some((c) => c.type === 'bearer')) : alts.flatMap((a) => product([a], requiredJwt(jwt, p.spec)));
        out.what.push(`DENY '${p.name}' without a request principal`);
      }
      if (sources.some((s) => s.get('notPrincipals').strings().length || s.get('notNamespaces').strings().length)) {
        alts = alts.map((a) => (a.some((c) => c.workloadIdentity) ? a : [meshIdentity(['with a mesh identity'], p.spec), ...a]));
      }
    }
  }

  for (const p of aps.filter((x) => action(x) === 'CUSTOM')) {
    const rels = p.spec.get('rules').list().map((r) => ruleRel(r, op));
    const rel = rels.reduce(better, 'none');
    if (rel === 'none' || (rel === 'some' && catchAll)) continue;
    const provider = p.spec.at('provider', 'name').str() ?? '?';
    const cred: Credential = { type: 'unknown', scheme: `istio-custom:${provider}`, detail: `external authorizer '${provider}' (AuthorizationPolicy '${p.name}', action CUSTOM)`, loc: p.spec.loc };
    const withCustom = alts.map((a) => [cred, ...a]);
    alts = rel === 'all' ? withCustom : [...withCustom, ...alts];
    out.what.push(`CUSTOM '${p.name}'`);
  }

  // A token that is present is validated (and an invalid one rejected) even where none is required.
  if (ras.length && alts.some((a) => a.length === 0)) alts = [...jwt, ...alts];
  if (ras.length) out.what.unshift(`RequestAuthentication ${ras.map((r) => `'${r.name}'`).join(', ')}`);
  out.alts = dedupe(alts);
  out.blocked = out.alts.length === 0;
  return out;
}

function dedupe(alts: Credential[][]): Credential[][] {
  const seen = new Set<string>();
  const out: Credential[][] = [];
  for (const a of alts) {
    const k = a.map((c) => `${c.type}|${c.in ?? ''}|${c.name ?? ''}|${c.scheme ?? ''}|${c.loc.file}#${c.loc.pointer}`).join('&');
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(a);
  }
  return out.slice(0, 64);
}

// ---------------------------------------------------------------- workload mTLS

/** The PeerAuthentication mode in force for a scope: workload > namespace > mesh (root namespace); undefined when none applies. */
export function peerMode(pas: K8s[], scope: Scope): { mode: 'STRICT' | 'PERMISSIVE' | 'DISABLE'; p: K8s } | undefined {
  const modeOf = (p: K8s) => {
    const m = (p.spec.at('mtls', 'mode').str() ?? 'UNSET').toUpperCase();
    return m === 'STRICT' || m === 'PERMISSIVE' || m === 'DISABLE' ? m : undefined;
  };
  const ranked = pas
    .filter((p) => applies(p, scope))
    .map((p) => ({ p, rank: selectorOf(p.spec)?.length ? 3 : p.namespace === scope.namespace && p.namespace !== ROOT_NAMESPACE ? 2 : 1 }))
    .sort((a, b) => b.rank - a.rank);
  for (const { p } of ranked) {
    const m = modeOf(p);
    if (m) return { mode: m, p };
  }
  return undefined;
}

/** Whether the ALLOW/DENY policies of a scope match on peer identities (which only mTLS makes trustworthy). */
export function reliesOnPrincipals(aps: K8s[]): boolean {
  return aps.some((p) =>
    p.spec
      .get('rules')
      .list()
      .some(
        (r) =>
          r.get('from').list().some((f) => ['principals', 'notPrincipals', 'namespaces', 'notNamespaces', 'serviceAccounts'].some((k) => f.get('source').get(k).strings().length > 0)) ||
          r.get('when').list().some((w) => /^source\.(principal|namespace)/.test(w.get('key').str() ?? '')),
      ),
  );
}
