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

/** What the API talks about, as text to match (bounded: a few thousand terms). */
function vocabulary(api: Api): string[] {
  const terms = new Set<string>([api.name]);
  for (const op of api.operations) {
    terms.add(op.path);
    for (const t of op.tags) terms.add(t);
    if (op.operationId) terms.add(op.operationId);
    for (const p of op.parameters) terms.add(p.name);
    if (terms.size > 5000) break;
    for (const m of op.requestBody?.content ?? []) schemaNames(api, m.schema, terms);
    for (const r of op.responses) if (r.status.startsWith('2')) for (const m of r.content.slice(0, 1)) schemaNames(api, m.schema, terms);
  }
  return [...terms].map(words);
}

function hits(vocab: string[], table: [RegExp, string][]): string[] {
  const out: string[] = [];
  for (const [re, label] of table) {
    const w = vocab.find((v) => re.test(v));
    if (w) out.push(`${label} ("${w.trim().slice(0, 40)}")`);
  }
  return out;
}

export function inferSensitivity(api: Api): SensitivityResult {
  const vocab = vocabulary(api);
  const r = hits(vocab, RESTRICTED);
  if (r.length) return { class: 'restricted', source: 'inferred', reasons: r };
  const c = hits(vocab, CONFIDENTIAL);
  if (c.length) return { class: 'confidential', source: 'inferred', reasons: c };
  const i = hits(vocab, INTERNAL);
  if (i.length) return { class: 'internal', source: 'inferred', reasons: i };
  return { class: 'internal', source: 'default', reasons: ['nothing sensitive recognised; internal by default'] };
}
