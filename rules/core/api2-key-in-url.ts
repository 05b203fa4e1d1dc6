import type { Rule } from '../../src/model/rule.js';
import { opsUsingScheme, usedSchemes } from '../lib/ops.js';

export const rule: Rule = {
  meta: {
    id: 'api2-key-in-url',
    title: 'API key sent in the URL',
    description:
      'An API key passed in the query string or path ends up in server and proxy logs, browser history and Referer headers, where anyone who reads them can reuse it.',
    severity: 'high',
    owasp: ['API2:2023'],
    requirement: 'R1.2',
    remediation: 'Move the key to a header: `{type: apiKey, in: header, name: X-API-Key}`. Rotate every key that was ever sent in a URL.',
    supersedes: ['owasp:api2:2023-no-api-keys-in-url'],
    tests: { fail: [{ file: 'fail.yaml', pointer: '/components/securitySchemes/key' }, { file: 'fail-v2.json', pointer: '/securityDefinitions/api_key' }], pass: ['pass.yaml'] },
  },
  check({ api, report }) {
    for (const s of usedSchemes(api)) {
      if (s.type !== 'apiKey' || (s.in !== 'query' && s.in !== 'path')) continue;
      report({
        message: `security scheme '${s.name}' takes the API key '${s.paramName ?? '?'}' in the ${s.in}`,
        loc: s.loc,
        operations: opsUsingScheme(api, s),
        remediation: `Send the key in a header instead: \`${s.name}: {type: apiKey, in: header, name: X-API-Key}\`, and rotate keys that were sent in URLs.`,
      });
    }
  },
};
