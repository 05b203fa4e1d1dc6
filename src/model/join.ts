import type { Api, AuthServer, LoadFinding, Model, Operation, ProtectedResource, RouteMatch } from './types.js';
import { basePathOf, hostsOfUrls, hostsOverlap, joinPath, routeCovers, specificity, templateSpecificity } from './paths.js';
import { mergeTraffic } from './traffic.js';
import { pushAll } from './util.js';

export interface ModelPart {
  apis: Api[];
  authServers?: AuthServer[];
  protectedResources?: ProtectedResource[];
}

/** A described (OpenAPI) operation, with the full request-path templates it answers (one per server base path). */
interface Target {
  api: Api;
  op: Operation;
  templates: string[];
  hosts: string[];
}

/** A route that covers every path (`/`, or a regex matching anything). */
function isCatchAll(m: RouteMatch): boolean {
  if (m.kind === 'prefix') return m.value.replace(/\/+$/, '') === '';
  if (m.kind === 'regex') return /^\^?\/?(\.\*|\.\+)?\$?$/.test(m.value);
  return false;
}

function isDescribed(a: Api): boolean {
  return a.kinds.includes('openapi');
}

function targetsOf(api: Api): Target[] {
  const apiBases = [...new Set(api.servers.map((s) => basePathOf(s.url)))];
  const hosts = api.hosts?.length ? api.hosts : hostsOfUrls(api.baseUrls);
  return api.operations.map((op) => {
    const bases = op.servers.length ? [...new Set(op.servers.map((s) => basePathOf(s.url)))] : apiBases.length ? apiBases : [''];
    const templates = [...new Set([...bases.map((b) => joinPath(b, op.path)), op.path])];
    return { api, op, templates, hosts };
  });
}

function mergeInto(target: Operation, from: Operation): void {
  pushAll(target.auth, from.auth);
  pushAll(target.evidence, from.evidence);
  if (from.traffic) target.traffic = mergeTraffic(target.traffic, from.traffic);
}

/**
 * Joins what every input contributed into one model.
 *
 * Described APIs (OpenAPI) keep their identity. An API from a gateway config or captured traffic whose routes or calls
 * cover described operations (compatible hosts, route/path match, method) is merged into the described API: each
 * described operation receives the postures and evidence of the most specific route of each such input that covers it;
 * routes and calls that cover no described operation are added as undocumented (shadow) operations. Inputs that cover
 * nothing stay APIs of their own. Ids are unique and stable for the same inputs.
 */
