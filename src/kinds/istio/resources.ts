// Kubernetes resources from multi-document YAML: Istio security and networking resources, Gateway API resources and
// Envoy Gateway policies. Other kinds (Deployments, Services, Namespaces…) are skipped, except Secrets, which policies
// may reference (credentials written into the configuration).

import type { ParsedFile } from '../../load/parse.js';
import { isObj } from '../../model/util.js';
import { View } from '../view.js';

export const ROOT_NAMESPACE = 'istio-system';

export interface K8s {
  kind: string;
  group: string;
  name: string;
  /** `metadata.namespace`; '' when not set (the namespace it is applied to). */
  namespace: string;
  spec: View;
  root: View;
  file: string;
}

const KNOWN: Record<string, Set<string>> = {
  'security.istio.io': new Set(['PeerAuthentication', 'RequestAuthentication', 'AuthorizationPolicy']),
  'networking.istio.io': new Set(['Gateway', 'VirtualService']),
  'gateway.networking.k8s.io': new Set(['Gateway', 'HTTPRoute', 'GRPCRoute']),
  'gateway.envoyproxy.io': new Set(['SecurityPolicy', 'ClientTrafficPolicy', 'BackendTrafficPolicy']),
};

export function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

/** A document this adapter understands (Secrets only count when something references them). */
export function isKnownDoc(doc: unknown): boolean {
  if (!isObj(doc)) return false;
  const av = doc['apiVersion'];
  const kind = doc['kind'];
  return typeof av === 'string' && typeof kind === 'string' && KNOWN[groupOf(av)]?.has(kind) === true;
}

export function readResources(pf: ParsedFile): { known: K8s[]; secrets: K8s[] } {
  const known: K8s[] = [];
  const secrets: K8s[] = [];
  pf.docs.forEach((doc, i) => {
    if (!isObj(doc)) return;
    const root = View.root(doc, pf.file, i);
    const av = root.get('apiVersion').str() ?? '';
    const kind = root.get('kind').str() ?? '';
    const group = groupOf(av);
    const md = root.get('metadata');
    const r: K8s = { kind, group, name: md.get('name').str() ?? '', namespace: md.get('namespace').str() ?? '', spec: root.get('spec'), root, file: pf.file };
    if (KNOWN[group]?.has(kind)) known.push(r);
    else if (kind === 'Secret' && av === 'v1') secrets.push(r);
  });
  return { known, secrets };
}

/** `matchLabels` of a selector as a sorted `k=v` list; undefined when there is no selector (namespace-wide). */
export function selectorOf(spec: View): string[] | undefined {
  const sel = spec.get('selector');
  if (!sel.present) return undefined;
  const ml = sel.has('matchLabels') ? sel.get('matchLabels') : sel;
  return ml
    .entries()
    .filter(([, v]) => typeof v.value === 'string' || typeof v.value === 'number')
    .map(([k, v]) => `${k}=${String(v.value)}`)
    .sort();
}

/** `targetRef` / `targetRefs[]` of a policy. */
export function targetRefsOf(spec: View): { kind: string; group: string; name: string; namespace?: string; sectionName?: string; v: View }[] {
  const refs = [...(spec.has('targetRef') ? [spec.get('targetRef')] : []), ...spec.get('targetRefs').list()];
  return refs.map((r) => {
    const out: { kind: string; group: string; name: string; namespace?: string; sectionName?: string; v: View } = {
      kind: r.get('kind').str() ?? '',
      group: r.get('group').str() ?? '',
      name: r.get('name').str() ?? '',
      v: r,
    };
    const ns = r.get('namespace').str();
    if (ns) out.namespace = ns;
    const sn = r.get('sectionName').str();
    if (sn) out.sectionName = sn;
    return out;
  });
}
