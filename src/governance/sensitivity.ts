// Sensitivity classes: from the configuration, or inferred from what an API handles (paths, tags, operation ids,
// parameter and top-level property names). The target level of each class decides `--fail-below-target`.

import type { Sensitivity } from '../config/types.js';
import type { Api, SchemaRef } from '../model/types.js';
import { get, isObj, keys } from '../model/util.js';

export interface SensitivityResult {
  class: Sensitivity;
  source: 'config' | 'inferred' | 'default';
  reasons: string[];
}

const RESTRICTED: [RegExp, string][] = [
  [/\b(payments?|pay(ee|er|out)s?|checkout|charges?|refunds?|transfers?|remittances?|disburse\w*)\b/i, 'payments'],
  [/\b(iban|bic|swift|sort[-_ ]?code|routing[-_ ]?number|account[-_ ]?number|bank(ing)?|psd2|open[-_ ]?banking|consents?|fapi|sepa|pix)\b/i, 'banking'],
  [/\b(card[-_ ]?number|pan|cvv|cvc|credit[-_ ]?cards?|debit[-_ ]?cards?)\b/i, 'card data'],
  [/\b(loans?|mortgages?|credit[-_ ]?(score|limit|line)|wallets?|balances?|ledger|securities|trades?|brokerage)\b/i, 'financial accounts'],
  [/\b(patients?|health|medical|diagnos\w*|prescriptions?|clinical|ehr|fhir|insurance[-_ ]?claims?)\b/i, 'health'],
  [/\b(ssn|social[-_ ]?security|passport|national[-_ ]?id|tax[-_ ]?id|driver'?s?[-_ ]?licen[cs]e|biometric\w*)\b/i, 'government identity'],
];
const CONFIDENTIAL: [RegExp, string][] = [
  [/\b(users?|customers?|members?|profiles?|accounts?|employees?|payroll|persons?|people)\b/i, 'personal accounts'],
  [/\b(e-?mail|phone|mobile|address|birth[-_ ]?date|date[-_ ]?of[-_ ]?birth|dob|first[-_ ]?name|last[-_ ]?name|kyc|identity|identities)\b/i, 'personal data'],
  [/\b(passwords?|credentials?|secrets?|tokens?|api[-_ ]?keys?)\b/i, 'credentials'],
];
const INTERNAL: [RegExp, string][] = [[/\b(internal|admin|management|backoffice|ops)\b/i, 'internal functions']];

function words(s: string): string {
  return s.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_/{}.:-]+/g, ' ');
}

function schemaNames(api: Api, s: SchemaRef | undefined, out: Set<string>): void {
  if (!s) return;
  const r = api.deref.deref(s.node, s.loc);
  let node = r.value;
  if (isObj(node) && get(node, 'type') === 'array') node = api.deref.deref(get(node, 'items'), r.loc).value;
  for (const k of keys(get(node, 'properties'))) out.add(k);
  for (const part of [...(Array.isArray(get(node, 'allOf')) ? (get(node, 'allOf') as unknown[]) : [])].slice(0, 10)) {
    for (const k of keys(get(api.deref.deref(part, r.loc).value, 'properties'))) out.add(k);
  }
}

/** A liveness or readiness endpoint (`/health`, `/healthz`, `/health/ready`): operations, not medical data. */
const PROBE = /^\s*(health(z|check)?|health check|ready|readyz|live|livez|status)(\s+(ready|live|liveness|readiness|check|status))?\s*$/i;

interface Vocabulary {
  /** The API's name and its operations' tags. */
  names: string[];
  /** Per operation: its path, operation id and parameter names. */
  operations: string[][];
  /** Property names of request and success-response bodies. */
  properties: string[];
}

/** What the API talks about, as text to match (bounded: a few thousand terms). */
function vocabulary(api: Api): Vocabulary {
  const keep = (xs: Iterable<string>) => [...xs].map(words).filter((w) => !PROBE.test(w));
  const names = new Set<string>([api.name]);
  const operations: string[][] = [];
  const properties = new Set<string>();
  let size = 0;
  for (const op of api.operations) {
    for (const t of op.tags) names.add(t);
    const own = keep([op.path, ...(op.operationId ? [op.operationId] : []), ...op.parameters.map((p) => p.name)]);
    operations.push(own);
    size += own.length;
    if (size + properties.size > 5000) break;
    for (const m of op.requestBody?.content ?? []) schemaNames(api, m.schema, properties);
    for (const r of op.responses) if (r.status.startsWith('2')) for (const m of r.content.slice(0, 1)) schemaNames(api, m.schema, properties);
  }
  return { names: keep(names), operations, properties: keep(properties) };
}

/**
 * The labels of a table the vocabulary shows. Strictly (for the restricted class), a term must name the API or a tag,
 * or recur: in at least one operation in twenty, or in two property names. One repository-transfer endpoint among
 * GitHub's 1,200 operations does not make it a payment API.
 */
function hits(vocab: Vocabulary, table: [RegExp, string][], strict = false): string[] {
  const out: string[] = [];
  for (const [re, label] of table) {
    const named = vocab.names.find((v) => re.test(v));
    if (named) {
      out.push(`${label} ("${named.trim().slice(0, 40)}")`);
      continue;
    }
    const ops = vocab.operations.map((terms) => terms.find((v) => re.test(v))).filter((v): v is string => v !== undefined);
    if (ops.length && (!strict || ops.length >= Math.max(1, Math.ceil(vocab.operations.length / 20)))) {
      out.push(`${label} ("${ops[0]!.trim().slice(0, 40)}"${ops.length > 1 ? ` and ${ops.length - 1} more` : ''})`);
      continue;
    }
    const props = vocab.properties.filter((v) => re.test(v));
    if (props.length >= (strict ? 2 : 1)) out.push(`${label} ("${props.slice(0, 2).map((p) => p.trim().slice(0, 30)).join('", "')}")`);
  }
  return out;
}

export function inferSensitivity(api: Api): SensitivityResult {
  const vocab = vocabulary(api);
  const r = hits(vocab, RESTRICTED, true);
  if (r.length) return { class: 'restricted', source: 'inferred', reasons: r };
  const c = hits(vocab, CONFIDENTIAL);
  if (c.length) return { class: 'confidential', source: 'inferred', reasons: c };
  const i = hits(vocab, INTERNAL);
  if (i.length) return { class: 'internal', source: 'inferred', reasons: i };
  return { class: 'internal', source: 'default', reasons: ['nothing sensitive recognised; internal by default'] };
}
