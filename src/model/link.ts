// Linking authorization-server metadata (RFC 8414 / OIDC discovery) and protected-resource metadata (RFC 9728) to the
// APIs they speak for (MATURITY.md, "Joining inputs into APIs"). A pure function of the joined model and an explicit
// mapping; a document that links to no API becomes a finding on that document, never silently dropped.

import { linearRegExp } from './regex.js';
import type { Api, AuthServer, Loc, MetadataLink, Model, ProtectedResource } from './types.js';
import { cmp } from './util.js';

/** `issuer (or resource) = API id or name glob`, from `--as-map` or the config file. */
export interface MetadataMapping {
  /** An issuer (authorization-server metadata) or a `resource` identifier (protected-resource metadata). */
  key: string;
  /** An API id or name; `*` and `?` are wildcards; case-insensitive. */
  api: string;
}

/**
 * Mapping entries that name no metadata document or no API, as messages (the caller reports them as usage errors once
 * every API of the run is known).
 */
export function mappingProblems(model: Pick<Model, 'apis' | 'authServers' | 'protectedResources'>, mapping: MetadataMapping[]): string[] {
  const problems: string[] = [];
  for (const m of mapping) {
    const key = normalizeUrl(m.key);
    const re = globRe(m.api);
    if (!model.authServers.some((s) => normalizeUrl(s.issuer) === key) && !(model.protectedResources ?? []).some((r) => normalizeUrl(r.resource) === key)) {
      problems.push(`no authorization-server or protected-resource metadata among the inputs has issuer or resource '${m.key}'`);
    }
    if (!model.apis.some((a) => re.test(a.id) || re.test(a.name))) problems.push(`no API has the id or name '${m.api}'`);
  }
  return problems;
}

/**
 * Normalizes a URL for comparison: lower-case scheme and host, no default port, no fragment, no trailing slash.
 * Returns the input trimmed when it is not an absolute http(s) URL.
 */
