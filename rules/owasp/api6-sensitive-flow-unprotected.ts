import type { Rule } from '../../src/model/rule.js';
import type { Operation } from '../../src/model/types.js';
import { HTTP_METHODS } from '../../src/model/util.js';
import { opDeclaresRateLimit, opHasAntiAutomation } from '../lib/limits.js';
import { operationWords, words } from '../lib/names.js';
import { describedOps, WRITE_METHODS } from '../lib/ops.js';
import { schemaIndex } from '../lib/schema.js';

const METHODS: ReadonlySet<string> = new Set(HTTP_METHODS);
/** Verbs of operations that read, search or undo: not the flow itself. */
const NOT_THE_FLOW = /^(get|list|describe|search|query|find|fetch|read|cancel|void|delete|remove)$/;

/** Business flows an attacker automates: buying, moving money, creating accounts, resetting passwords, one-time codes. */
function flowOf(op: Operation): string | undefined {
  // The path and operationId name the flow; summaries are prose and mislead ("charging station").
  const w = operationWords([op.path.replace(/\{[^}]*\}/g, ''), op.operationId]);
  const has = (...xs: string[]) => xs.some((x) => w.has(x));
  // Reads, searches and cancellations done with POST are not the flow itself. An operationId may start with its HTTP
  // method (`PostPaymentMethodsDetach`): the verb is the word after it (a `get…` or `delete…` id says what it does).
  const idWords = words(op.operationId ?? '');
  const first = idWords[0] ?? '';
  const verb = (METHODS.has(first) && !NOT_THE_FLOW.test(first) && idWords.length > 1 ? idWords[1] : idWords[0]) ?? words(op.path.split(/[/#=.]/).filter(Boolean).slice(-1)[0] ?? '')[0] ?? '';
  if (NOT_THE_FLOW.test(verb)) return undefined;
  if (has('cancel', 'cancellation', 'void', 'status', 'search', 'list', 'simulate', 'sandbox', 'test', 'preview', 'estimate', 'quote')) return undefined;
  // Checking a one-time code or a coupon is the flow attackers brute-force; checking anything else is a read.
  const code = has('otp', 'totp', 'mfa', '2fa', 'passcode') || (has('verification', 'verify') && has('code', 'sms', 'phone')) ? 'one-time code' : undefined;
  if (/^(check|validate|preview|estimate|simulate)$/.test(verb)) return code ?? (has('coupon', 'coupons', 'voucher', 'vouchers', 'promo') ? 'coupon / voucher redemption' : undefined);
  if (has('checkout', 'purchase', 'purchases', 'buy', 'cart') || (has('check') && has('out'))) return 'purchase / checkout';
  if (has('payment', 'payments', 'pay', 'charges', 'payout', 'payouts', 'refund', 'refunds')) return 'payment';
  if (has('transfer', 'transfers', 'withdraw', 'withdrawal', 'withdrawals', 'remittance')) return 'money transfer';
  if (has('redeem', 'coupon', 'coupons', 'voucher', 'vouchers', 'giftcard', 'promo', 'referral', 'referrals')) return 'coupon / voucher redemption';
  if (has('booking', 'bookings', 'reserve', 'reservation', 'reservations', 'ticket', 'tickets')) return 'booking / reservation';
  if (has('signup', 'register', 'registration') || (has('sign') && has('up'))) return 'sign-up';
  if (has('password') && has('reset', 'forgot', 'forget', 'recover', 'recovery')) return 'password reset';
  if (code) return code;
  if (op.method === 'post' && /^\/?(orders?|carts?)\/?$/i.test(op.path.split('/').filter(Boolean).slice(-1)[0] ?? '')) return 'purchase / checkout';
  return undefined;
}

export const rule: Rule = {
  meta: {
    id: 'api6-sensitive-flow-unprotected',
    title: 'Sensitive business flow without anti-automation',
    description:
      'A write operation that implements a flow attackers automate — purchase and checkout, payments and transfers, coupon redemption, booking, sign-up, password reset, one-time codes — declares no rate limiting (no `429`, no rate-limit headers or extension, no gateway rate limit) and takes no CAPTCHA, proof-of-work or device-attestation value (nor does a gateway screen bots). Scalping, card testing, fake accounts and code brute-forcing follow. Recognised from the path and operationId (reads, searches, cancellations and test helpers left out; checking a one-time code or a coupon counts): low confidence.',
    severity: 'medium',
    owasp: ['API6:2023'],
    confidence: 'low',
    remediation: 'Protect the flow against automation: per-user and per-device rate limits (declare `429` with `Retry-After`), a CAPTCHA or device-attestation token for anonymous callers, and business limits (quantity per customer, cool-down between attempts).',
    tests: { fail: [{ file: 'fail.yaml', pointer: '/paths/~1checkout/post' }, { file: 'fail.yaml', pointer: '/paths/~1password~1reset/post' }, { file: 'fail.yaml', pointer: '/paths/~1identity~1api~1auth~1v2~1check-otp/post' }], pass: ['pass.yaml'] },
  },
  check({ api, report }) {
    const idx = schemaIndex(api);
    for (const op of describedOps(api)) {
      if (!WRITE_METHODS.has(op.method) || op.method === 'delete') continue;
      const flow = flowOf(op);
      if (!flow || opDeclaresRateLimit(op)) continue;
      const bodyNames: string[] = [];
      for (const mt of op.requestBody?.content ?? []) {
        const c = mt.schema ? idx.view(mt.schema.node, mt.schema.loc) : undefined;
        for (const p of c?.view.props ?? []) bodyNames.push(p.name);
      }
      if (opHasAntiAutomation(op, bodyNames)) continue;
      report({
        message: `${op.key} (${flow}) declares no rate limit and takes no anti-automation token`,
        loc: op.loc,
        operations: [op.key],
        remediation: `Rate-limit ${op.key} per user and device and declare it (\`responses: {"429": {description: Too Many Requests, headers: {Retry-After: {schema: {type: integer}}}}}\`); for anonymous callers also require a CAPTCHA or device-attestation token (e.g. header \`X-Captcha-Token\`).`,
      });
    }
  },
};
