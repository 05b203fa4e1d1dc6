import type { Rule } from '../../src/model/rule.js';
import { isIdName, isSequenceName } from '../lib/names.js';
import type { Loc, Operation } from '../../src/model/types.js';
import { describedOps, governingAlternatives, securitySite, weaklyAuthorized } from '../lib/ops.js';
import { Grouped, opsPhrase } from '../lib/report.js';
import { isNumericIdSchema, schemaIndex } from '../lib/schema.js';

/** The scheme of the first alternative whose credentials carry no scope. */
function unscopedScheme(op: Operation): { name: string; loc: Loc } | undefined {
  for (const alt of governingAlternatives(op)) {
    if (alt.length && alt.every((c) => !c.scopes || c.scopes.length === 0)) {
      const c = alt[0]!;
      return { name: c.scheme ?? c.type, loc: c.loc };
    }
  }
  return undefined;
}

export const rule: Rule = {
  meta: {
    id: 'api1-object-id-unscoped',
    title: 'Object addressed by id without authentication or scopes',
    description:
      'Operations that address one object by an id in the path (`/orders/{orderId}`) accept anonymous calls, or credentials that carry no scope (an API key, a token required with `[]`). Nothing in the description limits which objects a caller may reach: object-level authorization rests entirely on the server\'s code, the classic BOLA setup. Anonymous access is reported once per document (high), unscoped credentials once per scheme, where it is defined (low), each listing the operations.',
    severity: 'high',
    owasp: ['API1:2023'],
    confidence: 'low',
    remediation: 'Require authentication with per-operation scopes on these operations (`security: [{oauth: [orders:read]}]`), and check on every request that the caller owns or may access the object the id names.',
    tests: {
      fail: [
        { file: 'fail.yaml', pointer: '/paths' },
        { file: 'fail.yaml', pointer: '/components/securitySchemes/key' },
      ],
      pass: ['pass.yaml'],
    },
  },
  check(ctx) {
    const idx = schemaIndex(ctx.api);
    const g = new Grouped<{ kind: 'anonymous' | 'no-scopes'; params: Set<string>; scheme: string | undefined }>();
    for (const op of describedOps(ctx.api).filter((o) => !o.public)) {
      const ids = op.parameters.filter((p) => {
        if (p.in !== 'path') return false;
        if (isIdName(p.name)) return true;
        return (p.schema !== undefined && isNumericIdSchema(idx, p.schema.node, p.schema.loc)) || isSequenceName(p.name);
      });
      if (!ids.length) continue;
      const kind = weaklyAuthorized(op);
      if (!kind) continue;
      // Anonymous access: once per document (each operation is already reported by api2-no-auth). Unscoped credentials:
      // once per scheme, where it is defined (per-operation security would otherwise repeat it on every operation).
      const unscoped = kind === 'no-scopes' ? unscopedScheme(op) : undefined;
      const site = unscoped?.loc ?? (kind === 'anonymous' ? { file: ctx.api.loc.file, pointer: '/paths' } : securitySite(op));
      const e = g.add(site, [op.key], () => ({ kind, params: new Set<string>(), scheme: unscoped?.name }), kind);
      for (const p of ids) e.data.params.add(p.name);
    }
    g.report(ctx, ({ data }, ops) => {
      const params = [...data.params].slice(0, 3).map((p) => `{${p}}`).join(', ') + (data.params.size > 3 ? ', …' : '');
      return data.kind === 'anonymous'
        ? {
            message: `${opsPhrase(ops)} ${ops.length === 1 ? 'addresses objects' : 'address objects'} by ${params} and ${ops.length === 1 ? 'accepts' : 'accept'} anonymous calls`,
            severity: 'high',
            remediation: `Require a credential with scopes on ${ops.length === 1 ? ops[0] : 'these operations'} (\`security: [{oauth: [<resource>:read]}]\`), and check on every request that the caller may access the object named by ${params}.`,
          }
        : {
            message: `${opsPhrase(ops)} ${ops.length === 1 ? 'addresses objects' : 'address objects'} by ${params} with ${data.scheme ? `'${data.scheme}' ` : ''}credentials that carry no scope`,
            severity: 'low',
            remediation: `Give ${ops.length === 1 ? ops[0] : 'these operations'} per-operation scopes (\`security: [{oauth: [<resource>:read]}]\`, write scopes for writes), and check on every request that the caller may access the object named by ${params}.`,
          };
    });
  },
};
