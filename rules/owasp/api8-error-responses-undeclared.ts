import type { Rule } from '../../src/model/rule.js';
import type { Operation } from '../../src/model/types.js';
import { acceptsAnonymous, describedOps, isLibrary, isUndescribed } from '../lib/ops.js';

const has = (op: Operation, re: RegExp) => op.responses.some((r) => re.test(r.status));

interface Gap {
  key: string;
  applies: (op: Operation) => boolean;
  present: (op: Operation) => boolean;
  /** Singular and plural. */
  what: [string, string];
  fix: string;
}

const GAPS: Gap[] = [
  {
    key: '401',
    applies: (op) => !op.public && !isUndescribed(op) && !acceptsAnonymous(op),
    present: (op) => has(op, /^(401|4XX|default)$/i),
    what: ['requires a credential but declares no 401 response', 'require a credential but declare no 401 response'],
    fix: '`"401": {$ref: "#/components/responses/Unauthorized"}` (with `WWW-Authenticate`)',
  },
  {
    key: '400',
    applies: (op) => op.parameters.length > 0 || op.requestBody !== undefined,
    present: (op) => has(op, /^(4\d\d|4XX|default)$/i),
    what: ['takes input but declares no 4xx response for invalid input', 'take input but declare no 4xx response for invalid input'],
    fix: '`"400": {$ref: "#/components/responses/BadRequest"}`',
  },
  {
    key: '500',
    applies: () => true,
    present: (op) => has(op, /^(5\d\d|5XX|default)$/i),
    what: ['declares no 5xx or default error response', 'declare no 5xx or default error response'],
    fix: '`"500": {$ref: "#/components/responses/ServerError"}` (a generic problem+json body without internals) or a `default` response',
  },
];

export const rule: Rule = {
  meta: {
    id: 'api8-error-responses-undeclared',
    title: 'Error responses not declared',
    description:
      'Operations do not declare the errors they return: 401 on operations that require a credential, 400/422 (any 4xx, `4XX` or `default`) on operations that take input, a 5xx or `default` response everywhere. Undeclared errors are where stack traces and framework defaults leak; declared ones have a reviewed, minimal shape. Reported once per missing kind for the whole document, listing the operations — not once per operation.',
    severity: 'low',
    owasp: ['API8:2023'],
    remediation: 'Declare shared error responses once (`components/responses/BadRequest`, `Unauthorized`, `ServerError` with an `application/problem+json` body that holds no internals) and reference them from every operation.',
    supersedes: ['owasp:api8:2023-define-error-validation', 'owasp:api8:2023-define-error-responses-401', 'owasp:api8:2023-define-error-responses-500'],
    tests: { fail: [{ file: 'fail.yaml', pointer: '/paths' }], pass: ['pass.yaml'] },
  },
  check({ api, report }) {
    if (isLibrary(api)) return;
    for (const gap of GAPS) {
      const missing = describedOps(api).filter((op) => gap.applies(op) && !gap.present(op)).map((o) => o.key);
      if (!missing.length) continue;
      report({
        message: `${missing.length} operation${missing.length === 1 ? '' : 's'} ${gap.what[missing.length === 1 ? 0 : 1]}${missing.length <= 3 ? ` (${missing.join(', ')})` : ''}`,
        loc: { file: api.loc.file, pointer: '/paths' },
        operations: missing,
        key: gap.key,
        remediation: `Add ${gap.fix} to the responses of ${missing.length === 1 ? missing[0] : 'these operations'}; define it once under \`components/responses\` and reference it.`,
      });
    }
  },
};
