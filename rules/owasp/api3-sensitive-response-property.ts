import type { Rule } from '../../src/model/rule.js';
import type { Severity } from '../../src/model/types.js';
import { words } from '../lib/names.js';
import { Grouped, opsPhrase } from '../lib/report.js';
import { schemaIndex, type View } from '../lib/schema.js';

interface Kind {
  what: string;
  /** Data a client may need a masked hint of (the last digits of a card or account). */
  maskable?: boolean;
  severity: Severity;
  /** Credentials that operations issuing them legitimately return. */
  credential?: boolean;
}

const PASSWORD: Kind = { what: 'a password or password hash', severity: 'high' };
const SECRET: Kind = { what: 'a secret or key', severity: 'high', credential: true };
const TOKEN: Kind = { what: 'a token', severity: 'medium', credential: true };
const NATIONAL_ID: Kind = { what: 'a national identity number', severity: 'medium', maskable: true };
const CARD: Kind = { what: 'card data', severity: 'high', maskable: true };
const BANK: Kind = { what: 'a bank account number', severity: 'low', maskable: true };

/** Tokens that are credentials (`access_token`, `refresh_token`, `temp_clone_token`), unlike page or text tokens. */
const CREDENTIAL_TOKEN = new Set(['access', 'refresh', 'id', 'auth', 'authentication', 'authorization', 'session', 'bearer', 'api', 'secret', 'clone', 'private', 'personal', 'oauth', 'jwt', 'security', 'login', 'reset', 'password', 'verification', 'invite', 'invitation', 'registration', 'device', 'user', 'app', 'client']);

const classified = new Map<string, Kind | null>();

/** What a property name says it holds (memoised: response schemas repeat property names). */
function classify(name: string): Kind | undefined {
  let k = classified.get(name);
  if (k === undefined) {
    k = classifyName(name) ?? null;
    if (classified.size < 100_000) classified.set(name, k);
  }
  return k ?? undefined;
}

/** What a property name says it holds, judged on its last words (`passwordChangedAt` is a date, not a password). */
function classifyName(name: string): Kind | undefined {
  const w = words(name);
  const last = w[w.length - 1] ?? '';
  const prev = w[w.length - 2] ?? '';
  if (['masked', 'last4', 'hint', 'mask', 'redacted', 'prefix', 'suffix', 'fingerprint', 'preview', 'last'].some((x) => w.includes(x))) return undefined;
  if (['password', 'passwd', 'pwd', 'passphrase', 'passcode'].includes(last) || (last === 'pass' && w.length === 1) || (last === 'pin' && ['card', 'account', 'atm', 'security', 'user'].includes(prev))) return PASSWORD;
  if (last === 'hash' && ['password', 'pwd', 'passwd'].includes(prev)) return PASSWORD;
  if (last === 'salt') return PASSWORD;
  if (['cvv', 'cvc', 'cvv2', 'cvc2', 'pan'].includes(last) || (prev === 'card' && last === 'number') || last === 'cardnumber') return CARD;
  if (last === 'ssn' || (prev === 'security' && last === 'number' && w.includes('social')) || (prev === 'national' && (last === 'id' || last === 'number'))) return NATIONAL_ID;
  if (last === 'secret' || last === 'apikey' || (prev === 'api' && last === 'key') || (prev === 'private' && last === 'key') || (prev === 'secret' && last === 'key') || last === 'privatekey')
    return SECRET;
  if (last === 'token' && CREDENTIAL_TOKEN.has(prev)) return TOKEN;
  // A routing number (ABA, sort code) names a bank, not an account: it is public.
  if (last === 'iban' || (prev === 'account' && last === 'number') || last === 'accountnumber') return BANK;
  return undefined;
}

/** Values that are visibly masked in the description or example. */
function looksMasked(v: View): boolean {
  const text = `${v.description ?? ''} ${typeof v.example === 'string' ? v.example : ''}`;
  return /\*{3,}|x{4,}|•{3,}|\bmasked\b|\bredacted\b|\bobfuscated\b|\blast (4|four)\b|\bnever returned\b/i.test(text);
}

/** Operations whose purpose is to issue or show a credential (token, key, secret endpoints, login). */
function issuesCredentials(path: string, opId: string | undefined, summary: string | undefined): boolean {
  return /token|key|secret|credential|auth|login|session|oauth|password|signin|sign-in|refresh/i.test(`${path} ${opId ?? ''} ${summary ?? ''}`);
}

export const rule: Rule = {
  meta: {
    id: 'api3-sensitive-response-property',
    title: 'Response exposes a secret or sensitive personal data',
    description:
      'A response schema carries a password or password hash, a secret or API key, a token, a national identity number, card data or a bank account number. Whatever the UI shows, the API hands the whole object to every caller (excessive data exposure). Only data the API returns is judged (responses, callback and webhook bodies); properties marked `writeOnly`, masked values (`maskedPan`, `last4`, an example like `****1234`) and credentials returned by the operations that issue them (token, key, login endpoints) are left out. Reported once where the property is declared.',
    severity: 'high',
    owasp: ['API3:2023'],
    confidence: 'low',
    remediation: 'Remove the property from the response schema (a separate output schema without it), or mark it `writeOnly: true` and make sure the server never serialises it; return masked values (`last4`) where the client needs a hint.',
    tests: {
      fail: [
        { file: 'fail.yaml', pointer: '/components/schemas/User/properties/password' },
        { file: 'fail.yaml', pointer: '/components/schemas/User/properties/ssn' },
        { file: 'fail.yaml', pointer: '/components/schemas/User/properties/pass' },
        { file: 'fail-v2.yaml', pointer: '/definitions/Card/properties/cardNumber' },
      ],
      pass: ['pass.yaml'],
    },
  },
  check(ctx) {
    const idx = schemaIndex(ctx.api);
    const g = new Grouped<{ owner: string; name: string; kind: Kind }>();
    for (const n of idx.nodes) {
      if (!n.inResponse) continue;
      for (const p of n.view.props) {
        const kind = classify(p.name);
        if (!kind) continue;
        const target = idx.view(p.node, p.loc);
        if (target) {
          const t = target.view;
          if (t.writeOnly || looksMasked(t)) continue;
          if (t.types.size && !t.types.has('string') && !t.types.has('integer') && !t.types.has('number')) continue;
        }
        const ops = idx.opsOf(n, 'response').filter((k) => {
          const op = idx.ops.get(k);
          if (!op) return false;
          if (kind.credential && (op.public || issuesCredentials(op.path, op.operationId, op.summary))) return false;
          return true;
        });
        if (!ops.length) continue;
        g.add(p.loc, ops, () => ({ owner: n.label, name: p.name, kind }));
      }
    }
    g.report(ctx, ({ data }, ops) => ({
      message: `${data.owner}.${data.name}: ${data.kind.what} in the response of ${opsPhrase(ops)}`,
      severity: data.kind.severity,
      remediation: `Remove \`${data.name}\` from the response schema \`${data.owner}\` (use an output schema without it), or declare \`${data.name}: {writeOnly: true}\` and never serialise it${data.kind.maskable ? `; return a masked value (for example \`${data.name}Last4: {type: string, maxLength: 4}\`) if clients need a hint` : ''}.`,
    }));
  },
};