export function normalizeUrl(url: string): string {
  const m = /^\s*(https?):\/\/([^/?#]*)([^?#]*)(\?[^#]*)?/i.exec(url);
  if (!m) return url.trim();
  const scheme = m[1]!.toLowerCase();
  let authority = m[2]!.toLowerCase();
  if ((scheme === 'https' && authority.endsWith(':443')) || (scheme === 'http' && authority.endsWith(':80'))) authority = authority.replace(/:\d+$/, '');
  const path = m[3]!.replace(/\/+$/, '');
  return `${scheme}://${authority}${path}${m[4] ?? ''}`;
}

/**
 * The URLs a discovery document for `issuer` is served from: OpenID Connect Discovery §4 appends
 * `/.well-known/openid-configuration` to the issuer; RFC 8414 §3 inserts `/.well-known/oauth-authorization-server` between
 * the host and the issuer's path (both placements of both names are accepted, as deployed servers use them).
 */
export function wellKnownUrls(issuer: string): string[] {
  const iss = normalizeUrl(issuer);
  const m = /^(https?:\/\/[^/?#]*)(.*)$/.exec(iss);
  if (!m) return [];
  const [, origin, path] = m as unknown as [string, string, string];
  const out = new Set<string>();
  for (const name of ['openid-configuration', 'oauth-authorization-server']) {
    out.add(`${iss}/.well-known/${name}`);
    out.add(`${origin}/.well-known/${name}${path}`);
  }
  return [...out];
}

/** Every endpoint URL a metadata document names: `*_endpoint` members and `mtls_endpoint_aliases` values. */
export function endpointsOf(metadata: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(metadata)) if (k.endsWith('_endpoint') && typeof v === 'string') out.push(v);
  const aliases = metadata['mtls_endpoint_aliases'];
  if (aliases !== null && typeof aliases === 'object' && !Array.isArray(aliases)) {
    for (const v of Object.values(aliases as Record<string, unknown>)) if (typeof v === 'string') out.push(v);
  }
  return out;
}

/** A metadata URL, as found in a security scheme or a gateway config. */
export function isMetadataUrl(url: string): boolean {
  return /\/\.well-known\/(openid-configuration|oauth-authorization-server)(\/|$|\?)/i.test(url);
}

interface Hint {
  url: string;
  loc: Loc;
}

/** URLs in an API's inputs that identify an authorization server, with where they are written. */
export function issuerHintsOf(api: Api): Hint[] {
  const out = new Map<string, Hint>();
  const add = (url: string | undefined, loc: Loc) => {
    if (!url) return;
    const k = `${url}\u0000${loc.file}\u0000${loc.pointer}`;
    if (!out.has(k)) out.set(k, { url, loc });
  };
  for (const s of api.securitySchemes) {
    add(s.openIdConnectUrl, s.loc);
    add(s.oauth2MetadataUrl, s.loc);
    for (const f of Object.values(s.flows ?? {})) {
      add(f.authorizationUrl, f.loc);
      add(f.tokenUrl, f.loc);
      add(f.refreshUrl, f.loc);
    }
  }
  for (const op of api.operations) for (const p of op.auth) for (const alt of p.alternatives) for (const c of alt) for (const h of c.issuerHints ?? []) add(h, c.loc);
  return [...out.values()];
}

/** A server's URLs, normalized once per metadata object (the scorer asks for every operation). */
const URLS = new WeakMap<Record<string, unknown>, { wellKnown: Set<string>; issuer: string; endpoints: Set<string> }>();
function urlsOf(server: AuthServer): { wellKnown: Set<string>; issuer: string; endpoints: Set<string> } {
  let u = URLS.get(server.metadata);
  if (!u) {
    u = { wellKnown: new Set(wellKnownUrls(server.issuer)), issuer: normalizeUrl(server.issuer), endpoints: new Set(endpointsOf(server.metadata).map(normalizeUrl)) };
    URLS.set(server.metadata, u);
  }
  return u;
}

/** How a hint names a server, if it does. */
function hintLink(hint: Hint, server: AuthServer): MetadataLink | undefined {
  const h = normalizeUrl(hint.url);
  const u = urlsOf(server);
  if (u.wellKnown.has(h)) return { via: 'metadata-url', hint: hint.url, loc: hint.loc };
  if (h === u.issuer) return { via: 'issuer', hint: hint.url, loc: hint.loc };
  if (u.endpoints.has(h)) return { via: 'endpoint', hint: hint.url, loc: hint.loc };
  return undefined;
}

/** `*` any run, `?` one character, case-insensitive; linear-time (the glob may come from configuration in a pull request). */
function globRe(glob: string): RegExp {
  let body = '';
  for (const c of glob) {
    if (c === '*') body += '.*';
    else if (c === '?') body += '.';
    else if (c.toLowerCase() !== c.toUpperCase()) body += `[${c.toLowerCase()}${c.toUpperCase()}]`;
    else body += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return linearRegExp(`^${body}$`) ?? new RegExp(`^${body}$`, 'i');
}

function describeLinks(links: MetadataLink[]): string {
  const first = links[0]!;
  switch (first.via) {
    case 'metadata-url':
      return `its metadata URL ${first.hint} is named by the API`;
    case 'issuer':
      return `its issuer ${first.hint} is named by the API`;
    case 'endpoint':
      return `its endpoint ${first.hint} is named by the API`;
    case 'mapping':
      return 'explicit mapping (--as-map)';
    case 'protected-resource':
      return "listed in the API's protected-resource metadata (`authorization_servers`)";
    case 'resource':
      return `the API's base URL lies under the resource ${first.hint}`;
  }
}

function addLink<T extends AuthServer | ProtectedResource>(list: T[], doc: T, link: MetadataLink): void {
  let copy = list.find((x) => x.loc.file === doc.loc.file && x.loc.pointer === doc.loc.pointer);
  if (!copy) {
    copy = { ...doc, links: [] };
    list.push(copy);
  }
  const links = copy.links!;
  if (!links.some((l) => l.via === link.via && l.hint === link.hint)) links.push(link);
}

function sortDocs<T extends { loc: Loc }>(list: T[]): void {
  list.sort((a, b) => cmp(a.loc.file, b.loc.file) || cmp(a.loc.pointer, b.loc.pointer));
}

function addSource(api: Api, file: string, kind: 'as-metadata' | 'rs-metadata'): void {
  if (!api.sources.includes(file)) api.sources.push(file);
  if (!api.kinds.includes(kind)) api.kinds.push(kind);
}

/**
 * Links every metadata document of the model to the APIs it speaks for, filling `api.authServers` and
 * `api.protectedResources` (per-API copies carrying `links`), and adds a finding for every document linked to none.
 *
 * - authorization-server metadata: an API's `openIdConnectUrl` / `oauth2MetadataUrl` is the document's well-known URL;
 *   a declared issuer equals its `issuer`; an `authorizationUrl` / `tokenUrl` / `refreshUrl` equals one of its
 *   endpoints or `mtls_endpoint_aliases`; the API's protected-resource metadata lists its issuer; or a mapping names it;
 * - protected-resource metadata: an API base URL equals its `resource` or lies under it; or a mapping names it.
 */
export function linkMetadata(model: Model, mapping: MetadataMapping[] = []): void {
  const servers = model.authServers;
  const resources = model.protectedResources ?? [];
  const linkedDocs = new Set<AuthServer | ProtectedResource>();

  for (const api of model.apis) {
    const prs: ProtectedResource[] = api.protectedResources ?? [];
    const hints = issuerHintsOf(api);
    for (const s of servers) {
      for (const h of hints) {
        const l = hintLink(h, s);
        if (l) {
          addLink(api.authServers, s, l);
          linkedDocs.add(s);
        }
      }
    }
    const bases = api.baseUrls.map(normalizeUrl);
    for (const r of resources) {
      const res = normalizeUrl(r.resource);
      if (bases.some((b) => b === res || b.startsWith(res + '/'))) {
        addLink(prs, r, { via: 'resource', hint: r.resource, loc: { file: r.loc.file, pointer: `${r.loc.pointer}/resource` } });
        linkedDocs.add(r);
      }
    }
    if (prs.length) api.protectedResources = prs;
  }

  for (const m of mapping) {
    const key = normalizeUrl(m.key);
    const ss = servers.filter((s) => normalizeUrl(s.issuer) === key);
    const rs = resources.filter((r) => normalizeUrl(r.resource) === key);
    const re = globRe(m.api);
    const apis = model.apis.filter((a) => re.test(a.id) || re.test(a.name));
    for (const api of apis) {
      for (const s of ss) addLink(api.authServers, s, { via: 'mapping' });
      if (rs.length) {
        const prs = (api.protectedResources ??= []);
        for (const r of rs) addLink(prs, r, { via: 'mapping' });
      }
      for (const d of [...ss, ...rs]) linkedDocs.add(d);
    }
  }

  // Authorization servers the API's protected-resource metadata names.
  for (const api of model.apis) {
    for (const r of api.protectedResources ?? []) {
      const list = r.metadata['authorization_servers'];
      if (!Array.isArray(list)) continue;
      list.forEach((iss, i) => {
        if (typeof iss !== 'string') return;
        for (const s of servers) {
          if (normalizeUrl(s.issuer) !== normalizeUrl(iss)) continue;
          addLink(api.authServers, s, { via: 'protected-resource', hint: iss, loc: { file: r.loc.file, pointer: `${r.loc.pointer}/authorization_servers/${i}` } });
          linkedDocs.add(s);
        }
      });
    }
  }

  for (const api of model.apis) {
    for (const s of api.authServers) {
      if (s.links?.length) s.linkedBy = describeLinks(s.links);
      addSource(api, s.loc.file, 'as-metadata');
    }
    for (const r of api.protectedResources ?? []) addSource(api, r.loc.file, 'rs-metadata');
    sortDocs(api.authServers);
    if (api.protectedResources) sortDocs(api.protectedResources);
  }

  for (const s of servers) {
    if (linkedDocs.has(s)) continue;
    model.loadFindings.push({
      ruleId: 'as-metadata-unlinked',
      severity: 'low',
      message: `authorization-server metadata of issuer ${s.issuer} is linked to no API: no security scheme names its metadata URL, issuer or endpoints (link it with --as-map ${s.issuer}=<api>)`,
      loc: s.loc,
    });
  }
  for (const r of resources) {
    if (linkedDocs.has(r)) continue;
    model.loadFindings.push({
      ruleId: 'rs-metadata-unlinked',
      severity: 'low',
      message: `protected-resource metadata of resource ${r.resource} is linked to no API: no API's server URL lies under it (link it with --as-map ${r.resource}=<api>)`,
      loc: r.loc,
    });
  }
}

/** True when a token credential's issuer hints name this server (so it governs the operation using the credential). */
export function hintsName(hints: string[], server: AuthServer): boolean {
  return hints.some((url) => hintLink({ url, loc: server.loc }, server) !== undefined);
}
