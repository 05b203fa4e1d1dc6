import type { Rule } from '../../src/model/rule.js';
import { isIdName, isSequenceName, words } from '../lib/names.js';
import { Grouped, opsPhrase } from '../lib/report.js';
import { fieldName, isEnumerated, isType, schemaIndex, yamlFlow } from '../lib/schema.js';

/** Timestamps and dates are points in time, not amounts of work. */
function isTimeLike(name: string, format: string | undefined): boolean {
  if (format && /unix|time|date|epoch/i.test(format)) return true;
  const w = words(name);
  const last = w[w.length - 1] ?? '';
  return ['at', 'time', 'timestamp', 'date', 'epoch', 'since', 'until', 'before', 'after', 'created', 'updated', 'modified', 'lt', 'lte', 'gt', 'gte', 'year', 'month', 'day'].includes(last);
}

export const rule: Rule = {
  meta: {
    id: 'api4-unbounded-integer',
    title: 'Request integer without a range',
    description:
      'An integer the API accepts (a page size, a quantity, a depth, a timeout) has no `minimum` and `maximum` (or `exclusiveMinimum`/`exclusiveMaximum`, or an `enum`): a client can ask for a million items per page or a negative quantity. Only request input is judged; identifiers (`id`, `*Id`, `*_number`), path parameters and timestamps (`*_at`, `created`, `format: unix-time`) are not amounts and are left out. `format: int32`/`int64` is not a range.',
    severity: 'medium',
    owasp: ['API4:2023'],
    remediation: 'Give the integer a range, for example `limit: {type: integer, minimum: 1, maximum: 100}`, and enforce it in the server\'s validation.',
    supersedes: ['owasp:api4:2023-integer-limit', 'owasp:api4:2023-integer-limit-legacy', 'owasp:api4:2023-integer-format'],
    tests: {
      fail: [
        { file: 'fail.yaml', pointer: '/components/parameters/limit/schema' },
        { file: 'fail.yaml', pointer: '/components/schemas/Order/properties/quantity' },
        { file: 'fail-v2.yaml', pointer: '/paths/~1pets/get/parameters/0' },
      ],
      pass: ['pass.yaml'],
    },
  },
  check(ctx) {
    const idx = schemaIndex(ctx.api);
    const g = new Grouped<{ label: string; missing: string; name: string }>();
    for (const n of idx.nodes) {
      if (n.via.size === 0) continue;
      const v = n.view;
      if (!isType(v, 'integer') || v.readOnly || isEnumerated(v)) continue;
      if (v.minimum !== undefined && v.maximum !== undefined) continue;
      // Path parameters and identifiers are lookup keys: their size drives no work.
      if (n.paramIn.size > 0 && [...n.paramIn].every((i) => i === 'path')) continue;
      const name = n.paramName ?? fieldName(n.label);
      if (isIdName(name) || isSequenceName(name) || isTimeLike(name, v.format)) continue;
      const missing = v.minimum === undefined && v.maximum === undefined ? 'neither `minimum` nor `maximum`' : v.maximum === undefined ? 'no `maximum`' : 'no `minimum`';
      g.add(n.loc, idx.opsOf(n, 'request'), () => ({ label: n.label, missing, name }));
    }
    g.report(ctx, ({ data }, ops) => ({
      message: `${data.label}: request integer with ${data.missing}; used by ${opsPhrase(ops)}`,
      remediation: `Give \`${data.label}\` a range: \`${data.name}: ${yamlFlow([['type', 'integer'], ['minimum', 1], ['maximum', 100]])}\` (use the real limits), and enforce it in the server's validation.`,
    }));
  },
};
