import type { Credential, Deref, Loc, OAuthFlow, SchemeUse, SecurityScheme } from '../../model/types.js';
import { arr, extensionsOf, get, isObj, keys, str } from '../../model/util.js';
import { joinPointer } from '../../load/parse.js';
import { isGoogleJwt } from '../../model/schemes.js';

/** Swagger 2.0 flow names → OpenAPI 3 names. */
const FLOW_2_TO_3: Record<string, string> = {
  implicit: 'implicit',
  password: 'password',
  application: 'clientCredentials',
  accessCode: 'authorizationCode',
};

function flowOf(raw: unknown, loc: Loc): OAuthFlow {
  const f: OAuthFlow = { scopes: keys(get(raw, 'scopes')), loc };
  const a = str(get(raw, 'authorizationUrl'));
  const t = str(get(raw, 'tokenUrl'));
  const r = str(get(raw, 'refreshUrl'));
  if (a !== undefined) f.authorizationUrl = a;
  if (t !== undefined) f.tokenUrl = t;
  if (r !== undefined) f.refreshUrl = r;
  return f;
}

/** Reads `components.securitySchemes` (3.x) or `securityDefinitions` (2.0) into normalized schemes. */
export function readSchemes(root: unknown, file: string, v2: boolean, resolver: Deref, docBase = ''): SecurityScheme[] {
  const base = v2 ? joinPointer(docBase, 'securityDefinitions') : joinPointer(docBase, 'components', 'securitySchemes');
  const h = resolver.deref(v2 ? get(root, 'securityDefinitions') : get(get(root, 'components'), 'securitySchemes'), { file, pointer: base });
  const holder = h.value;
  const out: SecurityScheme[] = [];
  for (const name of keys(holder)) {
    const r = resolver.deref(get(holder, name), { file: h.loc.file, pointer: joinPointer(h.loc.pointer, name) });
    const raw = r.value;
    if (!isObj(raw)) continue;
    const s: SecurityScheme = { name, type: str(raw['type']) ?? 'unknown', loc: r.loc, extensions: extensionsOf(raw) };
    const desc = str(raw['description']);
    if (desc !== undefined) s.description = desc;
    if (s.type === 'apiKey') {
      s.in = str(raw['in']);
      s.paramName = str(raw['name']);
    } else if (s.type === 'http') {
      s.httpScheme = str(raw['scheme'])?.toLowerCase();
      s.bearerFormat = str(raw['bearerFormat']);
    } else if (s.type === 'openIdConnect') {
      s.openIdConnectUrl = str(raw['openIdConnectUrl']);
    } else if (s.type === 'oauth2') {
      s.flows = {};
      const meta = str(raw['oauth2MetadataUrl']);
      if (meta !== undefined) s.oauth2MetadataUrl = meta;
      if (v2) {
        const f = FLOW_2_TO_3[str(raw['flow']) ?? ''] ?? str(raw['flow']) ?? 'unknown';
        s.flows[f] = flowOf(raw, r.loc);
      } else {
        const flows = get(raw, 'flows');
        for (const fname of keys(flows)) s.flows[fname] = flowOf(get(flows, fname), { file: r.loc.file, pointer: joinPointer(r.loc.pointer, 'flows', fname) });
      }
    }
    out.push(s);
  }
  return out;
}

/** Reads a `security` array (root or operation) into alternatives of scheme uses. */
export function readRequirements(raw: unknown, schemes: Map<string, SecurityScheme>): SchemeUse[][] {
  return arr(raw).map((req) =>
    keys(req).map((name) => {
      const use: SchemeUse = { scheme: name, scopes: arr(get(req, name)).filter((s): s is string => typeof s === 'string') };
      const def = schemes.get(name);
      if (def) use.def = def;
      return use;
    }),
  );
}


function flowUrls(s: SecurityScheme): string[] {
  const out: string[] = [];
  for (const f of Object.values(s.flows ?? {})) {
    if (f.authorizationUrl) out.push(f.authorizationUrl);
    if (f.tokenUrl) out.push(f.tokenUrl);
  }
  return out;
}

