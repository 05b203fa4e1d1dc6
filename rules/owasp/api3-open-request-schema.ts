import type { Rule } from '../../src/model/rule.js';
import { Grouped, opsPhrase } from '../lib/report.js';
import { fieldName, schemaIndex } from '../lib/schema.js';

export const rule: Rule = {
  meta: {
    id: 'api3-open-request-schema',
    title: 'Request object open to extra properties',
    description:
      'A request object accepts properties it does not declare: `additionalProperties` (or, in OpenAPI 3.1, `unevaluatedProperties`) is `true`, or a schema with no `maxProperties` (an unbounded map). Request bodies of write operations that leave `additionalProperties` out are reported together, once per document, at low severity: in JSON Schema an absent keyword allows anything, so a validator passes fields the server may bind (mass assignment). Response-only schemas are not judged; `allOf` parts are composed first, and a part that closes the object closes the composition.',
    severity: 'medium',
    owasp: ['API3:2023'],
    remediation: 'Close request objects with `additionalProperties: false` (3.1 with `allOf`: `unevaluatedProperties: false`); a genuine map needs `maxProperties` and a bounded value schema.',
    supersedes: [
      'owasp:api3:2023-no-additionalProperties',
      'owasp:api3:2023-constrained-additionalProperties',
      'owasp:api3:2023-no-unevaluatedProperties',
      'owasp:api3:2023-constrained-unevaluatedProperties',
    ],
    tests: {
      fail: [
        { file: 'fail.yaml', pointer: '/components/schemas/Settings/additionalProperties' },
        { file: 'fail.yaml', pointer: '/components/schemas/Labels/additionalProperties' },
        { file: 'fail.yaml', pointer: '/paths' },
        { file: 'fail-31.yaml', pointer: '/components/schemas/Foo/unevaluatedProperties' },
      ],
      pass: ['pass.yaml', 'pass-allof.yaml'],
    },
  },
  check(ctx) {
    const idx = schemaIndex(ctx.api);
    const g = new Grouped<{ label: string; why: string }>();
    const implicit: { label: string; ops: string[] }[] = [];
    for (const n of idx.nodes) {
      if (!n.via.has('body') && !n.via.has('library')) continue;
      const v = n.view;
      if (v.readOnly) continue;
      for (const [kw, x] of [['additionalProperties', v.additional], ['unevaluatedProperties', v.unevaluated]] as const) {
        if (!x || x.value === false) continue;
        if (x.value === true || (typeof x.value === 'object' && x.value !== null && Object.keys(x.value).length === 0)) {
          g.add(x.loc, idx.opsOf(n, 'request'), () => ({ label: n.label, why: `\`${kw}: true\` accepts any extra property` }));
        } else if (typeof x.value === 'object' && x.value !== null && v.maxProperties === undefined) {
          g.add(x.loc, idx.opsOf(n, 'request'), () => ({ label: n.label, why: `\`${kw}\` is a map with no \`maxProperties\`` }));
        }
      }
      // The body object itself, of a write operation, with a declared shape and nothing closing it: collected for one
      // finding per document (every body schema of an API usually shares the omission).
      if (!v.additional && !v.unevaluated && v.props.length > 0 && (v.types.has('object') || v.types.size === 0) && v.branches.length === 0) {
        const writes = [...n.bodyOps].filter((k) => /^(POST|PUT|PATCH) /.test(k));
        if (writes.length) implicit.push({ label: n.label, ops: writes });
      }
    }
    if (implicit.length) {
      const names = implicit.map((i) => i.label);
      const ops = [...new Set(implicit.flatMap((i) => i.ops))];
      ctx.report({
        message: `${names.length} request body schema${names.length === 1 ? '' : 's'} of write operations leave${names.length === 1 ? 's' : ''} \`additionalProperties\` unset, so undeclared properties pass validation: ${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}`,
        loc: { file: ctx.api.loc.file, pointer: '/paths' },
        severity: 'low',
        operations: ops,
        key: 'implicit',
        remediation: `Add \`additionalProperties: false\` to ${names.length === 1 ? `\`${names[0]}\`` : `the request body schemas (${names.slice(0, 3).map((x) => `\`${x}\``).join(', ')}${names.length > 3 ? ', …' : ''})`} — with \`allOf\` in 3.1: \`unevaluatedProperties: false\` — and reject unknown fields in the server's validation.`,
      });
    }
    g.report(ctx, ({ data }, ops) => ({
      message: `${data.label}: ${data.why}; request body of ${opsPhrase(ops)}`,
      remediation: `Set \`additionalProperties: false\` on \`${data.label}\`; if \`${fieldName(data.label)}\` is really a map, bound it: \`{type: object, maxProperties: 50, additionalProperties: {type: string, maxLength: 256}}\`.`,
    }));
  },
};
