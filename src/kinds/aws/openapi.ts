// AWS API Gateway's OpenAPI extensions (`x-amazon-apigateway-*`). A document that carries them is what API Gateway
// imports, so its security is read the way API Gateway reads it, as configured evidence on the same operations:
// one authorizer per method (Cognito user pools, JWT, Lambda, IAM/SigV4) AND an API key when one is listed — the
// OpenAPI "alternatives" reading does not apply (research/formats.md §4.2).

import type { Api, AuthPosture, Control, Credential, Evidence, Loc, Operation, SchemeUse } from '../../model/types.js';
import { arr, get, isObj, keys, str } from '../../model/util.js';
import { joinPointer } from '../../load/parse.js';

export const AWS_ANY_METHOD = 'x-amazon-apigateway-any-method';
const PREFIX = 'x-amazon-apigateway-';

const hasAwsKey = (o: unknown): boolean => keys(o).some((k) => k.startsWith(PREFIX));

/** True when a document carries API Gateway extensions at its root, on a security scheme, a path item or an operation. */
export function hasAwsExtensions(root: unknown): boolean {
  if (hasAwsKey(root)) return true;
  const schemes = get(get(root, 'components'), 'securitySchemes') ?? get(root, 'securityDefinitions');
  if (keys(schemes).some((k) => hasAwsKey(get(schemes, k)))) return true;
  const paths = get(root, 'paths');
  for (const p of keys(paths)) {
    const item = get(paths, p);
    if (hasAwsKey(item)) return true;
    if (keys(item).some((m) => hasAwsKey(get(item, m)))) return true;
  }
  return false;
}

/** HTTP APIs (API Gateway v2) have no API keys and carry their CORS settings in the document. */
export function isHttpApi(root: unknown): boolean {
  if (get(root, `${PREFIX}importexport-version`) !== undefined || get(root, `${PREFIX}cors`) !== undefined) return true;
  const schemes = get(get(root, 'components'), 'securitySchemes');
  return keys(schemes).some((k) => str(get(get(get(schemes, k), `${PREFIX}authorizer`), 'type'))?.toLowerCase() === 'jwt');
}

function strings(v: unknown): string[] {
  return arr(v).filter((x): x is string => typeof x === 'string');
}

/** Where a Lambda authorizer reads its input: `method.request.querystring.x` (REST) or `$request.querystring.x` (HTTP). */
function identityIn(source: unknown): Credential['in'] | undefined {
  const s = typeof source === 'string' ? source : strings(source).join(',');
  if (/(^|[\s,.$])(querystring)\./i.test(s)) return 'query';
  if (/header\./i.test(s)) return 'header';
  return undefined;
}

/**
 * The credential one scheme use stands for at API Gateway: `none` for SAM's `NONE` marker, `backend` for a standard
 * scheme with no API Gateway authorizer (the gateway passes the call on; only the backend can check it).
 */
