// Level 4 from authorization-server metadata (RFC 8414 / OpenID Connect discovery), as the OpenID conformance suite
// reads it (MATURITY.md, settled points): a requirement passes when an allowed value is offered (and a required flag
// such as `require_pushed_authorization_requests` is `true`); no allowed value fails it; disallowed values offered
// beside allowed ones are findings of the `fapi` rule pack, not failures. An absent field takes the default of the RFC
// that defines it, with confidence `low` and a reason saying so.
//
// The FAPI 2.0 Security Profile (final) is evaluated, and FAPI 1.0 Advanced (final) as the alternative profile;
// FAPI 2.0 Message Signing features (JAR, JARM, signed introspection, HTTP signatures) decide sub-level 4b.

import type { AuthServer, Confidence, Credential, Loc } from '../model/types.js';
import { get } from '../model/util.js';
import { FAPI1_ALGS, FAPI2_ALGS, FAPI_CLIENT_AUTH, memberLoc, SIGNING_ALG_FIELDS } from '../model/fapi.js';
import { endpointsOf, hintsName, isMetadataUrl, normalizeUrl, wellKnownUrls } from '../model/link.js';
import { machineOnly, type FapiInput, type MetadataOutcome, type SigningFeature, type SigningStatus } from './fapi.js';
import { fails, na, pass, unknown, worse, type Decider, type ReqStatus } from './status.js';

/** RFC defaults of the fields this evaluator reads (RFC 8414 §2, RFC 9126 §5, RFC 9207 §3, RFC 8705 §3.3, RFC 9101 §10.5). */
export const METADATA_DEFAULTS: Record<string, { value: unknown; source: string }> = {
  grant_types_supported: { value: ['authorization_code', 'implicit'], source: 'RFC 8414 §2' },
  token_endpoint_auth_methods_supported: { value: ['client_secret_basic'], source: 'RFC 8414 §2' },
  response_modes_supported: { value: ['query', 'fragment'], source: 'RFC 8414 §2' },
  code_challenge_methods_supported: { value: [], source: 'RFC 8414 §2 (absent: PKCE not supported)' },
  require_pushed_authorization_requests: { value: false, source: 'RFC 9126 §5' },
  authorization_response_iss_parameter_supported: { value: false, source: 'RFC 9207 §3' },
  tls_client_certificate_bound_access_tokens: { value: false, source: 'RFC 8705 §3.3' },
  require_signed_request_object: { value: false, source: 'RFC 9101 §10.5' },
  request_parameter_supported: { value: false, source: 'OpenID Connect Discovery 1.0 §3' },
};

/** One field of a metadata document: its value (or RFC default), where it is or would be, and how to cite it. */
export interface Field {
  name: string;
  present: boolean;
  value: unknown;
  loc: Loc;
  /** The standard whose default applies when absent. */
  default?: string;
}

/** Defaults of RFC 9728 protected-resource metadata fields. */
export const RESOURCE_DEFAULTS: Record<string, { value: unknown; source: string }> = {
  tls_client_certificate_bound_access_tokens: { value: false, source: 'RFC 9728 §2' },
  dpop_bound_access_tokens_required: { value: false, source: 'RFC 9728 §2' },
};

/** A field of a metadata document (`AuthServer` or `ProtectedResource`), with the RFC default when it is absent. */
export function fieldOf(s: { metadata: Record<string, unknown>; loc: Loc }, name: string, defaults = METADATA_DEFAULTS): Field {
  const raw = get(s.metadata, name);
  const loc: Loc = raw === undefined ? s.loc : memberLoc(s, name);
  if (raw !== undefined) return { name, present: true, value: raw, loc };
  const d = defaults[name];
  return d ? { name, present: false, value: d.value, loc, default: d.source } : { name, present: false, value: undefined, loc };
}

/** The strings of a list field (other entries ignored); undefined when the value is not a list. */
export function listOf(f: Field): string[] | undefined {
  return Array.isArray(f.value) ? f.value.filter((v): v is string => typeof v === 'string') : undefined;
}

export function decider(f: Field): Decider {
  return { field: f.name, value: f.value, loc: f.loc, ...(f.present ? {} : { absent: true }), ...(f.default ? { default: f.default } : {}) };
}

