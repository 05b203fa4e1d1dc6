import type { Rule } from '../../src/model/rule.js';
import type { Operation } from '../../src/model/types.js';
import { squash } from '../lib/names.js';
import { describedOps } from '../lib/ops.js';
import { schemaIndex, type SchemaIndex } from '../lib/schema.js';

/** Parameters that bound or page a list: a page size, or a cursor/page the server sizes itself. */
const PAGING = new Set([
  'limit', 'perpage', 'pagesize', 'size', 'top', 'first', 'last', 'max', 'maxresults', 'maxitems', 'maxpagesize', 'count', 'take',
  'pagelimit', 'batchsize', 'maxrecords', 'numresults', 'rows', 'page', 'pagenumber', 'pageno', 'pagetoken', 'nextpagetoken', 'cursor',
  'offset', 'skip', 'start', 'startindex', 'after', 'before', 'since', 'continuation', 'continuationtoken', 'marker', 'next', 'nexttoken',
  'startingafter', 'endingbefore', 'pageindex', 'from', 'pagecursor', 'pagination', 'range', 'itemsperpage', 'resultsperpage', 'pagingcursor',
]);
const LIST_PROPS = new Set(['items', 'data', 'results', 'values', 'records', 'entries', 'content', 'list', 'elements', 'objects', 'rows', 'hits', 'nodes', 'edges', 'value', 'resources', 'members']);

function hasPaging(op: Operation): boolean {
  return op.parameters.some((p) => (p.in === 'query' || p.in === 'header') && (PAGING.has(squash(p.name)) || /^page(\[|\.)/i.test(p.name) || /(^|_)(limit|page_size|per_page|cursor)$/i.test(p.name)));
}

/** Where the operation's success response returns an unbounded list: the array itself or a wrapper's list property. */
function unboundedList(idx: SchemaIndex, op: Operation): string | undefined {
  for (const r of op.responses) {
    if (!/^(200|206|2XX)$/i.test(r.status)) continue;
    for (const mt of r.content) {
      if (!mt.schema || !/json|xml|\*\/\*/i.test(mt.contentType)) continue;
      const c = idx.view(mt.schema.node, mt.schema.loc);
      if (!c) continue;
      if (c.view.types.has('array')) return c.view.maxItems === undefined ? 'an array' : undefined;
      for (const p of c.view.props) {
        if (!LIST_PROPS.has(p.name.toLowerCase())) continue;
        const pc = idx.view(p.node, p.loc);
        if (pc && pc.view.types.has('array') && pc.view.maxItems === undefined) return `a list in \`${p.name}\``;
      }
    }
  }
  return undefined;
}

export const rule: Rule = {
  meta: {
    id: 'api4-no-pagination',
    title: 'List operation without pagination',
    description:
      'A GET operation returns a list (an array, or an object whose `items`/`data`/`results` is an array) with no `maxItems` and takes no page-size, page or cursor parameter: every call returns the whole collection, and its cost grows with the data. This is where the size of a response array matters; response arrays are not otherwise required to carry `maxItems`.',
    severity: 'medium',
    owasp: ['API4:2023'],
    confidence: 'medium',
    remediation: 'Page the collection: add `limit` (`{in: query, schema: {type: integer, minimum: 1, maximum: 100, default: 20}}`) and a `cursor` or `page` parameter, and cap the page size on the server.',
    tests: { fail: [{ file: 'fail.yaml', pointer: '/paths/~1pets/get' }], pass: ['pass.yaml'] },
  },
  check({ api, report }) {
    const idx = schemaIndex(api);
    for (const op of describedOps(api)) {
      if (op.method !== 'get' || hasPaging(op)) continue;
      // A path ending in a parameter addresses one object, not a collection.
      if (/\}(\.[a-z0-9]+)?\/?$/i.test(op.path)) continue; // one item: `/orders/{id}`, `/orders/{id}.json`
      const what = unboundedList(idx, op);
      if (!what) continue;
      report({
        message: `${op.key}: returns ${what} with no page-size, page or cursor parameter`,
        loc: op.loc,
        operations: [op.key],
        remediation: `Add paging to ${op.key}: \`parameters: [{name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 100, default: 20}}, {name: cursor, in: query, schema: {type: string, maxLength: 256}}]\`, and cap the page size on the server.`,
      });
    }
  },
};
