import type { Rule } from '../../src/model/rule.js';
import { isOAuthLike, isReadScope, protectedOps, securitySite, WRITE_METHODS } from '../lib/ops.js';
import { Grouped, opsPhrase } from '../lib/report.js';

/** POSTs that only read (searches, queries, GraphQL, previews). */
const READ_POST = /(^|\/)(search|_search|query|_query|lookup|graphql|preview|validate|count|export|find|filter|batch[-_]?get|list)(\/|$)|:(search|query|batchGet|list|get|lookup|preview|validate|fetch\w*)$/i;

export const rule: Rule = {
  meta: {
    id: 'api2-write-accepts-read-scope',
    title: 'Write operation accepts a read-only scope',
    description:
      'A POST, PUT, PATCH or DELETE operation can be called with a token that carries only read scopes (`read`, `pets:read`, `….readonly`): a client granted read access can change data. POSTs that only read (search, query, GraphQL, validate) are left out. Reported once per security requirement, listing the operations.',
    severity: 'high',
    owasp: ['API2:2023', 'API5:2023'],
    remediation: 'Require a write scope on write operations (`security: [{oauth: [pets:write]}]`) and reject tokens that carry only read scopes.',
    tests: { fail: [{ file: 'fail.yaml', pointer: '/security' }, { file: 'fail.yaml', pointer: '/paths/~1pets~1{petId}/delete/security' }], pass: ['pass.yaml'] },
  },
  check(ctx) {
    const g = new Grouped<{ scopes: string[]; scheme: string }>();
    for (const op of protectedOps(ctx.api)) {
      if (!WRITE_METHODS.has(op.method) || (op.method === 'post' && READ_POST.test(`${op.path}${op.operationId ? ` ${op.operationId}` : ''}`))) continue;
      for (const req of op.security ?? []) {
        const scoped = req.filter((u) => isOAuthLike(u.def) && u.scopes.length > 0);
        if (!scoped.length || !scoped.every((u) => u.scopes.every(isReadScope))) continue;
        // An alternative that also requires a non-OAuth credential is still read-scoped for the OAuth part.
        const scopes = scoped.flatMap((u) => u.scopes);
        g.add(securitySite(op), [op.key], () => ({ scopes, scheme: scoped[0]!.scheme }), scopes.join(' '));
      }
    }
    g.report(ctx, ({ data }, ops) => ({
      message: `${opsPhrase(ops)} accept${ops.length === 1 ? 's' : ''} a token with only the read scope${data.scopes.length === 1 ? '' : 's'} ${data.scopes.map((s) => `'${s}'`).join(', ')}`,
      remediation: `Require a write scope here: \`security: [{${data.scheme}: [${data.scopes[0]!.replace(/read(only)?/i, 'write')}]}]\`, and reject tokens that carry only read scopes.`,
    }));
  },
};
