// Finding Envoy resources in the three shapes configs come in: a bootstrap (`static_resources`), xDS resource lists
// (`Listener` / `RouteConfiguration` items, as control planes write them), and admin config dumps (`configs[]` of
// `*ConfigDump`, also wrapped per proxy as `egctl` writes them).

import type { ParsedFile } from '../../load/parse.js';
import { isObj } from '../../model/util.js';
import { View } from '../view.js';

export interface EnvoyResources {
  listeners: View[];
  routeConfigs: View[];
  /** `static_resources.secrets[]` (SDS secrets given inline). */
  secrets: View[];
  /** Pointers of v2 (legacy) resources found. */
  legacy: View[];
  /** A bootstrap takes further listeners from LDS (`dynamic_resources.lds_config`), which is not among the inputs. */
  dynamic: boolean;
}

const LISTENER = /envoy\.config\.listener\.v3\.Listener$/;
const ROUTES = /envoy\.config\.route\.v3\.RouteConfiguration$/;
const SECRET = /envoy\.extensions\.transport_sockets\.tls\.v3\.Secret$/;
const V2 = /envoy\.api\.v2\.|\.v2alpha\.|\.v2\.[A-Z]/;

export function typeOf(v: View): string {
  return v.get('@type').str() ?? '';
}

function isListenerShape(v: View): boolean {
  const t = typeOf(v);
  if (t) return LISTENER.test(t);
  return v.isObject && (v.has('filter_chains') || v.has('default_filter_chain') || (v.has('address') && v.has('listener_filters')));
}

function isRouteConfigShape(v: View): boolean {
  const t = typeOf(v);
  if (t) return ROUTES.test(t);
  return v.isObject && v.has('virtual_hosts');
}

function isLegacy(v: View): boolean {
  const t = typeOf(v);
  return t !== '' && V2.test(t) && /Listener|RouteConfiguration|ConfigDump|Cluster/.test(t);
}

function isBootstrap(o: View): boolean {
  return o.isObject && (o.has('static_resources') || o.has('dynamic_resources') || (o.has('admin') && (o.has('node') || o.has('layered_runtime') || o.has('overload_manager') || o.has('cluster_manager'))));
}

function isConfigDump(o: View): boolean {
  return o.get('configs').list().some((c) => /envoy\.admin\.v\w+\.\w*ConfigDump$/.test(typeOf(c)));
}

/** Per-proxy dumps as `egctl config envoy-proxy all` writes them: `{xds: {<namespace/name>: {configs: [...]}}}`. */
function wrappedDumps(o: View): View[] {
  return o
    .get('xds')
    .entries()
    .map(([, v]) => v)
    .filter(isConfigDump);
}

function isResourceItem(v: View): boolean {
  return isListenerShape(v) || isRouteConfigShape(v) || isLegacy(v) || SECRET.test(typeOf(v)) || /envoy\.config\.cluster\.v3\.Cluster$/.test(typeOf(v));
}

/** True when a parsed document looks like Envoy configuration (for kind detection). */
export function looksLikeEnvoy(doc: unknown): boolean {
  const r = View.root(doc, '');
  if (Array.isArray(doc)) return doc.length > 0 && r.list().some((x) => isListenerShape(x) || isRouteConfigShape(x) || isLegacy(x));
  if (!isObj(doc)) return false;
  if (isBootstrap(r) || isConfigDump(r) || wrappedDumps(r).length > 0) return true;
  if (r.get('resources').list().some(isResourceItem)) return true;
  return isListenerShape(r) || isRouteConfigShape(r) || isLegacy(r);
}

export function collect(pf: ParsedFile): EnvoyResources {
  const out: EnvoyResources = { listeners: [], routeConfigs: [], secrets: [], legacy: [], dynamic: false };
  pf.docs.forEach((doc, i) => {
    const root = View.root(doc, pf.file, i);
    if (Array.isArray(doc)) for (const item of root.list()) addItem(out, item);
    else if (isObj(doc)) addRoot(out, root);
  });
  return out;
}

function addItem(out: EnvoyResources, v: View): void {
  if (isLegacy(v)) out.legacy.push(v);
  else if (isListenerShape(v)) out.listeners.push(v);
  else if (isRouteConfigShape(v)) out.routeConfigs.push(v);
  else if (SECRET.test(typeOf(v))) out.secrets.push(v);
}

function addBootstrap(out: EnvoyResources, b: View): void {
  const sr = b.get('static_resources');
  for (const l of sr.get('listeners').list()) out.listeners.push(l);
  for (const s of sr.get('secrets').list()) out.secrets.push(s);
  if (b.get('dynamic_resources').get('lds_config').present) out.dynamic = true;
}

function addDump(out: EnvoyResources, d: View): void {
  for (const c of d.get('configs').list()) {
    const t = typeOf(c);
    if (/envoy\.admin\.v2alpha\./.test(t)) out.legacy.push(c);
    else if (/BootstrapConfigDump$/.test(t)) addBootstrap(out, c.get('bootstrap'));
    else if (/ListenersConfigDump$/.test(t)) {
      for (const s of c.get('static_listeners').list()) out.listeners.push(s.get('listener'));
      for (const s of c.get('dynamic_listeners').list()) {
        const l = s.at('active_state', 'listener');
        if (l.present) out.listeners.push(l);
      }
    } else if (/RoutesConfigDump$/.test(t)) {
      for (const s of c.get('static_route_configs').list()) out.routeConfigs.push(s.get('route_config'));
      for (const s of c.get('dynamic_route_configs').list()) out.routeConfigs.push(s.get('route_config'));
    }
  }
}

function addRoot(out: EnvoyResources, root: View): void {
  if (isConfigDump(root)) return addDump(out, root);
  const wrapped = wrappedDumps(root);
  if (wrapped.length) return wrapped.forEach((d) => addDump(out, d));
  if (isBootstrap(root)) return addBootstrap(out, root);
  if (root.has('resources')) return root.get('resources').list().forEach((r) => addItem(out, r));
  addItem(out, root);
}