export function show(f: Field): string {
  const v = JSON.stringify(f.value);
  return f.present ? `\`${f.name}\` = ${v}` : f.default ? `\`${f.name}\` absent, default per ${f.default}: ${v}` : `\`${f.name}\` absent`;
}

function conf(...fs: Field[]): Confidence {
  return fs.every((f) => f.present) ? 'medium' : 'low';
}

function ok(id: string, reason: string, ...fs: Field[]): ReqStatus {
  return { ...pass(id, reason, conf(...fs), fs.map((f) => f.loc)), decidedBy: fs.map(decider) };
}

function bad(id: string, reason: string, ...fs: Field[]): ReqStatus {
  return { ...fails(id, reason, conf(...fs), fs.map((f) => f.loc)), decidedBy: fs.map(decider) };
}

/** A list check with conformance semantics: some allowed value offered ⇒ pass; none ⇒ fail. */
function offers(id: string, f: Field, allowed: string[], what: string): ReqStatus {
  const list = listOf(f) ?? [];
  const good = list.filter((v) => allowed.includes(v));
  if (good.length) {
    const extra = list.filter((v) => !allowed.includes(v));
    return ok(id, `${show(f)}: offers ${good.join(', ')}${extra.length ? ` (also offers ${extra.join(', ')})` : ''}`, f);
  }
  return bad(id, `${show(f)}: no ${what} (${allowed.join(', ')})`, f);
}

/** JARM: a `jwt` response mode (`jwt`, `query.jwt`, `fragment.jwt`, `form_post.jwt`) is offered. */
function jwtResponseMode(modes: Field): boolean {
  return (listOf(modes) ?? []).some((m) => m === 'jwt' || m.endsWith('.jwt'));
}

