import type { Rule } from '../../src/model/rule.js';
import type { ResponseSignal, Severity } from '../../src/model/types.js';
import { observedOps, plural } from '../lib/traffic.js';

const WHAT: Partial<Record<ResponseSignal['kind'], [string, Severity]>> = {
  'card-number': ['payment card numbers (Luhn-valid)', 'high'],
  'national-id': ['national identifiers (SSN, NINO, DNI…)', 'high'],
  iban: ['IBANs (checksum-valid)', 'medium'],
  email: ['e-mail addresses', 'low'],
  token: ['tokens (JWTs, access or refresh tokens)', 'high'],
  secret: ['secrets (passwords, keys)', 'high'],
};

export const rule: Rule = {
  meta: {
    id: 'api3-observed-sensitive-data',
    title: 'Responses carry secrets or personal data (observed)',
    description:
      'Response bodies seen in traffic contain payment card numbers (Luhn-checked, known card networks), national identifiers, IBANs (mod-97-checked), e-mail addresses, tokens or secrets. Exposing properties a client does not need is Broken Object Property Level Authorization; card data in clear also falls under PCI DSS. Only a sample of bodies is scanned, and what is found is reported redacted.',
    severity: 'high',
    owasp: ['API3:2023'],
    remediation:
      'Return only the properties the caller needs (response schemas with explicit properties, serializers that allow-list fields); mask card numbers (last four digits), never return passwords, secrets or other users\' tokens, and keep personal data behind scopes that say so.',
    confidence: 'medium',
    tests: { fail: [{ file: 'fail.har', pointer: '/log/entries/0/response/content' }], pass: ['pass.har'] },
  },
  check({ api, report }) {
    for (const op of observedOps(api)) {
      for (const s of op.traffic.signals) {
        const what = WHAT[s.kind];
        if (!what) continue;
        // Token endpoints and logins return tokens by design.
        if (s.kind === 'token' && op.public) continue;
        report({
          message: `${op.key}: responses carry ${what[0]} — ${plural(s.count, 'body', 'bodies')} of ${op.traffic.bodiesScanned} scanned, e.g. ${s.sample}`,
          loc: s.loc,
          severity: what[1],
          operations: [op.key],
          sensitive: true,
          key: s.kind,
        });
      }
    }
  },
};
