import type { Rule } from '../../src/model/rule.js';
import { squash, words } from '../lib/names.js';
import { describedOps, usedSchemes } from '../lib/ops.js';
import { Grouped, opsPhrase } from '../lib/report.js';

const CREDENTIAL = new Set([
  'clientsecret', 'token', 'accesstoken', 'refreshtoken', 'idtoken', 'authtoken', 'sessiontoken', 'bearertoken', 'authorization',
  'password', 'passwd', 'pwd', 'passphrase', 'secret', 'apikey', 'apisecret', 'privatekey', 'sessionid', 'jwt',
]);

/** Words before `token` that make it a credential (`oauth_token`, `videoFileToken`), unlike page or version tokens. */
const CREDENTIAL_TOKEN = new Set(['access', 'refresh', 'id', 'auth', 'session', 'bearer', 'oauth', 'api', 'legacy', 'file', 'private', 'personal', 'security', 'login', 'jwt', 'user', 'app']);

/** A credential by its name: an exact credential name, or a `…token`, `…secret`, `…password` whose prefix says so. */
function isCredentialName(name: string): boolean {
  if (CREDENTIAL.has(squash(name))) return true;
  const w = words(name);
  const last = w[w.length - 1] ?? '';
  const prev = w[w.length - 2] ?? '';
  if (last === 'token') return CREDENTIAL_TOKEN.has(prev);
  return last === 'secret' || last === 'password' || last === 'apikey' || (prev === 'api' && last === 'key');
}

/** `/tokens/{token}`, `/authorizations/{authorization}`: the parameter names an item of the collection before it (an id). */
function namesCollectionItem(path: string, name: string): boolean {
  const segs = path.split('/');
  const i = segs.indexOf(`{${name}}`);
  const before = i > 0 ? squash(segs[i - 1]!) : '';
  const item = squash(name);
  return before.length > 0 && item.length > 0 && before.startsWith(item) && before.length - item.length <= 2;
}

export const rule: Rule = {
  meta: {
    id: 'api2-credential-in-url',
    title: 'Credential passed in the URL',
    description:
      'A query or path parameter carries a password, secret, access token or API key (`password`, `client_secret`, `access_token`, `oauth_token`, `api_key`, …; page and version tokens are not credentials). URLs end up in server and proxy logs, browser history, bookmarks and `Referer` headers, where anyone who reads them can reuse the credential. API keys declared as a security scheme are reported by `api2-key-in-url`; this rule finds the credentials passed as ordinary parameters, on Swagger 2.0 as well as OpenAPI 3.x.',
    severity: 'high',
    owasp: ['API2:2023'],
    remediation: 'Send credentials in a header (`Authorization: Bearer …`) or in the request body over TLS, never in the query string or path; rotate any credential that was sent in a URL.',
    supersedes: ['owasp:api2:2023-no-credentials-in-url'],
    tests: {
      fail: [
        { file: 'fail.yaml', pointer: '/paths/~1login/get/parameters/1' },
        { file: 'fail.yaml', pointer: '/paths/~1feed/get/parameters/0' },
        { file: 'fail-v2.yaml', pointer: '/parameters/token' },
      ],
      pass: ['pass.yaml'],
    },
  },
  check(ctx) {
    const keyParams = new Set(usedSchemes(ctx.api).filter((s) => s.type === 'apiKey').map((s) => `${s.in}\u0000${(s.paramName ?? '').toLowerCase()}`));
    const g = new Grouped<{ name: string; where: string }>();
    for (const op of describedOps(ctx.api)) {
      for (const p of op.parameters) {
        if (p.in !== 'query' && p.in !== 'path') continue;
        if (!isCredentialName(p.name) || keyParams.has(`${p.in}\u0000${p.name.toLowerCase()}`)) continue;
        if (p.in === 'path' && namesCollectionItem(op.path, p.name)) continue;
        g.add(p.loc, [op.key], () => ({ name: p.name, where: p.in }));
      }
    }
    g.report(ctx, ({ data }, ops) => ({
      message: `${data.where} parameter '${data.name}' carries a credential in the URL (${opsPhrase(ops)})`,
      remediation: `Move '${data.name}' out of the URL: send it in a header (\`{name: Authorization, in: header}\` or a security scheme \`{type: http, scheme: bearer}\`) or in the request body, and rotate credentials that were sent in URLs.`,
    }));
  },
};
