import type { Rule } from '../../src/model/rule.js';
import type { Loc, Operation } from '../../src/model/types.js';

const SIGNATURE = /signature|hmac|x-hub-signature|webhook-id|digest|x-signature|svix|jws|x-hook-secret/i;

function signed(op: Operation): boolean {
  if (op.security?.some((r) => r.length > 0)) return true;
  if (op.parameters.some((p) => p.in === 'header' && SIGNATURE.test(p.name))) return true;
  return Object.keys(op.extensions).some((k) => SIGNATURE.test(k));
}

export const rule: Rule = {
  meta: {
    id: 'api10-callback-unsecured',
    title: 'Callback or webhook without authentication',
    description:
      'A callback or webhook the API sends declares neither `security` nor a signature header (`X-Signature`, `X-Hub-Signature-256`, `Webhook-Signature`, …). Receivers cannot tell the API\'s calls from forged ones, and the API itself calls consumer-supplied URLs with no agreed way to authenticate them (unsafe consumption). Reported once per callback or webhook.',
    severity: 'medium',
    owasp: ['API10:2023'],
    remediation: 'Sign every callback and webhook (HMAC-SHA256 over timestamp and body, sent as `Webhook-Signature` with a `Webhook-Timestamp`, secret per subscription) and declare the header: `parameters: [{name: Webhook-Signature, in: header, required: true, schema: {type: string, maxLength: 512}}]`; or declare the `security` the receiver requires.',
    tests: { fail: [{ file: 'fail.yaml', pointer: '/paths/~1subscriptions/post/callbacks/onEvent' }, { file: 'fail-31.yaml', pointer: '/webhooks/newPet/post' }], pass: ['pass.yaml'] },
  },
  check({ api, report }) {
    const seen = new Set<string>();
    const emit = (loc: Loc, what: string, ops: string[]) => {
      const k = `${loc.file}#${loc.pointer}`;
      if (seen.has(k)) return;
      seen.add(k);
      report({ message: `${what} is sent with no security and no signature header`, loc, operations: ops });
    };
    for (const op of api.operations) {
      for (const cb of op.callbacks) {
        if (cb.operations.length && cb.operations.every(signed)) continue;
        if (!cb.operations.length) continue;
        emit(cb.loc, `callback '${cb.name}' of ${op.key}`, [op.key]);
      }
    }
    for (const wh of api.webhooks) if (!signed(wh)) emit(wh.loc, `webhook '${wh.path}' (${wh.method.toUpperCase()})`, []);
  },
};
