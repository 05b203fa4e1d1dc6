import type { Rule } from '../../src/model/rule.js';
import { observedOps } from '../lib/traffic.js';

/** Consecutive ids one client read through one operation above which it is reported. */
export const RUN = 20;

export const rule: Rule = {
  meta: {
    id: 'api1-observed-id-enumeration',
    title: 'One client read a run of sequential object ids (observed)',
    description:
      'Traffic shows one client (one credential, or no credential) reading 20 or more consecutive numeric object ids through the same operation, all answered 2xx. Sequential ids make objects guessable; a client walking them is what Broken Object Level Authorization exploitation looks like — unless every object really belongs to that client.',
    severity: 'medium',
    owasp: ['API1:2023'],
    remediation:
      'Check on every call that the object belongs to the caller (object-level authorization in the handler or a policy engine), use non-guessable ids (UUIDs) in URLs, and rate-limit and alert on id walking.',
    confidence: 'low',
    tests: { fail: [{ file: 'fail.har', pointer: '/log/entries/0' }], pass: ['pass.har'] },
  },
  check({ api, report }) {
    for (const op of observedOps(api)) {
      const e = op.traffic.enumeration;
      if (!e || e.longestRun < RUN) continue;
      report({
        message: `${op.key}: one client read ids ${e.from} to ${e.to} (${e.longestRun} consecutive, ${e.distinctIds} distinct), all answered 2xx`,
        loc: e.loc,
        operations: [op.key],
      });
    }
  },
};
