import type { Rule } from '../../src/model/rule.js';
import type { Credential } from '../../src/model/types.js';
import { ByLoc, configuredPostures, opsLabel } from '../lib/gateway.js';

export const rule: Rule = {
  meta: {
    id: 'api2-api-key-as-auth',
    title: 'Metering API key used as the only authentication',
    description:
      'The only credential the gateway requires is an API key meant for metering (API Gateway usage-plan keys). AWS advises against using these keys for authentication: they identify a client for quotas, are often shared or embedded in apps, and carry no user context.',
    severity: 'medium',
    owasp: ['API2:2023'],
    requirement: 'R2.1',
    remediation: 'Add an authorizer that authenticates callers (Cognito user pools or a JWT authorizer for your authorization server, or IAM) and keep the API key for usage plans only.',
    tests: { fail: [{ file: 'fail.yaml', pointer: '/securityDefinitions/api_key' }], pass: ['pass.yaml'] },
  },
  check({ api, report }) {
    const groups = new ByLoc<Credential>();
    for (const op of api.operations) {
      if (op.public) continue;
      for (const p of configuredPostures(op)) for (const alt of p.alternatives) if (alt.length && alt.every((c) => c.type === 'api-key' && c.meteringOnly)) groups.add(alt[0]!.loc, op, alt[0]!);
    }
    for (const { loc, ops, first } of groups.entries()) {
      report({ message: `${opsLabel(ops)}: ${first.detail ?? 'an API key'} is the only credential required`, loc, operations: ops });
    }
  },
};