function isHttpsUrl(v: string): boolean {
  return /^https:\/\/[^/?#\s]+/i.test(v);
}

interface Ctx {
  machine: boolean;
  tokens: Credential[];
  bindings: Set<'mtls' | 'dpop'>;
  level3: boolean;
}

// ---------------------------------------------------------------- shared by both profiles

function issuerStatus(s: AuthServer, ctx: Ctx): ReqStatus {
  const f = fieldOf(s, 'issuer');
  const iss = typeof f.value === 'string' ? f.value : s.issuer;
  if (!isHttpsUrl(iss)) return bad('R4.1', `\`issuer\` ${JSON.stringify(iss)} is not an https URL (RFC 8414 §2)`, f);
  if (/[?#]/.test(iss)) return bad('R4.1', `\`issuer\` ${JSON.stringify(iss)} has a query or fragment (RFC 8414 §2)`, f);
  if (/[{}]/.test(iss)) return bad('R4.1', `\`issuer\` ${JSON.stringify(iss)} is a template: clients cannot compare it with the \`iss\` of responses (RFC 8414 §3.3; RFC 9207)`, f);
  // A credential that names this server by an endpoint but also names a metadata URL this issuer is not served from.
  const served = wellKnownUrls(iss);
  for (const t of ctx.tokens) {
    const hints = t.issuerHints ?? [];
    if (!hintsName(hints, s)) continue;
    const wrong = hints.find((h) => isMetadataUrl(h) && !served.includes(normalizeUrl(h)));
    if (wrong) return { ...bad('R4.1', `the API names the metadata URL ${wrong}, but a document with \`issuer\` ${iss} is served from ${served[0]} (RFC 8414 §3.3; OpenID Connect Discovery §4.3)`, f), locs: [f.loc, t.loc] };
  }
  const byUrl = s.links?.some((l) => l.via === 'metadata-url' || l.via === 'issuer');
  const st = ok('R4.1', byUrl ? `\`issuer\` ${iss} matches the metadata URL the API names` : `\`issuer\` ${iss} (the URL the document was retrieved from cannot be checked for a local file)`, f);
  if (!byUrl) st.confidence = 'low';
  return st;
}

function clientAuthStatus(s: AuthServer): ReqStatus {
  return offers('R4.3', fieldOf(s, 'token_endpoint_auth_methods_supported'), FAPI_CLIENT_AUTH, 'FAPI client authentication method');
}

function grantStatus(s: AuthServer): ReqStatus {
  const f = fieldOf(s, 'grant_types_supported');
  const list = listOf(f) ?? [];
  if (list.includes('password')) return bad('R4.4', `${show(f)}: offers the resource-owner password grant`, f);
  return ok('R4.4', `${show(f)}: no password grant`, f);
}

function pkceStatus(s: AuthServer, id: string): ReqStatus {
  const f = fieldOf(s, 'code_challenge_methods_supported');
  if (!f.present) return bad(id, `${show(f)}`, f);
  return offers(id, f, ['S256'], 'PKCE method');
}

function httpsStatus(s: AuthServer): ReqStatus {
  const urls: Field[] = [];
  for (const [k, v] of Object.entries(s.metadata)) {
    if (typeof v !== 'string' || !/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) continue;
    if (k === 'issuer' || k.endsWith('_endpoint') || k === 'jwks_uri') urls.push(fieldOf(s, k));
  }
  const plain = urls.filter((f) => !isHttpsUrl(f.value as string));
  const aliases = fieldOf(s, 'mtls_endpoint_aliases');
  const plainAliases = endpointsOf({ mtls_endpoint_aliases: aliases.value }).filter((u) => !isHttpsUrl(u));
  if (plain.length || plainAliases.length) {
    const fs = plainAliases.length ? [...plain, aliases] : plain;
    return bad('R4.10', `not https: ${[...plain.map((f) => `\`${f.name}\` ${f.value as string}`), ...plainAliases.map((u) => `\`mtls_endpoint_aliases\` ${u}`)].join(', ')}`, ...fs);
  }
  if (!urls.length) return unknown('R4.10', 'the metadata names no endpoint');
  const st = ok('R4.10', `every endpoint in the metadata is https (${urls.length} checked; TLS versions and cipher suites cannot be seen in metadata)`, ...urls);
  st.decidedBy = st.decidedBy!.slice(0, 8);
  st.locs = st.locs!.slice(0, 8);
  return st;
}

/** The signing-algorithm lists that apply to this server and API (research R4.9). */
function algFields(s: AuthServer, ctx: Ctx): Field[] {
  const authMethods = listOf(fieldOf(s, 'token_endpoint_auth_methods_supported')) ?? [];
  return SIGNING_ALG_FIELDS.map((n) => fieldOf(s, n)).filter((f) => {
    if (!f.present || !Array.isArray(f.value)) return false;
    if (f.name === 'token_endpoint_auth_signing_alg_values_supported') return authMethods.includes('private_key_jwt') || authMethods.includes('client_secret_jwt');
    if (f.name === 'dpop_signing_alg_values_supported') return !ctx.bindings.has('mtls') || ctx.bindings.has('dpop');
    if (f.name === 'introspection_signing_alg_values_supported') return false; // 4b (signed introspection), not R4.9
    return true;
  });
}

function algStatus(s: AuthServer, ctx: Ctx, allowed: string[]): ReqStatus {
  const fs = algFields(s, ctx);
  if (!fs.length) return unknown('R4.9', 'the metadata publishes no signing-algorithm list');
  const failing = fs.filter((f) => !(listOf(f) ?? []).some((a) => allowed.includes(a)));
  if (failing.length) return bad('R4.9', failing.map((f) => `${show(f)}: none of ${allowed.filter((a) => a !== 'Ed25519').join(', ')}`).join('; '), ...failing);
  return ok('R4.9', `${fs.map((f) => `\`${f.name}\``).join(', ')} each offer ${allowed.filter((a) => a !== 'Ed25519').join(' / ')}`, ...fs);
}

function responseTypeStatusFapi2(s: AuthServer): ReqStatus {
  const f = fieldOf(s, 'response_types_supported');
  if (!f.present) return bad('R4.5', '`response_types_supported` absent (REQUIRED by RFC 8414 §2): no response type is advertised', f);
  const list = listOf(f) ?? [];
  if (!list.includes('code')) return bad('R4.5', `${show(f)}: \`code\` is not offered`, f);
  const extra = list.filter((t) => t !== 'code' && t !== 'none');
  return ok('R4.5', `${show(f)}: offers \`code\`${extra.length ? ` (also offers ${extra.join(', ')})` : ''}`, f);
}

function parStatus(s: AuthServer): ReqStatus {
  const ep = fieldOf(s, 'pushed_authorization_request_endpoint');
  const req = fieldOf(s, 'require_pushed_authorization_requests');
  if (typeof ep.value !== 'string') return bad('R4.6', 'no `pushed_authorization_request_endpoint`: pushed authorization requests are not offered', ep);
  if (req.value !== true) return bad('R4.6', `PAR is offered but not required: ${show(req)}`, req, ep);
  return ok('R4.6', `PAR required: \`require_pushed_authorization_requests\` = true, endpoint ${ep.value}`, req, ep);
}

function issParamStatus(s: AuthServer): ReqStatus {
  const f = fieldOf(s, 'authorization_response_iss_parameter_supported');
  return f.value === true ? ok('R4.8', `${show(f)}`, f) : bad('R4.8', `${show(f)}: authorization responses do not carry \`iss\``, f);
}

// ---------------------------------------------------------------- FAPI 2.0 Security Profile

/** Whether a server offers a binding: RFC 8705 §3.3 `tls_client_certificate_bound_access_tokens`, RFC 9449 §5.1. */
export function serverSupports(s: AuthServer, b: 'mtls' | 'dpop'): { ok: boolean; f: Field } {
  if (b === 'mtls') {
    const f = fieldOf(s, 'tls_client_certificate_bound_access_tokens');
    return { ok: f.value === true, f };
  }
  const f = fieldOf(s, 'dpop_signing_alg_values_supported');
  return { ok: (listOf(f) ?? []).length > 0, f };
}

/** R4.2 from metadata: a server that cannot issue the tokens the API needs bound contradicts "only sender-constrained". */
function boundIssuance(s: AuthServer, ctx: Ctx): ReqStatus[] {
  const mtls = serverSupports(s, 'mtls');
  const dpop = serverSupports(s, 'dpop');
  const missing = [...ctx.bindings].map((b) => (b === 'mtls' ? mtls : dpop)).filter((x) => !x.ok);
  if (missing.length) return [bad('R4.2', `the API binds tokens in a way the server does not offer: ${show(missing[0]!.f)}`, ...missing.map((x) => x.f))];
  if (!mtls.ok && !dpop.ok) return [bad('R4.2', `the server issues no sender-constrained tokens: ${show(mtls.f)}; ${show(dpop.f)}`, mtls.f, dpop.f)];
  return [];
}

function fapi2(s: AuthServer, ctx: Ctx): ReqStatus[] {
  const out = [issuerStatus(s, ctx), ...boundIssuance(s, ctx), clientAuthStatus(s), grantStatus(s)];
  if (ctx.machine) for (const id of ['R4.5', 'R4.6', 'R4.7', 'R4.8']) out.push(na(id, 'client-credentials flow only: no authorization endpoint'));
  else out.push(responseTypeStatusFapi2(s), parStatus(s), pkceStatus(s, 'R4.7'), issParamStatus(s));
  out.push(algStatus(s, ctx, FAPI2_ALGS), httpsStatus(s));
  return out;
}

// ---------------------------------------------------------------- FAPI 1.0 Advanced (final)

function fapi1(s: AuthServer, ctx: Ctx): ReqStatus[] {
  const out = [issuerStatus(s, ctx), clientAuthStatus(s), grantStatus(s)];
  const bound = fieldOf(s, 'tls_client_certificate_bound_access_tokens');
  if (!ctx.level3) out.push(unknown('R4.2', 'sender-constrained tokens not shown (see R3.1, R3.2)'));
  else if (ctx.bindings.has('dpop') || bound.value !== true) out.push(bad('R4.2', `FAPI 1.0 Advanced binds tokens with mTLS only (§5.2.2-5, §6.2.1): ${ctx.bindings.has('dpop') ? 'the API uses DPoP' : show(bound)}`, bound));
  else out.push(ok('R4.2', `mTLS certificate-bound tokens: ${show(bound)}`, bound));
  if (ctx.machine) for (const id of ['R4.5', 'R4.6', 'R4.7', 'R4.8']) out.push(na(id, 'client-credentials flow only: no authorization endpoint'));
  else {
    const rt = fieldOf(s, 'response_types_supported');
    const modes = fieldOf(s, 'response_modes_supported');
    const types = listOf(rt) ?? [];
    const jarm = jwtResponseMode(modes);
    if (types.some((t) => t.split(' ').sort().join(' ') === 'code id_token')) out.push(ok('R4.5', `${show(rt)}: offers \`code id_token\` (FAPI 1.0 Advanced §5.2.2-2)`, rt));
    else if (types.includes('code') && jarm) out.push(ok('R4.5', `\`code\` with JARM (${show(modes)})`, rt, modes));
    else out.push(bad('R4.5', `FAPI 1.0 Advanced needs \`code id_token\`, or \`code\` with JARM: ${show(rt)}, ${show(modes)}`, rt, modes));

    const signed = fieldOf(s, 'require_signed_request_object');
    const par = fieldOf(s, 'pushed_authorization_request_endpoint');
    const byValue = fieldOf(s, 'request_parameter_supported');
    const roAlgs = fieldOf(s, 'request_object_signing_alg_values_supported');
    const roOk = (listOf(roAlgs) ?? []).some((a) => FAPI1_ALGS.includes(a));
    if (signed.value === true) out.push(ok('R4.6', 'signed request objects required: `require_signed_request_object` = true', signed));
    else if ((typeof par.value === 'string' || byValue.value === true) && roOk) out.push(ok('R4.6', `signed request objects (FAPI 1.0 Advanced §5.2.2-1) by ${typeof par.value === 'string' ? 'PAR' : 'value'}, ${show(roAlgs)}`, typeof par.value === 'string' ? par : byValue, roAlgs));
    else out.push(bad('R4.6', `FAPI 1.0 Advanced requires signed request objects (§5.2.2-1): ${show(signed)}, ${show(roAlgs)}`, signed, roAlgs));

    if (typeof par.value === 'string') out.push(pkceStatus(s, 'R4.7'));
    else out.push(na('R4.7', 'FAPI 1.0 Advanced requires PKCE only with PAR (§5.2.2-18)'));
    out.push(na('R4.8', 'FAPI 1.0 Advanced authenticates the authorization response with the ID token (detached signature) or JARM'));
  }
  const algs = algStatus(s, ctx, FAPI1_ALGS);
  const rsa15 = Object.keys(s.metadata)
    .filter((k) => k.endsWith('_encryption_alg_values_supported'))
    .map((k) => fieldOf(s, k))
    .filter((f) => (listOf(f) ?? []).includes('RSA1_5'));
  out.push(rsa15.length ? worse(algs.status === 'pass' ? undefined : algs, bad('R4.9', `${rsa15.map((f) => `\`${f.name}\``).join(', ')} offer \`RSA1_5\` (FAPI 1.0 Advanced §8.6.1)`, ...rsa15)) : algs);
  out.push(httpsStatus(s));
  return out;
}

