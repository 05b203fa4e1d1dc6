import type { Rule } from '../../src/model/rule.js';
import { isGoogleJwt } from '../../src/model/schemes.js';
import { isOAuthLike, opsUsingScheme, protectedOps, securitySite, usedSchemes } from '../lib/ops.js';
import { Grouped, opsPhrase } from '../lib/report.js';

export const rule: Rule = {
  meta: {
    id: 'api2-oauth-no-scopes',
    title: 'OAuth without scopes',
    description:
      'An OAuth 2.0 scheme defines no scopes at all, or operations require an OAuth 2.0 / OpenID Connect scheme with an empty scope list although scopes exist. Every token the authorization server issues then opens every such operation: a token obtained for one purpose works for all of them. Reported once per scheme, at its definition, with the operations that require it without a scope.',
    severity: 'medium',
    owasp: ['API2:2023', 'API5:2023'],
    remediation: 'Define scopes per resource and access (`scopes: {orders:read: …, orders:write: …}`) and require the narrowest one on each operation: `security: [{oauth: [orders:read]}]`.',
    tests: {
      fail: [{ file: 'fail.yaml', pointer: '/components/securitySchemes/oauth' }, { file: 'fail-none.yaml', pointer: '/components/securitySchemes/oauth' }],
      pass: ['pass.yaml'],
    },
  },
  check(ctx) {
    const { api } = ctx;
    const noScopes = new Set<string>();
    for (const s of usedSchemes(api)) {
      if (s.type !== 'oauth2' || isGoogleJwt(s)) continue;
      const flows = Object.values(s.flows ?? {});
      if (flows.length && flows.every((f) => f.scopes.length === 0)) {
        noScopes.add(s.name);
        ctx.report({
          message: `OAuth scheme '${s.name}' defines no scopes: every token opens every operation that uses it`,
          loc: s.loc,
          operations: opsUsingScheme(api, s),
          remediation: `Define scopes on '${s.name}' (\`scopes: {orders:read: Read orders, orders:write: Change orders}\`) and require the narrowest one per operation (\`security: [{${s.name}: [orders:read]}]\`).`,
        });
      }
    }
    const g = new Grouped<{ scheme: string }>();
    for (const op of protectedOps(api)) {
      for (const req of op.security ?? []) {
        for (const u of req) {
          if (!isOAuthLike(u.def) || u.scopes.length > 0 || noScopes.has(u.scheme) || (u.def && isGoogleJwt(u.def))) continue;
          // One finding per scheme, where it is defined: per-operation security would otherwise repeat it on every operation.
          g.add(u.def?.loc ?? securitySite(op), [op.key], () => ({ scheme: u.scheme }), 'empty');
        }
      }
    }
    g.report(ctx, ({ data }, ops) => ({
      message: `${opsPhrase(ops)} require${ops.length === 1 ? 's' : ''} '${data.scheme}' with no scope: any token it issues is accepted`,
      remediation: `List the scope each operation needs: \`security: [{${data.scheme}: [<resource>:read]}]\` on reads and a write scope on writes.`,
    }));
  },
};
