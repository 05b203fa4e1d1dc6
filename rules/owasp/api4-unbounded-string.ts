import type { Rule } from '../../src/model/rule.js';
import { Grouped, opsPhrase } from '../lib/report.js';
import { fieldName, isType, schemaIndex, stringUnbounded, yamlFlow } from '../lib/schema.js';

export const rule: Rule = {
  meta: {
    id: 'api4-unbounded-string',
    title: 'Request string without a length limit',
    description:
      'A string the API accepts in a request body has no `maxLength`, `enum`, `const`, bounded `format` (`uuid`, `date`, `date-time`, `email`, …) or anchored fixed-length `pattern`: nothing tells clients or validators how large it may be, and an attacker can send megabytes into one field. Only request input is judged — response-only schemas are the server\'s own output — and strings in path, query, header and cookie parameters are left out because HTTP servers already cap URL and header sizes. `allOf` parts are composed before judging, and each schema is reported once where it is defined.',
    severity: 'medium',
    owasp: ['API4:2023'],
    remediation: 'Add `maxLength` to the string (for example `name: {type: string, maxLength: 256}`), or an `enum`/`const`, or a bounded `format` such as `uuid` or `date-time` when the value has one; enforce the same limit in the server\'s validation.',
    supersedes: ['owasp:api4:2023-string-limit', 'owasp:api4:2023-string-restricted'],
    tests: {
      fail: [
        { file: 'fail.yaml', pointer: '/components/schemas/Pet/properties/name' },
        { file: 'fail.yaml', pointer: '/components/schemas/Note' },
        { file: 'fail.yaml', pointer: '/components/schemas/Code' },
        { file: 'fail-v2.yaml', pointer: '/definitions/Pet/properties/name' },
      ],
      pass: ['pass.yaml', 'pass-response-only.yaml'],
    },
  },
  check(ctx) {
    const idx = schemaIndex(ctx.api);
    const g = new Grouped<{ label: string; why: string; binary: boolean }>();
    for (const n of idx.nodes) {
      if (!n.via.has('body') && !n.via.has('library')) continue;
      const v = n.view;
      if (!isType(v, 'string') || v.readOnly) continue;
      const why = stringUnbounded(v);
      if (!why) continue;
      g.add(n.loc, idx.opsOf(n, 'request'), () => ({ label: n.label, why, binary: v.format === 'binary' || v.format === 'byte' || v.format === 'base64' }));
    }
    g.report(ctx, ({ data }, ops) => {
      const f = fieldName(data.label);
      const fix = data.binary
        ? `Add \`maxLength\` (bytes) to \`${data.label}\`: \`${f}: ${yamlFlow([['type', 'string'], ['format', 'binary'], ['maxLength', 10485760]])}\`, and enforce the same upload limit at the server or gateway.`
        : `Add \`maxLength\` to \`${data.label}\`: \`${f}: ${yamlFlow([['type', 'string'], ['maxLength', 256]])}\` (pick the real maximum), or an \`enum\`, or a bounded \`format\` such as \`uuid\`, \`date-time\` or \`email\` when the value has one.`;
      return { message: `${data.label}: request string ${data.why}; used by ${opsPhrase(ops)}`, remediation: fix };
    });
  },
};
