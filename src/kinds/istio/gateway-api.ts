// Gateway API (`gateway.networking.k8s.io`) listeners and routes, and the Envoy Gateway policies
// (`gateway.envoyproxy.io` SecurityPolicy, ClientTrafficPolicy, BackendTrafficPolicy) attached to them.

import type { Credential, Evidence } from '../../model/types.js';
import { product } from '../envoy/filters.js';
import type { EnvoyMatch } from '../envoy/match.js';
import { fullMatchSource, regexMatch } from '../envoy/match.js';
import { secretEvidence } from '../secrets.js';
import type { View } from '../view.js';
import { targetRefsOf, type K8s } from './resources.js';

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** An HTTPRoute match's path (`PathPrefix` is segment-wise: `/foo` covers `/foo/bar`, not `/foobar`). */
export function httpRouteMatch(m: View): EnvoyMatch {
  const path = m.get('path');
  const type = path.get('type').str() ?? 'PathPrefix';
  const value = path.get('value').str() ?? '/';
  const partial = m.get('headers').list().length > 0 || m.get('queryParams').list().length > 0;
  const method = m.get('method').str()?.toLowerCase();
  const methods = method ? { methods: [method] } : {};
  if (type === 'Exact') return { model: { kind: 'exact', value, ...methods }, path: value, prefix: value, exact: value, partial };
  if (type === 'RegularExpression') {
    return regexMatch(fullMatchSource(value), value, value.replace(/^\^/, '').replace(/[.*+?^${}()|[\]\\].*$/, ''), partial, method ? [method] : undefined);
  }
  const p = value.replace(/\/+$/, '');
  if (p === '') return { model: { kind: 'prefix', value: '/', ...methods }, path: '/', prefix: '/', partial };
  const src = `^${escapeRe(p)}(?:/.*)?$`;
  return regexMatch(src, value, p, partial, method ? [method] : undefined);
}

// ---------------------------------------------------------------- Envoy Gateway SecurityPolicy

export interface PolicyEffect {
  alts: Credential[][];
  what: string[];
  evidence: Evidence[];
  secrets: Evidence[];
}

const ev = (summary: string, control: Evidence['control'], v: View): Evidence => ({ kind: 'configured', source: 'istio', confidence: 'medium', summary, ...(control ? { control } : {}), loc: v.loc });

/** Secrets referenced by name (`credentialRefs`, `users`, `clientSecret`) that are written into the inputs. */
function referencedSecrets(refs: View[], sp: K8s, secrets: K8s[], what: string): Evidence[] {
  const out: Evidence[] = [];
  for (const r of refs) {
    const name = r.get('name').str();
    const ns = r.get('namespace').str() ?? sp.namespace;
    const s = secrets.find((x) => x.name === name && (x.namespace === ns || x.namespace === '' || ns === ''));
    if (!s) continue;
    for (const field of ['data', 'stringData'])
      for (const [k, v] of s.root.get(field).entries()) {
        const e = secretEvidence('istio', what, v.value, v.loc, `Secret '${s.name}' key '${k}'`);
        if (e) out.push(e);
      }
  }
  return out;
}

function egJwtAlts(jwt: View): Credential[][] {
  const out: Credential[][] = [];
  for (const p of jwt.get('providers').list()) {
    const name = p.get('name').str() ?? '?';
    const issuer = p.get('issuer').str();
    const remote = p.at('remoteJWKS', 'uri').str();
    const base: Credential = {
      type: 'bearer',
      scheme: name,
      validated: remote !== undefined || p.has('localJWKS'),
      detail: `JWT validated by SecurityPolicy provider '${name}'${issuer ? ` (issuer ${issuer})` : ''}`,
      loc: p.loc,
    };
    const inline = p.at('localJWKS', 'inline').str();
    if (inline && /"kty"\s*:\s*"oct"/.test(inline)) base.staticSecret = true;
    const hints = [issuer, remote].filter((x): x is string => !!x);
    if (hints.length) base.issuerHints = hints;
    const ef = p.get('extractFrom');
    const alts: Credential[][] = [];
    for (const h of ef.get('headers').list()) alts.push([{ ...base, in: 'header', name: h.get('name').str() ?? 'Authorization', loc: h.loc }]);
    for (const c of ef.get('cookies').list()) alts.push([{ ...base, in: 'cookie', name: c.str() ?? '', loc: c.loc }]);
    for (const q of ef.get('params').list()) alts.push([{ ...base, in: 'query', name: q.str() ?? '', loc: q.loc }]);
    // Envoy Gateway leaves the location to Envoy: the Authorization header and the `access_token` query parameter.
    if (!alts.length) alts.push([{ ...base, in: 'header', name: 'Authorization' }], [{ ...base, in: 'query', name: 'access_token' }]);
    out.push(...alts);
  }
  if (jwt.get('optional').bool() === true) out.push([]);
  return out;
}

