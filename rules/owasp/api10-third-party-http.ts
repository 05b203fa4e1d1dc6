import type { Rule } from '../../src/model/rule.js';
import type { Loc } from '../../src/model/types.js';
import { isPlainHttp } from '../../src/model/util.js';
import { opsUsingScheme, usedSchemes } from '../lib/ops.js';
import { ptr } from '../lib/schema.js';

export const rule: Rule = {
  meta: {
    id: 'api10-third-party-http',
    title: 'Other services reached over plain http',
    description:
      'The API, or its clients, exchange data with another service over plain http: an OAuth authorization, token or refresh endpoint, an OpenID Connect discovery document, OAuth metadata, or a callback URL written as `http://…`. Tokens, codes and callback payloads can then be read and altered on the way. (The API\'s own servers are checked by `api8-plain-http-server`.)',
    severity: 'high',
    owasp: ['API10:2023', 'API2:2023'],
    remediation: 'Use `https://` for every endpoint the API and its clients talk to, and refuse plain-http callback URLs.',
    tests: { fail: [{ file: 'fail.yaml', pointer: '/components/securitySchemes/oauth/flows/authorizationCode/tokenUrl' }, { file: 'fail.yaml', pointer: '/paths/~1subscribe/post/callbacks/done/http:~1~1partner.example.com~1hook' }], pass: ['pass.yaml'] },
  },
  check({ api, report }) {
    const emit = (url: string, loc: Loc, what: string, ops: string[]) => {
      if (!isPlainHttp(url)) return;
      report({
        message: `${what} ${url} is plain http`,
        loc,
        operations: ops,
        remediation: `Use \`${url.replace(/^http:/i, 'https:')}\` and make sure the service refuses plain http.`,
      });
    };
    for (const s of usedSchemes(api)) {
      const ops = opsUsingScheme(api, s);
      if (s.openIdConnectUrl) emit(s.openIdConnectUrl, { file: s.loc.file, pointer: ptr(s.loc.pointer, 'openIdConnectUrl') }, `OpenID Connect discovery URL of '${s.name}'`, ops);
      if (s.oauth2MetadataUrl) emit(s.oauth2MetadataUrl, { file: s.loc.file, pointer: ptr(s.loc.pointer, 'oauth2MetadataUrl') }, `OAuth metadata URL of '${s.name}'`, ops);
      for (const [name, f] of Object.entries(s.flows ?? {})) {
        for (const k of ['authorizationUrl', 'tokenUrl', 'refreshUrl'] as const) {
          const u = f[k];
          if (u) emit(u, { file: f.loc.file, pointer: ptr(f.loc.pointer, k) }, `${k} of '${s.name}' (${name})`, ops);
        }
      }
    }
    for (const op of api.operations) {
      for (const cb of op.callbacks) {
        for (const cop of cb.operations) {
          const item = cop.loc.pointer.slice(0, cop.loc.pointer.lastIndexOf('/'));
          if (cop.path.startsWith('http:')) emit(cop.path, { file: cop.loc.file, pointer: item }, `callback '${cb.name}' of ${op.key} calls`, [op.key]);
        }
      }
    }
  },
};
