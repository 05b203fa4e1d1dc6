import type { Rule } from '../../src/model/rule.js';
import { squash } from '../lib/names.js';
import { Grouped, opsPhrase } from '../lib/report.js';
import { schemaIndex } from '../lib/schema.js';

const VERBOSE = new Set([
  'stack', 'stacktrace', 'stacktraces', 'trace', 'traceback', 'backtrace', 'exception', 'exceptions', 'exceptiontype', 'exceptionclass',
  'exceptionmessage', 'innerexception', 'debug', 'debuginfo', 'debugmessage', 'developermessage', 'sql', 'sqlstate', 'sqlquery', 'query', 'file', 'line', 'linenumber',
]);

export const rule: Rule = {
  meta: {
    id: 'api8-verbose-error-schema',
    title: 'Error response exposes internals',
    description:
      'An error response (4xx, 5xx or `default`) has a property for a stack trace, exception, debug information, SQL or source location (`stack`, `trace`, `exception`, `debug`, `sql`, `file`, `line`, …). Such details map the implementation for an attacker. Reported once where the property is declared, listing the operations whose errors carry it.',
    severity: 'medium',
    owasp: ['API8:2023'],
    remediation: 'Return a minimal error body (`application/problem+json`: `type`, `title`, `status`, `detail`, a correlation id) and log the internals server-side; remove the debug properties from the error schema.',
    tests: { fail: [{ file: 'fail.yaml', pointer: '/components/schemas/Error/properties/stackTrace' }], pass: ['pass.yaml'] },
  },
  check(ctx) {
    const idx = schemaIndex(ctx.api);
    const g = new Grouped<{ owner: string; name: string }>();
    for (const n of idx.nodes) {
      if (!n.inError) continue;
      for (const p of n.view.props) {
        const s = squash(p.name);
        // `query` and `file`/`line` only count beside other debug fields or in obviously diagnostic objects.
        if (!VERBOSE.has(s)) continue;
        if ((s === 'query' || s === 'file' || s === 'line' || s === 'linenumber') && !n.view.props.some((q) => ['stack', 'stacktrace', 'trace', 'exception', 'debug'].includes(squash(q.name)))) continue;
        g.add(p.loc, idx.opsOf(n, 'error'), () => ({ owner: n.label, name: p.name }));
      }
    }
    g.report(ctx, ({ data }, ops) => ({
      message: `${data.owner}.${data.name}: error responses of ${opsPhrase(ops)} can carry implementation details`,
      remediation: `Remove \`${data.name}\` from \`${data.owner}\` and return a minimal problem+json body (\`{type, title, status, detail, traceId}\`); keep stack traces and debug data in server logs.`,
    }));
  },
};