export function joinModel(parts: ModelPart[], loadFindings: LoadFinding[], opts: { keepIds?: boolean } = {}): Model {
  const all: Api[] = [];
  const authServers: AuthServer[] = [];
  const protectedResources: ProtectedResource[] = [];
  for (const part of parts) {
    pushAll(all, part.apis);
    pushAll(authServers, part.authServers ?? []);
    pushAll(protectedResources, part.protectedResources ?? []);
  }
  const described = all.filter(isDescribed);
  const targets = described.flatMap(targetsOf);
  const merged = new Set<Api>();

  for (const g of all) {
    if (isDescribed(g) || !g.operations.some((o) => o.match)) continue;
    const candidates = targets.filter((t) => hostsOverlap(g.hosts, t.hosts));
    const hits: { route: Operation; spec: number; target: Target }[] = [];
    for (const route of g.operations) {
      const m = route.match;
      if (!m) continue;
      for (const t of candidates) {
        if (m.hosts?.length && t.hosts.length && !hostsOverlap(m.hosts, t.hosts)) continue;
        const tpls = t.templates.filter((tpl) => routeCovers(m, t.op.method, tpl));
        if (!tpls.length) continue;
        // A concrete request: how specific the template it matches is; a route: how specific the route is.
        hits.push({ route, spec: m.kind === 'request' ? Math.max(...tpls.map(templateSpecificity)) : specificity(m), target: t });
      }
    }
    // A described API is this input's only when a host both sides name, or a route more specific than a catch-all,
    // ties them: a catch-all route with no host in common covers every description of the run and proves nothing.
    const anchored = new Set(
      hits
        .filter(({ route, target }) => !isCatchAll(route.match!) || ((route.match!.hosts?.length ? route.match!.hosts : g.hosts ?? []).length > 0 && target.hosts.length > 0))
        .map((h) => h.target.api),
    );
    // For each described operation: the most specific route of this input that covers it. An observed call (a
    // `request` match) is evidence for the one operation it hit, the most specific template, and every call counts.
    const chosen = new Map<Operation, { route: Operation; spec: number; target: Target }>();
    const calls = new Map<Operation, { route: Operation; spec: number; target: Target }>();
    const covering = new Set<Operation>();
    for (const h of hits) {
      if (!anchored.has(h.target.api)) continue;
      covering.add(h.route);
      const pick = h.route.match!.kind === 'request' ? calls : chosen;
      const k = h.route.match!.kind === 'request' ? h.route : h.target.op;
      const cur = pick.get(k);
      if (!cur || h.spec > cur.spec) pick.set(k, h);
    }
    if (chosen.size === 0 && calls.size === 0) {
      const sameHost = described.some((d) => g.hosts?.length && hostsOfUrls(d.baseUrls).length && hostsOverlap(g.hosts, hostsOfUrls(d.baseUrls)));
      if (sameHost) for (const o of g.operations) o.undocumented = true;
      continue;
    }
    const weight = new Map<Api, number>();
    for (const { route, target } of [...chosen.values(), ...calls.values()]) {
      mergeInto(target.op, route);
      weight.set(target.api, (weight.get(target.api) ?? 0) + 1);
    }
    const home = [...weight.entries()].sort((a, b) => b[1] - a[1] || (a[0].id < b[0].id ? -1 : 1))[0]![0];
    for (const api of weight.keys()) {
      api.kinds = [...new Set([...api.kinds, ...g.kinds])];
      api.sources = [...new Set([...api.sources, ...g.sources])];
      api.baseUrls = [...new Set([...api.baseUrls, ...g.baseUrls])];
      if (api === home) pushAll(api.evidence, g.evidence);
    }
    // Routes and calls that cover no described operation are shadow endpoints of the API they sit beside. Observed
    // calls are shown in the described API's path space (its server base path removed).
    const byKey = new Map(home.operations.map((o) => [o.key, o]));
    const bases = [...new Set(home.servers.map((s) => basePathOf(s.url)).filter((b) => b !== ''))].sort((a, b) => b.length - a.length);
    for (const route of g.operations) {
      if (covering.has(route)) continue;
      route.undocumented = true;
      const base = route.match?.kind === 'request' ? bases.find((b) => route.path.startsWith(`${b}/`)) : undefined;
      if (base) {
        route.path = route.path.slice(base.length);
        route.key = `${route.method.toUpperCase()} ${route.path}`;
      }
      const same = byKey.get(route.key);
      if (same) mergeInto(same, route);
      else {
        home.operations.push(route);
        byKey.set(route.key, route);
      }
    }
    merged.add(g);
  }

  const apis = all.filter((a) => !merged.has(a));
  if (!opts.keepIds) for (const [api, id] of uniqueIds(apis)) api.id = id;
  return { apis, authServers, protectedResources, loadFindings };
}

/** Unique ids in order: the second API with the same id becomes `id~2`, the third `id~3`… Returns only the renamed. */
export function uniqueIds<T extends { id: string }>(apis: Iterable<T>): Map<T, string> {
  const out = new Map<T, string>();
  const ids = new Map<string, number>();
  for (const api of apis) {
    const n = (ids.get(api.id) ?? 0) + 1;
    ids.set(api.id, n);
    if (n > 1) out.set(api, `${api.id}~${n}`);
  }
  return out;
}