// ---------------------------------------------------------------- lower levels and message signing

function extra(s: AuthServer, ctx: Ctx): ReqStatus[] {
  const out: ReqStatus[] = [];
  const g = grantStatus(s);
  if (g.status === 'fails') out.push({ ...g, id: 'R2.6' });
  if (!ctx.machine) out.push(pkceStatus(s, 'R2.7'));
  return out;
}

function signing(feature: SigningFeature, st: ReqStatus): SigningStatus {
  const { id: _id, ...rest } = st;
  return { feature, ...rest };
}

function messageSigning(s: AuthServer, ctx: Ctx, input: FapiInput): SigningStatus[] {
  const out: SigningStatus[] = [];
  if (ctx.machine) {
    out.push(signing('jar', na('', 'client-credentials flow only: no authorization request')));
    out.push(signing('jarm', na('', 'client-credentials flow only: no authorization response')));
  } else {
    const req = fieldOf(s, 'require_signed_request_object');
    const algs = fieldOf(s, 'request_object_signing_alg_values_supported');
    const algOk = (listOf(algs) ?? []).some((a) => FAPI2_ALGS.includes(a));
    out.push(signing('jar', req.value === true && algOk ? ok('', `signed request objects required (${show(algs)})`, req, algs) : bad('', req.value === true ? `${show(algs)}: no FAPI algorithm` : `${show(req)}`, req, algs)));
    const modes = fieldOf(s, 'response_modes_supported');
    const aalgs = fieldOf(s, 'authorization_signing_alg_values_supported');
    const jarm = jwtResponseMode(modes);
    const aOk = (listOf(aalgs) ?? []).some((a) => FAPI2_ALGS.includes(a));
    out.push(signing('jarm', jarm && aOk ? ok('', `JARM offered (${show(modes)}, ${show(aalgs)})`, modes, aalgs) : bad('', jarm ? `${show(aalgs)}: no FAPI algorithm` : `${show(modes)}: no \`jwt\` response mode`, modes, aalgs)));
  }
  const ialgs = fieldOf(s, 'introspection_signing_alg_values_supported');
  out.push(signing('signed-introspection', (listOf(ialgs) ?? []).some((a) => FAPI2_ALGS.includes(a)) ? ok('', `signed introspection responses (RFC 9701): ${show(ialgs)}`, ialgs) : bad('', `${show(ialgs)} (RFC 9701)`, ialgs)));
  const sig = input.signatureHeaders ?? [];
  out.push(
    signing(
      'http-signatures',
      sig.length
        ? pass('', `the API description declares ${[...new Set(sig.map((h) => h.name))].join(', ')} (RFC 9421)`, 'low', sig.map((h) => h.loc))
        : fails('', 'the API description declares no `Signature-Input` / `Signature` request headers (RFC 9421)', 'low'),
    ),
  );
  return out;
}

