import type { Rule } from '../../src/model/rule.js';
import { isAdminLike, isOAuthLike, protectedOps, scopeLoc, securitySite } from '../lib/ops.js';
import { Grouped, opsPhrase } from '../lib/report.js';

const CATCH_ALL = /^(\*|\*:\*|\*\.\*|all|full|full[-_ ]?access|fullcontrol|everything|god|write:all|all:write|read:all|admin:all|all:all|write:\*|read:\*|\*:write|\*:read|api:all|root:all)$/i;
const PRIVILEGED = /^(admin|administrator|root|superuser|sudo|su)$/i;

export const rule: Rule = {
  meta: {
    id: 'api2-broad-scope',
    title: 'Over-broad scope',
    description:
      'An operation accepts a catch-all scope (`*`, `all`, `write:all`, `full_access`, …), or an ordinary (non-admin) operation accepts an administrative scope such as `admin`. Tokens with such scopes open everything; they get requested "just in case", and one leaked token is a full compromise. Reported once per scope, at its definition when the scheme lists it.',
    severity: 'medium',
    owasp: ['API2:2023', 'API5:2023'],
    remediation: 'Replace catch-all scopes with resource- and action-specific ones (`orders:read`, `orders:write`) and require the narrowest one on each operation; keep `admin`-style scopes for admin operations only.',
    tests: { fail: [{ file: 'fail.yaml', pointer: '/components/securitySchemes/oauth/flows/clientCredentials/scopes/*' }, { file: 'fail.yaml', pointer: '/components/securitySchemes/oauth/flows/clientCredentials/scopes/admin' }], pass: ['pass.yaml'] },
  },
  check(ctx) {
    const g = new Grouped<{ scope: string; scheme: string; admin: boolean }>();
    for (const op of protectedOps(ctx.api)) {
      for (const req of op.security ?? []) {
        for (const u of req) {
          if (!isOAuthLike(u.def)) continue;
          for (const scope of u.scopes) {
            const all = CATCH_ALL.test(scope.trim());
            const admin = !all && PRIVILEGED.test(scope.trim()) && !isAdminLike(op);
            if (!all && !admin) continue;
            g.add(scopeLoc(u.def, scope) ?? securitySite(op), [op.key], () => ({ scope, scheme: u.scheme, admin }), scope);
          }
        }
      }
    }
    g.report(ctx, ({ data }, ops) => ({
      message: data.admin
        ? `the administrative scope '${data.scope}' of '${data.scheme}' opens ordinary operations: ${opsPhrase(ops)}`
        : `the catch-all scope '${data.scope}' of '${data.scheme}' opens ${opsPhrase(ops)}`,
      remediation: `Replace '${data.scope}' with specific scopes (\`${data.scheme}: [orders:read]\` on reads, \`[orders:write]\` on writes) on ${ops.length === 1 ? ops[0] : 'these operations'}${data.admin ? `, and keep '${data.scope}' for admin operations` : ''}.`,
    }));
  },
};