/** The credential a client presents for one scheme use. */
export function credentialOf(use: SchemeUse, at: Loc): Credential {
  const s = use.def;
  if (!s) return { type: 'unknown', scheme: use.scheme, detail: `security scheme '${use.scheme}' is not defined`, loc: at };
  const c: Credential = { type: 'unknown', scheme: s.name, loc: s.loc };
  if (use.scopes.length) c.scopes = use.scopes;
  switch (s.type) {
    case 'apiKey':
      c.type = 'api-key';
      if (s.in === 'header' || s.in === 'query' || s.in === 'cookie' || s.in === 'path') c.in = s.in;
      if (s.paramName) c.name = s.paramName;
      break;
    case 'basic':
      c.type = 'basic';
      c.in = 'header';
      c.name = 'Authorization';
      break;
    case 'http': {
      const hs = s.httpScheme ?? '';
      c.in = 'header';
      c.name = 'Authorization';
      if (hs === 'bearer') {
        c.type = 'bearer';
        c.detail = s.bearerFormat ? `http bearer (${s.bearerFormat})` : 'http bearer';
      } else if (hs === 'dpop') {
        c.type = 'dpop';
        c.binding = 'dpop';
        c.detail = 'http DPoP (RFC 9449)';
      } else {
        c.type = 'basic';
        c.detail = `http ${hs || '(no scheme)'}`;
      }
      break;
    }
    case 'oauth2': {
      c.type = 'bearer';
      c.in = 'header';
      c.name = 'Authorization';
      if (isGoogleJwt(s)) {
        c.flows = [];
        c.detail = 'JWT validated by Google API gateway (x-google-issuer)';
        c.issuerHints = [String(s.extensions!['x-google-issuer'])];
      } else {
        c.flows = Object.keys(s.flows ?? {}).sort();
        c.detail = `oauth2 (${c.flows.join(', ') || 'no flows'})`;
        const hints = [...flowUrls(s), ...(s.oauth2MetadataUrl ? [s.oauth2MetadataUrl] : [])];
        if (hints.length) c.issuerHints = hints;
      }
      break;
    }
    case 'openIdConnect':
      c.type = 'bearer';
      c.in = 'header';
      c.name = 'Authorization';
      c.detail = 'openIdConnect';
      if (s.openIdConnectUrl) c.issuerHints = [s.openIdConnectUrl];
      break;
    case 'mutualTLS':
      c.type = 'client-certificate';
      c.in = 'tls';
      c.detail = 'mutualTLS';
      break;
    default:
      c.detail = `security scheme type '${s.type}'`;
  }
  return c;
}

/** True for schemes whose tokens come from an OAuth 2.0 / OIDC authorization server (what `mutualTLS` can bind, RFC 8705). */
function isOAuthScheme(use: SchemeUse): boolean {
  return use.def?.type === 'oauth2' || use.def?.type === 'openIdConnect';
}

/**
 * Credentials for one security requirement object (all required together). `mutualTLS` with an OAuth/OIDC scheme in the
 * same object is how OpenAPI declares certificate-bound tokens (RFC 8705), and an `http` `DPoP` scheme with an OAuth/OIDC
 * scheme declares DPoP-bound tokens from that server (RFC 9449): those bearer credentials are marked bound.
 */
export function credentialsOfRequirement(req: SchemeUse[], at: Loc): Credential[] {
  const creds = req.map((u) => credentialOf(u, at));
  const binding = req.some((u) => u.def?.type === 'mutualTLS') ? 'mtls' : creds.some((c) => c.type === 'dpop') ? 'dpop' : undefined;
  if (binding) {
    req.forEach((u, i) => {
      if (isOAuthScheme(u) && creds[i]!.type === 'bearer') creds[i] = { ...creds[i]!, binding };
    });
  }
  return creds;
}

export function describeRequirement(req: SchemeUse[]): string {
  if (req.length === 0) return 'anonymous ({})';
  return req
    .map((u) => {
      const d = u.def;
      if (!d) return `${u.scheme} (undefined)`;
      if (d.type === 'apiKey') return `${u.scheme} (apiKey in ${d.in ?? '?'})`;
      if (d.type === 'http') return `${u.scheme} (http ${d.httpScheme ?? '?'})`;
      if (d.type === 'oauth2') return `${u.scheme} (oauth2${d.flows ? ': ' + Object.keys(d.flows).join(', ') : ''})`;
      return `${u.scheme} (${d.type})`;
    })
    .join(' + ');
}