function mentionsJwt(rule: View): boolean {
  return rule.at('principal', 'jwt').present;
}

export function securityPolicyEffect(sp: K8s, secrets: K8s[]): PolicyEffect {
  const s = sp.spec;
  const out: PolicyEffect = { alts: [[]], what: [], evidence: [], secrets: [] };
  const jwt = s.get('jwt');
  const jwtAlts = jwt.present ? egJwtAlts(jwt) : undefined;
  const oidc = s.get('oidc');
  if (oidc.present) {
    const hints = [oidc.at('provider', 'issuer').str(), oidc.at('provider', 'tokenEndpoint').str()].filter((x): x is string => !!x);
    const session: Credential = {
      type: 'bearer',
      in: 'cookie',
      scheme: sp.name,
      validated: true,
      flows: ['authorizationCode'],
      detail: `OpenID Connect login session (SecurityPolicy '${sp.name}')`,
      loc: oidc.loc,
    };
    if (hints.length) session.issuerHints = hints;
    // With passThroughAuthHeader a request that carries a token skips the login and is checked by the JWT providers.
    if (jwtAlts && oidc.get('passThroughAuthHeader').bool() === true) out.alts = [[session], ...jwtAlts];
    else out.alts = jwtAlts ? product([[session]], jwtAlts) : [[session]];
    out.what.push('oidc');
    out.secrets.push(...referencedSecrets([oidc.get('clientSecret')], sp, secrets, 'OIDC client secret'));
  } else if (jwtAlts) out.alts = jwtAlts;
  if (jwtAlts) out.what.push('jwt');
  const key = s.get('apiKeyAuth');
  if (key.present) {
    const alts: Credential[][] = [];
    for (const src of key.get('extractFrom').list()) {
      for (const h of src.get('headers').list()) alts.push([{ type: 'api-key', in: 'header', name: h.str() ?? '', scheme: sp.name, detail: `API key in header '${h.str() ?? ''}' (SecurityPolicy '${sp.name}')`, loc: h.loc }]);
      for (const q of src.get('params').list()) alts.push([{ type: 'api-key', in: 'query', name: q.str() ?? '', scheme: sp.name, detail: `API key in query parameter '${q.str() ?? ''}' (SecurityPolicy '${sp.name}')`, loc: q.loc }]);
      for (const c of src.get('cookies').list()) alts.push([{ type: 'api-key', in: 'cookie', name: c.str() ?? '', scheme: sp.name, detail: `API key in cookie '${c.str() ?? ''}' (SecurityPolicy '${sp.name}')`, loc: c.loc }]);
    }
    if (!alts.length) alts.push([{ type: 'api-key', in: 'header', name: 'Authorization', scheme: sp.name, detail: `API key (SecurityPolicy '${sp.name}')`, loc: key.loc }]);
    out.alts = product(out.alts, alts);
    out.what.push('apiKeyAuth');
    out.secrets.push(...referencedSecrets(key.get('credentialRefs').list(), sp, secrets, 'API keys'));
  }
  const basic = s.get('basicAuth');
  if (basic.present) {
    out.alts = product(out.alts, [[{ type: 'basic', in: 'header', name: 'Authorization', scheme: sp.name, detail: `HTTP Basic (SecurityPolicy '${sp.name}')`, loc: basic.loc }]]);
    out.what.push('basicAuth');
    out.secrets.push(...referencedSecrets([basic.get('users')], sp, secrets, 'HTTP Basic users and password hashes (htpasswd)'));
  }
  const ext = s.get('extAuth');
  if (ext.present) {
    const cred: Credential = { type: 'unknown', scheme: sp.name, detail: `external authorization service (SecurityPolicy '${sp.name}' extAuth)`, loc: ext.loc };
    if (ext.get('failOpen').bool() === true) cred.failOpen = true;
    out.alts = product(out.alts, [[cred]]);
    out.what.push(`extAuth${cred.failOpen ? ' (fails open)' : ''}`);
  }
  const authz = s.get('authorization');
  if (authz.present) {
    const rules = authz.get('rules').list();
    const deny = (authz.get('defaultAction').str() ?? 'Deny') === 'Deny';
    out.evidence.push(ev(`authorization rules (${rules.length}, default ${deny ? 'deny' : 'allow'})`, { type: 'access-control', state: 'present' }, authz));
    const allowRules = rules.filter((r) => (r.get('action').str() ?? 'Allow') === 'Allow');
    if (deny && allowRules.length && allowRules.every(mentionsJwt)) {
      const withJwt = out.alts.filter((a) => a.some((c) => c.type === 'bearer'));
      if (withJwt.length) out.alts = withJwt;
    }
    if (rules.some((r) => r.at('principal', 'clientCIDRs').present)) out.evidence.push(ev('callers restricted by client CIDRs', { type: 'ip-restriction', state: 'present' }, authz));
  }
  const cors = s.get('cors');
  if (cors.present) {
    const origins = cors.get('allowOrigins').strings();
    const anyOrigin = origins.some((o) => o === '*' || o === 'https://*' || o === 'http://*');
    const credentials = cors.get('allowCredentials').bool() === true;
    out.evidence.push(ev(`CORS: ${anyOrigin ? 'any origin' : `origins ${origins.join(', ')}`}${credentials ? ', with credentials' : ''}`, { type: 'cors', state: 'present', origins: anyOrigin ? ['*', ...origins.filter((o) => o !== '*')] : origins, credentials }, cors));
  }
  return out;
}