function mergeSigning(a: SigningStatus[], b: SigningStatus[]): SigningStatus[] {
  if (!a.length) return b;
  return a.map((x) => {
    const y = b.find((z) => z.feature === x.feature);
    if (!y) return x;
    const w = worse({ ...x, id: x.feature }, { ...y, id: y.feature });
    return signing(x.feature, w);
  });
}

function mergeLists(a: ReqStatus[], b: ReqStatus[]): ReqStatus[] {
  const m = new Map<string, ReqStatus>();
  for (const s of [...a, ...b]) m.set(s.id, worse(m.get(s.id), s));
  return [...m.values()];
}

/**
 * Evaluates every authorization server governing the operation's tokens and keeps, per requirement, the weakest
 * outcome (several issuers: the minimum).
 */
export function evaluateMetadata(input: FapiInput): MetadataOutcome | undefined {
  if (!input.authServers.length) return undefined;
  const ctx: Ctx = {
    machine: machineOnly(input.tokens),
    tokens: input.tokens,
    bindings: new Set(input.tokens.map((t) => t.binding).filter((b): b is 'mtls' | 'dpop' => !!b)),
    level3: input.level3,
  };
  let out: MetadataOutcome = { fapi2: [], fapi1Advanced: [], extra: [], messageSigning: [] };
  for (const s of input.authServers) {
    out = {
      fapi2: mergeLists(out.fapi2, fapi2(s, ctx)),
      fapi1Advanced: mergeLists(out.fapi1Advanced, fapi1(s, ctx)),
      extra: mergeLists(out.extra, extra(s, ctx)),
      messageSigning: mergeSigning(out.messageSigning, messageSigning(s, ctx, input)),
    };
  }
  return out;
}

/** What the outcome of `evaluateMetadata` depends on, as a string. */
function inputKey(input: FapiInput): string {
  const loc = (l: Loc) => `${l.file}#${l.pointer}#${l.doc ?? 0}`;
  return [
    input.authServers.map((s) => loc(s.loc)).join(','),
    input.level3 ? '3' : '-',
    input.tokens.map((t) => `${t.type}:${t.binding ?? ''}:${(t.flows ?? []).join('+')}:${(t.issuerHints ?? []).join('+')}:${loc(t.loc)}`).join(','),
    (input.signatureHeaders ?? []).map((h) => `${h.name}:${loc(h.loc)}`).join(','),
  ].join('\u0000');
}

/**
 * The metadata evaluator `assess` wires into `scoreApi`: `evaluateMetadata`, computed once per distinct input (operations
 * that share their security requirement and authorization servers share the outcome). One per run.
 */
export function metadataEvaluator(): (input: FapiInput) => MetadataOutcome | undefined {
  const cache = new Map<string, MetadataOutcome | undefined>();
  return (input) => {
    if (!input.authServers.length) return undefined;
    const key = inputKey(input);
    if (!cache.has(key)) cache.set(key, evaluateMetadata(input));
    return cache.get(key);
  };
}
