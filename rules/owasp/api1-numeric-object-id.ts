import type { Rule } from '../../src/model/rule.js';
import { isIdName } from '../lib/names.js';
import { describedOps, weaklyAuthorized } from '../lib/ops.js';
import { Grouped, opsPhrase } from '../lib/report.js';
import { isNumericIdSchema, schemaIndex } from '../lib/schema.js';

export const rule: Rule = {
  meta: {
    id: 'api1-numeric-object-id',
    title: 'Guessable numeric object identifier',
    description:
      'A parameter that identifies an object (`id`, `userId`, `order_id`, …) is an integer, a digits-only string, or offers one as a `oneOf`/`anyOf` alternative: identifiers are sequential and trivially enumerated, so one missing object-level authorization check exposes every record. Medium when some operation using it accepts anonymous calls or credentials without scopes, low otherwise. Works on Swagger 2.0 and OpenAPI 3.x; reported once per parameter definition.',
    severity: 'medium',
    owasp: ['API1:2023'],
    remediation: 'Identify objects with random, non-sequential ids (`{type: string, format: uuid}`), and check on every request that the caller may access the object it names.',
    supersedes: ['owasp:api1:2023-no-numeric-ids'],
    tests: {
      fail: [
        { file: 'fail.yaml', pointer: '/components/parameters/orderId' },
        { file: 'fail.yaml', pointer: '/paths/~1customers~1{customerId}/get/parameters/0' },
        { file: 'fail-v2.yaml', pointer: '/paths/~1users~1{user_id}/get/parameters/0' },
      ],
      pass: ['pass.yaml'],
    },
  },
  check(ctx) {
    const idx = schemaIndex(ctx.api);
    const g = new Grouped<{ name: string; where: string }>();
    const weak = new Set<string>();
    for (const op of describedOps(ctx.api)) {
      for (const p of op.parameters) {
        if (!p.schema || !isIdName(p.name) || p.in === 'body') continue;
        if (!isNumericIdSchema(idx, p.schema.node, p.schema.loc)) continue;
        g.add(p.loc, [op.key], () => ({ name: p.name, where: p.in }));
        if (!op.public && weaklyAuthorized(op)) weak.add(op.key);
      }
    }
    g.report(ctx, ({ data }, ops) => {
      const exposed = ops.filter((o) => weak.has(o));
      return {
        message: `${data.where} parameter '${data.name}' is a numeric, enumerable object id (${opsPhrase(ops)})${exposed.length ? `; ${exposed.length === ops.length ? 'these operations' : opsPhrase(exposed)} accept anonymous calls or unscoped credentials` : ''}`,
        severity: exposed.length ? 'medium' : 'low',
        remediation: `Make '${data.name}' a random identifier: \`{name: ${data.name}, in: ${data.where}, schema: {type: string, format: uuid}}\`, and check on every request that the caller may access the object it names.`,
      };
    });
  },
};
