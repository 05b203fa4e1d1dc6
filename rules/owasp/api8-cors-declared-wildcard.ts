import type { Rule } from '../../src/model/rule.js';
import type { Loc, ResponseHeader } from '../../src/model/types.js';
import { get } from '../../src/model/util.js';
import { schemaIndex, locKey, type SchemaIndex } from '../lib/schema.js';

/** Values a header schema declares: `enum`, `const`, `default`, `example`, `examples`. */
function declaredValues(idx: SchemaIndex, api: { deref: { valueAt(l: Loc): unknown } }, h: ResponseHeader): unknown[] {
  const out: unknown[] = [];
  const raw = api.deref.valueAt(h.loc);
  for (const k of ['example', 'default']) if (get(raw, k) !== undefined) out.push(get(raw, k));
  const c = h.schema ? idx.view(h.schema.node, h.schema.loc) : undefined;
  if (c) {
    out.push(...(c.view.enumValues ?? []));
    if (c.view.example !== undefined) out.push(c.view.example);
    const cv = get(c.value, 'const');
    if (cv !== undefined) out.push(cv);
    const ex = get(c.value, 'examples');
    if (Array.isArray(ex)) out.push(...ex);
  }
  return out;
}

export const rule: Rule = {
  meta: {
    id: 'api8-cors-declared-wildcard',
    title: 'Described CORS allows any origin with credentials',
    description:
      'A response in the description declares `Access-Control-Allow-Origin: *` (or `null`) together with `Access-Control-Allow-Credentials: true`. Browsers refuse the literal combination, so servers that "make it work" reflect the caller\'s `Origin` instead — which lets any web site make authenticated calls with the user\'s cookies and read the answers. What gateways configure is checked by the gateway pack\'s `api8-cors-credentials-wildcard`.',
    severity: 'high',
    owasp: ['API8:2023'],
    remediation: 'Allow credentials only for an explicit list of trusted origins: `Access-Control-Allow-Origin: {schema: {type: string, enum: ["https://app.example.com"]}}`, never `*`, `null` or a reflected Origin.',
    tests: { fail: [{ file: 'fail.yaml', pointer: '/components/headers/ACAO' }], pass: ['pass.yaml'] },
  },
  check({ api, report }) {
    const idx = schemaIndex(api);
    const seen = new Map<string, { loc: Loc; ops: string[]; value: string }>();
    for (const op of api.operations) {
      for (const r of op.responses) {
        const acao = r.headers.find((h) => /^access-control-allow-origin$/i.test(h.name));
        const acac = r.headers.find((h) => /^access-control-allow-credentials$/i.test(h.name));
        if (!acao || !acac) continue;
        const origins = declaredValues(idx, api, acao).map(String);
        const creds = declaredValues(idx, api, acac).map((v) => String(v).toLowerCase());
        const bad = origins.find((o) => o.trim() === '*' || o.trim() === 'null');
        if (!bad || !creds.includes('true')) continue;
        const k = locKey(acao.loc);
        const e = seen.get(k) ?? { loc: acao.loc, ops: [], value: bad };
        e.ops.push(op.key);
        seen.set(k, e);
      }
    }
    for (const { loc, ops, value } of seen.values()) {
      report({ message: `Access-Control-Allow-Origin '${value}' is declared with Access-Control-Allow-Credentials: true (${ops.length === 1 ? ops[0] : `${ops.length} operations`})`, loc, operations: ops });
    }
  },
};