function awsCredential(use: SchemeUse, at: Loc, httpApi: boolean): Credential | 'none' | 'backend' | undefined {
  const s = use.def;
  if (!s) return use.scheme.toUpperCase() === 'NONE' ? 'none' : { type: 'unknown', scheme: use.scheme, detail: `security scheme '${use.scheme}' is not defined`, loc: at };
  const ext = s.extensions ?? {};
  const authtype = str(ext[`${PREFIX}authtype`])?.toLowerCase();
  const authorizer = ext[`${PREFIX}authorizer`];
  const type = str(get(authorizer, 'type'))?.toLowerCase();
  const loc = s.loc;
  const scopes = use.scopes.length ? { scopes: use.scopes } : {};
  if (authtype === 'awssigv4' || authtype === 'aws_iam') {
    return { type: 'signature', in: 'header', name: 'Authorization', scheme: s.name, detail: 'AWS IAM: requests signed with SigV4', loc };
  }
  if (type === 'cognito_user_pools' || authtype === 'cognito_user_pools') {
    return { type: 'bearer', in: 'header', name: s.paramName ?? 'Authorization', scheme: s.name, validated: true, detail: 'Cognito user pool authorizer', loc, ...scopes };
  }
  if (type === 'jwt') {
    const jwt = get(authorizer, 'jwtConfiguration');
    const issuer = str(get(jwt, 'issuer'));
    const c: Credential = { type: 'bearer', in: identityIn(get(authorizer, 'identitySource')) ?? 'header', name: 'Authorization', scheme: s.name, validated: true, detail: `JWT authorizer${issuer ? ` (issuer ${issuer})` : ''}`, loc, ...scopes };
    if (issuer && !/\$\{/.test(issuer)) c.issuerHints = [issuer];
    const aud = strings(get(jwt, 'audience'));
    if (aud.length) c.audiences = aud;
    return c;
  }
  if (type === 'token' || type === 'request' || authtype === 'custom') {
    const source = get(authorizer, 'identitySource');
    const c: Credential = { type: 'unknown', scheme: s.name, detail: `Lambda ${type ?? 'custom'} authorizer: what it accepts is decided by its code`, loc };
    const where = identityIn(source) ?? (type === 'token' ? 'header' : undefined);
    if (where) c.in = where;
    return c;
  }
  if (s.type === 'apiKey' && !authorizer && !authtype) {
    if (httpApi) return undefined;
    return { type: 'api-key', in: 'header', name: s.paramName ?? 'x-api-key', scheme: s.name, meteringOnly: true, detail: `API Gateway API key '${s.paramName ?? 'x-api-key'}' (usage plans)`, loc };
  }
  // A standard scheme with no API Gateway authorizer behind it is not checked by the gateway; the backend may check it.
  return 'backend';
}

/** The configured posture of one operation, as API Gateway enforces it. */
export function awsPosture(op: Operation, httpApi: boolean): AuthPosture {
  const at = op.securityLoc ?? op.loc;
  const explicit = get(op.extensions[`${PREFIX}auth`], 'type');
  let authorizer: Credential | undefined;
  let apiKey: Credential | undefined;
  let backend = false;
  for (const req of op.security ?? []) {
    for (const use of req) {
      const c = awsCredential(use, at, httpApi);
      if (c === 'backend') backend = true;
      else if (c === 'none' || !c) continue;
      else if (c.type === 'api-key') apiKey ??= c;
      else authorizer ??= c;
    }
  }
  if (typeof explicit === 'string') {
    const t = explicit.toUpperCase();
    const loc: Loc = { file: op.loc.file, pointer: joinPointer(op.loc.pointer, `${PREFIX}auth`) };
    if (t === 'AWS_IAM') authorizer = { type: 'signature', in: 'header', name: 'Authorization', scheme: 'AWS_IAM', detail: 'AWS IAM: requests signed with SigV4', loc };
    else if (t === 'NONE') authorizer = undefined;
  }
  const alt = [authorizer, apiKey].filter((c): c is Credential => !!c);
  if (!alt.length && backend) {
    // The gateway authenticates nothing here, but the description declares a scheme the backend is meant to check:
    // the declaration stays the evidence for the operation.
    return { evidence: 'configured', source: 'aws', confidence: 'medium', loc: at, alternatives: [], silent: true, summary: 'configured (API Gateway): no authorizer; the declared scheme is left to the backend' };
  }
  const posture: AuthPosture = {
    evidence: 'configured',
    source: 'aws',
    confidence: 'medium',
    loc: at,
    alternatives: [alt],
    summary: `configured (API Gateway): ${alt.length ? alt.map((c) => c.detail).join(' + ') : 'no authorizer and no API key (authorization NONE)'}`,
  };
  return posture;
}

function evidence(summary: string, loc: Loc, control: Control): Evidence {
  return { kind: 'configured', source: 'aws', confidence: 'medium', summary, loc, control };
}

/**
 * Reads the document as API Gateway does: each operation's configured posture replaces its OpenAPI declaration (the
 * same document states both; API Gateway's reading is the one enforced), with typed controls for request validation,
 * CORS, resource policies and throttling (which lives on stages and usage plans, so it stays `unknown` here).
 */
export function applyAwsExtensions(api: Api, root: Record<string, unknown>, base: string): void {
  if (!api.kinds.includes('aws')) api.kinds = [...api.kinds, 'aws'];
  api.described = true;
  const file = api.loc.file;
  const httpApi = isHttpApi(root);
  const rootLoc = (...segs: string[]): Loc => ({ file, pointer: joinPointer(base, ...segs) });
  const validators = get(root, `${PREFIX}request-validators`);
  const defaultValidator = str(get(root, `${PREFIX}request-validator`));
  const cors = get(root, `${PREFIX}cors`);
  const policy = get(root, `${PREFIX}policy`);
  const endpoint = arr(get(root, 'servers'))
    .map((s, i) => [get(s, `${PREFIX}endpoint-configuration`), i] as const)
    .find(([e]) => isObj(e));
  const apiEvidence: Evidence[] = [];
  if (isObj(cors)) {
    const origins = strings(get(cors, 'allowOrigins'));
    apiEvidence.push(evidence(`x-amazon-apigateway-cors: origins ${origins.join(', ') || '(none)'}${get(cors, 'allowCredentials') === true ? ', credentials allowed' : ''}`, rootLoc(`${PREFIX}cors`), { type: 'cors', state: 'present', origins, credentials: get(cors, 'allowCredentials') === true }));
  }
  if (policy !== undefined) apiEvidence.push(evidence('x-amazon-apigateway-policy: a resource policy restricts who may call the API', rootLoc(`${PREFIX}policy`), { type: 'ip-restriction', state: 'present' }));
  if (endpoint && arr(get(endpoint[0], 'vpcEndpointIds')).length) {
    apiEvidence.push(evidence('private endpoint: reachable through the listed VPC endpoints only', rootLoc('servers', String(endpoint[1]), `${PREFIX}endpoint-configuration`), { type: 'ip-restriction', state: 'present' }));
  }
  apiEvidence.push(evidence('throttling is set on stages and usage plans, not in the OpenAPI document', rootLoc(), { type: 'rate-limit', state: 'unknown' }));
  apiEvidence.push(evidence('API Gateway endpoints accept https only', rootLoc(), { type: 'tls', state: 'present', plaintext: false }));

  for (const op of api.operations) {
    const posture = awsPosture(op, httpApi);
    op.auth = posture.silent ? [...op.auth, posture] : [posture];
    op.evidence.push(...apiEvidence.map((e) => ({ ...e })));
    const name = str(op.extensions[`${PREFIX}request-validator`]) ?? defaultValidator;
    if (name !== undefined) {
      const v = get(validators, name);
      const on = get(v, 'validateRequestBody') === true || get(v, 'validateRequestParameters') === true;
      const loc: Loc = op.extensions[`${PREFIX}request-validator`] !== undefined ? { file: op.loc.file, pointer: joinPointer(op.loc.pointer, `${PREFIX}request-validator`) } : rootLoc(`${PREFIX}request-validator`);
      op.evidence.push(evidence(`request validator '${name}'${on ? '' : ' validates nothing'}`, loc, { type: 'request-validation', state: on ? 'present' : 'absent' }));
    }
  }
}
