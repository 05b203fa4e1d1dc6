import type { Rule } from '../../src/model/rule.js';
import { Grouped, opsPhrase } from '../lib/report.js';
import { fieldName, isEnumerated, isType, schemaIndex, yamlFlow } from '../lib/schema.js';

export const rule: Rule = {
  meta: {
    id: 'api4-unbounded-array',
    title: 'Request array without maxItems',
    description:
      'An array the API accepts in a request body has no `maxItems`: one request can carry any number of elements, and the server does work for each. Only request input is judged — the size of a response array is the pagination question (`api4-no-pagination`) — and arrays in path, query, header and cookie parameters are left out, as for strings: HTTP servers already cap URL and header sizes. `allOf` is composed first; an array of unique `enum` values counts as bounded.',
    severity: 'medium',
    owasp: ['API4:2023'],
    remediation: 'Add `maxItems` to the array, for example `tags: {type: array, maxItems: 50, items: {…}}`, and reject larger requests in the server\'s validation.',
    supersedes: ['owasp:api4:2023-array-limit'],
    tests: {
      fail: [
        { file: 'fail.yaml', pointer: '/components/schemas/Batch/properties/items' },
        { file: 'fail-v2.yaml', pointer: '/definitions/Foo' },
      ],
      pass: ['pass.yaml'],
    },
  },
  check(ctx) {
    const idx = schemaIndex(ctx.api);
    const g = new Grouped<{ label: string }>();
    for (const n of idx.nodes) {
      // As for strings: URL and header sizes are capped by every HTTP server; a body is not.
      if (!n.via.has('body') && !n.via.has('library')) continue;
      const v = n.view;
      if (!isType(v, 'array') || v.readOnly || v.maxItems !== undefined) continue;
      if (v.uniqueItems && v.items) {
        const it = idx.view(v.items.node, v.items.loc);
        if (it && (isEnumerated(it.view) || it.view.types.has('boolean'))) continue;
      }
      g.add(n.loc, idx.opsOf(n, 'request'), () => ({ label: n.label }));
    }
    g.report(ctx, ({ data }, ops) => ({
      message: `${data.label}: request array with no \`maxItems\`; used by ${opsPhrase(ops)}`,
      remediation: `Add \`maxItems\` to \`${data.label}\`: \`${fieldName(data.label)}: ${yamlFlow([['type', 'array'], ['maxItems', 100]])}\` (use the real limit), and reject larger requests in the server's validation.`,
    }));
  },
};
