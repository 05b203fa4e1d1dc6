import type { Rule } from '../../src/model/rule.js';
import type { Evidence } from '../../src/model/types.js';

export const rule: Rule = {
  meta: {
    id: 'api2-secret-in-config',
    title: 'Credential written into the configuration',
    description:
      'An API key, password, HMAC or JWT secret, client secret or private key is written into the gateway configuration in clear. Everyone who can read the repository, the CI logs or a backup can use it, and it cannot be rotated without a config change. Only a short prefix and a hash are shown here.',
    severity: 'high',
    owasp: ['API2:2023', 'API8:2023'],
    remediation:
      'Move the value into a secret store and reference it (Kong vault references such as `{vault://env/NAME}`, decK environment variables `${{ env "DECK_NAME" }}`, CloudFormation dynamic references `{{resolve:secretsmanager:…}}`, Envoy SDS secrets or `filename`/`environment_variable` data sources instead of `inline_string`, Kubernetes Secrets kept out of the repository), then rotate it: it has been exposed.',
    tests: { fail: [{ file: 'fail.yaml', pointer: '/consumers/0/keyauth_credentials/0/key' }], pass: ['pass.yaml'] },
  },
  check({ api, report }) {
    const seen = new Set<string>();
    const all: Evidence[] = [...api.evidence, ...api.operations.flatMap((o) => o.evidence)];
    for (const e of all) {
      if (!e.secret) continue;
      const k = `${e.loc.file}#${e.loc.pointer}`;
      if (seen.has(k)) continue;
      seen.add(k);
      report({ message: `${e.secret.kind}${e.secret.owner ? ` of ${e.secret.owner}` : ''} is written into the config in clear (${e.secret.redacted})`, loc: e.loc, sensitive: true });
    }
  },
};