const UNIT_SECONDS: Record<string, number> = { Second: 1, Minute: 60, Hour: 3600, Day: 86400, Month: 2592000, Year: 31536000 };

/** Rate limits of a BackendTrafficPolicy. */
export function rateLimitEvidence(btp: K8s): Evidence[] {
  const rl = btp.spec.get('rateLimit');
  if (!rl.present) return [];
  const type = rl.get('type').str() ?? (rl.has('global') ? 'Global' : 'Local');
  const rules = [...rl.at('local', 'rules').list(), ...rl.at('global', 'rules').list()];
  const limits = rules.map((r) => ({ n: r.at('limit', 'requests').num(), unit: r.at('limit', 'unit').str() ?? '?' }));
  const control: Evidence['control'] = rules.length ? { type: 'rate-limit', state: 'present' } : { type: 'rate-limit', state: 'absent' };
  const tight = limits.filter((l) => l.n !== undefined && UNIT_SECONDS[l.unit]).sort((a, b) => a.n! / UNIT_SECONDS[a.unit]! - b.n! / UNIT_SECONDS[b.unit]!)[0];
  if (tight) {
    control.limit = tight.n!;
    control.periodSeconds = UNIT_SECONDS[tight.unit]!;
  }
  return [ev(`${type.toLowerCase()} rate limit ${limits.map((l) => `${l.n ?? '?'}/${l.unit}`).join(', ')} (BackendTrafficPolicy '${btp.name}')`, control, rl)];
}

/**
 * Rank of a policy for a route rule (Envoy Gateway: the most specific attachment wins): rule section 4, route 3,
 * gateway listener 2, gateway 1, not attached 0.
 */
export function attachmentRank(p: K8s, route: K8s, ruleName: string | undefined, gateways: { name: string; namespace: string; listeners: string[] }[]): number {
  let best = 0;
  for (const r of targetRefsOf(p.spec)) {
    const ns = r.namespace ?? p.namespace;
    if (r.kind === 'HTTPRoute' && r.name === route.name && (ns === route.namespace || ns === '' || route.namespace === '')) {
      best = Math.max(best, r.sectionName === undefined ? 3 : r.sectionName === ruleName ? 4 : 0);
    }
    if (r.kind === 'Gateway')
      for (const g of gateways)
        if (g.name === r.name && (ns === g.namespace || ns === '' || g.namespace === '')) best = Math.max(best, r.sectionName === undefined ? 1 : g.listeners.includes(r.sectionName) ? 2 : 0);
  }
  return best;
}
